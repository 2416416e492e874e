"""Layouts that reflow instead of clipping: a row of buttons that wraps onto more lines,
and two panels that sit side by side when there is room and one above the other when not.

A plain QHBoxLayout inside a scroll area that may not scroll sideways squeezes its
buttons below their text ("dd tim") or pushes them past the right edge; these give
the width back to the window, whatever the screen and the text size.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the next one does not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(
            0, len(self._visible()) - 1
        )
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as the widest single item: the rest wraps. An item whose words wrap
        (a yes/no question) counts at its narrowest, its longest word, not at its
        preferred width: otherwise the row, and the page holding it, could never be
        narrower than that item's comfortable line (Settings ran under its scroll bar at
        200 %)."""
        size = QSize()
        for item in self._visible():
            narrowest = item.minimumSize()
            if not item.hasHeightForWidth():  # a button: never below its words
                narrowest = narrowest.expandedTo(item.sizeHint())
            size = size.expandedTo(narrowest)
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in lines within ``rect`` (when ``move``); returns the height.
        Each item sits in the middle of its line's height: a word beside a taller field
        reads on the field's line, not above it."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        placed: list[tuple[QLayoutItem, QRect]] = []  # the current line's items

        def end_line() -> None:
            for item, box in placed:
                item.setGeometry(box.translated(0, (line - box.height()) // 2))
            placed.clear()

        visible = self._visible()
        for item in visible:
            hint = item.sizeHint()
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            if x > area.x() and x + width > area.right() + 1:
                if move:
                    end_line()
                x, y, line = area.x(), y + line + self._spacing, 0
            if item is visible[-1] and item.hasHeightForWidth() and area.width() > 0:
                # words that end the row take the rest of their line, not Qt's guess of a
                # comfortable width: Progress's period broke in half the page's width
                width = max(width, area.right() + 1 - x)
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if move:
                placed.append((item, QRect(QPoint(x, y), QSize(width, height))))
            x += width + self._spacing
            line = max(line, height)
        if move:
            end_line()
        return y + line - rect.y() + margins.bottom()


def wrapped_height(sizes: Sequence[QSize], width: int, spacing: int) -> int:
    """The height of items of ``sizes`` laid out as ``FlowLayout`` lays out items of a
    fixed height (buttons), wrapping at ``width``: for asking how a set of items would
    wrap before showing them (the Clinician header chooses its form by it)."""
    x = y = line = 0
    for size in sizes:
        if x and x + size.width() > width:
            x, y, line = 0, y + line + spacing, 0
        x += size.width() + spacing
        line = max(line, size.height())
    return y + line


class FlowRow(QWidget):
    """The holder of a wrapping row. A class of its own because the style sheet paints
    the window's colour behind a plain ``QWidget`` (never behind a subclass): a row in a
    white card (a step's rule) showed a grey band behind its field and unit."""


def flow(*widgets: QWidget, spacing: int = 8) -> QWidget:
    """A widget holding ``widgets`` in a wrapping row."""
    holder = FlowRow()
    layout = FlowLayout(holder, spacing)
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


class SideBySide(QWidget):
    """Two panels beside each other when both fit at their minimum width, else stacked.

    ``first_stretch``/``second_stretch`` share the width when side by side; ``align``
    lines them up then (a title and its subtitle: on the baseline side, the bottom).
    """

    def __init__(
        self,
        first: QWidget,
        second: QWidget,
        first_stretch: int = 1,
        second_stretch: int = 1,
        spacing: int = 32,
        parent: QWidget | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop,
    ) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        self._align = align
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        # the box must not pin this widget at both panels' width: it may stack instead
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.box.addWidget(first, first_stretch, align)
        self.box.addWidget(second, second_stretch, align)
        self._stacked = False
        self._set_stacked(True)  # narrow until told the width

    def needed_width(self) -> int:
        """The width below which the panels go one above the other."""
        return (
            self.first.minimumSizeHint().width()
            + self.second.minimumSizeHint().width()
            + self.box.spacing()
        )

    def is_stacked(self) -> bool:
        return self._stacked

    def _set_stacked(self, stacked: bool) -> None:
        if stacked == self._stacked:
            return
        self._stacked = stacked
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        for panel in (self.first, self.second):
            self.box.setAlignment(panel, Qt.AlignmentFlag(0) if stacked else self._align)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Only as wide as the wider panel: stacking is always possible."""
        hint = super().minimumSizeHint()
        width = max(self.first.minimumSizeHint().width(), self.second.minimumSizeHint().width())
        return QSize(width, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._set_stacked(event.size().width() < self.needed_width())
        super().resizeEvent(event)
