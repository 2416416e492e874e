"""A test done on each leg shows both legs in words. The card said only the leg saved
last: after standing on the left leg for 8 seconds (6 the first time) and stopping the
right one for safety, Progress read "right leg: stopped for safety at 4 seconds" and
nothing of the left leg's better time, which the chart drew in a colour nobody named."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 10, 0)
SAVED = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_the_one_leg_card_tells_each_legs_latest_result(qtbot, services):
    tests = services.self_tests
    tests.add("single_leg_stance", date(2026, 11, 12), 6.0, SAVED, side="left")
    tests.add("single_leg_stance", date(2026, 12, 4), 8.0, SAVED, side="left")
    tests.add(
        "single_leg_stance", date(2026, 12, 4), 4.0, SAVED, side="right", stopped_for_safety=True
    )
    window = open_main_window(qtbot, services, NOW)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    cards = window._progress.selftests
    qtbot.waitUntil(lambda: len(cards.cards) == 1)
    words = cards.cards[0].words.text()
    assert "left leg: 8 seconds (first test: 6)" in words
    assert "right leg: stopped for safety at 4 seconds" in words


def test_the_chart_says_which_dots_are_which(qtbot, services):
    """The chart drew the legs in two colours, the first result ringed and a stop for
    safety hollow, and said none of it: a line under it now names each."""
    tests = services.self_tests
    tests.add("single_leg_stance", date(2026, 11, 12), 6.0, SAVED, side="left")
    tests.add(
        "single_leg_stance", date(2026, 12, 4), 4.0, SAVED, side="right", stopped_for_safety=True
    )
    tests.add("five_buttons", date(2026, 11, 15), 40.0, SAVED)
    window = open_main_window(qtbot, services, NOW)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    cards = window._progress.selftests
    qtbot.waitUntil(lambda: len(cards.cards) == 2)
    buttons, legs = (card.legend.text() for card in cards.cards)  # in the files' order
    assert "left leg" in legs and "right leg" in legs
    assert "ringed: the first result" in legs and "hollow: stopped for safety" in legs
    assert "left" not in buttons and "hollow" not in buttons  # only what the chart shows
    assert "ringed: the first result" in buttons
