"""A drop-down shows its chosen item whole, in both languages, at 200 % text.

At 200 % in Chinese on a 1024×600 screen, Settings cut the end of 「繁體中文（香港）」 under
the arrow. Two things made the field too narrow: the combo's size hints were those of
six characters, so the form kept the row beside its label and gave the field what was
left; and Qt's own "as wide as the items" measures an item by its ink (a full-width
closing bracket's ink is in the left half of its advance), not by the width the text
takes. The checks measure what the style draws: its edit field (inside the style
sheet's border and padding, left of the arrow) against the item's advance.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QWidget,
)

from ui.theme import CALM, MIN_TARGET_PX, style_sheet
from ui.widgets.drop_down import DropDown

from .windows import show_window

CHINESE_NAME = "繁體中文（香港）"  # ends in a full-width bracket, ink in its left half
UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture
def large_text(qapp):
    qapp.setStyleSheet(style_sheet(CALM, 2.0))
    yield
    qapp.setStyleSheet("")


def edit_field_width(combo: QComboBox) -> int:
    """Where the style draws the chosen item (and clips it)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def form_with(label: str, combo: QComboBox) -> QWidget:
    """A Settings-like row: a wide label beside the drop-down, wrapping when they do not
    fit side by side."""
    page = QWidget()
    form = QFormLayout(page)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.addRow(QLabel(label), combo)
    return page


def test_every_item_fits_when_chosen_even_ending_in_a_full_width_bracket(qtbot, large_text):
    combo = DropDown("Language", [("English", "en"), (CHINESE_NAME, "zh_HK")])
    page = form_with("語言 Language", combo)
    show_window(qtbot, page, (560, 300), activate=False)
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        QApplication.processEvents()
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        assert edit_field_width(combo) >= needed, combo.currentText()
    assert combo.height() >= MIN_TARGET_PX


def test_the_hints_leave_room_for_the_widest_item_however_it_is_inked(qtbot, large_text):
    """Qt's AdjustToContents measures ink: the bracket's empty half is left out."""
    combo = DropDown("Language", [(CHINESE_NAME, "zh_HK")])
    show_window(qtbot, combo, None, activate=False)
    combo.resize(combo.minimumSizeHint().width(), combo.height())
    QApplication.processEvents()
    assert edit_field_width(combo) >= combo.fontMetrics().horizontalAdvance(CHINESE_NAME)


def test_items_added_later_widen_the_hints(qtbot, large_text):
    """Settings fills the voice list when the speech engine has listed its voices."""
    combo = DropDown("Voice", [("Default voice", None)])
    show_window(qtbot, combo, None, activate=False)
    before = combo.minimumSizeHint().width()
    combo.addItem("粵語（廣東話）粵語（廣東話）", "yue")
    assert combo.minimumSizeHint().width() > before


def test_a_choice_wider_than_any_column_is_shortened_with_an_ellipsis_not_cut(qtbot, large_text):
    long_name = "Evening hands and feet with a warm foot soak and a long rest"
    combo = DropDown("Routine", [(long_name, "long")], widest_chars=12)
    show_window(qtbot, combo, None, activate=False)
    combo.resize(combo.minimumSizeHint().width(), combo.height())
    QApplication.processEvents()
    metrics = combo.fontMetrics()
    assert combo.minimumSizeHint().width() < metrics.horizontalAdvance(long_name)
    shown = combo.shown_text()
    assert shown.endswith("…") and long_name.startswith(shown[:-1])
    assert metrics.horizontalAdvance(shown) <= edit_field_width(combo)


def test_every_drop_down_of_the_app_is_a_drop_down():
    """A plain QComboBox would go back to Qt's hints (and cut text again)."""
    made_plain = [
        f"{path.relative_to(UI.parent)}:{number}"
        for path in UI.rglob("*.py")
        if path.name != "drop_down.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"QComboBox\(|\(QComboBox\)", line)
    ]
    assert made_plain == []


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_arrow_is_big_enough_to_see_that_the_list_opens(qtbot, qapp, scale) -> None:
    """Qt's arrow was a 7 px triangle beside text 20-40 px high: a reader with poor
    eyesight saw a box of text, not a list to open. The drawn chevron spans at least
    half the text's height, in the text's colour."""
    qapp.setStyleSheet(style_sheet(CALM, scale))
    try:
        combo = DropDown("Language", [("English", "en"), (CHINESE_NAME, "zh_HK")])
        show_window(qtbot, combo, size=None, activate=False)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        arrow = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, combo
        )
        image = combo.grab().toImage()
        ratio = image.width() / combo.width()
        inked = {
            x
            for x in range(int(arrow.left() * ratio), int((arrow.right() + 1) * ratio))
            for y in range(int(arrow.top() * ratio), int((arrow.bottom() + 1) * ratio))
            if image.pixelColor(x, y).lightness() < 100  # the text's colour, not the edge
        }
        assert len(inked) / ratio >= combo.fontMetrics().height() / 2
    finally:
        qapp.setStyleSheet("")


def test_a_drop_down_brings_its_own_big_rows(qtbot) -> None:
    """Its list's rows take the theme's ≥ 48 px from a styled delegate that the drop-down
    sets itself, from the start: the app-wide filter (``ui.widgets.app_filter``) is for
    Qt's own dialogs' drop-downs, and no longer walks every widget of the app to find the
    app's own."""
    drop = DropDown("Language", [("English", "en"), ("繁體中文（香港）", "zh_HK")])
    qtbot.addWidget(drop)
    assert type(drop.itemDelegate()) is QStyledItemDelegate
