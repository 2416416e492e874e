"""The summary's lower bound (``tests/perf/summary_floor.py``) gives the app's numbers.

Figure 10 of the bench holds ``load_summary`` to at most twice the bound's time; that
only means something while the bound computes what the app prints. Here both read the
same small history (a real SQLite file, a fixed clock) for many periods, with days
edited so that every kind of flag fires somewhere, and their JSON must be equal.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cipn_coach.checkin import thresholds
from cipn_coach.reports.summary import load_summary
from cipn_coach.services import Services
from tests.core.summary_history import history_with_edges
from tests.perf import summary_floor
from tests.perf.summary_floor import comparable, floor_summary, plan_from_services

NOW = datetime(2026, 11, 20, 10, 0)  # mid-morning: today's later sessions are still open
TODAY = NOW.date()
DAYS = 120
GAP = TODAY - timedelta(days=12)  # no session at all that day: a streak ends there


def _day(back: int) -> str:
    return (TODAY - timedelta(days=back)).isoformat()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    folder: Path = tmp_path_factory.mktemp("floor")
    services = history_with_edges(folder, DAYS, NOW, 11, GAP)
    raw = sqlite3.connect(services.db.path)
    with raw:
        raw.execute("DELETE FROM checkins WHERE day IN (?, ?, ?)", (_day(30), _day(31), _day(33)))
        edits = [
            ("pain_kinds = 'burning,gone_kind,tight'", [2]),
            ("falls = 2", [40, 9]),
            ("near_falls = 1", [20, 23, 70]),
            ("new_weakness = 1", [15]),
            ("unfelt_wound = 1", [44]),
            ("self_care_harder = 1, daily_tasks_harder = 0", [8]),
            ("dropped = 1, held_wall = 1", [50, 51, 53, 4]),
            ("hands = 9, feet = 8", list(range(55, 75))),  # 20 days high: a span above 4
            ("pain = 9", list(range(24, 29))),  # a rise of 3 points within a week
            ("night = NULL", [5, 6]),
        ]
        for change, backs in edits:
            for back in backs:
                raw.execute(f"UPDATE checkins SET {change} WHERE day = ?", (_day(back),))
    raw.close()
    yield services
    services.close()


PERIODS = [  # (days before today the period starts, its length)
    (DAYS - 1, DAYS),
    (27, 28),
    (6, 7),
    (0, 1),
    (12, 13),
    (3, 2),
    (60, 30),
    (DAYS + 40, 60),
    (DAYS + 10, 400),
    (45, 20),
    (17, 6),  # ends on the day without sessions; the streak before it began earlier
    (-3, 5),  # after today: the streak is all before it
]


def both(services: Services, back: int, length: int, now: datetime) -> tuple[dict, dict]:
    first = TODAY - timedelta(days=back)
    last = first + timedelta(days=length - 1)
    app = json.loads(json.dumps(load_summary(services, first, last, now)))
    plan = plan_from_services(services)
    floor = json.loads(json.dumps(floor_summary(services.db.path, first, last, now, plan)))
    return comparable(app), floor


@pytest.mark.parametrize("back, length", PERIODS)
@pytest.mark.parametrize("hour", [0, 10, 23])
def test_the_lower_bound_gives_the_apps_summary(services, back, length, hour):
    app, floor = both(services, back, length, NOW.replace(hour=hour))
    assert floor == app


def test_every_kind_of_flag_is_compared_somewhere(services):
    """The edits above make each rule fire, so the flag comparison is not vacuous."""
    app, _ = both(services, DAYS - 1, DAYS, NOW)
    rules = {flag["rule"] for flag in app["flags"]}
    assert rules == {
        "fall",
        "repeated_near_falls",
        "rapid_rise",
        "new_weakness",
        "unfelt_wound",
        "self_care_harder",
        "average_above_threshold",
        "function_affected",
    }
    assert app["adherence"]["skips_by_exercise"] and app["adherence"]["streak_days"] > 0


def test_the_bounds_numbers_are_the_apps_thresholds():
    assert (summary_floor.WINDOW, summary_floor.MIN_DAYS) == (
        thresholds.WINDOW_DAYS,
        thresholds.MIN_DAYS_IN_WINDOW,
    )
    assert summary_floor.TREND_MIN == thresholds.TREND_MIN_DAYS
    assert (summary_floor.EVALUATION_AVERAGE, summary_floor.EVALUATION_SPAN) == (
        thresholds.EVALUATION_AVERAGE,
        thresholds.EVALUATION_SPAN_DAYS,
    )
    assert (summary_floor.FUNCTION_YES, summary_floor.FUNCTION_RECENT) == (
        thresholds.FUNCTION_YES_DAYS,
        thresholds.FUNCTION_RECENT_DAYS,
    )
    assert (summary_floor.NEAR_FALL_DAYS, summary_floor.NEAR_FALL_WINDOW) == (
        thresholds.NEAR_FALL_DAYS,
        thresholds.NEAR_FALL_WINDOW_DAYS,
    )
    assert (summary_floor.RISE, summary_floor.RISE_WITHIN) == (
        thresholds.RED_FLAG_RISE,
        thresholds.RISE_WITHIN_DAYS,
    )
    assert summary_floor.PARTIAL_DONE == thresholds.PARTIAL_COUNTS_AS_DONE


def test_a_period_after_an_empty_today(services):
    """Today (the day without sessions) is not over: the streak goes on the day before."""
    now = datetime.combine(GAP, datetime.min.time()).replace(hour=12)
    app, floor = both(services, (TODAY - GAP).days - 2, 5, now)
    assert floor == app and app["adherence"]["streak_days"] > 0
