"""A word-wrapped label that lays its text out once per width, not once per question.

Qt's layouts ask a word-wrapped label for its height at a given width many times in one
layout pass: the box layouts (preferred and minimum height), the scroll area around the
page, and again after each nested layout settles. Measured on the Progress page with 3
years of data: 5–15 questions per label at the same width, and QLabel lays the whole text
out afresh for each (text shaping is most of the page's layout time). The answer depends
only on the width, the text and the label's font and style, so it is remembered until one
of those changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    """A plain-text, word-wrapped ``QLabel`` with a height-for-width cache.

    Change the text through ``setText`` (``QLabel.setText`` is not virtual: a change made
    from C++ would not reach the cache; nothing in the app does that). Font, style sheet
    and other appearance changes arrive as change events and clear the cache.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # shown as typed: notes, names

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text != self.text():  # the same text again: no new layout pass at all
            self._heights.clear()
            super().setText(text)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802
        self._heights.clear()
        super().setWordWrap(on)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # font, style sheet (padding, margins), language, enabled state: any may change
        # how the text lays out, and they are rare
        self._heights.clear()
        super().changeEvent(event)
