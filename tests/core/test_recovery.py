"""The start-up drill: a damaged database is kept aside, the newest good backup comes
back, and the report says plainly what happened. Also: a backup before any migration."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from cipn_coach import formatting
from cipn_coach.storage import backup
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.checkins import CheckInRepository
from tests.core.test_backup import add_checkin, add_session

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 10, 1)


def open_at(folder: Path) -> dbmod.Database:
    return dbmod.open_database(dbmod.database_url_for(folder))


def build(folder: Path, days: int = 40, backup_after: int | None = 30) -> Path:
    """A real database with ``days`` of check-ins and sessions (many pages), backed up
    after ``backup_after`` days, then closed (checkpointed into the main file)."""
    database = open_at(folder)
    try:
        for n in range(days):
            day = FIRST_DAY + timedelta(days=n)
            add_checkin(database, day, hands=n % 11)
            add_session(database, day)
            if backup_after is not None and n + 1 == backup_after:
                backup.make_backup(database.path, folder, "auto", now=NOW)
    finally:
        database.close()
    return folder / dbmod.DATABASE_FILE


def overwrite_middle(path: Path, seed: int = 6) -> None:
    size = path.stat().st_size
    rng = random.Random(seed)
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(rng.randbytes(size // 3))


def truncate(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def text_file(path: Path) -> None:
    path.write_text("Dear diary, today my feet felt better.\n" * 50)


@pytest.mark.parametrize("damage", [overwrite_middle, truncate, text_file])
def test_damaged_database_is_kept_aside_and_the_newest_good_backup_restored(tmp_path, damage):
    folder = tmp_path / "data dir ü"  # spaces and non-ASCII on purpose
    path = build(folder)
    original = path.read_bytes()
    damage(path)
    damaged_bytes = path.read_bytes()
    assert damaged_bytes != original and backup.quick_check(path) is not None

    database = open_at(folder)
    try:
        report = database.recovery
        assert report is not None
        assert report.damaged_path.read_bytes() == damaged_bytes  # kept, untouched
        assert ".damaged-" in report.damaged_path.name
        assert report.restored_from is not None and report.backup_time == NOW
        assert report.latest_day == FIRST_DAY + timedelta(days=29)
        repo = CheckInRepository(database)
        assert repo.count() == 30  # everything up to the backup is back
        assert repo.get(FIRST_DAY + timedelta(days=29)) is not None
        message = report.message()
        assert "damaged" in message and str(report.damaged_path) in message
        # What may be missing is what was saved after the backup was made (issue 19),
        # named by that moment, not by the backup's newest day.
        assert formatting.moment(NOW) in message and "saved after" in message
    finally:
        database.close()
    assert backup.quick_check(path) is None
    # The next start is quiet: nothing to recover.
    again = open_at(folder)
    assert again.recovery is None
    again.close()


def test_without_a_backup_a_fresh_database_starts_and_the_damaged_file_is_kept(tmp_path):
    folder = tmp_path / "data"
    path = build(folder, days=5, backup_after=None)
    text_file(path)
    database = open_at(folder)
    try:
        report = database.recovery
        assert report is not None and report.restored_from is None
        assert report.damaged_path.exists()
        assert "No backup was available" in report.message()
        assert CheckInRepository(database).count() == 0
    finally:
        database.close()


def test_a_damaged_newest_backup_is_passed_over_for_an_older_good_one(tmp_path):
    folder = tmp_path / "data"
    path = build(folder)
    newer = folder / "backups" / f"cipn-coach-{backup.stamp(NOW + timedelta(days=1))}-auto.sqlite3"
    newer.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    truncate(path)
    database = open_at(folder)
    try:
        assert database.recovery is not None and database.recovery.backup_time == NOW
        assert newer.exists()  # not ours to delete either
    finally:
        database.close()


def test_wal_and_shm_travel_with_the_damaged_file(tmp_path):
    folder = tmp_path / "data"
    path = build(folder, days=3, backup_after=2)
    Path(f"{path}-wal").write_bytes(b"stale wal")
    text_file(path)
    database = open_at(folder)
    try:
        report = database.recovery
        assert report is not None
        assert (
            Path(f"{path}-wal{report.damaged_path.name[len(path.name) :]}").read_bytes()
            == b"stale wal"
        )
    finally:
        database.close()


def test_an_empty_file_counts_as_damage_only_when_backups_exist(tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / dbmod.DATABASE_FILE).write_bytes(b"")
    database = open_at(fresh)
    assert database.recovery is None
    database.close()

    folder = tmp_path / "data"
    path = build(folder, days=3, backup_after=3)
    path.write_bytes(b"")
    database = open_at(folder)
    try:
        assert database.recovery is not None and database.recovery.problem == "the file is empty"
        assert CheckInRepository(database).count() == 3
    finally:
        database.close()


def test_a_database_behind_head_is_backed_up_before_it_is_migrated(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    engine = dbmod.make_engine(dbmod.database_url_for(folder))
    config = Config()
    config.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()

    database = open_at(folder)
    database.close()
    [saved] = backup.list_backups(folder)
    assert saved.reason == "before-migration-0001"
    conn = sqlite3.connect(saved.path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    conn.close()
    # A current database is not backed up again on every start.
    open_at(folder).close()
    assert len(backup.list_backups(folder)) == 1


def test_a_missing_database_with_backups_is_restored_not_started_empty(tmp_path):
    """E.g. a restore interrupted between its renames, or the file deleted by mistake."""
    folder = tmp_path / "data"
    path = build(folder, days=4, backup_after=4)
    path.unlink()
    database = open_at(folder)
    try:
        report = database.recovery
        assert report is not None and report.damaged_path is None
        assert report.message().startswith("Your saved data file was missing.")
        assert CheckInRepository(database).count() == 4
    finally:
        database.close()
