"""A backup reads the database once through, with a small page cache.

Each SQLite connection keeps up to 2 MiB of pages by default. A backup opened three
(the source, the copy, the copy's check) and the listing a fourth, each filling its
cache with a 3-year database (3.4 MB): the app's peak memory rose 4 MiB after every
session, when the backup ran (issue 13's figure 7, "session stopped"). Read once
through, the pages gain nothing from a cache.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.child import child_json

SCRIPT = r"""
import json, sys
from pathlib import Path
from cipn_coach.storage import backup

def peak_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

database = Path(sys.argv[1]) / "cipn-coach.sqlite3"
backup.quick_check(database)  # warm: the modules and SQLite's own start
before = peak_kib()
info = backup.make_backup(database, reason="test")
backup.describe_backup(info.path)
print(json.dumps({"grew_kib": peak_kib() - before, "sessions": info.sessions}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_backup_of_three_years_does_not_raise_the_peak_by_its_page_caches(
    tmp_path: Path,
) -> None:
    from cipn_coach.services import open_services
    from tests.perf.bench_data import fill_history

    services = open_services(tmp_path / "data")
    try:
        made = fill_history(services, 3 * 365, datetime(2026, 12, 4, 20, 0))
    finally:
        services.close()
    database = tmp_path / "data" / "cipn-coach.sqlite3"
    assert database.stat().st_size > 3 * 2**20  # larger than one default page cache
    seen = child_json(SCRIPT, str(tmp_path / "data"))
    assert seen["sessions"] == made["sessions"]  # the backup is whole
    assert seen["grew_kib"] < 1536, f"the backup raised the peak by {seen['grew_kib']} KiB"
