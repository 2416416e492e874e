"""What is due today and this week's adherence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cipn_coach.routines.schedule import (
    DueStatus,
    due_on,
    next_to_start,
    program_week,
    week_adherence,
)
from cipn_coach.storage.repository import SessionRow
from tests.core.factories import routine

FRIDAY = date(2026, 11, 20)


def morning_and_evening():
    morning = routine("morning", [{"exercise": "aa"}])
    evening = routine(
        "evening", [{"exercise": "aa"}], schedule={"slots": [{"name": "evening", "time": "19:00"}]}
    )
    mwf = routine(
        "balance",
        [{"exercise": "aa"}],
        schedule={"slots": [{"name": "afternoon", "time": "15:00"}], "days": ["mon", "wed", "fri"]},
    )
    return [morning, evening, mwf]


def session(rid, day, status="completed", done=100.0, slot=None, n=1):
    return SessionRow(
        n,
        rid,
        rid,
        slot,
        day,
        datetime(2026, 11, 20, 8, tzinfo=UTC),
        None,
        status,
        100.0,
        done,
        None,
        None,
        None,
        (),
    )


def test_due_statuses_through_the_day():
    routines = morning_and_evening()
    sessions = [session("morning", FRIDAY, slot="morning")]
    due = due_on(routines, FRIDAY, sessions, datetime(2026, 11, 20, 14, 0))
    assert [(d.planned.routine.id, d.status) for d in due] == [
        ("morning", DueStatus.DONE),
        ("balance", DueStatus.DUE),
        ("evening", DueStatus.LATER),
    ]
    assert next_to_start(due).planned.routine.id == "balance"


def test_partial_counts_only_from_half_the_planned_time():
    routines = morning_and_evening()[:1]
    now = datetime(2026, 11, 20, 9, 0)
    half = due_on(routines, FRIDAY, [session("morning", FRIDAY, "stopped", 50.0)], now)
    less = due_on(routines, FRIDAY, [session("morning", FRIDAY, "stopped", 49.0)], now)
    assert half[0].status is DueStatus.PARTIAL
    assert less[0].status is DueStatus.DUE


def test_days_not_scheduled_and_missed_days():
    routines = morning_and_evening()
    saturday = date(2026, 11, 21)
    assert [
        d.planned.routine.id for d in due_on(routines, saturday, [], datetime(2026, 11, 21, 7))
    ] == ["morning", "evening"]
    missed = due_on(routines, FRIDAY, [], datetime(2026, 11, 21, 7))
    assert {d.status for d in missed} == {DueStatus.MISSED}


def test_week_adherence_counts_the_monday_to_sunday_week():
    routines = morning_and_evening()
    sessions = [
        session("morning", date(2026, 11, 16), n=1),
        session("evening", date(2026, 11, 16), n=2),
        session("balance", date(2026, 11, 18), "partial", 60, n=3),
        session("morning", date(2026, 11, 23), n=4),
    ]  # next week: not counted
    week = week_adherence(routines, FRIDAY, sessions, datetime(2026, 11, 20, 9))
    assert (week.first_day, week.planned, week.done, week.partial) == (date(2026, 11, 16), 17, 3, 1)


def test_program_week():
    start = date(2026, 11, 1)
    assert [program_week(start, date(2026, 11, d)) for d in (1, 7, 8, 15, 29)] == [1, 1, 2, 3, 5]
    assert program_week(start, date(2026, 10, 1)) == 1


def test_in_the_evening_the_evening_session_is_current_and_morning_still_open():
    routines = morning_and_evening()[:2]
    due = due_on(routines, FRIDAY, [], datetime(2026, 11, 20, 19, 30))
    assert [d.status for d in due] == [DueStatus.OPEN, DueStatus.DUE]
    assert next_to_start(due).planned.routine.id == "evening"


def test_week_adherence_plans_nothing_before_the_programme_starts():
    routines = morning_and_evening()
    sessions = [session("morning", date(2026, 11, 20), n=1)]
    week = week_adherence(routines, FRIDAY, sessions, datetime(2026, 11, 20, 9), start=FRIDAY)
    # Friday to Sunday only: morning + evening each day, balance on Friday
    assert (week.planned, week.done) == (7, 1)
    assert (
        week_adherence(
            routines, FRIDAY, sessions, datetime(2026, 11, 20, 9), start=date(2026, 11, 1)
        ).planned
        == 17
    )
