"""Issue 19, "Nothing lost, for real": repairs are told, safety backups outlive the
rotation, an import can be undone, and every way in shares the same bounds.

The CLI runs in-process through ``ui.app.main`` (as in ``test_cli``), on real folders."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cipn_coach.storage import backup
from ui.app import main

# The commands' clock: no test here depends on the real date (the demo's days, "today"
# for check-in bounds, what counts as the future for an import).
NOW = datetime(2026, 12, 4, 20, 0)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], now=lambda: NOW)
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
    assert cli(capsys, "demo", "--days", 6, "--data-dir", data)[0] == 0
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
            (folder / f"cipn-coach-{backup.stamp(safe)}-before-json-import.sqlite3").write_bytes(
                b""
            )
    now = start + timedelta(days=119)
    backup.prune_backups(tmp_path, now=now)
    left = [backup.parse_backup_name(p) for p in folder.iterdir()]
    safety = sorted(t for t, reason in left if backup.is_safety_backup(reason))
    assert safety == [start + timedelta(days=d, minutes=1) for d in (90, 100, 110)]
    assert len([r for _, r in left if not backup.is_safety_backup(r)]) <= backup.MAX_KEPT

    backup.prune_backups(tmp_path, now=now + timedelta(days=365))  # long after: one stays
    left = [backup.parse_backup_name(p) for p in folder.iterdir()]
    assert [t for t, r in left if backup.is_safety_backup(r)] == [
        start + timedelta(days=110, minutes=1)
    ]


# ------------------------------------------------------------------ High 1: repairs are told
def damage_header(folder: Path) -> None:
    with open(folder / backup.DATABASE_FILE, "r+b") as handle:
        handle.write(b"this is not a database at all" * 4)


def test_a_command_never_repairs_silently(capsys, tmp_path):
    data = tmp_path / "data"
    tiny = demo_export(capsys, tmp_path, "tiny", 1)
    assert cli(capsys, "demo", "--days", 7, "--data-dir", data)[0] == 0
    assert cli(capsys, "import", "--json", tiny, "--merge", "--data-dir", data)[0] == 0  # a backup
    assert (
        cli(
            capsys,
            "checkin",
            "--date",
            "2025-07-20",
            "--hands",
            7,
            "--feet",
            7,
            "--pain",
            7,
            "--data-dir",
            data,
        )[0]
        == 0
    )  # a past day filled in after the backup
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
    from cipn_coach.storage import repair_notice

    notice = repair_notice.unread(data)
    assert notice is not None and "saved after" in notice


@pytest.mark.parametrize(
    "command",
    [
        ("profile",),
        ("profile", "--name", "Ann"),
        ("routines",),
        ("exercises",),
        ("preview", "morning"),
        ("summary",),
        ("export", "--json", "out.json"),
    ],
)
def test_every_command_refuses_a_damaged_database(capsys, tmp_path, monkeypatch, command):
    from tests.core.test_recovery import build, text_file

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    text_file(build(data, days=3, backup_after=2))
    damaged = (data / backup.DATABASE_FILE).read_bytes()
    code, out, err = cli(capsys, *command, "--data-dir", data)
    assert (code, out) == (3, "") and "--repair" in err
    assert (data / backup.DATABASE_FILE).read_bytes() == damaged
    code, _out, err = cli(capsys, *command, "--data-dir", data, "--yes")  # after the command
    assert code == 0 and "repaired" in err


def test_the_message_names_days_by_when_they_were_saved_not_their_date(tmp_path):
    from datetime import date

    from cipn_coach import formatting
    from cipn_coach.checkin.schema import CheckInValues
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
    report = dbmod.RecoveryReport(
        tmp_path / "x.damaged", "bad", tmp_path / "b", made, date(2026, 11, 30), days
    )
    assert formatting.day_year(date(2026, 3, 2)) in report.message()
    assert formatting.moment(made) in report.message()


# ------------------------------------------------------------------ Medium 5 and 6: bounds
def test_a_day_before_1990_or_after_today_is_refused_by_the_cli(capsys, tmp_path):
    data = tmp_path / "data"
    for day in ("0001-01-01", "1989-12-31", "2999-01-01"):
        code, _, err = cli(
            capsys,
            "checkin",
            "--date",
            day,
            "--hands",
            1,
            "--feet",
            1,
            "--pain",
            1,
            "--data-dir",
            data,
        )
        assert code == 2 and day in err and len(err.strip().splitlines()) == 1
    assert not (data / backup.DATABASE_FILE).exists()  # refused before anything was written


def test_a_checkin_can_be_deleted_and_a_backup_keeps_it(capsys, tmp_path):
    data = tmp_path / "data"
    args = ("--hands", 4, "--feet", 4, "--pain", 4, "--data-dir", data)
    assert cli(capsys, "checkin", "--date", "2026-01-05", *args)[0] == 0
    assert (
        cli(
            capsys,
            "checkin",
            "--date",
            "2026-01-05",
            *args[:-2],
            "--note",
            "again",
            "--data-dir",
            data,
        )[0]
        == 0
    )
    code, out, err = cli(capsys, "checkin", "--date", "2026-01-05", "--delete", "--data-dir", data)
    assert code == 0 and "Deleted" in out, err
    assert checkin_days(data) == []
    kept = [b for b in backup.list_backups(data) if b.reason == "before-checkin-delete"]
    assert len(kept) == 1 and kept[0].checkins == 1
    conn = sqlite3.connect(kept[0].path)
    assert conn.execute("SELECT count(*) FROM checkin_versions").fetchone()[0] == 1  # history
    conn.close()
    code, _, err = cli(capsys, "checkin", "--date", "2026-01-05", "--delete", "--data-dir", data)
    assert code == 2 and "no check-in for 2026-01-05" in err
    code, _, err = cli(
        capsys, "checkin", "--date", "2026-01-05", "--delete", "--hands", 3, "--data-dir", data
    )
    assert code == 2 and "--delete takes only --date" in err


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> str:
    """A real exported backup of a small demo (made once for the cases below)."""
    from ui.app import main as run_cli

    folder = tmp_path_factory.mktemp("source")
    target = folder / "file.json"
    assert run_cli(["demo", "--days", "3", "--data-dir", str(folder / "data")]) == 0
    assert run_cli(["export", "--json", str(target), "--data-dir", str(folder / "data")]) == 0
    return target.read_text("utf-8")


def _backup_file(tmp_path: Path, exported: str, change) -> Path:
    """The exported backup with one record changed by ``change``."""
    import json

    document = json.loads(exported)
    change(document["data"])
    target = tmp_path / "file.json"
    target.write_text(json.dumps(document), "utf-8")
    return target


def _future(days: int) -> str:
    return (NOW.astimezone(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_day(data, day: str) -> None:
    data["checkins"][0]["day"] = day


def _future_checkin(data) -> None:
    _set_day(data, (NOW.astimezone(UTC) + timedelta(days=30)).date().isoformat())


def _old_checkin(data) -> None:
    _set_day(data, "1985-05-01")


def _future_session(data) -> None:
    data["sessions"][0]["started_at"] = _future(30)


def _ends_before_start(data) -> None:
    session = data["sessions"][0]
    session["ended_at"] = "2000-01-01T00:00:00Z"


def _too_much_done(data) -> None:
    step = data["sessions"][0]["steps"][0]
    step["planned_seconds"], step["done_seconds"] = 30.0, 80_000.0


@pytest.mark.parametrize(
    "change, words",
    [
        (_future_checkin, "in the future"),
        (_old_checkin, "too early"),
        (_future_session, "in the future"),
        (_ends_before_start, "ends before it starts"),
        (_too_much_done, "more than planned"),
    ],
)
def test_an_import_refuses_what_the_app_itself_refuses(capsys, tmp_path, exported, change, words):
    source = _backup_file(tmp_path, exported, change)
    capsys.readouterr()
    data = tmp_path / "data"
    code, _, err = cli(capsys, "import", "--json", source, "--data-dir", data)
    assert code == 2 and words in err, err
    assert not (data / backup.DATABASE_FILE).exists()


# ------------------------------------------------------------------ Low
ROOT = Path(__file__).resolve().parents[2]


def cli_process(*argv: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, argv)],
        cwd=ROOT,
        text=True,
        capture_output=True,
        timeout=timeout,
    )


def test_start_up_copies_have_names_of_their_own_and_a_closed_wal_is_no_error(
    tmp_path, monkeypatch
):
    import shutil

    from cipn_coach.storage import db as dbmod
    from cipn_coach.storage.startup_check import startup_check

    database = dbmod.open_database(dbmod.database_url_for(tmp_path))
    path = database.path
    keeper = sqlite3.connect(path)  # holds the WAL open, as a running app would
    keeper.execute("PRAGMA wal_autocheckpoint=0")
    keeper.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    keeper.commit()
    wal = Path(f"{path}-wal")
    assert wal.is_file()
    other = Path(f"{wal}.precheck")  # another process's copy, mid-check
    other.write_bytes(b"someone else's")
    try:
        assert startup_check(path) is None
        assert other.read_bytes() == b"someone else's"  # neither overwritten nor deleted

        real_copy = shutil.copy2

        def closed_meanwhile(source, target):  # the other process closes: WAL folded in
            if str(source).endswith("-wal"):
                raise FileNotFoundError(2, "No such file or directory")
            return real_copy(source, target)

        monkeypatch.setattr(shutil, "copy2", closed_meanwhile)
        assert startup_check(path) is None  # no "cannot use the data folder"
    finally:
        keeper.close()
        database.close()


def test_a_fifo_is_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for argv in (("import-routine", fifo), ("import", "--json", fifo)):
        result = cli_process(*argv, "--data-dir", tmp_path / "data", timeout=30)
        assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


def test_a_routine_file_with_a_bom_is_accepted(capsys, tmp_path):
    target = tmp_path / "r.cipnroutine"
    data = tmp_path / "data"
    assert cli(capsys, "export-routine", "morning", target, "--data-dir", data)[0] == 0
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes().replace(b'"morning"', b'"bom"'))
    code, out, err = cli(capsys, "import-routine", target, "--data-dir", data)
    assert code == 0, err


def test_bad_command_line_values_get_one_short_plain_line(capsys, tmp_path):
    code, _, err = cli(capsys, "--database-url", "bogus://x", "summary")
    assert code == 2 and "not an SQLite URL" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli(
        capsys,
        "checkin",
        "--date",
        "2026-01-01",
        "--hands",
        "9" * 5000,
        "--feet",
        1,
        "--pain",
        1,
        "--data-dir",
        tmp_path,
    )
    assert code == 2 and len(err) < 200
    code, _, err = cli(
        capsys,
        "checkin",
        "--date",
        "2026-01-01",
        "--hands",
        1,
        "--feet",
        1,
        "--pain",
        1,
        "--note",
        b"caf\xe9".decode("utf-8", "surrogateescape"),
        "--data-dir",
        tmp_path,
    )
    assert code == 2 and "not UTF-8" in err


def test_control_characters_never_reach_the_terminal(capsys, tmp_path):
    import json

    target = tmp_path / "r.cipnroutine"
    data = tmp_path / "data"
    assert cli(capsys, "export-routine", "morning", target, "--data-dir", data)[0] == 0
    document = json.loads(target.read_text("utf-8"))
    document["routine"]["id"] = "escapes"
    document["routine"]["title"] = "Evil\x1b[2J\x07 title\x9b31m"
    document["routine"].pop("zh_HK")  # names the old title (its numbers would not match)
    target.write_text(json.dumps(document), "utf-8")
    code, out, err = cli(capsys, "import-routine", target, "--data-dir", data)
    assert code == 0, err
    code, out, _ = cli(capsys, "routines", "--data-dir", data)
    assert code == 0 and "Evil[2J title31m" in out
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)


def test_a_demo_killed_half_way_leaves_the_folder_usable(capsys, tmp_path, monkeypatch):
    from cipn_coach.cli import demo

    data = tmp_path / "data"
    real_session, calls = demo._session, []

    def dies_half_way(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise KeyboardInterrupt  # as a kill would stop it, mid-way
        return real_session(*args, **kwargs)

    monkeypatch.setattr(demo, "_session", dies_half_way)
    try:
        cli(capsys, "demo", "--days", 7, "--data-dir", data)
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(demo, "_session", real_session)
    assert not (data / backup.DATABASE_FILE).exists()  # nothing half filled
    (data / f"{demo.BUILDING_PREFIX}killed").mkdir()  # what a real SIGKILL leaves
    code, out, err = cli(capsys, "demo", "--days", 7, "--data-dir", data)
    assert code == 0, err
    reference = tmp_path / "never-killed"
    assert cli(capsys, "demo", "--days", 7, "--data-dir", reference)[0] == 0
    assert checkin_days(data) == checkin_days(reference)  # the whole demo, nothing missing
    assert not list(data.glob(f"{demo.BUILDING_PREFIX}*"))


def test_a_folder_its_owner_made_read_only_is_respected(capsys, tmp_path):
    import os
    import stat

    data = tmp_path / "data"
    assert (
        cli(
            capsys,
            "checkin",
            "--date",
            "2026-01-05",
            "--hands",
            1,
            "--feet",
            1,
            "--pain",
            1,
            "--data-dir",
            data,
        )[0]
        == 0
    )
    before = sorted(p.name for p in data.iterdir())
    os.chmod(data, 0o500)
    try:
        code, _, err = cli(
            capsys,
            "checkin",
            "--date",
            "2026-01-06",
            "--hands",
            1,
            "--feet",
            1,
            "--pain",
            1,
            "--data-dir",
            data,
        )
        assert code == 2 and "read-only" in err and len(err.strip().splitlines()) == 1
        assert stat.S_IMODE(data.stat().st_mode) == 0o500  # never made writable again
        assert sorted(p.name for p in data.iterdir()) == before
        assert checkin_days(data) == ["2026-01-05"]
    finally:
        os.chmod(data, 0o700)


from tests.core.test_disk_full import fill as fill_disk  # noqa: E402
from tests.core.test_disk_full import small_disk  # noqa: E402, F401 - a fixture


def test_a_wal_left_by_a_full_disk_does_not_stop_reading(small_disk):  # noqa: F811
    folder = small_disk / "data"
    assert (
        cli_process(
            "checkin",
            "--date",
            "2026-01-02",
            "--hands",
            5,
            "--feet",
            1,
            "--pain",
            1,
            "--data-dir",
            folder,
        ).returncode
        == 0
    )
    # A writer dies without closing: its committed check-in is only in the -wal.
    writer = (
        f"import sqlite3, os\nc = sqlite3.connect({str(folder / backup.DATABASE_FILE)!r})\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        'c.execute("UPDATE checkins SET hands = 9")\nc.commit()\nos._exit(0)\n'
    )
    subprocess.run([sys.executable, "-c", writer], check=True, timeout=30)
    assert Path(f"{folder / backup.DATABASE_FILE}-wal").stat().st_size > 0
    fill_disk(small_disk)
    for argv in (
        ("summary", "--json", "--from", "2026-01-01", "--to", "2026-01-10"),
        ("export", "--csv", small_disk / "csv"),
    ):
        done = cli_process(*argv, "--data-dir", folder)
        assert "Nothing was changed" not in done.stderr, done.stderr
        if argv[0] == "summary":
            assert done.returncode == 0 and '"hands": 9' in done.stdout, done.stderr
    assert not list(folder.glob("*.damaged-*"))
