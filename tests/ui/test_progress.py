"""The Progress page and its charts on a real data folder filled by the demo generator.

The demo data is built once per module (it takes a few seconds) and copied for every
test, so a test that adds a check-in never changes another test's data.
"""

from __future__ import annotations

import math
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.cli.demo import fill_demo
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import Services, open_services
from ui.pages.progress import SAME_BAND, ProgressPage, change_words
from ui.theme import CALM, HIGH_CONTRAST, MIN_TARGET_PX, style_sheet
from ui.widgets.charts import PLOTTED, AdherenceChart, SymptomChart

NOW = datetime(2026, 11, 20, 21, 0)  # a Friday evening, local wall-clock time
LAST = NOW.date()
FIRST = LAST - timedelta(days=27)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    services = open_services(folder)
    try:
        fill_demo(services, 28, NOW)
    finally:
        services.close()
    return folder


@pytest.fixture
def services(demo_folder: Path, tmp_path: Path) -> Services:
    copy = tmp_path / "data"
    shutil.copytree(demo_folder, copy)
    opened = open_services(copy)
    yield opened
    opened.close()


def load(services: Services) -> tuple[dict[str, Any], list[tuple[date, int | None]]]:
    summary = load_summary(services, FIRST, LAST, NOW)
    efforts = [(s.local_date, s.effort) for s in services.sessions.between(FIRST, LAST)]
    return summary, efforts


