"""Progress charts: symptoms, adherence and session effort, one day per x step.

Each chart takes plain Python data (dates, numbers, ``None`` for "no data") through
``set_data`` and never reads the database or aggregates: the numbers come from
``cipn_coach.reports.summary`` (``symptom_series``/``adherence_series`` only reshape its dict).
The same classes draw on the Progress screen and, through ``render_to``/``to_image``
(see ``DayChart``), in the PDF report, so the report shows exactly what the app shows.
Items are created once and updated in place (``setData``/``setOpts``): a refresh after
each check-in is cheap, and tests can hold on to the items. Over more than ``MANY_DAYS``
days (``dense``) a day is narrower than a marker, so daily markers and bar outlines give
way to faint thin lines, plain fills and small dots: calm to look at, and quick to draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from cipn_coach.i18n import N_, _, n_, p_
from ui.theme import CALM, Theme
from ui.widgets.chart_parts import Dots
from ui.widgets.day_chart import BASE_TEXT_PX, DayChart, day_words

PLOTTED = ("hands", "feet", "pain")
DESCRIBED = ("hands", "feet", "pain", "night")
NAMES = {"hands": N_("Hands"), "feet": N_("Feet"), "pain": N_("Pain"), "night": N_("Night")}
# the same, inside a sentence ("7-day average: hands 3.5, …")
NAMES_IN_LINE = {"hands": N_("hands"), "feet": N_("feet"), "pain": N_("pain"), "night": N_("night")}
SYMBOLS = {"hands": "o", "feet": "s", "pain": "t"}  # shape as well as colour tells them apart
# Okabe–Ito hues, darkened (calm) or lightened (high contrast) to ≥ 7:1 on the chart
# background, so they stay readable where they colour text; marker shapes repeat the cue.
SERIES_COLOURS = {
    "calm": {"hands": "#004488", "feet": "#7A3B00", "pain": "#8B2F6B"},
    "high_contrast": {"hands": "#8FD3FF", "feet": "#FFB07A", "pain": "#F5A3D0"},
}
SCALE_RANGE = (-0.3, 10.3)
DENSE_DAILY_ALPHA = 70  # of 255: dense daily lines are a faint band under the averages


def number(value: float | None, decimals: int | None = None) -> str:
    """'5', '5.2' or 'no data': one decimal is all a 0–10 rating needs. Averages pass
    ``decimals=1`` so '3.0' sits well next to '3.9'."""
    if value is None:
        return _("no data")
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{value:.{decimals}f}"


def nan_array(values: Sequence[float | None]) -> np.ndarray:
    """None becomes NaN, which ``connect='finite'`` draws as a gap, never as a zero
    (NumPy turns None into NaN itself when asked for floats, without a Python loop)."""
    return np.array(values, dtype=float).reshape(-1)


def _average_words(value: float | None) -> str:
    """A 7-day average, or why there is none (fewer than 4 of 7 days rated)."""
    return _("not enough days rated") if value is None else number(value, 1)


def _mix(colour: str, background: str, amount: float) -> QColor:
    """``colour`` laid over ``background`` at ``amount`` opacity, as one opaque colour:
    a see-through fill over a thousand thin bars is several times slower to paint."""
    a, b = QColor(colour), QColor(background)
    return QColor.fromRgbF(
        *(
            amount * x + (1 - amount) * y
            for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=False)
        )
    )


def _ordinals(days: Sequence[date]) -> np.ndarray:
    return np.array([d.toordinal() for d in days], dtype=float)


def symptom_series(summary: Mapping[str, Any]) -> dict[str, Any]:
    """``SymptomChart.set_data`` keyword arguments from a ``load_summary`` dict."""
    days = summary["days"]
    treatment = summary.get("treatment") or {}
    return {
        "days": [date.fromisoformat(d["date"]) for d in days],
        "values": {m: [d[m] for d in days] for m in DESCRIBED},
        "averages": {m: list(summary["rolling_7day"][m]) for m in DESCRIBED},
        "notes": [d["note"] for d in days],
        "threshold": float(summary["thresholds"]["evaluation_average"]),
        "cycles": [
            CycleMark(c["number"], date.fromisoformat(c["day"]), c["planned"])
            for c in treatment.get("cycles", ())
        ],
    }


@dataclass(frozen=True)
class CycleMark:
    """A chemotherapy cycle day drawn on the symptom chart (dashed while planned)."""

    number: int
    day: date
    planned: bool

    def words(self) -> str:
        if self.planned:
            return _("Chemotherapy cycle {number} (planned)").format(number=self.number)
        return _("Chemotherapy cycle {number}").format(number=self.number)


def adherence_series(summary: Mapping[str, Any]) -> dict[str, Any]:
    """``AdherenceChart.set_data`` keyword arguments from a ``load_summary`` dict."""
    by_day = summary["adherence"]["by_day"]
    return {
        "days": [date.fromisoformat(d["date"]) for d in by_day],
        **{k: [d[k] for d in by_day] for k in ("planned", "done", "partial", "open")},
    }


class SymptomChart(DayChart):
    """Hands, feet and pain per day (points and thin lines) with their 7-day averages
    (thick lines) over a shaded band above the evaluation threshold."""

    def __init__(
        self, theme: Theme = CALM, text_scale: float = 1.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Symptom chart"), theme, text_scale, parent)
        self.band = pg.LinearRegionItem(values=(4.0, 10.5), orientation="horizontal", movable=False)
        self.band.setZValue(-20)
        self.plot_item.addItem(self.band, ignoreBounds=True)
        self.daily: dict[str, pg.PlotDataItem] = {}
        self.average: dict[str, pg.PlotDataItem] = {}
        for m in PLOTTED:
            self.average[m] = pg.PlotDataItem(connect="finite", antialias=True)
            self.daily[m] = pg.PlotDataItem(connect="finite", symbol=SYMBOLS[m], antialias=True)
            for item in (self.average[m], self.daily[m]):
                self.plot_item.addItem(item)
            self.legend.addItem(self.daily[m], _(NAMES[m]))
        # legend samples only (never plotted): what a thick line and the shading mean
        self._average_sample = pg.PlotDataItem()
        self._band_sample = pg.PlotDataItem([0, 1], [0, 1], fillLevel=0)
        self.legend.addItem(self._average_sample, _("7-day average (thick line)"))
        self.legend.addItem(self._band_sample, _("Above {threshold}").format(threshold=number(4.0)))
        self.set_y_ticks(range(0, 11, 2))
        self._values: dict[str, list[float | None]] = {}
        self._averages: dict[str, list[float | None]] = {}
        self._notes: list[str | None] = []
        self._threshold = 4.0
        self._cycles: list[CycleMark] = []
        self.cycle_lines: list[pg.InfiniteLine] = []
        self._restyle()
        self.set_data([], {}, {})

    def _restyle_items(self) -> None:
        t = self._theme
        for m in PLOTTED:
            colour = SERIES_COLOURS.get(t.name, SERIES_COLOURS["calm"])[m]
            daily = self.daily[m]
            if self._dense:  # no marker per day: a faint thin line under the thick average
                faint = QColor(colour)
                faint.setAlpha(DENSE_DAILY_ALPHA)
                daily.setSymbol(None)
                daily.setPen(self._pen(faint, 1))
            else:
                daily.setSymbol(SYMBOLS[m])
                daily.setPen(self._pen(colour, 1.5))
                daily.setSymbolBrush(colour)
                daily.setSymbolPen(self._pen(t.surface, 1))
                daily.setSymbolSize(self._px(11))
            # dots sit on the average line; a dense band sits under it
            daily.setZValue(-1 if self._dense else 1)
            self.average[m].setPen(self._pen(colour, 5))
        # the legend shows each measure as it is drawn: a marker, or (dense) its thick line
        for (sample, _label), m in zip(self.legend.items, PLOTTED, strict=False):
            sample.item = self.average[m] if self._dense else self.daily[m]
            sample.update()
        band = QColor(t.caution)
        band.setAlpha(34 if t.name == "calm" else 70)
        self.band.setBrush(QBrush(band))
        self.band.lines[0].setPen(self._pen(t.caution, 2, Qt.PenStyle.DashLine))
        self.band.lines[1].setPen(pg.mkPen(None))
        self._average_sample.setPen(self._pen(t.text, 5))
        self._band_sample.setPen(self._pen(t.caution, 2, Qt.PenStyle.DashLine))
        self._band_sample.setFillBrush(QBrush(band))
        self._place_cycle_lines()  # in the theme's colour and the text size's line width

    def set_data(
        self,
        days: Sequence[date],
        values: Mapping[str, Sequence[float | None]],
        averages: Mapping[str, Sequence[float | None]],
        notes: Sequence[str | None] | None = None,
        threshold: float = 4.0,
        cycles: Sequence[CycleMark] = (),
    ) -> None:
        """One entry per calendar day in every list; ``None`` where a day has no value.

        ``values``/``averages`` hold hands, feet and pain (plotted) and may hold night
        (described only). A missing measure is drawn as all gaps. ``cycles``: the
        chemotherapy cycle days, drawn as upright lines where they fall in the period.
        """
        n = len(days)
        lists = {
            **{f"value {k}": v for k, v in values.items()},
            **{f"average {k}": v for k, v in averages.items()},
            "notes": notes or [None] * n,
        }
        wrong = [k for k, v in lists.items() if len(v) != n]
        if wrong:
            raise ValueError(f"{', '.join(wrong)}: need one entry per day ({n})")
        self._values = {m: list(values.get(m, [None] * n)) for m in DESCRIBED}
        self._averages = {m: list(averages.get(m, [None] * n)) for m in DESCRIBED}
        self._notes = list(notes or [None] * n)
        self._threshold = threshold
        shown = set(days)
        self._cycles = [c for c in cycles if c.day in shown]
        self._place_cycle_lines()
        self._show_days(days, SCALE_RANGE)

    def _place_cycle_lines(self) -> None:
        """One labelled upright line per cycle day in view (made anew: there are few)."""
        for line in self.cycle_lines:
            self.plot_item.removeItem(line)
        self.cycle_lines = []
        colour = self._theme.text
        for cycle in self._cycles:
            style = Qt.PenStyle.DashLine if cycle.planned else Qt.PenStyle.SolidLine
            line = pg.InfiniteLine(
                pos=cycle.day.toordinal(),
                angle=90,
                movable=False,
                pen=self._pen(colour, 2, style),
                label=_("Cycle {number}").format(number=cycle.number),
                labelOpts={"position": 0.95, "color": colour, "anchors": [(0, 0), (0, 0)]},
            )
            font = QFont()
            font.setPixelSize(self._px(BASE_TEXT_PX))
            line.label.setFont(font)
            line.setZValue(-10)
            self.plot_item.addItem(line, ignoreBounds=True)
            self.cycle_lines.append(line)

    def _draw(self) -> None:
        self._fit_density()
        x = _ordinals(self._days)
        # antialiasing a thick line of a thousand steps costs ~10 ms a paint; at a pixel
        # a day it smooths nothing the eye can see
        smooth = not self._dense
        for m in PLOTTED:
            pairs = ((self.daily[m], self._values[m]), (self.average[m], self._averages[m]))
            for item, ys in pairs:
                y = nan_array(ys)
                if np.isfinite(y).any():
                    item.setData(x, y, antialias=smooth)
                else:  # nothing to draw; pyqtgraph would warn "All-NaN slice" on every paint
                    item.setData(np.zeros(0), np.zeros(0), antialias=smooth)
        self.band.setRegion((self._threshold, 10.5))
        label = self.legend.items[-1][1]
        text = _("Above {threshold} (shaded)").format(threshold=number(self._threshold))
        if label.text != text:
            label.setText(text)  # a new text re-lays out the legend: only when it changes
        self._fit_range()

    def describe_day(self, index: int) -> str:
        lines = [day_words(self._days[index], long=True)]
        if all(self._values[m][index] is None for m in PLOTTED):
            lines.append(_("No check-in that day."))
        else:
            separator = p_("list separator", ", ")
            lines.append(
                separator.join(
                    _("{measure} {value}").format(
                        measure=_(NAMES[m]), value=number(self._values[m][index])
                    )
                    for m in DESCRIBED
                    if self._values[m][index] is not None
                )
            )
        if any(self._averages[m][index] is not None for m in PLOTTED):
            averages = p_("list separator", ", ").join(
                _("{measure} {value}").format(
                    measure=_(NAMES_IN_LINE[m]), value=_average_words(self._averages[m][index])
                )
                for m in PLOTTED
            )
            lines.append(_("7-day average: {averages}").format(averages=averages))
        if self._notes[index]:
            lines.append(_("Note: {note}").format(note=self._notes[index]))
        lines += [c.words() for c in self._cycles if c.day == self._days[index]]
        return "\n".join(lines)


class AdherenceChart(DayChart):
    """Sessions planned (outline; a pale fill when dense) and done (solid) per day; partly
    done ones hatched."""

    def __init__(
        self, theme: Theme = CALM, text_scale: float = 1.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Sessions chart"), theme, text_scale, parent)
        empty = {"x": np.zeros(0), "height": np.zeros(0), "width": 0.78}
        self.planned_bars = pg.BarGraphItem(**empty)
        self.done_bars = pg.BarGraphItem(**empty)  # completed sessions
        self.partial_bars = pg.BarGraphItem(**empty, y0=np.zeros(0))  # stacked above them
        for item, name in (
            (self.planned_bars, _("Planned")),
            (self.done_bars, _("Done")),
            (self.partial_bars, _("Partly done")),
        ):
            self.plot_item.addItem(item)
            self.legend.addItem(item, name)
        self._counts: dict[str, list[int]] = {}
        self._top = 1
        self._restyle()
        self.set_data([], [], [], [])

    def _restyle_items(self) -> None:
        t = self._theme
        hatch = QBrush(QColor(t.done), Qt.BrushStyle.BDiagPattern)
        if self._dense:  # bars a pixel or two wide: outlines would paint them all black
            self.planned_bars.setOpts(pen=None, brush=QBrush(_mix(t.muted, t.surface, 0.35)))
            self.done_bars.setOpts(pen=None, brush=QBrush(QColor(t.done)))
            self.partial_bars.setOpts(pen=None, brush=hatch)
        else:
            self.planned_bars.setOpts(pen=self._pen(t.text, 2, Qt.PenStyle.DashLine), brush=None)
            self.done_bars.setOpts(pen=self._pen(t.done, 1), brush=QBrush(QColor(t.done)))
            self.partial_bars.setOpts(pen=self._pen(t.done, 2), brush=hatch)
        # an outline stays visible over the filled bars; a pale fill goes under them
        self.planned_bars.setZValue(-1 if self._dense else 5)

    def set_data(
        self,
        days: Sequence[date],
        planned: Sequence[int],
        done: Sequence[int],
        partial: Sequence[int],
        open: Sequence[int] | None = None,
    ) -> None:
        """Per day: sessions planned, done (partial included, as the core counts them),
        partly done, and today's still open (described, not drawn)."""
        n = len(days)
        counts = {
            "planned": list(planned),
            "done": list(done),
            "partial": list(partial),
            "open": list(open) if open is not None else [0] * n,
        }
        wrong = [k for k, v in counts.items() if len(v) != n]
        if wrong:
            raise ValueError(f"{', '.join(wrong)}: need one entry per day ({n})")
        self._counts = counts
        self._top = max([1, *planned, *done])
        self._show_days(days, (0.0, self._top + 0.35))

    def _draw(self) -> None:
        self._fit_density()
        x = _ordinals(self._days)
        planned, done, partial = (
            np.array(self._counts[k], dtype=float) for k in ("planned", "done", "partial")
        )
        whole = done - partial
        # dense: bars a day wide touch, so they read as areas, not as a flicker of stripes
        width = 1.0 if self._dense else 0.78
        self.planned_bars.setOpts(x=x, height=planned, width=width)
        self.done_bars.setOpts(x=x, height=whole, width=width)
        self.partial_bars.setOpts(x=x, y0=whole, height=partial, width=width)
        self.set_y_ticks(range(0, self._top + 1))
        self._fit_range()

    def describe_day(self, index: int) -> str:
        c = {k: v[index] for k, v in self._counts.items()}
        text = n_(
            "{planned} session planned, {done} done",
            "{planned} sessions planned, {done} done",
            c["planned"],
        ).format(planned=c["planned"], done=c["done"])
        if c["partial"]:
            text += _(" ({partly} partly)").format(partly=c["partial"])
        if c["open"]:
            text += _("; {open} still to do today").format(open=c["open"])
        return f"{day_words(self._days[index], long=True)}\n{text}"


