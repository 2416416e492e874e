"""Backups: made with the backup API while the app writes, checked, private, rotated,
listed with record counts, and restored without ever deleting the replaced database."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.storage import backup
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.checkins import CheckInRepository
from cipn_coach.storage.repository import SessionRepository

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def add_checkin(db: dbmod.Database, day: date, hands: int = 3) -> None:
    values = CheckInValues.parse({"hands": hands, "feet": 2, "pain": 1})
    CheckInRepository(db).save(day, values, NOW, today=date(2026, 12, 31))


def add_session(db: dbmod.Database, day: date) -> int:
    return SessionRepository(db).start(
        routine_id="morning",
        routine_version=1,
        routine_title="Morning",
        slot="morning",
        local_date=day,
        program_week=1,
        planned_seconds=300.0,
        started_at=NOW,
    )


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    database = dbmod.open_database(dbmod.database_url_for(folder))
    yield folder, database
    database.close()


def test_backup_of_a_live_database_holds_committed_rows_still_in_the_wal(data):
    folder, database = data
    add_checkin(database, date(2026, 11, 30))
    add_session(database, date(2026, 11, 30))
    # Nothing checkpointed: a plain file copy of the main file would miss these rows.
    assert Path(f"{database.path}-wal").stat().st_size > 0
    info = backup.make_backup(database.path, folder, "manual", now=NOW)
    assert info.path.parent == folder / "backups"
    assert info.reason == "manual" and info.created_at == NOW
    assert (info.sessions, info.checkins, info.latest_day) == (1, 1, date(2026, 11, 30))
    assert backup.quick_check(info.path) is None
    assert _mode(info.path) == 0o600 and _mode(folder / "backups") == 0o700
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert not list((folder / "backups").glob("*.partial"))


def test_a_backup_that_fails_its_check_is_deleted_and_reported(data, monkeypatch):
    folder, database = data
    monkeypatch.setattr(backup, "quick_check", lambda path: "page 3: btree damaged")
    with pytest.raises(backup.BackupError, match="failed its check"):
        backup.make_backup(database.path, folder, "manual", now=NOW)
    assert list((folder / "backups").iterdir()) == []


def test_names_sort_by_time_and_same_second_backups_do_not_collide(data):
    folder, database = data
    # Routine reasons: safety ("before-…") backups are outside the rotation (issue 19).
    first = backup.make_backup(database.path, folder, "Manual backup!", now=NOW)
    second = backup.make_backup(database.path, folder, "manual backup", now=NOW)
    assert first.path != second.path and first.reason == "manual-backup"
    later = backup.make_backup(database.path, folder, "auto", now=NOW + timedelta(days=1))
    listed = backup.list_backups(folder)
    # Retention keeps the newest of each day: the same-day pair became one.
    assert [b.path for b in listed] == [later.path, second.path]
    assert second.created_at == NOW + timedelta(microseconds=1)


def test_backup_if_changed_skips_an_unchanged_database(data):
    folder, database = data
    assert backup.backup_if_changed(database.path, folder) is not None
    assert backup.backup_if_changed(database.path, folder) is None
    add_checkin(database, date(2026, 11, 29))
    os.utime(f"{database.path}-wal", (NOW.timestamp() + 10**7,) * 2)  # surely after
    assert backup.backup_if_changed(database.path, folder) is not None


def test_list_shows_unreadable_backups_as_such(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    bad = folder / f"cipn-coach-{backup.stamp(NOW)}-auto.sqlite3"
    bad.write_text("not a database")
    (folder / "notes.txt").write_text("not ours, never touched")
    [info] = backup.list_backups(tmp_path)
    assert not info.readable and info.sessions is None
    assert backup.newest_good_backup(tmp_path) is None


def test_restore_moves_the_current_database_aside_and_never_deletes_it(data):
    folder, database = data
    add_checkin(database, date(2026, 11, 28))
    saved = backup.make_backup(database.path, folder, "manual", now=NOW)
    add_checkin(database, date(2026, 11, 29))
    database.close()
    result = backup.restore(saved.path, folder, now=NOW + timedelta(days=1))
    assert result.replaced is not None and result.replaced.exists()
    assert ".replaced-" in result.replaced.name
    reopened = dbmod.open_database(dbmod.database_url_for(folder))
    try:
        repo = CheckInRepository(reopened)
        assert repo.get(date(2026, 11, 28)) is not None
        assert repo.get(date(2026, 11, 29)) is None  # as it was at the backup
        assert reopened.recovery is None
    finally:
        reopened.close()
    assert _mode(folder / dbmod.DATABASE_FILE) == 0o600
    # The replaced file still has the later check-in.
    conn = sqlite3.connect(result.replaced)
    assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 2
    conn.close()


def test_restore_refuses_a_damaged_backup_and_leaves_everything(data):
    folder, database = data
    database.close()
    bad = folder / "backups" / f"cipn-coach-{backup.stamp(NOW)}-auto.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(backup.BackupError):
        backup.restore(bad, folder)
    assert (folder / dbmod.DATABASE_FILE).exists()
    assert not list(folder.glob("*.replaced-*"))


# ---------------------------------------------------------------- retention
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda t: t.replace(tzinfo=UTC)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(moments, min_size=1, max_size=120))
def test_retention_properties(times):
    kept = backup.choose_kept(times)
    assert max(times) in kept
    assert kept <= set(times)
    assert len(kept) <= backup.MAX_KEPT
    ordered = sorted(set(times), reverse=True)
    for limit, bucket in (
        (backup.KEEP_DAILY, lambda t: t.date()),
        (backup.KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (backup.KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ):
        buckets: dict[object, list[datetime]] = {}
        for t in ordered:
            buckets.setdefault(bucket(t), []).append(t)
        recent = sorted(buckets, key=lambda k: buckets[k][0], reverse=True)[:limit]
        for key in recent:  # the newest of each recent bucket is kept
            assert buckets[key][0] in kept


def test_prune_keeps_a_year_of_daily_backups_down_to_the_rule(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in range(365):
        moment = datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=day)
        (folder / f"cipn-coach-{backup.stamp(moment)}-auto.sqlite3").write_bytes(b"")
    (folder / "cipn-coach-20260101T000000-000000Z-auto.sqlite3.partial").write_bytes(b"")
    removed = backup.prune_backups(tmp_path)
    left = list(folder.iterdir())
    assert len(left) <= backup.MAX_KEPT and len(removed) + len(left) == 365
    assert any("20261231T120000" in p.name for p in left)
