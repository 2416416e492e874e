"""Benchmarks (``make bench``): print figures and ratios; never part of ``make test``.

1. first paint: process start → the app's window painted, against a bare QMainWindow.
2. data ready: process start → Today painted with its data.
3. UI-thread stalls during a real-time session with voice on (real espeak-ng synthesis
   and Qt playback): a 10 ms heartbeat timer records the gaps between its beats.
Each start-up figure is the median of several runs in fresh processes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3

BARE = r"""
import time, os
t0 = time.clock_gettime(time.CLOCK_MONOTONIC)
from PySide6.QtCore import QTimer, QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 720)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.clock_gettime(time.CLOCK_MONOTONIC) - START); app.quit()
        return False
"""

APP = r"""
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import argparse
from ui import gui
SEEN = {}
def _within(widget, name):
    while widget is not None:
        if type(widget).__name__ == name:
            return True
        widget = widget.parentWidget()
    return False
class Painted(QObject):
    # first paint: the app's top-level window; data ready: Today's content painted
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and hasattr(obj, "parentWidget"):
            now = time.clock_gettime(time.CLOCK_MONOTONIC) - START
            if "paint" not in SEEN and _within(obj, "AppWindow"):
                SEEN["paint"] = now
            if "ready" not in SEEN and _within(obj, "TodayPage"):
                SEEN["ready"] = now
                print(SEEN["paint"], SEEN["ready"], flush=True)
                QApplication.instance().quit()
        return False
"""

PROCESS_START = r"""
import os
def _process_start():
    # seconds since boot at process start, on the same clock as CLOCK_MONOTONIC (Linux)
    with open(f"/proc/{os.getpid()}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")
START = _process_start()
"""


def _run(code: str, env: dict[str, str]) -> list[float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    lines = [l for l in out.stdout.splitlines() if l and l.split()[0].replace(".", "", 1).isdigit()]
    if out.returncode != 0 or not lines:
        raise RuntimeError(out.stderr[-1500:])
    return [float(x) for x in lines[-1].split()]


def first_paint() -> tuple[float, float, float]:
    """Median seconds: bare window painted; our window painted; Today's data painted."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    bare = PROCESS_START + BARE + "\nf = Painted(); w.installEventFilter(f); w.show(); app.exec()\n"
    data = tempfile.mkdtemp()
    app = PROCESS_START + APP + (
        "\napp = QApplication([])\nf = Painted(); app.installEventFilter(f)\n"
        f"from pathlib import Path\nargs = argparse.Namespace(data_dir=Path({data!r}), database_url=None)\n"
        "sys.exit(gui.run_gui(args))\n")
    bare_times = [_run(bare, env)[0] for _ in range(RUNS)]
    app_runs = [_run(app, env) for _ in range(RUNS)]
    return (statistics.median(bare_times), statistics.median(r[0] for r in app_runs),
            statistics.median(r[1] for r in app_runs))


def session_stalls(seconds: float = 30.0) -> dict[str, float]:
    """Run the Morning routine in real time with real speech; measure heartbeat gaps."""
    code = r"""
import json, sys, time, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import VoiceSettings
from cipn_coach.speech.synthesizer import Synthesizer
from cipn_coach.paths import assets_dir
from ui.main_window import MainWindow
from ui.speech import QtSpeaker
app = QApplication([])
services = open_services(Path(tempfile.mkdtemp()))
speaker = QtSpeaker(Synthesizer(Path(tempfile.mkdtemp()), VoiceSettings()),
                    chime_path=assets_dir() / "sounds" / "chime.wav")
window = MainWindow(services, speaker, chime=speaker.chime)
window.resize(1280, 800); window.show()
gaps, said = [], []
speaker.started.connect(lambda p: said.append(p))
last = [time.perf_counter()]
def beat():
    now = time.perf_counter(); gaps.append((now - last[0]) * 1000 - 10); last[0] = now
heart = QTimer(); heart.setTimerType(Qt.TimerType.PreciseTimer); heart.setInterval(10)
heart.timeout.connect(beat)
def go():
    window.start_session("morning", "morning")
    if window.player.safety.boxes:
        for b in window.player.safety.boxes: b.setChecked(True)
        window.player.safety.start_button.click()
    last[0] = time.perf_counter(); heart.start()
QTimer.singleShot(200, go)
QTimer.singleShot(int((SECONDS + 0.2) * 1000), app.quit)
app.exec()
gaps.sort()
print(json.dumps({"beats": len(gaps), "p99_ms": gaps[int(len(gaps) * 0.99) - 1],
                  "max_ms": gaps[-1], "phrases_played": len(said)}))
""".replace("SECONDS", str(seconds))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               QT_LOGGING_RULES="qt.multimedia*=false")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=seconds + 60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(value: float, budget: float) -> str:
    return "PASS" if value <= budget else "FAIL"


def main() -> None:
    bare, paint, ready = first_paint()
    print(f"1. first paint: bare QMainWindow {bare:.3f} s, CIPN Coach {paint:.3f} s, "
          f"ratio {paint / bare:.2f}x (budget 1.5x) {verdict(paint / bare, 1.5)}")
    print(f"2. data ready (Today painted, empty data folder): {ready:.3f} s, "
          f"ratio {ready / bare:.2f}x (budget 3x) {verdict(ready / bare, 3.0)}")
    stalls = session_stalls()
    print(f"3. UI-thread stalls, 30 s real-time session with voice: p99 {stalls['p99_ms']:.1f} ms "
          f"(budget 16) {verdict(stalls['p99_ms'], 16)}, max {stalls['max_ms']:.1f} ms (budget 50) "
          f"{verdict(stalls['max_ms'], 50)} ({stalls['beats']} beats, "
          f"{stalls['phrases_played']} phrases played)")


if __name__ == "__main__":
    main()