class EffortChart(DayChart):
    """How hard each session felt (0 very easy … 10 as hard as it gets), one point each."""

    def __init__(
        self, theme: Theme = CALM, text_scale: float = 1.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Session effort chart"), theme, text_scale, parent)
        self.points = Dots(symbol="o")
        self.plot_item.addItem(self.points)
        self.legend.addItem(self.points, _("Effort after a session (0 to 10)"))
        self.set_y_ticks(range(0, 11, 2))
        self._efforts: list[tuple[date, int | None]] = []
        self._rated: tuple[np.ndarray, np.ndarray] | None = None
        self._restyle()
        self.set_data([], [])

    def _restyle_items(self) -> None:
        t = self._theme
        if self._dense:  # many sessions a pixel apart: small see-through dots show where
            fill = QColor(t.accent)  # ratings gather instead of a solid wall of outlines
            fill.setAlpha(120)
            self.points.setPen(None)
            self.points.setBrush(fill)
            self.points.setSize(self._px(7))
        else:
            self.points.setPen(self._pen(t.surface, 1))
            self.points.setBrush(QColor(t.accent))
            self.points.setSize(self._px(12))

    def set_data(self, days: Sequence[date], efforts: Sequence[tuple[date, int | None]]) -> None:
        """``days``: the period shown; ``efforts``: (day, rating) per rated session.
        Ratings outside the days or missing (``None``) are left out. Several sessions on
        one day sit side by side so none hides another."""
        self._efforts = list(efforts)
        self._rated = None  # worked out when needed
        self._show_days(days, SCALE_RANGE)

    def _ratings(self) -> tuple[np.ndarray, np.ndarray]:
        """(day ordinals, ratings) of the rated sessions shown, by day, each day's in
        their given order. With NumPy: three years hold thousands of sessions."""
        if self._rated is None:
            rated = [(day, effort) for day, effort in self._efforts if effort is not None]
            ords = np.array([day.toordinal() for day, _ in rated], dtype=np.int64)
            values = np.array([effort for _, effort in rated], dtype=np.int64)
            shown = np.isin(ords, _ordinals(self._days).astype(np.int64))
            order = np.argsort(ords[shown], kind="stable")
            self._rated = ords[shown][order], values[shown][order]
        return self._rated

    def _draw(self) -> None:
        self._fit_density()
        ords, values = self._ratings()
        _, first, counts = np.unique(ords, return_index=True, return_counts=True)
        rank = np.arange(len(ords)) - np.repeat(first, counts)  # place within its day
        spread = (rank - (np.repeat(counts, counts) - 1) / 2) * 0.22
        self.points.setData(x=ords + spread, y=values.astype(float))
        self._fit_range()

    def describe_day(self, index: int) -> str:
        day = self._days[index].toordinal()
        ords, ratings = self._ratings()
        lo, hi = np.searchsorted(ords, [day, day + 1])
        values = [int(v) for v in ratings[lo:hi]]
        if not values:
            text = _("No rated session that day.")
        else:
            text = n_(
                "Effort {ratings} ({count} session)",
                "Effort {ratings} ({count} sessions)",
                len(values),
            ).format(ratings=", ".join(str(v) for v in values), count=len(values))
        return f"{day_words(self._days[index], long=True)}\n{text}"
