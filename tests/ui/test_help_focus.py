"""Help's scrolling text takes the keyboard focus (Tab from Close; then the arrows and
Page Down scroll it), but nothing showed that it had: Close lost its ring and no ring appeared
anywhere, so someone driving the app with keys could not tell where they were. The
text now shows the same focus ring as the buttons, and keeps its place when it does."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from cipn_coach.contrast import contrast_ratio
from ui.pages.help import help_dialog
from ui.theme import CALM, style_sheet


def test_tab_from_close_shows_a_ring_on_the_help_text(qtbot):
    QApplication.instance().setStyleSheet(style_sheet(CALM, 1.0))
    screen = QWidget()
    qtbot.addWidget(screen)
    screen.resize(1024, 600)
    screen.show()
    box = help_dialog(screen)
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(box.close_button.hasFocus)
    text = box.scroll  # the scrolling text: what Tab reaches
    area = QRect(text.mapTo(box, QPoint(0, 0)), text.size())
    before, size = box.grab(area).toImage(), text.sizeHint()
    qtbot.keyClick(box.close_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(text.hasFocus)
    after = box.grab(area).toImage()
    x, y = text.width() // 2, 1  # the top edge, where a ring is drawn
    ratio = contrast_ratio(before.pixelColor(x, y).name(), after.pixelColor(x, y).name())
    assert ratio >= 3
    assert text.sizeHint() == size  # nothing moves when focus arrives
    box.close()
