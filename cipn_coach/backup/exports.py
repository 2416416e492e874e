"""Exports and imports of the whole record: CSV tables, and the full JSON backup.

What the File menu (and the CLI's ``export``) needs, without the database handle: each
call names only files and folders, and an import says what it changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cipn_coach.changes import EVERYTHING, Changes, Saved

if TYPE_CHECKING:
    from cipn_coach.storage.db import Database

ImportMode = Literal["empty", "merge", "replace"]


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def has_records(self) -> bool:
        """Whether any check-in or session is stored: an import then asks merge or replace."""
        from cipn_coach.backup.json_file import local_counts

        return any(local_counts(self._db))

    def export_csv(self, folder: Path) -> str:
        """One CSV file per table in ``folder``; returns what was written, in words."""
        from cipn_coach.backup.csv_tables import export_csv

        return export_csv(self._db, folder).summary()

    def export_json(self, path: Path) -> str:
        """The full backup (every record and setting) as one JSON file at ``path``."""
        from cipn_coach.backup.json_file import export_json

        return export_json(self._db, path, overwrite=True).summary()

    def import_json(self, path: Path, mode: ImportMode) -> Saved[str]:
        """Read a full backup into this folder (a safety backup is made first); the row
        is the summary in words. Any domain may have changed."""
        from cipn_coach.backup.json_file import import_json

        summary = import_json(self._db, path, mode).summary()
        changes: Changes = EVERYTHING
        return Saved(summary, changes)
