"""The services a front end needs, opened once per data folder: the core's one front door.

The UI and the CLI both start here (as Anki's ``Collection`` is for its Qt front end):
one service per domain, ``routines`` (and own exercises), ``checkins``, ``sessions``,
``plan``, ``treatment``, ``self_tests``, ``preferences``, ``patient``, ``backups`` and
``exports``. Their writes keep the services' caches (the exercise library) current and
return what changed (``cipn_coach.changes``), so a front end refreshes from that one
value. Nothing outside
the core opens the database or its repositories; pages are handed the services they use.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cipn_coach.backup.exports import ExportService
from cipn_coach.backup.snapshots import BackupService
from cipn_coach.changes import Changes
from cipn_coach.checkin.averages import by_day
from cipn_coach.checkin.flags import Flag, flags
from cipn_coach.checkin.service import CheckInService
from cipn_coach.checkin.thresholds import DEFAULT_SUMMARY_DAYS
from cipn_coach.errors import CoachError
from cipn_coach.routines.library import Library, load_library
from cipn_coach.routines.library_merge import library_with_custom
from cipn_coach.routines.plan import PlannedStep
from cipn_coach.routines.routine_format import Routine
from cipn_coach.routines.schedule import (
    DueSession,
    WeekAdherence,
    due_on,
    program_week,
    week_adherence,
)
from cipn_coach.routines.service import RoutineService
from cipn_coach.sessions.service import SessionService
from cipn_coach.sessions.titles import titled
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.preferences import Preferences
from cipn_coach.settings.service import PatientService, SettingsService
from cipn_coach.storage.rows import SessionRow
from cipn_coach.treatment.service import TreatmentService

if TYPE_CHECKING:  # SQLAlchemy is imported only when the database is really opened
    from collections.abc import Callable

    from cipn_coach.checkin.prompts import CheckInPrompts
    from cipn_coach.clinic.service import ClinicService
    from cipn_coach.engine.timeline import SpokenLengths
    from cipn_coach.selftests.service import SelfTestService
    from cipn_coach.storage.db import Database
    from cipn_coach.storage.repository import SettingsRepository
    from cipn_coach.storage.selftests import SelfTestRepository
    from cipn_coach.storage.writer import OrderedWriter
    from cipn_coach.treatment.record import Treatment


DEFAULT_PLAN = prefs.DEFAULT_PLAN


class PlanService:
    """Which routines the patient follows, and since when (program day/week)."""

    def __init__(
        self,
        library: Library,
        settings: SettingsRepository,
        sessions: SessionService | None = None,
        checkins: CheckInService | None = None,
        treatment: TreatmentService | None = None,
        self_tests: SelfTestRepository | None = None,
    ) -> None:
        self._library = library
        self._self_tests = self_tests  # results a level rule may wait for
        self._treatment = treatment
        self._settings = Preferences(settings)
        self._sessions = sessions
        self._checkins = checkins

    def _cycle_days(self) -> tuple[date, ...]:
        """The chemotherapy cycle days: balance levels hold still around them."""
        return self._treatment.cycle_days() if self._treatment is not None else ()

    def routines(self) -> list[Routine]:
        """The patient's routines, their morning/evening slots at the patient's preferred
        times when set (see ``session_times``)."""
        from cipn_coach.settings.session_times import preferred_times, with_preferred_times

        ids = self._settings.get(prefs.PLAN_ROUTINES)
        times = preferred_times(self._settings)
        return [
            with_preferred_times(self._library.routines[i], times)
            for i in ids
            if i in self._library.routines
        ]

    def start_date(self, today: date) -> date:
        """The program's first day; set to ``today`` the first time it is asked."""
        stored = self._settings.get(prefs.PLAN_START)  # a bad stored value reads as unset
        if stored is None:
            self._settings.set(prefs.PLAN_START, today)
            return today
        return stored

    def week(self, day: date) -> int:
        return program_week(self.start_date(day), day)

    def set_routines(self, ids: list[str] | tuple[str, ...]) -> Changes:
        """Follow these routines (by id), from the next session on."""
        self._settings.set(prefs.PLAN_ROUTINES, tuple(ids))
        return Changes(plan=True)

    def set_start(self, day: date) -> Changes:
        """Move the programme's first day (``PreferenceError`` for a day out of range)."""
        self._settings.set(prefs.PLAN_START, day)
        return Changes(plan=True)

    def plan_for(self, routine: Routine, day: date, start: date | None = None) -> list[PlannedStep]:
        """The routine's steps for ``day`` with its progression rules applied to the
        patient's record (sessions since the program start, check-ins for near-falls).
        ``start`` is the program's first day when the caller has already read it.

        Call it when a session starts, so a change never lands in the middle of one.
        """
        from cipn_coach.routines.progression import History, plan_for_day

        start = start or self.start_date(day)
        if not any(rule.kind == "level" for step in routine.steps for rule in step.progression):
            # hold and reps grow by program week alone: no need to read the record
            return plan_for_day(routine, self._library, start, day, History())
        first = min(start, day) - timedelta(days=7)  # near-falls just before the start count
        history = History.from_rows(
            self._sessions.between(first, day, with_steps=False) if self._sessions else [],
            self._checkins.between(first, day) if self._checkins else [],
            self._cycle_days(),
            self._self_tests.between(first, day) if self._self_tests else [],
        )
        return plan_for_day(routine, self._library, start, day, history)


