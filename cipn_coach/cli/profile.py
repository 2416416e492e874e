"""``cipn-coach profile [--name TEXT] [--birth-year YYYY] [--sex female|male]``.

Without an option it prints the profile; with options it checks every one before the
database is opened (bad input: exit 2, one line, nothing written) and saves them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.i18n import _

if TYPE_CHECKING:
    from cipn_coach.routines.library import Library

EXIT_OK = 0


def add_profile_command(commands: Any) -> None:
    p = commands.add_parser(
        "profile",
        help=_(
            "the patient's name, year of birth and sex "
            "(shown on the report); prints them without an option"
        ),
    )
    p.add_argument("--name", help=_("the patient's name as the care team knows it"))
    p.add_argument("--birth-year", help=_("year of birth, e.g. 1956 (optional)"))
    p.add_argument("--sex", help=_("female or male (optional)"))


def cmd_profile(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.cli.commands import announce_repair
    from cipn_coach.services import open_services
    from cipn_coach.settings.patient import (  # not at import: the app's start parses here
        check_birth_year,
        check_name,
        check_sex,
        read_profile,
        save_profile,
    )

    name = None if args.name is None else check_name(args.name)
    year = None if args.birth_year is None else check_birth_year(args.birth_year, date.today())
    sex = None if args.sex is None else check_sex(args.sex)
    services = open_services(args.data_dir, args.database_url, library=library, repair=args.repair)
    announce_repair(services.db.recovery)
    try:
        if (name, year, sex) == (None, None, None):
            profile = read_profile(services.settings)
        else:
            profile = save_profile(services.settings, name, year, sex)
    finally:
        services.close()
    for line in profile.lines():
        print(line, file=out)
    return EXIT_OK


PROFILE_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "profile": cmd_profile
}
