"""The check-in page driven like a patient would: keyboard only, then a real database.

The page never touches storage; a tiny harness here plays the window's part (save through
``CheckInRepository``, call ``show_saved``/``show_error``) so the whole loop is tested.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from cipn_coach.checkin.schema import CheckInValues, PainKind
from cipn_coach.errors import CheckInError
from cipn_coach.services import open_services
from ui.pages.checkin import CheckInPage
from ui.theme import CALM, MIN_TARGET_PX, style_sheet
from ui.widgets.scale import ZeroToTen

TODAY = date(2026, 11, 21)  # a Saturday
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
SAVED_AT = NOW.astimezone().strftime("%H:%M")  # the page shows local time

EXPECTED = CheckInValues(
    hands=3,
    feet=5,
    pain=6,
    pain_kinds=(PainKind.BURNING, PainKind.PINS_AND_NEEDLES),
    night=2,
    woke_me=True,
    dropped=True,
    stumbled=True,
    falls=1,
    near_falls=2,
    note="sore at night",
)


@pytest.fixture
def page(qtbot):
    page = CheckInPage()
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.load(TODAY, TODAY, None)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def harness(page, tmp_path):
    """What the main window does: save through the repository, report back to the page."""
    services = open_services(tmp_path / "data")

    def save(day: date, values: CheckInValues) -> None:
        try:
            row = services.checkins.save(day, values, NOW, today=TODAY).row
        except CheckInError as exc:
            page.show_error(str(exc))
        else:
            page.show_saved(row)

    page.save_requested.connect(save)
    page.day_requested.connect(lambda day: page.load(day, TODAY, services.checkins.get(day)))
    yield services
    services.close()


def key(qtbot, k, times: int = 1) -> None:
    """Press a key where the keyboard focus is, as a real keyboard would."""
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), k)


SPACE = Qt.Key.Key_Space
# (Tab presses first, then the key), in the order the questions appear on screen.
KEYBOARD_SCRIPT: list[tuple[int, str | Qt.Key]] = [
    (0, "3"),  # hands (the form opens with focus there)
    (1, "5"),  # feet
    (1, "6"),  # pain
    (1, SPACE),  # burning
    (2, SPACE),  # pins and needles (past stabbing)
    (3, "2"),  # night (past electric, tight)
    (1, SPACE),  # woke me up
    (2, SPACE),  # dropped (past cold)
    (3, SPACE),  # stumbled (past fine tasks, wall)
    (4, SPACE),  # falls "+" (past the two red flags and falls "−")
    (1, "2"),  # near-falls: the count typed as a digit
    (2, ""),  # on to the note (past near-falls "+")
]


def enter_check_in_by_keyboard(qtbot, page: CheckInPage) -> None:
    """Tab, digits, Space and Enter only."""
    assert page.hands.hasFocus(), "a fresh form starts on the first question"
    for tabs, k in KEYBOARD_SCRIPT:
        key(qtbot, Qt.Key.Key_Tab, tabs)
        if k:
            key(qtbot, k)
    assert QApplication.focusWidget() is page.note
    qtbot.keyClicks(page.note, "sore at night")
    key(qtbot, Qt.Key.Key_Return)


def test_keyboard_only_check_in_emits_the_values(qtbot, page):
    emitted: list[tuple[date, CheckInValues]] = []
    page.save_requested.connect(lambda day, values: emitted.append((day, values)))
    enter_check_in_by_keyboard(qtbot, page)
    assert emitted == [(TODAY, EXPECTED)]  # once: Enter in the note does not save twice


def test_enter_on_a_scale_saves(qtbot, page):
    with qtbot.waitSignal(page.save_requested) as sent:
        for tabs, k in [(0, "3"), (1, "4"), (1, "5")]:
            key(qtbot, Qt.Key.Key_Tab, tabs)
            key(qtbot, k)
        key(qtbot, Qt.Key.Key_Left)  # pain 5 -> 4; focus stays on the pain scale
        assert page.pain.hasFocus()
        key(qtbot, Qt.Key.Key_Enter)
    assert sent.args[1] == CheckInValues(hands=3, feet=4, pain=4)


def test_saved_to_a_real_database_and_shown(qtbot, page, harness):
    with qtbot.waitSignal(page.saved) as saved:
        enter_check_in_by_keyboard(qtbot, page)
    assert saved.args == [TODAY]
    row = harness.checkins.get(TODAY)
    assert row is not None and row.values() == EXPECTED and row.version == 1
    assert page.status.text() == f"✓ Saved at {SAVED_AT}"


def test_editing_a_day_refills_the_form_and_keeps_history(qtbot, page, harness):
    enter_check_in_by_keyboard(qtbot, page)
    page.load(TODAY, TODAY, harness.checkins.get(TODAY))
    assert page.values_data() == {**EXPECTED.model_dump(), "note": "sore at night"}
    assert page.already_label.isVisible()
    assert page.already_label.text() == (
        f"You already rated this day at {SAVED_AT}; saving "
        "keeps the earlier answers in the history."
    )
    page.hands.setFocus()
    key(qtbot, "7")
    key(qtbot, Qt.Key.Key_Return)
    assert harness.checkins.get(TODAY).hands == 7
    assert harness.checkins.get(TODAY).version == 2
    history = harness.checkins.history(TODAY)
    assert len(history) == 1 and history[0].hands == 3
    assert page.status.text().startswith("✓ Saved")


def test_day_buttons_never_go_past_today_and_a_past_day_loads_empty(qtbot, page, harness):
    enter_check_in_by_keyboard(qtbot, page)
    assert not page.next_button.isEnabled()
    assert page.day_label.text() == "Today, Saturday 21 November"
    page.prev_button.setFocus()
    with qtbot.waitSignal(page.day_requested) as asked:
        key(qtbot, Qt.Key.Key_Space)
    assert asked.args == [TODAY - timedelta(days=1)]
    assert page.day_label.text() == "Yesterday, Friday 20 November"
    assert page.next_button.isEnabled() and not page.already_label.isVisible()
    assert page.values_data()["hands"] is None and page.values_data()["falls"] == 0
    assert not any(page.values_data()[f] for f in ("woke_me", "dropped", "stumbled"))
    assert page.note.text() == ""
    page.next_button.click()
    assert page.day_label.text().startswith("Today") and page.hands.value() == 3
    with pytest.raises(CheckInError):
        page.load(TODAY + timedelta(days=1), TODAY, None)


def test_missing_rating_is_named_and_nothing_is_sent(qtbot, page):
    sent: list[object] = []
    page.save_requested.connect(lambda *args: sent.append(args))
    for tabs, k in [(0, "2"), (1, "2")]:  # hands, feet; pain left out
        key(qtbot, Qt.Key.Key_Tab, tabs)
        key(qtbot, k)
    key(qtbot, Qt.Key.Key_Return)
    assert sent == []
    assert "pain" in page.status.text() and page.status.property("role") == "flag"
    assert page.pain.hasFocus()  # the cursor is where the answer is missing
    page.show_error("near_falls must be a whole number 0–50, not 99")
    assert page.near_falls.minus.hasFocus()


def test_tab_order_follows_the_screen(qtbot, page):
    page.load(TODAY - timedelta(days=3), TODAY, None)  # Next day enabled: one more stop
    page.prev_button.setFocus()
    stops = [QApplication.focusWidget()]
    while stops[-1] is not page.save_button:
        key(qtbot, Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
        assert len(stops) < 40
    expected: list[QWidget] = [page.prev_button, page.next_button]
    expected += [s.buttons[0] for s in (page.hands, page.feet, page.pain)]
    expected += list(page.kind_buttons.values()) + [page.night.buttons[0]]
    expected += [q.box for q in page.questions.values()]
    expected += [page.falls.minus, page.falls.plus, page.near_falls.minus, page.near_falls.plus]
    assert stops == expected + [page.note, page.save_button]
    tops = [w.mapTo(page, w.rect().topLeft()).y() for w in stops[2:-1]]
    assert tops == sorted(tops)  # top to bottom (Save sits in the fixed bar below)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_big_targets_names_and_nothing_clipped(qtbot, page, scale):
    page.setStyleSheet(style_sheet(CALM, scale))
    page.load(TODAY - timedelta(days=1), TODAY, None)
    qtbot.wait(50)
    buttons = page.findChildren(QAbstractButton)
    assert len(buttons) > 50
    small = [
        b.accessibleName()
        for b in buttons
        if b.height() < MIN_TARGET_PX or b.width() < MIN_TARGET_PX
    ]
    assert small == []
    interactive = buttons + page.findChildren(QLineEdit) + page.findChildren(ZeroToTen)
    assert [w for w in interactive if not w.accessibleName().strip()] == []
    body = page.scroll.widget()
    assert body.minimumSizeHint().width() <= page.scroll.viewport().width()
    assert all(b.width() >= b.minimumSizeHint().width() for b in buttons)


def test_mouse_needs_one_plain_click_per_answer(qtbot, page):
    """No drag, no double-click: one click on a number, on a question's words, on +."""
    qtbot.mouseClick(page.feet.buttons[7], Qt.MouseButton.LeftButton)
    question = page.questions["held_wall"]
    middle = QPoint(question.width() // 2, question.height() // 2)  # on the words, not the box
    words = question.childAt(middle)
    assert isinstance(words, QLabel)  # the click lands on the words and reaches the row
    qtbot.mouseClick(words, Qt.MouseButton.LeftButton, pos=words.mapFrom(question, middle))
    qtbot.mouseClick(page.near_falls.plus, Qt.MouseButton.LeftButton)
    data = page.values_data()
    assert (data["feet"], data["held_wall"], data["near_falls"]) == (7, True, 1)


def test_status_box_is_styled_for_each_state(qtbot, page, harness):
    """Saved and error states get their boxed style (padding too, not just colour)."""
    page.setStyleSheet(style_sheet(CALM))
    page.show_error("Please choose a number from 0 to 10 for pain.", "pain")
    assert page.status.property("role") == "flag" and page.status.contentsMargins().left() > 0
    page.pain.set_value(1)  # a change replaces the stale message with a plain hint
    assert page.status.property("role") == "muted" and page.status.contentsMargins().left() == 0
    page.hands.set_value(1)
    page.feet.set_value(1)
    page.save_button.click()
    assert page.status.property("role") == "caption" and page.status.text().startswith("✓ Saved")
    assert page.status.contentsMargins().left() > 0


def test_saving_a_past_day_says_which_day_it_was_saved_for(qtbot, page, harness):
    """Not "Saved on Saturday 21 November" (the day of saving): the day it is for."""
    page.load(TODAY - timedelta(days=2), TODAY, None)
    for tabs, k in [(0, "3"), (1, "4"), (1, "5")]:
        key(qtbot, Qt.Key.Key_Tab, tabs)
        key(qtbot, k)
    with qtbot.waitSignal(page.saved):
        key(qtbot, Qt.Key.Key_Enter)
    assert page.status.text() == "✓ Saved for Thursday 19 November"


def test_the_note_is_a_box_of_several_lines_that_can_be_reread(qtbot, page):
    page.note.setText("first line")
    qtbot.keyClick(page.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.note, "second line")
    assert page.note.text() == "first line\nsecond line"
    line = page.note.fontMetrics().lineSpacing()
    assert page.note.height() >= 3 * line  # three lines in view, not one


def test_editing_a_day_keeps_its_weekly_daily_life_answers(qtbot, page, harness):
    """The weekly answers (given on the command line, or on the day they were asked)
    survive an edit of that day's ratings: the form must not blank what it did not ask."""
    harness.checkins.save(
        TODAY,
        CheckInValues(hands=3, feet=4, pain=1, daily_tasks_harder=True, self_care_harder=False),
        NOW,
        today=TODAY,
    )
    page.load(TODAY, TODAY, harness.checkins.get(TODAY))
    page.hands.setFocus()
    key(qtbot, "6")
    with qtbot.waitSignal(page.saved):
        key(qtbot, Qt.Key.Key_Return)
    row = harness.checkins.get(TODAY)
    assert (row.hands, row.version) == (6, 2)
    assert (row.daily_tasks_harder, row.self_care_harder) == (True, False)
