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

if TYPE_CHECKING:
    from cipn_coach.library import Library
    from cipn_coach.selftest_schema import SelfTest

EXIT_OK = 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a number, such as 11 or 12.5, not '{text}'")
    return value


def add_selftest_commands(commands: Any) -> None:
    p = commands.add_parser("selftests", help="the self-tests, with their reference bands "
                            "and sources")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("selftest", help="record a self-test result")
    actions = p.add_subparsers(dest="selftest_action", metavar="add", required=True)
    add = actions.add_parser("add", help="record a result done on paper or at the clinic")
    add.add_argument("test", metavar="TEST", help="the test's id (see 'cipn-coach selftests')")
    add.add_argument("value", metavar="VALUE", type=_value,
                     help="the result: a count (stands, taps) or seconds")
    add.add_argument("--side", choices=("left", "right"),
                     help="for one-leg or one-hand tests")
    add.add_argument("--date", type=_iso_date, help="the day of the test (default: today)")
    add.add_argument("--stopped", action="store_true",
                     help="the test was stopped for safety (a valid result)")
    add.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                     help="use this data folder")


def _test_json(test: SelfTest) -> dict[str, Any]:
    reference = None
    if test.reference is not None:
        reference = {"source": test.reference.source, "meaning": test.reference.meaning,
                     "bands": [row.model_dump(mode="json") for row in test.reference.rows]}
    return {"id": test.id, "title": test.title, "area": test.area.value,
            "procedure": test.procedure.value, "unit": test.unit, "better": test.better.value,
            "range": [test.value_min, test.value_max], "sides": test.sides.value,
            "optional": test.optional, "needs_helper": test.needs_helper,
            "protocol_source": test.source, "reference": reference,
            "trend_only": test.trend_only}


def _band_row_text(test: SelfTest, row: Any) -> str:
    from cipn_coach.formatting import number

    who = {"female": "women", "male": "men"}.get(row.sex, "all")
    if row.low is not None and row.high is not None:
        band = f"{number(row.low)}–{number(row.high)}"
    elif row.high is not None:
        band = f"≤ {number(row.high)}"
    else:
        band = f"≥ {number(row.low)}"
    return f"    {who:<6} {row.age_from:>3}–{row.age_to:<3} {band} {test.unit}"


def cmd_selftests(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.selftests import load_selftests

    tests = load_selftests()
    if args.json:
        json.dump([_test_json(t) for t in tests.values()], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for test in tests.values():
        extra = " (optional, off by default)" if test.optional else ""
        print(f"{test.id:<26} {test.title}{extra}", file=out)
        if test.reference is None:
            print(f"    trend only: {test.trend_only}", file=out)
            continue
        print(f"    band: {test.reference.meaning}", file=out)
        for row in test.reference.rows:
            print(_band_row_text(test, row), file=out)
        print(f"    source: {test.reference.source}", file=out)
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.cli_checkin import local_now
    from cipn_coach.patient import read_profile
    from cipn_coach.selftest_words import band_text, value_text
    from cipn_coach.selftests import band_for, check_result, find_test, load_selftests
    from cipn_coach.services import open_services

    test = find_test(load_selftests(), args.test)
    today = local_now(args).date()
    day = args.date or today
    check_result(test, args.value, args.side, day, today)  # before the folder is touched
    services = open_services(args.data_dir, args.database_url, library=library)
    try:
        services.self_tests.add(test.id, day, args.value, datetime.now(UTC), side=args.side,
                                stopped_for_safety=args.stopped, source="paper")
        profile = read_profile(services.settings)
    finally:
        services.close()
    side = f" ({args.side})" if args.side else ""
    stopped = ", stopped for safety" if args.stopped else ""
    print(f"Saved {test.title}{side}: {value_text(test, args.value)} on {day.isoformat()}"
          f"{stopped}.", file=out)
    lookup = band_for(test, profile.birth_year, profile.sex, day)
    reason = (lookup.reason or "").rstrip(".")
    print(band_text(test, lookup.band) if lookup.band else f"No reference band: {reason}.",
          file=out)
    return EXIT_OK


SELFTEST_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "selftests": cmd_selftests, "selftest": cmd_selftest}

