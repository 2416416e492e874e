"""The self-test commands: ``selftests [--json]`` and ``selftest add TEST VALUE ...``.

``selftests`` lists every test with its reference bands and their published source (or
why it shows a trend only); it reads only the shipped files, never the data folder.
``selftest add`` records a result done on paper or with a physiotherapist. Same contract
as the other commands: the test, value, side and date are checked before the database is
opened; a problem is one line and exit 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.i18n import _

if TYPE_CHECKING:
    from cipn_coach.routines.library import Library
    from cipn_coach.selftests.format import SelfTest

EXIT_OK = 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date (use YYYY-MM-DD)").format(text=text)
        ) from None


def _value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(
            _("must be a number, such as 11 or 12.5, not '{text}'").format(text=text)
        )
    return value


def add_selftest_commands(commands: Any) -> None:
    p = commands.add_parser(
        "selftests", help=_("the self-tests, with their reference bands and sources")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))

    p = commands.add_parser("selftest", help=_("record a self-test result"))
    actions = p.add_subparsers(dest="selftest_action", metavar="add", required=True)
    add = actions.add_parser("add", help=_("record a result done on paper or at the clinic"))
    add.add_argument("test", metavar="TEST", help=_("the test's id (see 'cipn-coach selftests')"))
    add.add_argument(
        "value",
        metavar="VALUE",
        type=_value,
        help=_("the result: a count (stands, taps) or seconds"),
    )
    add.add_argument("--side", choices=("left", "right"), help=_("for one-leg or one-hand tests"))
    add.add_argument("--date", type=_iso_date, help=_("the day of the test (default: today)"))
    add.add_argument(
        "--stopped", action="store_true", help=_("the test was stopped for safety (a valid result)")
    )
    add.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=_("use this data folder")
    )


def _test_json(test: SelfTest) -> dict[str, Any]:
    reference = None
    if test.reference is not None:
        reference = {
            "source": test.reference.source,
            "meaning": test.reference.meaning,
            "bands": [row.model_dump(mode="json") for row in test.reference.rows],
        }
    return {
        "id": test.id,
        "title": test.title,
        "area": test.area.value,
        "procedure": test.procedure.value,
        "unit": test.unit,
        "better": test.better.value,
        "range": [test.value_min, test.value_max],
        "sides": test.sides.value,
        "optional": test.optional,
        "needs_helper": test.needs_helper,
        "protocol_source": test.source,
        "reference": reference,
        "trend_only": test.trend_only,
    }


def _band_row_text(test: SelfTest, row: Any) -> str:
    from cipn_coach.formatting import number

    who = {"female": _("women"), "male": _("men")}.get(row.sex, _("all"))
    if row.low is not None and row.high is not None:
        band = f"{number(row.low)}–{number(row.high)}"
    elif row.high is not None:
        band = f"≤ {number(row.high)}"
    else:
        band = f"≥ {number(row.low)}"
    return f"    {who:<6} {row.age_from:>3}–{row.age_to:<3} {band} {test.unit}"


def cmd_selftests(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.i18n import language
    from cipn_coach.selftests.library import load_selftests, selftests_in

    if args.json:  # the files' own words, for programs
        tests = load_selftests()
        json.dump([_test_json(t) for t in tests.values()], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    tests = selftests_in(language())
    for test in tests.values():
        extra = _(" (optional, off by default)") if test.optional else ""
        print(f"{test.id:<26} {test.title}{extra}", file=out)
        if test.reference is None:
            print("    " + _("trend only: {why}").format(why=test.trend_only), file=out)
            continue
        print("    " + _("band: {meaning}").format(meaning=test.reference.meaning), file=out)
        for row in test.reference.rows:
            print(_band_row_text(test, row), file=out)
        print("    " + _("source: {source}").format(source=test.reference.source), file=out)
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.cli.checkin import local_now
    from cipn_coach.i18n import language
    from cipn_coach.selftests.library import band_for, check_result, find_test, selftests_in
    from cipn_coach.selftests.words import band_text, side_word, value_text
    from cipn_coach.services import open_services
    from cipn_coach.settings.patient import read_profile

    test = find_test(selftests_in(language()), args.test)
    today = local_now(args).date()
    day = args.date or today
    check_result(test, args.value, args.side, day, today)  # before the folder is touched
    services = open_services(args.data_dir, args.database_url, library=library)
    try:
        services.self_tests.add(
            test.id,
            day,
            args.value,
            datetime.now(UTC),
            side=args.side,
            stopped_for_safety=args.stopped,
            source="paper",
        )
        profile = read_profile(services.settings)
    finally:
        services.close()
    name = test.title
    if args.side:
        side = side_word(args.side)
        name = _("{title} ({side})").format(title=test.title, side=side)
    if args.stopped:
        saved = _("Saved {name}: {value} on {day}, stopped for safety.")
    else:
        saved = _("Saved {name}: {value} on {day}.")
    print(
        saved.format(name=name, value=value_text(test, args.value), day=day.isoformat()), file=out
    )
    lookup = band_for(test, profile.birth_year, profile.sex, day)
    reason = (lookup.reason or "").rstrip(".。")
    print(
        band_text(test, lookup.band)
        if lookup.band
        else _("No reference band: {reason}.").format(reason=reason),
        file=out,
    )
    return EXIT_OK


SELFTEST_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "selftests": cmd_selftests,
    "selftest": cmd_selftest,
}
