"""The panel: every patient, sorted by who needs attention first.

Four reasons, most urgent first (the order of the sort):

1. a red flag ("contact the care team now") held on a day of the last 7;
2. a check-up recommended (an "evaluation recommended" flag) in the last 7 days;
3. adherence under 50 % over the last 7 days (sessions done of those planned);
4. no check-in for 3 days or more (or none at all).

The flags and the adherence are the app's own (``summary.load_summary`` over a
``PatientView``, the patient's treatment record included: some flags depend on the
cycles), so the clinic sees the patient's own numbers. The whole panel is read in a
handful of queries (no steps: only their skipped counts; no self-test results, which no
row shows), whatever the number of patients.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cipn_coach.checkin.flags import CONTACT_NOW, EVALUATION
from cipn_coach.clinic.db import ClinicDatabase
from cipn_coach.clinic.models import (
    ClinicCheckIn,
    ClinicCycle,
    ClinicPatient,
    ClinicSession,
    ClinicStep,
    ClinicTreatment,
)
from cipn_coach.clinic.view import (
    CheckIns,
    ImportedTreatment,
    PatientView,
    ReadOnlySettings,
    Sessions,
    patient_library,
    saved_of,
    summary_of,
)
from cipn_coach.routines.library import Library
from cipn_coach.storage.rows import SESSION_FIELDS, SessionRow, checkin_row
from cipn_coach.treatment.record import AGENT_ORDER, Cycle, Treatment

PANEL_DAYS = 7
LOW_ADHERENCE_PERCENT = 50.0
NO_CHECKIN_DAYS = 3
RED_FLAG, CHECK_UP, LOW_ADHERENCE, NO_CHECKIN = (
    "red_flag",
    "check_up",
    "low_adherence",
    "no_checkin",
)
REASON_ORDER = (RED_FLAG, CHECK_UP, LOW_ADHERENCE, NO_CHECKIN)


@dataclass(frozen=True)
class PanelRow:
    """One patient on the panel, and why they are where they are."""

    patient_id: int
    name: str | None
    record_id: str
    last_checkin: date | None
    days_without_checkin: int | None  # None: never checked in
    red_flags: list[str]  # the rules that fired
    check_up: list[str]
    adherence_percent: float | None  # None: nothing was planned in the last 7 days
    reasons: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        urgency = tuple(reason not in self.reasons for reason in REASON_ORDER)
        quiet = -(self.days_without_checkin if self.days_without_checkin is not None else 10**6)
        return (*urgency, quiet, (self.name or "").casefold(), self.patient_id)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_checkin"] = self.last_checkin.isoformat() if self.last_checkin else None
        return data


def row_for(
    patient_id: int, name: str | None, record_id: str, view: PatientView, now: datetime
) -> PanelRow:
    """The panel row of one patient, from the app's own summary of the last 7 days."""
    today = now.date()
    summary = summary_of(view, today - timedelta(days=PANEL_DAYS - 1), today, now)
    red = sorted({f["rule"] for f in summary["flags"] if f["level"] == CONTACT_NOW})
    check_up = sorted({f["rule"] for f in summary["flags"] if f["level"] == EVALUATION})
    percent = summary["adherence"]["percent"]
    last = view.checkins.last_day
    quiet = None if last is None else (today - last).days
    reasons = []
    if red:
        reasons.append(RED_FLAG)
    if check_up:
        reasons.append(CHECK_UP)
    if percent is not None and percent < LOW_ADHERENCE_PERCENT:
        reasons.append(LOW_ADHERENCE)
    if quiet is None or quiet >= NO_CHECKIN_DAYS:
        reasons.append(NO_CHECKIN)
    return PanelRow(patient_id, name, record_id, last, quiet, red, check_up, percent, reasons)


def _grouped_checkins(s: Session) -> dict[int, list[Any]]:
    by_patient: dict[int, list[Any]] = defaultdict(list)
    for row in s.scalars(select(ClinicCheckIn)):
        by_patient[row.patient_id].append(checkin_row(lambda column, r=row: getattr(r, column)))
    return by_patient


def _grouped_sessions(s: Session) -> dict[int, list[SessionRow]]:
    columns = [getattr(ClinicSession, name) for name in SESSION_FIELDS]
    by_patient: dict[int, list[SessionRow]] = defaultdict(list)
    for patient_id, *values in s.execute(select(ClinicSession.patient_id, *columns)):
        by_patient[patient_id].append(SessionRow(*values, ()))
    return by_patient


def _grouped_skips(s: Session, since: date) -> dict[int, dict[tuple[date, str], int]]:
    """Skipped steps per patient, day and exercise since ``since`` (counted by the
    database: the panel never reads the steps themselves)."""
    query = (
        select(
            ClinicSession.patient_id, ClinicSession.local_date, ClinicStep.exercise_id, func.count()
        )
        .join(ClinicSession, ClinicSession.id == ClinicStep.session_id)
        .where(ClinicSession.local_date >= since, ClinicStep.skipped.is_(True))
        .group_by(ClinicSession.patient_id, ClinicSession.local_date, ClinicStep.exercise_id)
    )
    skips: dict[int, dict[tuple[date, str], int]] = defaultdict(dict)
    for patient_id, day, exercise, count in s.execute(query):
        skips[patient_id][(day, exercise)] = count
    return skips


def _grouped_treatments(s: Session) -> dict[int, Treatment]:
    """Each patient's treatment record (medicines, end day, cycle days), if any."""
    cycles: dict[int, list[Cycle]] = defaultdict(list)
    for patient_id, day, planned in s.execute(
        select(ClinicCycle.patient_id, ClinicCycle.day, ClinicCycle.planned)
    ):
        cycles[patient_id].append(Cycle(day, planned))
    known = {agent.value: agent for agent in AGENT_ORDER}
    records = {row.patient_id: row for row in s.scalars(select(ClinicTreatment))}
    treatments = {}
    for patient_id in set(cycles) | set(records):
        row = records.get(patient_id)
        agents = tuple(known[a] for a in row.agents.split(",") if a in known) if row else ()
        finished_on = row.finished_on if row else None
        treatments[patient_id] = Treatment(agents, finished_on, tuple(cycles[patient_id]))
    return treatments


def build_panel(db: ClinicDatabase, library: Library, now: datetime) -> list[PanelRow]:
    """Every patient's row, most in need of attention first. ``now``: local wall clock."""
    since = now.date() - timedelta(days=PANEL_DAYS - 1)
    with db.transaction() as s:
        patients = s.scalars(select(ClinicPatient)).all()
        checkins = _grouped_checkins(s)
        sessions = _grouped_sessions(s)
        skips = _grouped_skips(s, since)
        treatments = _grouped_treatments(s)
    rows = []
    for patient in patients:
        saved = saved_of(patient.routines, patient.custom_exercises)
        view = PatientView(
            ReadOnlySettings(json.loads(patient.settings)),
            CheckIns(checkins.get(patient.id, [])),
            Sessions(sessions.get(patient.id, []), skips.get(patient.id, {})),
            patient_library(library, saved),
            saved,
            treatment=ImportedTreatment(treatments.get(patient.id)),
        )
        rows.append(row_for(patient.id, patient.name, patient.record_id, view, now))
    return sorted(rows, key=lambda row: row.sort_key)
