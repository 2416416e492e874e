"""The command line: the contract in DESIGN.md that tests and users rely on.

Bad input exits with status 2 and exactly one line on stderr naming the problem; nothing
is written. Opening the app (no command) is the UI's job: ``ui.app.main`` parses with
this module and runs every other command here, without importing Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from cipn_coach.cli.argparse_words import in_app_language, translate_placeholders
from cipn_coach.cli.checkin import CHECKIN_COMMANDS, add_checkin_commands, add_report_command
from cipn_coach.cli.clinic import CLINIC_COMMANDS, add_clinic_command
from cipn_coach.cli.export import EXPORT_COMMANDS, add_export_commands
from cipn_coach.cli.help_layout import WideCharacterHelp
from cipn_coach.cli.opening import (
    EXIT_BAD_INPUT,
    UsageError,
    add_app_options,
    apply_language,
    language_before_parsing,
    language_option,
    opening_the_app,
    wants_desktop_entry,
)
from cipn_coach.cli.profile import PROFILE_COMMANDS, add_profile_command
from cipn_coach.cli.routines import ROUTINE_COMMANDS, add_routine_commands
from cipn_coach.cli.selftests import SELFTEST_COMMANDS, add_selftest_commands
from cipn_coach.cli.treatment import TREATMENT_COMMANDS, add_treatment_commands
from cipn_coach.engine.cue_kinds import cue_kind_words, cue_text
from cipn_coach.errors import CoachError, DamagedDatabase
from cipn_coach.i18n import N_, _
from cipn_coach.plain_text import without_controls

if TYPE_CHECKING:  # the library (pydantic) loads inside run(): parsing stays cheap
    from cipn_coach.routines.library import Library

EXIT_OK = 0
EXIT_DAMAGED = 3


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) and exit status 2, and
    the help is laid out by terminal columns (Chinese characters are two wide)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", WideCharacterHelp)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the app's options and every command."""
    parser = OneLineParser(
        prog="cipn-coach",
        description=_(
            "Guided exercises and symptom tracking for chemotherapy-induced peripheral neuropathy."
        ),
    )
    add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    listing = commands.add_parser("exercises", help=_("the exercise library"))
    listing.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    listing = commands.add_parser(
        "routines", help=_("the routines available (with those made or imported in the app)")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    preview = commands.add_parser("preview", help=_("a routine's full cue script"))
    preview.add_argument("routine")
    preview.add_argument("--week", type=int, default=1, help=_("program week (default 1)"))
    preview.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    add_checkin_commands(commands)
    add_export_commands(commands)
    add_routine_commands(commands)
    doctor = commands.add_parser(
        "doctor",
        help=_(
            "check speech, audio, display, database, "
            "backups and permissions (exit 1 if something needs attention)"
        ),
    )
    add_report_command(commands)
    add_profile_command(commands)
    add_treatment_commands(commands)
    add_selftest_commands(commands)
    add_clinic_command(commands)
    doctor.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    _global_options_after_the_command(commands.choices.values())
    translate_placeholders(parser)
    return parser


GLOBAL_OPTIONS = (  # marked here, translated when the parser is built (after --lang)
    ("--data-dir", Path, N_("use this data folder")),
    ("--database-url", str, N_("use this database (SQLAlchemy URL)")),
    ("--lang", language_option, N_("the language of every text: en or zh-HK")),
)
REPAIR_FLAGS = ("--repair", "--yes")


def _global_options_after_the_command(commands: Iterable[argparse.ArgumentParser]) -> None:
    """Every command takes the global options after its name too ("before or after the
    command", DESIGN.md). SUPPRESS: given only before the command, the global value stays."""
    for sub in commands:
        for option, kind, words in GLOBAL_OPTIONS:
            if option not in sub._option_string_actions:
                sub.add_argument(option, type=kind, default=argparse.SUPPRESS, help=_(words))
        _late_options_after_an_action(sub)
        flags = [flag for flag in REPAIR_FLAGS if flag not in sub._option_string_actions]
        if flags:
            sub.add_argument(
                *flags,
                dest="repair",
                action="store_true",
                default=argparse.SUPPRESS,
                help=_("allow repairing a damaged database"),
            )


LATE_OPTIONS = ("--data-dir", "--lang")  # also after a command's action (clinic import …)


def _late_options_after_an_action(command: argparse.ArgumentParser) -> None:
    """``cipn-coach clinic import FILE --lang zh-HK``: the action's parser reads the
    rest of the line, so it takes the folder and the language too."""
    for action in command._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in action.choices.values():
            for option, kind, words in GLOBAL_OPTIONS:
                if option in LATE_OPTIONS and option not in sub._option_string_actions:
                    sub.add_argument(option, type=kind, default=argparse.SUPPRESS, help=_(words))


def announce_repair(recovery: object, err: TextIO | None = None) -> None:
    """A command that repaired the database says so on stderr, in the same plain words
    the app shows (the app shows them too, at its next start, until they are read)."""
    if recovery is not None:
        told = recovery.message()  # type: ignore[attr-defined]
        print(
            "cipn-coach: " + _("the data was repaired. {message}").format(message=told),
            file=err or sys.stderr,
        )


def announce_services_repair(services: object) -> None:
    """``announce_repair`` for a command holding ``Services`` (the report, drawn by the
    UI package, which does not reach into the database itself)."""
    announce_repair(services.db.recovery)  # type: ignore[attr-defined]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, read in the language it asks for: the language is chosen
    first, so that ``--help`` and a usage error are in it too (argparse's own words
    included, see ``argparse_words``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    language_before_parsing(argv)
    with in_app_language():
        opening = opening_the_app(argv)
        if opening is not None:
            return opening
        return build_parser().parse_args(argv)


def _warn_problems(library: Library, err: TextIO) -> None:
    for problem in library.problems:
        print(_("warning: skipped {problem}").format(problem=problem), file=err)


def _minutes(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


# the body areas as the own-exercise form names them (N_: made at import)
AREA_WORDS = {
    "hands": N_("Hands"),
    "feet": N_("Feet"),
    "balance": N_("Balance"),
    "whole": N_("Whole body"),
}


def in_run_language(args: argparse.Namespace, library: Library) -> Library:
    """The library in the language of this run (``apply_language`` stored it: --lang,
    Settings, system): titles and spoken cues from its tables in that language."""
    language = str(getattr(args, "language", None) or "en").replace("-", "_")
    return library if language == library.language else library.localized(language)


def _area_words(area: str) -> str:
    return _(AREA_WORDS[area]) if area in AREA_WORDS else area


def cmd_exercises(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    if args.json:  # the library's own words, for programs
        exercises = sorted(library.exercises.values(), key=lambda e: (e.body_area, e.title))
        json.dump([e.model_dump(mode="json") for e in exercises], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    library = in_run_language(args, library)
    exercises = sorted(library.exercises.values(), key=lambda e: (e.body_area, e.title))
    for e in exercises:
        area = _area_words(e.body_area.value)
        print(without_controls(f"{e.id:<28} {area:<8} {e.title}"), file=out)
    return EXIT_OK


def routine_summary(library: Library, routine_id: str, week: int = 1) -> dict[str, object]:
    from cipn_coach.engine.timeline import build_timeline
    from cipn_coach.routines.plan import plan_routine

    routine = library.routine(routine_id)
    steps = plan_routine(routine, library, week)
    timeline = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
    return {
        "id": routine.id,
        "title": routine.title,
        "version": routine.version,
        "description": routine.description,
        "schedule": routine.schedule.model_dump(mode="json"),
        "program_days": routine.program.length_days,
        "week": week,
        "steps": [s.title for s in steps],
        "total_seconds": round(timeline.total_duration, 2),
        "cues": timeline.script(),
    }


def with_saved_routines(args: argparse.Namespace, library: Library) -> Library:
    """The library plus the routines and own exercises saved in the app (clinician mode,
    imports), when the data folder's database exists. Listing never creates a data
    folder or a database: without one, the files' routines are all there is."""
    from cipn_coach.storage.db import DATABASE_FILE

    url = args.database_url
    if url is None:
        from cipn_coach.paths import default_data_dir

        if not ((args.data_dir or default_data_dir()) / DATABASE_FILE).is_file():
            return library
    else:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        memory = not parsed.database or parsed.database == ":memory:"
        if parsed.get_backend_name() == "sqlite" and (
            memory or not Path(str(parsed.database)).is_file()
        ):
            return library
    from cipn_coach.services import open_services

    services = open_services(args.data_dir, url, library=library, repair=args.repair)
    announce_repair(services.db.recovery)
    services.close()
    return services.library


def cmd_routines(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    if not args.json:
        library = in_run_language(args, library)
    summaries = [routine_summary(library, rid) for rid in sorted(library.routines)]
    if args.json:
        for s in summaries:
            del s["cues"]
        json.dump(summaries, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for s in summaries:
        print(
            without_controls(
                f"{s['id']:<18} {_minutes(float(s['total_seconds'])):>6}  {s['title']}"
            ),
            file=out,
        )
    return EXIT_OK


def cmd_preview(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    if not 1 <= args.week <= 8:
        raise UsageError(_("--week must be 1–8, not {week}").format(week=args.week))
    library = in_run_language(args, library)
    summary = routine_summary(library, args.routine, args.week)
    if args.json:
        json.dump(
            {
                "routine": summary["id"],
                "week": summary["week"],
                "total_seconds": summary["total_seconds"],
                "cues": summary["cues"],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
        return EXIT_OK
    print(
        without_controls(
            _("{title} (week {week}), {duration}").format(
                title=summary["title"],
                week=args.week,
                duration=_minutes(float(summary["total_seconds"])),
            )
        ),
        file=out,
    )
    for cue in summary["cues"]:  # type: ignore[attr-defined]
        kind = cue_kind_words(str(cue["kind"]))
        print(without_controls(f"{_minutes(cue['at']):>6}  {kind:<10} {cue_text(cue)}"), file=out)
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    """Look, never touch: no migration, repair or backup. Exit 0 all fine, 1 attention."""
    from cipn_coach.cli import doctor
    from cipn_coach.paths import default_data_dir
    from cipn_coach.storage.db import DATABASE_FILE

    data_dir = args.data_dir or default_data_dir()
    database: Path | None = data_dir / DATABASE_FILE
    if args.database_url is not None:
        from sqlalchemy.engine import make_url

        url = make_url(args.database_url)
        database = (
            Path(url.database)
            if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:"
            else None
        )
    findings = doctor.run_checks(data_dir, database, library)
    if args.json:
        json.dump(doctor.as_json(findings), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for line in doctor.as_lines(findings):
            print(line, file=out)
    return doctor.exit_status(findings)


COMMANDS = {
    "exercises": cmd_exercises,
    "routines": cmd_routines,
    "preview": cmd_preview,
    "doctor": cmd_doctor,
    **CHECKIN_COMMANDS,
    **PROFILE_COMMANDS,
    **EXPORT_COMMANDS,
    **ROUTINE_COMMANDS,
    **TREATMENT_COMMANDS,
    **SELFTEST_COMMANDS,
    **CLINIC_COMMANDS,
}


def check_database_url(url: str | None) -> None:
    """``--database-url`` must be an SQLite URL the app can open: anything else is one
    plain line (exit 2), never a traceback from deep inside SQLAlchemy."""
    if url is None:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = url if len(url) <= 60 else f"{url[:60]}…"
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):
        backend = None
    if backend != "sqlite":
        raise CoachError(
            _(
                "--database-url '{url}' is not an SQLite URL "
                "(use sqlite:///PATH, or --data-dir DIR)"
            ).format(url=shown)
        )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a (non-GUI) command. Returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        apply_language(args)
        from cipn_coach.routines.library import load_library

        if args.command != "clinic":  # the clinic's own database may be PostgreSQL
            check_database_url(args.database_url)
        library = load_library()
        if args.command in ("exercises", "routines", "preview"):
            library = with_saved_routines(args, library)
        _warn_problems(library, err)
        return COMMANDS[args.command](args, library, out)
    except DamagedDatabase as exc:
        print(f"cipn-coach: {exc}", file=err)
        return EXIT_DAMAGED
    except CoachError as exc:
        print(without_controls(f"cipn-coach: {exc}", keep_lines=True), file=err)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `cipn-coach preview morning | head`
        return EXIT_OK
    except Exception as exc:  # a full disk or read-only folder mid-command: one plain line
        from cipn_coach.storage.backup import unavailable_reason

        reason = unavailable_reason(exc)
        if reason is None:
            raise
        print(
            "cipn-coach: "
            + _(
                "could not save to the data folder: {reason}. The change "
                "was not saved (nothing was half-written)."
            ).format(reason=reason),
            file=err,
        )
        return EXIT_BAD_INPUT


def run_desktop_entry(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """``--install-desktop`` / ``--uninstall-desktop``: say which files, one per line."""
    from cipn_coach import desktop_entry

    out = out or sys.stdout
    err = err or sys.stderr
    if args.command is not None:
        print(
            "cipn-coach: "
            + _(
                "--install-desktop and --uninstall-desktop take no command (not '{command}')"
            ).format(command=args.command),
            file=err,
        )
        return EXIT_BAD_INPUT
    home = desktop_entry.data_home()
    try:
        if args.install_desktop:
            paths = desktop_entry.install(home, desktop_entry.launcher_command())
            print(_("CIPN Coach is now in your desktop's menu. Files added:"), file=out)
        else:
            paths = desktop_entry.uninstall(home)
            print(
                _("Removed from the menu:")
                if paths
                else _("CIPN Coach was not in the menu; nothing to remove."),
                file=out,
            )
    except CoachError as exc:
        print(f"cipn-coach: {exc}", file=err)
        return EXIT_BAD_INPUT
    for path in paths:
        print(f"  {path}", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, now: Callable[[], datetime] | None = None) -> int:
    """Headless entry point (no GUI): every command but opening the app.

    ``now`` (local wall-clock time) is the clock of the commands that read "today";
    tests pass a fixed one so that no test depends on the real date.
    """
    try:
        args = parse_args(argv)
    except UsageError as exc:
        print(f"cipn-coach: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if now is not None:
        args.now = now
    if wants_desktop_entry(args):
        return run_desktop_entry(args)
    if args.command is None:
        print(
            "cipn-coach: " + _("the desktop app is started with 'cipn-coach' (ui.app)"),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
