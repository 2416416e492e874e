"""Adherence counts each day as ``schedule.due_on`` sees it.

``adherence`` lays out each weekday's (routine, slot) pairs once and matches a day's
sessions without building ``due_on``'s statuses (a 3-year summary has 1,095 days).
Here, for any sessions and any moment, its days and minutes equal those counted from
``due_on``: done and partial as it says, its due/open/later items of today open, the
rest planned.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_coach.reports.adherence import adherence
from cipn_coach.routines.schedule import DueStatus, due_on
from cipn_coach.storage.rows import SessionOutcome, SessionRow
from tests.core.factories import routine

MORNING = routine(
    "morning",
    [{"exercise": "aa"}],
    schedule={
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "slots": [{"name": "morning", "time": "08:30"}, {"name": "evening", "time": "19:00"}],
    },
)
MOBILITY = routine(
    "mobility",
    [{"exercise": "aa"}],
    schedule={"slots": [{"name": "morning", "time": "08:30"}, {"name": "noon", "time": "12:00"}]},
)
ROUTINES = [MORNING, MOBILITY]
FIRST = date(2026, 3, 23)  # a Monday; the span crosses a weekend and a DST change
DAYS = 12
START = FIRST + timedelta(days=2)  # the programme starts inside the span

sessions_strategy = st.lists(
    st.tuples(
        st.integers(0, DAYS - 1),  # day
        st.sampled_from(["morning", "mobility", "gone"]),  # routine
        st.sampled_from(["morning", "evening", "noon", None]),  # slot
        st.integers(0, 23 * 60),  # started, minutes into the day
        st.sampled_from(["completed", "stopped", "partial", "in_progress"]),
        st.sampled_from([0.0, 200.0, 300.0, 600.0]),  # planned seconds
        st.sampled_from([0.0, 100.0, 150.0, 300.0, 600.0]),  # done seconds
    ),
    max_size=40,
)


def rows(drawn: list[tuple]) -> list[SessionRow]:
    made = []
    for n, (day, routine_id, slot, minutes, status, planned, done) in enumerate(drawn, 1):
        local = FIRST + timedelta(days=day)
        started = datetime.combine(local, datetime.min.time()) + timedelta(minutes=minutes)
        made.append(
            SessionRow(
                n,
                routine_id,
                routine_id,
                slot,
                local,
                started,
                None,
                status,
                planned,
                done,
                None,
                None,
                None,
                (),
            )  # fmt: skip
        )
    return sorted(made, key=lambda s: s.started_at)


def prescribed(routine, day: date) -> float:
    return 100.0 * len(routine.id) + day.day


@settings(max_examples=300, deadline=None)
@given(sessions_strategy, st.integers(0, DAYS + 1), st.integers(0, 23), st.booleans())
def test_adherence_counts_what_due_on_says(drawn, today_offset, hour, lean):
    now = datetime.combine(FIRST + timedelta(days=today_offset), datetime.min.time())
    now = now.replace(hour=hour)
    last = FIRST + timedelta(days=DAYS - 1)
    sessions = rows(drawn)
    given_rows = (
        [
            SessionOutcome(
                s.id,
                s.routine_id,
                s.slot,
                s.local_date,
                s.started_at,
                s.status,
                s.planned_seconds,
                s.done_seconds,
            )  # fmt: skip
            for s in sessions
        ]
        if lean
        else sessions
    )
    result = adherence(ROUTINES, given_rows, FIRST, last, now, prescribed, {}, START)

    expected = []
    planned_s = done_s = 0.0
    day = FIRST
    while day <= min(last, now.date()):
        if day < START:
            expected.append((day, 0, 0, 0, 0))
            day += timedelta(days=1)
            continue
        items = due_on(ROUTINES, day, [s for s in sessions if s.local_date == day], now)
        still_open = [
            i for i in items if i.status in (DueStatus.DUE, DueStatus.OPEN, DueStatus.LATER)
        ]
        counted = [i for i in items if i not in still_open]
        for item in counted:
            if item.session is not None:
                planned_s += item.session.planned_seconds
                done_s += min(item.session.done_seconds, item.session.planned_seconds)
            else:
                planned_s += prescribed(item.planned.routine, day)
        done = sum(i.status in (DueStatus.DONE, DueStatus.PARTIAL) for i in items)
        partial = sum(i.status is DueStatus.PARTIAL for i in items)
        expected.append((day, len(counted), done, partial, len(still_open)))
        day += timedelta(days=1)

    assert [(d.day, d.planned, d.done, d.partial, d.open) for d in result.days] == expected
    assert (result.minutes_planned, result.minutes_done) == (planned_s / 60, done_s / 60)
