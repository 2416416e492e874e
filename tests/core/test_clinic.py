"""The clinic workspace on SQLite and on a real PostgreSQL server (``pg_server``):
exports imported whole or not at all, a newer export merged without duplicates or
losses, every import logged, and the panel sorted by who needs attention with the
numbers the patient's own app gives."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cipn_coach.clinic import records
from cipn_coach.clinic.db import ClinicDatabase, clinic_url_for, open_clinic
from cipn_coach.clinic.importer import IMPORTED, REFUSED, import_files
from cipn_coach.clinic.merge import merge_records
from cipn_coach.clinic.models import (
    ClinicCheckIn,
    ClinicCheckInVersion,
    ClinicPatient,
    ClinicSession,
    ClinicStep,
    ImportLogEntry,
)
from cipn_coach.clinic.panel import CHECK_UP, LOW_ADHERENCE, NO_CHECKIN, RED_FLAG, build_panel
from cipn_coach.clinic.sources import read_export
from cipn_coach.errors import FileFormatError
from cipn_coach.reports.summary import load_summary
from cipn_coach.routines.library import load_library
from tests.core.clinic_data import NOW, TODAY, Exports, exports  # noqa: F401
from tests.core.pg_server import clinic_url, db, postgres_server, postgres_url  # noqa: F401

LIBRARY = load_library()


def run_import(db: ClinicDatabase, *paths: Path):
    return import_files(db, list(paths), LIBRARY, now=NOW.astimezone(), user="physio1")


def counts(db: ClinicDatabase) -> dict[str, int]:
    with db.transaction() as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model))
            for model in (
                ClinicPatient,
                ClinicCheckIn,
                ClinicCheckInVersion,
                ClinicSession,
                ClinicStep,
            )
        }


def session_row_ids(db: ClinicDatabase) -> set[int]:
    with db.transaction() as s:
        return set(s.scalars(select(ClinicSession.id)))


def record_of(db: ClinicDatabase, patient_id: int):
    with db.transaction() as s:
        return records.load(s, s.get(ClinicPatient, patient_id))


@pytest.mark.parametrize("kind", ["json", "fhir.json"])
def test_a_newer_export_adds_what_is_new_and_loses_nothing(db, exports, kind) -> None:
    (first,) = run_import(db, exports.files[f"ann.v1.{kind}"])
    assert first.new_patient and first.name == "Ann Ho"
    before = record_of(db, first.patient_id)
    rows_before = session_row_ids(db)

    (second,) = run_import(db, exports.files[f"ann.v2.{kind}"])
    assert session_row_ids(db) >= rows_before  # what did not change was not rewritten
    assert (second.patient_id, second.new_patient) == (first.patient_id, False)
    assert (second.stats.checkins_added, second.stats.checkins_merged) == (2, 1)
    assert second.stats.sessions_added == second.stats.sessions_copied == 0
    after = record_of(db, first.patient_id)
    assert len(after.checkins) == len(before.checkins) + 2
    assert len(after.sessions) == len(before.sessions)
    edited = after.checkins[-3]  # the day edited after the first export
    assert edited.hands == 8 and before.checkins[-1].hands in [v.hands for v in edited.history]

    stored = counts(db)
    (again,) = run_import(db, exports.files[f"ann.v2.{kind}"])  # the same file twice
    assert again.stats.checkins_added == again.stats.checkins_merged == 0
    held = read_export(exports.files[f"ann.v2.{kind}"], LIBRARY).data  # a FHIR bundle: 28 days
    assert again.stats.checkins_identical == len(held.checkins)
    assert again.stats.sessions_identical == len(held.sessions)
    assert counts(db) == stored
    assert again.imported_before == NOW.astimezone() and "nothing new" in again.summary()
    (older,) = run_import(db, exports.files[f"ann.v1.{kind}"])  # an older one, late
    assert older.stats.checkins_added == older.stats.checkins_merged == 0
    assert counts(db) == stored
    # and merged again for real (not set aside as the same file): still nothing new
    v1 = read_export(exports.files[f"ann.v1.{kind}"], LIBRARY).data
    merged, stats = merge_records(after, v1, NOW.astimezone())
    assert merged == after
    assert stats.checkins_added == stats.checkins_merged == stats.sessions_added == 0


def test_a_json_backup_round_trips_whole(db, exports) -> None:
    """Everything a backup holds (steps, versions, settings) comes back out the same."""
    from cipn_coach.backup.json_file import read_backup

    (done,) = run_import(db, exports.files["ann.v2.json"])
    original = read_backup(exports.files["ann.v2.json"]).data
    assert record_of(db, done.patient_id) == original


def test_a_bad_file_names_the_problem_and_changes_nothing(db, exports, tmp_path) -> None:
    bundle = json.loads(exports.files["cy.fhir.json"].read_text())
    response = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    hands = next(i for i in response["item"] if i["linkId"] == "hands")
    hands["answer"] = [{"valueInteger": 11}]
    bad = tmp_path / "cy-edited.fhir.json"
    bad.write_text(json.dumps(bundle))

    with pytest.raises(FileFormatError) as caught:
        run_import(db, exports.files["ann.v1.json"], bad)
    message = str(caught.value)
    assert str(bad) in message and "hands" in message and "nothing was imported" in message
    assert "\n" not in message
    assert counts(db)["clinic_patients"] == 0

    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(exports.files["bo.json"].read_bytes()[:500])
    with pytest.raises(FileFormatError, match="not valid JSON"):
        run_import(db, truncated)
    assert counts(db)["clinic_patients"] == 0


def test_every_import_is_logged_who_when_which_file_and_result(db, exports, tmp_path) -> None:
    junk = tmp_path / "notes.json"
    junk.write_text('{"hello": 1}')
    with pytest.raises(FileFormatError, match="neither a FHIR bundle nor a CIPN Coach backup"):
        run_import(db, junk)
    run_import(db, exports.files["bo.json"])
    with db.transaction() as s:
        log = s.scalars(select(ImportLogEntry).order_by(ImportLogEntry.id)).all()
    assert [(e.file, e.result, e.kind, e.user) for e in log] == [
        (str(junk.resolve()), REFUSED, None, "physio1"),
        (str(exports.files["bo.json"].resolve()), IMPORTED, "json", "physio1"),
    ]
    assert all(e.at == NOW.astimezone() for e in log)
    assert "neither a FHIR bundle" in log[0].detail and log[1].patient_id is not None
    assert log[1].sha256 and len(log[1].sha256) == 64


def test_the_panel_puts_who_needs_attention_first(db, exports) -> None:
    run_import(
        db, exports.files["ann.v2.json"], exports.files["bo.json"], exports.files["cy.fhir.json"]
    )
    panel = build_panel(db, LIBRARY, NOW)
    by_name = {row.name: row for row in panel}
    assert [row.name for row in panel][0] == "Cy Chan"
    assert RED_FLAG in by_name["Cy Chan"].reasons and "fall" in by_name["Cy Chan"].red_flags
    bo = by_name["Bo Lam"]
    assert NO_CHECKIN in bo.reasons and bo.days_without_checkin == 4
    assert LOW_ADHERENCE in bo.reasons and bo.adherence_percent is not None
    ann = by_name["Ann Ho"]
    assert NO_CHECKIN not in ann.reasons and ann.last_checkin == TODAY
    assert [row.sort_key for row in panel] == sorted(row.sort_key for row in panel)


@pytest.mark.parametrize("who, file", [("bo", "bo.json"), ("cy", "cy.fhir.json")])
def test_the_panel_numbers_are_the_patients_own(db, exports, who, file) -> None:
    """Adherence and flags on the panel equal ``summary --json`` of the patient's own
    data folder for the same 7 days (the app's calculators, not a re-implementation)."""
    (done,) = run_import(db, exports.files[file])
    (row,) = build_panel(db, LIBRARY, NOW)
    own = load_summary(exports.services[who], TODAY - timedelta(days=6), TODAY, NOW)
    assert row.adherence_percent == own["adherence"]["percent"]
    assert sorted(row.red_flags + row.check_up) == sorted({f["rule"] for f in own["flags"]})
    assert (CHECK_UP in row.reasons) == any(
        f["level"] == "evaluation_recommended" for f in own["flags"]
    )


def test_the_sqlite_clinic_folder_is_private(tmp_path) -> None:
    folder = tmp_path / "clinic"
    db = open_clinic(clinic_url_for(folder))
    db.close()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_a_new_patient_is_stored_as_the_merge_into_nothing_would_store_it(exports) -> None:
    """The first import skips the scratch merge: same record, same counts as the merge."""
    from cipn_coach.backup.format import BackupData
    from cipn_coach.backup.json_file import read_backup
    from cipn_coach.clinic.merge import _scratch_merge

    data = read_backup(exports.files["ann.v2.json"]).data
    assert any(c.history for c in data.checkins)
    assert merge_records(None, data, NOW.astimezone()) == _scratch_merge(
        BackupData(), data, NOW.astimezone()
    )


@pytest.mark.parametrize("order", [("fhir.json", "json"), ("json", "fhir.json")])
def test_one_persons_bundle_and_backup_hold_each_session_once(db, exports, order) -> None:
    """Both kinds of export of Ann: one patient, each session and day once, kept as the
    backup's copy (steps, earlier versions) whichever file came first."""
    first, second = (exports.files[f"ann.v2.{kind}"] for kind in order)
    run_import(db, first)
    (done,) = run_import(db, second)
    assert not done.new_patient and done.stats.sessions_copied == 0
    assert done.stats.checkins_merged == 0
    backup = read_export(exports.files["ann.v2.json"], LIBRARY).data
    record = record_of(db, done.patient_id)
    assert [r.uid for r in record.sessions] == [r.uid for r in backup.sessions]
    assert record.sessions == backup.sessions  # steps, slots and all
    assert record.checkins == backup.checkins  # earlier versions and first saves


def _twins(base: Path) -> dict[str, Path]:
    """Two different people whose apps were filled the same way: the same programme start
    and the same first check-in time (the old identity key), each exported as JSON and
    FHIR from their own app."""
    from tests.core.clinic_data import _export, _patient

    files = {}
    for name in ("Dee Wong", "Eva Tse"):
        services = _patient(name, TODAY)
        try:
            for kind, fhir in (("json", False), ("fhir.json", True)):
                files[f"{name.split()[0].lower()}.{kind}"] = base / f"{name}.{kind}"
                _export(services, base / f"{name}.{kind}", NOW, fhir)
        finally:
            services.close()
    return files


def test_two_people_with_the_same_start_and_first_checkin_stay_two_patients(db, tmp_path):
    files = _twins(tmp_path)
    done = run_import(
        db, files["dee.json"], files["eva.json"], files["dee.fhir.json"], files["eva.fhir.json"]
    )
    dee, eva, dee_again, eva_again = done
    assert dee.new_patient and eva.new_patient and dee.patient_id != eva.patient_id
    assert (dee_again.patient_id, eva_again.patient_id) == (dee.patient_id, eva.patient_id)
    with db.transaction() as s:
        assert sorted(s.scalars(select(ClinicPatient.name))) == ["Dee Wong", "Eva Tse"]


def _without_record_id(path: Path, target: Path, backup: Path | None = None) -> Path:
    """``path`` as an app before the record id wrote it: the old key names the person
    (for a bundle, as its app computed it from the whole record: the ``backup``'s)."""
    from cipn_coach.clinic.sources import legacy_key_of

    raw = json.loads(path.read_text())
    if raw.get("resourceType") == "Bundle":
        legacy = legacy_key_of(read_export(backup, LIBRARY).data)
        patient = next(
            e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Patient"
        )
        patient["identifier"][0]["value"] = legacy
    else:
        del raw["data"]["settings"]["patient.record_id"]
    target.write_text(json.dumps(raw))
    return target


def test_old_files_of_two_people_with_one_old_key_are_refused_not_merged(db, tmp_path):
    files = _twins(tmp_path)
    dee = _without_record_id(files["dee.json"], tmp_path / "old-dee.json")
    eva = _without_record_id(
        files["eva.fhir.json"], tmp_path / "old-eva.fhir.json", files["eva.json"]
    )
    (first,) = run_import(db, dee)
    stored = counts(db)
    with pytest.raises(FileFormatError) as caught:
        run_import(db, eva)
    message = str(caught.value)
    assert "\n" not in message
    assert all(part in message for part in (str(eva), "Eva Tse", str(dee.resolve()), "Dee Wong"))
    assert counts(db) == stored
    with db.transaction() as s:
        entry = s.scalars(select(ImportLogEntry).order_by(ImportLogEntry.id.desc())).first()
        assert (entry.result, entry.file) == (REFUSED, str(eva.resolve()))
        assert "Dee Wong" in entry.detail and "Eva Tse" in entry.detail
        assert s.get(ClinicPatient, first.patient_id).name == "Dee Wong"


def test_old_files_of_one_person_still_make_one_patient(db, exports, tmp_path):
    json_file = _without_record_id(exports.files["ann.v2.json"], tmp_path / "ann.json")
    fhir_file = _without_record_id(
        exports.files["ann.v2.fhir.json"], tmp_path / "ann.fhir.json", exports.files["ann.v2.json"]
    )
    first, second = run_import(db, fhir_file, json_file)
    assert first.new_patient and (second.patient_id, second.new_patient) == (
        first.patient_id,
        False,
    )
