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
