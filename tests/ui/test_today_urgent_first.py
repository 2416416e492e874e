"""A "contact your care team now" flag is the first thing Today shows under the date.
It sat at the foot of the page, under Start, both routines, the week, the check-in and
the self-test: on a 1024×600 screen two screens down, so after a fall the patient saw
"Start: Morning hands & feet" and not "please contact your care team today" (nor "do
the balance steps only with firm support"). The calmer "a check-up is recommended"
cards stay where they were, under the day's plan."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.cli.demo import fill_demo
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 8, 0)


def test_a_fall_today_is_in_view_as_today_opens_on_a_small_screen(qtbot, services):
    fill_demo(services, 20, NOW)  # two routines, a week, a check-up flag: a full page
    values = CheckInValues.parse({"hands": 7, "feet": 6, "pain": 4, "falls": 1})
    services.checkins.save(
        NOW.date(), values, datetime(2026, 12, 6, 7, tzinfo=UTC), today=NOW.date()
    )
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    today = window.today
    urgent = [c for c in today.flag_cards if c.accessibleName().startswith("Please contact")]
    assert len(urgent) == 1
    qtbot.waitUntil(lambda: not urgent[0].visibleRegion().isEmpty())
    card, start = urgent[0], today.start_button
    assert (
        card.mapTo(today, card.rect().topLeft()).y()
        < start.mapTo(today, start.rect().topLeft()).y()
    )
