"""Progress page refreshes: charts below the fold, unchanged flags, long periods.

Uses the demo data folder and page of ``test_progress`` (28 demo days, 1280×800 page).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from cipn_coach.reports.summary import load_summary
from tests.ui.test_progress import LAST, NOW, demo_folder, load, page, services  # noqa: F401
from ui.pages.progress import SYMPTOM_HELP
from ui.widgets.day_chart import MANY_DAYS


def load_days(services: Any, n: int) -> tuple[dict[str, Any], list[Any]]:
    first = LAST - timedelta(days=n - 1)
    summary = load_summary(services, first, LAST, NOW)
    return summary, [(s.local_date, s.effort) for s in services.sessions.between(first, LAST)]


def test_a_chart_below_the_fold_is_drawn_before_it_is_seen(qtbot, page, services):  # noqa: F811
    chart = page.effort_chart
    assert chart.viewport().visibleRegion().isEmpty()  # at the top: out of sight
    before = len(chart.points.data)
    summary, efforts = load_days(services, 14)
    rated = sum(e is not None for _, e in efforts)
    assert 0 < rated < before
    page.show_summary(summary, efforts)
    # days, keys and the screen reader follow at once ...
    assert len(chart.days) == 14 and chart.days[-1] == LAST
    assert f"{chart.days[0].day} " in chart.accessibleDescription()
    assert chart.describe_day(13).startswith(f"{LAST:%A}")
    # ... the plot items wait until the chart is about to be painted
    assert len(chart.points.data) == before
    bar = page.scroll.verticalScrollBar()

    def in_sight() -> bool:
        bar.setValue(bar.maximum())  # the effort chart is the last one on the page
        return not chart.viewport().visibleRegion().isEmpty()

    qtbot.waitUntil(in_sight)
    qtbot.waitUntil(lambda: len(chart.points.data) == rated)
    assert chart.view_box.viewRange()[0][0] == chart.days[0].toordinal() - 0.6
    # a chart in sight is drawn at once
    assert in_sight()
    page.show_summary(*load(services))
    assert len(chart.points.data) == before


def test_the_same_flags_keep_their_cards_and_new_ones_replace_them(page, services):  # noqa: F811
    summary, efforts = load(services)
    cards = list(page.flag_cards)
    assert cards
    page.show_summary(summary, efforts)
    assert all(a is b for a, b in zip(page.flag_cards, cards, strict=True))
    page.show_summary(dict(summary, flags=summary["flags"][:1]), efforts)
    assert len(page.flag_cards) == 1 and page.flag_cards[0] is not cards[0]
    page.show_summary(dict(summary, flags=[]), efforts)
    assert page.flag_cards == [] and not page.no_flags.isHidden()


def test_a_refresh_with_the_same_data_is_painted(qtbot, page, services):  # noqa: F811
    summary, efforts = load(services)
    page.resize(1280, 400)  # only the top of the page in sight: no chart to redraw
    charts = (page.symptom_chart, page.adherence_chart, page.effort_chart)
    qtbot.waitUntil(lambda: all(c.viewport().visibleRegion().isEmpty() for c in charts))
    qtbot.wait(50)
    painted: list[QWidget] = []

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget)
                and page.isAncestorOf(obj)
            ):
                painted.append(obj)
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    try:
        page.show_summary(summary, efforts)
        qtbot.waitUntil(lambda: bool(painted), timeout=2000)
    finally:
        QApplication.instance().removeEventFilter(watch)


def test_long_periods_explain_the_lines_without_dots(page, services):  # noqa: F811
    page.show_summary(*load_days(services, MANY_DAYS + 10))
    assert page.symptom_chart.dense
    assert page.symptom_help.text() == SYMPTOM_HELP[True]
    assert "Dots" not in page.symptom_help.text()
    page.show_summary(*load(services))
    assert not page.symptom_chart.dense
    assert page.symptom_help.text() == SYMPTOM_HELP[False]
