"""One app per data folder: a second window must never become a second writer.

An exclusive ``flock`` on ``<data folder>/.lock`` is the truth. The operating system
drops it when the process ends, even on a crash or power cut, so a stale lock can never
keep the patient out of their own data.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from cipn_coach.i18n import _
from cipn_coach.paths import ensure_private_dir

LOCK_FILE = ".lock"


class AlreadyRunning(Exception):
    pass


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = ensure_private_dir(data_dir) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(
                _("CIPN Coach is already open on {folder}").format(folder=self.path.parent)
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
