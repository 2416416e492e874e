"""The big countdown ring: a thick arc for time left, a huge number in the middle.

Painted from values handed in on each tick; it owns no timer and keeps no count.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cipn_coach.i18n import _

WORDS_SHARE = 0.075  # of the ring's side: the words' size on a big ring
WORDS_WIDTH = 0.8  # of the ring's side: the words stay inside it
WORDS_SMALLEST_PX = 14


class CountdownRing(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 1.0
        self._big = ""
        self._small = ""
        self._track = QColor("#C9C4BA")
        self._arc = QColor("#1F4E79")
        self._text = QColor("#1B1F23")
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Time left"))

    def set_colors(self, track: str, arc: str, text: str) -> None:
        self._track, self._arc, self._text = QColor(track), QColor(arc), QColor(text)
        self.update()

    def set_values(self, fraction_left: float, big: str, small: str) -> None:
        fraction_left = min(1.0, max(0.0, fraction_left))
        if (fraction_left, big, small) == (self._fraction, self._big, self._small):
            return
        self._fraction, self._big, self._small = fraction_left, big, small
        self.setAccessibleDescription(f"{big} {small}".strip())
        self.update()

    @property
    def big_text(self) -> str:
        return self._big

    def count_side(self) -> int:
        """The ring's diameter in this widget."""
        return min(self.width(), self.height()) - 24

    def words_font(self, side: float) -> QFont:
        """The words under the count: as big as the page's own text (the reader chose
        its size), bigger on a big ring, and smaller only when they would not fit inside
        the ring (``WORDS_WIDTH`` of it)."""
        font = QFont(self.font())
        font.setBold(False)
        size = max(WORDS_SMALLEST_PX, int(side * WORDS_SHARE), QFontInfo(self.font()).pixelSize())
        font.setPixelSize(size)
        while size > WORDS_SMALLEST_PX and (
            QFontMetrics(font).horizontalAdvance(self._small) > side * WORDS_WIDTH
        ):
            size -= 1
            font.setPixelSize(size)
        return font

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt naming)
        side = self.count_side()
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        thickness = max(10.0, side / 14)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._track, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(rect)
        if self._fraction > 0:
            painter.setPen(
                QPen(self._arc, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawArc(rect, 90 * 16, int(-self._fraction * 360 * 16))
        painter.setPen(self._text)
        font = QFont(self.font())
        font.setPixelSize(int(side * (0.30 if len(self._big) <= 3 else 0.22)))
        font.setBold(True)
        painter.setFont(font)
        big_rect = QRectF(rect.left(), rect.top() + side * 0.18, side, side * 0.5)
        painter.drawText(big_rect, Qt.AlignmentFlag.AlignCenter, self._big)
        words = self.words_font(side)
        painter.setFont(words)
        words_height = max(side * 0.14, QFontMetrics(words).height())
        small_rect = QRectF(rect.left(), rect.top() + side * 0.64, side, words_height)
        painter.drawText(small_rect, Qt.AlignmentFlag.AlignCenter, self._small)
        painter.end()
