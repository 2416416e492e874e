"""Is an existing database file sound enough to open? Asked at every start.

``PRAGMA quick_check`` reads the whole file: ~10 ms for three years of records, far more
on a slow disk with a cold cache. SQLite does it without holding Python's lock, so the
app begins it on a thread of its own (``StartupCheck``) before SQLAlchemy is imported,
and it costs the start nothing while the main thread imports (~150 ms). This module
therefore imports no SQLAlchemy; ``storage.db.open_database`` takes its answer.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sqlite3
import threading
from pathlib import Path

from cipn_coach.i18n import _
from cipn_coach.storage import backup


class StartupCheck:
    """The check of ``path`` (``startup_problem``), running on its own thread from the
    moment it is made; ``result()`` waits for it and gives its answer, or raises what it
    raised (e.g. ``backup.FolderUnavailable``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problem: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="cipn-startup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problem = startup_problem(self.path)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()
            self._error = exc

    def result(self) -> str | None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._problem


def startup_check(path: Path) -> str | None:
    """``quick_check`` for start-up, which must not destroy evidence.

    Opening a file that is not a database makes SQLite discard its ``-wal``, which may
    hold the latest committed records. So the side files are copied first and put back
    if the check fails, to be moved aside with the damaged file.
    """
    copies = {}
    for side in backup.SIDE_SUFFIXES:
        original = Path(f"{path}{side}")
        if original.is_file():
            # A name of this process's own: two starts at once must not share one copy.
            copy = Path(f"{original}.precheck-{os.getpid()}-{secrets.token_hex(4)}")
            try:
                shutil.copy2(original, copy)
            except FileNotFoundError:  # another process closed the database: WAL folded in
                copy.unlink(missing_ok=True)
                continue
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # no room for a copy: still read
                    for made in (*copies.values(), copy):
                        made.unlink(missing_ok=True)
                    return _read_only_check(path)
                for made in (*copies.values(), copy):
                    made.unlink(missing_ok=True)
                raise backup.FolderUnavailable(
                    _("cannot use the data folder {folder}: {reason}. Nothing was changed.").format(
                        folder=path.parent, reason=exc.strerror or exc
                    )
                ) from exc
            copies[original] = copy
    problem = _("the check did not finish")
    try:
        problem = backup.quick_check(path, unavailable_raises=True)
    finally:
        for original, copy in copies.items():
            if problem is not None and not original.exists():
                os.replace(copy, original)  # damaged: keep the WAL with it
            else:
                copy.unlink(missing_ok=True)  # healthy: SQLite checkpointed it properly
    return problem


def _read_only_check(path: Path) -> str | None:
    """``quick_check`` through a read-only connection, for a full disk (no room to copy
    the side files first): it never checkpoints or removes the ``-wal``, so the evidence
    stays, and the records in the WAL can still be read (summary, export)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            backup.read_through(conn)
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        reason = backup.unavailable_reason(exc)
        if reason is not None:
            raise backup.FolderUnavailable(
                _("cannot use the data folder {folder}: {reason}. Nothing was changed.").format(
                    folder=path.parent, reason=reason
                )
            ) from exc
        return backup.sqlite_words(exc)
    if rows == ["ok"]:
        return None
    details = "; ".join(str(r) for r in rows[:5])  # SQLite's words: for whoever repairs it
    return _("the database check found damage ({details})").format(details=details)


def startup_problem(path: Path) -> str | None:
    """Why an existing database file cannot be trusted, or ``None`` if it is healthy.

    A missing or empty file (SQLite leaves one when it dies before writing the header;
    a restore can be interrupted between its two renames) is harmless on a first start,
    but when backups exist, data was there and is now missing.
    """
    if not path.exists() or path.stat().st_size == 0:
        if not backup.list_backups(path.parent, counts=False):
            return None
        return _("the file is missing") if not path.exists() else _("the file is empty")
    return startup_check(path)
