"""Lists, tables and multi-line fields in the theme's own colours, in both themes.

Seen on screenshots of the Clinician page: the chosen routine was marked in Qt's own
mid blue with white words (about 3.6:1, far under the 7:1 the rest of the app keeps),
the same in the high-contrast theme, where nothing else is blue; and in high contrast
the routine's description field, the "When" list and the week-by-week table had no
visible edge at all (black on black): a field nobody can find is a field nobody fills.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui.theme import HIGH_CONTRAST, THEMES, style_sheet

from .windows import show_window


def near(colour: QColor, wanted: str) -> bool:
    target = QColor(wanted)
    return all(
        abs(a - b) <= 24
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (target.red(), target.green(), target.blue()),
            strict=True,
        )
    )


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_chosen_row_is_marked_in_the_theme_accent(qtbot, qapp, name):
    theme = THEMES[name]
    qapp.setStyleSheet(style_sheet(theme, 1.0))
    try:
        routines = QListWidget()
        routines.addItems(["Morning hands & feet", "Balance builder", "Evening"])
        routines.setCurrentRow(1)
        show_window(qtbot, routines, size=(420, 240))
        routines.setFocus()
        row = routines.visualItemRect(routines.item(1))
        image = routines.viewport().grab().toImage()
        spot = image.pixelColor(row.right() - 6, row.center().y())  # past the words
        assert near(spot, theme.accent), spot.name()
    finally:
        qapp.setStyleSheet("")


def test_every_list_table_and_text_field_has_a_visible_edge_in_high_contrast(qtbot, qapp):
    qapp.setStyleSheet(style_sheet(HIGH_CONTRAST, 1.0))
    try:
        box = QWidget()
        layout = QVBoxLayout(box)
        name = QLineEdit()  # where the focus is: every field below shows its plain edge
        layout.addWidget(name)
        fields = [QPlainTextEdit(), QListWidget(), QTableWidget(2, 2)]
        for field in fields:
            layout.addWidget(field)
        show_window(qtbot, box, size=(420, 600))
        name.setFocus()
        qtbot.waitUntil(name.hasFocus)
        for field in fields:
            image = field.grab().toImage()
            edge = image.pixelColor(1, image.height() // 2)
            assert near(edge, HIGH_CONTRAST.muted), (type(field).__name__, edge.name())
        fields[0].setFocus()
        qtbot.waitUntil(fields[0].hasFocus)
        image = fields[0].grab().toImage()
        assert near(image.pixelColor(1, image.height() // 2), HIGH_CONTRAST.focus)
    finally:
        qapp.setStyleSheet("")
