"""The JSON backup format (``cipn-coach-backup``, version 1), as pydantic models.

A backup is one person's whole record: settings, every check-in with its earlier
versions, every session with its steps, the routines and own exercises saved in the
app, and the self-test results. It is explicit (one model per kind of record, not a dump of whatever tables
exist) so that a file written today can be read, checked and merged by a later app,
and versioned so a later app can refuse or convert a format it does not know.

Rules the file follows (and import checks, naming the field path of every problem):

- Every timestamp carries a time zone and is written in UTC (``...Z``); calendar days
  (``day``, ``local_date``) are the patient's local dates, as in the database.
- Bounds are those of the app (0–10 scales, counts 0–50, note lengths); strings and
  lists are bounded so a hostile file cannot exhaust memory after the 50 MB size check.
- An import validates with the context ``{"now": <aware now>}`` and then also applies
  what the app itself refuses (issue 19): no day before ``EARLIEST_DAY`` or after today,
  no timestamp in the future, no session or step ending before its session started, no
  step with more done than planned (plus ``DONE_MARGIN``). Export validates without that
  context, so a record saved under a wrong clock can still be exported.
- Identity: check-ins by ``day``, sessions by ``uid``, routines by ``id`` + ``version``,
  own exercises by ``id``, cycles by ``day``, self-test results by ``uid``; each must be unique in the file.
- ``treatment`` (the chemotherapy record, optional) and the check-ins' two weekly
  daily-life answers came later in version 1: a file without them reads as "none".

Only models here (no database, no I/O): ``backup_json`` reads and writes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    JsonValue,
    ValidationInfo,
    model_validator,
)

from cipn_coach.checkin.schema import CheckInValues, day_problem
from cipn_coach.i18n import N_, _
from cipn_coach.routines.exercise_format import Exercise, Strict
from cipn_coach.routines.routine_file import Picture
from cipn_coach.routines.routine_format import Routine
from cipn_coach.treatment.record import MAX_CYCLES, Agent

FORMAT = "cipn-coach-backup"
FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 50 * 1024 * 1024
SESSION_NOTE_MAX_CHARS = 20_000  # session notes may carry a merge remark (see backup_merge)
MAX_SECONDS = 24 * 3600.0  # one session or step never lasts longer than a day
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2200, 12, 31)


CLOCK_SLACK = timedelta(days=1)  # the file's computer may be a time zone ahead of ours
DONE_MARGIN_SECONDS = 5.0  # a step's timer may overrun its plan by a tick, never more


def _import_now(info: ValidationInfo) -> datetime | None:
    """The moment an import is checked against, or ``None`` (export: no such check)."""
    now = (info.context or {}).get("now") if isinstance(info.context, dict) else None
    return now if isinstance(now, datetime) else None


def _utc(moment: datetime, info: ValidationInfo) -> datetime:
    """Any offset in, UTC out: two files with the same instants compare equal."""
    moment = moment.astimezone(UTC)
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError(
            _("must be between {first} and {last}").format(first=FIRST_DAY.year, last=LAST_DAY.year)
        )
    now = _import_now(info)
    if now is not None and moment > now + CLOCK_SLACK:
        raise ValueError(_("{moment} is in the future").format(moment=moment.isoformat()))
    return moment


def _day(day: date, info: ValidationInfo) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            _("must be between {first} and {last}").format(
                first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
            )
        )
    now = _import_now(info)
    if now is not None:
        problem = day_problem(day, (now + CLOCK_SLACK).date())
        if problem is not None:
            raise ValueError(problem)
    return day


def _any_day(day: date) -> date:
    """A day that may lie ahead (a planned cycle): only the format's bounds."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            _("must be between {first} and {last}").format(
                first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
            )
        )
    return day