# Today shows the flags of the default summary period (what Progress and the report show
# by default, worded the same) that are current: their rule held within the last week
FLAG_PERIOD_DAYS = DEFAULT_SUMMARY_DAYS
FLAG_HISTORY_DAYS = 42  # check-ins read so that 14-day spans and 7-day averages are whole


@dataclass
class DayStatus:
    """Where the patient stands on a day: what is due, this week's adherence, the
    programme's day, whether the day's check-in is done and the flags current on it
    (the Today page, the CLI's tests of timing and the flags all read this)."""

    day: date
    due: list[DueSession]
    week: WeekAdherence
    program_day: int
    program_length: int
    checked_in: bool = False
    flags: list[Flag] = field(default_factory=list)
    treatment: Treatment | None = None  # the chemotherapy record, when one was entered


@dataclass
class TodayData:
    """Everything the Today page shows: the day, each routine's length in minutes (with
    today's progression applied) and the most recent sessions, newest first."""

    view: DayStatus
    minutes: dict[str, int]
    recent: list[SessionRow]
    spoken: dict[str, list[str]] = field(default_factory=dict)  # each routine's phrases


RECENT_SESSIONS = 5
RECENT_SESSION_DAYS = 14


@dataclass
class Services:
    db: Database
    library: Library
    sessions: SessionService
    settings: SettingsRepository
    plan: PlanService
    checkins: CheckInService
    # a session's steps, its end and rating: saved in order off the UI thread (the
    # writer ``sessions`` records on; the window flushes it before closing)
    writer: OrderedWriter
    # sessions a crash, a power cut or a closed window left unfinished, found at start-up
    # (before they were marked partial): the newest of today's is offered to continue
    interrupted: list[SessionRow] = field(default_factory=list)
    # the chemotherapy record and its cycle days (treatment.py); without one (a database
    # opened without its tables) the record reads as empty and writes are refused
    treatment: TreatmentService = field(default_factory=lambda: TreatmentService(None))
    # ``library`` is in the reader's language (for showing and speaking); these are the
    # same exercises and routines as written, in English with their translation tables:
    # what is edited, saved and exported, so a save never drops a translation
    originals: Library = None  # type: ignore[assignment]  # None: the same as ``library``

    routines: RoutineService = field(init=False)
    preferences: SettingsService = field(init=False)
    patient: PatientService = field(init=False)
    backups: BackupService = field(init=False)
    exports: ExportService = field(init=False)

    def __post_init__(self) -> None:
        if self.originals is None:
            self.originals = self.library
        self.routines = RoutineService(self.db, self.library, self.originals)
        self.preferences = SettingsService(self.settings)
        self.patient = PatientService(self.settings)
        self.backups = BackupService(self.db.path, self.close)
        self.exports = ExportService(self.db)

    def period(
        self, key: str, today: date, first: date | None = None, last: date | None = None
    ) -> tuple[date, date]:
        """The days of a period the person chose (``cipn_coach.reports.periods``), for Progress
        and the report alike."""
        from cipn_coach.reports import periods

        if not periods.needs_start(key):
            return periods.period(key, today, first=first, last=last)
        first_checkin = self.checkins.first_day() if key == periods.ALL else None
        return periods.period(
            key,
            today,
            self.plan.start_date(today),
            first_checkin=first_checkin,
            first=first,
            last=last,
        )

    @cached_property
    def self_tests(self) -> SelfTestService:
        """Self-tests (issue 15): results, what is due, Progress's cards. Made on first use:
        a start-up that shows no self-test loads none of their modules."""
        from cipn_coach.selftests.service import SelfTestService
        from cipn_coach.storage.selftests import SelfTestRepository

        return SelfTestService(
            SelfTestRepository(self.db), self.plan, self.library, self.patient, self.checkins
        )

    def data_folder(self) -> Path | None:
        """The folder holding the database and its backups (None for a database URL that
        is not a file): what About tells the patient."""
        return self.db.path.parent if self.db.path is not None else None

    def clinic(self, now: Callable[[], datetime], folder: Path | None = None) -> ClinicService:
        """The clinic workspace (many patients' imported exports, issue 17 §2): by default
        the private SQLite folder ``clinic`` in the data folder, as ``cipn-coach clinic``
        opens it. ``now``: local wall-clock time."""
        from cipn_coach.clinic.db import CLINIC_FOLDER, clinic_url_for
        from cipn_coach.clinic.service import ClinicService

        if folder is None:
            data_folder = self.data_folder()
            if data_folder is None:
                from cipn_coach.i18n import _

                raise CoachError(_("the clinic needs a data folder (this database is not a file)"))
            folder = data_folder / CLINIC_FOLDER
        # the English originals, as the CLI reads them: a routine file keeps its translations
        return ClinicService(clinic_url_for(folder), self.originals, now)

    def checkin_prompts(self, day: date) -> CheckInPrompts:
        """Whether ``day``'s check-in asks the weekly questions, and stresses cold."""
        from cipn_coach.checkin.fields import DAILY_LIFE_EVERY_DAYS
        from cipn_coach.checkin.prompts import prompts_for

        reach = timedelta(days=DAILY_LIFE_EVERY_DAYS - 1)
        rows = self.checkins.between(day - reach, day + reach)
        return prompts_for(rows, self.treatment.record(), day)

    def reading(self) -> AbstractContextManager[object]:
        """Reads made inside are one read transaction: one snapshot, one begin
        (``Database.reading``). For a calculator that reads many things, e.g. a summary."""
        return self.db.reading()

    def unread_repair_notice(self) -> str | None:
        """What a repair of this data (by the app or a command) said and the person has
        not yet read: the app shows it at every start until it is read."""
        from cipn_coach.storage import repair_notice

        return None if self.db.path is None else repair_notice.unread(self.db.path.parent)

    def mark_repair_notice_read(self) -> None:
        from cipn_coach.storage import repair_notice

        if self.db.path is not None:
            repair_notice.mark_read(self.db.path.parent)

    def close(self) -> None:
        """Save what is still queued, then close the database. Files validated from now
        on are kept nowhere: not in this data folder, which may be read-only or gone
        (a command run next in the same process, a finished demo's building folder)."""
        from cipn_coach.routines import validated_files

        self.writer.close()
        self.db.close()
        validated_files.keep_in(None)

    def day_status(self, now: datetime) -> DayStatus:
        routines = self.plan.routines()
        monday = now.date() - timedelta(days=now.date().weekday())
        this_week = self.sessions.between(monday, monday + timedelta(days=6), with_steps=False)
        return self._day_status(now, routines, self.plan.start_date(now.date()), this_week)

    def _day_status(
        self, now: datetime, routines: list[Routine], start: date, this_week: list[SessionRow]
    ) -> DayStatus:
        day = now.date()
        due = due_on(routines, day, [s for s in this_week if s.local_date == day], now)
        length = max((r.program.length_days for r in routines), default=28)
        adherence = week_adherence(routines, day, this_week, now, start)
        first = day - timedelta(days=FLAG_PERIOD_DAYS - 1)
        history = by_day(self.checkins.between(first - timedelta(days=FLAG_HISTORY_DAYS), day))
        treatment = self.treatment.record()
        current = [f for f in flags(history, first, day, treatment=treatment) if f.current]
        return DayStatus(
            day,
            due,
            adherence,
            (day - start).days + 1,
            length,
            checked_in=day in history,
            flags=current,
            treatment=None if treatment.is_empty else treatment,
        )

    def today_data(
        self, now: datetime, lengths: Callable[[list[str]], SpokenLengths] | None = None
    ) -> TodayData:
        """Everything Today shows, read once: the plan's two settings, one query for the
        sessions (this week's and the recent ones together) and one for the check-ins.

        ``lengths``: how long the chosen voice takes to say given phrases, so each
        routine's minutes are what the session will take (a slow voice takes longer).
        """
        start = self.plan.start_date(now.date())  # written on a first start: before the read
        with self.reading():  # a dozen small reads, one begin and commit (~0.15 ms each)
            return self._today_screen(now, start, lengths)

    def _today_screen(
        self,
        now: datetime,
        start: date,
        lengths: Callable[[list[str]], SpokenLengths] | None,
    ) -> TodayData:
        from cipn_coach.engine.timeline import SpokenLengths, build_timeline

        estimated = SpokenLengths()  # what a timeline built without lengths assumes
        day = now.date()
        routines = self.plan.routines()
        monday = day - timedelta(days=day.weekday())
        sunday = monday + timedelta(days=6)
        recent_from = day - timedelta(days=RECENT_SESSION_DAYS - 1)
        sessions = self.sessions.between(min(monday, recent_from), sunday, with_steps=False)
        minutes, spoken = {}, {}
        for r in routines:
            steps = self.plan.plan_for(r, day, start)
            timeline = build_timeline(steps, r.get_ready_seconds, r.prepare_seconds)
            spoken[r.id] = [str(c["text"]) for c in timeline.script() if c["kind"] != "chime"]
            measured = lengths(spoken[r.id]) if lengths is not None else estimated
            if measured != estimated:  # at start nothing is measured yet: the same timeline
                timeline = build_timeline(
                    steps, r.get_ready_seconds, r.prepare_seconds, spoken=measured
                )
            minutes[r.id] = round(timeline.total_duration / 60)
        this_week = [s for s in sessions if monday <= s.local_date]
        recent = [s for s in sessions if recent_from <= s.local_date <= day]
        return TodayData(
            self._day_status(now, routines, start, this_week),
            minutes,
            titled(list(reversed(recent[-RECENT_SESSIONS:])), self.library),
            spoken,
        )


