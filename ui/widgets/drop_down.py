"""The app's drop-down: its chosen item is shown whole, whatever the language and size.

Qt's own size hints cut text in this app's drop-downs at 200 % (Chinese most of all):

- "as wide as N characters" (``AdjustToMinimumContentsLengthWithIcon``) lets a form keep
  the drop-down beside its label and squeeze it to what is left;
- "as wide as the items" (``AdjustToContents``) measures each item by its ink
  (``QFontMetrics.boundingRect``), while the text takes its advance: a full-width closing
  bracket （…） has its ink in the left half of its box, so 「繁體中文（香港）」 lost
  most of its last character under the arrow.

So a ``DropDown`` asks for room for the advance of its widest item, plus what the style
puts around the text (the style sheet's border and padding, the arrow), measured from the
style's own edit field. A form then puts the field under its label when the two do not
fit side by side. An item wider than ``widest_chars`` characters does not widen its page
beyond the screen: it is shortened with "…" instead of being cut mid-character (the list
shows it whole).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from ui.theme import MIN_TARGET_PX

NARROWEST_CHARS = 6  # an empty or short list still looks like a field
WIDEST_CHARS = 20  # in widths of "X", as Qt counts: 504 px in all at 200 %, fits 1024×600
ROUNDING_PX = 2  # advances are whole pixels, text is laid out in fractions of one: an
# item exactly as wide as its field was shortened ("Week by we…", X11, 200 %)
_PROBE_WIDTH = 1000  # wide enough that the style's edit field is all that varies


class DropDown(QComboBox):
    """A drop-down of (text, value) items, ≥ 48 px high, with an accessible name, as wide
    as its widest item needs (up to ``widest_chars``)."""

    def __init__(
        self,
        name: str,
        items: list[tuple[str, Any]] | None = None,
        widest_chars: int = WIDEST_CHARS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.widest_chars = widest_chars
        self.setAccessibleName(name)
        self.setMinimumHeight(MIN_TARGET_PX)
        # Qt's own delegate draws the list with ~32 px rows whatever the style sheet says;
        # a styled one takes the theme's ``::item { min-height }`` (see ui.widgets.combo_rows)
        self.setItemDelegate(QStyledItemDelegate(self))
        # Qt's width is only the floor: the hints below add the items' own
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(NARROWEST_CHARS)
        for text, data in items or []:
            self.addItem(text, data)
        # Qt asks the layout again only under AdjustToContents; these hints follow the items
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return hint.expandedTo(QSize(self._width_for_items(), hint.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return hint.expandedTo(QSize(self._width_for_items(), hint.height()))

    def shown_text(self) -> str:
        """The chosen item as drawn: whole, or shortened with "…" when the field is too
        narrow for it (an item wider than ``widest_chars``)."""
        return self.fontMetrics().elidedText(
            self.currentText(), Qt.TextElideMode.ElideRight, self._edit_field(self.rect()).width()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        """Qt's own painting (``QComboBox::paintEvent``), with the text shortened rather
        than clipped by the edit field."""
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        if self.currentIndex() < 0 and self.placeholderText():
            option.palette.setBrush(QPalette.ColorRole.ButtonText, option.palette.placeholderText())
            option.currentText = self.placeholderText()
        else:
            option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        self._draw_arrow(painter, option)

    def _draw_arrow(self, painter: QStylePainter, option: QStyleOptionComboBox) -> None:
        """A chevron as big as the text, in the text's colour: the style's own arrow
        was a 7 px triangle, too small to see that this is a list to open (the theme
        leaves its ``down-arrow`` empty for this)."""
        box = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        half = max(4, min(box.width(), self.fontMetrics().height()) // 4)
        middle = box.center()
        colour = self.palette().color(
            QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled,
            QPalette.ColorRole.Text,
        )
        pen = QPen(colour, max(2, half // 3))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawPolyline(
            [
                QPointF(middle.x() - half + 1, middle.y() - half / 2),
                QPointF(middle.x() + 1, middle.y() + half / 2),
                QPointF(middle.x() + half + 1, middle.y() - half / 2),
            ]
        )
        painter.restore()

    def _width_for_items(self) -> int:
        """The whole width the widest item needs: its advance (capped at
        ``widest_chars``) plus what the style draws around the edit field."""
        metrics = self.fontMetrics()
        texts = (self.itemText(index) for index in range(self.count()))
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        text = min(widest, self.widest_chars * metrics.horizontalAdvance("X")) + ROUNDING_PX
        probe = QRect(0, 0, _PROBE_WIDTH, max(self.height(), MIN_TARGET_PX))
        return text + _PROBE_WIDTH - self._edit_field(probe).width()

    def _edit_field(self, rect: QRect) -> QRect:
        """Where the style draws the chosen item in a drop-down of ``rect``."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.rect = rect
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
