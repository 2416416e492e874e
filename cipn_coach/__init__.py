"""CIPN Coach core: domain, rules, session engine, storage, file formats and CLI.

This package never imports Qt; the desktop UI in ``ui/`` is one client of it.
"""

__version__ = "0.1.0"
