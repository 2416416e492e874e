"""Crash safety: a real process writing sessions and check-ins is SIGKILLed at random.

The child (this module run as ``python -m tests.core.test_kill child ...``) is the core
as the app uses it: ``open_database`` on a real SQLite file, a ``SessionEngine`` on a
``FakeClock`` advanced fast in a loop with a ``SessionRecorder`` saving each step, a
``CheckInRepository`` save per cycle (often an edit of an earlier day), a rating, and
now and then a backup. After each commit *returns*, the child appends a line to a
progress log and fsyncs it, so the log is a lower bound of what was committed.

After every kill the parent checks: ``integrity_check`` and ``foreign_key_check`` pass;
every logged step, session end, rating and check-in version is in the database; nothing
is half-written (a session's total equals its steps, steps are contiguous, a completed
session has all steps, each edited check-in has exactly its history); every listed
backup passes ``quick_check``; the next start needed no recovery.

``CIPN_SOAK_KILLS=1000`` (``make soak``) runs the long version; the default keeps the
normal suite quick. Totals are printed (``-s`` shows them).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

if __name__ != "__main__":  # the writers need not pay for importing pytest
    import pytest

    pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("CIPN_SOAK_KILLS", "56"))
LANES = max(2, min(8, os.cpu_count() or 2))
T = TypeVar("T")
STATUSES = {"in_progress", "completed", "stopped", "partial"}


# ---------------------------------------------------------------- the child
def child(folder: Path, log_path: Path, seed: int) -> int:
    """Run sessions and check-ins forever (until killed)."""
    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.engine.clock import FakeClock
    from cipn_coach.engine.session import Event, SessionEnded, SessionEngine, StepEnded
    from cipn_coach.engine.timeline import build_timeline
    from cipn_coach.routines.plan import plan_routine
    from cipn_coach.sessions.recorder import SessionRecorder
    from cipn_coach.storage.backup import make_backup
    from cipn_coach.storage.checkins import CheckInRepository
    from cipn_coach.storage.db import database_url_for, open_database
    from cipn_coach.storage.repository import SessionRepository
    from tests.core.factories import exercise, library, routine

    rng = random.Random(seed)
    db = open_database(database_url_for(folder))
    if db.recovery is not None:
        print(f"recovered {os.getpid()} {db.recovery.problem}", flush=True)
        return 3
    sessions, checkins = SessionRepository(db), CheckInRepository(db)
    sessions.mark_unfinished_partial()
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def log(line: str) -> None:
        os.write(fd, f"{line}\n".encode())
        os.fsync(fd)

    lib = library(
        exercise("fingers", reps=4, seconds_per_rep=1.0, rest=3),
        exercise("hold", reps=None, hold=6, rest=3),
    )
    plan = routine(
        "kill",
        [{"exercise": "fingers"}, {"exercise": "hold"}, {"exercise": "fingers"}],
        get_ready_seconds=3,
        prepare_seconds=3,
    )
    timeline = build_timeline(plan_routine(plan, lib), plan.get_ready_seconds, plan.prepare_seconds)
    print(f"ready {os.getpid()}", flush=True)
    cycle = 0
    while True:
        cycle += 1
        clock = FakeClock()
        engine = SessionEngine(timeline, clock)
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(60))
        recorder = SessionRecorder(
            sessions, engine, plan, slot="morning", local_date=day, program_week=1
        )
        sid = recorder.session_id
        log(f"start {sid}")

        def logged(event: Event, sid: int = sid) -> None:  # runs after the recorder's commit
            if isinstance(event, StepEnded):
                p = event.progress
                log(f"step {sid} {p.step_index} {p.done_seconds!r} {int(p.completed)}")
            elif isinstance(event, SessionEnded):
                log(f"end {sid} {event.status}")

        engine.subscribe(logged)
        engine.start()
        stopping = rng.random() < 0.2
        while engine.is_active:
            clock.advance(0.5)
            engine.update()
            if rng.random() < 0.02:
                engine.skip()
            if stopping and rng.random() < 0.02:
                engine.stop()
        if rng.random() < 0.5:
            effort = rng.randrange(11)
            sessions.rate(sid, effort, "same", "kill test")
            log(f"rate {sid} {effort}")
        answers = {"hands": rng.randrange(11), "feet": rng.randrange(11), "pain": rng.randrange(11)}
        row = checkins.save(
            date(2026, 1, 1) + timedelta(days=rng.randrange(30)),
            CheckInValues.parse(answers),
            datetime.now(UTC),
            today=date(2026, 12, 31),
        )
        log(f"checkin {row.day} {row.version}")
        if cycle % 4 == 0:
            make_backup(folder / "cipn-coach.sqlite3", folder, "auto")
            log("backup")
        if cycle % 7 == 0:  # as an import does first: must outlive the rotation
            safety = make_backup(folder / "cipn-coach.sqlite3", folder, "before-json-import")
            log(f"safety {safety.path.name}")


# ---------------------------------------------------------------- the checks
@dataclass
class Totals:
    kills: int = 0
    startup_kills: int = 0
    steps: int = 0
    sessions: int = 0
    checkins: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Totals) -> None:
        for name in ("kills", "startup_kills", "steps", "sessions", "checkins"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures


def verify(folder: Path, log_path: Path) -> tuple[list[str], int, int, int]:
    """Problems found after a kill (empty when all is well), and record counts."""
    from cipn_coach.storage.backup import list_backups, quick_check

    problems = []
    conn = sqlite3.connect(folder / "cipn-coach.sqlite3")
    try:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            problems.append("integrity_check failed")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check failed")
        steps = {
            (s, p): (d, c)
            for s, p, d, c in conn.execute(
                "SELECT session_id, position, done_seconds, completed FROM session_steps"
            )
        }
        rows = {
            i: (st, d, e)
            for i, st, d, e in conn.execute("SELECT id, status, done_seconds, effort FROM sessions")
        }
        days = {d: v for d, v in conn.execute("SELECT day, version FROM checkins")}
        history = dict(
            conn.execute(
                "SELECT checkin_id, count(*) FROM checkin_versions GROUP BY checkin_id"
            ).fetchall()
        )
        ids = dict(conn.execute("SELECT day, id FROM checkins").fetchall())
        totals = {
            s: t
            for s, t in conn.execute(
                "SELECT session_id, sum(min(done_seconds, planned_seconds)) FROM session_steps "
                "GROUP BY session_id"
            )
        }
    finally:
        conn.close()
    lines = log_path.read_text().splitlines() if log_path.exists() else []
    for line in lines:
        kind, *rest = line.split()
        if kind == "step":
            sid, pos, done, completed = int(rest[0]), int(rest[1]), float(rest[2]), int(rest[3])
            if (sid, pos) not in steps:
                problems.append(f"logged step missing: {line}")
            elif (steps[(sid, pos)][0], steps[(sid, pos)][1]) != (done, completed):
                problems.append(f"step differs: {line} vs {steps[(sid, pos)]}")
        elif kind == "start" and int(rest[0]) not in rows:
            problems.append(f"logged session missing: {line}")
        elif kind == "end" and rows.get(int(rest[0]), ("?",))[0] != rest[1]:
            problems.append(f"session end not saved: {line} (db: {rows.get(int(rest[0]))})")
        elif kind == "rate" and rows.get(int(rest[0]), (0, 0, None))[2] != int(rest[1]):
            problems.append(f"rating not saved: {line}")
        elif kind == "checkin" and days.get(rest[0], 0) < int(rest[1]):
            problems.append(f"check-in version missing: {line} (db: {days.get(rest[0])})")
        elif kind == "safety" and not (folder / "backups" / rest[0]).is_file():
            problems.append(f"safety backup pruned by the rotation: {line}")
    by_session: dict[int, list[int]] = {}
    for sid, position in steps:
        by_session.setdefault(sid, []).append(position)
    for sid, (status, done, _effort) in rows.items():
        positions = sorted(by_session.get(sid, []))
        if status not in STATUSES:
            problems.append(f"session {sid} has status {status}")
        if positions != list(range(len(positions))):
            problems.append(f"session {sid} steps not contiguous: {positions}")
        if status == "completed" and len(positions) != 3:
            problems.append(f"completed session {sid} has {len(positions)} steps")
        if abs(done - (totals.get(sid) or 0.0)) > 1e-6:
            problems.append(f"session {sid} total {done} != its steps {totals.get(sid)}")
    for day, version in days.items():
        if history.get(ids[day], 0) != version - 1:
            problems.append(
                f"check-in {day} v{version} has {history.get(ids[day], 0)} old versions"
            )
    for info in list_backups(folder, counts=False):
        if quick_check(info.path) is not None:
            problems.append(f"listed backup fails quick_check: {info.path.name}")
    return problems, len(steps), len(rows), len(days)


_ALEMBIC_LOCK = threading.Lock()


def repair_is_told(folder: Path) -> list[str]:
    """The end of a lane: damage the database the kills left. A command (no --repair)
    must change nothing; a repair must keep the damaged file and leave the notice the
    app shows at its next start."""
    from cipn_coach.errors import DamagedDatabase
    from cipn_coach.storage import repair_notice
    from cipn_coach.storage.db import database_url_for, open_database

    database = folder / "cipn-coach.sqlite3"
    with open(database, "r+b") as handle:
        handle.write(b"damaged by the kill test" * 4)
    damaged = database.read_bytes()
    try:
        open_database(database_url_for(folder), repair=False).close()
        return ["a damaged database was opened without --repair"]
    except DamagedDatabase:
        pass
    if database.read_bytes() != damaged:
        return ["refusing to repair changed the damaged file"]
    repaired = open_database(database_url_for(folder))
    repaired.close()
    problems = []
    if repaired.recovery is None or not list(folder.glob("*.damaged-*")):
        problems.append("the damaged file was not kept aside")
    if "damaged" not in (repair_notice.unread(folder) or ""):
        problems.append("no unread repair notice for the next start")
    return problems


class Zygote:
    """A process that has imported the core once and forks one writer per kill.

    Importing SQLAlchemy and pydantic takes ~1 s; forking a warm process takes ms, so
    the suite can afford many kills. Each forked writer is still a separate process
    that opens the database itself and dies by SIGKILL; the zygote never opens it.
    """

    def __init__(
        self, module: str = "tests.core.test_kill", env: dict[str, str] | None = None
    ) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, "zygote"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
        )

    def _line(self, prefix: str) -> str:
        assert self.proc.stdout is not None
        while True:  # skip a stale "ready" from a writer killed right after printing it
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the zygote died")
            if line.startswith(prefix):
                return line.strip()
            if not line.startswith("ready"):
                return line.strip()

    def spawn(self, folder: Path, log_path: Path, seed: int) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{folder}\t{log_path}\t{seed}\n")
        return int(self._line("pid ").split()[1])

    def wait_ready(self, pid: int) -> str:
        return self._line(f"ready {pid}")

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


def kill_and_wait(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    while True:  # the zygote ignores SIGCHLD, so the kernel reaps the writer at once
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.001)


def lane(index: int, kills: int, base: Path) -> Totals:
    """One data folder, killed ``kills`` times in a row; each restart reuses it."""
    rng = random.Random(1000 + index)
    folder, log_path = base / f"lane {index} ü", base / f"lane-{index}.log"
    folder.mkdir(parents=True)
    totals = Totals()
    zygote = Zygote()
    pid = 0
    try:
        for kill in range(kills):
            pid = zygote.spawn(folder, log_path, rng.randrange(10**9))
            if rng.random() < 0.2:  # during start-up: opening, checking, migrating, marking
                time.sleep(rng.uniform(0.0, 0.12))
                totals.startup_kills += 1
            else:
                said = zygote.wait_ready(pid)
                if said != f"ready {pid}":
                    totals.failures.append(f"lane {index} kill {kill}: writer said {said!r}")
                time.sleep(rng.uniform(0.0, 0.3))
            kill_and_wait(pid)
            totals.kills += 1
            problems, totals.steps, totals.sessions, totals.checkins = verify(folder, log_path)
            totals.failures += [f"lane {index} kill {kill}: {p}" for p in problems]
            if problems:
                break
        if not totals.failures:
            with _ALEMBIC_LOCK:  # lanes are threads; Alembic's set-up is not thread-safe
                totals.failures += [f"lane {index} repair: {p}" for p in repair_is_told(folder)]
    finally:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        zygote.close()
    return totals


def _die_with_parent() -> None:
    """A writer must never outlive the test (it loops forever): SIGKILL it if the
    zygote goes, which the zygote does when the test's end of its stdin closes."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def zygote() -> int:
    """Import everything once, then fork a writer per line read (folder, log, seed)."""
    import cipn_coach.sessions.recorder  # noqa: F401  (warm imports for the forked writers)
    import cipn_coach.storage.checkins  # noqa: F401
    import tests.core.factories  # noqa: F401
    from cipn_coach.storage import backup, db  # noqa: F401

    return serve_forks(child)


