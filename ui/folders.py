"""Where a file dialog opens: the user's documents, never the folder the app started in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    """The user's documents folder, else the home folder. A dialog given a bare file name
    opens in the process's working folder: for an app started from its checkout, the
    source code."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()
