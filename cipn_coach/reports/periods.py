"""Which days a screen or the report covers, from the choice the person made.

Progress offers the last 2 weeks, the last 4 weeks and "all"; the report the same two
periods, the whole programme, or two chosen days. Both read it here, so "the last
2 weeks" is the same fourteen days everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

TWO_WEEKS, FOUR_WEEKS = "2w", "4w"
PROGRAMME, ALL, CUSTOM = "program", "all", "custom"
LAST_DAYS = {TWO_WEEKS: 14, FOUR_WEEKS: 28}


def needs_start(key: str) -> bool:
    """Whether ``period`` needs the programme's first day for ``key`` (reading it may
    store it, the first time: the callers ask only when needed)."""
    return key in (PROGRAMME, ALL)


def period(
    key: str,
    today: date,
    programme_start: date | None = None,
    *,
    first_checkin: date | None = None,
    first: date | None = None,
    last: date | None = None,
) -> tuple[date, date]:
    """(first day, last day) of the period ``key``:

    - ``2w`` / ``4w``: the last 14 / 28 days up to ``today``;
    - ``program``: from the programme's first day to ``today``;
    - ``all``: from the earliest of the programme's start, the first check-in and four
      weeks ago (so a new programme still shows a month);
    - ``custom``: ``first`` to ``last`` (never past ``today``); ``CoachError`` when
      either is missing or ``first`` is after ``last``.
    """
    if key in LAST_DAYS:
        return today - timedelta(days=LAST_DAYS[key] - 1), today
    if needs_start(key) and programme_start is None:
        raise ValueError(f"the period '{key}' needs the programme's first day")
    if key == PROGRAMME:
        return programme_start, today  # type: ignore[return-value]
    if key == ALL:
        four_weeks_ago = today - timedelta(days=LAST_DAYS[FOUR_WEEKS] - 1)
        candidates = (programme_start, first_checkin, four_weeks_ago)
        return min(day for day in candidates if day is not None), today
    if key != CUSTOM:
        raise ValueError(f"unknown period '{key}'")
    if first is None or last is None or first > last:
        raise CoachError(_("choose a first day that is not after the last day"))
    return first, min(last, today)
