"""Backups of the database file (SQLite snapshots in ``backups/``), for the front ends.

Settings lists them, makes one now and restores one; the window makes one after a
check-in or a session. The work is ``storage.backup``'s; this keeps the UI out of
storage and ties each call to the open data folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

if TYPE_CHECKING:
    from cipn_coach.storage.backup import BackupInfo, RestoreResult


class BackupService:
    """``database`` is ``None`` for a database that is not a file (nothing to back up).
    ``close`` closes the open database: a restore swaps its file."""

    def __init__(self, database: Path | None, close: Callable[[], None]) -> None:
        self.database = database
        self._close = close

    @property
    def data_dir(self) -> Path | None:
        return self.database.parent if self.database is not None else None

    def list(self) -> list[BackupInfo]:
        """The backups, newest first, with their counts of check-ins and sessions."""
        from cipn_coach.storage.backup import list_backups

        return [] if self.data_dir is None else list_backups(self.data_dir)

    def back_up_now(self) -> BackupInfo | None:
        """A backup asked for by the person (``CoachError`` when it cannot be made)."""
        from cipn_coach.storage.backup import make_backup

        return None if self.database is None else make_backup(self.database, reason="manual")

    def back_up_if_changed(self) -> None:
        """After a check-in or a session, off the UI thread: a backup when the data changed
        since the last one. A failure stays quiet (``doctor`` reports it)."""
        from cipn_coach.storage.backup import backup_if_changed

        if self.database is None:
            return
        try:
            backup_if_changed(self.database)
        except CoachError:
            pass

    def restore(self, backup: Path) -> RestoreResult:
        """Close the database, then put ``backup`` in its place (the current file is moved
        aside, never deleted). The app must be opened again afterwards."""
        from cipn_coach.storage.backup import restore

        if self.data_dir is None:
            raise CoachError(_("this database is not a file: there is nothing to restore into"))
        self._close()
        return restore(backup, self.data_dir)
