"""The self-test file format (``exercises/selftests/*.toml``), validated with pydantic.

A self-test is a short, guided measurement (a chair stand, a balance hold) that a
physiotherapist reads as a number over time. Each file carries the protocol the app
follows, the range a result may take (so a typo "110" for "11" stands is refused), and
either a published reference band with its source, or the reason why the test shows the
patient's own trend only. The app never makes up a reference number: no band in the
file means no band on screen.
"""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise
from typing import Annotated

from pydantic import Field, model_validator

from cipn_coach.exercise_schema import Identifier, ShortText, Strict, Text

Age = Annotated[int, Field(ge=18, le=120)]
Bound = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
SEXES = ("female", "male")


class Area(StrEnum):
    BALANCE = "balance"
    LEGS = "legs"
    HANDS = "hands"


class Procedure(StrEnum):
    """How the app runs the test, which decides the player's phases.

    ``stopwatch``: an open-ended timed phase the patient ends (Space, a big button) or
    that ends by itself at ``cap_seconds``; the result is the time. ``timed_count``: a
    fixed ``cap_seconds`` window, then "how many?" entered with big number buttons.
    ``tap_count``: a fixed window in which the app counts presses of a big key.
    ``stages``: stances held for ``cap_seconds`` each, stopping at the first not held;
    the result is the seconds held in all.
    """

    STOPWATCH = "stopwatch"
    TIMED_COUNT = "timed_count"
    TAP_COUNT = "tap_count"
    STAGES = "stages"


class Better(StrEnum):
    """Which way is better: more stands, or fewer seconds."""

    HIGHER = "higher"
    LOWER = "lower"


class Sides(StrEnum):
    """``none``: one result per test. ``left_right``: one result per leg or hand."""

    NONE = "none"
    LEFT_RIGHT = "left_right"


class Stage(Strict):
    """One stance of a staged test (the 4-stage balance test: feet together … one leg)."""

    title: ShortText
    instruction: Text


class BandRow(Strict):
    """The band for one age group (and sex, when the source splits by sex).

    ``low`` only: "at least"; ``high`` only: "at most"; both: a range. Ages are whole
    years, inclusive at both ends, as published ("70–74").
    """

    sex: str | None = Field(default=None, description="female, male, or absent for both")
    age_from: Age
    age_to: Age
    low: Bound | None = None
    high: Bound | None = None

    @model_validator(mode="after")
    def _consistent(self) -> BandRow:
        if self.sex is not None and self.sex not in SEXES:
            raise ValueError(f"sex must be {' or '.join(SEXES)}, not '{self.sex}'")
        if self.age_from > self.age_to:
            raise ValueError("age_from is after age_to")
        if self.low is None and self.high is None:
            raise ValueError("give low, high or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low is above high")
        return self


class Reference(Strict):
    """A published reference band: the citation, what the band means, and its rows."""

    source: Text
    meaning: Text = Field(description="what the band is, e.g. '25th–75th percentile'")
    below_note: Text | None = Field(
        default=None, description="said when a result is on the worse side of the band")
    rows: list[BandRow] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _no_overlap(self) -> Reference:
        by_sex = [row.sex for row in self.rows]
        if None in by_sex and any(by_sex):
            raise ValueError("rows: either every row names a sex, or none does")
        for sex in set(by_sex):
            spans = sorted((r.age_from, r.age_to) for r in self.rows if r.sex == sex)
            for (_, end), (start, _) in pairwise(spans):
                if start <= end:
                    raise ValueError(f"rows: age groups overlap ({sex or 'both sexes'})")
        return self

    @property
    def by_sex(self) -> bool:
        return self.rows[0].sex is not None


class SelfTest(Strict):
    id: Identifier
    title: ShortText
    area: Area
    procedure: Procedure
    unit: ShortText = Field(description="what the value counts: 'seconds', 'stands', 'taps'")
    better: Better
    value_min: Bound = 0
    value_max: Bound
    cap_seconds: int = Field(ge=5, le=600, description="stopwatch cap, fixed window, or stage")
    sides: Sides = Sides.NONE
    trials: int = Field(default=1, ge=1, le=3, description="best of this many tries")
    optional: bool = Field(default=False, description="off until a physiotherapist adds it")
    needs_helper: bool = Field(default=False, description="someone must be present")
    equipment: list[ShortText] = Field(default_factory=list, max_length=8)
    instructions: list[Text] = Field(min_length=1, max_length=10)
    ready_cue: Text | None = Field(
        default=None, description="said before each try, then '3, 2, 1' (default: the "
        "first instruction)")
    side_noun: ShortText = Field(default="side", description="'leg', 'hand'")
    stages: list[Stage] = Field(default_factory=list, max_length=6)
    question: ShortText | None = Field(default=None, description="the count entry's question")
    safety: list[Text] = Field(min_length=1, max_length=10)
    stop_rules: list[Text] = Field(min_length=1, max_length=10)
    # a path inside the assets folder, as in exercise files; none yet for the chair tests
    illustration: Annotated[str, Field(pattern=r"^[a-z0-9_-]+(/[a-z0-9_-]+)*\.svg$")] | None = None
    source: Text = Field(description="where the protocol comes from")
    reference: Reference | None = None
    trend_only: Text | None = Field(default=None, description="why there is no band")

    @model_validator(mode="after")
    def _consistent(self) -> SelfTest:
        if (self.reference is None) == (self.trend_only is None):
            raise ValueError("give exactly one of 'reference' or 'trend_only'")
        if self.value_min >= self.value_max:
            raise ValueError("value_min must be below value_max")
        if (self.procedure == Procedure.STAGES) != bool(self.stages):
            raise ValueError("'stages' are given exactly when the procedure is 'stages'")
        if (self.procedure == Procedure.TIMED_COUNT) != (self.question is not None):
            raise ValueError("a 'question' is asked exactly when the procedure is 'timed_count'")
        if self.reference is not None:
            for row in self.reference.rows:
                for bound in (row.low, row.high):
                    if bound is not None and not self.value_min <= bound <= self.value_max:
                        raise ValueError(f"reference band {bound} is outside the value range")
        return self

    @property
    def timed(self) -> bool:
        """Whether the value is a time (seconds), as opposed to a count."""
        return self.procedure in (Procedure.STOPWATCH, Procedure.STAGES)
