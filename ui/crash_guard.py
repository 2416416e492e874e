"""Unexpected errors: written to a rotating log, shown in one calm dialog, app goes on.

The message says the patient's data is safe only when the ordered writer has nothing
waiting (``unsaved``); while a step or a session's end is still queued (the database may
be locked by another program) it says so instead. The log path lets a helper or developer
see what happened.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FILE = "cipn-coach.log"
LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3
MESSAGE = ("Sorry, something unexpected went wrong. Your data is safe: everything is saved "
           "as you go. You can carry on.\n\nDetails for whoever helps you were written to:\n{path}")
SAVING_MESSAGE = ("Sorry, something unexpected went wrong. What you did is still being saved: "
                  "please keep CIPN Coach open for a minute. You can carry on.\n\n"
                  "Details for whoever helps you were written to:\n{path}")

Shower = Callable[[str], None]
Unsaved = Callable[[], int]


def default_log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("cipn-coach", appauthor=False))


def make_logger(log_dir: Path) -> tuple[logging.Logger, Path]:
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE
    logger = logging.getLogger("cipn_coach.crash")
    logger.handlers.clear()
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
    return logger, path


class CrashGuard:
    def __init__(self, log_dir: Path, show: Shower, unsaved: Unsaved = lambda: 0) -> None:
        """``unsaved`` says how many writes are still waiting to be saved."""
        self.logger, self.path = make_logger(log_dir)
        self._show = show
        self._unsaved = unsaved
        self._showing = False
        self.count = 0

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        self.count += 1
        self.logger.error("unexpected error", exc_info=(kind, error, trace))
        if self._showing:  # one dialog at a time; the rest are logged
            return
        self._showing = True
        try:
            waiting = self._unsaved() > 0
            self._show((SAVING_MESSAGE if waiting else MESSAGE).format(path=self.path))
        finally:
            self._showing = False
