"""The bundle's entry point (PyInstaller): ``cipn-coach``, the app and its commands.

The bundle has no Python interpreter of its own, so nothing in the app may start
``sys.executable`` as one; since start-up has one data layer (no helper process), this
executable is all there is.
"""

from __future__ import annotations

import sys


def main() -> int:
    from ui.app import main as app

    return app()


if __name__ == "__main__":
    sys.exit(main())