@pytest.fixture
def page(qtbot: Any, services: Services) -> ProgressPage:
    widget = ProgressPage()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show_summary(*load(services))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def nan_list(values: list[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def label_texts(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_symptom_curves_have_one_point_per_day_and_gaps_not_zeros(page, services):
    summary, _ = load(services)
    days = summary["days"]
    chart = page.symptom_chart
    missing = [i for i, d in enumerate(days) if not d["recorded"]]
    assert missing, "the demo data should leave some days without a check-in"
    ordinals = [date.fromisoformat(d["date"]).toordinal() for d in days]
    for m in PLOTTED:
        x, y = chart.daily[m].getData()
        assert len(x) == len(y) == len(days)
        np.testing.assert_array_equal(x, ordinals)
        np.testing.assert_array_equal(y, nan_list([d[m] for d in days]))
        for i in missing:
            assert math.isnan(y[i])  # a gap, never a 0
        assert chart.daily[m].opts["connect"] == "finite"
        # the thick line is the core's rolling 7-day average, value for value
        _, avg = chart.average[m].getData()
        np.testing.assert_array_equal(avg, nan_list(summary["rolling_7day"][m]))
        assert chart.average[m].opts["pen"].widthF() > chart.daily[m].opts["pen"].widthF()
    assert summary["thresholds"]["evaluation_average"] == 4.0
    assert chart.band.getRegion()[0] == pytest.approx(4.0)
    # fixed axes, no pan/zoom/menu by mouse
    assert chart.view_box.state["mouseEnabled"] == [False, False]
    assert not chart.view_box.menuEnabled()
    assert chart.accessibleName() == "Symptom chart"


def test_adherence_bars_and_numbers(page, services):
    summary, efforts = load(services)
    a = summary["adherence"]
    chart = page.adherence_chart
    planned = chart.planned_bars.opts
    assert len(planned["x"]) == len(a["by_day"])
    assert list(planned["height"]) == [d["planned"] for d in a["by_day"]]
    whole, partial = chart.done_bars.opts["height"], chart.partial_bars.opts["height"]
    assert list(whole + partial) == [d["done"] for d in a["by_day"]]
    assert list(partial) == [d["partial"] for d in a["by_day"]]
    assert sum(partial) == a["partial"] > 0
    # partial bars stack on the completed ones and are hatched, not solid
    assert list(chart.partial_bars.opts["y0"]) == list(whole)
    assert chart.partial_bars.opts["brush"].style() == Qt.BrushStyle.BDiagPattern
    assert chart.done_bars.opts["brush"].style() == Qt.BrushStyle.SolidPattern
    text = page.adherence_line.text()
    assert f"{a['done']} of {a['planned']} planned sessions done" in text
    assert f"({a['percent']:.0f}%)" in text
    assert f"streak: {a['streak_days']} day" in text
    rated = [e for d, e in efforts if e is not None]
    assert len(page.effort_chart.points.data) == len(rated) > 0


@pytest.mark.parametrize(
    ("change", "arrow", "word"),
    [
        (None, "", "Not enough"),
        (-SAME_BAND, "▼", "Easier"),
        (-0.49, "=", "About the same"),
        (0.0, "=", "About the same"),
        (0.49, "=", "About the same"),
        (SAME_BAND, "▲", "Worse"),
        (-2.0, "▼", "Easier"),
        (3.0, "▲", "Worse"),
    ],
)
def test_change_words_lower_is_better(change, arrow, word):
    got_arrow, got_word = change_words(change)
    assert got_arrow == arrow and got_word.startswith(word)


def test_week_cards_follow_the_summary(page, services):
    summary, _ = load(services)
    this_week, last_week = summary["weeks"][-1], summary["weeks"][-2]
    seen = set()
    for measure, card in page.week_cards.items():
        change = this_week["change"][measure]
        assert change is not None
        expected = (
            "▼ Easier"
            if change <= -SAME_BAND
            else "▲ Worse"
            if change >= SAME_BAND
            else "= About the same"
        )
        assert card.verdict.text() == expected
        assert f"This week: {this_week['averages'][measure]:.1f} out of 10" in card.detail.text()
        assert f"Last week: {last_week['averages'][measure]:.1f} out of 10" in card.detail.text()
        assert expected.split(" ", 1)[1] in card.accessibleName()
        seen.add(expected)
    assert len(seen) >= 2  # the demo week has both easier and about-the-same measures


def test_flags_are_shown_in_plain_words(page, services):
    """Issue 12 §3 changed this test: the demo's near-falls were 15 days ago, so they are
    history (a question, never "contact your care team now"), and the check-up flags of
    hands and feet share one box that names both."""
    summary, _ = load(services)
    levels = {f["level"] for f in summary["flags"]}
    assert levels == {"contact_care_team_now", "evaluation_recommended"}
    assert len(page.flag_cards) == 2
    history, checkup = page.flag_cards
    assert "Contact your care team" not in label_texts(history)
    assert "did you tell your care team?" in label_texts(history)
    assert "A check-up is recommended" in label_texts(checkup)
    assert "hands" in label_texts(checkup) and "feet" in label_texts(checkup)
    assert label_texts(checkup).count("What to do:") == 1
    for flag in summary["flags"]:
        card = history if not flag["current"] else checkup
        text = label_texts(card)
        if flag["current"] and flag["rule"] != "average_above_threshold":
            assert flag["explanation"] in text
        if flag["current"]:
            assert f"What to do: {flag['what_to_do']}" in text
            since = date.fromisoformat(flag["since"])
            assert f"Since {since:%A} {since.day} {since:%B}" in text
    assert page.no_flags.isHidden()
    # the history card sits above the week cards; the check-up one after the symptom chart
    assert page.urgent_box.indexOf(history) >= 0 and page.checkup_box.indexOf(checkup) >= 0


def test_day_line_and_period(page):
    assert page.day_line.text() == "Day 28 of 28 of your programme"
    summary_days = page.period_line.text()
    assert "of 28 days rated" in summary_days


def test_range_buttons_work_with_the_keyboard(qtbot, page):
    buttons = page.range_buttons
    assert [b.text() for b in buttons.values()] == ["2 weeks", "4 weeks", "All"]
    assert buttons["4w"].isChecked() and page.current_range == "4w"
    page.activateWindow()
    buttons["2w"].setFocus()
    qtbot.waitUntil(buttons["2w"].hasFocus)
    with qtbot.waitSignal(page.range_changed, timeout=1000) as blocker:
        qtbot.keyClick(buttons["2w"], Qt.Key.Key_Space)
    assert blocker.args == ["2w"]
    assert buttons["2w"].isChecked() and not buttons["4w"].isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is buttons["all"]
    with qtbot.waitSignal(page.range_changed, timeout=1000) as blocker:
        qtbot.keyClick(buttons["all"], Qt.Key.Key_Space)
    assert blocker.args == ["all"] and page.current_range == "all"
    with qtbot.assertNotEmitted(page.range_changed):
        page.set_range("4w")  # the window restoring a choice does not reload
    assert buttons["4w"].isChecked()


def test_every_button_is_big_and_named(page):
    for button in page.findChildren(QPushButton):
        assert button.accessibleName()
        assert button.minimumHeight() >= MIN_TARGET_PX and button.minimumWidth() >= MIN_TARGET_PX
    for chart in (page.symptom_chart, page.adherence_chart, page.effort_chart):
        assert chart.accessibleName() and chart.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_left_and_right_read_the_days_of_the_symptom_chart(qtbot, page, services):
    summary, _ = load(services)
    days = summary["days"]
    # a noted day with a day before it (Left is pressed from it below)
    noted = next(i for i, d in enumerate(days) if i > 0 and d["note"] and d["recorded"])
    chart = page.symptom_chart
    page.activateWindow()
    page.range_buttons["all"].setFocus()
    qtbot.waitUntil(page.range_buttons["all"].hasFocus)
    qtbot.keyClick(page.range_buttons["all"], Qt.Key.Key_Tab)  # the next Tab stop is the chart
    assert chart.hasFocus()
    scrolled = page.scroll.verticalScrollBar().value()
    top = chart.mapTo(page.scroll.widget(), QPoint(0, 0)).y() - scrolled
    assert 0 <= top and top + chart.height() <= page.scroll.viewport().height()  # in view
    assert chart.focused_index == len(days) - 1  # focus starts on the latest day
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.focused_index == 0
    for _ in range(noted):
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.focused_index == noted
    day = days[noted]
    description = chart.accessibleDescription()
    assert f"Hands {day['hands']}, Feet {day['feet']}, Pain {day['pain']}" in description
    assert day["note"] in description
    assert f"{date.fromisoformat(day['date']).day} " in description
    assert day["note"] in page.symptom_detail.text()  # the line under the chart says it too
    assert chart.tip.isVisible() and day["note"] in chart.tip.textItem.toPlainText()
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.focused_index == noted - 1
    assert days[noted - 1]["date"][-2:].lstrip("0") + " " in chart.accessibleDescription()
    missing = next(i for i, d in enumerate(days) if not d["recorded"])
    chart.focus_day(missing)
    assert "No check-in that day." in chart.accessibleDescription()
    # Tab leaves the chart: no keyboard trap
    qtbot.keyClick(chart, Qt.Key.Key_Tab)
    assert not chart.hasFocus()
    assert chart.focused_index is None and "Left and Right" in chart.accessibleDescription()


def test_hovering_a_day_shows_it(qtbot, page):
    chart = page.symptom_chart
    page.scroll.ensureWidgetVisible(chart)
    qtbot.wait(20)
    target = chart.days[5].toordinal()
    point = chart.mapFromScene(chart.view_box.mapViewToScene(QPointF(target, 5.0)))
    qtbot.mouseMove(chart.viewport(), point - QPoint(2, 0))  # enter, then move
    qtbot.mouseMove(chart.viewport(), point)
    qtbot.waitUntil(lambda: chart.focused_index == 5)
    assert chart.tip.isVisible()


def test_new_check_in_updates_the_same_curves(page, services):
    summary, efforts = load(services)
    chart = page.symptom_chart
    missing = next(i for i, d in enumerate(summary["days"]) if not d["recorded"])
    items = [*chart.daily.values(), *chart.average.values(), chart.band]
    before_ids = [id(i) for i in items]
    before_count = len(chart.plot_item.items)
    bars = [id(page.adherence_chart.planned_bars), id(page.effort_chart.points)]
    day = date.fromisoformat(summary["days"][missing]["date"])
    services.checkins.save(
        day,
        CheckInValues.parse({"hands": 9, "feet": 8, "pain": 7}),
        datetime(2026, 11, 20, 20, 0, tzinfo=UTC),
        today=LAST,
    )
    page.show_summary(*load(services))
    chart.flush()  # drawn now (out of sight, a chart draws its items at its next paint)
    assert [id(i) for i in items] == before_ids
    again = [*chart.daily.values(), *chart.average.values(), chart.band]
    assert [id(i) for i in again] == before_ids
    assert len(chart.plot_item.items) == before_count  # nothing added, nothing re-created
    assert [id(page.adherence_chart.planned_bars), id(page.effort_chart.points)] == bars
    assert chart.daily["hands"].getData()[1][missing] == 9
    assert chart.daily["pain"].getData()[1][missing] == 7
    new_summary, _ = load(services)
    _, avg = chart.average["hands"].getData()
    np.testing.assert_array_equal(avg, nan_list(new_summary["rolling_7day"]["hands"]))


def _not_blank(image: QImage, background: str) -> bool:
    bg = QColor(background).rgb()
    step = max(1, image.width() // 200)
    return (
        sum(
            image.pixel(x, y) != bg
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        )
        > 50
    )


def test_charts_render_to_images_for_the_report(page):
    for chart in (page.symptom_chart, page.adherence_chart, page.effort_chart):
        geometry = chart.plot_item.geometry()
        image = chart.to_image(900, 420)
        assert (image.width(), image.height()) == (900, 420)
        assert _not_blank(image, CALM.surface)
        assert chart.plot_item.geometry() == geometry  # the widget on screen is untouched
    sharp = page.symptom_chart.to_image(600, 300, pixel_ratio=2.0)
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (1200, 600, 2.0)
    assert _not_blank(sharp, CALM.surface)


def test_a_chart_draws_without_a_window(qtbot):
    """The report can make a chart of its own and paint it, never shown on screen."""
    chart = AdherenceChart()
    qtbot.addWidget(chart)
    days = [date(2026, 3, 28) + timedelta(days=i) for i in range(4)]  # across a DST change
    chart.set_data(days, [2, 2, 3, 2], [2, 1, 2, 0], [0, 1, 0, 0])
    image = QImage(700, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    chart.render_to(painter, QRectF(0, 0, 700, 300))
    painter.end()
    assert _not_blank(image, "#FFFFFF")
    # a scaled painter (as on a 300 dpi page) gets a sharper chart, not a stretched one
    big = QImage(1400, 600, QImage.Format.Format_ARGB32)
    big.fill(QColor("white"))
    painter = QPainter(big)
    painter.scale(2, 2)
    chart.render_to(painter, QRectF(0, 0, 700, 300))
    painter.end()
    assert _not_blank(big.copy(700, 300, 700, 300), "#FFFFFF")  # the whole area is drawn
    symptoms = SymptomChart()
    qtbot.addWidget(symptoms)
    with pytest.raises(ValueError, match="one entry per day"):
        symptoms.set_data(days, {"hands": [1, 2]}, {})


def test_nothing_is_cut_off_at_double_text_size(qtbot, services):
    page = ProgressPage(text_scale=2.0)
    qtbot.addWidget(page)
    page.setStyleSheet(style_sheet(CALM, 2.0))
    page.resize(1024, 700)
    page.show_summary(*load(services))
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    assert page.scroll.horizontalScrollBar().maximum() == 0  # everything wraps to the width
    assert page.scroll.verticalScrollBar().maximum() > 0  # and the page scrolls instead
    for label in page.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.width() <= page.scroll.viewport().width()
    for chart in (page.symptom_chart, page.adherence_chart, page.effort_chart):
        # the legend wraps into rows rather than pushing the plot past the widget's edge
        assert chart.ci.geometry().width() <= chart.width()
        assert chart.plot_item.geometry().right() <= chart.width()
        assert (
            chart.legend.columnCount < len(chart.legend.items)
            or len(chart.legend.items) == 1
            or chart is not page.symptom_chart
        )


def test_charts_follow_the_high_contrast_theme(page):
    page.apply_style(HIGH_CONTRAST, 1.0)
    image = page.symptom_chart.to_image(600, 300)
    corner = QColor(image.pixel(2, image.height() - 2)).name().upper()
    assert corner == HIGH_CONTRAST.surface.upper()
    assert _not_blank(image, HIGH_CONTRAST.surface)
