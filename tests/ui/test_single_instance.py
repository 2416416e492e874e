"""A second launch on the same data folder never opens a second writer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def launch(data_dir: Path, home: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_RUNTIME_DIR=str(home), QT_LOGGING_RULES="*=false")
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_second_launch_brings_the_first_forward_and_exits(tmp_path):
    data = tmp_path / "data with spaces and ünïcode"
    first = launch(data, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (data / "cipn-coach.sqlite3").exists():  # the first app is fully up
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1.0)
        second = launch(data, tmp_path)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already open" in err and "brought forward" in err
        assert first.poll() is None  # the first app is untouched and still running
    finally:
        first.kill()
        first.wait()


def test_the_socket_is_in_the_users_runtime_folder_and_a_stale_one_is_replaced(
        qtbot, tmp_path, monkeypatch):
    """Not in /tmp (every crash left one there): in XDG_RUNTIME_DIR, else the data folder."""
    from PySide6.QtWidgets import QWidget

    from ui.single_instance import ShowRequests, ask_running_app_to_show, server_name

    data, runtime = tmp_path / "data", tmp_path / "run"
    data.mkdir()
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = Path(server_name(data))
    assert name.parent == runtime
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert Path(server_name(data)).parent == data
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name.write_text("left behind by a crashed run")  # a stale socket file
    owner = QWidget()
    qtbot.addWidget(owner)
    shown = []
    requests = ShowRequests(data, lambda: shown.append(1), owner)
    assert requests.listening
    assert ask_running_app_to_show(data)
    qtbot.waitUntil(lambda: shown == [1])
