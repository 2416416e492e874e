"""A small chart of one self-test over time: the results as dots, the reference band
shaded (when the test has one for this patient), and the first result marked.

Painted with QPainter from values handed in; a handful of points needs no plotting
library. Results stopped for safety are hollow dots: shown, never hidden, but apart.
The whole chart is also told in words (``accessibleDescription``) for a screen reader.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cipn_coach.formatting import day_month, number
from cipn_coach.i18n import _, p_
from cipn_coach.selftests.library import Band
from cipn_coach.selftests.words import side_word

Point = tuple[date, float, str | None, bool]  # day, value, side, stopped for safety
SIDE_COLOURS = {None: "#1F4E79", "left": "#1F4E79", "right": "#8A4B08"}


class SelfTestChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[Point] = []
        self._band: Band | None = None
        self._unit = ""
        self._band_colour = QColor("#CFE3D0")
        self._ink = QColor("#1B1F23")
        self._grid = QColor("#C9C4BA")
        self.setMinimumSize(280, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Self-test chart"))

    def sizeHint(self) -> QSize:
        return QSize(420, max(180, self.fontMetrics().height() * 9))

    def set_colors(self, band: str, ink: str, grid: str) -> None:
        self._band_colour, self._ink, self._grid = QColor(band), QColor(ink), QColor(grid)
        self.update()

    def set_data(self, points: list[Point], band: Band | None, unit: str) -> None:
        self._points, self._band, self._unit = sorted(points, key=lambda p: p[0]), band, unit
        self.setAccessibleDescription(self.describe())
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def describe(self) -> str:
        """The chart in words: each result, and the band."""
        parts = []
        for day, value, side, stopped in self._points:
            value_words = _("{value} {unit}").format(value=number(value), unit=self._unit)
            if side:
                value_words = _("{value} ({side})").format(value=value_words, side=side_word(side))
            if stopped:
                value_words = _("{value}, stopped for safety").format(value=value_words)
            parts.append(_("{day}: {value}").format(day=day_month(day), value=value_words))
        if self._band is not None:
            parts.append(_("shaded: the reference band ({band})").format(band=self._band_range()))
        return p_("clause separator", "; ").join(parts)

    def _band_range(self) -> str:
        band = self._band
        assert band is not None
        if band.low is not None and band.high is not None:
            return _("{low}–{high} {unit}").format(
                low=number(band.low), high=number(band.high), unit=self._unit
            )
        if band.high is not None:
            return _("{high} {unit} or less").format(high=number(band.high), unit=self._unit)
        return _("{low} {unit} or more").format(low=number(band.low or 0), unit=self._unit)

    def _value_range(self) -> tuple[float, float]:
        values = [p[1] for p in self._points]
        if self._band is not None:
            values += [v for v in (self._band.low, self._band.high) if v is not None]
        low, high = min(values + [0.0]), max(values + [1.0])
        return low, high + (high - low) * 0.1

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("0000") + 12
        bottom = metrics.height() + 10
        radius = max(5.0, metrics.height() / 3)
        ring = radius * 1.9 + 2  # the first result's ring, with its pen
        # room above for the top number and a ring at the top: neither is cut off
        top = max(metrics.height() / 2, ring) + 2
        plot = QRectF(
            left,
            top,
            max(10.0, self.width() - left - 16),
            max(10.0, self.height() - bottom - 8 - top),
        )
        low, high = self._value_range()

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        if self._band is not None:  # the band, shaded across the whole width
            top = y_of(self._band.high) if self._band.high is not None else plot.top()
            base = y_of(self._band.low) if self._band.low is not None else plot.bottom()
            painter.fillRect(QRectF(plot.left(), top, plot.width(), base - top), self._band_colour)
        painter.setPen(QPen(self._grid, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(self._ink)
        for value in (low, high):
            painter.drawText(
                QRectF(0, y_of(value) - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                number(value, 0),
            )
        if not self._points:
            painter.end()
            return
        first_day, last_day = self._points[0][0], self._points[-1][0]
        span = max(1, (last_day - first_day).days)

        def x_of(day: date) -> float:
            if first_day == last_day:
                return plot.center().x()
            inset = ring + 4  # a ring never reaches over the axis and its numbers
            return plot.left() + inset + (day - first_day).days / span * (plot.width() - 2 * inset)

        for day, align in (
            (first_day, Qt.AlignmentFlag.AlignLeft),
            (last_day, Qt.AlignmentFlag.AlignRight),
        ):
            painter.drawText(
                QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height()),
                align,
                day_month(day),
            )
        first_seen: set[str | None] = set()
        for day, value, side, stopped in self._points:
            centre = QPointF(x_of(day), y_of(value))
            colour = QColor(SIDE_COLOURS.get(side, SIDE_COLOURS[None]))
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush if stopped else colour)
            painter.drawEllipse(centre, radius, radius)
            if side not in first_seen and not stopped:  # the first result: ringed
                first_seen.add(side)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, radius * 1.9, radius * 1.9)
        painter.end()
