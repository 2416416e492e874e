"""Exercise, routine and self-test files validated once, and kept validated between
starts, so the app does not check at every start what has not changed.

Why: building pydantic's validators for the ~35 file models and checking the shipped
files took 0.10-0.17 s of CPU at every start (a sixth of it, bench figure 2b), for the
same files and the same answer each time. The models build their validators only when
first needed (``defer_build``); a file whose validated model is kept here is not
checked again, so on a usual start no validator is built at all.

Why it is safe: a kept model is found by a digest of the file's bytes, the model's
name, and the source of the modules that define and check the models (and pydantic's
and Python's versions), so an edited file, an edited model or a new pydantic is
checked afresh. Only files that passed are kept: a broken file is reported at every
start, as before. The keeping file is derived data in the data folder; a damaged,
unreadable or foreign one is set aside and the files are checked as if it were not
there. Nothing is kept without a folder (tests and commands that name none).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

KEEPING_FILE = "validated-files.pickle"
_FORMAT = b"cipn-validated-files 1\n"
_PACKAGES = ("routines", "selftests")  # where the file models and their checks are

Model = TypeVar("Model")

_folder: Path | None = None
_kept: dict[str, Any] | None = None  # digest -> validated model, once read
_added = False


def keep_in(folder: Path | None) -> None:
    """Keep validated files in ``folder`` from now on (None: keep nothing). The app and
    the commands name their data folder's cache here; forgets what was read before."""
    global _folder, _kept, _added
    _folder, _kept, _added = folder, None, False


def kept_model(content: bytes, model: type[Model]) -> tuple[Model | None, str]:
    """The model kept for a file with ``content``, or None, and the file's digest (to
    ``keep`` the model under once it is validated)."""
    digest = _digest(content, model)
    kept = _read()
    found = kept.get(digest)
    return (found if isinstance(found, model) else None), digest


def keep(digest: str, validated: Any) -> None:
    """Remember a model that passed validation (written by ``save``)."""
    global _added
    if _folder is None:
        return
    _read()[digest] = validated
    _added = True


def save() -> None:
    """Write what was added since the last save, whole or not at all. A folder that
    cannot be written only means checking the files again next time."""
    global _added
    if _folder is None or not _added or _kept is None:
        return
    _added = False
    try:
        _folder.mkdir(exist_ok=True)  # never its parents: a data folder gone stays gone
        handle, temporary = tempfile.mkstemp(dir=_folder, prefix=".validated", suffix=".tmp")
    except OSError as exc:
        log.info("could not keep the validated files in %s (%s)", _folder, exc)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_FORMAT + _sources_digest().encode("ascii") + b"\n")
            pickle.dump(_kept, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, _folder / KEEPING_FILE)
    except (OSError, pickle.PicklingError) as exc:
        log.info("could not keep the validated files in %s (%s)", _folder, exc)
        Path(temporary).unlink(missing_ok=True)


def _read() -> dict[str, Any]:
    """What is kept (read once): empty without a folder, or when the keeping file is
    missing, damaged, or written by other sources (it is then replaced on ``save``)."""
    global _kept
    if _kept is not None:
        return _kept
    _kept = {}
    if _folder is None:
        return _kept
    path = _folder / KEEPING_FILE
    try:
        with path.open("rb") as kept:
            if kept.readline() != _FORMAT:
                raise ValueError("not a keeping file of this format")
            if kept.readline().strip().decode("ascii") != _sources_digest():
                return _kept  # the models or their checks changed: check every file again
            loaded = pickle.load(kept)
        if not isinstance(loaded, dict):
            raise ValueError("not a table of validated files")
        _kept = loaded
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - derived data: any damage means "check again"
        log.info("the validated files kept in %s are not usable (%s); checking again", path, exc)
    return _kept


def _digest(content: bytes, model: type) -> str:
    name = f"{model.__module__}.{model.__qualname__}".encode()
    return hashlib.sha256(name + b"\0" + content).hexdigest()


@cache
def _sources_digest() -> str:
    """The source of every module that defines or checks the file models, with the
    versions of pydantic and Python: any change there checks every file again."""
    import pydantic

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{pydantic.VERSION} {platform.python_version()}".encode())
    for package in _PACKAGES:
        for source in sorted((root / package).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
