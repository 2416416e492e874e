"""``load_summary``'s lean reads give the summary the straightforward reads give.

``load_summary`` reads sessions without their steps (the database counts the skipped
ones), reads the year before the period only when the streak may reach into it, reads
check-ins as plain rows, and plans a routine once per set of progression levels. Here
the same summary is built from everything, read the plain way, for many periods.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_coach.reports.adherence import streak_days
from cipn_coach.reports.summary import (
    DAY_FIELDS,
    STREAK_LOOKBACK_DAYS,
    build_summary,
    load_self_test_section,
    load_summary,
    prescribed_seconds,
)
from cipn_coach.routines.plan import plan_routine
from cipn_coach.routines.schedule import counts_as_done, program_week
from cipn_coach.services import Services
from cipn_coach.storage.rows import DAY_ANSWER_FIELDS, OUTCOME_FIELDS, SessionRow
from tests.core.summary_history import history_with_edges

NOW = datetime(2026, 11, 20, 10, 0)  # mid-morning: today's later sessions are still open
TODAY = NOW.date()
DAYS = 150
GAP = TODAY - timedelta(days=12)  # no session at all that day: a streak ends there


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    folder: Path = tmp_path_factory.mktemp("summary")
    services = history_with_edges(folder, DAYS, NOW, 5, GAP)
    raw = sqlite3.connect(services.db.path)
    with raw:
        raw.execute(
            "UPDATE checkins SET pain_kinds = 'burning,gone_kind,tight' WHERE day = ?",
            ((TODAY - timedelta(days=2)).isoformat(),),
        )
    raw.close()
    yield services
    services.close()


def plain_summary(services: Services, first: date, last: date, now: datetime) -> dict:
    """The summary from every check-in, a year of sessions before the period with all their
    steps, and one plan per program week: ``load_summary`` as it first read its data."""
    checkins = services.checkins.between(date.min, last)
    start = date.fromisoformat(services.settings.get("plan.start_date"))
    routines = services.plan.routines()
    sessions = services.sessions.between(min(first, start) - timedelta(days=366), last)
    length = max((r.program.length_days for r in routines), default=28)

    def prescribed(routine, day):
        steps = plan_routine(routine, services.library, program_week(start, day))
        return sum(step.planned_work_seconds for step in steps)

    data = build_summary(checkins, sessions, routines, first, last, now, start, length, prescribed)
    data["self_tests"] = load_self_test_section(services, first, last)
    return data


PERIODS = [  # (days before today the period starts, its length)
    (DAYS - 1, DAYS),
    (27, 28),
    (6, 7),
    (0, 1),
    (11, 12),
    (12, 13),
    (13, 14),
    (3, 2),
    (60, 30),
    (DAYS + 40, 60),
    (DAYS + 10, 400),
    (5, 20),
    (400, 5),
    (17, 6),  # ends on the day without sessions; the streak before it began earlier
    (-3, 5),  # after today: the streak is all before it
]


@pytest.mark.parametrize("back, length", PERIODS)
@pytest.mark.parametrize("hour", [0, 10, 23])
def test_lean_reads_give_the_same_summary(services, back, length, hour):
    now = NOW.replace(hour=hour)
    first = TODAY - timedelta(days=back)
    last = first + timedelta(days=length - 1)
    lean = load_summary(services, first, last, now)
    assert lean == plain_summary(services, first, last, now)


def test_the_periods_above_reach_both_sides_of_the_streak_rule(services):
    """Some periods need the sessions before them (the streak goes on), some do not."""
    streaks = {
        length: load_summary(services, TODAY - timedelta(days=length - 1), TODAY, NOW)["adherence"][
            "streak_days"
        ]
        for length in (7, 28)
    }
    assert 7 < streaks[7] == streaks[28] < 28  # the 7-day period's streak began before it
    assert streaks[7] < STREAK_LOOKBACK_DAYS


def test_steps_free_sessions_and_skipped_counts_match_the_full_read(services):
    first, last = TODAY - timedelta(days=40), TODAY
    full = services.sessions.between(first, last)
    bare = services.sessions.between(first, last, with_steps=False)
    assert bare == [
        SessionRow(*(getattr(s, f) for f in SessionRow.__dataclass_fields__ if f != "steps"), ())
        for s in full
    ]
    counted = Counter(step.exercise_id for s in full for step in s.steps if step.skipped)
    assert services.sessions.skipped_steps(first, last) == dict(counted) != {}
    assert services.sessions.skipped_steps(last + timedelta(days=1), last + timedelta(days=9)) == {}


def test_plain_row_checkins_equal_the_stored_ones(services):
    rows = services.checkins.between(TODAY - timedelta(days=30), TODAY)
    assert rows == [services.checkins.get(r.day) for r in rows]
    assert rows[-3].pain_kinds == ("burning", "tight")  # an unknown kind is dropped
    assert all(r.created_at.tzinfo is UTC for r in rows)


def test_one_plan_per_set_of_levels_gives_each_weeks_seconds(services):
    start = TODAY - timedelta(days=DAYS)
    seconds = prescribed_seconds(services.library, start)
    for routine in services.library.routines.values():
        for week in range(1, 60):
            day = start + timedelta(days=7 * (week - 1) + week % 7)
            steps = plan_routine(routine, services.library, week)
            expected = sum(s.planned_work_seconds for s in steps)
            assert seconds(routine, day) == expected, (routine.id, week)


def _session(day: date, status: str, done: float) -> SessionRow:
    at = datetime.combine(day, datetime.min.time(), UTC)
    return SessionRow(
        0, "rt", "Rt", "morning", day, at, at, status, 600, done, None, None, None, ()
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.sampled_from(["completed", "stopped", "in_progress", "partial"]),
            st.sampled_from([0, 200, 300, 600]),
        ),
        max_size=60,
    ),
    st.integers(0, 45),
)
def test_streak_equals_its_definition(entries, today_offset):
    """Walking back through sessions grouped by day counts what the set of days did."""
    base = date(2026, 12, 1)
    sessions = [_session(base + timedelta(days=d), status, done) for d, status, done in entries]
    today = base + timedelta(days=today_offset)
    active = {s.local_date for s in sessions if counts_as_done(s)}
    day = today if today in active else today - timedelta(days=1)
    expected = 0
    while day in active:
        expected += 1
        day -= timedelta(days=1)
    assert streak_days(sessions, today) == expected


def test_a_period_after_today_follows_the_streak_back_past_an_empty_today(services):
    """Today (the day without sessions) is not over: the streak is counted from the day
    before, all of it before the period, and read back only as far as it goes."""
    now = datetime.combine(GAP, datetime.min.time()).replace(hour=12)
    first, last = GAP + timedelta(days=2), GAP + timedelta(days=6)
    lean = load_summary(services, first, last, now)
    assert lean == plain_summary(services, first, last, now)
    assert lean["adherence"]["streak_days"] > 0


def test_the_lean_check_in_rows_carry_every_field_the_summary_prints():
    assert set(DAY_ANSWER_FIELDS) == {"day", *DAY_FIELDS}
    assert set(OUTCOME_FIELDS) < set(SessionRow.__dataclass_fields__)
