"""Issue 12 §2: the patient's name is set in Settings (and shown on the report)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from cipn_coach.services import open_services
from cipn_coach.settings.patient import read_profile
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)


def test_your_name_is_typed_and_saved(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        window.show_settings()
        field = window.settings_page.name
        assert field.accessibleName() and field.minimumHeight() >= 48
        field.setFocus()
        qtbot.keyClicks(field, "  Mary   O'Brien ")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert read_profile(services.settings).name == "Mary O'Brien"
        assert "Saved" in window.settings_page.saved.text()
        reopened = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(reopened)
        assert reopened.settings_page.name.text() == "Mary O'Brien"
    finally:
        services.close()
