"""Crash safety of the REAL APP: a process running ``ui.main_window.MainWindow`` is SIGKILLed.

``tests/core/test_kill.py`` kills a process that uses the core directly. Here the child
is the desktop app as ``ui.gui.run_gui`` builds it, minus the window frame and the real
voice: a ``QApplication`` (offscreen), ``open_services(folder, recover=True)`` on a real
data folder, the real ``MainWindow`` with a ``FakeSpeaker`` and a ``FakeClock``. It runs
sessions through ``window.start_session`` (the player page, the ``SessionDriver``, the
window's own ``SessionRecorder``), ticks ``window.player.driver.tick()`` on a clock moved
fast, now and then skips or stops through the player, rates through the window, and
saves check-ins through ``window._save_checkin`` (the Check-in page's Save). Saves
trigger the window's background backups (``QThreadPool``), so kills also land mid-backup.

After each commit *returns*, the child appends a line to a side log and fsyncs it: a
listener subscribed to the engine AFTER the window's recorder (which subscribes when the
driver emits ``starting``) sees each ``StepEnded`` only once the recorder's write
has been handed to the ordered writer, and the listener waits for the writer to have
committed it (``services.writer.flush()``) before logging. The log is therefore a lower
bound of what is in the database.

After every kill the parent checks, with ``tests.core.test_kill.verify`` (same log
format, same three-step routine): ``integrity_check`` and ``foreign_key_check`` pass,
every logged step / session end / rating / check-in version is there, nothing is
half-written, listed backups pass ``quick_check``. Then it does what the next app start
does, ``open_services(folder, recover=True)``, and checks that each session the kill
interrupted now shows as ``partial`` with all its steps, and no repair was needed.

``CIPN_SOAK_KILLS=1000`` (``make soak``) runs the long version. Totals are printed (-s).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

if __name__ != "__main__":
    import pytest

    pytestmark = pytest.mark.slow

from tests.core.test_kill import Zygote, run_lanes  # noqa: E402 - after the slow mark

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("CIPN_SOAK_KILLS", os.environ.get("CIPN_APP_KILLS", "22")))
LANES = 2  # the machine has 2 cores; each lane is one data folder killed in turn
NOW = datetime(2026, 3, 2, 8, 0)  # the app's local "now" (fixed: the FakeClock drives sessions)


def kill_library():
    """The three-step routine of tests/core/test_kill.py (its verify() expects 3 steps),
    with no balance step, so Start goes straight into the session (no safety page)."""
    from tests.core.factories import exercise, library, routine

    plan = routine(
        "kill",
        [{"exercise": "fingers"}, {"exercise": "hold"}, {"exercise": "fingers"}],
        get_ready_seconds=3,
        prepare_seconds=3,
    )
    return library(
        exercise("fingers", reps=4, seconds_per_rep=1.0, rest=3),
        exercise("hold", reps=None, hold=6, rest=3),
        routines=[plan],
    )


# ---------------------------------------------------------------- the child (the app)
def child(folder: Path, log_path: Path, seed: int) -> int:
    """Run the app's sessions and check-ins forever (until killed)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.engine.clock import FakeClock
    from cipn_coach.engine.session import Event, SessionEnded, StepEnded
    from cipn_coach.services import open_services
    from cipn_coach.speech.speaker import FakeSpeaker
    from ui.main_window import MainWindow

    rng = random.Random(seed)
    app = QApplication.instance() or QApplication(["cipn-coach-kill"])
    services = open_services(folder, library=kill_library(), recover=True)  # as run_gui
    if services.db.recovery is not None:
        print(f"recovered {os.getpid()} {services.db.recovery.problem}", flush=True)
        return 3
    services.settings.set("plan.routines", ["kill"])
    clock = FakeClock()
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def log(line: str) -> None:
        os.write(fd, f"{line}\n".encode())
        os.fsync(fd)

    print(f"ready {os.getpid()}", flush=True)
    while True:
        window.start_session("kill", "morning")  # as the Today page's Start button
        driver = window.player.driver
        assert driver is not None and window._recorder is not None and window.player.is_running
        sid = window._recorder.session_id  # the row exists: start() committed it
        log(f"start {sid}")

        def logged(event: Event, sid: int = sid) -> None:  # after the recorder's commit
            services.writer.flush()  # the recorder hands its writes to the ordered writer
            if isinstance(event, StepEnded):
                p = event.progress
                log(f"step {sid} {p.step_index} {p.done_seconds!r} {int(p.completed)}")
            elif isinstance(event, SessionEnded):
                log(f"end {sid} {event.status}")

        driver.engine.subscribe(logged)  # the recorder subscribed on driver.starting
        stopping = rng.random() < 0.2
        ticks = 0
        while window.player.is_running:
            clock.advance(1.0)  # a repaint per tick is the cost: big steps, many cycles
            driver.tick()
            ticks += 1
            if ticks % 4 == 0:
                app.processEvents()  # repaint, queued signals, backup completions
            if rng.random() < 0.01:
                window.player.skip()
            if stopping and rng.random() < 0.04:
                window.player.stop_now()
        app.processEvents()
        if rng.random() < 0.5:  # the rating page's Save
            effort = rng.randrange(11)
            window._save_rating(effort, "same", "kill test")
            services.writer.flush()
            log(f"rate {sid} {effort}")
        window.show_checkin()
        day = NOW.date() - timedelta(days=rng.randrange(30))
        values = CheckInValues.parse(
            {"hands": rng.randrange(11), "feet": rng.randrange(11), "pain": rng.randrange(11)}
        )
        window._save_checkin(day, values)  # the Check-in page's Save
        row = services.checkins.get(day)  # read after the commit returned
        assert row is not None
        log(f"checkin {row.day} {row.version}")
        app.processEvents()
        window.show_today()


