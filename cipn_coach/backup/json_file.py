"""JSON backups: export one person's whole record, and import it back.

For moving to a new computer or handing the record to a clinician. The format is the
explicit, versioned model in ``backup_model``; the write rules of an import are in
``backup_merge``. What this module guarantees:

- **Export** reads everything in one transaction (one consistent snapshot), checks it
  against the same model import uses (so it never writes a file import would refuse),
  and writes it atomically: a private temporary file (0600), fsync'd, then renamed.
- **Import** is all-or-nothing: the whole file is read and validated first (size, JSON,
  format, version, every field's bounds), then written in ONE transaction. Before it
  writes, a database backup is made with ``storage.backup.make_backup`` (when the
  database is a file), so even a wrong ``replace`` can be undone from Settings → Backups.
- Problems are ``CoachError`` subclasses with one-line messages naming the file and
  the field path, which the CLI prints as its one line and the UI shows in a dialog.
"""

from __future__ import annotations

import base64
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from cipn_coach import __version__
from cipn_coach.backup.format import (
    FORMAT,
    FORMAT_VERSION,
    MAX_BACKUP_BYTES,
    Backup,
    BackupData,
)
from cipn_coach.backup.merge import (
    MergeStats,
    answers_of,
    apply,
    has_table,
    self_test_of,
    session_of,
)
from cipn_coach.errors import CoachError, FileFormatError, unreadable_reason
from cipn_coach.i18n import N_, _
from cipn_coach.routines.library import describe_validation_error
from cipn_coach.storage.db import Database
from cipn_coach.storage.models import (
    CheckIn,
    CheckInVersion,
    CustomExercise,
    CycleRecord,
    RoutineRecord,
    SelfTestRecord,
    SessionRecord,
    Setting,
    TreatmentRecord,
)

ImportMode = Literal["empty", "replace", "merge"]
IMPORT_MODES: tuple[str, ...] = ("empty", "replace", "merge")
MAX_PROBLEMS_SHOWN = 8
_BOM = b"\xef\xbb\xbf"


class NotEmptyError(CoachError):
    """An "empty" import found records here; the UI asks, the CLI needs a flag."""

    def __init__(self, checkins: int, sessions: int) -> None:
        self.checkins, self.sessions = checkins, sessions
        super().__init__(
            _(
                "this data folder already has {checkins} check-ins and {sessions} "
                "sessions: add --merge to keep both, or --replace to overwrite them "
                "(a backup of the database is made first)"
            ).format(checkins=checkins, sessions=sessions)
        )


@dataclass(frozen=True)
class ExportResult:
    path: Path
    counts: dict[str, int]

    def summary(self) -> str:
        from cipn_coach.formatting import count

        c = self.counts
        return _("exported {checkins} ({versions}), {sessions}, {routines} to {path}").format(
            checkins=count(c["checkins"], "{n} check-in", "{n} check-ins"),
            versions=count(c["checkin_versions"], "{n} earlier version", "{n} earlier versions"),
            sessions=count(c["sessions"], "{n} session", "{n} sessions"),
            routines=count(c["routines"], "{n} routine", "{n} routines"),
            path=self.path,
        )


# how an import went in, as its summary names it (the modes themselves are codes)
IMPORT_MODE_WORDS = {
    "empty": N_("into an empty folder"),
    "replace": N_("replacing what was here"),
    "merge": N_("merged with what was here"),
}


@dataclass(frozen=True)
class ImportResult:
    path: Path
    mode: str
    counts: dict[str, int]  # what the file held
    stats: MergeStats
    safety_backup: Path | None  # the database backup made just before writing
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        s = self.stats
        text = _("imported {path} ({mode}): {records}").format(
            path=self.path,
            mode=_(IMPORT_MODE_WORDS[self.mode]) if self.mode in IMPORT_MODE_WORDS else self.mode,
            records=s.records_said(),
        )
        text += s.self_tests_said()
        if self.safety_backup is not None:
            text += _("; backup of the previous data: {name}").format(name=self.safety_backup.name)
        if s.settings_left_out:
            text += _(
                "; left out because they did not fit (the defaults apply): {settings}"
            ).format(settings="; ".join(s.settings_left_out))
        return text


