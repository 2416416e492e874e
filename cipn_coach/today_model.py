"""Today as plain words and numbers: what the Today page draws, and nothing else.

The page draws a ``TodayModel`` rather than the routines and sessions behind it, for
two reasons: the page then needs neither pydantic nor the database, and the model
can cross a process boundary as JSON. The app uses that at start-up: a short-lived
helper process (``python -m cipn_coach.today_model DATA_DIR``, run by ``ui.gui``)
reads Today while the window itself is still loading Qt, on the machine's other core,
and the window draws the answer as soon as it has painted.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cipn_coach.flags import Flag
from cipn_coach.i18n import N_, _

if TYPE_CHECKING:
    from cipn_coach.services import TodayScreen
    from cipn_coach.storage.rows import SessionRow

FORMAT = "cipn-coach-today/1"


@dataclass(frozen=True)
class DueRow:
    """One planned session of the day. ``status`` is a ``schedule.DueStatus`` value."""

    routine_id: str
    routine_title: str
    slot: str
    time: str
    minutes: int
    status: str


@dataclass(frozen=True)
class TodayModel:
    day: date
    program_day: int
    program_length: int
    rows: tuple[DueRow, ...]
    next_row: int | None  # the row the big Start button starts, if any
    done_all: bool  # everything planned today is done or partly done
    checked_in: bool
    flags: tuple[Flag, ...]
    week_done: int
    week_planned: int
    week_partial: int
    recent: tuple[str, ...]  # the latest sessions in words, newest first

    def to_json(self) -> str:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["flags"] = [flag.as_dict() for flag in self.flags]
        return json.dumps({"format": FORMAT, "today": data}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TodayModel:
        """Read what ``to_json`` wrote; ``ValueError`` (naming what is wrong) otherwise."""
        try:
            outer = json.loads(text)
            if outer.get("format") != FORMAT:
                raise ValueError(f"not {FORMAT}")
            d: dict[str, Any] = outer["today"]
            flags = tuple(Flag.from_dict(f) for f in d["flags"])
            return cls(date.fromisoformat(d["day"]), int(d["program_day"]),
                       int(d["program_length"]), tuple(DueRow(**r) for r in d["rows"]),
                       d["next_row"], bool(d["done_all"]), bool(d["checked_in"]), flags,
                       int(d["week_done"]), int(d["week_planned"]), int(d["week_partial"]),
                       tuple(str(line) for line in d["recent"]))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"not a Today model: {exc!r}") from exc


# by stored session status; "in_progress" is only seen for a session a crash or a closed
# window cut short (read before the next start marks it partial), or one running now
SESSION_WORDS = {"completed": N_("done"), "partial": N_("partly done"),
                 "stopped": N_("stopped early"), "in_progress": N_("cut short")}

# how the patient felt after a session, by stored value (kept in English on disk)
FEELINGS = {"better": N_("better"), "same": N_("same"), "worse": N_("worse")}


def session_line(s: SessionRow) -> str:
    """One recent session in words, for the patient and for family."""
    from cipn_coach.formatting import day_short  # Babel: loaded only when a line is made

    status = SESSION_WORDS.get(s.status)  # never a raw stored word on screen
    parts = [day_short(s.local_date), s.routine_title, *([_(status)] if status else [])]
    if s.effort is not None:
        parts.append(_("effort {effort} of 10").format(effort=s.effort))
    if s.symptoms_change:
        change = FEELINGS.get(s.symptoms_change)
        parts.append(_("felt {change} afterwards").format(
            change=_(change) if change else s.symptoms_change))
    line = " · ".join(parts)
    return _("{line} · “{note}”").format(line=line, note=s.note) if s.note else line


def today_model(screen: TodayScreen) -> TodayModel:
    from cipn_coach.schedule import DueStatus, next_to_start

    view = screen.view
    rows = tuple(DueRow(d.planned.routine.id, d.planned.routine.title, d.planned.slot.name,
                        d.planned.slot.time, screen.minutes.get(d.planned.routine.id, 0),
                        d.status.value) for d in view.due)
    chosen = next_to_start(view.due)
    done_all = bool(view.due) and all(d.status in (DueStatus.DONE, DueStatus.PARTIAL)
                                      for d in view.due)
    return TodayModel(view.day, view.program_day, view.program_length, rows,
                      None if chosen is None else view.due.index(chosen), done_all,
                      view.checked_in, tuple(view.flags), view.week.done, view.week.planned,
                      view.week.partial, tuple(session_line(s) for s in screen.recent))


def read_today(data_dir: Path, now: datetime) -> TodayModel | None:
    """Today of ``data_dir`` through the read-only start-up readers, or ``None`` when
    they must not read it (see ``services.open_startup_services``)."""
    from cipn_coach.services import open_startup_services

    services = open_startup_services(data_dir)
    if services is None:
        return None
    try:
        return today_model(services.today_screen(now))
    finally:
        services.close()


def main(argv: list[str]) -> int:
    """``python -m cipn_coach.today_model [--lang L] DATA_DIR [NOW]``: Today as one JSON
    line, or exit 1. ``NOW`` (local ISO time) is for tests; the app lets it default to now.
    ``--lang``: the app's language, so the words made here match the window's."""
    if argv[:1] == ["--lang"]:
        from cipn_coach.i18n import set_language

        set_language(argv[1])
        argv = argv[2:]
    now = datetime.fromisoformat(argv[1]) if len(argv) > 1 else datetime.now()
    model = read_today(Path(argv[0]), now)
    if model is None:
        return 1
    sys.stdout.write(model.to_json() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
