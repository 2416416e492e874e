"""The start-up check of the database runs on its own thread while SQLAlchemy loads.

``PRAGMA quick_check`` reads the whole file: ~10 ms for three years of records here,
far more on a slow disk with a cold cache. SQLite does it without holding Python's
lock, so on a thread of its own it costs the start nothing while the main thread
imports SQLAlchemy (~150 ms). What it decides is unchanged: the tests of
``test_nothing_lost.py`` hold a damaged file moved aside and the newest good backup
brought back, through the same path.
"""

from __future__ import annotations

from pathlib import Path

from cipn_coach.services import open_services
from tests.child import child_json

# In a fresh process: the import of the database layer waits (up to 20 s) for the check
# to have begun. Run one after the other, as before, the check would begin only inside
# open_database, after that import: the wait would time out.
SCRIPT = r"""
import json, sys, threading
from pathlib import Path
import cipn_coach.storage.startup_check as check_module
began = threading.Event()
threads = []
plain = check_module.startup_problem
def watched(path):
    threads.append(threading.current_thread().name)
    began.set()
    return plain(path)
check_module.startup_problem = watched
seen = {}
class WaitForTheCheck:
    def find_spec(self, name, path=None, target=None):
        if name == "cipn_coach.storage.db" and "began_first" not in seen:
            seen["began_first"] = began.wait(20)
        return None
sys.meta_path.insert(0, WaitForTheCheck())
from cipn_coach.services import open_services
services = open_services(Path(sys.argv[1]))
seen["threads"] = threads
services.close()
print(json.dumps(seen))
"""


def test_the_check_runs_beside_the_import_of_the_database_layer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_services(data).close()  # an existing, healthy database: the check has work
    seen = child_json(SCRIPT, str(data))
    assert seen["began_first"] is True
    assert seen["threads"] == ["cipn-startup-check"]  # once, and not on the main thread
