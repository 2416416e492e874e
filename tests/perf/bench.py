"""Benchmarks (``make bench``): print figures and ratios; never part of ``make test``
(``tests/perf`` is outside pytest's testpaths). Issue 7's seven figures, each with its
budget and PASS/FAIL, from several runs (median):

1. first paint: process start → the app's window painted, against a bare QMainWindow;
   the app is started through its real entry (``ui.app.main``: its command line is read
   first, as ``main.py`` does)
   (issue 13: ≤ 1.3x).
2. Today ready: process start → Today painted inside the full window (every control
   usable), from a database holding 3 years of history (built once per bench run in a
   temp folder, ``bench_data``): ≤ 4x the bare window. 2b: CPU time from the process
   start until it settles on Today (uses < 15 ms over 1.5 s), against the bare window's
   until it settles: ≤ 6x. Printed beside figure 2, without a budget: the stack's own
   floor for it, a bare window that then imports SQLAlchemy's ORM and pydantic, maps a
   table, opens the same database and shows one number from it (what any app on this
   stack pays before its own code).
3. UI-thread stalls during a real-time Morning session with voice on (real espeak-ng
   synthesis and Qt playback): a 10 ms heartbeat timer records the gaps between beats.
4. timing accuracy: a 30 s routine through ``SessionDriver`` on the real clock: its end
   against the plan, and every displayed second (``bench_session timing``).
5. voice latency: each spoken cue's ``CueDue`` to ``QtSpeaker.started`` (same sessions as 3).
6. charts: ``load_summary`` over 3 years, and ``ProgressPage.show_summary`` → painted.
7. memory: peak RSS after visiting every screen, warm and on a first run that migrates,
   against the stack's floor (``bench_memory floor``; issue 13: ≤ 1.15x).
8. heard sound: a short real session recorded from a private PulseAudio null sink; cue
   onsets, the end and gaps inside phrases against the cue script, idle and with one
   core busy (``bench_heard``; needs ``.ci/system-deps.sh bench``).
9. the clinic under load: 200 patients' exports of 113 days imported, the panel, their
   exports of 120 days (a week newer) imported, and the same again, on SQLite and on a
   throw-away PostgreSQL server side by side (``bench_clinic``).
10. summary: ``load_summary`` (what ``summary --json`` prints) against its lower bound
   (``summary_floor``: the same numbers from plain ``sqlite3`` rows and plain Python,
   checked equal first), in one process, in turns: ≤ 2x for the 3 years from the
   programme's start and for the default 4 weeks with 3 years behind them
   (``bench_summary``).
11. idle: the app left open on Today (3 years of history), settled, makes no system call
   in 30 s, traced with strace on every thread, a bare QMainWindow (with the app's icon)
   traced alike beside it: 0, or no more than the bare window; offscreen, and on a
   private Xvfb (xcb) when installed (``bench_idle``).

Start-up and memory figures come from fresh processes; every figure's runs are printed
so a noisy one shows. Knobs: BENCH_RUNS (start-up, default 7), BENCH_SESSION_RUNS
(default 3), BENCH_VOICE_SECONDS (default 60), BENCH_ONLY=4,6 (re-run noisy
figures only), BENCH_CLINIC_PATIENTS (figure 9, default 200), BENCH_IDLE_RUNS (figure
11, default 2) and BENCH_IDLE_SECONDS (default 30), BENCH_PROFILE=1 (profile figure 6 even
when it passes; it is profiled whenever it fails).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
SESSION_RUNS = int(os.environ.get("BENCH_SESSION_RUNS", "3"))
VOICE_SECONDS = float(os.environ.get("BENCH_VOICE_SECONDS", "60"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
CLINIC_PATIENTS = os.environ.get("BENCH_CLINIC_PATIENTS", "200")
ONLY = {
    int(n) for n in os.environ.get("BENCH_ONLY", "1,2,3,4,5,6,7,8,9,10,11").split(",") if n.strip()
}

BARE = r"""
import time, os
t0 = time.clock_gettime(time.CLOCK_MONOTONIC)
from PySide6.QtCore import QTimer, QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 720)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not SEEN:
            SEEN["paint"] = time.clock_gettime(time.CLOCK_MONOTONIC) - START
            settle(lambda cpu: print(SEEN["paint"], cpu, flush=True))
        return False
