"""A second launch on the same data folder never opens a second writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.single_instance import server_name

ROOT = Path(__file__).resolve().parents[2]


def launch(data_dir: Path, home: Path) -> subprocess.Popen:
    # XDG_RUNTIME_DIR: where the app puts its local socket, so the test can see it appear
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        TMPDIR=str(home),
        XDG_RUNTIME_DIR=str(home),
        QT_LOGGING_RULES="*=false",
    )
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_launch_brings_the_first_forward_and_exits(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "data with spaces and ünïcode"
    first = launch(data, tmp_path)
    try:
        # the first app is up once it listens for a second launch (its socket appears)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # as the app has it
        listening = Path(server_name(data))
        qtbot.waitUntil(lambda: listening.exists() or first.poll() is not None, timeout=60_000)
        assert first.poll() is None, first.stderr.read()
        second = launch(data, tmp_path)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already open" in err and "brought forward" in err
        assert first.poll() is None  # the first app is untouched and still running
    finally:
        first.kill()
        first.wait()


def test_the_socket_is_in_the_users_runtime_folder_and_a_stale_one_is_replaced(
    qtbot, tmp_path, monkeypatch
):
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
