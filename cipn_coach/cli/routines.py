"""The routine-file commands of the CLI: ``import-routine`` and ``export-routine``.

Kept apart from ``cli.py`` (which registers them) so each module stays small, and like
``cli_checkin`` the parser is built without importing pydantic or SQLAlchemy.

One deliberate difference from the other commands: a rejected import lists EVERY
problem, one per line on stderr (issue 4 asks for the list), because a clinician fixing
a file should not discover its problems one run at a time. The file is checked against
the format before the database is even opened, so a bad file writes nothing at all.
A newer version of a routine that is already here is only replaced with ``--yes``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

if TYPE_CHECKING:  # imported inside the commands: the parser must stay cheap to build
    from cipn_coach.routines.library import Library

EXIT_OK = 0


class RoutineFileRejected(CoachError):
    """Every problem of a routine file; ``str()`` is one line per problem after the first."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        from cipn_coach.routines.plain_words import plain_line

        self.problems = problems
        lines = [_("{path}: not imported, {n} problem(s):").format(path=path, n=len(problems))]
        lines += [f"  {plain_line(problem)}" for problem in problems]  # as the editor words them
        super().__init__("\n".join(lines))


def add_routine_commands(commands: Any) -> None:
    p = commands.add_parser("import-routine", help=_("import a routine file (.cipnroutine)"))
    p.add_argument("file", type=Path)
    p.add_argument(
        "--yes",
        action="store_true",
        help=_("replace an older version of the same routine (it is kept, archived)"),
    )
    p.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=_("use this data folder")
    )
    p = commands.add_parser("export-routine", help=_("write a routine to a file (.cipnroutine)"))
    p.add_argument("routine")
    p.add_argument("file", type=Path)
    p.add_argument("--author", help=_("your name, stored in the file"))
    p.add_argument("--clinic", help=_("the clinic's name, stored in the file"))
    p.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=_("use this data folder")
    )


def cmd_import_routine(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.routines import routine_file
    from cipn_coach.services import open_services

    file, problems = routine_file.read_file(args.file, set(library.exercises))
    if file is None:  # refused before the database is opened: nothing can be written
        raise RoutineFileRejected(args.file, problems)
    services = open_services(args.data_dir, args.database_url, library=library, repair=args.repair)
    from cipn_coach.cli.commands import announce_repair

    announce_repair(services.db.recovery)
    try:
        result = services.routines.import_file(args.file, datetime.now(UTC), confirm=args.yes)
    finally:
        services.close()
    if result.status == "rejected":
        raise RoutineFileRejected(args.file, result.problems)
    if result.status == "needs_confirmation":
        raise CoachError(
            _("{message} Run again with --yes to replace it.").format(message=result.message())
        )
    from cipn_coach.plain_text import without_controls

    print(without_controls(result.message()), file=out)
    return EXIT_OK


def cmd_export_routine(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.services import open_services

    target: Path = args.file
    if target.is_dir() or not target.parent.is_dir():
        raise CoachError(
            _("cannot write '{file}': name a file in an existing folder").format(file=target)
        )
    for name in ("author", "clinic"):
        value = getattr(args, name)
        if value is not None and not 1 <= len(value) <= 120:
            raise CoachError(_("--{option} must be 1–120 characters").format(option=name))
    services = open_services(args.data_dir, args.database_url, library=library, repair=args.repair)
    from cipn_coach.cli.commands import announce_repair

    announce_repair(services.db.recovery)
    try:
        row = services.routines.find(args.routine)  # an archived one can be exported too
        routine = row.routine if row is not None else library.routine(args.routine)
        services.routines.export_file(
            routine, target, datetime.now(UTC), author=args.author, clinic=args.clinic
        )
    except OSError as exc:
        raise CoachError(
            _("cannot write '{file}': {error}").format(file=target, error=exc.strerror or exc)
        ) from None
    finally:
        services.close()
    from cipn_coach.cli.commands import in_run_language

    # a routine of the library is named in the run's language; one made in the app as saved
    shown = in_run_language(args, library).routines.get(routine.id) if row is None else None
    print(
        _("Exported routine '{title}' ({id}, version {version}) to {file}.").format(
            title=(shown or routine).title, id=routine.id, version=routine.version, file=target
        ),
        file=out,
    )
    return EXIT_OK


ROUTINE_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "import-routine": cmd_import_routine,
    "export-routine": cmd_export_routine,
}
