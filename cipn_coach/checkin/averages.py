"""Symptom arithmetic: daily values, 7-day and weekly averages, trends. Pure, no database.

Everything works on local calendar dates (``datetime.date``), so a daylight-saving change
or travel cannot make a day vanish or count twice. A day without a check-in is a gap
(``None``), never a 0: "not filled in" is not "no symptoms". An average over too few
recorded days is ``None`` ("not enough data") rather than a number that looks sure.
The flags built on these numbers live in ``cipn_coach.checkin.flags``; adherence in
``cipn_coach.reports.adherence``. Thresholds: ``cipn_coach.checkin.thresholds``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from cipn_coach.checkin.thresholds import MIN_DAYS_IN_WINDOW, TREND_MIN_DAYS, WINDOW_DAYS

MEASURES: tuple[str, ...] = ("hands", "feet", "pain", "night")
EPSILON = 1e-9  # float slack so 4.0000000001 from rounding never decides a flag
T = TypeVar("T")


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
    """Every calendar day from ``first`` to ``last`` inclusive (empty if reversed).

    Counted in day numbers (``toordinal``): adding a new ``timedelta`` per day was
    several times slower, and a summary lists years of days more than once.
    """
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def value_on(days: ByDay, day: date, measure: str) -> int | None:
    """``measure`` on ``day``, or ``None`` if that day has no check-in (or no answer)."""
    record = days.get(day)
    return None if record is None else getattr(record, measure)


def records_between(days: ByDay, first: date, last: date) -> list[DayRecord | None]:
    """The check-in of every day from ``first`` to ``last`` (``None`` for a gap)."""
    get = days.get
    return [get(d) for d in days_between(first, last)]


def daily_values(days: ByDay, first: date, last: date, measure: str) -> list[int | None]:
    return [None if r is None else getattr(r, measure) for r in records_between(days, first, last)]


def _mean(values: Iterable[int | None], minimum: int) -> float | None:
    recorded = [v for v in values if v is not None]
    if len(recorded) < minimum:
        return None
    return sum(recorded) / len(recorded)


def rolling_average(days: ByDay, day: date, measure: str) -> float | None:
    """Mean of ``measure`` over the 7 days ending on ``day``; needs ≥ 4 recorded days.

    Only ``day`` and the 6 days before it are read, so a later check-in never changes an
    earlier day's average (a property test holds this). This is the definition; ``Daily``
    computes the same for every day of a span at once.
    """
    window = (value_on(days, day - timedelta(days=k), measure) for k in range(WINDOW_DAYS))
    return _mean(window, MIN_DAYS_IN_WINDOW)


class Daily:
    """The check-ins of every day from ``start`` to ``last``, laid out once as a list.

    A 3-year summary asks about each day per measure and per rule; asking through date
    arithmetic and dictionary look-ups took seconds. Here a day is an index from
    ``start``, and each measure's values and 7-day averages are computed once, on first
    use. The averages slide a 7-day sum along instead of re-reading 7 days per day: the
    scores are integers, so the sum is exact and each average is the very float
    ``rolling_average`` gives (a property test holds this).
    """

    def __init__(self, days: ByDay, start: date, last: date) -> None:
        self.start = start
        self.last = last
        # 6 days more in front: the first day's 7-day window
        self._padded = records_between(days, start - timedelta(days=WINDOW_DAYS - 1), last)
        self.records = self._padded[WINDOW_DAYS - 1 :]
        self._values: dict[str, list[int | None]] = {}
        self._rolling: dict[str, list[float | None]] = {}

    def index(self, day: date) -> int:
        return (day - self.start).days

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def between(self, series: list[T], first: date, last: date) -> list[T]:
        """The part of ``series`` (a list aligned to ``start``) from ``first`` to ``last``."""
        if first > last:
            return []
        if first < self.start or last > self.last:
            raise ValueError(f"{first}…{last} is not within {self.start}…{self.last}")
        return series[self.index(first) : self.index(last) + 1]

    def _padded_values(self, measure: str) -> list[int | None]:
        if measure not in self._values:
            self._values[measure] = [
                None if r is None else getattr(r, measure) for r in self._padded
            ]
        return self._values[measure]

    def values(self, measure: str) -> list[int | None]:
        """``measure`` on each day from ``start`` (``None`` for a gap)."""
        return self._padded_values(measure)[WINDOW_DAYS - 1 :]

    def rolling(self, measure: str) -> list[float | None]:
        """``rolling_average`` of each day from ``start``."""
        if measure not in self._rolling:
            values = self._padded_values(measure)
            averages: list[float | None] = []
            total = count = 0
            for i, value in enumerate(values):
                if value is not None:
                    total += value
                    count += 1
                if i >= WINDOW_DAYS and (dropped := values[i - WINDOW_DAYS]) is not None:
                    total -= dropped
                    count -= 1
                if i >= WINDOW_DAYS - 1:
                    averages.append(total / count if count >= MIN_DAYS_IN_WINDOW else None)
            self._rolling[measure] = averages
        return self._rolling[measure]


def rolling_averages(
    days: ByDay, first: date, last: date, measure: str, daily: Daily | None = None
) -> list[float | None]:
    """``rolling_average`` of every day from ``first`` to ``last``. ``daily``: the same
    check-ins already laid out over (at least) that span, when the caller has them."""
    if daily is None:
        daily = Daily(days, first, last)
    return daily.between(daily.rolling(measure), first, last)


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


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else new - old


def week_averages(
    days: ByDay, first: date, last: date, daily: Daily | None = None
) -> list[WeekAverages]:
    """Calendar weeks touching ``first``..``last``, each compared with the week before.

    A week is the whole Monday–Sunday week (even if ``first`` falls mid-week) but never
    reads past ``last``, so "this week" is this week so far. Each week's mean is a mean
    of a 7-day slice, computed once: it is also the next week's "week before".
    ``daily`` (see ``rolling_averages``) must start by the Monday a week before ``first``.
    """
    base = monday_of(first) - timedelta(days=7)  # the week before the first week
    if last < base:
        return []
    if daily is None:
        daily = Daily(days, base, last)
    records = daily.between(daily.records, base, last)
    values = {m: daily.between(daily.values(m), base, last) for m in MEASURES}
    means = [
        {m: _mean(values[m][start : start + 7], MIN_DAYS_IN_WINDOW) for m in MEASURES}
        for start in range(0, len(records), 7)
    ]
    weeks = []
    for week in range(1, len(means)):
        averages = means[week]
        change = {m: _difference(averages[m], means[week - 1][m]) for m in MEASURES}
        recorded = sum(r is not None for r in records[7 * week : 7 * week + 7])
        weeks.append(WeekAverages(base + timedelta(days=7 * week), recorded, averages, change))
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


def trend_per_week(
    days: ByDay, first: date, last: date, measure: str, daily: Daily | None = None
) -> float | None:
    """Least-squares slope of the recorded daily values, in points per week.

    Negative means easing. Gaps are left out, not filled; fewer than 4 recorded days
    give ``None`` because a line through so few points mostly shows noise. ``daily``:
    see ``rolling_averages``.
    """
    if daily is None:
        daily = Daily(days, first, last)
    values = daily.between(daily.values(measure), first, last)
    points = [(x, v) for x, v in enumerate(values) if v is not None]
    if len(points) < TREND_MIN_DAYS:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx * 7 if sxx else None
