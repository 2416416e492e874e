"""What the PIN panels answer is in view where the keys were pressed, at 200 % on a
small screen.

Seen on the real app (1024×600, 200 %, Chinese): a wrong PIN at the gate cleared the
field and nothing else seemed to happen: "That PIN is not right. Try again in 1 s." was
written under the keypad, out of view. And after typing a new PIN twice and pressing
Enter, "✓ PIN saved" was written above the fields, scrolled out of view: did it save?
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from cipn_coach.settings.pin import hash_pin
from tests.ui.test_layout import settle
from tests.ui.windows import open_clinician_page
from ui.clinician.pin_panels import PIN_KEY

NOW = datetime(2026, 12, 1, 10, 30)
SMALL = (800, 420)  # the Clinician page's share of a 1024×600 screen
PIN_SECTION = 3


def in_view(widget: QWidget) -> bool:
    """``widget`` lies wholly inside the visible part of the scroll area around it."""
    area = widget.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_a_wrong_pin_says_so_in_view(qtbot, services):
    services.settings.set(PIN_KEY, hash_pin("2468"))
    page = open_clinician_page(
        qtbot, services, NOW, clock=lambda: 100.0, size=SMALL, text_scale=2.0
    )
    try:
        gate = page.gate
        assert page.is_locked()
        qtbot.keyClicks(gate.edit, "1111")
        qtbot.keyClick(gate.edit, Qt.Key.Key_Return)
        settle()
        assert "not right" in gate.message.text()
        assert in_view(gate.message)
    finally:
        QApplication.instance().setStyleSheet("")


def test_saving_a_pin_says_so_in_view(qtbot, services):
    page = open_clinician_page(qtbot, services, NOW, size=SMALL, text_scale=2.0)
    try:
        page.show_section(PIN_SECTION)
        setter = page.pin_setter
        setter.first.setFocus()
        qtbot.keyClicks(setter.first, "1357")
        qtbot.keyClick(setter.first, Qt.Key.Key_Tab)
        assert setter.second.hasFocus()
        qtbot.keyClicks(setter.second, "1357")
        qtbot.keyClick(setter.second, Qt.Key.Key_Return)
        settle()
        assert "PIN saved" in setter.status.text()
        assert in_view(setter.status)
        setter.remove_button.setFocus()
        qtbot.keyClick(setter.remove_button, Qt.Key.Key_Space)
        settle()
        assert "PIN removed" in setter.status.text()
        assert in_view(setter.status)
    finally:
        QApplication.instance().setStyleSheet("")
