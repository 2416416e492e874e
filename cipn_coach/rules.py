"""Symptom arithmetic: daily values, 7-day and weekly averages, trends. Pure, no database.

Everything works on local calendar dates (``datetime.date``), so a daylight-saving change
or travel cannot make a day vanish or count twice. A day without a check-in is a gap
(``None``), never a 0: "not filled in" is not "no symptoms". An average over too few
recorded days is ``None`` ("not enough data") rather than a number that looks sure.
The flags built on these numbers live in ``cipn_coach.flags``; adherence in
``cipn_coach.adherence``. Thresholds: ``cipn_coach.thresholds``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from cipn_coach.thresholds import MIN_DAYS_IN_WINDOW, TREND_MIN_DAYS, WINDOW_DAYS

MEASURES: tuple[str, ...] = ("hands", "feet", "pain", "night")
EPSILON = 1e-9  # float slack so 4.0000000001 from rounding never decides a flag


class DayRecord(Protocol):
    """What the rules read of a check-in (``storage.checkins.CheckInRow`` fits)."""

    day: date
    hands: int
    feet: int
    pain: int
    night: int | None
    dropped: bool
    fine_motor: bool
    held_wall: bool
    stumbled: bool
    falls: int
    near_falls: int
    new_weakness: bool
    unfelt_wound: bool


ByDay = Mapping[date, DayRecord]


def by_day(checkins: Iterable[DayRecord]) -> dict[date, DayRecord]:
    """Index check-ins by their local day (the storage guarantees one per day)."""
    return {c.day: c for c in checkins}


def days_between(first: date, last: date) -> list[date]:
    """Every calendar day from ``first`` to ``last`` inclusive (empty if reversed)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def value_on(days: ByDay, day: date, measure: str) -> int | None:
    """``measure`` on ``day``, or ``None`` if that day has no check-in (or no answer)."""
    record = days.get(day)
    return None if record is None else getattr(record, measure)


def daily_values(days: ByDay, first: date, last: date, measure: str) -> list[int | None]:
    return [value_on(days, d, measure) for d in days_between(first, last)]


def _mean(values: Iterable[int | None], minimum: int) -> float | None:
    recorded = [v for v in values if v is not None]
    if len(recorded) < minimum:
        return None
    return sum(recorded) / len(recorded)


def rolling_average(days: ByDay, day: date, measure: str) -> float | None:
    """Mean of ``measure`` over the 7 days ending on ``day``; needs ≥ 4 recorded days.

    Only ``day`` and the 6 days before it are read, so a later check-in never changes an
    earlier day's average (a property test holds this).
    """
    window = (value_on(days, day - timedelta(days=k), measure) for k in range(WINDOW_DAYS))
    return _mean(window, MIN_DAYS_IN_WINDOW)


def rolling_averages(days: ByDay, first: date, last: date, measure: str) -> list[float | None]:
    return [rolling_average(days, d, measure) for d in days_between(first, last)]


@dataclass(frozen=True)
class WeekAverages:
    """One Monday–Sunday week: per-measure average and change from the week before.

    ``days_recorded`` counts check-ins in the week up to the period's last day. A week
    needs ≥ 4 recorded values for an average, like the rolling window.
    """

    monday: date
    days_recorded: int
    averages: dict[str, float | None]
    change: dict[str, float | None]


def _week_mean(days: ByDay, monday: date, last: date, measure: str) -> float | None:
    end = min(monday + timedelta(days=6), last)
    return _mean(daily_values(days, monday, end, measure), MIN_DAYS_IN_WINDOW)


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def week_averages(days: ByDay, first: date, last: date) -> list[WeekAverages]:
    """Calendar weeks touching ``first``..``last``, each compared with the week before.

    A week is the whole Monday–Sunday week (even if ``first`` falls mid-week) but never
    reads past ``last``, so "this week" is this week so far.
    """
    weeks = []
    monday = monday_of(first)
    while monday <= last:
        end = min(monday + timedelta(days=6), last)
        averages = {m: _week_mean(days, monday, last, m) for m in MEASURES}
        before = monday - timedelta(days=7)
        change = {m: _difference(averages[m], _week_mean(days, before, last, m)) for m in MEASURES}
        recorded = sum(d in days for d in days_between(monday, end))
        weeks.append(WeekAverages(monday, recorded, averages, change))
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class Comparison:
    """First program week against the last 7 days: ``change`` < 0 means easier."""

    first_week: tuple[date, date]
    last_week: tuple[date, date]
    first: dict[str, float | None]
    last: dict[str, float | None]
    change: dict[str, float | None]


def first_vs_last_week(days: ByDay, program_start: date, last: date) -> Comparison:
    """The program's first 7 days vs the 7 days ending ``last`` (they overlap if < 14 days)."""
    first_week = (program_start, program_start + timedelta(days=WINDOW_DAYS - 1))
    last_week = (last - timedelta(days=WINDOW_DAYS - 1), last)
    before = {m: _mean(daily_values(days, *first_week, m), MIN_DAYS_IN_WINDOW) for m in MEASURES}
    after = {m: _mean(daily_values(days, *last_week, m), MIN_DAYS_IN_WINDOW) for m in MEASURES}
    change = {m: _difference(after[m], before[m]) for m in MEASURES}
    return Comparison(first_week, last_week, before, after, change)


def trend_per_week(days: ByDay, first: date, last: date, measure: str) -> float | None:
    """Least-squares slope of the recorded daily values, in points per week.

    Negative means easing. Gaps are left out, not filled; fewer than 4 recorded days
    give ``None`` because a line through so few points mostly shows noise.
    """
    points = [((d - first).days, v) for d in days_between(first, last)
              if (v := value_on(days, d, measure)) is not None]
    if len(points) < TREND_MIN_DAYS:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx * 7 if sxx else None
