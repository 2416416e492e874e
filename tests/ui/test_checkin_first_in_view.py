"""The check-in opens with the keyboard on its first question, hands: "type a number".
On a 1024×600 screen at 200 % text the page opened at its top (title, day, the day
buttons, the hints) and the hands question was below the fold: a 5 typed at once set
a rating nobody could see. The focused question is now scrolled into view."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 10, 0)


def test_the_focused_first_question_is_on_screen_when_the_check_in_opens(qtbot, services):
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    window.set_appearance("calm", 2.0)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.checkin
    qtbot.waitUntil(
        lambda: page.hands.hasFocus() or page.hands.isAncestorOf(QApplication.focusWidget())
    )
    focused = QApplication.focusWidget()
    qtbot.waitUntil(lambda: focused.visibleRegion().boundingRect().height() >= 48)
    qtbot.keyClick(focused, Qt.Key.Key_5)
    assert page.hands.value() == 5
    assert focused.visibleRegion().boundingRect().height() >= 48  # where the 5 shows
