"""Date fields look like the app's other fields, in both themes.

Seen on the real app (Settings → Treatment, 1024×600 and 1366×768): the cycle day and
the end-of-treatment day were Qt's own grey boxes with square corners among white,
rounded fields, so they looked switched off, and in high contrast a grey box on black;
their edge was not the theme's either.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDateEdit

from ui.theme import THEMES, style_sheet

from .windows import show_window


def near(colour: QColor, wanted: str) -> bool:
    target = QColor(wanted)
    return all(
        abs(a - b) <= 24 for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_date_field_has_the_theme_field_colours(qtbot, qapp, name):
    theme = THEMES[name]
    qapp.setStyleSheet(style_sheet(theme, 1.0))
    try:
        edit = QDateEdit(QDate(2026, 12, 6))
        edit.setCalendarPopup(True)
        show_window(qtbot, edit, size=(320, 60), activate=False)
        image = edit.grab().toImage()
        middle = image.height() // 2
        edge = next(
            x for x in range(image.width()) if not near(image.pixelColor(x, middle), theme.window)
        )
        assert near(image.pixelColor(edge, middle), theme.muted), image.pixelColor(
            edge, middle
        ).name()
        inside = image.pixelColor(edge + 6, 6 + image.height() // 4)  # above the words
        assert near(inside, theme.surface), inside.name()
    finally:
        qapp.setStyleSheet("")
