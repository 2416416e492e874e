"""A full disk: a clear message, exit 2, no half-written record, nothing moved aside.

A really full filesystem is a small tmpfs (root only: ``mount -t tmpfs -o size=2m``)
filled with a filler file. Skipped when mounting is not allowed (unprivileged runs).

Found by this test (fixed in ``cipn_coach/storage``): start-up's ``quick_check`` failed
with "database or disk is full" and took that for damage, so the NEXT start moved the
healthy database aside as ``.damaged`` and began an empty one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.services import open_services
from cipn_coach.storage.backup import unavailable_reason

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: the disk is full
        pass
    finally:
        os.close(fd)
    return filler


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cipn_coach.cli.commands", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def checkins(folder: Path) -> list[tuple[str, int, int]]:
    conn = sqlite3.connect(folder / "cipn-coach.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return conn.execute("SELECT day, version, hands FROM checkins ORDER BY day").fetchall()
    finally:
        conn.close()


def test_checkin_on_a_full_disk_says_so_and_changes_nothing(small_disk):
    folder = small_disk / "data"
    args = ("--hands", "5", "--feet", "1", "--pain", "1", "--data-dir", str(folder))
    assert cli("checkin", "--date", "2026-01-02", *args).returncode == 0
    before = checkins(folder)
    filler = fill(small_disk)
    for _attempt in range(2):  # the second start must not take the first failure for damage
        done = cli("checkin", "--date", "2026-01-03", *args)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert "cipn-coach:" in lines[0] and ("full" in lines[0] or "space" in lines[0]), lines
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if "damaged" in n or "precheck" in n], names
    filler.unlink()
    assert checkins(folder) == before  # no half-written record, nothing replaced
    assert cli("checkin", "--date", "2026-01-03", *args).returncode == 0  # room again: works
    assert [d for d, _v, _h in checkins(folder)] == ["2026-01-02", "2026-01-03"]


def test_a_save_that_hits_a_full_disk_rolls_back_whole(small_disk):
    """The database opened fine, then the disk filled: the commit fails as one unit."""
    folder = small_disk / "data"
    services = open_services(folder)
    now = datetime(2026, 1, 3, 20, tzinfo=UTC)
    try:
        services.checkins.save(
            date(2026, 1, 2),
            CheckInValues.parse({"hands": 1, "feet": 1, "pain": 1}),
            now,
            today=date(2026, 1, 3),
        )
        filler = fill(small_disk)
        failures = 0
        for n in range(20):  # enough new pages to need room the WAL does not have
            try:
                services.checkins.save(
                    date(2026, 1, 2),
                    CheckInValues.parse(
                        {"hands": 2, "feet": 2, "pain": 2, "note": "x" * 900 + str(n)}
                    ),
                    now,
                    today=date(2026, 1, 3),
                )
            except Exception as exc:  # noqa: BLE001 - SQLAlchemy wraps sqlite3's error
                assert unavailable_reason(exc) is not None, exc
                failures += 1
                break
        assert failures == 1
        filler.unlink()
        row = services.checkins.get(date(2026, 1, 2))
    finally:
        services.close()
    rows = checkins(folder)
    assert row is not None and rows == [("2026-01-02", row.version, row.hands)]
    conn = sqlite3.connect(folder / "cipn-coach.sqlite3")
    try:  # every replaced version is in the history: none lost, none half-written
        assert (
            conn.execute("SELECT count(*) FROM checkin_versions").fetchone()[0] == row.version - 1
        )
    finally:
        conn.close()
