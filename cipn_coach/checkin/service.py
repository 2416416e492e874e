"""Daily check-ins, for the front ends: reads, and writes that say what they changed.

The repository (``storage.checkins``) stays the one place that knows the tables; this
is what ``Services.checkins`` hands the UI and the CLI, so neither needs storage.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from cipn_coach.changes import NOTHING, Changes, Saved
from cipn_coach.storage.rows import CheckInRow, DayAnswers

if TYPE_CHECKING:
    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.storage.checkins import CheckInRepository

CHECKINS_CHANGED = Changes(checkins=True)

__all__ = ["CheckInRow", "CheckInService"]  # the row type the UI shows


class CheckInService:
    """One check-in per day; an edit keeps the earlier version in the day's history."""

    def __init__(self, repository: CheckInRepository) -> None:
        self._repo = repository

    # ------------------------------------------------------------------ reads
    def get(self, day: date) -> CheckInRow | None:
        """The current check-in of ``day``, or ``None`` if that day was not filled in."""
        return self._repo.get(day)

    def between(self, first: date, last: date) -> list[CheckInRow]:
        """Current check-ins from ``first`` to ``last`` inclusive, oldest day first."""
        return self._repo.between(first, last)

    def answers_between(self, first: date, last: date) -> list[DayAnswers]:
        """The answers of ``between``'s check-ins without their save times (summaries)."""
        return self._repo.answers_between(first, last)

    def first_day(self) -> date | None:
        return self._repo.first_day()

    def history(self, day: date) -> list[CheckInRow]:
        """Earlier versions of ``day``'s check-in, oldest first."""
        return self._repo.history(day)

    def count(self) -> int:
        return self._repo.count()

    # ------------------------------------------------------------------ writes
    def save(
        self, day: date, values: CheckInValues, now: datetime, *, today: date | None = None
    ) -> Saved[CheckInRow]:
        """Save ``day``'s answers (``CheckInError`` for a day after ``today``)."""
        return Saved(self._repo.save(day, values, now, today=today), CHECKINS_CHANGED)

    def delete(self, day: date) -> Saved[CheckInRow | None]:
        """Delete ``day``'s check-in and its history (a safety backup keeps them first);
        the row is what was deleted, ``None`` when the day had none (nothing changed)."""
        deleted = self._repo.delete(day)
        return Saved(deleted, CHECKINS_CHANGED if deleted is not None else NOTHING)
