"""An error in a slot is logged and shown once; the app keeps running."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from ui.crash_guard import CrashGuard


def test_error_in_a_slot_is_logged_and_shown(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    guard = CrashGuard(tmp_path / "logs", shown.append)
    monkeypatch.setattr(sys, "excepthook", guard.handle)

    def broken() -> None:
        raise ValueError("a deliberate test failure")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: guard.count == 1, timeout=2000)
    text = guard.path.read_text()
    assert "ValueError: a deliberate test failure" in text and "Traceback" in text
    assert len(shown) == 1 and str(guard.path) in shown[0]
    assert oct(guard.path.stat().st_mode & 0o777) == "0o600"


def test_the_message_never_says_everything_is_saved_while_writes_wait(qtbot, tmp_path):
    """A step still queued for the writer (e.g. the database is locked) is not saved yet."""
    shown: list[str] = []
    unsaved = [2]
    guard = CrashGuard(tmp_path / "logs", shown.append, unsaved=lambda: unsaved[0])
    guard.handle(ValueError, ValueError("while two steps wait"), None)
    assert "everything is saved" not in shown[0] and "still being saved" in shown[0]
    unsaved[0] = 0
    guard.handle(ValueError, ValueError("nothing waiting"), None)
    assert "everything is saved" in shown[1]


def test_the_log_folder_is_private_even_under_umask_000(tmp_path, monkeypatch):
    import os

    from ui.crash_guard import default_log_dir

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    old = os.umask(0)
    try:
        guard = CrashGuard(default_log_dir(), lambda _text: None)
    finally:
        os.umask(old)
    assert guard.path is not None and guard.path.parent.is_relative_to(tmp_path / "state")
    for folder in (guard.path.parent, tmp_path / "state" / "cipn-coach"):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder


def test_an_unusable_log_folder_logs_to_the_data_folder_instead(tmp_path, monkeypatch):
    """E.g. ~/.local/state owned by root after one sudo run: the app must still start."""
    from ui.crash_guard import default_log_dir

    (tmp_path / "state").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shown: list[str] = []
    guard = CrashGuard(default_log_dir(), shown.append, fallback_dir=tmp_path / "data")
    guard.handle(ValueError, ValueError("after the fallback"), None)
    assert guard.path == tmp_path / "data" / "logs" / "cipn-coach.log"
    assert "after the fallback" in guard.path.read_text() and str(guard.path) in shown[0]


def test_with_no_folder_at_all_it_logs_to_stderr(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    shown: list[str] = []
    guard = CrashGuard(blocker / "log", shown.append, fallback_dir=blocker / "data")
    guard.handle(ValueError, ValueError("nowhere to write"), None)
    assert guard.path is None
    assert "nowhere to write" in capsys.readouterr().err
    assert "error output" in shown[0]
