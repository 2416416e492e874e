"""The "your data was repaired" notice, kept in the data folder until it is read.

A repair can happen in any process that opens the database: the app, or a command such
as ``summary`` run while the app is closed. The person must hear about it either way, so
the repair writes its plain-words message here, and the app shows it at every start
until the person has closed the message (then ``mark_read`` removes it). Stdlib only:
``storage.db`` writes it at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

NOTICE_FILE = "repair-notice.txt"


def notice_path(folder: Path) -> Path:
    return folder / NOTICE_FILE


def save(folder: Path, message: str) -> None:
    """Add ``message`` to the unread notice (two repairs before a start: both are told).

    Written under a temporary name and renamed into place, 0600, so a crash never leaves
    half a message. A folder that cannot be written is no reason to stop the repair."""
    earlier = unread(folder)
    text = message if earlier is None else f"{earlier}\n\n{message}"
    target = notice_path(folder)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)


def unread(folder: Path) -> str | None:
    """The repair message(s) not yet read, or ``None``."""
    try:
        text = notice_path(folder).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    return text or None


def mark_read(folder: Path) -> None:
    """The person has seen the message: stop showing it."""
    try:
        notice_path(folder).unlink(missing_ok=True)
    except OSError:
        pass
