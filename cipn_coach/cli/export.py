"""The export/import commands of the CLI: ``export --csv DIR | --json FILE | --fhir FILE
[--from D] [--to D]`` and ``import --json FILE [--replace | --merge]``.

Kept apart from ``cli.py`` (which registers them) so each module stays small; pydantic
and SQLAlchemy load inside the commands, so building the parser stays cheap. Same
contract as the other commands: a problem is a ``CoachError`` → exit 2 and one line on
stderr. Targets and backup files are checked *before* the database is opened, so a bad
command writes nothing, not even a new empty data folder.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _

if TYPE_CHECKING:
    from cipn_coach.routines.library import Library
    from cipn_coach.storage.db import Database

EXIT_OK = 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date (use YYYY-MM-DD)").format(text=text)
        ) from None


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--data-dir`` after the command too; SUPPRESS keeps a global one intact."""
    parser.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help=_("use this data folder")
    )


def add_export_commands(commands: Any) -> None:
    p = commands.add_parser("export", help=_("export all data as CSV files or a JSON backup"))
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--csv", type=Path, metavar="DIR", help=_("one CSV file per table, for a spreadsheet")
    )
    target.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help=_("a full backup, to move to another computer or give a clinician"),
    )
    target.add_argument(
        "--fhir",
        type=Path,
        metavar="FILE",
        help=_("an HL7 FHIR R4 bundle of a period, for the care team's system"),
    )
    p.add_argument(
        "--from",
        dest="first",
        type=_iso_date,
        help=_("with --fhir: first day (default: 27 days before --to)"),
    )
    p.add_argument(
        "--to", dest="last", type=_iso_date, help=_("with --fhir: last day (default: today)")
    )
    _data_dir_option(p)

    p = commands.add_parser(
        "import",
        help=_("import a JSON backup (into an empty data folder unless --replace or --merge)"),
    )
    p.add_argument("--json", type=Path, metavar="FILE", required=True)
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--replace",
        action="store_true",
        help=_("replace everything here with the backup (a database backup is made first)"),
    )
    how.add_argument(
        "--merge",
        action="store_true",
        help=_("add the backup's records to these, keeping both where they differ"),
    )
    _data_dir_option(p)

    p = commands.add_parser(
        "restore",
        help=_(
            "bring back one of the data folder's backups "
            "(the current data is backed up and kept aside first)"
        ),
    )
    p.add_argument(
        "backup", type=Path, metavar="BACKUP", help=_("a file in the data folder's backups/ folder")
    )
    _data_dir_option(p)


def _database_url(args: argparse.Namespace, must_exist: bool) -> str:
    """The database the command works on. Export refuses a folder with no data rather
    than create an empty database there."""
    if args.database_url is not None:
        return str(args.database_url)
    from cipn_coach.paths import default_data_dir
    from cipn_coach.storage.db import DATABASE_FILE, database_url_for

    data_dir = args.data_dir or default_data_dir()
    if must_exist and not (data_dir / DATABASE_FILE).is_file():
        raise CoachError(_("there is no CIPN Coach data in {folder}").format(folder=data_dir))
    return database_url_for(data_dir)


def _open(args: argparse.Namespace, must_exist: bool) -> Database:
    from cipn_coach.cli.commands import announce_repair
    from cipn_coach.storage.db import open_database

    db = open_database(_database_url(args, must_exist), repair=args.repair)
    announce_repair(db.recovery)
    return db


def _lock(args: argparse.Namespace) -> Any:
    """Import writes, so it takes the app's data-folder lock: a replace under an open
    app would pull the records of a session it is recording from under it."""
    if args.database_url is not None:
        return None
    from cipn_coach.instance_lock import AlreadyRunning, InstanceLock
    from cipn_coach.paths import default_data_dir

    lock = InstanceLock(args.data_dir or default_data_dir())
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        raise CoachError(_("{problem}; close it first, then import").format(problem=exc)) from None
    return lock


def _export_fhir(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    """The period and the target are checked before the database is opened."""
    from cipn_coach.backup.json_file import check_export_target
    from cipn_coach.cli.checkin import summary_period
    from cipn_coach.fhir.export import export_fhir
    from cipn_coach.services import open_services

    now = datetime.now()
    first, last = summary_period(args.first, args.last, now.date())
    check_export_target(args.fhir)
    services = open_services(None, _database_url(args, must_exist=True), library=library)
    try:
        result = export_fhir(services, args.fhir, first, last, now)
    finally:
        services.close()
    print(result.summary(), file=out)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.backup.csv_tables import check_csv_target, export_csv
    from cipn_coach.backup.json_file import check_export_target, export_json

    if args.fhir is not None:
        return _export_fhir(args, library, out)
    if args.first is not None or args.last is not None:
        raise CoachError(_("--from and --to go with --fhir (CSV and JSON exports hold everything)"))
    if args.csv is not None:
        check_csv_target(args.csv)
    else:
        check_export_target(args.json)
    db = _open(args, must_exist=True)
    try:
        result = export_csv(db, args.csv) if args.csv is not None else export_json(db, args.json)
    finally:
        db.close()
    print(result.summary(), file=out)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.backup.json_file import import_json, read_backup

    backup = read_backup(args.json)  # a bad file is refused before the folder is touched
    mode = "replace" if args.replace else "merge" if args.merge else "empty"
    lock = _lock(args)
    try:
        db = _open(args, must_exist=False)
        try:
            result = import_json(db, args.json, mode, backup=backup)  # type: ignore[arg-type]
        finally:
            db.close()
    finally:
        if lock is not None:
            lock.release()
    print(result.summary(), file=out)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    """Undo an import or a repair from the command line, as Settings → Restore does."""
    from cipn_coach.paths import default_data_dir
    from cipn_coach.storage import backup

    if args.database_url is not None:
        raise CoachError(_("restore works on a data folder: use --data-dir, not --database-url"))
    data_dir = args.data_dir or default_data_dir()
    if not args.backup.is_file():
        raise CoachError(_("{file} is not a backup file").format(file=args.backup))
    lock = _lock(args)
    try:
        try:
            result = backup.restore(args.backup, data_dir)
        except backup.BackupError as exc:
            raise CoachError(str(exc)) from None
    finally:
        if lock is not None:
            lock.release()
    if result.replaced is None:
        told = _("Restored {backup}.").format(backup=result.restored_from.name)
    else:
        told = _("Restored {backup}; the previous data was kept aside as {kept}.").format(
            backup=result.restored_from.name, kept=result.replaced.name
        )
    print(told, file=out)
    return EXIT_OK


EXPORT_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "export": cmd_export,
    "import": cmd_import,
    "restore": cmd_restore,
}
