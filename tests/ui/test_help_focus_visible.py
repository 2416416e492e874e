"""Help's text shows when it has the keyboard focus.

Seen on the real app (X11, 1024×600, 200 %): in Help, Tab moves from Close to the text
(so that the arrow keys scroll it), and the focus ring vanished: Close lost its ring
and nothing else took one, so someone using the keyboard could not tell where they were
nor that the arrow keys now scroll the text.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui.pages.help import help_dialog
from ui.theme import THEMES, style_sheet

from .windows import show_window


def near(colour: QColor, wanted: str) -> bool:
    target = QColor(wanted)
    return all(
        abs(a - b) <= 24 for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_focused_help_text_has_the_focus_ring(qtbot, name):
    theme = THEMES[name]
    QApplication.instance().setStyleSheet(style_sheet(theme, 2.0))
    try:
        dialog = help_dialog()
        show_window(qtbot, dialog, size=(820, 560))
        dialog.scroll.setFocus()  # where Tab from Close goes
        qtbot.waitUntil(dialog.scroll.hasFocus)
        image = dialog.scroll.grab().toImage()
        edge = image.pixelColor(1, image.height() // 2)
        assert near(edge, theme.focus), edge.name()
    finally:
        QApplication.instance().setStyleSheet("")
