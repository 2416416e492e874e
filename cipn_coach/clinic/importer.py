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

from cipn_coach.backup_merge import ANSWER_FIELDS, MergeStats, apply, copy_uid
from cipn_coach.backup_model import BackupData, CheckInData, SessionData
from cipn_coach.clinic import records
from cipn_coach.clinic.db import ClinicDatabase
from cipn_coach.clinic.fhir_import import FHIR_ROUTINE_PREFIX
from cipn_coach.clinic.models import ClinicPatient, ImportLogEntry
from cipn_coach.clinic.sources import Incoming, read_export
from cipn_coach.clinic.view import ReadOnlySettings
from cipn_coach.errors import CoachError, FileFormatError
from cipn_coach.fhir.export import resource_id
from cipn_coach.library import Library
from cipn_coach.patient import read_profile
from cipn_coach.preferences import valid_for_import

IMPORTED, REFUSED = "imported", "refused"


@dataclass(frozen=True)
class FileImported:
    path: Path
    patient_id: int
    name: str | None
    new_patient: bool
    stats: MergeStats
    imported_before: datetime | None = None  # this very file, already merged then

    def summary(self) -> str:
        from cipn_coach.formatting import moment

        s = self.stats
        who = self.name or f"patient {self.patient_id}"
        if self.imported_before is not None:
            return (f"{self.path.name}: {who} (#{self.patient_id}): this same file was "
                    f"imported on {moment(self.imported_before)}; nothing new")
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


def _scratch_merge(base: BackupData, incoming: BackupData,
                   now: datetime) -> tuple[BackupData, MergeStats]:
    """``backup_merge.apply`` of ``incoming`` over ``base`` on a scratch in-memory
    patient database (never a file), read back as the backup model."""
    from cipn_coach.backup_json import snapshot
    from cipn_coach.storage.db import Database, make_engine
    from cipn_coach.storage.models import Base

    engine = make_engine("sqlite://")
    try:
        Base.metadata.create_all(engine)
        scratch = Database(engine, sessionmaker(engine, expire_on_commit=False), None)
        with scratch.transaction() as s:
            apply(s, base, "empty", now)
            stats = apply(s, incoming, "merge", now)
        return snapshot(scratch), stats
    finally:
        engine.dispose()


def _first_record(incoming: BackupData, now: datetime) -> tuple[BackupData, MergeStats]:
    """A new patient: merged into nothing, every record of the file is added as it is
    (what ``apply`` does on an empty database), and each setting is checked as ``apply``
    checks it; without a scratch database, as 200 new patients a day must be cheap."""
    stats = MergeStats(checkins_added=len(incoming.checkins),
                       versions_added=sum(len(c.history) for c in incoming.checkins),
                       sessions_added=len(incoming.sessions),
                       routines_added=len(incoming.routines),
                       exercises_added=len(incoming.custom_exercises))
    settings = {}
    for key, value in incoming.settings.items():
        problem = valid_for_import(key, value, now.date())
        if problem is None:
            settings[key] = value
        else:
            stats.settings_left_out.append(problem)
    stats.settings_added = len(settings)
    return incoming.model_copy(update={"settings": settings}), stats


def bundle_id(session: SessionData) -> str:
    """The id ``export --fhir`` gives this session's Observation, which the FHIR import
    keeps as the session's uid."""
    return resource_id("session", session.routine_id, session.started_at.isoformat())


def _from_bundle(session: SessionData) -> bool:
    return session.uid == bundle_id(session) or session.routine_id.startswith(
        FHIR_ROUTINE_PREFIX)


def _bundle_like(checkin: CheckInData) -> bool:
    """A check-in as a FHIR bundle gives it: only its last version, first saved unknown."""
    return checkin.version == 1 and not checkin.history and checkin.created_at == checkin.updated_at


def _same_last_answers(one: CheckInData, other: CheckInData) -> bool:
    return all(getattr(one, name) == getattr(other, name)
               for name in (*ANSWER_FIELDS, "pain_kinds", "updated_at"))


def _match_across_kinds(stored: BackupData, incoming: BackupData
                        ) -> tuple[BackupData, BackupData, int]:
    """One person's records from a FHIR bundle and from a JSON backup, matched.

    A session in both is one session, kept as the backup's copy (it has the steps, slot
    and note the bundle lacks); a day's check-in in the bundle is the backup's latest
    version of that day, kept as the backup's (with its history and first save). So a
    stored bundle copy gives way to an incoming backup record, and an incoming bundle
    record whose backup copy is here is already here. Returns (stored, incoming, the
    number of stored bundle copies replaced).
    """
    backed_up = {bundle_id(r) for r in stored.sessions if not _from_bundle(r)}
    arriving = [r for r in incoming.sessions if not (_from_bundle(r) and r.uid in backed_up)]
    fuller = {bundle_id(r) for r in arriving if not _from_bundle(r)}
    keep = [r for r in stored.sessions if not (_from_bundle(r) and r.uid in fuller)]
    days = {c.day: c for c in stored.checkins}
    new_days = {c.day: c for c in incoming.checkins}
    checkins = [c for c in incoming.checkins if not (
        _bundle_like(c) and c.day in days and _same_last_answers(c, days[c.day]))]
    kept_days = [c for c in stored.checkins if not (
        _bundle_like(c) and c.day in new_days and not _bundle_like(new_days[c.day])
        and _same_last_answers(c, new_days[c.day]))]
    replaced = len(stored.sessions) - len(keep) + len(stored.checkins) - len(kept_days)
    return (stored.model_copy(update={"sessions": keep, "checkins": kept_days}),
            incoming.model_copy(update={"sessions": arriving, "checkins": checkins}),
            replaced)