SEEN = {}
"""

APP = r"""
import time, sys, resource
import ui.app  # the real entry (main.py's): its command line first, then Qt
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
SEEN = {}
def _within(widget, name):
    while widget is not None:
        if type(widget).__name__ == name:
            return True
        widget = widget.parentWidget()
    return False
class Painted(QObject):
    # first paint: the app's top-level window; ready: Today painted inside the full
    # window (the real one, every control usable), then CPU time until it settles; an
    # empty folder is a first start, whose first screen is the welcome instead of Today
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and hasattr(obj, "parentWidget"):
            now = time.clock_gettime(time.CLOCK_MONOTONIC) - START
            if "paint" not in SEEN and _within(obj, "AppWindow"):
                SEEN["paint"] = now
            if ("ready" not in SEEN and _within(obj, "MainWindow")
                    and (_within(obj, "TodayPage") or _within(obj, "WelcomePage"))):
                SEEN["ready"] = now
                settle(lambda cpu: print(SEEN["paint"], SEEN["ready"], cpu, flush=True))
        return False
"""

SETTLE = r"""
import resource, time
def _cpu():
    # this process (every thread) and any children it has waited for
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
QUIET_S, POLL_S, IDLE_CPU_S, MAX_S = 1.5, 0.1, 0.015, 20.0
QUIT_WHEN_SETTLED = True  # figure 11 keeps the process open, idle, once it has settled
def settle(report):
    # CPU time from the process start until it settles: the first moment after which
    # it uses less than IDLE_CPU_S of CPU over QUIET_S (a late timer counts as not settled)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    samples = [(time.monotonic(), _cpu())]
    def poll():
        samples.append((time.monotonic(), _cpu()))
        t, c = samples[-1]
        for t0, c0 in samples:
            if t - t0 >= QUIET_S:
                if c - c0 <= IDLE_CPU_S:
                    timer.stop(); report(c0)
                    if QUIT_WHEN_SETTLED:
                        QApplication.instance().quit()
                    return
                samples.pop(0)
            else:
                break
        if t - samples[0][0] > MAX_S:
            timer.stop(); report(c)
            if QUIT_WHEN_SETTLED:
                QApplication.instance().quit()
    timer = QTimer(); timer.setInterval(int(POLL_S * 1000)); timer.timeout.connect(poll)
    timer.start()
    settle.timer = timer
"""

STACK = r"""
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
label = QLabel("opening")
w = QMainWindow(); w.setCentralWidget(label); w.resize(1100, 720)
SEEN = {}
import builtins
if hasattr(builtins, "__orig_import__"):  # as the app does (ui.gui): no PySide6 import hook
    builtins.__import__ = builtins.__orig_import__
def read_the_database():
    # what any app on this stack does before it can show a number from its database:
    # import the ORM and pydantic, map a table, open the SQLite file, run one query
    from datetime import date
    from pydantic import BaseModel
    from sqlalchemy import Date, Integer, create_engine, func, select
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
    class Base(DeclarativeBase):
        pass
    class Done(Base):
        __tablename__ = "sessions"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        local_date: Mapped[date] = mapped_column(Date)
    class Shown(BaseModel):
        sessions: int
    engine = create_engine("sqlite:///" + DATABASE)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(Done))
    label.setText(f"{Shown(sessions=count).sessions} sessions")
    SEEN["read"] = True
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and obj is label:
            now = time.clock_gettime(time.CLOCK_MONOTONIC) - START
            if "paint" not in SEEN:
                SEEN["paint"] = now
                QTimer.singleShot(0, read_the_database)
            elif SEEN.get("read") and "ready" not in SEEN:
                SEEN["ready"] = now
                settle(lambda cpu: print(SEEN["paint"], SEEN["ready"], cpu, flush=True))
        return False
