"""``cipn-coach clinic``: the clinic workspace on the command line.

    cipn-coach clinic [--database-url URL | --clinic-dir DIR] import FILE...
    cipn-coach clinic ... panel [--json]
    cipn-coach clinic ... patient ID [--json]
    cipn-coach clinic ... routine ID --out FILE [--routine ROUTINE]

The database is PostgreSQL or SQLite (``--database-url``), by default a private SQLite
file in a clinic folder (``--clinic-dir``, else ``clinic`` in the data folder). Same
contract as every command: a problem is one line on stderr and exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.cli.help_layout import columns
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _, p_

if TYPE_CHECKING:
    from cipn_coach.clinic.db import ClinicDatabase
    from cipn_coach.clinic.panel import PanelRow
    from cipn_coach.clinic.view import PatientView
    from cipn_coach.routines.library import Library
    from cipn_coach.selftests.library import SelfTestResult

EXIT_OK = 0
# marked here (N_: made at import), translated where shown
REASON_WORDS = {
    "red_flag": N_("RED FLAG"),
    "check_up": N_("check-up recommended"),
    "low_adherence": N_("adherence under 50 %"),
    "no_checkin": N_("no check-in for 3+ days"),
}


def add_clinic_command(commands: Any) -> None:
    clinic = commands.add_parser(
        "clinic", help=_("the clinic workspace: import patients' exports, see who needs attention")
    )
    clinic.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help=_("the clinic database (postgresql+psycopg://… or sqlite:///…)"),
    )
    clinic.add_argument(
        "--clinic-dir",
        type=Path,
        help=_("the clinic folder (SQLite; default: 'clinic' in the data folder)"),
    )
    actions = clinic.add_subparsers(
        dest="clinic_command", required=True, metavar="{import,panel,patient,routine}"
    )
    p = actions.add_parser("import", help=_("import FHIR bundles or JSON backups"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p = actions.add_parser("panel", help=_("every patient, who needs attention first"))
    p.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    p = actions.add_parser("patient", help=_("one patient's summary of the last 28 days"))
    p.add_argument("patient", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    p = actions.add_parser("routine", help=_("write a routine file of the patient's routine"))
    p.add_argument("patient", type=int, metavar="ID")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--routine", help=_("which routine, when the patient follows several"))


def clinic_url(args: argparse.Namespace) -> str:
    from cipn_coach.clinic.db import CLINIC_FOLDER, clinic_url_for

    url = getattr(args, "database_url", None)
    if url is not None:
        if args.clinic_dir is not None:
            raise CoachError(_("give either --database-url or --clinic-dir, not both"))
        return str(url)
    folder = args.clinic_dir
    if folder is None:
        from cipn_coach.paths import default_data_dir

        folder = (args.data_dir or default_data_dir()) / CLINIC_FOLDER
    return clinic_url_for(folder)


def _open(args: argparse.Namespace) -> ClinicDatabase:
    from cipn_coach.clinic.db import open_clinic

    return open_clinic(clinic_url(args))


def _import(args: argparse.Namespace, library: Library, db: ClinicDatabase, out: TextIO) -> int:
    from cipn_coach.clinic.importer import import_files

    for done in import_files(db, list(args.files), library):
        print(done.summary(), file=out)
    return EXIT_OK


def _attention(row: PanelRow) -> str:
    from cipn_coach.checkin.flag_words import rule_words

    words = [_(REASON_WORDS[r]) for r in row.reasons]
    if row.red_flags:
        rules = p_("list separator", ", ").join(rule_words(r) for r in row.red_flags)
        words[0] = _("{reason} ({rules})").format(reason=words[0], rules=rules)
    return p_("list of answers", "; ").join(words) or _("fine")


def _name(row: PanelRow) -> str:
    return row.name or _("(no name)")


def panel_lines(rows: list[PanelRow]) -> list[str]:
    """The panel as text: one line per patient, who needs attention first."""
    from cipn_coach.formatting import day_short, whole

    heading = [_("Patient"), _("Last check-in"), _("7 days"), _("Attention")]
    lines = [_columns("#", *heading)]
    for row in rows:
        last = day_short(row.last_checkin) if row.last_checkin else _("never")
        done = "–" if row.adherence_percent is None else f"{whole(row.adherence_percent)} %"
        lines.append(_columns(str(row.patient_id), _name(row)[:22], last, done, _attention(row)))
    return lines


def _columns(number: str, name: str, last: str, done: str, attention: str) -> str:
    """One line of the panel, padded by terminal columns (a Chinese character is two)."""
    number = " " * max(0, 4 - columns(number)) + number
    done = " " * max(0, 7 - columns(done)) + done
    return f"{number}  {_padded(name, 22)} {_padded(last, 14)} {done}  {attention}"


def _padded(text: str, width: int) -> str:
    return text + " " * max(0, width - columns(text))


def _panel(args: argparse.Namespace, library: Library, db: ClinicDatabase, out: TextIO) -> int:
    from cipn_coach.cli.checkin import local_now
    from cipn_coach.clinic.panel import build_panel

    rows = build_panel(db, library, local_now(args))  # a test's clock, or the real one
    if args.json:
        json.dump([row.as_dict() for row in rows], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for line in panel_lines(rows):
            print(line, file=out)
    return EXIT_OK


def _patient(args: argparse.Namespace, library: Library, db: ClinicDatabase, out: TextIO) -> int:
    from cipn_coach.checkin.thresholds import DEFAULT_SUMMARY_DAYS
    from cipn_coach.cli.checkin import local_now, write_summary_text
    from cipn_coach.clinic.panel import row_for
    from cipn_coach.clinic.view import open_patient, summary_of

    patient, view = open_patient(db, args.patient, library)
    now = local_now(args)
    row = row_for(patient.id, patient.name, patient.record_id, view, now)
    summary = summary_of(
        view, now.date() - timedelta(days=DEFAULT_SUMMARY_DAYS - 1), now.date(), now
    )
    if args.json:
        json.dump({"patient": row.as_dict(), "summary": summary}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    print(f"#{row.patient_id} {_name(row)}: {_attention(row)}", file=out)
    write_summary_text(summary, out)
    for line in medicine_and_self_test_lines(view, now.date()):
        print(line, file=out)
    return EXIT_OK


def medicine_and_self_test_lines(view: PatientView, today: date) -> list[str]:
    """The patient's medicines (and end of treatment), then every self-test result they
    recorded (oldest first), in words: what a nurse must not miss of their record (the
    summary above lists the cycle days). A patient whose exports had neither gets no
    lines."""
    from cipn_coach.cli.treatment import treatment_lines
    from cipn_coach.treatment.record import Treatment

    treatment = view.treatment.record()
    medicines = Treatment(treatment.agents, treatment.finished_on)  # the cycles are above
    lines = [] if treatment.is_empty else treatment_lines(medicines, today)
    results = view.self_tests.between(date.min, today)
    if results:
        lines.append(_("Self-test results:"))
        lines += ["  " + self_test_words(result) for result in results]
    return lines


def self_test_words(result: SelfTestResult) -> str:
    """'Standing on one leg, left leg: 12.5 seconds on 23 Mar 2026'. A result of a test
    this app does not know (from a later app) is shown by its test's id and number."""
    from cipn_coach.formatting import day_year, number
    from cipn_coach.selftests.library import load_selftests
    from cipn_coach.selftests.words import side_name, value_text

    test = load_selftests().get(result.test_id)
    name = side_name(test, result.side) if test else result.test_id
    value = value_text(test, result.value) if test else number(result.value)
    if result.stopped_for_safety:
        words = _("{name}: {value} on {day}, stopped for safety")
    else:
        words = _("{name}: {value} on {day}")
    return words.format(name=name, value=value, day=day_year(result.day))


