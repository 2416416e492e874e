"""Saving a live session as it happens.

The recorder listens to the engine and writes each step the moment it ends, in its own
short transaction, so a crash or a closed laptop loses at most the step in progress.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from cipn_coach.engine.session import Event, SessionEnded, SessionEngine, StepEnded
from cipn_coach.routine_schema import Routine
from cipn_coach.storage.repository import SessionRepository

WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class SessionRecorder:
    def __init__(self, repository: SessionRepository, engine: SessionEngine, routine: Routine,
                 *, slot: str | None, local_date: date, program_week: int,
                 wall_clock: WallClock = utc_now, continuing: int | None = None) -> None:
        """``continuing``: the id of a session cut short that carries on in this engine;
        its record is reopened, its saved steps kept, instead of a new record made."""
        self._repository = repository
        self._wall_clock = wall_clock
        planned = sum(step.planned_work_seconds for step in engine.timeline.steps)
        if continuing is not None:
            repository.reopen(continuing)
            self.session_id = continuing
        else:
            self.session_id = repository.start(
                routine_id=routine.id, routine_version=routine.version,
                routine_title=routine.title, slot=slot, local_date=local_date,
                program_week=program_week, planned_seconds=planned, started_at=wall_clock(),
            )
        engine.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StepEnded):
            self._repository.save_step(self.session_id, event.progress, self._wall_clock())
        elif isinstance(event, SessionEnded):
            self._repository.finish(self.session_id, event.status, self._wall_clock())