f = Painted(); label.installEventFilter(f); w.show(); app.exec()
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


def child_env(home: Path) -> dict[str, str]:
    """Offscreen Qt; the app's cache, logs and settings in a temp home, not the user's."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        QT_LOGGING_RULES="qt.multimedia*=false",
    )
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(home / name.lower())
    (home / "tmp").mkdir(exist_ok=True)
    env["TMPDIR"] = str(home / "tmp")  # the children's temp folders go when the bench ends
    return env


def run_numbers(code: str, env: dict[str, str], cwd: Path = ROOT) -> list[float]:
    """Run ``code`` in a fresh interpreter from ``cwd``; the numbers it printed last."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )
    lines = [
        line
        for line in out.stdout.splitlines()
        if line and line.split()[0].replace(".", "", 1).isdigit()
    ]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{cwd}: {out.stderr[-1500:]}")
    return [float(x) for x in lines[-1].split()]


def _module(env: dict[str, str], module: str, *args: str, timeout: float = 600) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process; its last stdout line is JSON."""
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{module} {args}: {out.stderr[-2000:]}")
    return json.loads(lines[-1])


def start_the_app(data: Path) -> str:
    """The child's last lines: the event filter on the application, then the app opened
    on ``data`` through its real entry (``ui.app.main``, what ``main.py`` calls)."""
    return (
        "\napp = QApplication([])\nf = Painted(); app.installEventFilter(f)\n"
        f"sys.exit(ui.app.main(['--data-dir', {str(data)!r}]))\n"
    )


def _app_code(data: Path) -> str:
    return PROCESS_START + SETTLE + APP + start_the_app(data)


def start_up(env: dict[str, str], history: Path, empty: Path) -> dict[str, list[float]]:
    """Figures 1 and 2; rounds interleave the three kinds of process so load hits all."""
    bare = (
        PROCESS_START
        + SETTLE
        + BARE
        + "\nf = Painted(); w.installEventFilter(f); w.show(); app.exec()\n"
    )
    runs: dict[str, list[float]] = {
        k: []
        for k in (
            "bare",
            "bare_cpu",
            "paint",
            "ready",
            "ready_cpu",
            "empty_paint",
            "empty_ready",
            "stack_ready",
            "load",
        )
    }
    stack = PROCESS_START + SETTLE + f"DATABASE = {str(history / 'cipn-coach.sqlite3')!r}\n" + STACK
    for _ in range(RUNS):
        runs["load"].append(os.getloadavg()[0])
        paint, cpu = run_numbers(bare, env)
        runs["bare"].append(paint)
        runs["bare_cpu"].append(cpu)
        paint, ready, cpu = run_numbers(_app_code(history), env)
        runs["paint"].append(paint)
        runs["ready"].append(ready)
        runs["ready_cpu"].append(cpu)
        paint, ready, _cpu = run_numbers(_app_code(empty), env)
        runs["empty_paint"].append(paint)
        runs["empty_ready"].append(ready)
        _paint, ready, _cpu = run_numbers(stack, env)
        runs["stack_ready"].append(ready)
    return runs


def verdict(value: float, budget: float) -> str:
    return "PASS" if value <= budget else "FAIL"


def _ms(values: list[float], scale: float = 1000) -> str:
    return ", ".join(f"{v * scale:.0f}" for v in values)


def _list(values: Any, spec: str = ".1f") -> str:
    return ", ".join(format(v, spec) for v in values)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def machine() -> str:
    import PySide6

    cpu = next(
        (
            entry.split(":", 1)[1].strip()
            for entry in Path("/proc/cpuinfo").read_text().splitlines()
            if entry.startswith("model name")
        ),
        platform.processor(),
    )
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    total = mem[1].split()[1] if len(mem) > 1 else "?"
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores ({cpu}) · RAM {total} · "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} · Python "
        f"{platform.python_version()} · PySide6 {PySide6.__version__} · "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}"
    )


def main() -> None:
    print(machine(), flush=True)
    home = Path(tempfile.mkdtemp(prefix="cipn-bench-"))
    try:
        env = child_env(home)
        history, empty = home / "history", home / "empty"
        made = _module(env, "tests.perf.bench_data", str(history))
        empty.mkdir()
        print(
            f"   history: {made['checkins']} check-ins, {made['sessions']} sessions, "
            f"{made['steps']} steps over {made['days']} days (built in {made['seconds']} s)",
            flush=True,
        )
        report(env, history, empty)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def report(env: dict[str, str], history: Path, empty: Path) -> None:
    if ONLY & {1, 2}:
        figures_1_2(env, history, empty)
    voice = None
    if ONLY & {3, 5}:
        voice = [
            _module(
                env,
                "tests.perf.bench_session",
                "voice",
                str(VOICE_SECONDS),
                timeout=VOICE_SECONDS + 120,
            )
            for _ in range(SESSION_RUNS)
        ]
    if 3 in ONLY and voice:
        figure_3(voice)
    if 4 in ONLY:
        figure_4(env)
    if 5 in ONLY and voice:
        figure_5(voice)
    if 6 in ONLY:
        figure_6(env, history)
    if 7 in ONLY:
        figure_7(env, history)
    if 8 in ONLY:
        figure_8()
    if 9 in ONLY:
        figure_9(env)
    if 10 in ONLY:
        figure_10(env, history)
    if 11 in ONLY:
        figure_11(env, history)


# issue 13's start-up budgets, each a ratio to the bare window of the same run
PAINT_BUDGET, READY_BUDGET, CPU_BUDGET = 1.3, 4.0, 6.0


def figures_1_2(env: dict[str, str], history: Path, empty: Path) -> None:
    med = statistics.median
    s = start_up(env, history, empty)
    bare, paint, ready = med(s["bare"]), med(s["paint"]), med(s["ready"])
    bare_cpu, cpu = med(s["bare_cpu"]), med(s["ready_cpu"])
    print(
        f"1. first paint: bare QMainWindow {bare:.3f} s, CIPN Coach {paint:.3f} s, ratio "
        f"{paint / bare:.2f}x (budget {PAINT_BUDGET}x) {verdict(paint / bare, PAINT_BUDGET)}\n"
        f"   runs (ms) bare [{_ms(s['bare'])}] app [{_ms(s['paint'])}]",
        flush=True,
    )
    print(
        f"2. Today drawn in the full window, every control usable (3 years of history): "
        f"{ready:.3f} s, ratio {ready / bare:.2f}x (budget {READY_BUDGET}x) "
        f"{verdict(ready / bare, READY_BUDGET)}\n"
        f"   runs (ms) [{_ms(s['ready'])}]; empty folder (first start: the welcome): ready {med(s['empty_ready']):.3f} s "
        f"({med(s['empty_ready']) / bare:.2f}x)\n"
        f"   the stack's own floor for it (a bare window, then the ORM and pydantic imported, "
        f"a table mapped, the same database opened and one query shown): "
        f"{med(s['stack_ready']):.3f} s ({med(s['stack_ready']) / bare:.2f}x); runs (ms) "
        f"[{_ms(s['stack_ready'])}]",
        flush=True,
    )
    print(
        f"2b. CPU time from start until the process settles on Today (3 years): "
        f"{cpu:.2f} s against the bare window's {bare_cpu:.2f} s, ratio {cpu / bare_cpu:.2f}x "
        f"(budget {CPU_BUDGET}x) {verdict(cpu / bare_cpu, CPU_BUDGET)}\n"
        f"   runs (ms) bare [{_ms(s['bare_cpu'])}] app [{_ms(s['ready_cpu'])}]; load average "
        f"(1 min) at each round [{_list(s['load'], '.2f')}]",
        flush=True,
    )


def figure_3(voice: list[dict[str, Any]]) -> None:
    med = statistics.median
    p99, worst = med(v["p99_ms"] for v in voice), med(v["max_ms"] for v in voice)
    print(
        f"3. UI-thread stalls, {VOICE_SECONDS:.0f} s real-time Morning session with voice, "
        f"median of {len(voice)} runs: p99 {p99:.1f} ms (budget 16) {verdict(p99, 16)}, "
        f"max {worst:.1f} ms (budget 50) {verdict(worst, 50)}\n"
        f"   runs: p99 [{_list(v['p99_ms'] for v in voice)}] max "
        f"[{_list(v['max_ms'] for v in voice)}] ms; "
        f"{sum(v['beats'] for v in voice)} beats, "
        f"{sum(v['phrases_played'] for v in voice)} phrases played",
        flush=True,
    )


def figure_4(env: dict[str, str]) -> None:
    med = statistics.median
    timing = [
        _module(env, "tests.perf.bench_session", "timing", timeout=120) for _ in range(SESSION_RUNS)
    ]
    errors = [t["error_ms"] for t in timing]
    off = max(abs(e) for e in errors)
    skipped = sum(t["skipped"] for t in timing)
    twice = sum(t["shown_twice"] for t in timing)
    print(
        f"4. timing accuracy, {timing[0]['planned_s']:.0f} s routine via SessionDriver on the "
        f"real clock, {len(timing)} runs: end error median {med(errors):+.1f} ms, worst "
        f"{off:.1f} ms (budget ±50) {verdict(off, 50)}; displayed seconds skipped {skipped}, "
        f"shown twice {twice} (budget 0) {verdict(skipped + twice, 0)}\n"
        f"   runs: error [{_list(errors, '+.1f')}] ms, longest gap between "
        f"ticks [{_list((t['max_tick_gap_ms'] for t in timing), '.0f')}] ms "
        f"(tick every 50 ms), {sum(t['phases'] for t in timing)} phases checked",
        flush=True,
    )


def figure_5(voice: list[dict[str, Any]]) -> None:
    latency = [x for v in voice for x in v["latency_ms"]]
    scheduled = [x for v in voice for x in v["from_scheduled_ms"]]
    unplayed = sum(v["cues_not_played"] for v in voice)
    if latency:
        p50, p95, top = _pct(latency, 0.5), _pct(latency, 0.95), max(latency)
        ok = "PASS" if top <= 150 and not unplayed else "FAIL"
        print(
            f"5. voice latency, cue due (CueDue) → playing (QtSpeaker.started), "
            f"{len(latency)} cues over {len(voice)} sessions: p50 {p50:.0f} ms, p95 {p95:.0f} "
            f"ms, max {top:.0f} ms (budget each ≤150) {ok}; {unplayed} cues never played\n"
            f"   from the cue's exact scheduled moment (adds the ≤50 ms tick): p50 "
            f"{_pct(scheduled, 0.5):.0f}, p95 {_pct(scheduled, 0.95):.0f}, max "
            f"{max(scheduled):.0f} ms; cues not yet synthesized when due "
            f"{sum(v['not_cached'] for v in voice)}, due while another phrase played "
            f"{sum(v['behind_playing'] for v in voice)}",
            flush=True,
        )
        slow = sorted((c for v in voice for c in v["slowest"]), key=lambda c: -c["ms"])[:4]
        for c in slow:
            print(
                f"   slow: {c['ms']:.0f} ms {c['kind']} {c['text']!r} (synthesized before due: "
                f"{c['cached']}, behind another phrase: {c['behind_playing']})"
            )
    else:
        print("5. voice latency: no cue was played FAIL")


def figure_6(env: dict[str, str], history: Path) -> None:
    med = statistics.median
    charts = [
        _module(env, "tests.perf.bench_charts", str(history), timeout=300)
        for _ in range(SESSION_RUNS)
    ]
    summary = med(x for c in charts for x in c["summary_ms"])
    first = med(c["first_paint_ms"] for c in charts)
    again = med(x for c in charts for x in c["repaint_ms"])
    print(
        f"6. charts, 3 years ({charts[0]['days']} days, {charts[0]['sessions']} sessions): "
        f"load_summary {summary:.0f} ms (budget 50) {verdict(summary, 50)}; "
        f"show_summary → painted {first:.0f} ms (budget 100) {verdict(first, 100)}, "
        f"again on the same page {again:.0f} ms {verdict(again, 100)}\n"
        f"   runs (ms): summary [{_ms([x for c in charts for x in c['summary_ms']], 1)}], "
        f"first paint [{_ms([c['first_paint_ms'] for c in charts], 1)}], again "
        f"[{_ms([x for c in charts for x in c['repaint_ms']], 1)}]",
        flush=True,
    )
    if PROFILE or summary > 50 or first > 100 or again > 100:
        prof = _module(env, "tests.perf.bench_charts", str(history), "profile", timeout=300)
        for key, title in (
            ("summary_profile", "load_summary, cumulative"),
            ("summary_profile_own", "load_summary, own time"),
            ("paint_profile", "show_summary + paint, cumulative"),
            ("paint_profile_own", "show_summary + paint, own time"),
        ):
            print(f"   profile ({title}):")
            for line in prof[key].splitlines()[:14]:
                print(f"     {line}")


MEMORY_BUDGET = 1.15  # issue 13: peak RSS after every screen, against the stack's floor


def figure_7(env: dict[str, str], history: Path) -> None:
    """The app's peak RSS after every screen over 3 years of data, warm and on a first
    run that migrates (a copy of the folder one schema revision behind), against the
    floor of its stack measured in the same run (``bench_memory floor``)."""
    med = statistics.median
    mem: dict[str, list[float]] = {k: [] for k in ("floor", "warm", "first")}
    steps: dict[str, list[dict[str, Any]]] = {}
    for run in range(SESSION_RUNS):
        behind = history.parent / f"behind-{run}"
        _module(env, "tests.perf.bench_memory", "behind", str(history), str(behind))
        for kind, args in (
            ("floor", ["floor"]),
            ("warm", ["app", str(history)]),
            ("first", ["app", str(behind)]),
        ):
            got = _module(env, "tests.perf.bench_memory", *args)
            mem[kind].append(got["peak_rss_kib"] / 1024)
            steps[kind] = got["visited"]
        shutil.rmtree(behind, ignore_errors=True)
    floor, warm, first = med(mem["floor"]), med(mem["warm"]), med(mem["first"])
    sound = steps["floor"][1]["step"]
    print(
        f"7. memory, peak RSS after every screen (3 years of history), median of "
        f"{SESSION_RUNS} runs: floor {floor:.0f} MiB (window + one plot of 1,095 points + "
        f"{sound}, sqlalchemy.orm and pydantic.BaseModel imported)\n"
        f"   warm run {warm:.0f} MiB, ratio {warm / floor:.2f}x (budget {MEMORY_BUDGET}x) "
        f"{verdict(warm / floor, MEMORY_BUDGET)}; first run, migrating: {first:.0f} MiB, ratio "
        f"{first / floor:.2f}x (budget {MEMORY_BUDGET}x) {verdict(first / floor, MEMORY_BUDGET)}\n"
        f"   runs (MiB) floor [{_list(mem['floor'], '.0f')}] warm [{_list(mem['warm'], '.0f')}] "
        f"first [{_list(mem['first'], '.0f')}]",
        flush=True,
    )
    for kind in ("floor", "warm", "first"):
        along = "; ".join(f"{s['step']} {s['VmHWM']:.0f} ({s['VmRSS']:.0f})" for s in steps[kind])
        print(f"   {kind}, peak (current) MiB along the way: {along}", flush=True)


def figure_8() -> None:
    from tests.perf import bench_heard

    try:
        results = bench_heard.measure()
    except RuntimeError as exc:  # no PulseAudio here: say so, the other figures stand
        print(f"8. heard sound: skipped ({exc})", flush=True)
        return
    bench_heard.report(results)


def figure_9(env: dict[str, str]) -> None:
    """No budget yet: the figure says what a clinic of this size waits for."""
    got = _module(env, "tests.perf.bench_clinic", CLINIC_PATIENTS, "120", timeout=3600)
    print(
        f"9. clinic, {got['patients']} patients × {got['days']} days ({got['checkins']} "
        f"check-ins, {got['sessions']} sessions, {got['steps']} steps each), JSON backups "
        f"({got['sqlite']['added_by_newer']} records added by the newer exports):",
        flush=True,
    )
    print(f"   {'wall clock (client CPU), s':<30}{'SQLite':>16}{'PostgreSQL':>18}")
    pg = got["postgresql"]
    for key, words in (
        ("import_s", "import all, a week old"),
        ("panel_s", "panel (median of 3)"),
        ("reimport_newer_s", "re-import all, today's"),
        ("reimport_same_s", "the same files again"),
    ):
        ours = f"{got['sqlite'][key]:.2f} ({got['sqlite']['cpu'][key]:.2f})"
        theirs = f"{pg[key]:.2f} ({pg['cpu'][key]:.2f})" if pg else "–"
        print(f"   {words:<30}{ours:>16}{theirs:>18}")
    if pg is None:
        print("   PostgreSQL: not installed here, skipped")
    print(
        f"   one FHIR bundle of the same {got['days']} days read and validated: "
        f"{got['fhir_read_s']:.2f} s",
        flush=True,
    )


SUMMARY_BUDGET = 2.0  # issue 13: the app's summary ≤ 2x its lower bound


def figure_10(env: dict[str, str], history: Path) -> None:
    med = statistics.median
    args = [str(history)] + (["profile"] if PROFILE else [])
    got = _module(env, "tests.perf.bench_summary", *args, timeout=300)
    failed = False
    for key, letter, words in (
        ("years", "a", "3 years"),
        ("weeks", "b", "4 weeks, 3 years behind"),
    ):
        runs = got[key]
        app, floor = med(runs["app_ms"]), med(runs["floor_ms"])
        ratio = app / floor
        failed |= ratio > SUMMARY_BUDGET
        print(
            f"10{letter}. summary, {words} ({runs['from']} to {runs['to']}): "
            f"load_summary {app:.1f} ms, lower bound {floor:.1f} ms, ratio {ratio:.2f}x "
            f"(budget {SUMMARY_BUDGET}x) {verdict(ratio, SUMMARY_BUDGET)}\n"
            f"   runs (ms) app [{_list(runs['app_ms'])}] bound [{_list(runs['floor_ms'])}]",
            flush=True,
        )
    if failed or PROFILE:
        prof = _module(env, "tests.perf.bench_summary", str(history), "profile", timeout=300)
        for key in ("years", "weeks"):
            print(f"   profile ({key}, load_summary, own time):")
            for line in prof[key]["profile"].splitlines()[:12]:
                print(f"     {line}")


def figure_11(env: dict[str, str], history: Path) -> None:
    from tests.perf import bench_idle

    try:
        results = bench_idle.measure(env, history, ROOT)
    except RuntimeError as exc:  # no strace here: say so, the other figures stand
        print(f"11. idle: skipped ({exc})", flush=True)
        return
    bench_idle.report(results)


if __name__ == "__main__":
    main()