def _routine(args: argparse.Namespace, library: Library, db: ClinicDatabase, out: TextIO) -> int:
    from cipn_coach.backup.json_file import check_export_target
    from cipn_coach.clinic.view import open_patient
    from cipn_coach.routines import routine_file

    check_export_target(args.out)
    patient, view = open_patient(db, args.patient, library)
    routines = view.plan.routines()
    if args.routine is not None:
        routines = [r for r in routines if r.id == args.routine]
    if not routines:
        if args.routine:
            unknown = _("patient #{id}'s exports name no routine this app knows as '{routine}'")
        else:
            unknown = _(
                "patient #{id}'s exports name no routine this app knows (a FHIR bundle "
                "names routines only by title): import their JSON backup"
            )
        raise CoachError(unknown.format(id=patient.id, routine=args.routine))
    if len(routines) > 1:
        raise CoachError(
            _("patient #{id} follows {n} routines: add --routine with one of {ids}").format(
                id=patient.id, n=len(routines), ids=", ".join(r.id for r in routines)
            )
        )
    routine_file.export(routines[0], args.out, view.saved, datetime.now().astimezone())
    print(
        _("Wrote {file}: {title} for #{id}").format(
            file=args.out, title=routines[0].title, id=patient.id
        ),
        file=out,
    )
    return EXIT_OK


ACTIONS: dict[str, Callable[..., int]] = {
    "import": _import,
    "panel": _panel,
    "patient": _patient,
    "routine": _routine,
}


def cmd_clinic(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    db = _open(args)
    try:
        return ACTIONS[args.clinic_command](args, library, db, out)
    finally:
        db.close()


CLINIC_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "clinic": cmd_clinic
}
