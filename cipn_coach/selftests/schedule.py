"""When the self-tests are due: a baseline on day 1 of the programme, then weekly, and at
the end.

The scheduled days are the programme's first day, every 7 days after it, and its last
day. A test is due from a scheduled day until it is done (any result on or after that
day, a stopped-for-safety one too) or until the next scheduled day takes over, so a
missed week never piles up into several tests. After the programme ends nothing is due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cipn_coach.selftests.format import SelfTest

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class SelfTestDue:
    test_id: str
    scheduled: date  # the scheduled day this test is due for
    kind: str  # "baseline", "weekly" or "final"


def scheduled_days(start: date, length_days: int) -> list[date]:
    """Every scheduled test day of a programme of ``length_days`` starting on ``start``."""
    last = start + timedelta(days=max(1, length_days) - 1)
    days = []
    day = start
    while day < last:
        days.append(day)
        day += WEEK
    days.append(last)
    return days


def default_tests(tests: dict[str, SelfTest]) -> list[str]:
    """The tests scheduled unless a physiotherapist chooses: all but the optional ones
    (the timed up and go needs a helper and 3 metres, so it is off by default)."""
    return sorted(test_id for test_id, test in tests.items() if not test.optional)


ALL_KINDS = ("baseline", "weekly", "final")


def current_scheduled_day(
    start: date, length_days: int, today: date, kinds: Iterable[str] = ALL_KINDS
) -> date | None:
    """The latest scheduled day of one of ``kinds`` on or before ``today`` within the
    programme, or None."""
    days = scheduled_days(start, length_days)
    if today < days[0] or today > days[-1]:
        return None
    wanted = set(kinds)
    return max((day for day in days if day <= today and _kind(day, days) in wanted), default=None)


def _kind(day: date, days: list[date]) -> str:
    if day == days[0]:
        return "baseline"
    return "final" if day == days[-1] else "weekly"


def due_tests(
    test_ids: Iterable[str],
    done_days: dict[str, list[date]],
    start: date,
    length_days: int,
    today: date,
    kinds: Iterable[str] = ALL_KINDS,
) -> list[SelfTestDue]:
    """The tests due ``today``. ``done_days``: each test's result days (any order);
    ``kinds``: which scheduled days the physiotherapist chose (baseline, weekly, final).
    With weekly off, a baseline not yet done stays due until the final day."""
    scheduled = current_scheduled_day(start, length_days, today, kinds)
    if scheduled is None:
        return []
    kind = _kind(scheduled, scheduled_days(start, length_days))
    return [
        SelfTestDue(test_id, scheduled, kind)
        for test_id in test_ids
        if not any(scheduled <= day <= today for day in done_days.get(test_id, []))
    ]
