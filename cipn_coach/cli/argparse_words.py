"""argparse's own words ("usage:", "options", "the following arguments are required")
in the app's language, from the app's catalogue.

Why this is needed: argparse translates its words with ``gettext.gettext``, which it
imported into its module as ``_``; that reads gettext's global domain and the system
locale, never the app's catalogue or ``--lang``. So while the command line is built and
parsed, ``in_app_language`` points argparse's ``_`` at the app's ``_`` and puts it back
afterwards (no other user of argparse in the process sees a change).

The msgids below are argparse's own, exactly as Python 3.11 writes them; they are marked
here (``N_``) so that extraction keeps them in the ``.po`` files. Only the words a person
can meet are listed (help, usage and the errors of a mistyped command); argparse's
messages about a badly built parser are for developers. A test reads argparse's source
and fails when a newer Python renames one of these.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from cipn_coach.i18n import N_, _

ARGPARSE_WORDS: tuple[str, ...] = (
    # TRANSLATORS: argparse's heading of a command's help (keep the space at the end)
    N_("usage: "),
    # TRANSLATORS: argparse's heading above the words typed without a leading "--"
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    # TRANSLATORS: argparse: an option's name, then what is wrong with its value
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    # TRANSLATORS: argparse: %(type)s is a Python type name (int, float): it may be left out
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("%(prog)s: error: %(message)s\n"),
)


@contextmanager
def in_app_language() -> Iterator[None]:
    """argparse speaks the app's current language inside this block."""
    own = argparse._  # type: ignore[attr-defined]
    argparse._ = _  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = own  # type: ignore[attr-defined]


# The placeholders of the help ("--data-dir DATA_DIR", "import-routine file"): argparse
# makes them from the option's name in capitals, or the command file gives one. Each is
# shown as the word for what to type, in the app's language.
PLACEHOLDERS: tuple[str, ...] = (
    N_("AUTHOR"),
    N_("BACKUP"),
    N_("BIRTH_YEAR"),
    N_("COMMAND"),
    N_("CLINIC"),
    N_("CLINIC_DIR"),
    N_("D"),
    N_("DATABASE_URL"),
    N_("DATA_DIR"),
    N_("DATE"),
    N_("DAYS"),
    N_("DIR"),
    N_("FALLS"),
    N_("FEET"),
    N_("FILE"),
    N_("FIRST"),
    N_("HANDS"),
    N_("ID"),
    N_("KIND"),
    N_("LAST"),
    N_("NAME"),
    N_("NEAR_FALLS"),
    N_("NIGHT"),
    N_("NOTE"),
    N_("PAIN"),
    N_("PDF"),
    N_("ROUTINE"),
    N_("SEX"),
    N_("TEST"),
    N_("VALUE"),
    N_("WEEK"),
    N_("day"),
    N_("file"),
    N_("routine"),
)
LANGUAGE_PLACEHOLDER = "en|zh-HK"  # the codes themselves: what is typed


def _shown_placeholder(action: argparse.Action) -> str | None:
    """What argparse would print for ``action``'s value, or ``None`` (no value, or a
    list of choices, which are codes)."""
    if action.nargs == 0:
        return None
    if isinstance(action.metavar, str):
        return action.metavar
    if action.metavar is not None or action.choices is not None:
        return None
    return action.dest.upper() if action.option_strings else action.dest


def translate_placeholders(parser: argparse.ArgumentParser) -> None:
    """Give every placeholder of ``parser`` and its commands the current language's word
    (an unknown one stays as it is; a test lists them)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                translate_placeholders(command)
            if action.metavar in PLACEHOLDERS:  # "cipn-coach [options] COMMAND ..."
                action.metavar = _(action.metavar)
            continue
        shown = _shown_placeholder(action)
        if shown == "LANG":
            action.metavar = LANGUAGE_PLACEHOLDER
        elif shown in PLACEHOLDERS:
            action.metavar = _(shown)
