"""Issue 14 §1: Settings → Language, chosen with the keyboard, saved at once, used from
the next start (the page says so), and read at that start without SQLAlchemy."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from cipn_coach import i18n
from cipn_coach.cli import commands as cli
from cipn_coach.services import open_services
from cipn_coach.settings import preferences as prefs
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)


def test_the_language_is_chosen_by_keys_saved_and_used_at_the_next_start(qtbot, tmp_path):
    data = tmp_path / "data"
    services = open_services(data)
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.show()
        window.show_settings()
        page = window.settings_page
        combo = page.language
        assert combo.accessibleName() and combo.minimumHeight() >= 48
        assert [combo.itemText(i) for i in range(combo.count())] == ["English", "繁體中文（香港）"]
        assert combo.currentData() == "en" and not page.language_note.isVisible()
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert prefs.Preferences(services.settings).get(prefs.LANGUAGE) == "zh_HK"
        assert page.language_note.isVisible()
        note = page.language_note.text()
        assert "重新啟動" in note and "Restart CIPN Coach to switch language." in note
        assert "Saved" in page.saved.text()
        reopened = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(reopened)
        assert reopened.settings_page.language.currentData() == "zh_HK"
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # back to the language it runs in: no note
        assert prefs.Preferences(services.settings).get(prefs.LANGUAGE) == "en"
        assert not page.language_note.isVisible()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    finally:
        services.close()
    # the next start (any command, or the app) reads the choice before anything else
    assert cli.apply_language(cli.parse_args(["--data-dir", str(data)])) == i18n.CHINESE_HK
    assert cli.apply_language(cli.parse_args(["--data-dir", str(data), "--lang", "en"])) == "en"
