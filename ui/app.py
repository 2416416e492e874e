"""Entry point: ``cipn-coach`` / ``python main.py``.

Every command except opening the app runs in the core without importing Qt, so
``cipn-coach exercises`` stays fast and works on a machine without a display.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

from cipn_coach.cli import opening
from cipn_coach.i18n import N_, _

NO_DISPLAY_MESSAGE = N_(
    "cipn-coach: no display found (DISPLAY/WAYLAND_DISPLAY are not set); "
    "open the app from a desktop session, or use a command such as 'cipn-coach exercises'"
)


def display_available() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None, now: Callable[[], datetime] | None = None) -> int:
    """``now`` is the clock of the commands that read "today" (tests pass a fixed one).

    Opening the app (only the app's own options) is read by ``cli.opening`` alone: the
    commands' modules and their parser load only when the line holds a command,
    ``--help`` or a mistake."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = opening.read_the_opening(argv)
    if args is None or opening.wants_desktop_entry(args):
        return run_command(argv, now)
    return open_the_app(args)


def open_the_app(args: argparse.Namespace) -> int:
    """The window, on a display; without one, a one-line message and exit status 2."""
    if not display_available():
        print(_(NO_DISPLAY_MESSAGE), file=sys.stderr)
        return opening.EXIT_BAD_INPUT
    return load_gui()(args)


def run_command(argv: list[str], now: Callable[[], datetime] | None) -> int:
    """A command (or ``--help``, a mistake, the desktop entry): the whole command line."""
    from cipn_coach.cli import commands as cli

    try:
        args = cli.parse_args(argv)
    except cli.UsageError as exc:
        print(f"cipn-coach: {exc}", file=sys.stderr)
        return cli.EXIT_BAD_INPUT
    if now is not None:
        args.now = now
    if cli.wants_desktop_entry(args):  # files only: no Qt
        return cli.run_desktop_entry(args)
    if args.command == "report":  # the one command that draws with Qt
        from ui.reports.cli import run_report

        cli.apply_language(args)  # cli.run sets it for the other commands
        return run_report(args)
    if args.command is not None:
        return cli.run(args)
    cli.apply_language(args)  # the whole parser read the app's options: open it
    return open_the_app(args)


def load_gui() -> Callable[[argparse.Namespace], int]:
    """The desktop app's entry; Qt is imported only here, PySide6 first and without its
    import hook (see ``ui.pyside_import``)."""
    from ui.pyside_import import import_pyside_without_hook

    import_pyside_without_hook()
    from ui.gui import run_gui

    return run_gui
