"""Read what Today shows straight from SQLite, without SQLAlchemy, for the app's start.

Importing SQLAlchemy and opening the database through it costs over a second, and the
patient should see their day before that. These readers answer the few questions
Today asks (settings, sessions and check-ins between two days, the routines and own
exercises saved in the app) with the same method names and the same row types as the
repositories, so ``Services.today`` and ``PlanService`` run on them unchanged; a test
checks that every answer equals the repositories' on the same file.

They never write: the connection is opened read-only, and a setting the plan would
store the first time (the programme's start day) is only remembered in memory. They
only read a database that is already at the current schema revision and opens
cleanly; anything else (an old schema, a damaged file) returns ``None`` and the app
takes its normal path, which migrates or repairs first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cipn_coach.storage.rows import (
    ANSWERS, SESSION_FIELDS, STEP_FIELDS, CheckInRow, CustomExerciseRow, PictureData,
    RoutineRow, SessionRow, StepRow, checkin_row,
)

_BOOLEAN_COLUMNS = frozenset({"skipped", "completed", "archived", "woke_me", "cold_sensitive",
                              "dropped", "fine_motor", "held_wall", "stumbled",
                              "new_weakness", "unfelt_wound"})
_DATE_COLUMNS = frozenset({"day", "local_date"})
_UTC_COLUMNS = frozenset({"started_at", "ended_at", "created_at", "updated_at", "replaced_at"})


def _utc(raw: str) -> datetime:  # naive UTC text in SQLite, aware UTC out (UTCDateTime)
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


def _converter(column: str) -> Callable[[Any], Any] | None:
    """How a stored value becomes what the repositories return (the models' column types)."""
    if column in _BOOLEAN_COLUMNS:
        return bool
    if column in _DATE_COLUMNS:
        return date.fromisoformat
    if column in _UTC_COLUMNS:
        return _utc
    return None


class QuickReader:
    """A read-only connection shared by the readers below; without one (a first start,
    no database yet) every query reads as empty."""

    def __init__(self, connection: sqlite3.Connection | None) -> None:
        self._connection = connection

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        if self._connection is None:
            return
        cursor = self._connection.execute(sql, params)
        names = [d[0] for d in cursor.description]
        converters = [(i, convert) for i, name in enumerate(names)
                      if (convert := _converter(name)) is not None]
        for raw in cursor:
            values = list(raw)
            for i, convert in converters:
                if values[i] is not None:
                    values[i] = convert(values[i])
            yield dict(zip(names, values))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


class QuickSettings:
    """``SettingsRepository.get``; ``set`` is kept in memory only (never written)."""

    def __init__(self, reader: QuickReader) -> None:
        self._stored = {r["key"]: r["value"] for r in reader.rows("SELECT key, value FROM settings")}
        self._unsaved: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._unsaved:
            return self._unsaved[key]
        if key not in self._stored:
            return default
        try:
            return json.loads(self._stored[key])
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
        self._unsaved[key] = value


class QuickSessions:
    """``SessionRepository.between``: sessions of a period, with their steps if asked."""

    def __init__(self, reader: QuickReader) -> None:
        self._reader = reader

    def between(self, first: date, last: date, *, with_steps: bool = True) -> list[SessionRow]:
        period = (first.isoformat(), last.isoformat())
        in_period = "local_date >= ? AND local_date <= ?"
        steps: dict[int, list[StepRow]] = {}
        for row in self._reader.rows(
                f"SELECT session_id, {', '.join(STEP_FIELDS)} FROM session_steps WHERE session_id IN "
                f"(SELECT id FROM sessions WHERE {in_period}) ORDER BY session_id, position",
                period) if with_steps else ():
            steps.setdefault(row["session_id"], []).append(StepRow(*(row[f] for f in STEP_FIELDS)))
        return [SessionRow(*(row[f] for f in SESSION_FIELDS), tuple(steps.get(row["id"], ())))
                for row in self._reader.rows(
                    f"SELECT {', '.join(SESSION_FIELDS)} FROM sessions WHERE {in_period} "
                    "ORDER BY started_at", period)]


class QuickCheckIns:
    """``CheckInRepository.between`` and ``get``: the current check-ins."""

    _COLUMNS = ", ".join(("day", "pain_kinds", "version", "created_at", "updated_at", *ANSWERS))

    def __init__(self, reader: QuickReader) -> None:
        self._reader = reader

    def between(self, first: date, last: date) -> list[CheckInRow]:
        return [checkin_row(row.__getitem__) for row in self._reader.rows(
            f"SELECT {self._COLUMNS} FROM checkins WHERE day >= ? AND day <= ? ORDER BY day",
            (first.isoformat(), last.isoformat()))]

    def get(self, day: date) -> CheckInRow | None:
        found = self.between(day, day)
        return found[0] if found else None


class QuickRoutines:
    """``RoutineRepository.latest`` and ``list_exercises``, for ``library_with_custom``."""

    def __init__(self, reader: QuickReader) -> None:
        self._reader = reader

    def latest(self) -> list[RoutineRow]:
        from cipn_coach.routine_schema import Routine

        return [RoutineRow(r["id"], r["version"], r["title"], Routine.model_validate_json(r["body"]),
                           r["archived"], r["source"], r["created_at"], r["updated_at"])
                for r in self._reader.rows(
                    "SELECT r.* FROM routines r JOIN (SELECT id, max(version) AS v FROM routines "
                    "GROUP BY id) top ON r.id = top.id AND r.version = top.v ORDER BY r.id")]

    def list_exercises(self) -> list[CustomExerciseRow]:
        from cipn_coach.exercise_schema import Exercise

        found = []
        for r in self._reader.rows("SELECT * FROM custom_exercises ORDER BY id"):
            picture = (PictureData(r["picture_mime"], r["picture"])
                       if r["picture"] is not None and r["picture_mime"] else None)
            found.append(CustomExerciseRow(Exercise.model_validate_json(r["body"]), picture,
                                           r["created_at"]))
        return found


def open_quick_reader(database: Path, head_revision: str) -> QuickReader | None:
    """A read-only reader of ``database`` (one that reads as empty if there is no file
    yet: a first start), or ``None`` when it must not be read this way: at another
    schema revision, or not a sound SQLite file."""
    if not database.is_file():
        return QuickReader(None)
    try:
        connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True,
                                     check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        with closing(connection.execute("SELECT version_num FROM alembic_version")) as cursor:
            revisions = [r[0] for r in cursor]
    except sqlite3.Error:
        connection.close()
        return None
    if revisions != [head_revision]:
        connection.close()
        return None
    return QuickReader(connection)
