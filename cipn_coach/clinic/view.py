"""One patient's imported record, read through the same interfaces as the app's services.

``PatientView`` offers what ``summary.load_summary`` and the plan read from ``Services``
(settings, check-ins, sessions, the library with the patient's own routines, the plan,
the treatment record and the self-test results),
over rows already read from the clinic database. So the panel and a patient's summary
run the app's own calculators (flags, adherence, averages) unchanged, and a clinic sees
exactly the numbers the patient's own Progress screen shows. Read-only throughout.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cipn_coach.backup.format import (
    BackupData,
    CustomExerciseData,
    RoutineData,
    SelfTestResultData,
    TreatmentData,
)
from cipn_coach.clinic.db import ClinicDatabase
from cipn_coach.clinic.models import ClinicPatient
from cipn_coach.errors import CoachError
from cipn_coach.i18n import _
from cipn_coach.routines.library import Library
from cipn_coach.routines.library_merge import library_with_custom
from cipn_coach.selftests.library import SelfTestResult
from cipn_coach.services import PlanService
from cipn_coach.storage.rows import (
    CheckInRow,
    CustomExerciseRow,
    PictureData,
    RoutineRow,
    SessionRow,
    StepRow,
)
from cipn_coach.treatment.record import Cycle, Treatment


class ReadOnlySettings:
    """The patient's settings (JSON values by key), as a settings store."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        raise TypeError("a patient's imported record is read-only in the clinic")


@dataclass
class CheckIns:
    """``CheckInRepository.between``/``answers_between``/``get`` over the current
    check-ins, sorted by day."""

    rows: list[CheckInRow]
    _days: list[date] = field(init=False)

    def __post_init__(self) -> None:
        self.rows.sort(key=lambda row: row.day)
        self._days = [row.day for row in self.rows]

    def between(self, first: date, last: date) -> list[CheckInRow]:
        lo = bisect.bisect_left(self._days, first)
        hi = bisect.bisect_right(self._days, last)
        return self.rows[lo:hi]

    def answers_between(self, first: date, last: date) -> list[CheckInRow]:
        """What the summary reads: the rows themselves (they hold the answers)."""
        return self.between(first, last)

    def get(self, day: date) -> CheckInRow | None:
        found = self.between(day, day)
        return found[0] if found else None

    @property
    def last_day(self) -> date | None:
        return self._days[-1] if self._days else None


@dataclass
class Sessions:
    """``SessionRepository.between``/``outcomes``/``skipped_steps`` over the patient's
    sessions.

    ``skipped``: (local day, exercise id) → skipped steps, for a caller that read the
    counts rather than every step; otherwise they are counted from the steps.
    """

    rows: list[SessionRow]
    skipped: dict[tuple[date, str], int] | None = None

    def __post_init__(self) -> None:
        self.rows.sort(key=lambda row: row.started_at)

    def between(self, first: date, last: date, *, with_steps: bool = True) -> list[SessionRow]:
        return [row for row in self.rows if first <= row.local_date <= last]

    def outcomes(self, first: date, last: date) -> list[SessionRow]:
        """What adherence reads: the rows themselves (they hold their outcomes)."""
        return self.between(first, last)

    def outcomes_newest_first(self, first: date, last: date) -> Iterator[SessionRow]:
        """``outcomes``, the latest day first (the summary's streak reads back)."""
        rows = self.between(first, last)
        yield from sorted(rows, key=lambda row: (row.local_date, row.started_at), reverse=True)

    def skipped_steps(self, first: date, last: date) -> dict[str, int]:
        counts: Counter[str] = Counter()
        if self.skipped is not None:
            for (day, exercise), n in self.skipped.items():
                if first <= day <= last:
                    counts[exercise] += n
            return dict(counts)
        for row in self.between(first, last):
            counts.update(step.exercise_id for step in row.steps if step.skipped)
        return dict(counts)


class SavedRoutines:
    """The patient's own routines and exercises, for ``library_with_custom`` and the
    routine file export (``list_exercises``)."""

    def __init__(self, routines: list[RoutineData], exercises: list[CustomExerciseData]) -> None:
        self._routines = routines
        self._exercises = exercises

    def latest(self) -> list[RoutineRow]:
        newest: dict[str, RoutineData] = {}
        for routine in self._routines:
            if routine.id not in newest or routine.version > newest[routine.id].version:
                newest[routine.id] = routine
        return [
            RoutineRow(
                r.id, r.version, r.title, r.body, r.archived, r.source, r.created_at, r.updated_at
            )
            for _, r in sorted(newest.items())
        ]

    def list_exercises(self) -> list[CustomExerciseRow]:
        return [
            CustomExerciseRow(
                e.exercise,
                PictureData(e.picture.mime, e.picture.data) if e.picture else None,
                e.created_at,
            )
            for e in self._exercises
        ]


class ImportedTreatment:
    """``TreatmentService.record`` over the treatment the patient's exports carried (an
    empty ``Treatment`` when they had none: the summary's per-cycle part stays empty
    rather than guessed)."""

    def __init__(self, treatment: Treatment | None = None) -> None:
        self._treatment = treatment or Treatment()

    def record(self) -> Treatment:
        return self._treatment


