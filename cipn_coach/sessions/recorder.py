"""Saving a live session as it happens.

The recorder listens to the engine and saves each step the moment it ends, in its own
short transaction, so a crash or a closed laptop loses at most the step in progress.

Given an ``OrderedWriter`` (the app does), the saves are handed to it and the engine's
thread (the UI thread) returns at once: the writer does them in order on its worker and
retries a write refused for a lock, so none is lost when another process writes at the
same moment. Without one (the demo, tests) each save is done at once by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from cipn_coach.engine.session import Event, SessionEnded, SessionEngine, StepEnded
from cipn_coach.routines.routine_format import Routine
from cipn_coach.storage.repository import SessionRepository
from cipn_coach.storage.writer import OrderedWriter

WallClock = Callable[[], datetime]
Saved = Callable[[], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


class SessionRecorder:
    def __init__(
        self,
        repository: SessionRepository,
        engine: SessionEngine,
        routine: Routine,
        *,
        slot: str | None,
        local_date: date,
        program_week: int,
        wall_clock: WallClock = utc_now,
        writer: OrderedWriter | None = None,
        on_saved: Saved | None = None,
        continuing: int | None = None,
    ) -> None:
        """``on_saved`` is called (on the writer's thread) after the session's end and its
        rating are saved: the moment the screens may show them. ``continuing``: the id of
        a session cut short that carries on in this engine; its record is reopened, its
        saved steps kept, instead of a new record made."""
        self._repository = repository
        self._wall_clock = wall_clock
        self._writer = writer
        self._on_saved = on_saved
        self._session_id: int | None = None
        planned = sum(step.planned_work_seconds for step in engine.timeline.steps)
        started_at = wall_clock()
        if continuing is not None:
            self._session_id = continuing
            self._save(
                lambda: repository.reopen(continuing), f"the continuation of '{routine.title}'"
            )
        else:

            def start() -> None:
                self._session_id = repository.start(
                    routine_id=routine.id,
                    routine_version=routine.version,
                    routine_title=routine.title,
                    slot=slot,
                    local_date=local_date,
                    program_week=program_week,
                    planned_seconds=planned,
                    started_at=started_at,
                )

            self._save(start, f"the start of '{routine.title}'")
        engine.subscribe(self._on_event)

    @property
    def session_id(self) -> int:
        """The session's row id. Waits for the writer to have saved the start: not for
        the UI thread (it never needs the id; the rating goes through ``rate``)."""
        if self._session_id is None and self._writer is not None:
            self._writer.flush()
        assert self._session_id is not None
        return self._session_id

    def rate(self, effort: int | None, symptoms_change: str | None, note: str | None) -> None:
        """Save the after-session rating (validated first, so a bad one raises here)."""
        self._repository.check_rating(effort, symptoms_change)
        self._save(
            lambda: self._repository.rate(self._id(), effort, symptoms_change, note),
            "the session's rating",
            self._on_saved,
        )

    def _id(self) -> int:
        assert self._session_id is not None, "the session's start is saved first"
        return self._session_id

    def _save(self, write: Callable[[], object], what: str, done: Saved | None = None) -> None:
        if self._writer is None:
            write()
            if done is not None:
                done()
        else:
            self._writer.submit(write, what, done)

    def _on_event(self, event: Event) -> None:
        ended_at = self._wall_clock()  # when it happened, not when the writer gets to it
        if isinstance(event, StepEnded):
            progress = event.progress
            self._save(
                lambda: self._repository.save_step(self._id(), progress, ended_at),
                f"step {progress.step_index + 1}",
            )
        elif isinstance(event, SessionEnded):
            status = event.status
            self._save(
                lambda: self._repository.finish(self._id(), status, ended_at),
                "the session's end",
                self._on_saved,
            )
