"""Every way in and out of the first start's welcome leaves the patient somewhere usable.

The welcome (and the first start's treatment question after it) hides the navigation:
its own two buttons lead on. A key pressed by accident must not strand the patient on a
page without the navigation (Ctrl+4 once opened Settings with it still hidden), nor
lose the welcome: the page keys and the family view rest while it is in view, Help and
About come back to it, Escape does nothing, and closing the app mid-welcome brings it
back at the next start until it is saved or skipped.

Real widgets driven by keys, a real SQLite file, a fixed clock.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from tests.core.factories import exercise, library, routine
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 7, 0)
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
PAGE_KEYS = [
    (Qt.Key.Key_1, CTRL),
    (Qt.Key.Key_2, CTRL),
    (Qt.Key.Key_3, CTRL),
    (Qt.Key.Key_4, CTRL),
    (Qt.Key.Key_5, CTRL),
    (Qt.Key.Key_Comma, CTRL),
    (Qt.Key.Key_T, ALT),  # the navigation's own letters, while it is hidden
    (Qt.Key.Key_C, ALT),
    (Qt.Key.Key_P, ALT),
    (Qt.Key.Key_S, ALT),
    (Qt.Key.Key_L, ALT),
]


@pytest.fixture
def window(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)  # the shipped routines
    window = open_main_window(qtbot, services, NOW)
    yield window
    services.close()


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, k, modifier)


def press(qtbot, widget, k=Qt.Key.Key_Space) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, k)


def assert_page_keys_rest(qtbot, window, page) -> None:
    for k, modifier in PAGE_KEYS:
        key(qtbot, window, k, modifier)
        assert window.pages.currentWidget() is page, (k, modifier)
        assert not window.nav.isVisible(), (k, modifier)


def test_page_keys_rest_while_the_welcome_is_in_view(qtbot, window):
    assert window.offer_welcome()
    assert_page_keys_rest(qtbot, window, window.welcome)
    assert window.welcome.isVisible() and window.focusWidget() is window.welcome.name
    assert window.services.settings.get("welcome.done") is not True  # still to be done
    press(qtbot, window.welcome.skip_button)  # its own way out: Today, with the navigation
    assert window.pages.currentWidget() is window.today and window.nav.isVisible()
    key(qtbot, window, Qt.Key.Key_4, CTRL)  # the keys work again, the navigation stays
    assert window.pages.currentWidget() is window.settings_page and window.nav.isVisible()


def test_page_keys_rest_on_the_first_start_question(qtbot, window):
    assert window.offer_welcome()
    press(qtbot, window.welcome.save_button, Qt.Key.Key_Return)
    question = window.treatment.start_page
    assert window.pages.currentWidget() is question
    assert_page_keys_rest(qtbot, window, question)
    assert not window.menus.family_action.isEnabled()
    press(qtbot, question.skip_button)
    assert window.pages.currentWidget() is window.today and window.nav.isVisible()
    assert window.menus.family_action.isEnabled()


def test_the_welcome_opened_again_from_help_rests_the_keys_too(qtbot, window):
    window.services.settings.set("welcome.done", True)  # done at an earlier start
    window.menus.welcome_action.trigger()
    assert window.pages.currentWidget() is window.welcome and not window.nav.isVisible()
    assert_page_keys_rest(qtbot, window, window.welcome)
    press(qtbot, window.welcome.save_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.today and window.nav.isVisible()


def test_escape_leaves_the_welcome_as_it_is(qtbot, window):
    assert window.offer_welcome()
    qtbot.keyClicks(window.welcome.name, "Mei")
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.welcome and not window.nav.isVisible()
    assert window.welcome.name.text() == "Mei"
    assert window.services.settings.get("welcome.done") is not True


def test_help_about_and_the_welcome_item_come_back_to_the_welcome(qtbot, window):
    assert window.offer_welcome()
    qtbot.keyClicks(window.welcome.name, "Mei Ling")
    key(qtbot, window, Qt.Key.Key_F1)  # Help, over the welcome
    box = window._info
    qtbot.waitExposed(box)
    assert "not on the welcome page" in box.text.text()  # why Ctrl+1 … 5 do nothing here
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    window.menus.about_action.trigger()
    box = window._info
    qtbot.waitExposed(box)
    press(qtbot, box.close_button)
    qtbot.waitUntil(lambda: not box.isVisible())
    window.menus.welcome_action.trigger()  # where the patient already is: nothing is lost
    assert window.pages.currentWidget() is window.welcome and not window.nav.isVisible()
    assert window.welcome.name.text() == "Mei Ling"
    assert window.focusWidget() is window.welcome.name


def test_the_family_view_waits_until_the_welcome_is_done(qtbot, window):
    assert window.offer_welcome()
    assert not window.menus.family_action.isEnabled()  # greyed, as during a session
    window.menus.family_action.trigger()  # even if triggered: nothing happens
    assert not window.family and window.services.settings.get("ui.family_view") is not True
    assert window.pages.currentWidget() is window.welcome
    press(qtbot, window.welcome.skip_button)
    assert window.menus.family_action.isEnabled()
    window.menus.family_action.trigger()
    assert window.family and window.pages.currentWidget() is window.today
    assert window.nav.isVisible()


def test_closing_mid_welcome_brings_it_back_until_it_is_done(qtbot, tmp_path):
    folder = tmp_path / "data"
    for start in range(3):
        services = open_services(folder, recover=True)
        window = open_main_window(qtbot, services, NOW)
        shown = window.offer_welcome()
        if start < 2:
            assert shown, start
            qtbot.keyClicks(window.welcome.name, "Mei")
            if start == 1:
                press(qtbot, window.welcome.skip_button)
        else:
            assert not shown and window.pages.currentWidget() is window.today
        window.close()
        services.close()


def test_an_import_during_the_welcome_shows_the_imported_details(qtbot, window, tmp_path):
    other = open_services(tmp_path / "other", recover=True)
    other.settings.set("patient.name", "Mei Ling")
    other.settings.set("session.morning_time", "07:30")
    other.exports.export_json(tmp_path / "backup.json")
    other.close()
    assert window.offer_welcome()
    window.menus.import_json(tmp_path / "backup.json", "empty")
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.name.text() == "Mei Ling"  # Save would not wipe it
    assert window.welcome.morning.value() == "07:30"


def session_window(qtbot, folder):
    lib = library(
        exercise("fingers", reps=1, seconds_per_rep=2, rest=0),
        routines=[routine("short", [{"exercise": "fingers"}])],
    )
    services = open_services(folder, library=lib, recover=True)
    services.settings.set("plan.routines", ["short"])
    services.settings.set("welcome.done", True)
    clock = FakeClock()
    return open_main_window(qtbot, services, NOW, clock=clock), services


def test_settings_by_key_from_the_rating_shows_the_navigation(qtbot, tmp_path):
    window, services = session_window(qtbot, tmp_path / "d")
    key(qtbot, window, Qt.Key.Key_Return)  # Start
    player = window.player
    key(qtbot, window, Qt.Key.Key_Escape)  # Stop (asks)
    qtbot.mouseClick(player.session.confirm_stop_button, Qt.MouseButton.LeftButton)
    assert player.rating.isVisible() and not window.nav.isVisible()
    key(qtbot, window, Qt.Key.Key_4, CTRL)  # the rating may be left like any page
    assert window.pages.currentWidget() is window.settings_page
    assert window.nav.isVisible()
    services.close()
