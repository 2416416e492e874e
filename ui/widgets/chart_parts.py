"""Two small pyqtgraph adaptations the progress charts share, and the day wording.

``DayAxis`` labels ``date.toordinal()`` x values as local calendar days; ``LegendSample``
is a legend swatch that grows with the text size and ignores clicks.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter


def day_words(day: date, long: bool = False) -> str:
    """'Tue 10 Nov' (portable: no '%-d', which Windows lacks)."""
    return f"{day:%A} {day.day} {day:%B}" if long else f"{day:%a} {day.day} {day:%b}"


class DayAxis(pg.AxisItem):
    """An x axis whose values are ``date.toordinal()``: labels are local calendar days,
    spaced so they never overlap (daily, every 2 days, then weekly on Mondays)."""

    def tickValues(self, minVal: float, maxVal: float,
                   size: float) -> list[tuple[float, list[float]]]:
        first, last = max(1, math.ceil(minVal)), math.floor(maxVal)  # ordinal 1 = 1 Jan 1 AD
        if last < first:
            return []
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        label_px = metrics.horizontalAdvance("30 Sep") + 30  # room between labels
        fits = max(2, int(size // max(label_px, 1)))
        steps = (1, 2, 7, 14, 28, 56, 91, 182, 364)
        step = next((s for s in steps if (last - first) / s < fits), 728)
        start = first
        if step >= 7:  # weeks start on Monday, like the week cards
            start = first + (-date.fromordinal(first).weekday()) % 7
        major = [float(v) for v in range(start, last + 1, step)]
        minor = [float(v) for v in range(first, last + 1)] if step in (2, 7) else []
        return [(float(step), major), (1.0, minor)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        days = [date.fromordinal(round(v)) if v >= 1 else None for v in values]
        return [f"{d.day} {d:%b}" if d else "" for d in days]


class LegendSample(ItemSample):
    """A legend swatch sized with the text, which ignores clicks (pyqtgraph's would hide
    the curve, a surprise nobody asked for). Draws lines, symbols, bars and shaded bands."""

    def __init__(self, item: Any) -> None:
        super().__init__(item)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._size = (40.0, 20.0)

    def resize_to(self, height: float) -> None:
        self.prepareGeometryChange()
        self._size = (2 * height, height)
        self.setFixedWidth(2 * height)
        self.setFixedHeight(height)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, p: QPainter, *args: Any) -> None:
        item, (w, h) = self.item, self._size
        opts = item.opts
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if isinstance(item, pg.BarGraphItem):
            p.setPen(pg.mkPen(opts["pen"]))
            p.setBrush(pg.mkBrush(opts["brush"]))
            p.drawRect(QRectF(w * 0.25, 1, w * 0.5, h - 2))
            return
        if isinstance(item, pg.ScatterPlotItem):
            p.translate(w / 2, h / 2)
            drawSymbol(p, opts["symbol"], opts["size"], pg.mkPen(opts["pen"]),
                       pg.mkBrush(opts["brush"]))
            return
        if opts.get("fillLevel") is not None and opts.get("fillBrush") is not None:
            p.fillRect(QRectF(0, 1, w, h - 2), pg.mkBrush(opts["fillBrush"]))
            p.setPen(pg.mkPen(opts["pen"]))
            p.drawLine(QPointF(0, h - 1), QPointF(w, h - 1))
            return
        p.setPen(pg.mkPen(opts["pen"]))
        p.drawLine(QPointF(0, h / 2), QPointF(w, h / 2))
        if opts.get("symbol") is not None:
            so = item.scatter.opts
            p.translate(w / 2, h / 2)
            drawSymbol(p, opts["symbol"], so["size"], pg.mkPen(so["pen"]), pg.mkBrush(so["brush"]))

    def mouseClickEvent(self, event: Any) -> None:
        event.ignore()
