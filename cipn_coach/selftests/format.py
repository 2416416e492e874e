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

from cipn_coach.routines.exercise_format import TRANSLATIONS, Identifier, ShortText, Strict, Text
from cipn_coach.routines.text_numbers import count_mismatches, number_mismatches

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
        default=None, description="said when a result is on the worse side of the band"
    )
    family_below_note: Text | None = Field(
        default=None,
        description="the same note in the family view: about the patient, for a relative",
    )
    rows: list[BandRow] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _family_note(self) -> Reference:
        # a relative must never read the patient's own note ("Mention this to your…")
        if (self.below_note is None) != (self.family_below_note is None):
            raise ValueError("give 'family_below_note' exactly when 'below_note' is given")
        return self

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


class ReferenceTexts(Strict):
    source: Text
    meaning: Text
    below_note: Text | None = None
    family_below_note: Text | None = None


class SelfTestTexts(Strict):
    """Every word of a self-test in another language (a ``[zh_HK]`` table in its file),
    paired with the English by position as in exercise files. ``SelfTest`` checks that
    the lists have the English counts and every text the English numbers."""

    title: ShortText
    unit: ShortText
    side_noun: ShortText = "side"
    equipment: list[ShortText] = Field(default_factory=list, max_length=8)
    instructions: list[Text] = Field(min_length=1, max_length=10)
    ready_cue: Text | None = None
    stages: list[Stage] = Field(default_factory=list, max_length=6)
    question: ShortText | None = None
    safety: list[Text] = Field(min_length=1, max_length=10)
    stop_rules: list[Text] = Field(min_length=1, max_length=10)
    source: Text
    reference: ReferenceTexts | None = None
    trend_only: Text | None = None


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
        default=None,
        description="said before each try, then '3, 2, 1' (default: the first instruction)",
    )
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
    zh_HK: SelfTestTexts | None = None

    def translation(self, language: str) -> SelfTestTexts | None:
        """The ``[language]`` table, or None (also for "en": the main texts are English)."""
        return getattr(self, language, None) if language in TRANSLATIONS else None

    def in_language(self, language: str) -> SelfTest:
        """This test with the words of ``language`` (its English where it has none); the
        numbers, bands and timing are never touched. The copy has no tables."""
        no_tables = dict.fromkeys(TRANSLATIONS)
        texts = self.translation(language)
        if texts is None:
            return self.model_copy(update=no_tables)
        words = texts.field_values(exclude={"reference", "stages"})
        words["stages"] = list(texts.stages)
        if self.reference is not None and texts.reference is not None:
            words["reference"] = self.reference.model_copy(update=texts.reference.field_values())
        return self.model_copy(update={**words, **no_tables})

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

    @model_validator(mode="after")
    def _translations_match(self) -> SelfTest:
        problems: list[str] = []
        for language in TRANSLATIONS:
            texts = self.translation(language)
            if texts is not None:
                problems += _translation_problems(self, texts, language)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def timed(self) -> bool:
        """Whether the value is a time (seconds), as opposed to a count."""
        return self.procedure in (Procedure.STOPWATCH, Procedure.STAGES)


def _optional(name: str, english: str | None, translated: str | None) -> list[str]:
    if (english is None) != (translated is None):
        return [f"{name}: give it exactly when the English has one"]
    return []


def _translation_problems(english: SelfTest, texts: SelfTestTexts, language: str) -> list[str]:
    """What keeps ``texts`` from being a complete translation of ``english``: lists of
    other lengths, a text the English has and the table lacks (or the reverse), and any
    text whose numbers differ from its English text's."""
    lists: list[tuple[str, list[str], list[str]]] = [
        ("equipment", english.equipment, texts.equipment),
        ("instructions", english.instructions, texts.instructions),
        ("stages", [s.title for s in english.stages], [s.title for s in texts.stages]),
        ("safety", english.safety, texts.safety),
        ("stop_rules", english.stop_rules, texts.stop_rules),
    ]
    problems = count_mismatches((f"{language}.{name}", len(en), len(tr)) for name, en, tr in lists)
    singles: list[tuple[str, str | None, str | None]] = [
        ("title", english.title, texts.title),
        ("source", english.source, texts.source),
        ("ready_cue", english.ready_cue, texts.ready_cue),
        ("question", english.question, texts.question),
        ("trend_only", english.trend_only, texts.trend_only),
    ]
    reference, translated = english.reference, texts.reference
    problems += _optional(
        f"{language}.reference", reference and reference.source, translated and translated.source
    )
    if reference is not None and translated is not None:
        singles += [
            ("reference.source", reference.source, translated.source),
            ("reference.meaning", reference.meaning, translated.meaning),
            ("reference.below_note", reference.below_note, translated.below_note),
            (
                "reference.family_below_note",
                reference.family_below_note,
                translated.family_below_note,
            ),
        ]
    pairs = []
    for name, en, tr in singles:
        problems += _optional(f"{language}.{name}", en, tr)
        if en is not None and tr is not None:
            pairs.append((f"{language}.{name}", en, tr))
    for name, en_list, tr_list in lists:
        pairs += [
            (f"{language}.{name}.{i}", en, tr)
            for i, (en, tr) in enumerate(zip(en_list, tr_list, strict=False))
        ]
    pairs += [
        (f"{language}.stages.{i}.instruction", en.instruction, tr.instruction)
        for i, (en, tr) in enumerate(zip(english.stages, texts.stages, strict=False))
    ]
    return problems + number_mismatches(pairs)
