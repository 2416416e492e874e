"""Small repositories: the only code that talks to the database.

Each method is one short transaction and returns plain dataclasses, never live ORM
objects, so callers (the UI, the CLI) cannot accidentally hold a database session open
or trigger lazy loads on the UI thread.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Select, bindparam, func, select, type_coerce, update

from cipn_coach.storage.db import Database
from cipn_coach.storage.models import SessionRecord, Setting, StepRecord

# The rows and statuses live in ``rows`` (no SQLAlchemy there) and are re-exported here.
from cipn_coach.storage.rows import (  # noqa: F401
    COMPLETED,
    ENDED_STATUSES,
    IN_PROGRESS,
    OUTCOME_FIELDS,
    PARTIAL,
    SESSION_FIELDS,
    STEP_FIELDS,
    STOPPED,
    SessionOutcome,
    SessionRow,
    StepDone,
    StepRow,
)


def _step_row(step: StepRecord) -> StepRow:
    return StepRow(
        step.position,
        step.exercise_id,
        step.title,
        step.planned_seconds,
        step.done_seconds,
        step.planned_reps,
        step.done_reps,
        step.skipped,
        step.completed,
    )


def _session_row(record: SessionRecord) -> SessionRow:
    return SessionRow(
        record.id,
        record.routine_id,
        record.routine_title,
        record.slot,
        record.local_date,
        record.started_at,
        record.ended_at,
        record.status,
        record.planned_seconds,
        record.done_seconds,
        record.effort,
        record.symptoms_change,
        record.note,
        tuple(_step_row(s) for s in record.steps),
    )


def _outcomes_query(first: date, last: date) -> Select[Any]:
    """The ``SessionOutcome`` columns of the sessions of ``first``…``last``; the start is
    read as stored (naive UTC), not converted value by value."""
    table = SessionRecord.__table__
    columns = [
        type_coerce(table.c.started_at, DateTime()) if name == "started_at" else table.c[name]
        for name in OUTCOME_FIELDS
    ]
    return select(*columns).where(
        SessionRecord.local_date >= first, SessionRecord.local_date <= last
    )


class SessionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def start(
        self,
        *,
        routine_id: str,
        routine_version: int,
        routine_title: str,
        slot: str | None,
        local_date: date,
        program_week: int,
        planned_seconds: float,
        started_at: datetime,
    ) -> int:
        with self._db.transaction() as s:
            record = SessionRecord(
                uid=str(uuid.uuid4()),
                routine_id=routine_id,
                routine_version=routine_version,
                routine_title=routine_title,
                slot=slot,
                local_date=local_date,
                program_week=program_week,
                started_at=started_at,
                status=IN_PROGRESS,
                planned_seconds=planned_seconds,
                done_seconds=0.0,
            )
            s.add(record)
            s.flush()
            return record.id

    def save_step(self, session_id: int, progress: StepDone, ended_at: datetime) -> None:
        """Write (or rewrite, after Back) one step, and the session's running total."""
        with self._db.transaction() as s:
            step = s.scalars(
                select(StepRecord).where(
                    StepRecord.session_id == session_id, StepRecord.position == progress.step_index
                )
            ).first()
            if step is None:
                step = StepRecord(session_id=session_id, position=progress.step_index)
                s.add(step)
            step.exercise_id = progress.exercise_id
            step.title = progress.title
            step.planned_seconds = progress.planned_seconds
            step.done_seconds = progress.done_seconds
            step.planned_reps = progress.planned_reps
            step.done_reps = progress.done_reps
            step.skipped = progress.skipped
            step.completed = progress.completed
            step.ended_at = ended_at
            s.flush()
            total = sum(
                min(r.done_seconds, r.planned_seconds)
                for r in s.scalars(select(StepRecord).where(StepRecord.session_id == session_id))
            )
            s.execute(
                update(SessionRecord)
                .where(SessionRecord.id == session_id)
                .values(done_seconds=total)
            )

    def finish(self, session_id: int, status: str, ended_at: datetime) -> None:
        if status not in ENDED_STATUSES:
            raise ValueError(f"unknown session status '{status}'")
        with self._db.transaction() as s:
            s.execute(
                update(SessionRecord)
                .where(SessionRecord.id == session_id)
                .values(status=status, ended_at=ended_at)
            )

    @staticmethod
    def check_rating(effort: int | None, symptoms_change: str | None) -> None:
        """Raise ``ValueError`` for a rating that cannot be saved (before it is queued)."""
        if effort is not None and not 0 <= effort <= 10:
            raise ValueError("effort must be 0–10")
        if symptoms_change not in (None, "better", "same", "worse"):
            raise ValueError("symptoms change must be better, same or worse")

    def rate(
        self, session_id: int, effort: int | None, symptoms_change: str | None, note: str | None
    ) -> None:
        self.check_rating(effort, symptoms_change)
        with self._db.transaction() as s:
            s.execute(
                update(SessionRecord)
                .where(SessionRecord.id == session_id)
                .values(effort=effort, symptoms_change=symptoms_change, note=(note or None))
            )

    def unfinished(self) -> list[SessionRow]:
        """Sessions still marked in progress (with their steps): at start-up, the ones a
        crash, a power cut or a closed window cut short."""
        with self._db.transaction() as s:
            records = s.scalars(
                select(SessionRecord)
                .where(SessionRecord.status == IN_PROGRESS)
                .order_by(SessionRecord.started_at)
            )
            return [_session_row(r) for r in records]

    def reopen(self, session_id: int) -> None:
        """Continue a session cut short: in progress again, its saved steps kept."""
        with self._db.transaction() as s:
            s.execute(
                update(SessionRecord)
                .where(SessionRecord.id == session_id)
                .values(status=IN_PROGRESS, ended_at=None)
            )

    def mark_unfinished_partial(self) -> int:
        """Sessions left in progress by a crash or power cut become 'partial'."""
        with self._db.transaction() as s:
            result = s.execute(
                update(SessionRecord)
                .where(SessionRecord.status == IN_PROGRESS)
                .values(status=PARTIAL)
            )
            return result.rowcount or 0

    def get(self, session_id: int) -> SessionRow:
        with self._db.reading() as s:
            record = s.get(SessionRecord, session_id)
            if record is None:
                raise KeyError(session_id)
            return _session_row(record)

    def between(self, first: date, last: date, *, with_steps: bool = True) -> list[SessionRow]:
        """Sessions of ``first``…``last`` with their steps, oldest first.

        Read as plain rows (two queries) on the Core connection, not ORM objects: Today,
        the plan and the charts read years of history, and building ORM objects for 20,000
        steps took seconds. ``with_steps=False`` leaves every row's ``steps`` empty and
        skips reading them, for callers that only need dates, status and times (the
        summary's adherence).
        """
        session_cols = [SessionRecord.__table__.c[name] for name in SESSION_FIELDS]
        step_cols = [StepRecord.__table__.c[name] for name in ("session_id", *STEP_FIELDS)]
        in_period = (SessionRecord.local_date >= first, SessionRecord.local_date <= last)
        with self._db.reading() as s:
            connection = s.connection()
            sessions = connection.execute(
                select(*session_cols).where(*in_period).order_by(SessionRecord.started_at)
            ).all()
            steps: dict[int, list[StepRow]] = {}
            if with_steps:
                ids = select(SessionRecord.id).where(*in_period).scalar_subquery()
                for row in connection.execute(
                    select(*step_cols)
                    .where(StepRecord.session_id.in_(ids))
                    .order_by(StepRecord.session_id, StepRecord.position)
                ):
                    steps.setdefault(row[0], []).append(StepRow(*row[1:]))
        return [SessionRow(*r, tuple(steps.get(r[0], ()))) for r in sessions]

    def outcomes(self, first: date, last: date) -> list[SessionOutcome]:
        """What adherence reads of the sessions of ``first``…``last``, oldest first.

        The start time is read as stored (naive UTC), not turned into an aware datetime
        value by value: it only orders a day's sessions. A summary of years reads
        thousands of sessions, and the conversions and frozen rows cost more than the
        reading.
        """
        query = _outcomes_query(first, last).order_by(SessionRecord.started_at)
        with self._db.reading() as s:
            rows = s.connection().execute(query).all()  # at once: row by row costs 3x
        return [SessionOutcome(*row) for row in rows]

    def outcomes_newest_first(self, first: date, last: date) -> Iterator[SessionOutcome]:
        """``outcomes`` of ``first``…``last``, the latest day first, read as the caller
        goes: one that stops early (a streak followed back to its first gap) reads no
        further. Its read stays open while it is iterated: iterate it inside a
        ``Database.reading`` (``Services.reading``), as the summary does, and close it
        (``contextlib.closing``) when done."""
        query = _outcomes_query(first, last).order_by(
            SessionRecord.local_date.desc(), SessionRecord.started_at.desc()
        )
        with self._db.reading() as s:
            for row in s.connection().execute(query):
                yield SessionOutcome(*row)

    def skipped_steps(self, first: date, last: date) -> dict[str, int]:
        """How many steps of each exercise were skipped in sessions of ``first``…``last``.

        Counted by SQLite, so the summary need not read every step of years of sessions.
        """
        query = (
            select(StepRecord.exercise_id, func.count())
            .join(SessionRecord, SessionRecord.id == StepRecord.session_id)
            .where(
                SessionRecord.local_date >= first,
                SessionRecord.local_date <= last,
                StepRecord.skipped.is_(True),
            )
            .group_by(StepRecord.exercise_id)
        )
        with self._db.reading() as s:
            return {exercise: count for exercise, count in s.connection().execute(query)}


_SETTING_VALUE = select(Setting.value).where(Setting.key == bindparam("key"))


class SettingsRepository:
    """Key → JSON value. Unknown keys read as the caller's default."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``; read as a plain column, not an ORM object: a summary
        asks for half a dozen settings, and loading each as an object took twice as
        long as reading it."""
        with self._db.reading() as s:
            value = s.connection().execute(_SETTING_VALUE, {"key": key}).scalar()
        if value is None:
            return default
        try:
            return json.loads(value)
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
        encoded = json.dumps(value)
        with self._db.transaction() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=encoded))
            else:
                row.value = encoded

    def all(self) -> dict[str, Any]:
        with self._db.reading() as s:
            return {row.key: json.loads(row.value) for row in s.scalars(select(Setting))}
