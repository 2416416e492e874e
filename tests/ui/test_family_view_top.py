"""The family view opens at its top, where it says "Family view" and the day. Turning
it on from the View menu hid Start and the other buttons; the keyboard's focus moved on
down the page and the page scrolled after it, so a relative met the middle of the page
("This week: 15 of 17 sessions done.") with no heading to say where they were."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QScrollArea

from cipn_coach.cli.demo import fill_demo
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 8, 0)


def test_turning_the_family_view_on_shows_its_heading(qtbot, services):
    fill_demo(services, 28, NOW)
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    today = window.today
    qtbot.waitUntil(today.start_button.hasFocus)
    window.menus.family_action.trigger()  # View → Family view (read only)
    qtbot.waitUntil(lambda: today.heading.text() == "Family view")
    scroll = today.findChild(QScrollArea)
    assert scroll.verticalScrollBar().value() == 0
    assert today.heading.visibleRegion().boundingRect().height() == today.heading.height()
