"""Importing patients' exports into the clinic: validated whole, merged, logged.

Every file given is read and validated before anything is written; if one is bad, none
is imported, and the refusal is logged. A good file is merged into its patient by the
JSON backup import's rules (``clinic.merge``), so re-importing a newer export of the
same person adds only what is new and loses nothing; the very same file imported again
is recognised by its SHA-256 and merges nothing (unless an importer that carried less
merged it: ``READER_VERSION``). Settings (name, programme) and the treatment's medicines
and end day follow the newer export; its cycle days and self-test results are merged. Each file's merge, its patient's rows and its log line are one
transaction; the log says who (the OS user), when, which file and what came of it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cipn_coach.backup.format import BackupData, TreatmentData
from cipn_coach.backup.merge import MergeStats
from cipn_coach.clinic import records
from cipn_coach.clinic.db import ClinicDatabase
from cipn_coach.clinic.merge import merge_records
from cipn_coach.clinic.models import READER_VERSION, ClinicPatient, ImportLogEntry
from cipn_coach.clinic.sources import Incoming, read_export
from cipn_coach.clinic.view import ReadOnlySettings
from cipn_coach.errors import CoachError, FileFormatError
from cipn_coach.i18n import _
from cipn_coach.routines.library import Library
from cipn_coach.settings.patient import read_profile
from cipn_coach.settings.preferences import valid_for_import

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
        who = self.name or _("patient {id}").format(id=self.patient_id)
        if self.imported_before is not None:
            return _(
                "{file}: {who} (#{id}): this same file was imported on {when}; nothing new"
            ).format(
                file=self.path.name, who=who, id=self.patient_id, when=moment(self.imported_before)
            )
        added = _("new patient") if self.new_patient else _("known patient")
        text = _("{file}: {who} (#{id}, {added}): {records}").format(
            file=self.path.name, who=who, id=self.patient_id, added=added, records=s.records_said()
        )
        return text + self._treatment_and_self_tests()

    def _treatment_and_self_tests(self) -> str:
        """What came of the file's cycle days and self-test results, when it had any."""
        from cipn_coach.i18n import _

        s = self.stats
        text = ""
        if s.cycles_added:
            text += _("; {added} cycle days added").format(added=s.cycles_added)
        text += s.self_tests_said()
        return text


