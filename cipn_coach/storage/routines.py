"""Routines and clinicians' own exercises in the database.

Like the other repositories: one short transaction per method, frozen dataclasses out.
A routine is never edited in place. ``save`` adds a new version and archives the older
ones, so a session recorded against version 2 can always be matched with exactly what
version 2 prescribed; ``archive`` hides a routine from new plans without deleting its
history. What goes in is a validated pydantic model, and what comes out is validated
again (a later app may read rows an older one wrote).

``library_with_custom`` (in ``cipn_coach.routines.library_merge``, re-exported here) lays the
database over the file library: the newest active version of a routine replaces a
built-in with the same id (an edited built-in), an archived one hides it, and own
exercises join the built-in ones.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cipn_coach.errors import CoachError, FileFormatError, UnknownIdError
from cipn_coach.i18n import _
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import describe_validation_error
from cipn_coach.routines.library_merge import library_with_custom  # noqa: F401 - its old home
from cipn_coach.routines.routine_format import Routine
from cipn_coach.storage.db import Database
from cipn_coach.storage.models import CustomExercise, RoutineRecord
from cipn_coach.storage.rows import CustomExerciseRow, PictureData, RoutineRow

SOURCES = ("builtin", "clinician", "imported")


def _row(record: RoutineRecord) -> RoutineRow:
    routine = Routine.model_validate_json(record.body)
    return RoutineRow(
        record.id,
        record.version,
        record.title,
        routine,
        record.archived,
        record.source,
        record.created_at,
        record.updated_at,
    )


def _body(routine: Routine) -> str:
    return json.dumps(routine.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


class RoutineRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- routines ---------------------------------------------------------------------

    def list(self, archived: bool = False) -> list[RoutineRow]:
        """Active routines (their newest version), or every archived version."""
        with self._db.reading() as s:
            records = s.scalars(
                select(RoutineRecord)
                .where(RoutineRecord.archived == archived)
                .order_by(RoutineRecord.id, RoutineRecord.version)
            ).all()
            rows = [_row(r) for r in records]
        if archived:
            return rows
        newest: dict[str, RoutineRow] = {}
        for row in rows:
            newest[row.id] = row
        return list(newest.values())

    def latest(self) -> list[RoutineRow]:
        """The newest version of every routine in the database, archived or not."""
        with self._db.reading() as s:
            top = (
                select(RoutineRecord.id, func.max(RoutineRecord.version).label("v"))
                .group_by(RoutineRecord.id)
                .subquery()
            )
            records = s.scalars(
                select(RoutineRecord)
                .join(top, (RoutineRecord.id == top.c.id) & (RoutineRecord.version == top.c.v))
                .order_by(RoutineRecord.id)
            ).all()
            return [_row(r) for r in records]

    def get(self, routine_id: str, version: int | None = None) -> RoutineRow:
        """One version (default: the newest). Raises ``UnknownIdError``."""
        with self._db.reading() as s:
            query = select(RoutineRecord).where(RoutineRecord.id == routine_id)
            if version is not None:
                query = query.where(RoutineRecord.version == version)
            record = s.scalars(query.order_by(RoutineRecord.version.desc())).first()
            if record is None:
                what = routine_id if version is None else f"{routine_id} version {version}"
                raise UnknownIdError(_("no saved routine '{id}'").format(id=what))
            return _row(record)

    def find(self, routine_id: str) -> RoutineRow | None:
        try:
            return self.get(routine_id)
        except UnknownIdError:
            return None

    def versions(self, routine_id: str) -> list[RoutineRow]:
        with self._db.reading() as s:
            records = s.scalars(
                select(RoutineRecord)
                .where(RoutineRecord.id == routine_id)
                .order_by(RoutineRecord.version)
            ).all()
            return [_row(r) for r in records]

    def save(
        self,
        routine: Routine,
        now: datetime,
        *,
        source: str = "clinician",
        keep_version: bool = False,
    ) -> RoutineRow:
        """Store ``routine`` as a new version; every older version becomes archived.

        The version is one above the newest stored (or the routine's own, if higher).
        ``keep_version`` (imports) keeps the file's version and refuses one that is not
        newer than what is stored. The caller validates against the library first.
        """
        with self._db.transaction() as s:
            return _save(s, routine, now, source, keep_version)

    def save_all(
        self,
        routine: Routine,
        exercises: list[tuple[Exercise, PictureData | None]],
        now: datetime,
        *,
        source: str = "imported",
        keep_version: bool = False,
    ) -> RoutineRow:
        """Own exercises and a routine in ONE transaction (an import: all or nothing)."""
        with self._db.transaction() as s:
            for exercise, picture in exercises:
                _put_exercise(s, exercise, now, picture)
            return _save(s, routine, now, source, keep_version)

    def duplicate(self, routine: Routine, new_id: str, new_title: str, now: datetime) -> RoutineRow:
        """A copy under a new id, version 1 (works for built-in routines too)."""
        if self.find(new_id) is not None:
            raise CoachError(_("a routine with id '{id}' already exists").format(id=new_id))
        data = routine.retitled(new_title).model_dump() | {
            "id": new_id,
            "version": 1,
            "archived": False,
        }
        return self.save(_validated(data), now, source="clinician")

    def rename(self, routine_id: str, new_title: str, now: datetime) -> RoutineRow:
        """A new version with another title (sessions keep the title they ran under)."""
        current = self.get(routine_id).routine
        return self.save(_validated(current.retitled(new_title).model_dump()), now)

    def archive(self, routine_id: str, now: datetime, archived: bool = True) -> None:
        """Hide (or with ``archived=False`` bring back the newest version of) a routine."""
        newest = self.get(routine_id)
        with self._db.transaction() as s:
            query = update(RoutineRecord).where(RoutineRecord.id == routine_id)
            if not archived:
                query = query.where(RoutineRecord.version == newest.version)
            s.execute(query.values(archived=archived, updated_at=now))
            record = s.get(RoutineRecord, (routine_id, newest.version))
            assert record is not None
            record.body = _body(newest.routine.model_copy(update={"archived": archived}))

    def count(self) -> int:
        with self._db.reading() as s:
            return s.scalar(select(func.count()).select_from(RoutineRecord)) or 0

    # -- own exercises ----------------------------------------------------------------

    def save_exercise(
        self, exercise: Exercise, now: datetime, picture: PictureData | None = None
    ) -> CustomExerciseRow:
        """Add or replace an own exercise (the picture must already be checked)."""
        with self._db.transaction() as s:
            return _put_exercise(s, exercise, now, picture)

    def get_exercise(self, exercise_id: str) -> CustomExerciseRow:
        with self._db.reading() as s:
            record = s.get(CustomExercise, exercise_id)
            if record is None:
                raise UnknownIdError(_("no own exercise '{id}'").format(id=exercise_id))
            return _exercise_row(record)

    def list_exercises(self) -> list[CustomExerciseRow]:
        with self._db.reading() as s:
            return [
                _exercise_row(r)
                for r in s.scalars(select(CustomExercise).order_by(CustomExercise.id))
            ]

    def count_exercises(self) -> int:
        with self._db.reading() as s:
            return s.scalar(select(func.count()).select_from(CustomExercise)) or 0


def _save(
    s: Session, routine: Routine, now: datetime, source: str, keep_version: bool
) -> RoutineRow:
    if source not in SOURCES:
        raise ValueError(f"unknown routine source '{source}'")
    newest = (
        s.scalar(select(func.max(RoutineRecord.version)).where(RoutineRecord.id == routine.id)) or 0
    )
    if keep_version and routine.version <= newest:
        raise CoachError(
            f"routine '{routine.id}' version {routine.version} is not newer "
            f"than the saved version {newest}"
        )
    version = routine.version if keep_version else max(routine.version, newest + 1)
    stored = routine.model_copy(update={"version": version, "archived": False})
    s.execute(
        update(RoutineRecord)
        .where(RoutineRecord.id == routine.id)
        .values(archived=True, updated_at=now)
    )
    record = RoutineRecord(
        id=routine.id,
        version=version,
        title=stored.title,
        body=_body(stored),
        archived=False,
        source=source,
        created_at=now,
        updated_at=now,
    )
    s.add(record)
    s.flush()
    return _row(record)


def _put_exercise(
    s: Session, exercise: Exercise, now: datetime, picture: PictureData | None
) -> CustomExerciseRow:
    record = s.get(CustomExercise, exercise.id)
    if record is None:
        record = CustomExercise(id=exercise.id, created_at=now)
        s.add(record)
    record.body = json.dumps(exercise.model_dump(mode="json"), ensure_ascii=False)
    record.picture = picture.data if picture else None
    record.picture_mime = picture.mime if picture else None
    s.flush()
    return _exercise_row(record)


def _exercise_row(record: CustomExercise) -> CustomExerciseRow:
    picture = None
    if record.picture is not None and record.picture_mime:
        picture = PictureData(record.picture_mime, record.picture)
    return CustomExerciseRow(Exercise.model_validate_json(record.body), picture, record.created_at)


def _validated(data: dict[str, object]) -> Routine:
    try:
        return Routine.model_validate(data)
    except ValidationError as exc:
        raise FileFormatError("routine", describe_validation_error(exc)) from exc
