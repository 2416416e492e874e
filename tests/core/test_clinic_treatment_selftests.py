"""The clinic carries a patient's chemotherapy record and self-test results, on SQLite and
on a real PostgreSQL server: a backup holding them imports whole, a newer one adds what
is new without duplicates, a bad value is refused with nothing written, and the clinic's
summary of the patient shows the same cycles and self-tests as the patient's own app."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cipn_coach.backup.json_file import read_backup
from cipn_coach.clinic import records
from cipn_coach.clinic.db import ClinicDatabase, make_clinic_engine, migrate, open_clinic
from cipn_coach.clinic.importer import import_files
from cipn_coach.clinic.models import ClinicCycle, ClinicPatient, ClinicSelfTest, ClinicTreatment
from cipn_coach.clinic.view import open_patient, summary_of
from cipn_coach.errors import FileFormatError
from cipn_coach.reports.summary import load_summary
from cipn_coach.routines.library import load_library
from tests.core.clinic_data import NOW, TODAY, fay_in_treatment
from tests.core.pg_server import clinic_url, db, postgres_server, postgres_url  # noqa: F401

LIBRARY = load_library()


@pytest.fixture(scope="module")
def fay(tmp_path_factory: pytest.TempPathFactory):
    services, files = fay_in_treatment(tmp_path_factory.mktemp("fay"))
    yield services, files
    services.close()


def run_import(db: ClinicDatabase, *paths: Path):
    return import_files(db, list(paths), LIBRARY, now=NOW.astimezone(), user="nurse1")


def record_of(db: ClinicDatabase, patient_id: int):
    with db.transaction() as s:
        return records.load(s, s.get(ClinicPatient, patient_id))


def stored_rows(db: ClinicDatabase) -> dict[str, object]:
    with db.transaction() as s:
        return {
            "patients": s.scalar(select(func.count()).select_from(ClinicPatient)),
            "self_tests": s.scalar(select(func.count()).select_from(ClinicSelfTest)),
            "treatments": s.scalar(select(func.count()).select_from(ClinicTreatment)),
            "cycles": s.scalar(select(func.count()).select_from(ClinicCycle)),
        }


def test_a_backup_brings_its_treatment_and_self_tests(db, fay) -> None:
    _, files = fay
    (done,) = run_import(db, files["v1"])
    backup = read_backup(files["v1"]).data
    assert backup.treatment is not None and len(backup.self_tests) == 3  # what Fay recorded
    record = record_of(db, done.patient_id)
    assert record.treatment == backup.treatment
    assert record.self_tests == backup.self_tests
    assert record == backup  # and everything else it holds, unchanged
    assert (done.stats.cycles_added, done.stats.self_tests_added) == (3, 3)
    assert "3 self-test results added" in done.summary()


def test_a_new_patient_in_treatment_is_stored_as_the_merge_into_nothing_stores_it(fay) -> None:
    """The first import skips the scratch merge; the treatment and results it stores are
    what ``backup_merge.apply`` would store (medicines in the app's order, cycles by day)."""
    from cipn_coach.backup.format import BackupData
    from cipn_coach.clinic.merge import _scratch_merge, merge_records

    _, files = fay
    data = read_backup(files["v2"]).data
    shuffled = data.model_copy(
        update={
            "treatment": data.treatment.model_copy(
                update={
                    "agents": data.treatment.agents[::-1],
                    "cycles": data.treatment.cycles[::-1],
                }
            ),
            "self_tests": data.self_tests[::-1],
        }
    )
    now = NOW.astimezone()
    assert merge_records(None, shuffled, now) == _scratch_merge(BackupData(), shuffled, now)


def test_a_newer_backup_adds_only_what_is_new_and_a_repeat_adds_nothing(db, fay) -> None:
    _, files = fay
    (first,) = run_import(db, files["v1"])
    (second,) = run_import(db, files["v2"])
    assert second.patient_id == first.patient_id
    assert (second.stats.self_tests_added, second.stats.self_tests_identical) == (1, 3)
    newest = read_backup(files["v2"]).data
    record = record_of(db, first.patient_id)
    assert record.self_tests == newest.self_tests
    assert record.treatment == newest.treatment  # today's planned cycle is now given
    assert [c.planned for c in record.treatment.cycles] == [False, False, False, True]
    stored = stored_rows(db)
    assert stored["self_tests"] == 4

    (again,) = run_import(db, files["v2"])  # the same file again
    assert again.stats.self_tests_identical == 4 and again.stats.self_tests_added == 0
    (older,) = run_import(db, files["v1"])  # an older one, late
    assert older.stats.self_tests_added == older.stats.self_tests_copied == 0
    assert older.stats.cycles_added == 0
    assert stored_rows(db) == stored
    assert record_of(db, first.patient_id) == record


def test_the_medicines_and_end_day_follow_the_newer_export(db, fay, tmp_path) -> None:
    """The patient's app keeps the medicines; a clinic follows its latest word (an older
    file imported late changes nothing), while every cycle day stays."""
    _, files = fay
    raw = json.loads(files["v2"].read_text())
    raw["created"] = (NOW + timedelta(hours=1)).astimezone().isoformat()
    raw["data"]["treatment"] |= {"agents": ["cisplatin"], "finished_on": TODAY.isoformat()}
    later = tmp_path / "fay.v3.json"
    later.write_text(json.dumps(raw))
    (done,) = run_import(db, files["v2"])
    run_import(db, later, files["v1"])
    treatment = record_of(db, done.patient_id).treatment
    assert [a.value for a in treatment.agents] == ["cisplatin"]
    assert treatment.finished_on == TODAY
    assert treatment.cycles == read_backup(files["v2"]).data.treatment.cycles


def _edited(source: Path, target: Path, change) -> Path:
    raw = json.loads(source.read_text())
    change(raw["data"])
    target.write_text(json.dumps(raw))
    return target


def _negative_result(data: dict) -> None:
    data["self_tests"][1]["value"] = -3


def _unknown_medicine(data: dict) -> None:
    data["treatment"]["agents"].append("aspirin")


def _given_cycle_ahead(data: dict) -> None:
    data["treatment"]["cycles"].append({"day": "2099-01-01", "planned": False})


def _cycle_twice(data: dict) -> None:
    data["treatment"]["cycles"].append(dict(data["treatment"]["cycles"][0]))


@pytest.mark.parametrize(
    "change, words",
    [
        (_negative_result, "self_tests.1.value"),
        (_unknown_medicine, "treatment.agents"),
        (_given_cycle_ahead, "after today but not marked planned"),
        (_cycle_twice, "appears twice"),
    ],
)
def test_a_bad_treatment_or_result_is_refused_and_nothing_is_written(
    db, fay, tmp_path, change, words
) -> None:
    _, files = fay
    bad = _edited(files["v1"], tmp_path / "fay-edited.json", change)
    with pytest.raises(FileFormatError) as caught:
        run_import(db, files["v2"], bad)  # a good file with it: not imported either
    message = str(caught.value)
    assert "\n" not in message and str(bad) in message and words in message
    assert "nothing was imported" in message
    assert stored_rows(db) == {"patients": 0, "self_tests": 0, "treatments": 0, "cycles": 0}


def test_the_clinics_summary_shows_the_patients_own_cycles_and_self_tests(db, fay) -> None:
    services, files = fay
    (done,) = run_import(db, files["v2"])
    _, view = open_patient(db, done.patient_id, LIBRARY)
    first = TODAY - timedelta(days=27)
    clinic = summary_of(view, first, TODAY, NOW)
    own = load_summary(services, first, TODAY, NOW)
    assert clinic["treatment"] == own["treatment"] and clinic["treatment"]["cycles"]
    assert clinic["self_tests"] == own["self_tests"] and clinic["self_tests"]
    assert clinic["flags"] == own["flags"]


def test_a_file_imported_before_the_clinic_kept_treatment_brings_it_when_imported_again(
    clinic_url,  # noqa: F811
    fay,
) -> None:
    """A clinic upgraded from the schema without treatment or self-tests (c0001): the
    same file imported again is merged, not set aside as "nothing new"."""
    _, files = fay
    db = open_clinic(clinic_url)
    try:
        (done,) = run_import(db, files["v2"])
    finally:
        db.close()
    engine = make_clinic_engine(clinic_url)
    try:
        migrate(engine, "c0001", down=True)  # what an import before the upgrade left
        migrate(engine)
    finally:
        engine.dispose()
    db = open_clinic(clinic_url)
    try:
        assert record_of(db, done.patient_id).self_tests == []
        (again,) = run_import(db, files["v2"])
        assert again.imported_before is None and again.stats.self_tests_added == 4
        record = record_of(db, done.patient_id)
        assert record.self_tests == read_backup(files["v2"]).data.self_tests
        assert record.treatment == read_backup(files["v2"]).data.treatment
    finally:
        db.close()