def merge_records(stored: BackupData | None, incoming: BackupData,
                  now: datetime) -> tuple[BackupData, MergeStats]:
    """``incoming`` merged into ``stored`` (``None``: a new patient) by the backup
    import's rules.

    Records the same in both (equal in every field, a stricter test than the merge's
    own) are set aside first and counted as already here; only the rest, with the
    stored records they could meet (same day, same session uid or its copy's uid), go
    through ``backup_merge.apply``. The outcome is what applying the whole file gives,
    at the cost of what changed: a re-import of an unchanged export merges nothing.
    Before that, one person's sessions from both kinds of export are matched
    (``_match_across_kinds``).
    """
    if stored is None:
        return _first_record(incoming, now)
    held = len(incoming.checkins), len(incoming.sessions)
    stored, incoming, replaced = _match_across_kinds(stored, incoming)
    days = {c.day: c for c in stored.checkins}
    uids = {r.uid: r for r in stored.sessions}
    same_checkins = [c for c in incoming.checkins if days.get(c.day) == c]
    same_sessions = [r for r in incoming.sessions if uids.get(r.uid) == r]
    rest = incoming.model_copy(update={
        "checkins": [c for c in incoming.checkins if days.get(c.day) != c],
        "sessions": [r for r in incoming.sessions if uids.get(r.uid) != r]})
    met = {r.uid for r in rest.sessions} | {copy_uid(r) for r in rest.sessions}
    base = stored.model_copy(update={
        "checkins": [days[c.day] for c in rest.checkins if c.day in days],
        "sessions": [uids[uid] for uid in met if uid in uids]})
    merged, stats = _scratch_merge(base, rest, now)
    stats.checkins_identical += len(same_checkins) + held[0] - len(incoming.checkins)
    stats.sessions_identical += len(same_sessions) + held[1] - len(incoming.sessions)
    if replaced:
        stats.notes.append(f"{replaced} records first imported from a FHIR bundle were "
                           "replaced by the backup's fuller copies")
    days.update((c.day, c) for c in merged.checkins)
    uids.update((r.uid, r) for r in merged.sessions)
    return merged.model_copy(update={
        "checkins": sorted(days.values(), key=lambda c: c.day),
        "sessions": sorted(uids.values(), key=lambda r: (r.started_at, r.uid))}), stats


def _log(s: Session, path: Path, user: str, now: datetime, result: str, detail: str,
         incoming: Incoming | None = None, patient_id: int | None = None) -> None:
    s.add(ImportLogEntry(at=now, user=user, file=str(path.resolve()),
                         sha256=incoming.sha256 if incoming else None,
                         kind=incoming.kind if incoming else None, patient_id=patient_id,
                         result=result, detail=detail[:4000]))


def _imported_before(s: Session, patient: ClinicPatient, incoming: Incoming) -> datetime | None:
    """When this very file (same bytes) was merged into this patient, if it was. A
    merge never removes anything, so everything in it is still here."""
    return s.scalar(select(ImportLogEntry.at).where(
        ImportLogEntry.patient_id == patient.id, ImportLogEntry.sha256 == incoming.sha256,
        ImportLogEntry.result == IMPORTED).order_by(ImportLogEntry.at).limit(1))


def _import_one(s: Session, incoming: Incoming, now: datetime, user: str) -> FileImported:
    patient = s.scalars(select(ClinicPatient).where(
        ClinicPatient.record_id == incoming.record_id).with_for_update()).first()
    new = patient is None
    if patient is None:
        patient = ClinicPatient(record_id=incoming.record_id, imported_at=now, settings="{}",
                                routines="[]", custom_exercises="[]")
        s.add(patient)
        s.flush()
    before = None if new else _imported_before(s, patient, incoming)
    if before is not None:
        stats = MergeStats(checkins_identical=len(incoming.data.checkins),
                           sessions_identical=len(incoming.data.sessions))
        done = FileImported(incoming.path, patient.id, patient.name, False, stats, before)
        _log(s, incoming.path, user, now, IMPORTED, done.summary(), incoming, patient.id)
        return done
    stored = None if new else records.load(s, patient)
    merged, stats = merge_records(stored, incoming.data, now)
    newer = patient.exported_at is None or (incoming.exported_at is not None
                                            and incoming.exported_at >= patient.exported_at)
    if newer:
        fresh = {key: value for key, value in incoming.data.settings.items()
                 if valid_for_import(key, value, now.date()) is None}
        merged = merged.model_copy(update={"settings": merged.settings | fresh})
        patient.exported_at = incoming.exported_at
    if merged != stored:  # an unchanged re-import rewrites nothing
        records.store(s, patient, merged)
    patient.imported_at = now
    patient.name = read_profile(ReadOnlySettings(dict(merged.settings))).name
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
