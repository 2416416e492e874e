"""The treatment commands: ``treatment``, ``cycle add|remove`` and ``cycles``.

Same contract as every command: each value is checked before the database is opened,
and bad input is one line and exit status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from cipn_coach.cli.checkin import data_dir_option, iso_date, local_now
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _, p_
from cipn_coach.treatment.record import (
    AGENT_LABELS,
    AGENT_ORDER,
    Treatment,
    check_day,
    check_new_cycle,
    parse_agent,
)

if TYPE_CHECKING:
    from cipn_coach.routines.library import Library
    from cipn_coach.services import Services

EXIT_OK = 0


def add_treatment_commands(commands: Any) -> None:
    names = ", ".join(AGENT_ORDER)
    p = commands.add_parser(
        "treatment",
        help=_(
            "the chemotherapy medicines and when treatment "
            "finished; prints the record without an option"
        ),
    )
    p.add_argument(
        "--agent",
        action="extend",
        nargs="+",
        metavar="NAME",
        help=_("a medicine ({names}); replaces the list").format(names=names),
    )
    ended = p.add_mutually_exclusive_group()
    ended.add_argument(
        "--finished",
        type=iso_date,
        metavar="D",
        help=_("treatment finished on this day, YYYY-MM-DD"),
    )
    ended.add_argument(
        "--ongoing", action="store_true", help=_("treatment is still going on (clears --finished)")
    )
    data_dir_option(p)

    p = commands.add_parser("cycle", help=_("add or remove a chemotherapy cycle day"))
    actions = p.add_subparsers(dest="cycle_action", required=True, parser_class=type(p))
    add = actions.add_parser("add", help=_("add a cycle day (past, or --planned)"))
    add.add_argument("day", type=iso_date, help=_("the cycle day, YYYY-MM-DD"))
    add.add_argument("--planned", action="store_true", help=_("a cycle still to come"))
    data_dir_option(add)
    remove = actions.add_parser("remove", help=_("remove a cycle day entered by mistake"))
    remove.add_argument("day", type=iso_date, help=_("the cycle day, YYYY-MM-DD"))
    data_dir_option(remove)

    p = commands.add_parser("cycles", help=_("the cycle days on the record"))
    p.add_argument("--json", action="store_true", help=_("print JSON, for other programs"))
    data_dir_option(p)


def _open(args: argparse.Namespace, library: Library) -> Services:
    from cipn_coach.services import open_services

    return open_services(args.data_dir, args.database_url, library=library)


def treatment_json(treatment: Treatment, today: date) -> dict[str, Any]:
    """The record as ``cycles --json`` prints it (days as ISO dates)."""
    upcoming = treatment.next_cycle(today)
    return {
        "agents": [a.value for a in treatment.agents],
        "finished_on": treatment.finished_on.isoformat() if treatment.finished_on else None,
        "in_treatment": treatment.in_treatment(today),
        "next_cycle": upcoming.day.isoformat() if upcoming else None,
        "cycles": [
            {"number": n, "day": c.day.isoformat(), "planned": c.planned}
            for n, c in enumerate(treatment.cycles, start=1)
        ],
    }


def treatment_lines(treatment: Treatment, today: date) -> list[str]:
    """The record in words, dates through ``formatting``."""
    from cipn_coach.formatting import day_year

    if treatment.is_empty:
        return [_("No treatment on the record (add it with: cipn-coach treatment --agent NAME).")]
    agents = p_("list separator", ", ").join(_(AGENT_LABELS[a]) for a in treatment.agents) or _(
        "not entered"
    )
    lines = [_("Medicines: {agents}").format(agents=agents)]
    if treatment.finished_on is not None:
        lines.append(_("Treatment finished on {day}.").format(day=day_year(treatment.finished_on)))
    for number, cycle in enumerate(treatment.cycles, start=1):
        state = _("planned") if cycle.planned else _("given")
        lines.append(
            "  "
            + _("Cycle {number}: {day} ({state})").format(
                number=number, day=day_year(cycle.day), state=state
            )
        )
    upcoming = treatment.next_cycle(today)
    if upcoming is not None:
        lines.append(_("Next cycle: {day}.").format(day=day_year(upcoming.day)))
    return lines


def cmd_treatment(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    agents = None if args.agent is None else tuple(parse_agent(a) for a in args.agent)
    finished = None if args.finished is None else check_day(args.finished, N_("--finished"))
    today = local_now(args).date()
    if finished is not None and finished > today:
        raise CoachError(
            _(
                "--finished {day} is after today ({today}); enter it on the day treatment ends"
            ).format(day=finished.isoformat(), today=today.isoformat())
        )
    services = _open(args, library)
    try:
        record = services.treatment.record()
        if agents is not None or finished is not None or args.ongoing:
            end = None if args.ongoing else (finished or record.finished_on)
            record = services.treatment.set_agents(
                record.agents if agents is None else agents, end, datetime.now(UTC)
            ).row
    finally:
        services.close()
    for line in treatment_lines(record, today):
        print(line, file=out)
    return EXIT_OK


def cmd_cycle(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    from cipn_coach.formatting import day_year

    today = local_now(args).date()
    if args.cycle_action == "add":
        cycle = check_new_cycle(args.day, args.planned, today)
    else:
        check_day(args.day, N_("cycle day"))
    services = _open(args, library)
    try:
        treatment = services.treatment
        if args.cycle_action == "add":
            treatment.add_cycle(cycle, datetime.now(UTC))
            state = _("planned") if cycle.planned else _("given")
            print(
                _("Saved cycle day {day} ({state}).").format(day=day_year(cycle.day), state=state),
                file=out,
            )
        elif treatment.remove_cycle(args.day).changes:
            print(_("Removed cycle day {day}.").format(day=day_year(args.day)), file=out)
        else:
            raise CoachError(_("there is no cycle on {day}").format(day=args.day.isoformat()))
    finally:
        services.close()
    return EXIT_OK


def cmd_cycles(args: argparse.Namespace, library: Library, out: TextIO) -> int:
    today = local_now(args).date()
    services = _open(args, library)
    try:
        record = services.treatment.record()
    finally:
        services.close()
    if args.json:
        json.dump(treatment_json(record, today), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for line in treatment_lines(record, today):
            print(line, file=out)
    return EXIT_OK


TREATMENT_COMMANDS: dict[str, Callable[[argparse.Namespace, Library, TextIO], int]] = {
    "treatment": cmd_treatment,
    "cycle": cmd_cycle,
    "cycles": cmd_cycles,
}
