"""Exercise sessions, for the front ends: the record's reads, and recording a live session.

The repository (``storage.repository``) stays the one place that knows the tables; this
is what ``Services.sessions`` hands the UI and the CLI, so neither needs storage. A
session is written as it happens by a ``SessionRecorder`` on the app's ordered writer
(off the UI thread); when its end or rating is saved, the recorder says so with
``SESSIONS_CHANGED``, the value every other write returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from cipn_coach.changes import Changes
from cipn_coach.storage.rows import SessionOutcome, SessionRow

if TYPE_CHECKING:
    from cipn_coach.engine.session import SessionEngine
    from cipn_coach.routines.routine_format import Routine
    from cipn_coach.sessions.recorder import SessionRecorder, WallClock
    from cipn_coach.storage.repository import SessionRepository
    from cipn_coach.storage.writer import OrderedWriter

SESSIONS_CHANGED = Changes(sessions=True)

__all__ = ["SESSIONS_CHANGED", "SessionRow", "SessionService"]  # the row type the UI shows


class SessionService:
    """Sessions done (or cut short), oldest first; one recorder per live session."""

    def __init__(self, repository: SessionRepository, writer: OrderedWriter) -> None:
        self._repo = repository
        self._writer = writer  # a session's steps, end and rating: saved in order

    # ------------------------------------------------------------------ reads
    def between(self, first: date, last: date, *, with_steps: bool = True) -> list[SessionRow]:
        """Sessions from ``first`` to ``last`` inclusive (local days), oldest first;
        ``with_steps=False`` leaves each session's steps unread (a summary's count)."""
        return self._repo.between(first, last, with_steps=with_steps)

    def get(self, session_id: int) -> SessionRow:
        return self._repo.get(session_id)

    def outcomes(self, first: date, last: date) -> list[SessionOutcome]:
        """What adherence reads of each session of ``first``…``last``, oldest first: the
        lean row a summary of years can afford (``SessionRepository.outcomes``)."""
        return self._repo.outcomes(first, last)

    def outcomes_newest_first(self, first: date, last: date) -> Iterator[SessionOutcome]:
        """``outcomes``, latest day first, read as the caller goes (a streak followed back
        stops at its first gap); iterate it inside ``Services.reading``."""
        return self._repo.outcomes_newest_first(first, last)

    def skipped_steps(self, first: date, last: date) -> dict[str, int]:
        """How many steps of each exercise were skipped from ``first`` to ``last``."""
        return self._repo.skipped_steps(first, last)

    # ------------------------------------------------------------------ writes
    def record(
        self,
        engine: SessionEngine,
        routine: Routine,
        *,
        slot: str | None,
        local_date: date,
        program_week: int,
        wall_clock: WallClock,
        on_saved: Callable[[Changes], None],
        continuing: int | None = None,
    ) -> SessionRecorder:
        """Save the session ``engine`` runs as it happens (see ``recorder``). ``on_saved``
        hears ``SESSIONS_CHANGED`` on the writer's thread once its end or rating is
        saved; ``continuing``: the id of a session cut short that carries on."""
        from cipn_coach.sessions.recorder import SessionRecorder

        return SessionRecorder(
            self._repo,
            engine,
            routine,
            slot=slot,
            local_date=local_date,
            program_week=program_week,
            wall_clock=wall_clock,
            writer=self._writer,
            on_saved=lambda: on_saved(SESSIONS_CHANGED),
            continuing=continuing,
        )
