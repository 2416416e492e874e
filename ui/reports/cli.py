"""``cipn-coach report --pdf FILE``: the one command that needs Qt (its PDF writer).

It runs without a window: with no display it uses Qt's offscreen platform. The period
rules and errors are the CLI's own (exit 2, one line, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys

from cipn_coach.i18n import _


def run_report(args: argparse.Namespace) -> int:
    from cipn_coach.cli.checkin import local_now, summary_period
    from cipn_coach.cli.commands import EXIT_BAD_INPUT, EXIT_OK
    from cipn_coach.errors import CoachError
    from cipn_coach.i18n import _

    if args.pdf.suffix.lower() != ".pdf":
        print(
            _("cipn-coach: --pdf must name a .pdf file, not '{file}'").format(file=args.pdf),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if not args.pdf.parent.is_dir():
        print(
            _("cipn-coach: the folder {folder} does not exist").format(folder=args.pdf.parent),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    now = local_now(args)
    try:
        first, last = summary_period(args.first, args.last, now.date())
    except CoachError as exc:
        print(f"cipn-coach: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from cipn_coach.reports.report_data import build_report
    from cipn_coach.services import open_services
    from ui.reports.pdf import write_pdf

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    from cipn_coach.cli.commands import EXIT_DAMAGED, announce_services_repair
    from cipn_coach.errors import DamagedDatabase

    try:
        services = open_services(
            args.data_dir,
            args.database_url,
            repair=args.repair,
            language=getattr(args, "language", "en"),
        )
    except DamagedDatabase as exc:  # a report changes nothing unless --repair was given
        print(f"cipn-coach: {exc}", file=sys.stderr)
        return EXIT_DAMAGED
    announce_services_repair(services)
    try:
        if getattr(args, "before_cycle", False):
            return _before_cycle(services, first, last, now, args.pdf)
        write_pdf(build_report(services, first, last, now), args.pdf)
    finally:
        services.close()
    print(
        _("Report for {first} to {last} written to {file}").format(
            first=first.isoformat(), last=last.isoformat(), file=args.pdf
        )
    )
    return EXIT_OK


def _before_cycle(services: object, first: object, last: object, now: object, pdf: object) -> int:
    """The pre-cycle page, from the same summary ``summary --json`` prints."""
    from cipn_coach.cli.commands import EXIT_BAD_INPUT, EXIT_OK
    from cipn_coach.reports.summary import load_summary
    from cipn_coach.treatment.before_cycle import before_cycle_page
    from ui.reports.before_cycle import write_before_cycle_pdf

    section = load_summary(services, first, last, now)["treatment"]
    if section is None:
        print(
            "cipn-coach: "
            + _(
                "no treatment on the record: add it first with "
                "'cipn-coach treatment --agent NAME' and 'cipn-coach cycle add "
                "DAY'"
            ),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    patient = services.patient.profile().for_report()  # type: ignore[attr-defined]
    write_before_cycle_pdf(before_cycle_page(section), patient, pdf)
    print(
        _("Before-cycle summary as of {day} written to {pdf}").format(day=last.isoformat(), pdf=pdf)
    )  # type: ignore[attr-defined]
    return EXIT_OK
