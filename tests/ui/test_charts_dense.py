"""The progress charts over long periods (the "dense" look), the effort chart's layout of
sessions, the one-style scatter and the wrapped label's height cache.

Synthetic data, no database: each test builds the chart it needs.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel

from ui.theme import CALM
from ui.widgets.chart_parts import Dots
from ui.widgets.charts import PLOTTED, SYMBOLS, AdherenceChart, EffortChart, SymptomChart
from ui.widgets.day_chart import MANY_DAYS
from ui.widgets.wrapped_label import WrappedLabel

LAST = date(2026, 11, 20)


def days_back(n: int) -> list[date]:
    return [LAST - timedelta(days=n - 1 - i) for i in range(n)]


def symptom_data(n: int) -> dict[str, Any]:
    """Every 5th day unrated (None), averages only from day 7 on."""
    values = {
        m: [None if i % 5 == 0 else (i + k) % 11 for i in range(n)] for k, m in enumerate(PLOTTED)
    }
    averages = {m: [None if i < 6 else 4.5 + k for i in range(n)] for k, m in enumerate(PLOTTED)}
    return {"days": days_back(n), "values": values, "averages": averages}


@pytest.fixture
def symptoms(qtbot: Any) -> SymptomChart:
    chart = SymptomChart()
    qtbot.addWidget(chart)
    return chart


def legend_items(chart: SymptomChart) -> list[Any]:
    return [sample.item for sample, _ in chart.legend.items[: len(PLOTTED)]]


def test_over_many_days_the_daily_ratings_lose_their_markers_and_keep_their_gaps(symptoms):
    n = MANY_DAYS + 1
    data = symptom_data(n)
    symptoms.set_data(**data)
    assert symptoms.dense
    for m in PLOTTED:
        daily, average = symptoms.daily[m], symptoms.average[m]
        assert daily.opts["symbol"] is None  # no marker per day: a thin pale line
        x, y = daily.getData()
        assert len(x) == len(y) == n
        assert all(math.isnan(y[i]) for i in range(0, n, 5))  # gaps, never zeros
        np.testing.assert_array_equal(y[1:5], [float(v) for v in data["values"][m][1:5]])
        assert daily.opts["pen"].color().alpha() < 255
        assert daily.opts["pen"].widthF() < average.opts["pen"].widthF()
        assert daily.zValue() < average.zValue()  # the trend line stays on top
    # the legend shows each measure as drawn: its thick line
    assert legend_items(symptoms) == [symptoms.average[m] for m in PLOTTED]


def test_back_to_a_few_weeks_the_markers_return(symptoms):
    symptoms.set_data(**symptom_data(MANY_DAYS + 30))
    symptoms.set_data(**symptom_data(28))
    assert not symptoms.dense
    for m in PLOTTED:
        assert symptoms.daily[m].opts["symbol"] == SYMBOLS[m]
        assert symptoms.daily[m].opts["pen"].color().alpha() == 255
        assert symptoms.daily[m].zValue() > symptoms.average[m].zValue()  # dots on the line
        assert len(symptoms.daily[m].getData()[0]) == 28
    assert legend_items(symptoms) == [symptoms.daily[m] for m in PLOTTED]
    assert MANY_DAYS >= 28  # the 2- and 4-week views keep their dots


def test_dense_days_can_still_be_read_one_by_one(qtbot, symptoms):
    symptoms.set_data(**symptom_data(MANY_DAYS + 8))
    symptoms.show()
    qtbot.waitExposed(symptoms)
    symptoms.setFocus()
    qtbot.waitUntil(symptoms.hasFocus)
    qtbot.keyClick(symptoms, Qt.Key.Key_Home)
    qtbot.keyClick(symptoms, Qt.Key.Key_Right)
    assert symptoms.focused_index == 1
    text = symptoms.accessibleDescription()
    assert text.startswith(f"{symptoms.days[1]:%A}") and "Hands" in text
    assert symptoms.tip.isVisible() and "Hands" in symptoms.tip.textItem.toPlainText()


def test_dense_sessions_chart_has_plain_fills_and_keeps_the_hatching(qtbot):
    chart = AdherenceChart()
    qtbot.addWidget(chart)
    n = MANY_DAYS + 1
    planned, done, partial = [2] * n, [i % 3 for i in range(n)], [int(i % 3 == 1) for i in range(n)]
    chart.set_data(days_back(n), planned, done, partial)
    assert chart.dense
    for bars in (chart.planned_bars, chart.done_bars, chart.partial_bars):
        assert pg.mkPen(bars.opts["pen"]).style() == Qt.PenStyle.NoPen  # no black wall
    assert chart.partial_bars.opts["brush"].style() == Qt.BrushStyle.BDiagPattern
    assert chart.planned_bars.opts["brush"].style() == Qt.BrushStyle.SolidPattern
    assert chart.planned_bars.zValue() < chart.done_bars.zValue()  # done drawn over planned
    assert list(chart.done_bars.opts["height"] + chart.partial_bars.opts["height"]) == done
    chart.set_data(days_back(14), [2] * 14, [1] * 14, [0] * 14)
    assert pg.mkPen(chart.planned_bars.opts["pen"]).style() == Qt.PenStyle.DashLine


def test_effort_sessions_of_a_day_sit_side_by_side_in_their_order(qtbot):
    chart = EffortChart()
    qtbot.addWidget(chart)
    days = days_back(5)
    efforts = [
        (days[1], 3),
        (days[3], 7),
        (days[1], 5),
        (days[1], None),
        (days[1], 2),
        (LAST + timedelta(days=1), 9),
        (days[0] - timedelta(days=1), 1),
        (days[4], 0),
    ]
    chart.set_data(days, efforts)
    x, y = chart.points.data["x"], chart.points.data["y"]
    o1, o3, o4 = (days[i].toordinal() for i in (1, 3, 4))
    np.testing.assert_allclose(x, [o1 - 0.22, o1, o1 + 0.22, o3, o4])
    np.testing.assert_array_equal(y, [3, 5, 2, 7, 0])  # None and days outside left out
    assert chart.describe_day(1).endswith("Effort 3, 5, 2 (3 sessions)")
    assert chart.describe_day(3).endswith("Effort 7 (1 session)")
    assert chart.describe_day(2).endswith("No rated session that day.")
    chart.set_data(days, [])
    assert len(chart.points.data) == 0
    assert chart.describe_day(1).endswith("No rated session that day.")


def test_dense_effort_dots_are_small_and_see_through(qtbot):
    chart = EffortChart()
    qtbot.addWidget(chart)
    size = chart.points.opts["size"]
    days = days_back(MANY_DAYS + 1)
    chart.set_data(days, [(d, i % 6) for i, d in enumerate(days) for _ in range(2)])
    assert chart.points.opts["size"] < size
    assert chart.points.opts["brush"].color().alpha() < 255
    assert len(chart.points.data) == 2 * len(days)


def test_dots_match_pyqtgraphs_scatter(qtbot):
    """The shared-style shortcut gives every point the atlas place pyqtgraph would."""
    x, y = np.arange(50.0), np.arange(50.0) % 7
    style = {"symbol": "o", "size": 12, "pen": pg.mkPen("w", width=1), "brush": pg.mkBrush("b")}
    ours, theirs = Dots(**style), pg.ScatterPlotItem(**style)
    for item in (ours, theirs):
        item.setData(x=x, y=y)
    assert (ours.data["sourceRect"] == theirs.data["sourceRect"]).all()
    assert ours.data["sourceRect"]["w"].min() > 0
    assert ours._maxSpotPxWidth == theirs._maxSpotPxWidth
    ours.setSize(20)  # a new style reaches every point
    theirs.setSize(20)
    assert (ours.data["sourceRect"] == theirs.data["sourceRect"]).all()
    # points with styles of their own go pyqtgraph's way
    brushes = [pg.mkBrush("r") if i % 2 else pg.mkBrush("g") for i in range(50)]
    for item in (ours, theirs):
        item.setData(x=x, y=y, brush=brushes)
    assert (ours.data["sourceRect"] == theirs.data["sourceRect"]).all()


def test_wrapped_label_remembers_heights_until_the_text_or_font_changes(qtbot):
    ours, plain = WrappedLabel("word " * 60), QLabel("word " * 60)
    plain.setWordWrap(True)
    for label in (ours, plain):
        qtbot.addWidget(label)
    assert ours.wordWrap() and ours.textFormat() == Qt.TextFormat.PlainText
    assert ours.heightForWidth(300) == plain.heightForWidth(300)
    assert ours.heightForWidth(300) > ours.heightForWidth(600)
    for label in (ours, plain):
        label.setText("word " * 120)
    assert ours.heightForWidth(300) == plain.heightForWidth(300)
    big = QFont(ours.font())
    big.setPixelSize(ours.fontMetrics().height() * 2)
    for label in (ours, plain):
        label.setFont(big)
    assert ours.heightForWidth(300) == plain.heightForWidth(300)
    ours.setStyleSheet("QLabel { padding: 30px; }")
    plain.setStyleSheet("QLabel { padding: 30px; }")
    assert ours.heightForWidth(300) == plain.heightForWidth(300)


def test_dense_charts_render_for_the_report(qtbot):
    chart = SymptomChart()
    qtbot.addWidget(chart)
    chart.set_data(**symptom_data(3 * 365))
    image = chart.to_image(900, 420)
    bg = QColor(CALM.surface).rgb()
    assert sum(image.pixel(x, 200) != bg for x in range(0, 900, 3)) > 100
