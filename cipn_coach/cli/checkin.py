"""The check-in commands of the CLI: ``checkin``, ``summary`` and ``demo``.

Kept apart from ``cli.py`` (which registers them) so each module stays small. Same
contract: bad input → ``CoachError`` → exit 2 with one line, and it is raised before the
database is opened, so nothing is written. These commands open the data folder's
database themselves and always close it; they never run crash recovery
(``recover=True``), because a session may be live in the app beside them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.checkin.fields import DAILY_LIFE_QUESTIONS, FUNCTION_FIELDS, PAIN_KIND_ORDER
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _

if TYPE_CHECKING:  # imported inside the commands: the parser must stay cheap to build
    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.routines.library import Library
    from cipn_coach.services import Services
from cipn_coach.checkin.thresholds import (
    COUNT_MAX,
    DEFAULT_SUMMARY_DAYS,
    MAX_SUMMARY_DAYS,
    SCALE_MAX,
    SCALE_MIN,
)

EXIT_OK = 0


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        shown = text if len(text) <= 12 else f"{text[:12]}…"
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date (use YYYY-MM-DD)").format(text=shown)
        ) from None


def _yes_no(text: str) -> bool:
    answer = text.strip().lower()
    if answer not in ("yes", "no"):
        raise argparse.ArgumentTypeError(_("answer yes or no, not '{text}'").format(text=text))
    return answer == "yes"


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            shown = text if len(text) <= 12 else f"{text[:12]}…"  # 5,000 digits: one short line
            raise argparse.ArgumentTypeError(
                _("must be a whole number {low}–{high}, not '{text}'").format(
                    low=low, high=high, text=shown
                )
            )
        return value

    return parse


def data_dir_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--data-dir`` after the command too; SUPPRESS keeps a global one intact."""
    parser.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=_("use this data folder")
    )


def add_report_command(commands: Any) -> None:
    """``report --pdf FILE``: parsed here, drawn by the UI package (PDF needs Qt)."""
    p = commands.add_parser("report", help=_("a one-to-two page PDF report for the care team"))
    p.add_argument("--pdf", type=Path, required=True, help=_("the PDF file to write"))
    p.add_argument(
        "--from", dest="first", type=iso_date, help=_("first day (default: 27 days before --to)")
    )
    p.add_argument("--to", dest="last", type=iso_date, help=_("last day (default: today)"))
    p.add_argument(
        "--before-cycle",
        action="store_true",
        help=_('the one-page "Before your next cycle" summary instead (as of --to)'),
    )


def add_checkin_commands(commands: Any) -> None:
    scale, count = _bounded(SCALE_MIN, SCALE_MAX), _bounded(0, COUNT_MAX)
    p = commands.add_parser("checkin", help=_("save (or update) one day's check-in"))
    p.add_argument("--date", type=iso_date, required=True, help=_("the day, YYYY-MM-DD"))
    for name, words in (
        ("hands", N_("numbness/tingling in the hands, 0–10 (needed unless --delete)")),
        ("feet", N_("numbness/tingling in the feet, 0–10 (needed unless --delete)")),
        ("pain", N_("pain, 0–10 (needed unless --delete)")),
    ):
        p.add_argument(f"--{name}", type=scale, help=_(words))
    p.add_argument("--night", type=scale, help=_("night-time discomfort, 0–10"))
    p.add_argument("--falls", type=count, default=0, help=_("falls that day (default 0)"))
    p.add_argument("--near-falls", type=count, default=0, help=_("near-falls that day (default 0)"))
    for flag, help_text in (
        ("--dropped", N_("dropped things")),
        ("--fine-motor", N_("fine tasks hard")),
        ("--held-wall", N_("held a wall or furniture while walking")),
        ("--stumbled", N_("stumbled")),
        ("--new-weakness", N_("new weakness / tripping")),
        ("--unfelt-wound", N_("a burn or wound I did not feel")),
        ("--woke", N_("night symptoms woke me up")),
        ("--cold", N_("cold sensitive")),
    ):
        p.add_argument(flag, action="store_true", help=_(help_text))
    p.add_argument(
        "--pain-kind",
        action="extend",
        nargs="+",
        default=[],
        choices=[k.value for k in PAIN_KIND_ORDER],
        metavar="KIND",
        help=_("the kind of pain: burning, stabbing, pins_and_needles, electric, tight"),
    )
    p.add_argument(
        "--daily-tasks",
        type=_yes_no,
        metavar="yes|no",
        help=_("weekly: {question}").format(question=_(DAILY_LIFE_QUESTIONS["daily_tasks_harder"])),
    )
    p.add_argument(
        "--self-care",
        type=_yes_no,
        metavar="yes|no",
        help=_("weekly: {question}").format(question=_(DAILY_LIFE_QUESTIONS["self_care_harder"])),
    )
    p.add_argument("--note", help=_("a free note (up to 1000 characters)"))
    p.add_argument(
        "--delete",
        action="store_true",
        help=_("delete this day's check-in (a safety backup of it is kept first)"),
    )
    data_dir_option(p)

    p = commands.add_parser("summary", help=_("symptoms, flags and adherence over a period"))
    p.add_argument(
        "--from", dest="first", type=iso_date, help=_("first day (default: 27 days before --to)")
    )
    p.add_argument("--to", dest="last", type=iso_date, help=_("last day (default: today)"))
    p.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    data_dir_option(p)

    p = commands.add_parser("demo", help=_("fill an EMPTY data folder with demo data"))
    p.add_argument("--days", type=_bounded(1, 365), default=DEFAULT_SUMMARY_DAYS)
    data_dir_option(p)