Timestamp = Annotated[AwareDatetime, AfterValidator(_utc)]
Day = Annotated[date, AfterValidator(_day)]
PlanDay = Annotated[date, AfterValidator(_any_day)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)]
Reps = Annotated[int, Field(ge=0, le=100_000)]
Version = Annotated[int, Field(ge=1, le=1_000_000)]
Id = Annotated[str, Field(min_length=1, max_length=64)]
Title = Annotated[str, Field(max_length=200)]


class CheckInAnswers(CheckInValues):
    """One version of a day's check-in: the answers (validated exactly as the form
    validates them) and when they were given."""

    version: Version
    created_at: Timestamp
    updated_at: Timestamp


class CheckInVersionData(CheckInAnswers):
    """An earlier version; ``replaced_at`` is when a newer one was saved over it."""

    replaced_at: Timestamp


class CheckInData(CheckInAnswers):
    """A day's current check-in and its earlier versions (oldest first)."""

    day: Day
    history: list[CheckInVersionData] = Field(default_factory=list, max_length=5000)

    @model_validator(mode="after")
    def _versions(self) -> CheckInData:
        numbers = [h.version for h in self.history]
        if len(set(numbers)) != len(numbers):
            raise ValueError(_("history: two earlier versions have the same version number"))
        if any(n >= self.version for n in numbers):
            raise ValueError(_("history: an earlier version's number is not below the current one"))
        return self


class StepData(Strict):
    position: Annotated[int, Field(ge=0, le=999)]
    exercise_id: Id
    title: Title
    planned_seconds: Seconds
    done_seconds: Seconds
    planned_reps: Reps | None = None
    done_reps: Reps | None = None
    skipped: bool
    completed: bool
    ended_at: Timestamp

    @model_validator(mode="after")
    def _plausible(self, info: ValidationInfo) -> StepData:
        if (
            _import_now(info) is not None
            and self.done_seconds > self.planned_seconds + DONE_MARGIN_SECONDS
        ):
            raise ValueError(
                _("done_seconds {done} is more than planned ({planned})").format(
                    done=f"{self.done_seconds:g}", planned=f"{self.planned_seconds:g}"
                )
            )
        return self


class SessionData(Strict):
    uid: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,36}$")]
    routine_id: Id
    routine_version: Annotated[int, Field(ge=0, le=1_000_000)]
    routine_title: Title
    slot: Annotated[str, Field(max_length=64)] | None = None
    local_date: Day
    program_week: Annotated[int, Field(ge=0, le=1000)] = 1
    started_at: Timestamp
    ended_at: Timestamp | None = None
    status: Literal["in_progress", "completed", "stopped", "partial"]
    planned_seconds: Seconds
    done_seconds: Seconds
    effort: Annotated[int, Field(ge=0, le=10)] | None = None
    symptoms_change: Literal["better", "same", "worse"] | None = None
    note: Annotated[str, Field(max_length=SESSION_NOTE_MAX_CHARS)] | None = None
    steps: list[StepData] = Field(default_factory=list, max_length=1000)

    @model_validator(mode="after")
    def _positions(self, info: ValidationInfo) -> SessionData:
        positions = [s.position for s in self.steps]
        if len(set(positions)) != len(positions):
            raise ValueError(_("steps: two steps have the same position"))
        if _import_now(info) is not None:
            if self.ended_at is not None and self.ended_at < self.started_at:
                raise ValueError(_("ended_at: the session ends before it starts"))
            if any(step.ended_at < self.started_at for step in self.steps):
                raise ValueError(_("steps: a step ends before its session starts"))
        return self


class RoutineData(Strict):
    """One stored version of a routine; ``body`` is the routine itself, fully validated."""

    id: Id
    version: Version
    title: Title
    body: Routine
    archived: bool = False
    source: Literal["builtin", "clinician", "imported"]
    created_at: Timestamp
    updated_at: Timestamp


class CustomExerciseData(Strict):
    """A clinician's own exercise and its picture (checked: PNG, JPEG or a plain SVG)."""

    exercise: Exercise
    picture: Picture | None = None
    created_at: Timestamp


