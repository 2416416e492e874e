"""A grid of equal buttons that takes as many columns as fit its width.

Three choice buttons side by side read well at 100 % text; at 200 % beside the
navigation they would run off the page or be cut to "Pins and ne". The grid places
them again whenever its width changes, and tells its layout the height that needs
(height for width: placed by hand, since a layout inside would answer for it instead).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SPACING = 8


class FlowGrid(QWidget):
    def __init__(self, most_columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._most = most_columns
        self._items: list[QWidget] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        self._items.append(widget)
        self.updateGeometry()

    def _cell(self) -> QSize:
        width = max((w.sizeHint().width() for w in self._items), default=0)
        height = max((w.sizeHint().height() for w in self._items), default=0)
        return QSize(width, height)

    def _columns_for(self, width: int) -> int:
        fit = (width + SPACING) // max(1, self._cell().width() + SPACING)
        return max(1, min(self._most, fit, len(self._items) or 1))

    def _place(self) -> None:
        columns = self._columns_for(self.width())
        cell_height = self._cell().height()
        width = (self.width() - (columns - 1) * SPACING) // columns
        for i, widget in enumerate(self._items):
            row, column = divmod(i, columns)
            widget.setGeometry(column * (width + SPACING), row * (cell_height + SPACING),
                               width, cell_height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a child's text or style changed
            self.updateGeometry()
            self._place()
        return super().event(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        cell, columns = self._cell(), min(self._most, len(self._items) or 1)
        width = columns * cell.width() + (columns - 1) * SPACING
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._cell().width(), self._cell().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        rows = -(-len(self._items) // self._columns_for(width))
        return rows * self._cell().height() + max(0, rows - 1) * SPACING
