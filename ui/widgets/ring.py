"""The big countdown ring: a thick arc for time left, a huge number in the middle.

Painted from values handed in on each tick; it owns no timer and keeps no count.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cipn_coach.i18n import _


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

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt naming)
        side = min(self.width(), self.height()) - 24
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
        font.setPixelSize(max(14, int(side * 0.075)))
        font.setBold(False)
        painter.setFont(font)
        small_rect = QRectF(rect.left(), rect.top() + side * 0.64, side, side * 0.14)
        painter.drawText(small_rect, Qt.AlignmentFlag.AlignCenter, self._small)
        painter.end()
