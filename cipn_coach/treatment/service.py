"""The chemotherapy record, for the front ends: reads, and writes that say what they changed.

The repository (``storage.treatment``) stays the one place that knows the tables; this
is what ``Services.treatment`` hands the UI and the CLI, so neither needs storage. A
database opened without the treatment tables (``repository=None``) reads as an empty
record and refuses writes with a ``CoachError`` the front ends show.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from cipn_coach.changes import NOTHING, Changes, Saved
from cipn_coach.errors import CoachError
from cipn_coach.treatment.record import Agent, Cycle, Treatment

if TYPE_CHECKING:
    from cipn_coach.storage.treatment import TreatmentRepository

TREATMENT_CHANGED = Changes(treatment=True)


class TreatmentService:
    """The medicines, the end of treatment and the cycle days: one record per patient."""

    def __init__(self, repository: TreatmentRepository | None) -> None:
        self._repo = repository

    # ------------------------------------------------------------------ reads
    def record(self) -> Treatment:
        """The chemotherapy record (empty when none was entered)."""
        return self._repo.get() if self._repo is not None else Treatment()

    def cycle_days(self) -> tuple[date, ...]:
        """The cycle days: balance levels hold still around them (``progression``)."""
        return tuple(cycle.day for cycle in self.record().cycles)

    # ------------------------------------------------------------------ writes
    def set_agents(
        self, agents: tuple[Agent, ...], finished_on: date | None, now: datetime
    ) -> Saved[Treatment]:
        """Save the medicines and the end of treatment (``None``: still going on)."""
        return Saved(self._writable().set_agents(agents, finished_on, now), TREATMENT_CHANGED)

    def add_cycle(self, cycle: Cycle, now: datetime) -> Saved[Treatment]:
        """Add a cycle day, or change whether that day is still planned."""
        return Saved(self._writable().add_cycle(cycle, now), TREATMENT_CHANGED)

    def remove_cycle(self, day: date) -> Saved[Treatment]:
        """Remove a cycle day entered by mistake; nothing changed when there was none."""
        removed = self._writable().remove_cycle(day)
        return Saved(self.record(), TREATMENT_CHANGED if removed else NOTHING)

    def _writable(self) -> TreatmentRepository:
        if self._repo is None:
            from cipn_coach.i18n import _

            raise CoachError(_("the treatment record is not available with this database"))
        return self._repo
