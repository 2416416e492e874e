"""Open CIPN Coach from a checkout: ``python main.py`` (same as the ``cipn-coach`` command)."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
