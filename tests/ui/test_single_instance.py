"""A second launch on the same data folder never opens a second writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.single_instance import server_name

ROOT = Path(__file__).resolve().parents[2]


def launch(data_dir: Path, home: Path) -> subprocess.Popen:
    # TMPDIR: where Qt puts the app's local socket, so the test can see it appear
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), TMPDIR=str(home),
               XDG_RUNTIME_DIR=str(home), QT_LOGGING_RULES="*=false")
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_second_launch_brings_the_first_forward_and_exits(qtbot, tmp_path):
    data = tmp_path / "data with spaces and ünïcode"
    first = launch(data, tmp_path)
    try:
        # the first app is up once it listens for a second launch (its socket appears)
        listening = tmp_path / server_name(data)
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