# ---------------------------------------------------------------- the parent
def migrated(folder: Path) -> bool:
    """The database file exists and has its tables (a kill may precede both)."""
    path = folder / "cipn-coach.sqlite3"
    if not path.exists():
        return False
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'session_steps'").fetchone()
            is not None
        )
    finally:
        conn.close()


def in_progress(folder: Path) -> dict[int, int]:
    """Sessions the kill left in progress, with how many steps each has."""
    conn = sqlite3.connect(folder / "cipn-coach.sqlite3")
    try:
        return dict(
            conn.execute(
                "SELECT s.id, (SELECT count(*) FROM session_steps t WHERE t.session_id = s.id) "
                "FROM sessions s WHERE s.status = 'in_progress'"
            ).fetchall()
        )
    finally:
        conn.close()


def logged_steps(log_path: Path) -> dict[int, set[int]]:
    steps: dict[int, set[int]] = {}
    lines = log_path.read_text().splitlines() if log_path.exists() else []
    for line in lines:
        kind, *rest = line.split()
        if kind == "step":
            steps.setdefault(int(rest[0]), set()).add(int(rest[1]))
    return steps


_NEXT_START = threading.Lock()


def next_start(folder: Path, log_path: Path) -> tuple[list[str], int]:
    """What the app's next start does, and whether each interrupted session is partial
    with the steps it had (at least every logged one). Returns problems, partial count."""
    from cipn_coach.services import open_services

    before = in_progress(folder) if migrated(folder) else {}
    logged = logged_steps(log_path)
    problems = []
    with _NEXT_START:  # alembic's context is process-global: one lane migrates at a time
        services = open_services(folder, library=kill_library(), recover=True)
    try:
        if services.db.recovery is not None:
            problems.append(f"next start needed a repair: {services.db.recovery.problem}")
        for sid, count in before.items():
            row = services.sessions.get(sid)
            positions = {s.position for s in row.steps}
            if row.status != "partial":
                problems.append(f"interrupted session {sid} is {row.status}, not partial")
            if len(positions) != count or not logged.get(sid, set()) <= positions:
                problems.append(
                    f"interrupted session {sid} lost steps: {sorted(positions)} "
                    f"(had {count}, logged {sorted(logged.get(sid, set()))})"
                )
    finally:
        services.close()
    if in_progress(folder):
        problems.append("sessions still in progress after the next start")
    return problems, len(before)


