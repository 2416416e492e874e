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

from cipn_coach.i18n import N_, _

LOG_FILE = "cipn-coach.log"
LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3
MESSAGE = N_(
    "Sorry, something unexpected went wrong. Your data is safe: everything is saved "
    "as you go. You can carry on.\n\nDetails for whoever helps you were written to:\n{path}"
)
SAVING_MESSAGE = N_(
    "Sorry, something unexpected went wrong. What you did is still being saved: "
    "please keep CIPN Coach open for a minute. You can carry on.\n\n"
    "Details for whoever helps you were written to:\n{path}"
)

NO_LOG_FILE = N_("the error output (no log folder could be made)")

Shower = Callable[[str], None]
Unsaved = Callable[[], int]


def default_log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("cipn-coach", appauthor=False))


APP_FOLDER = "cipn-coach"


def _private_folder(log_dir: Path) -> None:
    """Create ``log_dir`` and this app's folders above it 0700 (an error's details may
    hold health data), whatever the umask."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = log_dir
    while True:
        os.chmod(folder, 0o700)
        if folder.name == APP_FOLDER or APP_FOLDER not in folder.parent.parts:
            break
        folder = folder.parent


def _file_handler(log_dir: Path) -> tuple[logging.Handler, Path]:
    _private_folder(log_dir)
    path = log_dir / LOG_FILE
    handler = RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    os.chmod(path, 0o600)
    return handler, path


def make_logger(
    log_dir: Path, fallback_dir: Path | None = None
) -> tuple[logging.Logger, Path | None]:
    """The app's log: in ``log_dir``; if that cannot be made (e.g. ``~/.local/state``
    owned by root after one ``sudo`` run), in ``fallback_dir/logs`` (the data folder);
    if neither, on stderr (path ``None``). Never raises: the app must start regardless.

    The handler sits on the ``cipn_coach`` logger, so the core's own loggers (the ordered
    writer, settings that did not fit) are written there too.
    """
    handler: logging.Handler | None = None
    path: Path | None = None
    folders = [log_dir] + ([fallback_dir / "logs"] if fallback_dir is not None else [])
    for folder in folders:
        try:
            handler, path = _file_handler(folder)
            break
        except OSError as exc:
            print(
                f"cipn-coach: cannot write the log in {folder}: {exc.strerror or exc}",
                file=sys.stderr,
            )
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("cipn_coach")
    for old in root.handlers:
        old.close()
    root.handlers.clear()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    logger = logging.getLogger("cipn_coach.crash")
    logger.handlers.clear()
    logger.propagate = True
    return logger, path


class CrashGuard:
    def __init__(
        self,
        log_dir: Path,
        show: Shower,
        unsaved: Unsaved = lambda: 0,
        fallback_dir: Path | None = None,
    ) -> None:
        """``unsaved`` says how many writes are still waiting to be saved;
        ``fallback_dir`` (the data folder) holds the log when ``log_dir`` cannot."""
        self.logger, self.path = make_logger(log_dir, fallback_dir)
        self._show = show
        self._unsaved = unsaved
        self._showing = False
        self.count = 0

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        self.count += 1
        self.logger.error("unexpected error", exc_info=(kind, error, trace))
        if self._showing:  # one dialog at a time; the rest are logged
            return
        self._showing = True
        try:
            waiting = self._unsaved() > 0
            where = str(self.path) if self.path is not None else _(NO_LOG_FILE)
            self._show(_(SAVING_MESSAGE if waiting else MESSAGE).format(path=where))
        finally:
            self._showing = False
