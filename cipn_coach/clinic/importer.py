"""Importing patients' exports into the clinic: validated whole, merged, logged.

Every file given is read and validated before anything is written; if one is bad, none
is imported, and the refusal is logged. A good file is merged into its patient with the
JSON backup import's own rules (``backup_merge.apply`` in "merge" mode), run on a
scratch in-memory copy of the patient's record: a day's check-in from the file that
differs joins that day's history, a session already here is not added twice, a session
with the same uid but different details is kept as a second copy. So re-importing a
newer export of the same person adds only what is new and loses nothing. Settings (name,
programme) follow the newer export. Each file's merge, its patient's rows and its log
line are one transaction.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cipn_coach.backup_merge import MergeStats, apply
from cipn_coach.backup_model import BackupData
from cipn_coach.clinic import records
from cipn_coach.clinic.db import ClinicDatabase
from cipn_coach.clinic.models import ClinicPatient, ImportLogEntry
from cipn_coach.clinic.sources import Incoming, read_export
from cipn_coach.errors import CoachError, FileFormatError
from cipn_coach.library import Library
from cipn_coach.preferences import valid_for_import

IMPORTED, REFUSED = "imported", "refused"


@dataclass(frozen=True)
class FileImported:
    path: Path
    patient_id: int
    name: str | None
    new_patient: bool
    stats: MergeStats

    def summary(self) -> str:
        s = self.stats
        who = self.name or f"patient {self.patient_id}"
        added = "new patient" if self.new_patient else "known patient"
        return (f"{self.path.name}: {who} (#{self.patient_id}, {added}): "
                f"{s.checkins_added} check-ins added, {s.checkins_merged} merged, "
                f"{s.checkins_identical} already here; {s.sessions_added} sessions added, "
                f"{s.sessions_copied} kept as second copies, {s.sessions_identical} already here")


def os_user() -> str:
    """Who ran the import, as the computer knows them (the log's "who")."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def merge_records(stored: BackupData | None, incoming: BackupData,
                  now: datetime) -> tuple[BackupData, MergeStats]:
    """``incoming`` merged into ``stored`` by the backup import's rules, on a scratch
    in-memory patient database (never a file)."""
    from cipn_coach.backup_json import snapshot
    from cipn_coach.storage.db import Database, make_engine
    from cipn_coach.storage.models import Base

    engine = make_engine("sqlite://")
    try:
        Base.metadata.create_all(engine)
        scratch = Database(engine, sessionmaker(engine, expire_on_commit=False), None)
        with scratch.transaction() as s:
            if stored is not None:
                apply(s, stored, "empty", now)
            stats = apply(s, incoming, "merge", now)
        return snapshot(scratch), stats
    finally:
        engine.dispose()


def _log(s: Session, path: Path, user: str, now: datetime, result: str, detail: str,
         incoming: Incoming | None = None, patient_id: int | None = None) -> None:
    s.add(ImportLogEntry(at=now, user=user, file=str(path.resolve()),
                         sha256=incoming.sha256 if incoming else None,
                         kind=incoming.kind if incoming else None, patient_id=patient_id,
                         result=result, detail=detail[:4000]))


def _import_one(s: Session, incoming: Incoming, now: datetime, user: str) -> FileImported:
    patient = s.scalars(select(ClinicPatient).where(
        ClinicPatient.record_id == incoming.record_id).with_for_update()).first()
    new = patient is None
    if patient is None:
        patient = ClinicPatient(record_id=incoming.record_id, imported_at=now, settings="{}",
                                routines="[]", custom_exercises="[]")
        s.add(patient)
        s.flush()
    stored = None if new else records.load(s, patient)
    merged, stats = merge_records(stored, incoming.data, now)
    newer = patient.exported_at is None or (incoming.exported_at is not None
                                            and incoming.exported_at >= patient.exported_at)
    if newer:
        fresh = {key: value for key, value in incoming.data.settings.items()
                 if valid_for_import(key, value, now.date()) is None}
        merged = merged.model_copy(update={"settings": merged.settings | fresh})
        patient.exported_at = incoming.exported_at
    records.store(s, patient, merged)
    patient.imported_at = now
    patient.name = (merged.settings.get("patient.name") or None)
    done = FileImported(incoming.path, patient.id, patient.name, new, stats)
    _log(s, incoming.path, user, now, IMPORTED, done.summary(), incoming, patient.id)
    return done


def import_files(db: ClinicDatabase, paths: list[Path], library: Library, *,
                 now: datetime | None = None, user: str | None = None) -> list[FileImported]:
    """Import ``paths`` (all or none); raises ``FileFormatError`` naming the first bad
    file (and how many more there are) after logging every refusal."""
    now = now or datetime.now(UTC)
    user = user or os_user()
    readings: list[Incoming] = []
    refused: list[tuple[Path, FileFormatError]] = []
    for path in paths:
        try:
            readings.append(read_export(path, library))
        except FileFormatError as exc:
            refused.append((path, exc))
    if refused:
        with db.transaction() as s:
            for path, exc in refused:
                _log(s, path, user, now, REFUSED, str(exc))
            for incoming in readings:
                _log(s, incoming.path, user, now, REFUSED, "not imported: another file "
                     "given with it was refused", incoming)
        first = refused[0][1]
        more = f" (and {len(refused) - 1} more bad files)" if len(refused) > 1 else ""
        raise FileFormatError(first.path, [*first.problems[:1],
                                           f"nothing was imported{more}"])
    done = []
    for incoming in readings:
        try:
            with db.transaction() as s:
                done.append(_import_one(s, incoming, now, user))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise CoachError(f"{incoming.path}: the import failed and this file changed "
                             f"nothing ({reason}); {len(done)} files before it were "
                             "imported") from None
    return done