class ImportedSelfTests:
    """``SelfTestService.between`` over the self-test results the patient's exports
    carried, oldest first (none: the summary's ``self_tests`` section is empty, never
    made up)."""

    def __init__(self, results: list[SelfTestResult] | None = None) -> None:
        self._results = sorted(results or [], key=lambda r: (r.day, r.created_at, r.uid))

    def between(self, first: date, last: date) -> list[SelfTestResult]:
        return [r for r in self._results if first <= r.day <= last]


@dataclass
class PatientView:
    """The services ``load_summary`` reads, for one imported patient."""

    settings: ReadOnlySettings
    checkins: CheckIns
    sessions: Sessions
    library: Library
    saved: SavedRoutines
    plan: PlanService = field(init=False)
    self_tests: ImportedSelfTests = field(default_factory=ImportedSelfTests)
    treatment: ImportedTreatment = field(default_factory=ImportedTreatment)

    def __post_init__(self) -> None:
        self.plan = PlanService(
            self.library,
            self.settings,  # type: ignore[arg-type]
            self.sessions,
            self.checkins,
        )  # type: ignore[arg-type]

    def reading(self) -> AbstractContextManager[object]:
        """``Services.reading``: the rows are in memory already, nothing to begin."""
        return nullcontext()


def patient_library(base: Library, saved: SavedRoutines) -> Library:
    """The file library with the patient's own routines laid over it (as the app does)."""
    if not saved.latest() and not saved.list_exercises():
        return base
    return library_with_custom(base, saved)


def view_of(data: BackupData, base: Library) -> PatientView:
    """A view over a whole record read as the backup model (one patient's summary)."""
    from cipn_coach.storage.rows import checkin_row

    checkins = []
    for c in data.checkins:
        columns = {
            name: getattr(c, name)
            for name in CheckInRow.__dataclass_fields__
            if name not in ("pain_kinds", "replaced_at")
        }
        columns["pain_kinds"] = ",".join(k.value for k in c.pain_kinds)
        checkins.append(checkin_row(columns.__getitem__))
    sessions = [
        SessionRow(
            index,
            s.routine_id,
            s.routine_title,
            s.slot,
            s.local_date,
            s.started_at,
            s.ended_at,
            s.status,
            s.planned_seconds,
            s.done_seconds,
            s.effort,
            s.symptoms_change,
            s.note,
            tuple(
                StepRow(
                    t.position,
                    t.exercise_id,
                    t.title,
                    t.planned_seconds,
                    t.done_seconds,
                    t.planned_reps,
                    t.done_reps,
                    t.skipped,
                    t.completed,
                )
                for t in s.steps
            ),
        )
        for index, s in enumerate(data.sessions, start=1)
    ]
    saved = SavedRoutines(list(data.routines), list(data.custom_exercises))
    return PatientView(
        ReadOnlySettings(dict(data.settings)),
        CheckIns(checkins),
        Sessions(sessions),
        patient_library(base, saved),
        saved,
        self_tests=ImportedSelfTests([self_test_result(r) for r in data.self_tests]),
        treatment=ImportedTreatment(treatment_of(data.treatment)),
    )


def treatment_of(data: TreatmentData | None) -> Treatment | None:
    """The backup model's treatment as the app's ``Treatment``."""
    if data is None:
        return None
    cycles = tuple(Cycle(c.day, c.planned) for c in data.cycles)
    return Treatment(tuple(data.agents), data.finished_on, cycles)


def self_test_result(data: SelfTestResultData) -> SelfTestResult:
    """The backup model's self-test result as the app's ``SelfTestResult``."""
    return SelfTestResult(
        data.uid,
        data.test_id,
        data.day,
        data.value,
        data.side,
        data.stopped_for_safety,
        data.source,
        data.created_at,
        data.note,
    )


def open_patient(
    db: ClinicDatabase, patient_id: int, base: Library
) -> tuple[ClinicPatient, PatientView]:
    """One patient's row and a view of their whole record; an unknown id is a
    ``CoachError`` (the CLI's one line)."""
    from cipn_coach.clinic import records

    with db.transaction() as s:
        patient = s.get(ClinicPatient, patient_id)
        if patient is None:
            raise CoachError(
                _("there is no patient #{id} in this clinic (see 'clinic panel')").format(
                    id=patient_id
                )
            )
        data = records.load(s, patient)
    return patient, view_of(data, base)


def saved_of(routines_json: str, exercises_json: str) -> SavedRoutines:
    """The patient's own routines and exercises from the clinic row's JSON columns."""
    routines = [RoutineData.model_validate(r) for r in json.loads(routines_json)]
    exercises = [CustomExerciseData.model_validate(e) for e in json.loads(exercises_json)]
    return SavedRoutines(routines, exercises)


def summary_of(view: PatientView, first: date, last: date, now: datetime) -> dict[str, Any]:
    """``summary --json`` of the period, as the patient's own app computes it."""
    from cipn_coach.reports.summary import load_summary

    return load_summary(view, first, last, now)
