"""Read one stored setting with the standard library's sqlite3, before SQLAlchemy loads.

Why: the language must be chosen before the app's window paints and before any command
speaks, but SQLAlchemy and the migrations cost ~0.2 s to import. The settings table is
one key/value pair per row (``storage.models.Setting``: JSON text), so a read-only query
is enough. Nothing is written; a missing, locked, older or damaged file reads as "not set"
(the caller then falls back, e.g. to the system locale).

Nothing is created either: a read-only connection to a WAL database makes its ``-wal``
and ``-shm`` files when they are missing (even in a folder its owner made read-only, if
the process may). Without a ``-wal`` file every row is in the database file itself, so it
is then opened as immutable (no side files); with one, they exist already.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

NOT_SET = object()


def peek_setting(database: Path, key: str) -> Any:
    """The stored (JSON-decoded) value of ``key`` in ``database``, or ``NOT_SET``."""
    if not database.is_file():
        return NOT_SET
    try:
        wal = database.with_name(database.name + "-wal")
        how = "mode=ro" if wal.exists() else "immutable=1"
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?{how}", uri=True, timeout=1.0)
    except sqlite3.Error:
        return NOT_SET
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return NOT_SET
    finally:
        conn.close()
    if row is None:
        return NOT_SET
    try:
        return json.loads(row[0])
    except (TypeError, ValueError):
        return NOT_SET
