"""Issue 19, "Nothing lost, for real": repairs are told, safety backups outlive the
rotation, an import can be undone, and every way in shares the same bounds.

The CLI runs in-process through ``ui.app.main`` (as in ``test_cli``), on real folders."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cipn_coach.storage import backup
from ui.app import main


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def checkin_days(folder: Path) -> list[str]:
    conn = sqlite3.connect(folder / backup.DATABASE_FILE)
    try:
        return [row[0] for row in conn.execute("SELECT day FROM checkins ORDER BY day")]
    finally:
        conn.close()


def demo_export(capsys, tmp_path: Path, name: str, days: int) -> Path:
    folder = tmp_path / f"{name}-folder"
    assert cli(capsys, "demo", "--days", days, "--data-dir", folder)[0] == 0
    target = tmp_path / f"{name}.json"
    assert cli(capsys, "export", "--json", target, "--data-dir", folder)[0] == 0
    return target


# ------------------------------------------------------------------ High 2: retention
def test_the_backup_made_before_a_replace_survives_later_imports_and_undoes_it(capsys, tmp_path):
    small = demo_export(capsys, tmp_path, "small", 3)
    tiny = demo_export(capsys, tmp_path, "tiny", 1)
    data = tmp_path / "data"
    assert cli(capsys, "demo", "--days", 10, "--data-dir", data)[0] == 0
    before = checkin_days(data)
    assert len(before) > 3

    code, out, _ = cli(capsys, "import", "--json", small, "--replace", "--data-dir", data)
    assert code == 0 and "before-json-import" in out
    safety = out.rsplit("backup of the previous data: ", 1)[1].split(";")[0].strip()
    assert cli(capsys, "import", "--json", tiny, "--merge", "--data-dir", data)[0] == 0
    assert cli(capsys, "import", "--json", tiny, "--merge", "--data-dir", data)[0] == 0
    assert checkin_days(data) != before

    kept = data / "backups" / safety
    assert kept.is_file(), "the copy made before the replace was pruned"
    code, out, err = cli(capsys, "restore", kept, "--data-dir", data)  # the README's undo
    assert code == 0, err
    assert checkin_days(data) == before


def test_safety_backups_are_kept_thirty_days_and_the_newest_always(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(120):  # a routine backup every day, a safety one every 10 days
        moment = start + timedelta(days=day)
        (folder / f"cipn-coach-{backup.stamp(moment)}-auto.sqlite3").write_bytes(b"")
        if day % 10 == 0:
            safe = moment + timedelta(minutes=1)
            (folder / f"cipn-coach-{backup.stamp(safe)}-before-json-import.sqlite3").write_bytes(b"")
    now = start + timedelta(days=119)
    backup.prune_backups(tmp_path, now=now)
    left = [backup.parse_backup_name(p) for p in folder.iterdir()]
    safety = sorted(t for t, reason in left if backup.is_safety_backup(reason))
    assert safety == [start + timedelta(days=d, minutes=1) for d in (90, 100, 110)]
    assert len([r for _, r in left if not backup.is_safety_backup(r)]) <= backup.MAX_KEPT

    backup.prune_backups(tmp_path, now=now + timedelta(days=365))  # long after: one stays
    left = [backup.parse_backup_name(p) for p in folder.iterdir()]
    assert [t for t, r in left if backup.is_safety_backup(r)] == [start + timedelta(days=110, minutes=1)]


# ------------------------------------------------------------------ High 1: repairs are told
def damage_header(folder: Path) -> None:
    with open(folder / backup.DATABASE_FILE, "r+b") as handle:
        handle.write(b"this is not a database at all" * 4)


def test_a_command_never_repairs_silently(capsys, tmp_path):
    data = tmp_path / "data"
    tiny = demo_export(capsys, tmp_path, "tiny", 1)
    assert cli(capsys, "demo", "--days", 28, "--data-dir", data)[0] == 0
    assert cli(capsys, "import", "--json", tiny, "--merge", "--data-dir", data)[0] == 0  # a backup
    assert cli(capsys, "checkin", "--date", "2025-07-20", "--hands", 7, "--feet", 7, "--pain", 7,
               "--data-dir", data)[0] == 0  # a past day filled in after the backup
    damage_header(data)
    damaged = (data / backup.DATABASE_FILE).read_bytes()

    code, out, err = cli(capsys, "summary", "--json", "--data-dir", data)
    assert code == 3 and out == ""
    assert "damaged" in err and "--repair" in err and len(err.strip().splitlines()) == 1
    assert (data / backup.DATABASE_FILE).read_bytes() == damaged  # nothing was changed
    assert not list(data.glob("*.damaged-*"))

    code, out, err = cli(capsys, "summary", "--json", "--repair", "--data-dir", data)
    assert code == 0 and out.startswith("{")
    assert "repaired" in err and "saved after" in err and "past days filled in later" in err
    assert list(data.glob("*.damaged-*"))
    # The app tells it at its next start too, until it is read.
    from cipn_coach import repair_notice

    notice = repair_notice.unread(data)
    assert notice is not None and "saved after" in notice


def test_the_message_names_days_by_when_they_were_saved_not_their_date(tmp_path):
    from datetime import date

    from cipn_coach import formatting
    from cipn_coach.checkin_schema import CheckInValues
    from cipn_coach.storage import db as dbmod
    from cipn_coach.storage.checkins import CheckInRepository

    made = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    database = dbmod.open_database(dbmod.database_url_for(tmp_path))
    values = CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1})
    repo = CheckInRepository(database)
    repo.save(date(2026, 11, 30), values, made - timedelta(hours=1), today=date(2026, 12, 4))
    repo.save(date(2026, 3, 2), values, made + timedelta(hours=1), today=date(2026, 12, 4))
    database.close()
    days = dbmod._days_saved_after(tmp_path / backup.DATABASE_FILE, made)
    assert days == (date(2026, 3, 2),)  # back-filled after the backup: named
    report = dbmod.RecoveryReport(tmp_path / "x.damaged", "bad", tmp_path / "b", made,
                                  date(2026, 11, 30), days)
    assert formatting.day_year(date(2026, 3, 2)) in report.message()
    assert formatting.moment(made) in report.message()
