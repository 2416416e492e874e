"""Progress never runs past the right edge. At 200 % text on a 1024×600 screen the
self-test buttons ("Start: 30-second chair stand") kept their words on one line, 613 px
wide, wider than the page: Progress grew a sideways scroll bar and the right of every
card and chart was cut off until one scrolled sideways. The buttons now wrap their
words, as Today's buttons do."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from cipn_coach.cli.demo import fill_demo
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 8, 0)


def test_progress_at_200_percent_on_1024x600_needs_no_sideways_scrolling(qtbot, services):
    fill_demo(services, 28, NOW)
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    window.set_appearance("calm", 2.0)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window._progress
    qtbot.waitUntil(lambda: page.selftests.buttons != {})
    sideways = page.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: sideways.maximum() == 0)  # once laid out at the new size
    button = page.selftests.buttons["chair_stand_30s"]
    assert button.accessibleName() == "Start the self-test: 30-second chair stand"
    assert button.height() >= 48
