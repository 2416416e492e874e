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


def test_the_progress_page_shows_a_ring_when_tab_reaches_its_scrolling_area(qtbot, services):
    """Progress, read with keys, has the same stop: the page itself (the arrows and Page
    Down scroll it), which Tab reached with no ring to show it."""
    from datetime import datetime

    from tests.ui.windows import open_main_window

    window = open_main_window(qtbot, services, datetime(2026, 12, 6, 10, 0), size=(1024, 600))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    scroll = window._progress.scroll
    area = QRect(scroll.mapTo(window, QPoint(0, 0)), scroll.size())
    if scroll.hasFocus():  # the page may take the focus as it opens
        qtbot.keyClick(scroll, Qt.Key.Key_Tab)
    before = window.grab(area).toImage()
    for _step in range(40):  # Tab on until the page's own stop
        if scroll.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert scroll.hasFocus()
    after = window.grab(area).toImage()
    x, y = scroll.width() // 2, 1
    assert contrast_ratio(before.pixelColor(x, y).name(), after.pixelColor(x, y).name()) >= 3


def test_the_help_text_keeps_clear_of_its_ring(qtbot):
    """The words began at the text's very edge: with the ring round it, "Keys" and each
    bullet touched the ring's line."""
    QApplication.instance().setStyleSheet(style_sheet(CALM, 1.0))
    box = help_dialog()
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    image = box.text.grab().toImage()
    edge = [
        (x, y)
        for x in range(6)
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 128 and image.pixelColor(x, y).lightness() < 128
    ]
    assert edge == []
    box.close()
