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
