"""Which optional questions the day's check-in asks: the weekly daily-life pair, and
cold sensitivity in the days after an oxaliplatin infusion.

Pure: the check-ins already saved and the treatment record in, two yes/no out. The form
(``ui``) shows the questions; the rules read the answers (``flags``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cipn_coach.checkin.fields import DAILY_LIFE_EVERY_DAYS
from cipn_coach.treatment.record import Treatment

if TYPE_CHECKING:
    from cipn_coach.storage.rows import CheckInRow


@dataclass(frozen=True)
class CheckInPrompts:
    daily_life: bool  # ask the two weekly daily-life questions
    cold: bool  # ask about cold sensitivity with emphasis (after oxaliplatin)


def daily_life_due(rows: Iterable[CheckInRow], day: date) -> bool:
    """Due when no other day within six days of ``day`` (before or after: a past day
    filled in late) answered them. The day that did answer them shows them again, so the
    answer can be changed."""
    reach = timedelta(days=DAILY_LIFE_EVERY_DAYS - 1)
    return not any(
        abs(r.day - day) <= reach
        and r.day != day
        and (r.daily_tasks_harder is not None or r.self_care_harder is not None)
        for r in rows
    )


def prompts_for(rows: Iterable[CheckInRow], treatment: Treatment, day: date) -> CheckInPrompts:
    return CheckInPrompts(daily_life_due(rows, day), treatment.cold_days(day))
