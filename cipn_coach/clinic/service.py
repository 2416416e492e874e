"""The clinic workspace's front door for a front end (the app's Clinic mode).

The CLI (``cli_clinic``) works on the database directly; the app's pages may not (the UI
never touches storage), so they go through this one object: import files, read the
panel, open one patient read-only (their summary, efforts, self-test cards and report
data, computed by the app's own calculators over ``PatientView``) and write a routine
file of theirs.

Each call opens the clinic database and closes it again: the workspace is used now and
then, and nothing stays open (or locked) behind the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cipn_coach.errors import CoachError
from cipn_coach.i18n import _
from cipn_coach.reports import periods
from cipn_coach.routines.library import Library
from cipn_coach.settings import preferences as prefs

if TYPE_CHECKING:
    from cipn_coach.clinic.db import ClinicDatabase
    from cipn_coach.clinic.importer import FileImported
    from cipn_coach.clinic.panel import PanelRow
    from cipn_coach.clinic.view import PatientView
    from cipn_coach.reports.report_data import ReportData
    from cipn_coach.routines.routine_format import Routine
    from cipn_coach.selftests.service import ProgressCard


@dataclass(frozen=True)
class OpenedPatient:
    """One patient of the clinic, read once, shown read-only."""

    patient_id: int
    name: str | None
    view: PatientView

    def period(self, key: str, today: date) -> tuple[date, date]:
        """The days of Progress's range ``key`` ("2w", "4w", "all") for this patient;
        never writes (an imported record is read-only)."""
        if not periods.needs_start(key):
            return periods.period(key, today)
        start = prefs.Preferences(self.view.settings).get(  # type: ignore[arg-type]
            prefs.PLAN_START
        )
        first_checkin = self.view.checkins.rows[0].day if self.view.checkins.rows else None
        return periods.period(
            key, today, start or first_checkin or today, first_checkin=first_checkin
        )

    def summary(self, first: date, last: date, now: datetime) -> dict[str, Any]:
        """``summary --json`` of the period, as the patient's own Progress computes it."""
        from cipn_coach.clinic.view import summary_of

        return summary_of(self.view, first, last, now)

    def efforts(self, first: date, last: date) -> list[tuple[date, int | None]]:
        """The sessions' effort ratings of the period, for Progress's effort chart."""
        return [
            (s.local_date, s.effort)
            for s in self.view.sessions.between(first, last, with_steps=False)
        ]

    def self_test_cards(self, today: date) -> list[ProgressCard]:
        """The self-test cards of the patient's own Progress: every result they recorded,
        the latest in words, against the band for their age."""
        from cipn_coach.selftests.library import selftests_in
        from cipn_coach.selftests.service import progress_cards
        from cipn_coach.settings.patient import read_profile

        return progress_cards(
            selftests_in(self.view.library.language),
            self.view.self_tests.between(date.min, today),
            read_profile(self.view.settings),  # type: ignore[arg-type]
            today,
        )

    def report(self, first: date, last: date, now: datetime) -> ReportData:
        """What the PDF report says about this patient for the period."""
        from cipn_coach.reports.report_data import build_report

        return build_report(self.view, first, last, now)

    def routines(self) -> list[Routine]:
        """The routines named by the patient's exports that this app knows."""
        return self.view.plan.routines()


class ClinicService:
    """Import, panel, one patient and their routine file, on the clinic database at
    ``url``. ``now``: local wall-clock time (tests inject a fixed one)."""

    def __init__(self, url: str, library: Library, now: Callable[[], datetime]) -> None:
        self.url = url
        self._library = library
        self._now = now

    @contextmanager
    def _database(self) -> Iterator[ClinicDatabase]:
        from cipn_coach.clinic.db import open_clinic

        db = open_clinic(self.url)
        try:
            yield db
        finally:
            db.close()

    def import_files(self, paths: list[Path]) -> list[FileImported]:
        """Import every file or none (``FileFormatError``, one line, names the bad one)."""
        from cipn_coach.clinic.importer import import_files

        with self._database() as db:
            return import_files(db, list(paths), self._library, now=self._now().astimezone())

    def panel(self) -> list[PanelRow]:
        """Every patient, who needs attention first (``clinic panel``)."""
        from cipn_coach.clinic.panel import build_panel

        with self._database() as db:
            return build_panel(db, self._library, self._now())

    def open_patient(self, patient_id: int) -> OpenedPatient:
        """One patient's whole record; an unknown id is a ``CoachError``."""
        from cipn_coach.clinic.view import open_patient

        with self._database() as db:
            patient, view = open_patient(db, patient_id, self._library)
        return OpenedPatient(patient.id, patient.name, view)

    def export_routine(
        self, patient: OpenedPatient, path: Path, routine_id: str | None = None
    ) -> Routine:
        """Write the patient's routine (the one they follow, or ``routine_id``) to ``path``
        as a routine file; ``CoachError`` when there is none or more than one to choose."""
        from cipn_coach.backup.json_file import check_export_target
        from cipn_coach.routines import routine_file

        check_export_target(path)
        routines = patient.routines()
        if routine_id is not None:
            routines = [r for r in routines if r.id == routine_id]
        if not routines:
            raise CoachError(
                _(
                    "this patient's exports name no routine this app knows (a FHIR "
                    "bundle names routines only by title): import their JSON "
                    "backup"
                )
            )
        if len(routines) > 1:
            raise CoachError(
                _("this patient follows {count} routines: choose one of {routines}").format(
                    count=len(routines), routines=", ".join(r.id for r in routines)
                )
            )
        routine_file.export(routines[0], path, patient.view.saved, self._now().astimezone())
        return routines[0]
