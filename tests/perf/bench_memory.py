"""Figure 7, in a fresh process: ``python -m tests.perf.bench_memory bare|app [DATA_DIR]``.

Prints peak RSS (``getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux) as the last line's
JSON. ``bare``: a QMainWindow hello-world, painted. ``app``: what ``ui.gui.run_gui``
builds (shell, services, ``build_content`` with real speech and the tray) over the data
folder, then every screen visited: Today, Check-in, Progress (its default range, then
"All"), Settings, and a Morning session started, run 3 s and stopped.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _settle(app: Any, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def bare() -> list[str]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1100, 720)
    window.show()
    _settle(app, 1.0)
    return [f"bare window: peak {_peak_mib()} MiB"]


def app_screens(folder: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from ui.shell import AppWindow
    from ui.theme import CALM, style_sheet

    app = QApplication([])
    app.setStyleSheet(style_sheet(CALM))
    shell = AppWindow()
    shell.show()
    _settle(app, 0.3)
    visited = [f"shell painted: peak {_peak_mib()} MiB"]
    from cipn_coach.services import open_services  # as run_gui: only after the first paint

    services = open_services(folder, recover=True)
    visited.append(f"services open: peak {_peak_mib()} MiB")
    from ui.gui import build_content

    window = build_content(app, services)  # builds every page and shows Today
    shell.set_content(window)
    _settle(app, 0.5)
    visited.append(f"content built, Today shown: peak {_peak_mib()} MiB")

    def visit(name: str, action: Any, seconds: float = 0.5) -> None:
        action()
        _settle(app, seconds)
        visited.append(f"{name}: peak {_peak_mib()} MiB")

    visit("check-in", window.show_checkin)
    if hasattr(window, "show_progress"):
        visit("progress", window.show_progress)
        window.progress.set_range("all")
        visit("progress all", window.show_progress)
    else:  # Progress not wired into the window yet: the page on its own, as the window would
        from datetime import datetime

        from cipn_coach.summary import load_summary
        from tests.perf.bench_data import YEARS_DAYS
        from ui.pages.progress import ProgressPage

        page = ProgressPage()
        window.pages.addWidget(page)
        now = datetime.now()
        first = now.date().fromordinal(now.toordinal() - YEARS_DAYS + 1)

        def progress_all() -> None:
            summary = load_summary(services, first, now.date(), now)
            efforts = [
                (s.local_date, s.effort) for s in services.sessions.between(first, now.date())
            ]
            page.show_summary(summary, efforts)
            window.pages.setCurrentWidget(page)

        visit("progress all (standalone page)", progress_all)
    visit("settings", lambda: window.pages.setCurrentWidget(window.settings_page))

    def start() -> None:
        window.start_session("morning", "morning")
        for box in window.player.safety.boxes:
            box.setChecked(True)
        if window.player.safety.boxes:
            window.player.safety.start_button.click()

    visit("session (3 s)", start, 3.0)
    visit("session stopped", window.player.stop_now)
    visit("today again", window.show_today)
    return visited


if __name__ == "__main__":
    visited = bare() if sys.argv[1] == "bare" else app_screens(Path(sys.argv[2]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_kib": peak, "visited": visited}), flush=True)