def serve_forks(child_main: Callable[[Path, Path, int], int]) -> int:
    """A zygote's loop: one forked writer per line "folder<TAB>log<TAB>seed" on stdin.

    A writer that raises says why on stdout ("crashed …"), so its lane reports it
    instead of waiting for a "ready" that never comes.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        folder, log_path, seed = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _die_with_parent()
                code = child_main(Path(folder), Path(log_path), int(seed))
            except BaseException as exc:  # noqa: BLE001 - say why, the parent reports it
                print(f"crashed {os.getpid()} {type(exc).__name__}: {exc}", flush=True)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
    return 0


def run_lanes(lane: Callable[[int, int, Path], T], kills: int, lanes: int, base: Path) -> list[T]:
    """Share ``kills`` between ``lanes`` data folders killed side by side."""
    per_lane = [kills // lanes + (i < kills % lanes) for i in range(lanes)]
    with ThreadPoolExecutor(lanes) as pool:
        return list(pool.map(lambda i: lane(i, per_lane[i], base), range(lanes)))


def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    started = time.perf_counter()
    results = run_lanes(lane, KILLS, LANES, tmp_path)
    totals = Totals()
    for result in results:
        totals.add(result)
    totals.seconds = time.perf_counter() - started
    print(
        f"\nkill test: {totals.kills} SIGKILLs ({totals.startup_kills} during start-up) in "
        f"{LANES} lanes, {totals.seconds:.1f} s ({totals.seconds * LANES / totals.kills:.2f} s "
        f"per kill per lane); at the end {totals.sessions} sessions, {totals.steps} steps, "
        f"{totals.checkins} check-in days; {len(totals.failures)} failures"
    )
    assert totals.kills == KILLS
    assert totals.failures == []
    assert totals.steps > 0 and totals.checkins > 0


def test_verify_notices_a_lost_step_and_a_half_written_session(tmp_path):
    """The checker itself must be able to fail, or 0 failures means nothing."""
    from cipn_coach.storage.db import database_url_for, open_database

    folder = tmp_path / "data"
    open_database(database_url_for(folder)).close()
    log_path = tmp_path / "log"
    log_path.write_text("step 7 0 1.0 1\ncheckin 2026-01-02 1\n")
    problems, *_ = verify(folder, log_path)
    assert any("logged step missing" in p for p in problems)
    assert any("check-in version missing" in p for p in problems)
    conn = sqlite3.connect(folder / "cipn-coach.sqlite3")
    conn.execute(
        "INSERT INTO sessions (uid, routine_id, routine_version, routine_title,"
        " local_date, program_week, started_at, status, planned_seconds,"
        " done_seconds) VALUES ('u', 'r', 1, 'R', '2026-01-01', 1,"
        " '2026-01-01 08:00:00', 'completed', 60, 30)"
    )
    conn.commit()
    conn.close()
    problems, *_ = verify(folder, tmp_path / "none")
    assert any("completed session" in p for p in problems)
    assert any("!= its steps" in p for p in problems)


def _main(argv: list[str]) -> int:
    if argv == ["zygote"]:
        return zygote()
    if len(argv) == 4 and argv[0] == "child":
        return child(Path(argv[1]), Path(argv[2]), int(argv[3]))
    print("usage: python -m tests.core.test_kill zygote | child FOLDER LOG SEED", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
