"""One ordered writer: database writes handed over by the UI thread, done on a worker.

A session's steps used to be written on the UI thread the moment each ended. That thread
must never wait (a late chime, a stalled voice), and when another process (a CLI
check-in) held the database, the write failed and the step was lost. Now the UI hands the
write to this writer and returns at once; one worker thread does the writes in the order
they were handed over (a session's start before its steps, its steps before its end).

A write that fails because the database is busy or cannot be written right now (locked
by another process, a full disk) is tried again, with growing pauses, until it succeeds:
it is never dropped. Only a write that can never succeed (a programming error) is given
up, and it is logged and counted in ``failed``. ``pending`` says whether anything is
still waiting, so nobody is told "everything is saved" while something is; ``flush``
waits until all is written, which closing the app does.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cipn_coach.storage.backup import unavailable_reason

Write = Callable[[], object]
Done = Callable[[], None]

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
"""Seconds between attempts at a write refused for a lock; the last repeats forever."""

log = logging.getLogger("cipn_coach.writer")


def can_retry(error: BaseException) -> bool:
    """True when the database refused for a reason that passes (busy, locked, full)."""
    return unavailable_reason(error) is not None


@dataclass
class _Job:
    write: Write
    what: str
    done: Done | None


class OrderedWriter:
    """Writes run one at a time on one worker thread, first handed over, first written."""

    def __init__(
        self,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        retryable: Callable[[BaseException], bool] = can_retry,
    ) -> None:
        self._delays = retry_delays
        self._retryable = retryable
        self._jobs: deque[_Job] = deque()
        self._busy = False  # a job has been taken off the queue and is being written
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._holds = 0  # while above 0 the worker takes no new job (see ``held``)...
        self._flushing = 0  # ...unless someone is waiting in ``flush``
        self.failed = 0
        self.retries = 0

    @property
    def pending(self) -> int:
        """How many writes are not yet in the database (queued or being written)."""
        with self._condition:
            return len(self._jobs) + int(self._busy)

    def submit(self, write: Write, what: str, done: Done | None = None) -> None:
        """Queue ``write`` (returns at once). ``done`` runs on the worker after it is saved."""
        with self._condition:
            if self._closed:
                raise RuntimeError("the writer is closed")
            self._jobs.append(_Job(write, what, done))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="cipn-writer", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Writes handed over inside this block start only when it ends (a job already
        being written goes on). For a moment when the UI thread must not share the
        interpreter: the session driver holds the writer while the engine moves, so a
        step's write starts after the cue due at the same moment began to sound
        (measured: cues at a step's end were heard 15-30 ms later than others). Nests.
        A ``flush`` inside it is not kept waiting: whoever flushes wants it written now."""
        with self._condition:
            self._holds += 1
        try:
            yield
        finally:
            with self._condition:
                self._holds -= 1
                self._condition.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything handed over is written. False if ``timeout`` ran out."""
        with self._condition:
            self._flushing += 1  # a hold gives way (see ``held``)
            self._condition.notify_all()
            try:
                return self._condition.wait_for(lambda: not self._jobs and not self._busy, timeout)
            finally:
                self._flushing -= 1

    def close(self, timeout: float | None = 60.0) -> bool:
        """Write what is queued, then stop the worker. False (and logged) if time ran out."""
        flushed = self.flush(timeout)
        with self._condition:
            self._closed = True
            left = [job.what for job in self._jobs]
            self._condition.notify_all()
        if not flushed:
            log.error("closing with %d write(s) not yet saved: %s", len(left), ", ".join(left))
        return flushed

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(
                    lambda: (self._jobs and (not self._holds or self._flushing)) or self._closed
                )
                if not self._jobs:
                    return  # closed and empty
                job = self._jobs.popleft()
                self._busy = True
            try:
                self._write(job)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()

    def _write(self, job: _Job) -> None:
        attempt = 0
        while True:
            try:
                job.write()
                break
            except Exception as error:  # noqa: BLE001 - sorted below: retried or reported
                if not self._retryable(error):
                    self.failed += 1
                    log.error("could not save %s", job.what, exc_info=error)
                    return
                delay = self._delays[min(attempt, len(self._delays) - 1)]
                attempt += 1
                self.retries += 1
                log.warning("saving %s: %s; trying again in %.2f s", job.what, error, delay)
                with self._condition:
                    self._condition.wait(delay)  # woken early only by new work; fine
        if job.done is not None:
            try:
                job.done()
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the writes
                log.exception("after saving %s", job.what)
