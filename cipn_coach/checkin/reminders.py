"""When to remind the patient to rate their day.

Once a day at most, only after the chosen time, only while today's check-in is missing:
a reminder that nags, or fires after the rating is done, teaches people to ignore it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


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


def next_reminder_check(
    now: datetime,
    at: time | None,
    checked_in_today: bool,
    last_reminded: date | None,
    at_most: timedelta,
) -> timedelta:
    """How long the app may sleep before it looks again: until the reminder's time (if
    one is still to come today, else tomorrow's), never longer than ``at_most``.

    An app left open all day on Today should not wake up every minute to ask. Waiting
    ``at_most`` at the longest bounds how late the reminder can be when the computer slept
    through its time (Qt's timers do not count suspended time) or when the time or the
    check-in was changed where the timer does not hear of it; at least a second, so a
    clock that goes back never makes a busy loop."""
    if at is None:
        return at_most
    today_at = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    still_today = now < today_at and not checked_in_today and last_reminded != now.date()
    due_next = today_at if still_today else today_at + timedelta(days=1)
    return max(timedelta(seconds=1), min(due_next - now, at_most))
