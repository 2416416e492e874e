"""Opening the app: its own options and the language it opens in, read without any
command's module.

Every start of the window goes through here before anything is drawn, so this module
imports only ``argparse`` and what the language needs: building the whole command line
(every command's parser, its help texts translated, the modules behind them) took
25-30 ms, and importing those modules ~15 ms more, for nothing the window uses. A command,
``--help`` or a mistake is left to ``cipn_coach.cli.commands``, which builds the whole
parser and reuses the functions here.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from cipn_coach import __version__
from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

EXIT_BAD_INPUT = 2


class UsageError(CoachError):
    """A command line that cannot be read; said in one line, exit status 2."""


class _QuietParser(argparse.ArgumentParser):
    """A parser whose mistakes are raised, not printed: here a mistake only means the
    whole parser must read the line and say it in its usual words."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def language_option(text: str) -> str:
    """``--lang``: 'en' or 'zh-HK' (any case, '-' or '_'), as the app's language code."""
    from cipn_coach.i18n import normalize

    try:
        return normalize(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """The options of the app itself, given before any command (and alone to open it)."""
    parser.add_argument(
        "--version",
        action="version",
        version=f"cipn-coach {__version__}",
        help=_("show the version number and exit"),
    )
    parser.add_argument("--data-dir", type=Path, help=_("use this data folder"))
    parser.add_argument("--database-url", help=_("use this database (SQLAlchemy URL)"))
    parser.add_argument(
        "--lang",
        type=language_option,
        metavar="en|zh-HK",
        help=_("the language of every text (default: Settings, else the system locale)"),
    )
    parser.add_argument(
        "--family", action="store_true", help=_("open the app in the read-only family view")
    )
    parser.add_argument(
        "--repair",
        "--yes",
        dest="repair",
        action="store_true",
        help=_(
            "if the database is damaged, keep it aside and bring back the "
            "newest good backup (without it, a command changes nothing)"
        ),
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help=_(
            "add CIPN Coach to your desktop's menu (launcher and icon "
            "in your own folders, $XDG_DATA_HOME)"
        ),
    )
    desktop.add_argument(
        "--uninstall-desktop", action="store_true", help=_("remove what --install-desktop added")
    )


def opening_the_app(argv: Sequence[str]) -> argparse.Namespace | None:
    """The app's own options and nothing else (no command, no help): read by a parser
    of those options alone.

    ``None`` for anything else (a command, ``--help``, a mistake): the whole parser reads
    it, so the help lists every command and a mistake is said in its usual words."""
    parser = _QuietParser(prog="cipn-coach", add_help=False)
    add_app_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except UsageError:
        return None
    if rest:
        return None
    args.command = None  # what the whole parser says when no command is given
    return args


def language_before_parsing(argv: Sequence[str]) -> str:
    """Set the language from ``--lang``, ``--data-dir`` and ``--database-url`` wherever
    they stand, before the full parser (with its help texts) is built. A ``--lang`` that
    names no language is left to the full parser to report; meanwhile Settings or the
    system locale decide."""
    early = _QuietParser(add_help=False, allow_abbrev=False)
    early.add_argument("--lang")
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--database-url")
    try:
        found, _others = early.parse_known_args(argv)
    except UsageError:  # e.g. "--data-dir" without a folder: the full parser says so
        found = argparse.Namespace(lang=None, data_dir=None, database_url=None)
    if found.lang is not None:
        try:
            found.lang = language_option(found.lang)
        except argparse.ArgumentTypeError:
            found.lang = None
    return apply_language(found)


def stored_language(args: argparse.Namespace) -> str | None:
    """The language saved in Settings (``preferences.LANGUAGE``), read without writing
    anything and without SQLAlchemy (``storage.setting_peek``), or ``None`` when it was
    never chosen or cannot be read here."""
    if args.database_url is not None:
        return None
    from datetime import date

    from cipn_coach.paths import default_data_dir
    from cipn_coach.settings import preferences as prefs
    from cipn_coach.storage.backup import DATABASE_FILE  # not storage.db: no SQLAlchemy at start
    from cipn_coach.storage.setting_peek import NOT_SET, peek_setting

    value = peek_setting((args.data_dir or default_data_dir()) / DATABASE_FILE, prefs.LANGUAGE.key)
    if value is NOT_SET:
        return None
    try:
        return prefs.LANGUAGE.parse(value, date.today())
    except prefs.PreferenceError:  # a value that does not fit: the system locale decides
        return None


def apply_language(args: argparse.Namespace) -> str:
    """Set the language of this run: ``--lang``, else Settings, else the system locale.

    Kept as ``args.language`` too, for what reads it beside the catalogue: the spoken
    cues of ``preview`` come from the library's tables in that language."""
    from cipn_coach import i18n

    requested = getattr(args, "lang", None)
    stored = None if requested is not None else stored_language(args)
    chosen = i18n.choose_language(requested, stored)
    i18n.set_language(chosen)
    args.language = chosen
    return chosen


def read_the_opening(argv: Sequence[str]) -> argparse.Namespace | None:
    """The app's options with its language set (``args.language``), or ``None`` when the
    line holds a command, ``--help`` or a mistake (``commands.parse_args`` reads it)."""
    args = opening_the_app(argv)
    if args is not None:
        apply_language(args)
    return args


def wants_desktop_entry(args: argparse.Namespace) -> bool:
    return bool(
        getattr(args, "install_desktop", False) or getattr(args, "uninstall_desktop", False)
    )
