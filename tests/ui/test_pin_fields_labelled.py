"""The two new-PIN fields say what they are for, whole, at every text size.

Seen on the real app (1024×600, 100 %, English and Chinese): the fields' only words were
their placeholders, cut to "New PIN, 4–8 di…" and "The same PIN a…" (「新 PIN，4–8位…」),
and a placeholder goes the moment a digit is typed, so with both fields masked nobody
could tell which one was which. Each field now has a visible label beside or above it.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from tests.ui.test_layout import settle
from tests.ui.windows import open_clinician_page

NOW = datetime(2026, 12, 1, 10, 30)
PIN_SECTION = 3


def whole_text(widget: QLabel | QLineEdit, text: str) -> bool:
    """``text`` fits on one line in ``widget`` (a label may wrap: then it is whole)."""
    if isinstance(widget, QLabel) and widget.wordWrap():
        return True
    room = widget.contentsRect().width()
    if isinstance(widget, QLineEdit):
        room -= 20  # the style sheet's padding, 10 px each side
    return widget.fontMetrics().horizontalAdvance(text) <= room


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_each_new_pin_field_has_a_whole_visible_label(qtbot, services, scale):
    page = open_clinician_page(qtbot, services, NOW, size=(780, 560), text_scale=scale)
    page.show_section(PIN_SECTION)
    settle()
    try:
        labels = {
            label.buddy(): label
            for label in page.pin_setter.findChildren(QLabel)
            if label.buddy() is not None and label.isVisible()
        }
        for field in (page.pin_setter.first, page.pin_setter.second):
            label = labels.get(field)
            assert label is not None, field.accessibleName()
            assert label.text() and whole_text(label, label.text()), label.text()
            if field.placeholderText():
                assert whole_text(field, field.placeholderText()), field.placeholderText()
    finally:
        QApplication.instance().setStyleSheet("")
