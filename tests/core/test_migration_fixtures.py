"""Every schema version that has been on main upgrades to head with every record intact.

The fixtures are frozen databases (``tests/fixtures/schema_XXXX.sqlite3``, built once by
``make_fixtures.py``): they stand for real patients' files. Every schema change adds one.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cipn_coach.storage import backup
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.checkins import CheckInRepository
from cipn_coach.storage.migrations import HEAD_REVISION
from cipn_coach.storage.repository import SessionRepository
from cipn_coach.storage.selftests import SelfTestRepository
from cipn_coach.storage.treatment import TreatmentRepository
from cipn_coach.treatment.record import Agent
from tests.fixtures.make_fixtures import DAYS, EXPECTED, FIRST_DAY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def rows(path: Path, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_revision_up_to_head():
    versions = Path(dbmod.__file__).parent / "migrations" / "versions"
    revisions = sorted(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert revisions[-1] == HEAD_REVISION
    for revision in revisions:
        assert (FIXTURES / f"schema_{revision}.sqlite3").is_file(), f"add a fixture for {revision}"
        assert revision in EXPECTED


@pytest.mark.parametrize("revision", sorted(EXPECTED))
def test_fixture_upgrades_to_head_with_every_record(tmp_path, revision):
    fixture = FIXTURES / f"schema_{revision}.sqlite3"
    tables = sorted(EXPECTED[revision])
    before = rows(fixture, tables)
    assert {t: len(r) for t, r in before.items()} == EXPECTED[revision]

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(fixture, folder / dbmod.DATABASE_FILE)
    database = dbmod.open_database(dbmod.database_url_for(folder))
    try:
        assert database.recovery is None
        assert dbmod.current_revision(database.engine) == HEAD_REVISION
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        # The app's own repositories read the old rows.
        last = FIRST_DAY + timedelta(days=DAYS - 1)
        sessions = SessionRepository(database).between(FIRST_DAY, last)
        assert len(sessions) == 2 * DAYS
        assert sessions[-1].status == "partial" and len(sessions[-1].steps) == 1
        assert all(len(s.steps) == 3 for s in sessions[:-1])
        if "checkins" in EXPECTED[revision]:
            checkins = CheckInRepository(database)
            assert len(checkins.between(FIRST_DAY, last)) == DAYS
            assert [r.version for r in checkins.history(FIRST_DAY + timedelta(days=3))] == [1]
            answers = [
                (r.daily_tasks_harder, r.self_care_harder)
                for r in checkins.between(FIRST_DAY, last)
            ]
            if "treatment" in EXPECTED[revision]:
                assert answers[0] == (False, False) and answers[14] == (True, True)
            else:  # older check-ins were never asked the weekly questions
                assert set(answers) == {(None, None)}
        treatment = TreatmentRepository(database).get()
        if "treatment" in EXPECTED[revision]:
            assert treatment.agents == (Agent.OXALIPLATIN, Agent.OTHER)
            assert [c.planned for c in treatment.cycles] == [False, False, False, True]
        else:
            assert treatment.is_empty
        if "self_test_results" in EXPECTED[revision]:
            results = SelfTestRepository(database).all()
            assert len(results) == 9
            assert [r.value for r in results if r.test_id == "chair_stand_30s"] == [8, 9, 10]
            assert sum(r.stopped_for_safety for r in results) == 1
    finally:
        database.close()
    # Every original row, every column, is still there unchanged (columns a later
    # migration added come after the original ones and are left out of the comparison).
    after = rows(folder / dbmod.DATABASE_FILE, tables)
    for table in tables:
        width = len(before[table][0]) if before[table] else 0
        after[table] = sorted((row[:width] for row in after[table]), key=repr)
        assert after[table][: len(before[table])] == before[table] or set(before[table]) <= set(
            after[table]
        ), table
    # An upgrade made a backup first; a database already at head did not need one.
    made = backup.list_backups(folder)
    if revision == HEAD_REVISION:
        assert made == []
    else:
        assert [b.reason for b in made] == [f"before-migration-{revision}"]
        assert made[0].sessions == 2 * DAYS


def test_fixtures_are_frozen_single_files():
    for fixture in FIXTURES.glob("schema_*.sqlite3"):
        conn = sqlite3.connect(f"{fixture.as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    assert date(2026, 10, 5) == FIRST_DAY
