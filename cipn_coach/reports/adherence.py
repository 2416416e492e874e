"""Adherence over a date range: sessions planned by the schedule vs sessions done.

Pure: it reads routines and ``SessionRow``s, never the database. A planned session
counts as done when ``schedule.counts_as_done`` says so (completed, or ≥ 50 % of its
planned time), and is shown as partial when it was not completed. Today's sessions that
are still open (due or later) are not counted as planned yet, so the percentage does not
dip every morning before the first session. Nothing is planned before the programme's
start: a patient on day 1 has not missed the four weeks before it existed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cipn_coach.checkin.averages import days_between
from cipn_coach.routines.routine_format import Routine
from cipn_coach.routines.schedule import (
    SessionFacts,
    counts_as_done,
    match_sessions,
    slots_on,
)
from cipn_coach.storage.rows import COMPLETED, SessionOutcome, SessionRow

# seconds of exercise the routine prescribes on that day (program week aware)
PrescribedSeconds = Callable[[Routine, date], float]


@dataclass(frozen=True)
class DayAdherence:
    day: date
    planned: int
    done: int  # includes partial
    partial: int
    open: int  # today's sessions not done yet (not counted as planned)


@dataclass(frozen=True)
class Adherence:
    planned: int
    done: int
    partial: int
    percent: float | None  # done / planned × 100; None when nothing was planned
    minutes_planned: float
    minutes_done: float
    streak_days: int
    skips_by_exercise: dict[str, int]
    days: tuple[DayAdherence, ...] = field(default=())

    @property
    def minutes_percent(self) -> float | None:
        return None if not self.minutes_planned else 100 * self.minutes_done / self.minutes_planned


def _by_date(sessions: Sequence[SessionFacts]) -> dict[date, list[SessionFacts]]:
    by_date: dict[date, list[SessionFacts]] = {}
    for s in sessions:
        by_date.setdefault(s.local_date, []).append(s)
    return by_date


def _streak(by_date: Mapping[date, list[SessionFacts]], today: date) -> int:
    """``streak_days`` over sessions grouped by date: only the days of the streak (and
    the gap that ends it) are looked at, not every session of the year before."""

    def active(day: date) -> bool:
        return any(counts_as_done(s) for s in by_date.get(day, ()))

    day = today if active(today) else today - timedelta(days=1)
    count = 0
    while active(day):
        count += 1
        day -= timedelta(days=1)
    return count


def streak_days(sessions: Sequence[SessionFacts], today: date) -> int:
    """Days in a row, back from today, with at least one session counted as done.

    An empty today does not break the streak (the day is not over); it just isn't
    counted. ``sessions`` must reach back far enough; the count stops at the first gap.
    """
    return _streak(_by_date(sessions), today)


def adherence(
    routines: list[Routine],
    sessions: Sequence[SessionRow] | Sequence[SessionOutcome],
    first: date,
    last: date,
    now: datetime,
    prescribed: PrescribedSeconds,
    skips: Mapping[str, int] | None = None,
    program_start: date | None = None,
) -> Adherence:
    """Planned vs done from ``first`` to ``last`` (days after ``now``'s date are ignored).

    ``now`` is local wall-clock time (naive or aware in the local zone), as ``due_on``
    compares it with slot times. Minutes: a matched session counts its own planned and
    done seconds; a missed one counts what the routine prescribes that day. ``skips``
    (skipped steps per exercise in the period) is counted from the sessions' steps unless
    the caller already has it: the database counts it without reading years of steps.
    Days before ``program_start`` plan nothing (they stay in ``days``, with 0 planned,
    so a chart of the period keeps one bar slot per day).

    Each day is what ``schedule.due_on`` says of it, worked out without its statuses:
    a planned session is done (or partial) when the session matched to it counts as
    done; otherwise it is missed on an earlier day and still open today (due, open or
    later). The (routine, slot) pairs of each weekday are laid out once, not
    once per day: a 3-year summary has 1,095 days. ``sessions``: ``SessionOutcome``
    rows are enough when ``skips`` is given.
    """
    today = now.date()
    by_date = _by_date(sessions)
    by_weekday = [slots_on(routines, weekday) for weekday in range(7)]
    keys_by_weekday = [[(r.id, slot.name) for r, slot in pairs] for pairs in by_weekday]
    per_day = []
    planned_s = done_s = 0.0
    for day in days_between(first, min(last, today)):
        if program_start is not None and day < program_start:
            per_day.append(DayAdherence(day, 0, 0, 0, 0))
            continue
        pairs = by_weekday[day.weekday()]
        done_that_day = by_date.get(day)
        matched = (
            match_sessions(keys_by_weekday[day.weekday()], done_that_day) if done_that_day else {}
        )
        done = partial = still_open = 0
        for i, (routine, _slot) in enumerate(pairs):
            session = matched.get(i)
            counted = session is not None and counts_as_done(session)
            if not counted and day == today:
                still_open += 1
                continue
            if session is not None:
                planned_s += session.planned_seconds
                done_s += min(session.done_seconds, session.planned_seconds)
            else:
                planned_s += prescribed(routine, day)
            if session is not None and counted:
                done += 1
                partial += session.status != COMPLETED  # done, shown as partial
        per_day.append(DayAdherence(day, len(pairs) - still_open, done, partial, still_open))
    if skips is None:
        skips = Counter(
            step.exercise_id
            for s in sessions
            if first <= s.local_date <= last
            for step in s.steps
            if step.skipped
        )
    planned = sum(d.planned for d in per_day)
    done = sum(d.done for d in per_day)
    return Adherence(
        planned=planned,
        done=done,
        partial=sum(d.partial for d in per_day),
        percent=None if not planned else 100 * done / planned,
        minutes_planned=planned_s / 60,
        minutes_done=done_s / 60,
        # the walk back starts at min(last, today): later sessions are never looked at
        streak_days=_streak(by_date, min(last, today)),
        skips_by_exercise=dict(sorted(skips.items())),
        days=tuple(per_day),
    )
