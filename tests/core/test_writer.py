"""The ordered writer: in order, off the caller's thread, retried on a lock, never dropped."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime

import pytest

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.session import SessionEngine
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.plan import plan_routine
from cipn_coach.sessions.recorder import SessionRecorder
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.repository import SessionRepository
from cipn_coach.storage.writer import OrderedWriter, can_retry
from tests.core.factories import exercise, library, routine

T0 = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def test_writes_run_in_order_on_one_other_thread():
    writer = OrderedWriter()
    done, threads = [], set()

    def write(n: int) -> None:
        done.append(n)
        threads.add(threading.current_thread())

    for n in range(200):
        writer.submit(lambda n=n: write(n), f"write {n}")
    assert writer.flush(timeout=30)
    assert done == list(range(200))
    assert len(threads) == 1 and threading.main_thread() not in threads
    assert writer.pending == 0 and writer.close(timeout=5)


def test_a_write_that_cannot_succeed_is_reported_and_the_next_still_runs(caplog):
    writer = OrderedWriter()
    done = []
    writer.submit(lambda: 1 / 0, "a broken write")
    writer.submit(lambda: done.append("next"), "the next write")
    assert writer.close(timeout=10)
    assert done == ["next"] and writer.failed == 1
    assert "could not save a broken write" in caplog.text


def test_a_step_refused_for_a_lock_is_retried_until_saved(tmp_path, monkeypatch):
    """Another process holds the write lock longer than busy_timeout: the step waits
    in the queue (pending), is tried again, and is saved once the lock is released."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 20)
    database = dbmod.open_database(dbmod.database_url_for(tmp_path))
    refused = threading.Event()

    def retryable(error: BaseException) -> bool:
        refused.set()
        return can_retry(error)

    writer = OrderedWriter(retry_delays=(0.01,), retryable=retryable)
    lib = library(exercise("aa", reps=None, hold=20), exercise("bb", reps=3))
    r = routine("rt", [{"exercise": "aa"}, {"exercise": "bb"}])
    clock = FakeClock()
    engine = SessionEngine(
        build_timeline(plan_routine(r, lib), r.get_ready_seconds, r.prepare_seconds), clock
    )
    repo = SessionRepository(database)
    recorder = SessionRecorder(
        repo,
        engine,
        r,
        slot="morning",
        local_date=date(2026, 11, 20),
        program_week=1,
        wall_clock=lambda: T0,
        writer=writer,
    )
    engine.start()
    assert writer.flush(timeout=10)
    other = sqlite3.connect(database.path, isolation_level=None)  # another process, say
    try:
        other.execute("BEGIN IMMEDIATE")
        clock.advance(10 + 20 + 0.5)
        engine.update()  # the first step ends: handed over, returns at once
        assert refused.wait(timeout=10)
        assert writer.pending == 1 and writer.retries >= 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    clock.advance(1000)
    engine.update()
    assert writer.close(timeout=30)
    saved = repo.get(recorder.session_id)
    assert saved.status == "completed" and [s.position for s in saved.steps] == [0, 1]
    assert writer.failed == 0
    database.close()


def test_a_bad_rating_is_refused_before_it_is_queued(tmp_path):
    database = dbmod.open_database(dbmod.database_url_for(tmp_path))
    writer = OrderedWriter()
    lib = library(exercise("aa", reps=3))
    r = routine("rt", [{"exercise": "aa"}])
    engine = SessionEngine(build_timeline(plan_routine(r, lib), 3, 3), FakeClock())
    recorder = SessionRecorder(
        SessionRepository(database),
        engine,
        r,
        slot=None,
        local_date=date(2026, 11, 20),
        program_week=1,
        writer=writer,
    )
    with pytest.raises(ValueError):
        recorder.rate(11, None, None)
    assert writer.close(timeout=10) and writer.pending == 0
    database.close()


def test_while_held_writes_wait_and_start_when_released():
    """The session driver holds the writer while the engine moves, so a step's write
    does not take the interpreter from the UI thread before the cue's sound started
    (measured: cues at a step's end were heard 15-30 ms later than others)."""
    writer = OrderedWriter()
    written = threading.Event()
    with writer.held():
        with writer.held():  # nested: released by the outermost
            writer.submit(written.set, "a step")
        assert not written.wait(0.2)
        assert writer.pending == 1
    assert written.wait(10)
    assert writer.flush(timeout=10) and writer.close(timeout=5)


def test_a_flush_inside_a_hold_writes_everything_rather_than_wait_for_the_hold():
    """Whoever flushes wants it written now (an engine listener waiting for a step to be
    saved, inside the driver's hold): the hold gives way, nothing deadlocks."""
    writer = OrderedWriter()
    written = threading.Event()
    with writer.held():
        writer.submit(written.set, "a step")
        assert writer.flush(timeout=10), "the flush waited for the hold's end"
        assert written.is_set()
    assert writer.close(timeout=5)
