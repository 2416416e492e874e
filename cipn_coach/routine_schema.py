"""The routine file format (``exercises/routines/*.toml``), validated with pydantic.

A routine is what a physiotherapist prescribes: an ordered list of steps (an exercise
plus its parameters), when it is done (schedule) and for how long (program). A step's
parameters override the exercise's defaults; anything left out uses the default.
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cipn_coach.exercise_schema import Identifier, ShortText, SideHandling, Strict, Text


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


ALL_DAYS: tuple[Weekday, ...] = tuple(Weekday)

TimeOfDay = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Slot(Strict):
    """A named time of day at which the routine is due, e.g. morning at 08:00."""

    name: ShortText
    time: TimeOfDay

    @property
    def clock_time(self) -> time:
        hours, minutes = self.time.split(":")
        return time(int(hours), int(minutes))


class Schedule(Strict):
    slots: list[Slot] = Field(min_length=1, max_length=6)
    days: list[Weekday] = Field(default_factory=lambda: list(ALL_DAYS), min_length=1, max_length=7)

    @model_validator(mode="after")
    def _unique(self) -> Schedule:
        if len(set(self.days)) != len(self.days):
            raise ValueError("a weekday is listed twice")
        if len({slot.name for slot in self.slots}) != len(self.slots):
            raise ValueError("two slots have the same name")
        return self


class Step(Strict):
    """One exercise in a routine with the physiotherapist's parameters.

    ``level_by_week`` lists the progression level for program week 1, 2, 3 …; the last
    entry holds for any later week. It is how the Balance builder steps up week by week.
    """

    exercise: Identifier
    sets: int | None = Field(default=None, ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=5, le=1800)
    rest_seconds: int | None = Field(default=None, ge=0, le=300)
    side_handling: SideHandling | None = None
    seconds_per_rep: float | None = Field(default=None, ge=1.0, le=20.0)
    level: int | None = Field(default=None, ge=1, le=8)
    level_by_week: list[int] = Field(default_factory=list, max_length=8)
    note: Text | None = None
    spoken_text: Text | None = None

    @model_validator(mode="after")
    def _levels(self) -> Step:
        if any(not 1 <= lvl <= 8 for lvl in self.level_by_week):
            raise ValueError("level_by_week values must be 1–8")
        if self.level is not None and self.level_by_week:
            raise ValueError("give either 'level' or 'level_by_week', not both")
        return self


class Program(Strict):
    length_days: int = Field(default=28, ge=14, le=28)


class Routine(Strict):
    id: Identifier
    version: int = Field(default=1, ge=1)
    title: ShortText
    description: Text
    get_ready_seconds: int = Field(default=10, ge=3, le=60)
    prepare_seconds: int = Field(default=10, ge=3, le=120)
    schedule: Schedule
    program: Program = Field(default_factory=Program)
    steps: list[Step] = Field(min_length=1, max_length=40)
    source: Text
