"""The routine file format (``exercises/routines/*.toml``), validated with pydantic.

A routine is what a physiotherapist prescribes: an ordered list of steps (an exercise
plus its parameters), when it is done (schedule) and for how long (program). A step's
parameters override the exercise's defaults; anything left out uses the default.
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from cipn_coach.i18n import N_  # marked here, translated where shown (the editors)
from cipn_coach.routines.exercise_format import (
    TRANSLATIONS,
    Identifier,
    ShortText,
    SideHandling,
    Strict,
    Text,
)
from cipn_coach.routines.text_numbers import number_mismatches


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
            raise ValueError(N_("a weekday is listed twice"))
        if len({slot.name for slot in self.slots}) != len(self.slots):
            raise ValueError(N_("two slots have the same name"))
        return self


def bounded(low: float, high: float, message: str) -> object:
    """A range check whose error is the plain sentence ``message`` (for the editor's
    inline messages, e.g. "hold must be 5–120 s"), with the bounds kept in the JSON Schema.

    pydantic's own ``ge``/``le`` messages ("Input should be less than or equal to 120")
    name neither the quantity nor the unit, which is what a clinician needs to fix it.
    """

    def check(value: float) -> float:
        if not low <= value <= high:  # NaN fails both comparisons: refused too
            raise PydanticCustomError("out_of_range", message)
        return value

    return AfterValidator(check)


def _schema(low: float, high: float) -> object:
    return Field(json_schema_extra={"minimum": low, "maximum": high})


Sets = Annotated[int, bounded(1, 10, N_("sets must be 1–10")), _schema(1, 10)]
Reps = Annotated[int, bounded(1, 50, N_("reps must be 1–50")), _schema(1, 50)]
HoldSeconds = Annotated[int, bounded(5, 1800, N_("hold must be 5–1800 s")), _schema(5, 1800)]
ProgressionHold = Annotated[int, bounded(5, 120, N_("hold must be 5–120 s")), _schema(5, 120)]
RestSeconds = Annotated[int, bounded(0, 300, N_("rest must be 0–300 s")), _schema(0, 300)]
StepPrepare = Annotated[
    int, bounded(10, 300, N_("preparation time must be 10–300 s")), _schema(10, 300)
]
SecondsPerRep = Annotated[
    float, bounded(1.0, 20.0, N_("seconds per rep must be 1–20")), _schema(1.0, 20.0)
]
LevelNumber = Annotated[int, bounded(1, 8, N_("level must be 1–8")), _schema(1, 8)]
EveryWeeks = Annotated[int, bounded(1, 4, N_("'every_weeks' must be 1–4")), _schema(1, 4)]


class HoldProgression(Strict):
    """ "+``add_seconds`` s hold every ``every_weeks`` weeks, up to ``max`` s"."""

    kind: Literal["hold"]
    add_seconds: Annotated[int, bounded(1, 30, N_("a hold step must be 1–30 s")), _schema(1, 30)]
    every_weeks: EveryWeeks = 1
    max: ProgressionHold


class RepsProgression(Strict):
    """ "+``add`` reps every ``every_weeks`` weeks, up to ``max``"."""

    kind: Literal["reps"]
    add: Annotated[int, bounded(1, 10, N_("reps added must be 1–10")), _schema(1, 10)]
    every_weeks: EveryWeeks = 1
    max: Reps


class SelfTestGoal(Strict):
    """A self-test result that lets a level rise (the physiotherapist's choice), e.g. the
    4-stage balance test at 30 seconds or more: heel to toe was held for 10 seconds."""

    test: Identifier = Field(description="a self-test's id (exercises/selftests)")
    at_least: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]


class LevelProgression(Strict):
    """Level up one a week when it is going well; down one after a warning sign.

    Structured fields, not a rule text to evaluate: a file can only choose numbers and
    switches, never supply an expression. Up (at a week boundary): the last ``up_after``
    effort ratings of this routine were all ≤ ``up_max_effort`` and no near-fall was
    reported in the 7 days before. Down (from the next session): after a near-fall
    (``down_on_near_fall``) or a session stopped for pain (``down_on_pain_stop``).
    Never below ``min`` nor above ``max`` (default: the exercise's last level).
    """

    kind: Literal["level"]
    up_after: Annotated[
        int, bounded(2, 10, N_("'up_after' must be 2–10 ratings")), _schema(2, 10)
    ] = 3
    up_max_effort: Annotated[
        int, bounded(0, 10, N_("'up_max_effort' must be 0–10")), _schema(0, 10)
    ] = 5
    down_on_near_fall: bool = True
    down_on_pain_stop: bool = True
    # The physiotherapist's choice: let the level rise in the week of a chemotherapy cycle
    # too. Off by default: the days around an infusion are the wrong time for harder balance.
    up_in_cycle_week: bool = False
    # Also up (at a week boundary, the same safety holds) when this self-test reached
    # ``at_least`` since the level last changed, however the sessions felt.
    up_on_self_test: SelfTestGoal | None = None
    min: LevelNumber = 1
    max: LevelNumber | None = None

    @model_validator(mode="after")
    def _order(self) -> LevelProgression:
        if self.max is not None and self.max < self.min:
            raise ValueError(N_("the highest level is below the lowest"))
        return self


Progression = Annotated[
    HoldProgression | RepsProgression | LevelProgression, Field(discriminator="kind")
]


class StepTexts(Strict):
    """A step's own words in another language (``[steps.zh_HK]`` under its ``[[steps]]``)."""

    note: Text | None = None
    spoken_text: Text | None = None


class RoutineTexts(Strict):
    """A routine's words in another language (its ``[zh_HK]`` table)."""

    title: ShortText
    description: Text
    source: Text


class Step(Strict):
    """One exercise in a routine with the physiotherapist's parameters.

    ``level_by_week`` lists the progression level for program week 1, 2, 3 …; the last
    entry holds for any later week. It is how the Balance builder steps up week by week.
    ``progression`` holds rules instead (at most one per kind), applied by
    ``cipn_coach.routines.progression.plan_for_day`` from the patient's history.
    ``prepare_seconds`` overrides the routine's lead-in for this step only: filling a
    basin for a foot soak takes longer than sitting up for finger exercises.
    """

    exercise: Identifier
    sets: Sets | None = None
    reps: Reps | None = None
    hold_seconds: HoldSeconds | None = None
    rest_seconds: RestSeconds | None = None
    side_handling: SideHandling | None = None
    seconds_per_rep: SecondsPerRep | None = None
    level: LevelNumber | None = None
    level_by_week: list[LevelNumber] = Field(default_factory=list, max_length=8)
    prepare_seconds: StepPrepare | None = None
    progression: list[Progression] = Field(default_factory=list, max_length=3)
    note: Text | None = None
    spoken_text: Text | None = None
    zh_HK: StepTexts | None = None

    def translation(self, language: str) -> StepTexts | None:
        return getattr(self, language, None) if language in TRANSLATIONS else None

    @model_validator(mode="after")
    def _levels(self) -> Step:
        if self.level is not None and self.level_by_week:
            raise ValueError(N_("give either 'level' or 'level_by_week', not both"))
        kinds = [rule.kind for rule in self.progression]
        if len(set(kinds)) != len(kinds):
            raise ValueError(N_("a progression kind is listed twice"))
        if "level" in kinds and self.level_by_week:
            raise ValueError(N_("give either 'level_by_week' or a level progression, not both"))
        if "hold" in kinds and "reps" in kinds:
            raise ValueError(
                N_("a step is timed or counted: progress its hold or its reps, not both")
            )
        for rule in self.progression:
            if (
                isinstance(rule, LevelProgression)
                and self.level is not None
                and not rule.min <= self.level <= (rule.max or 8)
            ):
                raise ValueError(N_("the starting level is outside the progression's levels"))
            if isinstance(rule, HoldProgression) and (self.hold_seconds or 0) > rule.max:
                raise ValueError(N_("hold_seconds is above the progression's max"))
            if isinstance(rule, RepsProgression) and (self.reps or 0) > rule.max:
                raise ValueError(N_("reps is above the progression's max"))
        return self

    def rule(self, kind: str) -> HoldProgression | RepsProgression | LevelProgression | None:
        return next((r for r in self.progression if r.kind == kind), None)


class Program(Strict):
    length_days: int = Field(default=28, ge=14, le=28)


class SelfTestWhen(StrEnum):
    """The scheduled self-test days of a programme (``selftest_schedule``)."""

    BASELINE = "baseline"  # the programme's first day
    WEEKLY = "weekly"  # every 7 days after it
    FINAL = "final"  # its last day


class SelfTestPlan(Strict):
    """The physiotherapist's choice of self-tests and when they are due. A routine
    without one uses the defaults: every test but the optional ones, on every scheduled
    day."""

    tests: list[Identifier] = Field(
        default_factory=list, max_length=20, description="the self-tests' ids (exercises/selftests)"
    )
    when: list[SelfTestWhen] = Field(default_factory=lambda: list(SelfTestWhen), max_length=3)

    @model_validator(mode="after")
    def _no_repeats(self) -> SelfTestPlan:
        if len(set(self.tests)) != len(self.tests) or len(set(self.when)) != len(self.when):
            raise ValueError(N_("a self-test or a time is listed twice"))
        return self


class Routine(Strict):
    """``archived`` routines keep their history but are not offered for new plans;
    ``author`` is the clinician or clinic that wrote it (shown in the editor)."""

    id: Identifier
    version: int = Field(default=1, ge=1, le=1_000_000)
    title: ShortText
    description: Text
    author: ShortText | None = None
    archived: bool = False
    get_ready_seconds: int = Field(default=10, ge=3, le=60)
    prepare_seconds: int = Field(default=10, ge=3, le=120)
    schedule: Schedule
    program: Program = Field(default_factory=Program)
    self_tests: SelfTestPlan | None = None
    steps: list[Step] = Field(min_length=1, max_length=40)
    source: Text
    zh_HK: RoutineTexts | None = None

    def translation(self, language: str) -> RoutineTexts | None:
        """The ``[language]`` table, or None (also for "en": the main texts are English)."""
        return getattr(self, language, None) if language in TRANSLATIONS else None

    def retitled(self, title: str) -> Routine:
        """This routine under another title (a rename, a copy). Its translation tables
        name the old title, so they are left out: the routine then reads in its own words
        in every language until it is translated again. A stale Chinese name would be
        wrong, and a table whose numbers no longer match the title is refused outright."""
        if title == self.title:
            return self
        return self.model_copy(update={"title": title, **dict.fromkeys(TRANSLATIONS)})

    @model_validator(mode="after")
    def _translations_match(self) -> Routine:
        problems = []
        for language in TRANSLATIONS:
            problems += self._translation_problems(language)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _translation_problems(self, language: str) -> list[str]:
        """A translated routine translates every step's note and spoken text (no field
        missing, none extra) with the English numbers. Without the routine's own table a
        step's table is ignored: the routine editor keeps the steps of a built-in copy but
        writes its own title, and must not be refused for it."""
        texts = self.translation(language)
        if texts is None:
            return []
        problems, pairs = (
            [],
            [
                (f"{language}.{name}", getattr(self, name), getattr(texts, name))
                for name in ("title", "description", "source")
            ],
        )
        for index, step in enumerate(self.steps):
            step_texts = step.translation(language) or StepTexts()
            for name in ("note", "spoken_text"):
                english, translated = getattr(step, name), getattr(step_texts, name)
                where = f"steps.{index}.{language}.{name}"
                if (english is None) != (translated is None):
                    problems.append(
                        f"{where}: missing"
                        if translated is None
                        else f"{where}: the English step has no {name}"
                    )
                elif english is not None:
                    pairs.append((where, english, translated))
        return problems + number_mismatches(pairs)
