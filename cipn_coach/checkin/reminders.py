"""When to remind the patient to rate their day.

Once a day at most, only after the chosen time, only while today's check-in is missing:
a reminder that nags, or fires after the rating is done, teaches people to ignore it.
"""

from __future__ import annotations

from datetime import date, datetime, time


def parse_reminder_time(text: object) -> time | None:
    """'HH:MM' → time; anything else (off, unset, garbled) → no reminder."""
    if not isinstance(text, str):
        return None
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        return None


def reminder_due(
    now: datetime, at: time | None, checked_in_today: bool, last_reminded: date | None
) -> bool:
    if at is None or checked_in_today:
        return False
    if last_reminded == now.date():
        return False
    return now.time() >= at
