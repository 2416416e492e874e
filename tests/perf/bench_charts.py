"""Figure 6, in its own process: ``python -m tests.perf.bench_charts DATA_DIR [profile]``.

Over a database with 3 years of history: ``load_summary`` for the whole 3 years (several
calls, each timed), then ``ProgressPage.show_summary`` with it: the time from the call to
the end of the next paint of the page, first in the process (the user opening Progress)
and again with the same page (a refresh). With ``profile``, cProfile's top functions of
one summary and one show+paint follow in the JSON. The last stdout line is JSON.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.perf.bench_data import YEARS_DAYS

CALLS = 5


def _top(profile: cProfile.Profile, sort: str, limit: int = 14) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(sort).print_stats(limit)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    root = str(Path(__file__).resolve().parents[2]) + "/"
    return "\n".join(
        re.sub(r"\S*site-packages/", "", line.replace(root, "")) for line in lines[start:]
    )


def main(folder: Path, profile: bool) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from cipn_coach.reports.summary import load_summary
    from cipn_coach.services import open_services
    from ui.pages.progress import ProgressPage
    from ui.theme import CALM, style_sheet

    app = QApplication([])
    app.setStyleSheet(style_sheet(CALM))
    services = open_services(folder)
    now = datetime.now()
    last = now.date()
    first = last - timedelta(days=YEARS_DAYS - 1)

    summary_ms = []
    for _ in range(CALLS):
        t0 = time.perf_counter()
        summary = load_summary(services, first, last, now)
        summary_ms.append((time.perf_counter() - t0) * 1000)
    efforts = [(s.local_date, s.effort) for s in services.sessions.between(first, last)]

    page = ProgressPage()
    page.resize(1280, 800)
    page.show()
    painted = [False]

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget)
                and (obj is page or page.isAncestorOf(obj))
            ):
                painted[0] = True
            return False

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.005)

    settle(0.5)  # the empty page's first paint is not part of the figure
    watcher = Painted()
    app.installEventFilter(watcher)

    def show_and_paint() -> float:
        painted[0] = False
        t0 = time.perf_counter()
        page.show_summary(summary, efforts)
        deadline = t0 + 10
        while not painted[0] and time.perf_counter() < deadline:
            app.processEvents()  # returns after the whole paint pass it ran
        return (time.perf_counter() - t0) * 1000

    paint_ms = []
    for _ in range(CALLS):
        paint_ms.append(show_and_paint())
        settle(0.3)
    result: dict[str, Any] = {
        "days": len(summary["days"]),
        "sessions": len(efforts),
        "summary_ms": summary_ms,
        "first_paint_ms": paint_ms[0],
        "repaint_ms": paint_ms[1:],
    }
    if profile:
        p = cProfile.Profile()
        p.enable()
        load_summary(services, first, last, now)
        p.disable()
        result["summary_profile"] = _top(p, "cumulative", 22)
        result["summary_profile_own"] = _top(p, "tottime", 12)
        fresh = ProgressPage()
        fresh.resize(1280, 800)
        fresh.show()
        settle(0.3)
        page = fresh
        p = cProfile.Profile()
        p.enable()
        show_and_paint()
        p.disable()
        result["paint_profile"] = _top(p, "cumulative", 22)
        result["paint_profile_own"] = _top(p, "tottime", 12)
    services.close()
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), "profile" in sys.argv[2:])), flush=True)
