"""Many writers at once on one data folder: every write waits its turn, none is refused.

Real processes running the real CLI (``tests.core.cli_writers`` forks them from one warm
helper and releases them together) on a real SQLite file. A plain ``BEGIN`` takes a
read lock and upgrades it at the first write; when another process writes in between,
SQLite answers "database is locked" at once, without waiting for ``busy_timeout``
(133 of 200 simultaneous check-ins were refused that way).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cipn_coach.services import open_services
from cipn_coach.storage.db import DATABASE_FILE
from tests.core import cli_writers

pytestmark = pytest.mark.slow

WRITERS = 100
FIRST_DAY = date(2025, 3, 1)  # past days: the CLI refuses future ones


def saved_days(folder: Path) -> set[str]:
    raw = sqlite3.connect(folder / DATABASE_FILE)
    try:
        return {row[0] for row in raw.execute("SELECT day FROM checkins")}
    finally:
        raw.close()


def test_a_hundred_simultaneous_cli_checkins_are_all_saved(tmp_path):
    open_services(tmp_path).close()  # an existing, migrated folder, as on any day after the first
    helper = cli_writers.start("burst", tmp_path, FIRST_DAY, WRITERS)
    out, _ = helper.communicate("", timeout=600)
    run, refused = cli_writers.results(out.splitlines())
    assert run == WRITERS
    assert refused == [], f"{len(refused)} of {WRITERS} refused, e.g. {refused[:3]}"
    days = {(FIRST_DAY + timedelta(days=i)).isoformat() for i in range(WRITERS)}
    assert saved_days(tmp_path) == days
