"""The bundle's entry point (PyInstaller): the app, or its start-up helper.

A bundle has no Python interpreter of its own to run ``python -m cipn_coach.today_model``
(``ui.today_reader``), so its one executable plays both parts: given
``--today-helper`` first it reads Today and prints it (no Qt loaded, as fast as the
helper is outside a bundle); otherwise it is ``cipn-coach``.
"""

from __future__ import annotations

import sys

# cipn_coach.today_model.HELPER_ARGUMENT, spelled out: importing that module here would
# load it and the flags behind it on every start of the app, ~5 ms more than the app
# itself imports (tests/ui/test_bundle_entry.py runs this file with the reader's spelling)
HELPER_ARGUMENT = "--today-helper"


def main() -> int:
    if sys.argv[1:2] == [HELPER_ARGUMENT]:
        from cipn_coach.today_model import main as today_helper

        return today_helper(sys.argv[2:])
    from ui.app import main as app

    return app()


if __name__ == "__main__":
    sys.exit(main())