def os_user() -> str:
    """Who ran the import, as the computer knows them (the log's "who")."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _log(
    s: Session,
    path: Path,
    user: str,
    now: datetime,
    result: str,
    detail: str,
    incoming: Incoming | None = None,
    patient_id: int | None = None,
) -> None:
    s.add(
        ImportLogEntry(
            at=now,
            user=user,
            file=str(path.resolve()),
            sha256=incoming.sha256 if incoming else None,
            kind=incoming.kind if incoming else None,
            patient_id=patient_id,
            result=result,
            detail=detail[:4000],
            reader_version=READER_VERSION,
        )
    )


def _imported_before(s: Session, patient: ClinicPatient, incoming: Incoming) -> datetime | None:
    """When this very file (same bytes) was merged into this patient by an importer that
    carried all this one carries, if it was. A merge never removes anything, so
    everything in it is still here."""
    return s.scalar(
        select(ImportLogEntry.at)
        .where(
            ImportLogEntry.patient_id == patient.id,
            ImportLogEntry.sha256 == incoming.sha256,
            ImportLogEntry.result == IMPORTED,
            ImportLogEntry.reader_version >= READER_VERSION,
        )
        .order_by(ImportLogEntry.at)
        .limit(1)
    )


def _import_one(s: Session, incoming: Incoming, now: datetime, user: str) -> FileImported:
    patient = s.scalars(
        select(ClinicPatient).where(ClinicPatient.record_id == incoming.record_id).with_for_update()
    ).first()
    new = patient is None
    if patient is None:
        patient = ClinicPatient(
            record_id=incoming.record_id,
            imported_at=now,
            settings="{}",
            routines="[]",
            custom_exercises="[]",
        )
        s.add(patient)
        s.flush()
    before = None if new else _imported_before(s, patient, incoming)
    if before is not None:
        stats = MergeStats(
            checkins_identical=len(incoming.data.checkins),
            sessions_identical=len(incoming.data.sessions),
            self_tests_identical=len(incoming.data.self_tests),
        )
        done = FileImported(incoming.path, patient.id, patient.name, False, stats, before)
        _log(s, incoming.path, user, now, IMPORTED, done.summary(), incoming, patient.id)
        return done
    stored = None if new else records.load(s, patient)
    merged, stats = merge_records(stored, incoming.data, now)
    newer = patient.exported_at is None or (
        incoming.exported_at is not None and incoming.exported_at >= patient.exported_at
    )
    if newer:
        fresh = {
            key: value
            for key, value in incoming.data.settings.items()
            if valid_for_import(key, value, now.date()) is None
        }
        merged = merged.model_copy(
            update={
                "settings": merged.settings | fresh,
                "treatment": _newer_treatment(merged, incoming.data),
            }
        )
        patient.exported_at = incoming.exported_at
    records.store(s, patient, merged, stored)  # only what changed
    patient.imported_at = now
    patient.name = read_profile(ReadOnlySettings(dict(merged.settings))).name
    done = FileImported(incoming.path, patient.id, patient.name, new, stats)
    _log(s, incoming.path, user, now, IMPORTED, done.summary(), incoming, patient.id)
    return done


def _newer_treatment(merged: BackupData, newer: BackupData) -> TreatmentData | None:
    """The merged treatment with the newer export's medicines and end day: the patient's
    own app is where they are kept, and a clinic follows its latest word (as for the
    settings). The cycle days stay merged: a day once given is never lost."""
    if merged.treatment is None or newer.treatment is None:
        return merged.treatment
    from cipn_coach.treatment.record import AGENT_ORDER

    agents = [a for a in AGENT_ORDER if a in newer.treatment.agents]  # as they are stored
    return merged.treatment.model_copy(
        update={"agents": agents, "finished_on": newer.treatment.finished_on}
    )


def _same_name(first: str | None, second: str | None) -> bool:
    """Whether two exports name the patient alike (case and spacing aside)."""

    def plain(name: str | None) -> str:
        return " ".join((name or "").split()).casefold()

    return plain(first) == plain(second)


def _stored_holder(s: Session, key: str) -> tuple[str, str | None] | None:
    """The file last imported for the patient ``key`` names, and their name, if any."""
    patient = s.scalars(select(ClinicPatient).where(ClinicPatient.record_id == key)).first()
    if patient is None:
        return None
    file = s.scalar(
        select(ImportLogEntry.file)
        .where(ImportLogEntry.patient_id == patient.id, ImportLogEntry.result == IMPORTED)
        .order_by(ImportLogEntry.at.desc(), ImportLogEntry.id.desc())
        .limit(1)
    )
    return file or f"#{patient.id}", patient.name


def _old_key_conflicts(
    db: ClinicDatabase, readings: list[Incoming]
) -> list[tuple[Incoming, FileFormatError]]:
    """Files without a record id whose old key already names someone of another name
    (stored, or earlier in this batch). The old key is only the programme start and the
    first check-in's time, which two people can share; different names say they are two
    people, and two people are never merged."""
    from cipn_coach.i18n import _

    earlier: dict[str, tuple[str, str | None]] = {}
    conflicts = []
    with db.transaction() as s:
        for incoming in readings:
            if not incoming.legacy:
                continue
            holder = _stored_holder(s, incoming.record_id) or earlier.get(incoming.record_id)
            if holder is not None and not _same_name(holder[1], incoming.name):
                problem = _(
                    "{name} has the same old record key as {other_name} of {other_file} "
                    "but another name, so they were not merged"
                ).format(
                    name=incoming.name or _("(no name)"),
                    other_name=holder[1] or _("(no name)"),
                    other_file=holder[0],
                )
                conflicts.append((incoming, FileFormatError(str(incoming.path), [problem])))
                continue
            earlier.setdefault(incoming.record_id, (str(incoming.path.resolve()), incoming.name))
    return conflicts


def import_files(
    db: ClinicDatabase,
    paths: list[Path],
    library: Library,
    *,
    now: datetime | None = None,
    user: str | None = None,
) -> list[FileImported]:
    """Import ``paths`` (all or none); raises ``FileFormatError`` naming the first bad
    file (and how many more there are) after logging every refusal."""
    now = now or datetime.now(UTC)
    user = user or os_user()
    readings: list[Incoming] = []
    refused: list[tuple[Path, FileFormatError]] = []
    for path in paths:
        try:
            readings.append(read_export(path, library, now))
        except FileFormatError as exc:
            refused.append((path, exc))
    if not refused:
        conflicts = _old_key_conflicts(db, readings)
        refused = [(incoming.path, exc) for incoming, exc in conflicts]
        readings = [r for r in readings if all(r is not c for c, _exc in conflicts)]
    if refused:
        with db.transaction() as s:
            for path, exc in refused:
                _log(s, path, user, now, REFUSED, str(exc))
            for incoming in readings:
                _log(
                    s,
                    incoming.path,
                    user,
                    now,
                    REFUSED,
                    "not imported: another file given with it was refused",
                    incoming,
                )
        first = refused[0][1]
        if len(refused) > 1:
            nothing = _("nothing was imported (and {n} more bad files)").format(n=len(refused) - 1)
        else:
            nothing = _("nothing was imported")
        raise FileFormatError(first.path, [*first.problems[:1], nothing])
    done = []
    for incoming in readings:
        try:
            with db.transaction() as s:
                done.append(_import_one(s, incoming, now, user))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise CoachError(
                _(
                    "{file}: the import failed and this file changed nothing ({reason}); "
                    "{n} files before it were imported"
                ).format(file=incoming.path, reason=reason, n=len(done))
            ) from None
    return done
