"""What is due on a given day, and this week's adherence (sessions done / planned).

A planned session is a (routine, slot) pair on a scheduled weekday. It counts as done
when a session of that routine ended completed, or partial/stopped with at least half
of its planned exercise time done — the same rule the adherence charts use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from cipn_coach.checkin.thresholds import PARTIAL_COUNTS_AS_DONE
from cipn_coach.routines.routine_format import Routine, Slot, Weekday
from cipn_coach.storage.rows import COMPLETED, IN_PROGRESS, SessionRow

WEEKDAYS = tuple(Weekday)


class SessionFacts(Protocol):
    """What the schedule reads of a session done (``SessionRow`` and the leaner
    ``SessionOutcome`` both fit)."""

    @property
    def id(self) -> int: ...
    @property
    def routine_id(self) -> str: ...
    @property
    def slot(self) -> str | None: ...
    @property
    def local_date(self) -> date: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def done_fraction(self) -> float: ...


SessionT = TypeVar("SessionT", bound=SessionFacts)


class DueStatus(StrEnum):
    DONE = "done"
    PARTIAL = "partial"  # started, counts as done (≥ 50 %), shown differently
    DUE = "due"  # the current one: the latest slot that has come (or comes within 2 h)
    OPEN = "open"  # an earlier slot today, not done yet: still welcome
    LATER = "later"
    MISSED = "missed"


@dataclass(frozen=True)
class PlannedSession:
    routine: Routine
    slot: Slot
    day: date

    @property
    def at(self) -> datetime:
        return datetime.combine(self.day, self.slot.clock_time)


@dataclass(frozen=True)
class DueSession:
    planned: PlannedSession
    status: DueStatus
    session: SessionRow | None


def program_week(start: date, day: date) -> int:
    """1-based program week of ``day``; days before the start count as week 1."""
    return max(0, (day - start).days) // 7 + 1


def counts_as_done(session: SessionFacts) -> bool:
    if session.status == IN_PROGRESS:
        return False
    return session.status == COMPLETED or session.done_fraction >= PARTIAL_COUNTS_AS_DONE


def slots_on(routines: list[Routine], weekday: int) -> list[tuple[Routine, Slot]]:
    """The (routine, slot) pairs due on a weekday (Monday = 0), in the order of the day:
    by clock time, then title. The same every week, so a span of days asks once per
    weekday rather than once per day."""
    name = WEEKDAYS[weekday]
    pairs = [(r, slot) for r in routines if name in r.schedule.days for slot in r.schedule.slots]
    return sorted(pairs, key=lambda pair: (pair[1].clock_time, pair[0].title))


def planned_on(routines: list[Routine], day: date) -> list[PlannedSession]:
    return [PlannedSession(r, slot, day) for r, slot in slots_on(routines, day.weekday())]


def match_sessions(
    planned: Sequence[tuple[str, str]], sessions: Sequence[SessionT]
) -> dict[int, SessionT]:
    """Pair each planned (routine id, slot name) of a day with the best session done for
    it that day (``sessions`` are that day's): the slot's own first, then any left of
    the routine; a session counted as done before one that is not, earlier first."""
    matched: dict[int, SessionT] = {}
    used: set[int] = set()
    ranked = sorted(sessions, key=lambda s: (not counts_as_done(s), s.started_at))
    for exact in (True, False):
        for i, (routine_id, slot) in enumerate(planned):
            if i in matched:
                continue
            for s in ranked:
                if s.id in used or s.routine_id != routine_id:
                    continue
                if exact and s.slot != slot:
                    continue
                matched[i] = s
                used.add(s.id)
                break
    return matched


def due_on(
    routines: list[Routine], day: date, sessions: list[SessionRow], now: datetime
) -> list[DueSession]:
    planned = planned_on(routines, day)
    keys = [(p.routine.id, p.slot.name) for p in planned]
    matched = match_sessions(keys, [s for s in sessions if s.local_date == day])
    result = []
    for i, p in enumerate(planned):
        session = matched.get(i)
        if session is not None and counts_as_done(session):
            status = DueStatus.DONE if session.status == COMPLETED else DueStatus.PARTIAL
        elif day < now.date():
            status = DueStatus.MISSED
        elif day > now.date() or (p.at - now) > timedelta(hours=2):
            status = DueStatus.LATER
        else:
            status = DueStatus.DUE
        result.append(DueSession(p, status, session))
    due_now = [i for i, d in enumerate(result) if d.status is DueStatus.DUE]
    for i in due_now[:-1]:
        result[i] = DueSession(result[i].planned, DueStatus.OPEN, result[i].session)
    return result


def next_to_start(due: list[DueSession]) -> DueSession | None:
    """The session the big Start button starts: the current one, else one still open,
    else the next one later today."""
    for wanted in (DueStatus.DUE, DueStatus.OPEN, DueStatus.LATER):
        for item in due:
            if item.status is wanted:
                return item
    return None


@dataclass(frozen=True)
class WeekAdherence:
    first_day: date
    planned: int
    done: int
    partial: int


def week_adherence(
    routines: list[Routine],
    day: date,
    sessions: list[SessionRow],
    now: datetime,
    start: date | None = None,
) -> WeekAdherence:
    """The Monday-to-Sunday week containing ``day``: sessions planned vs done.

    Days before the programme's ``start`` plan nothing: someone starting on a Sunday has
    that Sunday's sessions ahead, not "0 of 17 done".
    """
    monday = day - timedelta(days=day.weekday())
    planned = done = partial = 0
    for offset in range(7):
        if start is not None and monday + timedelta(days=offset) < start:
            continue
        for item in due_on(routines, monday + timedelta(days=offset), sessions, now):
            planned += 1
            done += item.status in (DueStatus.DONE, DueStatus.PARTIAL)
            partial += item.status is DueStatus.PARTIAL
    return WeekAdherence(monday, planned, done, partial)
