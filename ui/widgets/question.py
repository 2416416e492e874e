"""A big tick box beside words that wrap: used by the check-in, Settings and the safety
check. Its own module so that pages sharing it do not import each other (Settings must
not load the Check-in page, which is built only when first visited)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from ui.theme import MIN_TARGET_PX


class Question(QWidget):
    """A big tick box beside a wrapped question (QCheckBox text never wraps, and would be
    cut off at large text sizes); clicking the words ticks it too."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.box.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.words = QLabel(text)
        self.words.setWordWrap(True)
        layout.addWidget(self.words, 1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