def _utf8_note(note: str | None) -> str | None:
    """A note typed in a terminal set to another encoding arrives with undecodable bytes
    (surrogate escapes): say so, rather than a misleading length error."""
    if note is None:
        return None
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise CoachError(
            _("--note is not UTF-8 text; please type it again in a UTF-8 terminal")
        ) from None
    return note


def _values(args: argparse.Namespace) -> CheckInValues:
    data: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("hands", "feet", "pain", "night", "falls", "near_falls")
    }
    data.update({f: getattr(args, f) for f in FUNCTION_FIELDS})
    data.update(
        new_weakness=args.new_weakness,
        unfelt_wound=args.unfelt_wound,
        woke_me=args.woke,
        cold_sensitive=args.cold,
        pain_kinds=args.pain_kind,
        note=_utf8_note(args.note),
        daily_tasks_harder=args.daily_tasks,
        self_care_harder=args.self_care,
    )
    from cipn_coach.checkin.schema import CheckInValues

    return CheckInValues.parse(data)


def _open(args: argparse.Namespace, library: Library) -> Services:
    from cipn_coach.cli.commands import announce_repair
    from cipn_coach.services import open_services

    services = open_services(args.data_dir, args.database_url, library=library, repair=args.repair)
    announce_repair(services.db.recovery)
    return services


def local_now(args: argparse.Namespace) -> datetime:
    """Local wall-clock time: the real one, or the clock a test gave ``cli.main``."""
    clock = getattr(args, "now", None)
    return clock() if clock is not None else datetime.now()


