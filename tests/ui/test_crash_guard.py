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
