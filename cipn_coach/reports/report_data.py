"""What the one-to-two page report says, assembled in the core from the summary.

The PDF (drawn by ``ui.reports.pdf``) only lays this out, so its numbers are the very ones
``cipn-coach summary --json`` prints for the same period — a test checks that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cipn_coach import formatting
from cipn_coach.checkin.flag_words import display_flags
from cipn_coach.i18n import N_, _, p_
from cipn_coach.routines.safety import DISCLAIMER
from cipn_coach.sessions.titles import titled
from cipn_coach.settings.patient import read_profile
from cipn_coach.treatment.before_cycle import QUESTIONS, QUESTIONS_SOURCE  # noqa: F401 - one list

MEASURE_WORDS = {
    "hands": N_("Hands: numbness/tingling"),
    "feet": N_("Feet: numbness/tingling"),
    "pain": N_("Pain"),
    "night": N_("Night-time discomfort"),
}
RECENT_NOTES = 6
# the per-cycle table, shown when a treatment record exists
CYCLE_HEADING = N_("Averages per chemotherapy cycle period (0–10; lower is better)")
CYCLE_COLUMN = N_("Cycle period")
# a routine's schedule in words: its days (stored as "mon"…) and its named slots
WEEKDAYS = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}
SLOT_NAMES = {"morning": N_("morning"), "afternoon": N_("afternoon"), "evening": N_("evening")}


@dataclass(frozen=True)
class ReportData:
    patient: str
    first: date
    last: date
    made: datetime
    routines: list[tuple[str, str]]  # title, schedule in words
    summary: dict[str, Any]
    efforts: list[tuple[date, int]]
    notes: list[tuple[date, str, str]]  # day, where from, text
    falls: int
    near_falls: int

    @property
    def adherence(self) -> dict[str, Any]:
        return self.summary["adherence"]

    @property
    def flags(self) -> list[dict[str, Any]]:
        """As the app shows them (the "average above 4" ones of hands, feet and pain in
        one), each with its clinician's wording, days and ``current``."""
        return display_flags(self.summary["flags"])

    @property
    def programme_start(self) -> date:
        return date.fromisoformat(self.summary["program"]["start"])

    @property
    def self_tests(self) -> list[Any]:
        """The self-test table: first vs latest per test and side, band and source
        (``selftest_summary.ReportRow``); empty when no test was done in the period."""
        from cipn_coach.selftests.summary import report_rows

        return report_rows(self.summary.get("self_tests", []))

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(_(question) for question in QUESTIONS)

    @property
    def disclaimer(self) -> str:
        return _(DISCLAIMER)

    def week_rows(self) -> list[tuple[str, dict[str, float | None], dict[str, float | None]]]:
        """(week label, averages, change) per calendar week of the period, from the
        programme's first week: the weeks before it hold nothing to report."""
        rows = []
        for week in self.summary["weeks"]:
            monday = date.fromisoformat(week["monday"])
            if monday + timedelta(days=6) < self.programme_start:
                continue
            rows.append(
                (
                    _("Week of {day}").format(day=formatting.day_year_short(monday)),
                    week["averages"],
                    week["change"],
                )
            )
        return rows

    @property
    def cycle_heading(self) -> tuple[str, str]:
        """The per-cycle table's heading and its first column's name, translated."""
        return _(CYCLE_HEADING), _(CYCLE_COLUMN)

    @staticmethod
    def measure_word(measure: str) -> str:
        return _(MEASURE_WORDS[measure])

    def cycle_rows(self) -> list[tuple[str, dict[str, float | None], dict[str, float | None]]]:
        """(cycle in words, averages, change from the cycle before) per cycle period of the
        summary's ``treatment`` section, the very numbers ``summary --json`` prints; empty
        without a treatment record. A planned cycle has no period yet: it has no row."""
        treatment = self.summary.get("treatment")
        rows = []
        for cycle in treatment["cycles"] if treatment else []:
            if "averages" not in cycle:
                continue
            first, last = (date.fromisoformat(cycle["period"][end]) for end in ("from", "to"))
            label = _("Cycle {number}, {day}: {first} to {last}").format(
                number=cycle["number"],
                day=formatting.day_year_short(date.fromisoformat(cycle["day"])),
                first=formatting.day_month(first),
                last=formatting.day_month(last),
            )
            rows.append((label, cycle["averages"], cycle["change_from_previous"] or {}))
        return rows


def schedule_words(routine: Any) -> str:
    days = routine.schedule.days
    separator = p_("list separator", ", ")
    when = _("every day") if len(days) == 7 else separator.join(_(WEEKDAYS[d.value]) for d in days)
    slots = separator.join(
        f"{_(SLOT_NAMES[s.name]) if s.name in SLOT_NAMES else s.name} {s.time}"
        for s in routine.schedule.slots
    )
    return _("{days}; {slots}").format(days=when, slots=slots)


def build_report(services: Any, first: date, last: date, now: datetime) -> ReportData:
    from cipn_coach.reports.summary import load_summary

    summary = load_summary(services, first, last, now)
    sessions = services.sessions.between(first, last)
    efforts = [(s.local_date, s.effort) for s in sessions if s.effort is not None]
    notes = [
        (date.fromisoformat(d["date"]), _("check-in"), d["note"])
        for d in summary["days"]
        if d.get("note")
    ]
    named = titled(sessions, services.library)  # in the report's language
    notes += [(s.local_date, s.routine_title, s.note) for s in named if s.note]
    notes = sorted(notes, key=lambda n: n[0], reverse=True)[:RECENT_NOTES]
    falls = sum(d.get("falls") or 0 for d in summary["days"])
    near = sum(1 for d in summary["days"] if (d.get("near_falls") or 0) > 0)
    routines = [(r.title, schedule_words(r)) for r in services.plan.routines()]
    patient = read_profile(services.settings).for_report()
    return ReportData(patient, first, last, now, routines, summary, efforts, notes, falls, near)