def open_services(
    data_dir: Path | None = None,
    database_url: str | None = None,
    library: Library | None = None,
    recover: bool = False,
    repair: bool = True,
    language: str = "en",
    migrate_apart: bool = False,
) -> Services:
    """Open the data folder's database (migrating it) and load the exercise library.

    ``language`` ("en", "zh_HK"): the language the library is shown and spoken in
    (``Services.library``); ``Services.originals`` keeps the English with its tables.

    ``repair=False`` refuses to repair a damaged database (``DamagedDatabase``): a
    command repairs only when the person asked for it with ``--repair``.

    ``recover`` marks sessions a crash left in progress as partial; only the app does
    that at start, never a CLI command that may run beside a live session.

    ``migrate_apart``: the app's, which stays open; see ``storage.db.open_database``.
    """
    from cipn_coach.routines import validated_files

    checked = None
    if database_url is None:
        from cipn_coach.paths import default_data_dir, validated_files_dir
        from cipn_coach.storage.backup import DATABASE_FILE
        from cipn_coach.storage.startup_check import StartupCheck

        data_dir = data_dir or default_data_dir()
        # begun first: the file is checked while SQLAlchemy loads (storage.startup_check)
        checked = StartupCheck(data_dir / DATABASE_FILE)
        validated_files.keep_in(validated_files_dir(data_dir))
    else:
        validated_files.keep_in(None)  # a clinic's database: no folder of the patient's
    from cipn_coach.storage.checkins import CheckInRepository
    from cipn_coach.storage.db import database_url_for, open_database
    from cipn_coach.storage.repository import SessionRepository, SettingsRepository

    if database_url is None:
        database_url = database_url_for(data_dir)
    db = open_database(database_url, repair=repair, migrate_apart=migrate_apart, checked=checked)
    from cipn_coach.storage.routines import RoutineRepository

    # Routines and own exercises saved in the app (clinician mode, imports) join the files.
    originals = library_with_custom(library or load_library(), RoutineRepository(db))
    library = originals if language == originals.language else originals.localized(language)
    settings = SettingsRepository(db)
    session_records = SessionRepository(db)
    checkins = CheckInService(CheckInRepository(db))
    from cipn_coach.storage.treatment import TreatmentRepository

    treatment = TreatmentService(TreatmentRepository(db))
    interrupted: list[SessionRow] = []
    if recover:
        interrupted = session_records.unfinished()
        session_records.mark_unfinished_partial()
    from cipn_coach.storage.writer import OrderedWriter

    writer = OrderedWriter()
    sessions = SessionService(session_records, writer)
    from cipn_coach.storage.selftests import SelfTestRepository

    plan = PlanService(library, settings, sessions, checkins, treatment, SelfTestRepository(db))
    return Services(
        db,
        library,
        sessions,
        settings,
        plan,
        checkins,
        writer,
        interrupted=interrupted,
        originals=originals,
        treatment=treatment,
    )
