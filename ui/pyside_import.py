"""PySide6 imported without its import hook, before anything else of the UI.

PySide6 hooks ``__import__`` so that a module may opt into ``from __feature__ import
snake_case``. With the hook, every import statement goes through Python code of its own
(~8,000 on the way to Today, ~15 ms), and each module imported (or merely named in an
import statement: the UI's, the standard library's) has its whole source read with
``inspect.getsource`` and kept in ``linecache``, to see whether it uses PySide6: before
the first paint ~30 files and 1.7 MiB kept for the app's life, later ~400 modules
(SQLAlchemy, pydantic, the app's), 50-100 ms. This app never uses those features.

So the desktop app's entry (``ui.app.load_gui``) imports PySide6 here first and takes the
hook out at once; ``ui.gui.run_gui`` does it again for callers that imported Qt
themselves (tests, benches), and lets go of the sources the hook had read meanwhile.
"""

from __future__ import annotations

import builtins
import linecache
import sys


def import_pyside_without_hook() -> None:
    """Import PySide6 (which installs its hook) and take the hook out."""
    import PySide6.QtCore  # noqa: F401 - the import that installs the hook

    put_back_python_import()


def put_back_python_import() -> None:
    """Python's own import back (PySide6 keeps it as ``builtins.__orig_import__``); should
    the hook stay, only Qt's modules and the UI's are said to use PySide6 (what the scan
    would find for them), without reading. The sources the scan read go (a traceback
    reads again what it needs)."""
    original = getattr(builtins, "__orig_import__", None)
    if callable(original) and getattr(builtins.__import__, "__name__", "") == "__feature_import__":
        builtins.__import__ = original
        linecache.clearcache()
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: getattr(module, "__name__", "").startswith(
            ("ui.", "PySide6", "pyqtgraph")
        )