def cmd_checkin(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.checkin.schema import check_day

    today = local_now(args).date()
    if args.delete:
        return _delete_checkin(args, library, out, today)
    missing = [f"--{name}" for name in ("hands", "feet", "pain") if getattr(args, name) is None]
    if missing:
        raise CoachError(
            _("the check-in needs {options} (0–10)").format(options=", ".join(missing))
        )
    values = _values(args)  # validated before the database is touched
    check_day(args.date, today)
    services = _open(args, library)
    try:
        row = services.checkins.save(args.date, values, datetime.now(UTC), today=today).row
    finally:
        services.close()
    if row.version == 1:
        saved = _("Saved check-in for {day}.").format(day=row.day.isoformat())
    else:
        saved = _("Saved check-in for {day} (version {version}; earlier versions kept).").format(
            day=row.day.isoformat(), version=row.version
        )
    print(saved, file=out)
    return EXIT_OK


def _delete_checkin(args: argparse.Namespace, library: Library, out: TextIO, today: date) -> int:
    """``checkin --date D --delete``: only the day may be given, so a typo in an answer
    can never be mistaken for a deletion."""
    from cipn_coach.checkin.schema import check_day

    answers = [
        name
        for name in ("hands", "feet", "pain", "night", "note")
        if getattr(args, name) is not None
    ]
    if answers:
        raise CoachError(_("--delete takes only --date, not --{option}").format(option=answers[0]))
    check_day(args.date, today)
    services = _open(args, library)
    try:
        deleted = services.checkins.delete(args.date).row
    finally:
        services.close()
    if deleted is None:
        raise CoachError(_("there is no check-in for {day}").format(day=args.date.isoformat()))
    print(
        _(
            "Deleted the check-in for {day} (a backup made just before keeps it and its "
            "earlier versions)."
        ).format(day=args.date.isoformat()),
        file=out,
    )
    return EXIT_OK


def summary_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """Default: the 28 days ending today (or ending ``--to``)."""
    last = last or (today if first is None else max(first, today))
    first = first or last - timedelta(days=DEFAULT_SUMMARY_DAYS - 1)
    if first > last:
        raise CoachError(
            _("--from {first} is after --to {last}").format(
                first=first.isoformat(), last=last.isoformat()
            )
        )
    if (last - first).days >= MAX_SUMMARY_DAYS:
        raise CoachError(_("a summary covers at most {n} days").format(n=MAX_SUMMARY_DAYS))
    if first - date.min < timedelta(days=400):
        raise CoachError(_("--from {first} is too early").format(first=first.isoformat()))
    return first, last


def write_summary_text(data: dict[str, Any], out: TextIO) -> None:
    from cipn_coach.formatting import count  # Babel: not while the app's start parses here

    """The summary as ``cipn-coach summary`` prints it (the clinic's per-patient summary
    prints the same)."""
    from cipn_coach.checkin.flag_words import (
        CLINICIAN_HEADINGS,
        HISTORY_HEADING,
        SHORT_MEASURES,
        clinician_line,
        display_flags,
    )

    period = data["period"]
    days = period.get("programme_days", period["days"])  # from the programme's start
    rated = period.get("programme_days_recorded", period["days_recorded"])
    print(
        _("{first} to {last}: {rated} of {days} checked in").format(
            first=period["from"],
            last=period["to"],
            rated=rated,
            days=count(days, "{n} day", "{n} days"),
        ),
        file=out,
    )
    for week in data["weeks"]:
        averages = "  ".join(
            f"{_(SHORT_MEASURES[m]) if m in SHORT_MEASURES else m} {'–' if v is None else v}"
            for m, v in week["averages"].items()
        )
        print(
            "  "
            + _("week of {monday}: {averages}").format(monday=week["monday"], averages=averages),
            file=out,
        )
    a = data["adherence"]
    print(
        "  "
        + _("sessions: {done} of {planned} done ({partial} partial), streak {streak}").format(
            done=a["done"],
            planned=a["planned"],
            partial=a["partial"],
            streak=count(a["streak_days"], "{n} day", "{n} days"),
        ),
        file=out,
    )
    _text_treatment(data.get("treatment"), out)
    last = date.fromisoformat(period["to"])
    for flag in display_flags(data["flags"]):  # in words, as the report says it
        heading = _(CLINICIAN_HEADINGS[flag["level"]] if flag["current"] else HISTORY_HEADING)
        print(
            "  ! "
            + _("{heading}: {line}").format(heading=heading, line=clinician_line(flag, last)),
            file=out,
        )


def _text_treatment(section: dict[str, Any] | None, out: TextIO) -> None:
    """Each cycle period's averages, and the change from the cycle before."""
    from cipn_coach.checkin.flag_words import SHORT_MEASURES

    if section is None:
        return
    for cycle in section["cycles"]:
        if "averages" not in cycle:
            print(
                "  "
                + _("cycle {number} on {day}: planned").format(
                    number=cycle["number"], day=cycle["day"]
                ),
                file=out,
            )
            continue
        averages = "  ".join(
            f"{_(SHORT_MEASURES[m]) if m in SHORT_MEASURES else m} {'–' if v is None else v}"
            for m, v in cycle["averages"].items()
        )
        print(
            "  "
            + _("cycle {number} from {day}: {averages}").format(
                number=cycle["number"], day=cycle["day"], averages=averages
            ),
            file=out,
        )


def cmd_summary(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.reports.summary import load_summary

    now = local_now(args)
    first, last = summary_period(args.first, args.last, now.date())
    services = _open(args, library)
    try:
        data = load_summary(services, first, last, now)
    finally:
        services.close()
    if args.json:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_summary_text(data, out)
    return EXIT_OK


def _open_folder(args: argparse.Namespace, folder: Path, library: Library) -> Services:
    from cipn_coach.services import open_services

    return open_services(folder, None, library=library, repair=args.repair)


def cmd_demo(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.formatting import count

    if args.data_dir is None or args.database_url is not None:
        raise CoachError(
            _(
                "demo writes only into a folder you name: add --data-dir DIR "
                "(an empty folder, not your real data)"
            )
        )
    from cipn_coach.cli.demo import build_demo

    result = build_demo(
        args.data_dir,
        lambda folder: _open_folder(args, folder, library),
        args.days,
        local_now(args),
    )
    print(
        _("Demo data for {first} to {last}: {checkins}, {sessions} in {folder}").format(
            first=result.first.isoformat(),
            last=result.last.isoformat(),
            checkins=count(result.checkins, "{n} check-in", "{n} check-ins"),
            sessions=count(result.sessions, "{n} session", "{n} sessions"),
            folder=args.data_dir,
        ),
        file=out,
    )
    return EXIT_OK


CHECKIN_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "checkin": cmd_checkin,
    "summary": cmd_summary,
    "demo": cmd_demo,
}
