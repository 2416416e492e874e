"""Small pyqtgraph adaptations the progress charts share, the day wording, and when a
period counts as long (``MANY_DAYS``).

``DayAxis`` labels ``date.toordinal()`` x values as local calendar days; ``LegendSample``
is a legend swatch that grows with the text size and ignores clicks (``legend_columns``
wraps the entries to the width); ``Dots`` is a scatter whose points share one style,
set up without a per-point Python loop.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter

from cipn_coach.formatting import day_long, day_month, day_short

# Over more days than this (about 3 months) a day is narrower than a marker on a screen-wide
# chart: markers and outlines would pile into a wall, so the charts switch to a plainer
# "dense" look (``DayChart.dense``) that stays readable and costs far less to draw.
MANY_DAYS = 92


def is_dense(n_days: int) -> bool:
    """Whether ``n_days`` days are drawn in the dense look."""
    return n_days > MANY_DAYS


def day_words(day: date, long: bool = False) -> str:
    """'Tue 10 Nov' / 'Tuesday 10 November', in the app's language (formatting's CLDR
    patterns, not strftime, whose words follow the computer's locale)."""
    return day_long(day) if long else day_short(day)


class DayAxis(pg.AxisItem):
    """An x axis whose values are ``date.toordinal()``: labels are local calendar days,
    spaced so they never overlap (daily, every 2 days, then weekly on Mondays)."""

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        first, last = max(1, math.ceil(minVal)), math.floor(maxVal)  # ordinal 1 = 1 Jan 1 AD
        if last < first:
            return []
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        label_px = (
            metrics.horizontalAdvance(day_month(date(2026, 9, 30))) + 30
        )  # room between labels
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
        return [day_month(d) if d else "" for d in days]


def legend_columns(legend: pg.LegendItem, room: float) -> int:
    """As many legend entries per row as fit ``room`` pixels (large text wraps to rows)."""
    preferred = Qt.SizeHint.PreferredSize
    entries = [
        sample.boundingRect().width() + label.effectiveSizeHint(preferred).width()
        for sample, label in legend.items
    ]
    spacing = legend.layout.horizontalSpacing()
    for n in range(len(entries), 1, -1):  # entries fill rows left to right
        widths = [max(entries[j::n]) for j in range(n)]
        if sum(widths) + spacing * (2 * n - 1) <= room:
            return n
    return 1


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
            drawSymbol(
                p, opts["symbol"], opts["size"], pg.mkPen(opts["pen"]), pg.mkBrush(opts["brush"])
            )
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


class Dots(pg.ScatterPlotItem):
    """A scatter plot whose points all take the item's own symbol, size, pen and brush.

    ``ScatterPlotItem.updateSpots`` looks every point's style up in its symbol atlas one
    by one in Python (a few µs a point: ~10 ms for the 2,000+ sessions of 3 years, on
    every refresh). When no point has a style of its own, as here, they all share one
    atlas entry: it is looked up once and given to every point. Anything else (per-point
    styles, no symbol cache) takes pyqtgraph's own path, so the drawing is the same.
    """

    def updateSpots(self, dataSet: Any = None) -> None:  # noqa: N802 (pyqtgraph's name)
        data = self.data if dataSet is None else dataSet
        if not (self.opts["pxMode"] and self.opts["useCache"] and self._shared_style(data)):
            super().updateSpots(dataSet)
            return
        todo = data["sourceRect"]["w"] == 0
        if todo.any():
            style = (self.opts["symbol"], self.opts["size"], self.opts["pen"], self.opts["brush"])
            data["sourceRect"][todo] = tuple(self.fragmentAtlas[[style]][0])
            self._maybeRebuildAtlas()
            self.invalidate()
        self._updateMaxSpotSizes(data=data)

    def _shared_style(self, data: Any) -> bool:
        """True when no point overrides the item's style (pyqtgraph's defaults: size -1,
        None elsewhere) and hovering does not restyle points."""
        return (
            not self.opts.get("hoverable")
            and bool(np.all(data["size"] == -1))
            and all(bool(np.equal(data[k], None).all()) for k in ("symbol", "pen", "brush"))
        )
