"""Family view is read only; the File menu's work (report, exports, import) is real."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QPushButton

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.settings.pin import hash_pin
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)


def make_window(qtbot, folder):
    services = open_services(folder, recover=True)
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    return window, services


def visible_buttons(widget):
    return [b for b in widget.findChildren(QPushButton) if b.isVisible()]


def test_family_view_hides_every_way_to_start_or_edit(qtbot, tmp_path):
    window, services = make_window(qtbot, tmp_path / "data")
    try:
        window.set_family(True)
        assert window.family and window.menus.family_action.isChecked()
        assert not window.checkin_nav.isVisible() and not window.settings_nav.isVisible()
        assert [b.accessibleName() for b in visible_buttons(window.today)] == []
        assert not window.menus.import_action.isEnabled()
        assert window.menus.report_action.isEnabled()  # reading and printing stay
        for blocked in (window.show_checkin, window.show_settings, window.show_clinician):
            blocked()
            assert window.pages.currentWidget() is window.today
        window.show_progress()
        assert window.pages.currentWidget() is window.progress
        assert window.leave_family()  # no PIN set: a deliberate menu action is enough
        assert window.settings_nav.isVisible() and not window.today.start_button.isHidden()
    finally:
        services.close()


def test_leaving_family_view_needs_the_pin_and_backs_off(qtbot, tmp_path):
    window, services = make_window(qtbot, tmp_path / "data")
    try:
        services.settings.set("clinician.pin_hash", hash_pin("2468"))
        window.set_family(True)
        assert not window.leave_family("1111")
        assert "try again in 1 s" in window.today.notice.text()
        assert not window.leave_family("2468")  # still inside the back-off: refused
        assert window.family
        window._pin_backoff.reset()
        assert window.leave_family("2468") and not window.family
    finally:
        services.close()


def test_file_menu_report_and_backup_round_trip(qtbot, tmp_path):
    window, services = make_window(qtbot, tmp_path / "data")
    try:
        values = CheckInValues.parse({"hands": 5, "feet": 6, "pain": 3, "note": "cold morning"})
        services.checkins.save(
            NOW.date(), values, datetime(2026, 11, 20, 17, tzinfo=UTC), today=NOW.date()
        )
        pdf = tmp_path / "report.pdf"
        window.menus.export_report(pdf, NOW.date() - timedelta(days=13), NOW.date())
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "cold morning" in text
        backup = tmp_path / "backup.json"
        assert "1 check-in " in window.menus.export_json(backup)  # singular: issue 12 §6
        assert json.loads(backup.read_text())["format"] == "cipn-coach-backup"
        assert "1 check-in," in window.menus.export_csv(tmp_path / "tables")
    finally:
        services.close()
    fresh, fresh_services = make_window(qtbot, tmp_path / "fresh")
    try:
        fresh.menus.import_json(backup, "empty")
        row = fresh_services.checkins.get(NOW.date())
        assert row is not None and row.note == "cold morning"
    finally:
        fresh_services.close()
