"""The app upgrades an existing database in a child process (``migrate_apart``): backup
first, every record kept, a failure leaves the file as it was; a frozen app, a new
folder and the commands migrate in their own process as before."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from cipn_coach.storage import backup
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.migrate_apart import MigrationFailed
from cipn_coach.storage.migrations import HEAD_REVISION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BEHIND = "0004"


def behind_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(FIXTURES / f"schema_{BEHIND}.sqlite3", folder / dbmod.DATABASE_FILE)
    return folder


def count(folder: Path, table: str) -> int:
    conn = sqlite3.connect(folder / dbmod.DATABASE_FILE)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_an_existing_database_is_upgraded_in_a_child_after_a_backup(tmp_path, monkeypatch):
    folder = behind_folder(tmp_path)
    sessions = count(folder, "sessions")
    monkeypatch.setattr(
        dbmod, "upgrade_to_head", lambda engine: pytest.fail("migrated in the app's process")
    )
    database = dbmod.open_database(dbmod.database_url_for(folder), migrate_apart=True)
    try:
        assert dbmod.current_revision(database.engine) == HEAD_REVISION
    finally:
        database.close()
    assert count(folder, "sessions") == sessions
    assert [b.reason for b in backup.list_backups(folder)] == [f"before-migration-{BEHIND}"]


def test_a_failed_child_says_why_and_leaves_the_database_as_it_was(tmp_path):
    folder = behind_folder(tmp_path)
    conn = sqlite3.connect(folder / dbmod.DATABASE_FILE)
    conn.execute("CREATE TABLE self_test_results (id INTEGER PRIMARY KEY)")  # in the way
    conn.commit()
    conn.close()
    with pytest.raises(MigrationFailed, match="already exists"):
        dbmod.open_database(dbmod.database_url_for(folder), migrate_apart=True)
    conn = sqlite3.connect(folder / dbmod.DATABASE_FILE)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == BEHIND
    finally:
        conn.close()
    assert [b.reason for b in backup.list_backups(folder)] == [f"before-migration-{BEHIND}"]


def upgrades_here(monkeypatch) -> list[str]:
    """Records in-process upgrades; a child process would fail the test."""
    done: list[str] = []
    real = dbmod.upgrade_to_head

    def upgrade_here(engine: object) -> None:
        real(engine)
        done.append("here")

    monkeypatch.setattr(dbmod, "upgrade_to_head", upgrade_here)
    monkeypatch.setattr(
        "cipn_coach.storage.migrate_apart.upgrade_in_child",
        lambda url: pytest.fail("migrated in a child"),
    )
    return done


def test_a_frozen_app_migrates_in_its_own_process(tmp_path, monkeypatch):
    folder = behind_folder(tmp_path)
    done = upgrades_here(monkeypatch)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    dbmod.open_database(dbmod.database_url_for(folder), migrate_apart=True).close()
    assert done == ["here"]


def test_a_new_folder_and_the_commands_migrate_in_their_own_process(tmp_path, monkeypatch):
    done = upgrades_here(monkeypatch)
    dbmod.open_database(dbmod.database_url_for(tmp_path / "new"), migrate_apart=True).close()
    dbmod.open_database(dbmod.database_url_for(behind_folder(tmp_path))).close()
    assert done == ["here", "here"]
