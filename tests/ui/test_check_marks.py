"""A ticked box shows a tick, in every theme and text size.

Why: a ticked box was told from an empty one only by its fill (the accent colour on a
white box), which someone who sees little of colour or contrast may miss ("Speak the
instructions aloud", "Show archived routines", the safety checks before a session). A
tick adds a shape: pixels of the theme's ``on_accent`` colour inside the filled box.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

from ui.theme import THEMES, style_sheet

from .windows import show_window


def tick_pixels(box: QCheckBox, colour: str) -> int:
    """How many pixels of ``colour`` the drawn indicator of ``box`` holds."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab(indicator).toImage()
    wanted = QColor(colour)
    return sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if abs(image.pixelColor(x, y).lightness() - wanted.lightness()) < 40
        and abs(image.pixelColor(x, y).hue() - wanted.hue()) < 40
    )


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_ticked_box_shows_a_tick(qtbot, qapp, name, scale) -> None:
    theme = THEMES[name]
    qapp.setStyleSheet(style_sheet(theme, scale))
    try:
        ticked = QCheckBox("Speak the instructions aloud")
        ticked.setChecked(True)
        show_window(qtbot, ticked, size=None, activate=False)
        assert tick_pixels(ticked, theme.on_accent) >= 20
    finally:
        qapp.setStyleSheet("")
