"""Figure 10, in its own process: ``python -m tests.perf.bench_summary DATA_DIR [profile]``.

The app's summary (``load_summary``, what ``cipn-coach summary --json`` prints) against
its lower bound (``summary_floor``: the same numbers from plain ``sqlite3`` rows and
plain Python), over a database with 3 years of history, for (a) the 3 years from the
programme's start and (b) the default 4 weeks with the 3 years behind them. Each
period's outputs are first checked equal; then the two sides are timed in turns, 7
times each, in this one process, so a busy CPU slows both alike. The last stdout line is
JSON: every run in milliseconds.

Before timing, what is alive is frozen out of the garbage collector (``gc.freeze``), as
the app does once Today is built (``ui/gui.py``): otherwise a full collection of the
process's whole heap (~50 ms) lands on whichever side happens to allocate at that moment.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import time
from contextlib import closing
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from tests.perf.bench_data import YEARS_DAYS

RUNS = 7


def periods(services: Any, now: datetime) -> dict[str, tuple[date, date]]:
    """(a) from the programme's start to today, (b) the default 28 days to today."""
    from cipn_coach.cli.checkin import summary_period
    from cipn_coach.settings import preferences as prefs

    today = now.date()
    start = prefs.Preferences(services.settings).get(prefs.PLAN_START)
    start = start or today - timedelta(days=YEARS_DAYS - 1)
    return {
        "years": summary_period(start, today, today),
        "weeks": summary_period(None, None, today),
    }


def _evening_of_the_last_day(path: Path) -> datetime:
    """The moment the summary is asked for: the evening of the history's last check-in
    (the history ends on the day it was built), not the clock of whoever runs the bench."""
    with closing(sqlite3.connect(path)) as raw:
        (last,) = raw.execute("SELECT max(day) FROM checkins").fetchone()
    return datetime.combine(date.fromisoformat(last), dtime(20, 0))


def main(folder: Path, profile: bool) -> dict[str, Any]:
    from cipn_coach.reports.summary import load_summary
    from cipn_coach.services import open_services
    from tests.perf.summary_floor import comparable, floor_summary, plan_from_services

    services = open_services(folder)
    path = services.db.path
    now = _evening_of_the_last_day(path)
    plan = plan_from_services(services)
    result: dict[str, Any] = {}
    for name, (first, last) in periods(services, now).items():
        app = json.loads(json.dumps(load_summary(services, first, last, now)))
        floor = json.loads(json.dumps(floor_summary(path, first, last, now, plan)))
        if comparable(app) != floor:
            raise SystemExit(f"{name}: the lower bound's summary differs from the app's")
        gc.collect()
        gc.freeze()
        app_ms, floor_ms = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            load_summary(services, first, last, now)
            app_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            floor_summary(path, first, last, now, plan)
            floor_ms.append((time.perf_counter() - t0) * 1000)
        result[name] = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "app_ms": app_ms,
            "floor_ms": floor_ms,
        }
        if profile:
            import cProfile

            from tests.perf.bench_charts import _top

            p = cProfile.Profile()
            p.enable()
            load_summary(services, first, last, now)
            p.disable()
            result[name]["profile"] = _top(p, "tottime", 14)
    services.close()
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), "profile" in sys.argv[2:])), flush=True)
