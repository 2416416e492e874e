"""Where the app's files live.

Bundled data (``exercises/``, ``assets/``) must be found from a source checkout, an
editable install and an installed wheel. The wheel carries them inside the package as
``cipn_coach/_data/`` (see ``pyproject.toml``); a checkout has them beside the package.
The user's own data goes to the platformdirs folders unless ``--data-dir`` says otherwise.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from cipn_coach.i18n import _

APP_NAME = "cipn-coach"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled '{name}' folder is missing (looked in {_PACKAGE_DIR})")


def exercises_dir() -> Path:
    return _bundled("exercises")


def routines_dir() -> Path:
    return exercises_dir() / "routines"


def assets_dir() -> Path:
    return _bundled("assets")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir  # imported late: only needed when no --data-dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


SPEECH_CACHE = "speech-cache"
VALIDATED_FILES = "validated-files"


def validated_files_dir(data_dir: Path) -> Path:
    """Where the exercise, routine and self-test files are kept validated between starts
    (``routines.validated_files``): derived data, in the private data folder with the
    rest, deleted with it."""
    return data_dir / VALIDATED_FILES


def speech_cache_dir(data_dir: Path) -> Path:
    """Where spoken phrases are cached: inside the (private) data folder, because a
    phrase may hold clinician-written words with the patient's name; deleting the data
    folder deletes them too."""
    return data_dir / SPEECH_CACHE


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by this user: health data lives there.

    Permissions are only ever taken away from others, never given back to the owner: a
    folder its owner made read-only (0500) is respected, and ``PermissionError`` says
    so, rather than being made writable again behind their back (root could write
    there anyway, so the mode is what counts, not ``os.access``).
    """
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if existed else 0o700  # ours: any umask
    if not mode & stat.S_IWUSR:
        raise PermissionError(
            errno.EACCES,
            _(
                "the folder is read-only (its owner set it so); make it writable again to save to it"
            ),
            str(path),
        )
    try:
        if not existed or mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass  # e.g. a folder on a filesystem without POSIX modes; the data still saves
    return path
