"""The treatment repository: the chemotherapy record and its cycle days.

Each method is one short transaction and hands out the plain ``treatment.Treatment``
(no SQLAlchemy objects leave this module), as the other repositories do.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

from cipn_coach.storage.db import Database
from cipn_coach.storage.models import CycleRecord, TreatmentRecord
from cipn_coach.treatment.record import AGENT_ORDER, Agent, Cycle, Treatment

RECORD_ID = 1  # the one row of the ``treatment`` table


def agents_text(agents: tuple[Agent, ...]) -> str:
    return ",".join(agent.value for agent in agents)


def agents_from_text(text: str) -> tuple[Agent, ...]:
    """Known medicines only: a value a later app added is left out, not an error."""
    known = {agent.value for agent in AGENT_ORDER}
    return tuple(Agent(part) for part in text.split(",") if part in known)


class TreatmentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> Treatment:
        """The record; an empty ``Treatment`` when the patient never filled it in."""
        with self._db.reading() as s:
            record = s.get(TreatmentRecord, RECORD_ID)
            cycles = tuple(
                Cycle(r.day, r.planned)
                for r in s.scalars(select(CycleRecord).order_by(CycleRecord.day))
            )
        if record is None:
            return Treatment(cycles=cycles)
        return Treatment(agents_from_text(record.agents), record.finished_on, cycles)

    def set_agents(
        self, agents: tuple[Agent, ...], finished_on: date | None, now: datetime
    ) -> Treatment:
        """Save the medicines and the end day (``None``: still going on)."""
        with self._db.transaction() as s:
            record = s.get(TreatmentRecord, RECORD_ID)
            if record is None:
                record = TreatmentRecord(id=RECORD_ID)
                s.add(record)
            record.agents = agents_text(Treatment(agents).agents)
            record.finished_on = finished_on
            record.updated_at = now
        return self.get()

    def add_cycle(self, cycle: Cycle, now: datetime) -> Treatment:
        """Add a cycle day, or change whether that day is still planned."""
        with self._db.transaction() as s:
            record = s.get(CycleRecord, cycle.day)
            if record is None:
                s.add(CycleRecord(day=cycle.day, planned=cycle.planned, created_at=now))
            else:
                record.planned = cycle.planned
        return self.get()

    def remove_cycle(self, day: date) -> bool:
        """Remove a cycle day entered by mistake; ``False`` if there was none."""
        with self._db.transaction() as s:
            removed = s.execute(delete(CycleRecord).where(CycleRecord.day == day)).rowcount
        return bool(removed)
