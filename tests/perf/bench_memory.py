"""Figure 7, in a fresh process: ``python -m tests.perf.bench_memory MODE [ARGS]``.

Prints the last line as JSON: ``peak_rss_kib`` (``VmHWM``, the high-water mark of the
resident set, KiB) and the steps along the way, each with its peak and current RSS
(``/proc/self/status`` ``VmHWM``/``VmRSS``, MiB). ``BENCH_TRACEMALLOC=1`` adds the
Python allocations alive at each step (tracemalloc; it costs memory and time itself, so
it is off for the figure).

Modes:

- ``floor``: the chosen stack's floor, what any app built on it pays before its own
  code: a bare QMainWindow holding one pyqtgraph plot of 1,095 points, shown; a short
  WAV playing through the same audio path as the app's voice (``QMediaDevices``'s
  default output and a ``QAudioSink`` pulling from a ``QBuffer``, see ``ui/speech.py``:
  the app does not use ``QMediaPlayer``); ``sqlalchemy.orm`` and ``pydantic.BaseModel`` imported.
- ``app DATA_DIR``: the app as ``ui.gui.run_gui`` starts it (paint first, services,
  content with real speech and the tray, the garbage collector as it runs it), then every
  screen visited: Check-in, Progress (its default range, then "All"), Settings,
  Clinician, a Morning session started, run 3 s and stopped, and Today again.
- ``behind SOURCE_DIR DEST_DIR``: copies a data folder and takes its database one
  revision back, so the app's next start has a migration to run (backup first).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TRACE = os.environ.get("BENCH_TRACEMALLOC") == "1"
PLOT_POINTS = 1095  # 3 years of days, as Progress's "All" range draws
TONE_S, TONE_RATE = 2.0, 22050  # a phrase's length and espeak-ng's sample rate


def proc_status() -> dict[str, float]:
    """Peak and current resident set (MiB) from ``/proc/self/status``."""
    found: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


def step(name: str) -> dict[str, Any]:
    """One point along the way: its peak, current and (when traced) Python-held memory."""
    seen: dict[str, Any] = {"step": name, **proc_status()}
    if TRACE:
        import tracemalloc

        current, peak = tracemalloc.get_traced_memory()
        seen["py_mib"] = round(current / 2**20, 1)
        seen["py_peak_mib"] = round(peak / 2**20, 1)
    return seen


def _settle(app: Any, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def _tone() -> bytes:
    """``TONE_S`` of a soft 440 Hz tone, 16-bit mono PCM (what a phrase's WAV holds)."""
    samples = (
        round(3000 * math.sin(2 * math.pi * 440 * n / TONE_RATE))
        for n in range(int(TONE_S * TONE_RATE))
    )
    return b"".join(struct.pack("<h", s) for s in samples)


def floor() -> list[dict[str, Any]]:
    """The stack's floor: window, one plot of 1,095 points, a sound playing, the ORM and
    pydantic imported, nothing of the app's own."""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    plot = pg.PlotWidget()
    days = np.arange(PLOT_POINTS, dtype=float)
    plot.plot(days, 5 + 3 * np.sin(days / 30), symbol="o")
    window.setCentralWidget(plot)
    window.resize(1100, 720)
    window.show()
    _settle(app, 0.5)
    visited = [step("window with one plot shown")]

    fmt = QAudioFormat()
    fmt.setSampleRate(TONE_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    device = QMediaDevices.defaultAudioOutput()
    sink = QAudioSink(device, fmt)
    sound = QBuffer()
    sound.setData(QByteArray(_tone()))
    sound.open(QIODevice.OpenModeFlag.ReadOnly)
    sink.start(sound)
    _settle(app, 1.0)
    heard = "a sound playing" if not device.isNull() else "no sound device (app: silent too)"
    visited.append(step(heard))

    # ``import pydantic`` alone is a lazy shell (~3 MiB); BaseModel is what any use of it
    # loads (+2 MiB). The app's own models are the app's, not the floor's.
    import sqlalchemy.orm  # noqa: F401 - the floor holds what any app on this stack imports
    from pydantic import BaseModel  # noqa: F401

    _settle(app, 0.5)
    visited.append(step("sqlalchemy.orm and pydantic.BaseModel imported"))
    sink.stop()
    return visited


def app_screens(folder: Path) -> list[dict[str, Any]]:
    """The app as ``run_gui`` starts it, then every screen; returns the steps."""
    import argparse

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import gui
    from ui.shell import AppWindow

    visited: list[dict[str, Any]] = []
    plain_set_content = AppWindow.set_content

    def set_content(shell: AppWindow, content: Any) -> None:
        plain_set_content(shell, content)
        visited.append(step("Today shown"))
        QTimer.singleShot(0, lambda: tour(content))

    def tour(window: Any) -> None:
        app = QApplication.instance()
        _settle(app, 0.5)  # the garbage collector resumes, the speech worker starts
        visited.append(step("Today settled"))

        def visit(name: str, action: Callable[[], object], seconds: float = 0.5) -> None:
            action()
            _settle(app, seconds)
            visited.append(step(name))

        visit("check-in", window.show_checkin)
        visit("progress", window.show_progress)
        visit("progress all", lambda: window.progress.set_range("all"))
        visit("settings", window.show_settings)
        visit("clinician", window.show_clinician)

        def start() -> None:
            window.start_session("morning", "morning")
            for box in window.player.safety.boxes:
                box.setChecked(True)
            if window.player.safety.boxes:
                window.player.safety.start_button.click()

        visit("session (3 s)", start, 3.0)
        visit("session stopped", window.player.stop_now)
        visit("today again", window.show_today)
        app.quit()

    AppWindow.set_content = set_content  # type: ignore[method-assign]
    status = gui.run_gui(argparse.Namespace(data_dir=folder, database_url=None))
    if status != 0 or not visited:
        raise SystemExit(f"the app ended with status {status} before its tour")
    return visited


def behind(source: Path, dest: Path) -> list[dict[str, Any]]:
    """A copy of ``source`` whose database is one revision behind the head."""
    from alembic import command
    from alembic.config import Config

    from cipn_coach.storage import db as dbmod
    from cipn_coach.storage.migrations import HEAD_REVISION

    shutil.copytree(source, dest)
    database = dbmod.open_database(dbmod.database_url_for(dest))
    config = Config()
    config.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    revision = dbmod.current_revision(database.engine)
    database.close()
    return [{"step": f"{dest.name}: revision {revision}, head {HEAD_REVISION}"}]


if __name__ == "__main__":
    if TRACE:
        import tracemalloc

        tracemalloc.start()
    mode = sys.argv[1]
    if mode == "floor":
        steps = floor()
    elif mode == "app":
        steps = app_screens(Path(sys.argv[2]))
    else:
        steps = behind(Path(sys.argv[2]), Path(sys.argv[3]))
    peak = int(proc_status()["VmHWM"] * 1024)
    print(json.dumps({"peak_rss_kib": peak, "visited": steps}), flush=True)