# ---------------------------------------------------------------- reading the database
def _exercise_of(record: CustomExercise) -> dict[str, Any]:
    picture = None
    if record.picture is not None and record.picture_mime:
        picture = {
            "mime": record.picture_mime,
            "base64": base64.b64encode(record.picture).decode("ascii"),
        }
    return {
        "exercise": json.loads(record.body),
        "picture": picture,
        "created_at": record.created_at,
    }


def _setting_value(text: str) -> Any:
    """Settings are stored as JSON text; one that is not (never written by the app) is
    carried as a plain string rather than stopping the backup."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def snapshot(db: Database) -> BackupData:
    """Everything a backup holds, read in one transaction and validated by the model."""
    with db.transaction() as s:
        settings = {
            row.key: _setting_value(row.value)
            for row in s.scalars(select(Setting).order_by(Setting.key))
        }
        history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for old in s.scalars(
            select(CheckInVersion).order_by(CheckInVersion.checkin_id, CheckInVersion.version)
        ):
            history[old.checkin_id].append(answers_of(old) | {"replaced_at": old.replaced_at})
        checkins = [
            answers_of(c) | {"day": c.day, "history": history[c.id]}
            for c in s.scalars(select(CheckIn).order_by(CheckIn.day))
        ]
        sessions = [
            session_of(r)
            for r in s.scalars(
                select(SessionRecord)
                .options(selectinload(SessionRecord.steps))
                .order_by(SessionRecord.started_at, SessionRecord.uid)
            )
        ]
        routines: list[dict[str, Any]] = []
        if has_table(s, RoutineRecord.__tablename__):
            routines = [
                {
                    "id": r.id,
                    "version": r.version,
                    "title": r.title,
                    "body": json.loads(r.body),
                    "archived": r.archived,
                    "source": r.source,
                    "created_at": r.created_at,
                    "updated_at": r.updated_at,
                }
                for r in s.scalars(
                    select(RoutineRecord).order_by(RoutineRecord.id, RoutineRecord.version)
                )
            ]
        exercises: list[dict[str, Any]] = []
        if has_table(s, CustomExercise.__tablename__):
            exercises = [
                _exercise_of(e)
                for e in s.scalars(select(CustomExercise).order_by(CustomExercise.id))
            ]
        treatment = treatment_of(s)
        self_tests: list[dict[str, Any]] = []
        if has_table(s, SelfTestRecord.__tablename__):
            self_tests = [
                self_test_of(r)
                for r in s.scalars(
                    select(SelfTestRecord).order_by(
                        SelfTestRecord.day, SelfTestRecord.created_at, SelfTestRecord.uid
                    )
                )
            ]
    try:
        return BackupData.model_validate(
            {
                "settings": settings,
                "checkins": checkins,
                "sessions": sessions,
                "routines": routines,
                "custom_exercises": exercises,
                "treatment": treatment,
                "self_tests": self_tests,
            }
        )
    except ValidationError as exc:
        raise CoachError(
            _(
                "a saved record does not fit the backup format, so nothing was written: {problems}"
            ).format(problems=_problems(exc))
        ) from None


def treatment_of(s: Any) -> dict[str, Any] | None:
    """The treatment record as the backup model's fields; ``None`` when there is none
    (or the database predates it)."""
    if not has_table(s, TreatmentRecord.__tablename__):
        return None
    from cipn_coach.storage.treatment import agents_from_text

    record = s.get(TreatmentRecord, 1)
    cycles = [
        {"day": c.day, "planned": c.planned}
        for c in s.scalars(select(CycleRecord).order_by(CycleRecord.day))
    ]
    if record is None and not cycles:
        return None
    agents = agents_from_text(record.agents) if record is not None else ()
    return {
        "agents": [a.value for a in agents],
        "cycles": cycles,
        "finished_on": record.finished_on if record is not None else None,
    }


def local_counts(db: Database) -> tuple[int, int]:
    """(check-ins, sessions) in the database: what decides whether it is "empty"."""
    with db.transaction() as s:
        return (
            s.scalar(select(func.count()).select_from(CheckIn)) or 0,
            s.scalar(select(func.count()).select_from(SessionRecord)) or 0,
        )


# ---------------------------------------------------------------- writing a file
def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable only by this user (health data).

    A crash leaves either the old file or the new one, never half of one.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CoachError(
            _("could not write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None
    try:
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # e.g. Windows, where directories cannot be opened; the rename still holds


def check_export_target(path: Path, overwrite: bool = False) -> None:
    """Refuse a target before any work: missing folder, a folder as the file, or an
    existing file (unless the UI's save dialog already asked)."""
    if path.is_dir():
        raise CoachError(
            _("{path} is a folder; give a file name, e.g. {example}").format(
                path=path, example=path / "backup.json"
            )
        )
    if not path.parent.is_dir():
        raise CoachError(_("the folder {folder} does not exist").format(folder=path.parent))
    if path.exists() and not overwrite:
        raise CoachError(
            _("{path} already exists; choose another name or remove it first").format(path=path)
        )


def export_json(
    db: Database, path: Path, *, overwrite: bool = False, now: datetime | None = None
) -> ExportResult:
    """Write a full backup of ``db`` to ``path`` (JSON, UTF-8, 0600, atomic)."""
    from cipn_coach.settings.patient import record_id
    from cipn_coach.storage.repository import SettingsRepository

    check_export_target(path, overwrite)
    record_id(SettingsRepository(db))  # the backup carries it: the clinic's name for this person
    data = snapshot(db)
    backup = Backup(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        app_version=__version__,
        created=now or datetime.now(UTC),
        data=data,
    )
    # no results: no "self_tests" key, so an app from before self-tests reads the file
    leave_out = None if data.self_tests else {"data": {"self_tests"}}
    raw = backup.model_dump_json(indent=1, exclude=leave_out).encode("utf-8") + b"\n"
    if len(raw) > MAX_BACKUP_BYTES:
        raise CoachError(
            _(
                "the backup would be larger than {mb} MB, which import refuses; nothing was written"
            ).format(mb=MAX_BACKUP_BYTES // 2**20)
        )
    write_private(path, raw)
    return ExportResult(path, data.counts())


# ---------------------------------------------------------------- reading a file
def _problems(exc: ValidationError) -> str:
    """pydantic's report as ``field.path: problem``, the problem in plain words of the
    reader's language (``plain_words``), the field path kept as it is."""
    from cipn_coach.routines.plain_words import plain_line

    lines = [plain_line(line.replace("\n", " ")) for line in describe_validation_error(exc)]
    shown = "; ".join(lines[:MAX_PROBLEMS_SHOWN])
    more = len(lines) - MAX_PROBLEMS_SHOWN
    return shown + (_("; and {n} more").format(n=more) if more > 0 else "")


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _too_large() -> str:
    return _("(file): larger than {mb} MB").format(mb=MAX_BACKUP_BYTES // 2**20)


def parse_backup(raw: bytes, name: str = "backup", now: datetime | None = None) -> Backup:
    """Validate a backup's bytes; any problem is one ``FileFormatError`` naming fields.

    Checked against ``now`` (default: this moment) with the app's own bounds: nothing
    in the future, nothing impossible (see ``backup_model``)."""
    if len(raw) > MAX_BACKUP_BYTES:
        raise FileFormatError(name, [_too_large()])
    raw = raw.removeprefix(_BOM)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise FileFormatError(name, [_("(file): not UTF-8 text")]) from None
    except RecursionError:
        raise FileFormatError(name, [_("(file): nested too deeply")]) from None
    except json.JSONDecodeError as exc:
        where = _("(file): not valid JSON (line {line}, column {column})")
        raise FileFormatError(name, [where.format(line=exc.lineno, column=exc.colno)]) from None
    except ValueError:  # NaN, a number with thousands of digits
        raise FileFormatError(name, [_("(file): not valid JSON")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        not_ours = _('format: not a CIPN Coach backup (expected "{expected}")')
        raise FileFormatError(name, [not_ours.format(expected=FORMAT)])
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        newer = _(
            "format_version: {version} is newer than this app reads ({current}); update CIPN Coach"
        )
        raise FileFormatError(name, [newer.format(version=version, current=FORMAT_VERSION)])
    try:
        return Backup.model_validate_json(
            raw, strict=True, context={"now": now or datetime.now(UTC)}
        )
    except ValidationError as exc:
        raise FileFormatError(name, [_problems(exc)]) from None


def read_backup(path: Path) -> Backup:
    """Read and validate a backup file (nothing is written). The UI can call this first
    to show what a file holds (``backup.data.counts()``) before asking how to import."""
    if path.exists() and not path.is_file():  # a FIFO or a device would hang the read
        raise FileFormatError(str(path), [_("(file): not a regular file")])
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BACKUP_BYTES + 1)  # never read more than the limit
    except OSError as exc:
        raise FileFormatError(
            str(path), [_("(file): {reason}").format(reason=unreadable_reason(exc))]
        ) from None
    return parse_backup(raw, str(path))


# ---------------------------------------------------------------- importing
def _holds_anything(db: Database) -> bool:
    with db.transaction() as s:
        return any(
            s.scalar(select(func.count()).select_from(model))
            for model in (
                CheckIn,
                SessionRecord,
                Setting,
                RoutineRecord,
                CustomExercise,
                TreatmentRecord,
                CycleRecord,
                SelfTestRecord,
            )
            if has_table(s, model.__tablename__)
        )


def _safety_backup(db: Database) -> Path | None:
    """Back up the database before an import writes; ``None`` for an in-memory one or
    one with nothing in it (a fresh data folder on a new computer).

    Raises ``BackupError`` (a ``CoachError``) if it cannot: then nothing is imported.
    """
    if db.path is None or not db.path.is_file() or not _holds_anything(db):
        return None
    from cipn_coach.storage.backup import make_backup

    return make_backup(db.path, reason="before-json-import").path


def import_json(
    db: Database,
    path: Path,
    mode: ImportMode = "empty",
    *,
    backup: Backup | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Import a backup file into ``db``.

    ``empty`` (default) refuses a database with any check-in or session
    (``NotEmptyError``); ``replace`` swaps everything for the file's contents; ``merge``
    adds the file's records without losing any (rules in ``backup_merge``). The whole
    file is validated before anything is written, and the write is one transaction.
    ``backup`` is the file already read by ``read_backup`` (the UI reads it first to
    show what it holds), so a large file is not parsed twice.
    """
    if mode not in IMPORT_MODES:
        raise CoachError(f"unknown import mode '{mode}' (use {', '.join(IMPORT_MODES)})")
    backup = backup or read_backup(path)
    if mode == "empty":
        checkins, sessions = local_counts(db)
        if checkins or sessions:
            raise NotEmptyError(checkins, sessions)
    safety = _safety_backup(db)
    notes = [] if safety is not None else [_("no backup was made first (nothing to back up)")]
    try:
        with db.transaction() as s:
            stats = apply(s, backup.data, mode, now or datetime.now(UTC))
    except SQLAlchemyError as exc:
        raise CoachError(
            _("the import failed and nothing was changed: {reason}").format(
                reason=str(exc).splitlines()[0]
            )
        ) from None
    return ImportResult(path, mode, backup.data.counts(), stats, safety, notes + stats.notes)
