"""Reading one exported file for the clinic: a FHIR bundle or a JSON backup, whole.

Nothing is written here. A file is read once (at most the backup size limit), its kind
recognised from its content (not its name), validated completely by its own model, and
turned into an ``Incoming``: whose record it is, when it was exported, and the record as
the backup model. A file that fails is one ``FileFormatError`` naming what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cipn_coach.backup.format import FORMAT, MAX_BACKUP_BYTES, BackupData
from cipn_coach.clinic.view import ReadOnlySettings
from cipn_coach.errors import FileFormatError, unreadable_reason
from cipn_coach.i18n import _
from cipn_coach.routines.library import Library
from cipn_coach.settings import preferences as prefs

FHIR, JSON_BACKUP = "fhir", "json"


@dataclass(frozen=True)
class Incoming:
    """One validated export: ``record_id`` names the person the same way for both kinds.

    It is the app's own random record id (``patient.record_id``) when the file carries
    one. A file from an app before it (``legacy``) is named by the old key instead,
    which two different people can share: the importer then also compares names.
    """

    path: Path
    kind: str  # FHIR or JSON_BACKUP
    sha256: str
    record_id: str
    exported_at: datetime | None
    data: BackupData
    legacy: bool = False  # no record id in the file: ``record_id`` is ``legacy_key_of``

    @property
    def name(self) -> str | None:
        """The patient's name as this file gives it."""
        from cipn_coach.settings.patient import read_profile

        return read_profile(ReadOnlySettings(dict(self.data.settings))).name


def is_record_id(value: str) -> bool:
    """True for an app's own random record id, False for an old key (a uuid5)."""
    try:
        prefs.RECORD_ID.parse(value, date.min)  # its check needs no day
    except prefs.PreferenceError:
        return False
    return True


def record_id_of(data: BackupData) -> str | None:
    """The record id a JSON backup carries in its settings, if its app had one."""
    settings = prefs.Preferences(ReadOnlySettings(dict(data.settings)))
    return settings.get(prefs.RECORD_ID)


def legacy_key_of(data: BackupData) -> str:
    """The FHIR Patient id an app before the record id gave this record: a uuid5 of the
    programme start with the first check-in's (else session's) creation time. Two
    people whose records began alike share it, so it only ever matches with the name."""
    from cipn_coach.fhir.export import resource_id

    settings = prefs.Preferences(ReadOnlySettings(dict(data.settings)))
    start: date | None = settings.get(prefs.PLAN_START)
    key = start.isoformat() if start else "no start"
    if data.checkins:
        first = min(c.created_at for c in data.checkins).isoformat()
    elif data.sessions:
        first = min(s.started_at for s in data.sessions).isoformat()
    else:
        first = "no records"
    return resource_id("patient", f"{key}|{first}")


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BACKUP_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(
            str(path), [_("(file): {reason}").format(reason=unreadable_reason(exc))]
        ) from None
    if len(raw) > MAX_BACKUP_BYTES:
        too_large = _("(file): larger than {mb} MB").format(mb=MAX_BACKUP_BYTES // 2**20)
        raise FileFormatError(str(path), [too_large])
    return raw


def read_export(path: Path, library: Library, now: datetime | None = None) -> Incoming:
    """Read and validate ``path`` completely, against ``now`` (default: this moment) as
    the patient's own import checks it; raises ``FileFormatError`` on any problem."""
    from cipn_coach.backup.json_file import parse_backup
    from cipn_coach.clinic.fhir_import import read_bundle

    raw = _read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        top = json.loads(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        top = None  # parse_backup names the exact problem
    if isinstance(top, dict) and top.get("resourceType") == "Bundle":
        record_id, exported, data = read_bundle(top, str(path), library)
        return Incoming(
            path, FHIR, digest, record_id, exported, data, legacy=not is_record_id(record_id)
        )
    if isinstance(top, dict) and top.get("format") != FORMAT:
        neither = _("(file): neither a FHIR bundle nor a CIPN Coach backup")
        raise FileFormatError(str(path), [neither])
    backup = parse_backup(raw, str(path), now)
    record_id = record_id_of(backup.data)
    if record_id is None:
        return Incoming(
            path,
            JSON_BACKUP,
            digest,
            legacy_key_of(backup.data),
            backup.created,
            backup.data,
            legacy=True,
        )
    return Incoming(path, JSON_BACKUP, digest, record_id, backup.created, backup.data)
