"""Adherence over a date range: sessions planned by the schedule vs sessions done.

Pure: it reads routines and ``SessionRow``s, never the database. A planned session
counts as done when ``schedule.counts_as_done`` says so (completed, or ≥ 50 % of its
planned time), and is shown as partial when it was not completed. Today's sessions that
are still open (due or later) are not counted as planned yet, so the percentage does not
dip every morning before the first session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cipn_coach.routine_schema import Routine
from cipn_coach.rules import days_between
from cipn_coach.schedule import DueStatus, counts_as_done, due_on
from cipn_coach.storage.repository import SessionRow

# seconds of exercise the routine prescribes on that day (program week aware)
PrescribedSeconds = Callable[[Routine, date], float]
# today's sessions not done and not missed yet (due, still open, later): every status but
# these three, so a new "not yet" status added to the schedule is handled the same way
OPEN = tuple(s for s in DueStatus if s not in (DueStatus.DONE, DueStatus.PARTIAL,
                                                DueStatus.MISSED))


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


def streak_days(sessions: list[SessionRow], today: date) -> int:
    """Days in a row, back from today, with at least one session counted as done.

    An empty today does not break the streak (the day is not over); it just isn't
    counted. ``sessions`` must reach back far enough; the count stops at the first gap.
    """
    active = {s.local_date for s in sessions if counts_as_done(s)}
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


def adherence(routines: list[Routine], sessions: list[SessionRow], first: date, last: date,
              now: datetime, prescribed: PrescribedSeconds) -> Adherence:
    """Planned vs done from ``first`` to ``last`` (days after ``now``'s date are ignored).

    ``now`` is local wall-clock time (naive or aware in the local zone), as ``due_on``
    compares it with slot times. Minutes: a matched session counts its own planned and
    done seconds; a missed one counts what the routine prescribes that day.
    """
    today = now.date()
    by_date: dict[date, list[SessionRow]] = {}
    for s in sessions:
        by_date.setdefault(s.local_date, []).append(s)
    per_day = []
    planned_s = done_s = 0.0
    for day in days_between(first, min(last, today)):
        items = due_on(routines, day, by_date.get(day, []), now)
        counted = [i for i in items if i.status not in OPEN]
        done = [i for i in counted if i.status in (DueStatus.DONE, DueStatus.PARTIAL)]
        for item in counted:
            if item.session is not None:
                planned_s += item.session.planned_seconds
                done_s += min(item.session.done_seconds, item.session.planned_seconds)
            else:
                planned_s += prescribed(item.planned.routine, day)
        per_day.append(DayAdherence(day, len(counted), len(done),
                                    sum(i.status is DueStatus.PARTIAL for i in done),
                                    len(items) - len(counted)))
    skips = Counter(step.exercise_id for s in sessions if first <= s.local_date <= last
                    for step in s.steps if step.skipped)
    planned = sum(d.planned for d in per_day)
    done = sum(d.done for d in per_day)
    return Adherence(
        planned=planned, done=done, partial=sum(d.partial for d in per_day),
        percent=None if not planned else 100 * done / planned,
        minutes_planned=planned_s / 60, minutes_done=done_s / 60,
        streak_days=streak_days([s for s in sessions if s.local_date <= last], min(last, today)),
        skips_by_exercise=dict(sorted(skips.items())), days=tuple(per_day),
    )
