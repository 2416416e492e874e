"""Today as plain words and numbers: what the Today page draws, and nothing else.

The page draws a ``TodayWords`` rather than the routines and sessions behind it, so it
needs neither pydantic nor the database, and every word it shows (a session's status,
a date) is chosen here, once, where a test can check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cipn_coach.checkin.flags import Flag
from cipn_coach.i18n import N_, _

if TYPE_CHECKING:
    from cipn_coach.services import TodayData
    from cipn_coach.storage.rows import SessionRow
    from cipn_coach.treatment.record import Treatment


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
class TodayWords:
    """Today as the page says it: each row's words and numbers, made from ``TodayData``
    (the facts read once) so the page only lays them out."""

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
    # "Your next cycle is on Tuesday. Take your summary." two days before a planned cycle
    cycle_reminder: str | None = None
    # the keep-warm advice in the days after an oxaliplatin infusion
    keep_warm: str | None = None
    # the same two told to a relative in the family view, about the patient
    family_cycle_reminder: str | None = None
    family_keep_warm: str | None = None


# The oncology guide: oxaliplatin causes acute cold-triggered symptoms within hours of an
# infusion; keep hands and feet warm, avoid cold water and direct air conditioning.
KEEP_WARM_SOURCE = (
    "oncology guide: oxaliplatin's acute cold-triggered dysesthesia; patient "
    "guide: keep hands and feet warm, avoid cold water and air conditioning"
)
KEEP_WARM = N_(
    "In the days after oxaliplatin, cold can bring on tingling or odd feelings. "
    "Keep warm: no cold drinks or ice, wear gloves to take things from the fridge "
    "or freezer, use warm water, and keep out of cold air and air conditioning."
)
FAMILY_KEEP_WARM = N_(
    "In the days after oxaliplatin, cold can bring on tingling or odd feelings. Help "
    "them keep warm: no cold drinks or ice, gloves to take things from the fridge or "
    "freezer, warm water, and no cold air or air conditioning."
)


def cycle_reminder(treatment: Treatment | None, today: date, family: bool = False) -> str | None:
    """The reminder Today shows two days before a planned cycle (and the day before).
    ``family``: told to a relative, about the patient (the summary is theirs to take)."""
    if treatment is None:
        return None
    upcoming = treatment.reminder_due(today)
    if upcoming is None:
        return None
    from cipn_coach.formatting import weekday

    if family:
        words = _(
            "Their next cycle is on {weekday}. Their summary for the oncology team is on "
            "their own Today page, to print or take along."
        )
    else:
        words = _("Your next cycle is on {weekday}. Take your summary.")
    return words.format(weekday=weekday(upcoming.day))


def keep_warm(treatment: Treatment | None, today: date, family: bool = False) -> str | None:
    """The keep-warm advice on the days just after an oxaliplatin infusion (``family``:
    told to a relative, about the patient)."""
    if treatment is None or not treatment.cold_days(today):
        return None
    return _(FAMILY_KEEP_WARM) if family else _(KEEP_WARM)


# a recorded session's status (``storage.repository``) in the patient's words; a test
# holds this equal to every status the repository can store. "in_progress" is only seen
# for a session a crash or a closed window cut short (read before the next start marks it
# partial), or one running now; translated where shown
CUT_SHORT = N_("cut short")
SESSION_STATUS_WORDS = {
    "in_progress": CUT_SHORT,
    "completed": N_("done"),
    "partial": N_("partly done"),
    "stopped": N_("stopped early"),
}

# how the patient felt after a session, by stored value (kept in English on disk)
FEELINGS = {"better": N_("better"), "same": N_("same"), "worse": N_("worse")}


def session_line(s: SessionRow) -> str:
    """One recent session in words, for the patient and for family."""
    from cipn_coach.formatting import day_short  # Babel: loaded only when a line is made
    from cipn_coach.routines.schedule import counts_as_done

    status = SESSION_STATUS_WORDS.get(s.status)  # never a raw stored word on screen
    if s.status == "partial" and not counts_as_done(s):  # "partly done" is half or more
        status = CUT_SHORT  # closed before half its time
    parts = [day_short(s.local_date), s.routine_title, *([_(status)] if status else [])]
    if s.effort is not None:
        parts.append(_("effort {effort} of 10").format(effort=s.effort))
    if s.symptoms_change:
        change = FEELINGS.get(s.symptoms_change)
        parts.append(
            _("felt {change} afterwards").format(change=_(change) if change else s.symptoms_change)
        )
    line = " · ".join(parts)
    return _("{line} · “{note}”").format(line=line, note=s.note) if s.note else line


def today_words(screen: TodayData) -> TodayWords:
    from cipn_coach.routines.schedule import DueStatus, next_to_start

    view = screen.view
    rows = tuple(
        DueRow(
            d.planned.routine.id,
            d.planned.routine.title,
            d.planned.slot.name,
            d.planned.slot.time,
            screen.minutes.get(d.planned.routine.id, 0),
            d.status.value,
        )
        for d in view.due
    )
    chosen = next_to_start(view.due)
    done_all = bool(view.due) and all(
        d.status in (DueStatus.DONE, DueStatus.PARTIAL) for d in view.due
    )
    return TodayWords(
        view.day,
        view.program_day,
        view.program_length,
        rows,
        None if chosen is None else view.due.index(chosen),
        done_all,
        view.checked_in,
        tuple(view.flags),
        view.week.done,
        view.week.planned,
        view.week.partial,
        tuple(session_line(s) for s in screen.recent),
        cycle_reminder(view.treatment, view.day),
        keep_warm(view.treatment, view.day),
        cycle_reminder(view.treatment, view.day, family=True),
        keep_warm(view.treatment, view.day, family=True),
    )
