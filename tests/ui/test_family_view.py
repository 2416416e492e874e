"""The family view (issue 12 §4): the File menu shows only what works there, nothing on
Today speaks to the patient, and the view survives closing the app until it is left
properly (with the PIN when one is set).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QLabel

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.settings.pin import hash_pin
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)
FAMILY_KEY = "ui.family_view"


def make_window(qtbot, services) -> MainWindow:
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def file_menu(window: MainWindow):
    return window.menus.report_action.associatedObjects()[-1]


def test_file_menu_in_family_view_shows_only_what_works(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        window = make_window(qtbot, services)
        window.set_family(True)
        shown = [a for a in file_menu(window).actions() if a.isVisible() and not a.isSeparator()]
        assert [a.text() for a in shown if not a.isEnabled()] == []
        assert window.menus.report_action in shown and window.menus.print_action in shown
        assert not window.menus.import_action.isVisible()
        separators = [a for a in file_menu(window).actions() if a.isSeparator() and a.isVisible()]
        assert separators == []  # no line above nothing
        window.leave_family()
        assert window.menus.import_action.isVisible() and window.menus.import_action.isEnabled()
    finally:
        services.close()


def test_nothing_on_today_speaks_to_the_patient_in_family_view(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        values = CheckInValues.parse(
            {"hands": 3, "feet": 2, "pain": 1, "near_falls": 1, "unfelt_wound": True}
        )
        services.checkins.save(
            NOW.date(), values, datetime(2026, 11, 20, 17, tzinfo=UTC), today=NOW.date()
        )
        earlier = NOW.date() - timedelta(days=2)
        services.checkins.save(
            earlier,
            CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1, "near_falls": 1}),
            datetime(2026, 11, 18, 17, tzinfo=UTC),
            today=NOW.date(),
        )
        window = make_window(qtbot, services)
        window.set_family(True)
        # cards added to a shown page appear on the next turn of the event loop
        qtbot.waitUntil(
            lambda: window.today.flag_cards and all(c.isVisible() for c in window.today.flag_cards)
        )
        texts = [w.text() for w in window.today.findChildren(QLabel) if w.isVisible() and w.text()]
        assert texts
        speaking = [t for t in texts if re.search(r"\byou(r)?\b", t, re.IGNORECASE)]
        assert speaking == []
        assert any("check-in" in t.lower() for t in texts)  # still says it was rated
        cards = [c for c in window.today.flag_cards if c.isVisible()]
        assert len(cards) >= 2  # the flags are there, told about the patient
        assert any("near-falls" in c.text().lower() for c in cards)
        window.leave_family()
        assert "You can change it" in window.today.checkin_line.text()  # the patient's words back
    finally:
        services.close()


def test_family_view_survives_a_restart_until_left_with_the_pin(qtbot, tmp_path):
    folder = tmp_path / "data"
    services = open_services(folder)
    try:
        services.settings.set("clinician.pin_hash", hash_pin("2468"))
        window = make_window(qtbot, services)
        window.set_family(True)
        window.close()
    finally:
        services.close()
    services = open_services(folder)  # the app opened again
    try:
        assert services.settings.get(FAMILY_KEY) is True
        window = make_window(qtbot, services)
        assert window.family and not window.settings_nav.isVisible()
        assert window.today.start_button.isHidden()
        assert not window.leave_family("1111") and window.family
        window._pin_backoff.reset()
        assert window.leave_family("2468") and not window.family
        assert services.settings.get(FAMILY_KEY) is False
        window.close()
    finally:
        services.close()
    services = open_services(folder)
    try:
        assert not make_window(qtbot, services).family
    finally:
        services.close()
