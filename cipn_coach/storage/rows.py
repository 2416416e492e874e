"""The plain records the storage layer hands out: sessions, steps, check-ins, routines.

They live apart from the repositories so that code which only *reads* them (the
schedule, the rules, the summary) can run without
importing SQLAlchemy, which costs ~0.7 s of the app's start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.routines.exercise_format import Exercise
    from cipn_coach.routines.routine_format import Routine

IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STOPPED = "stopped"
PARTIAL = "partial"
ENDED_STATUSES = (COMPLETED, STOPPED, PARTIAL)

# Columns in the order the rows below take them; shared by every reader of the tables.
SESSION_FIELDS = (
    "id",
    "routine_id",
    "routine_title",
    "slot",
    "local_date",
    "started_at",
    "ended_at",
    "status",
    "planned_seconds",
    "done_seconds",
    "effort",
    "symptoms_change",
    "note",
)
STEP_FIELDS = (
    "position",
    "exercise_id",
    "title",
    "planned_seconds",
    "done_seconds",
    "planned_reps",
    "done_reps",
    "skipped",
    "completed",
)
# A check-in's answers, copied verbatim between the current row and a history row.
ANSWERS = (
    "hands",
    "feet",
    "pain",
    "night",
    "woke_me",
    "cold_sensitive",
    "dropped",
    "fine_motor",
    "held_wall",
    "stumbled",
    "falls",
    "near_falls",
    "new_weakness",
    "unfelt_wound",
    "note",
    "daily_tasks_harder",
    "self_care_harder",
)


class StepDone(Protocol):
    """What was done of one step, as the session engine reports it
    (``engine.session.StepProgress`` has this shape): storage writes it without
    depending on the engine."""

    @property
    def step_index(self) -> int: ...
    @property
    def exercise_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def planned_seconds(self) -> float: ...
    @property
    def planned_reps(self) -> int | None: ...
    @property
    def done_seconds(self) -> float: ...
    @property
    def done_reps(self) -> int | None: ...
    @property
    def skipped(self) -> bool: ...
    @property
    def completed(self) -> bool: ...


@dataclass(frozen=True)
class StepRow:
    position: int
    exercise_id: str
    title: str
    planned_seconds: float
    done_seconds: float
    planned_reps: int | None
    done_reps: int | None
    skipped: bool
    completed: bool


@dataclass(frozen=True)
class SessionRow:
    id: int
    routine_id: str
    routine_title: str
    slot: str | None
    local_date: date
    started_at: datetime
    ended_at: datetime | None
    status: str
    planned_seconds: float
    done_seconds: float
    effort: int | None
    symptoms_change: str | None
    note: str | None
    steps: tuple[StepRow, ...]

    @property
    def done_fraction(self) -> float:
        if self.planned_seconds <= 0:
            return 0.0
        return min(1.0, self.done_seconds / self.planned_seconds)


class SessionOutcome(NamedTuple):
    """What adherence reads of a session: which routine and slot, on which day, how it
    ended and how much of it was done (``SessionRow`` without its times, rating and
    steps). A tuple, not a frozen dataclass: years of sessions are read for a summary,
    and a frozen dataclass costs several times the row's reading to build.

    ``started_at`` is naive UTC: it only orders a day's sessions against each other.
    """

    id: int
    routine_id: str
    slot: str | None
    local_date: date
    started_at: datetime
    status: str
    planned_seconds: float
    done_seconds: float

    @property
    def done_fraction(self) -> float:
        if self.planned_seconds <= 0:
            return 0.0
        return min(1.0, self.done_seconds / self.planned_seconds)


OUTCOME_FIELDS = SessionOutcome._fields


class DayAnswers(NamedTuple):
    """A day's current check-in as the summary reads it: the answers and the version,
    not the times it was saved (``CheckInRow`` without them). A tuple for the reason
    ``SessionOutcome`` is one: a summary reads years of days."""

    day: date
    hands: int
    feet: int
    pain: int
    night: int | None
    pain_kinds: tuple[str, ...]
    woke_me: bool
    cold_sensitive: bool
    dropped: bool
    fine_motor: bool
    held_wall: bool
    stumbled: bool
    falls: int
    near_falls: int
    new_weakness: bool
    unfelt_wound: bool
    daily_tasks_harder: bool | None
    self_care_harder: bool | None
    note: str | None
    version: int


DAY_ANSWER_FIELDS = DayAnswers._fields


@dataclass(frozen=True)
class CheckInRow:
    """One version of a day's check-in, as the rules and the UI read it.

    ``version`` counts saves of that day (1 = first report). For history rows
    ``replaced_at`` is when a newer version replaced this one; ``None`` for the current.
    """

    day: date
    hands: int
    feet: int
    pain: int
    pain_kinds: tuple[str, ...]
    night: int | None
    woke_me: bool
    cold_sensitive: bool
    dropped: bool
    fine_motor: bool
    held_wall: bool
    stumbled: bool
    falls: int
    near_falls: int
    new_weakness: bool
    unfelt_wound: bool
    note: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    # The weekly daily-life answers (None: not asked that day). After the timestamps, with
    # defaults, so rows read in column order and older callers still build one.
    daily_tasks_harder: bool | None = None
    self_care_harder: bool | None = None
    replaced_at: datetime | None = None

    def values(self) -> CheckInValues:
        """The answers as a form model, e.g. to prefill the check-in screen for an edit."""
        from cipn_coach.checkin.schema import CheckInValues

        data = {name: getattr(self, name) for name in ANSWERS}
        return CheckInValues.parse({**data, "pain_kinds": self.pain_kinds})


def checkin_row(get: Callable[[str], Any], replaced_at: datetime | None = None) -> CheckInRow:
    """A check-in from a stored row, whatever reads it (ORM object or plain row);
    ``get(column)`` returns the column's Python value. Unknown pain kinds are dropped
    here, as they have always been: only the listed kinds mean anything to the rules."""
    from cipn_coach.checkin.fields import PainKind

    known = {kind.value for kind in PainKind}
    kinds = tuple(k for k in get("pain_kinds").split(",") if k in known)
    return CheckInRow(
        day=get("day"),
        pain_kinds=kinds,
        version=get("version"),
        created_at=get("created_at"),
        updated_at=get("updated_at"),
        replaced_at=replaced_at,
        **{name: get(name) for name in ANSWERS},
    )


@dataclass(frozen=True)
class RoutineRow:
    id: str
    version: int
    title: str
    routine: Routine
    archived: bool
    source: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PictureData:
    mime: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class CustomExerciseRow:
    exercise: Exercise
    picture: PictureData | None
    created_at: datetime