class CycleData(Strict):
    """One chemotherapy cycle day; ``planned`` while it is still to come. A planned day
    may lie ahead (that is what planned means); a given one may not."""

    day: PlanDay
    planned: bool = False

    @model_validator(mode="after")
    def _given_not_ahead(self, info: ValidationInfo) -> CycleData:
        now = _import_now(info)
        if not self.planned and now is not None and self.day > (now + CLOCK_SLACK).date():
            raise ValueError(
                _("a cycle on {day} is after today but not marked planned").format(
                    day=self.day.isoformat()
                )
            )
        return self


class TreatmentData(Strict):
    """The chemotherapy record: medicines, cycle days (oldest first), end day."""

    agents: list[Agent] = Field(default_factory=list, max_length=len(Agent))
    finished_on: Day | None = None
    cycles: list[CycleData] = Field(default_factory=list, max_length=MAX_CYCLES)

    @model_validator(mode="after")
    def _unique(self) -> TreatmentData:
        _unique([a.value for a in self.agents], N_("medicine"))
        _unique([c.day.isoformat() for c in self.cycles], N_("cycle day"))
        return self


class SelfTestResultData(Strict):
    """One self-test result. Its test id is not checked against this app's tests: a
    backup from a later app with a new test must still import, and not lose that result."""

    uid: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,36}$")]
    test_id: Id
    day: Day
    side: Literal["left", "right"] | None = None
    value: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
    stopped_for_safety: bool = False
    source: Literal["app", "paper"]
    note: Annotated[str, Field(max_length=1000)] | None = None
    created_at: Timestamp


SettingKey = Annotated[str, Field(min_length=1, max_length=100)]


def _unique(values: list[object], what: str) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(_("{what} {value} appears twice").format(what=_(what), value=value))
        seen.add(value)


class BackupData(Strict):
    settings: dict[SettingKey, JsonValue] = Field(default_factory=dict, max_length=2000)
    checkins: list[CheckInData] = Field(default_factory=list, max_length=100_000)
    sessions: list[SessionData] = Field(default_factory=list, max_length=200_000)
    routines: list[RoutineData] = Field(default_factory=list, max_length=10_000)
    custom_exercises: list[CustomExerciseData] = Field(default_factory=list, max_length=2000)
    treatment: TreatmentData | None = None
    # written only when there are results, so a file without any still reads in an app
    # from before self-tests
    self_tests: list[SelfTestResultData] = Field(default_factory=list, max_length=100_000)

    @model_validator(mode="after")
    def _identities(self) -> BackupData:
        _unique([c.day.isoformat() for c in self.checkins], N_("check-in day"))
        _unique([s.uid for s in self.sessions], N_("session uid"))
        _unique([f"{r.id} {r.version}" for r in self.routines], N_("routine (id and version)"))
        _unique([e.exercise.id for e in self.custom_exercises], N_("own exercise"))
        _unique([r.uid for r in self.self_tests], N_("self-test result uid"))
        for key, value in self.settings.items():
            if len(repr(value)) > 100_000:
                raise ValueError(_("setting {key} is larger than 100 KB").format(key=key))
        return self

    def counts(self) -> dict[str, int]:
        """Records per kind, for summaries ("28 check-ins, 60 sessions")."""
        return {
            "checkins": len(self.checkins),
            "checkin_versions": sum(len(c.history) for c in self.checkins),
            "sessions": len(self.sessions),
            "steps": sum(len(s.steps) for s in self.sessions),
            "routines": len(self.routines),
            "custom_exercises": len(self.custom_exercises),
            "self_tests": len(self.self_tests),
            "settings": len(self.settings),
            "cycles": len(self.treatment.cycles) if self.treatment else 0,
        }


class Backup(Strict):
    format: Literal["cipn-coach-backup"]
    format_version: Literal[1]
    app_version: Annotated[str, Field(max_length=40)]
    created: Timestamp
    data: BackupData