def lane(index: int, kills: int, base: Path):
    from tests.core.test_kill import Totals, kill_and_wait, verify

    rng = random.Random(2000 + index)
    folder, log_path = base / f"app lane {index} é", base / f"app-lane-{index}.log"
    folder.mkdir(parents=True)
    totals = Totals()
    totals.partial = totals.first_start_kills = 0  # type: ignore[attr-defined]
    zygote = AppZygote()
    pid = 0
    try:
        for kill in range(kills):
            pid = zygote.spawn(folder, log_path, rng.randrange(10**9))
            if rng.random() < 0.15:  # during start-up: Qt, open_services, the window
                time.sleep(rng.uniform(0.0, 0.6))
                totals.startup_kills += 1
            else:
                said = zygote.wait_ready(pid)
                if said != f"ready {pid}":
                    totals.failures.append(f"lane {index} kill {kill}: app said {said!r}")
                time.sleep(rng.uniform(0.0, 1.0))  # a cycle (session + check-in) ~0.5 s
            kill_and_wait(pid)
            totals.kills += 1
            if not migrated(folder):  # killed during the very first start's migration
                problems = (
                    ["something was logged before the tables existed"]
                    if log_path.exists() and log_path.read_text()
                    else []
                )
                totals.first_start_kills += 1  # type: ignore[attr-defined]
            else:
                problems, totals.steps, totals.sessions, totals.checkins = verify(folder, log_path)
            if not problems:
                more, partial = next_start(folder, log_path)
                problems += more
                totals.partial += partial  # type: ignore[attr-defined]
            totals.failures += [f"lane {index} kill {kill}: {p}" for p in problems]
            if problems:
                break
    finally:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        zygote.close()
    return totals


class AppZygote(Zygote):
    """Imports Qt, the UI and the core once; forks one app process per kill (see
    tests/core/test_kill.py). No QApplication exists in the zygote, so no Qt thread is
    running when it forks; each app process creates its own."""

    def __init__(self) -> None:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",  # the factories' exercises
            "QT_LOGGING_RULES": "qt.svg*=false;qt.multimedia*=false",
        }  # have no drawings
        super().__init__("tests.ui.test_app_kill", env)


def zygote() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import PySide6.QtWidgets  # noqa: F401  (warm imports for the forked app processes)

    import cipn_coach.services  # noqa: F401
    import tests.core.factories  # noqa: F401
    import ui.main_window  # noqa: F401
    import ui.pages.checkin  # noqa: F401  (built on first visit, imported here)
    from tests.core.test_kill import serve_forks

    kill_library()  # pydantic models built once
    from cipn_coach import formatting

    formatting.day_long(NOW.date())  # Babel's CLDR data and the catalogue loaded once
    return serve_forks(child)


def test_sigkill_of_the_real_app_loses_nothing_and_restart_shows_partial(tmp_path):
    started = time.perf_counter()
    results = run_lanes(lane, KILLS, LANES, tmp_path)
    kills = sum(r.kills for r in results)
    startup = sum(r.startup_kills for r in results)
    partial = sum(r.partial for r in results)
    first = sum(r.first_start_kills for r in results)
    failures = [f for r in results for f in r.failures]
    seconds = time.perf_counter() - started
    print(
        f"\napp kill test: {kills} SIGKILLs of a real MainWindow process ({startup} during "
        f"start-up, {first} of them before the first migration finished) in {LANES} lanes, {seconds:.1f} s; {partial} interrupted sessions shown "
        f"as partial on the next start; at the end {sum(r.sessions for r in results)} "
        f"sessions, {sum(r.steps for r in results)} steps, "
        f"{sum(r.checkins for r in results)} check-in days; {len(failures)} failures"
    )
    assert failures == []
    assert kills == KILLS
    assert sum(r.steps for r in results) > 0 and sum(r.checkins for r in results) > 0
    assert partial > 0  # the kills did land mid-session


def _main(argv: list[str]) -> int:
    if argv == ["zygote"]:
        return zygote()
    if len(argv) == 4 and argv[0] == "child":
        return child(Path(argv[1]), Path(argv[2]), int(argv[3]))
    print("usage: python -m tests.ui.test_app_kill zygote | child FOLDER LOG SEED", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
