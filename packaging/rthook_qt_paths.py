"""Run-time hook of the bundle (before the app): where Qt finds its plugins.

Replaces PyInstaller's PySide6 hook, which imports Qt on every start; see the spec.
"""

import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins")  # noqa: SLF001
