"""The exercise file format (``exercises/*.toml``), validated with pydantic.

Every bound here is a safety bound as much as a type check: a typo in a file must
never turn a 30-second hold into a 30-minute one, so out-of-range values are refused
at load time with the file and field named, rather than clamped silently.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from cipn_coach.i18n import N_  # marked here, translated where shown (the editors)
from cipn_coach.plain_text import strip_controls_before
from cipn_coach.routines.text_numbers import count_mismatches, number_mismatches

Text = Annotated[str, Field(min_length=1, max_length=400)]
# Titles and names: no control characters (a terminal escape in a title is refused
# silently by stripping it, as the form would never let one be typed).
ShortText = Annotated[
    str, BeforeValidator(strip_controls_before), Field(min_length=1, max_length=120)
]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]

TRANSLATIONS: tuple[str, ...] = ("zh_HK",)
"""The languages a data file may carry besides its own texts (normally English): each is
a table named by its code, ``[zh_HK]``. A third language is one more name here and one
more optional field on ``Exercise``, ``Routine`` and ``Step``."""


class Strict(BaseModel):
    """Base for file models: unknown keys are errors, so a misspelt field is reported.

    Validators are built when first needed (``defer_build``), not at import: a usual
    start checks no file (``validated_files`` keeps them checked) and builds none."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def field_values(
        self, exclude: Collection[str] = (), exclude_none: bool = False
    ) -> dict[str, Any]:
        """This model's fields by name, as they are (lists copied), for ``model_copy``'s
        ``update``. Unlike ``model_dump`` it needs no serializer, so a language's words
        are put in place without building one (see ``defer_build`` above)."""
        values = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name in exclude or exclude_none and value is None:
                continue
            values[name] = list(value) if isinstance(value, list) else value
        return values


class BodyArea(StrEnum):
    HANDS = "hands"
    FEET = "feet"
    BALANCE = "balance"
    WHOLE = "whole"


class SideHandling(StrEnum):
    """``both``: both sides at once. ``left_then_right``: the work is done once per side."""

    BOTH = "both"
    LEFT_THEN_RIGHT = "left_then_right"


class Cadence(Strict):
    """How one repetition is paced and spoken, e.g. "Open" then "Close" every 3 s.

    The phrases are spread evenly over ``seconds_per_rep``; the first phrase of each
    repetition carries the spoken count ("Three, open").
    """

    seconds_per_rep: float = Field(ge=1.0, le=20.0)
    phrases: list[ShortText] = Field(min_length=1, max_length=4)


class Dosage(Strict):
    """Default amount of one exercise. Either repetitions or a timed hold/duration.

    ``reps`` with a ``cadence`` makes a counted exercise; ``hold_seconds`` makes a timed
    one (a balance hold, a foot soak). ``sets`` repeat the work with ``rest_seconds`` between.
    """

    sets: int = Field(default=1, ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=5, le=1800)
    rest_seconds: int = Field(default=15, ge=0, le=300)

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Dosage:
        if (self.reps is None) == (self.hold_seconds is None):
            raise ValueError(N_("give exactly one of 'reps' or 'hold_seconds'"))
        return self


class Cues(Strict):
    """What the voice says. Captions show exactly the same words."""

    start: Text
    end: ShortText = "And relax."
    tips: list[Text] = Field(default_factory=list, max_length=12)
    tip_every_seconds: int = Field(default=60, ge=15, le=600)


class Level(Strict):
    """One progression level (e.g. balance: feet together, both hands on the counter)."""

    level: int = Field(ge=1, le=8)
    title: ShortText
    instruction: Text
    hold_seconds: int | None = Field(default=None, ge=5, le=120)


class CueTexts(Strict):
    """``Cues`` in another language: the same phrases, no timing."""

    start: Text
    end: ShortText
    tips: list[Text] = Field(default_factory=list, max_length=12)


class LevelTexts(Strict):
    title: ShortText
    instruction: Text


class ExerciseTexts(Strict):
    """Every word of an exercise in another language, kept in the exercise's own file
    (a ``[zh_HK]`` table) so that one exercise's texts are read, reviewed and changed
    together. Lists pair with the English by position: ``instructions[2]`` translates the
    English ``instructions[2]``, ``phrases`` the cadence phrases, ``levels`` the levels.
    ``Exercise`` checks the counts and the numbers against its English texts."""

    title: ShortText
    position: ShortText
    side_noun: ShortText
    equipment: list[ShortText] = Field(default_factory=list, max_length=8)
    instructions: list[Text] = Field(min_length=1, max_length=10)
    cues: CueTexts
    phrases: list[ShortText] = Field(default_factory=list, max_length=4)
    safety: list[Text] = Field(default_factory=list, max_length=10)
    stop_rules: list[Text] = Field(min_length=1, max_length=10)
    levels: list[LevelTexts] = Field(default_factory=list, max_length=8)
    source: Text


class Exercise(Strict):
    id: Identifier
    title: ShortText
    body_area: BodyArea
    equipment: list[ShortText] = Field(default_factory=list, max_length=8)
    position: ShortText = Field(description="e.g. 'seated', 'standing at the counter'")
    instructions: list[Text] = Field(min_length=1, max_length=10)
    cues: Cues
    dosage: Dosage
    side_handling: SideHandling = SideHandling.BOTH
    side_noun: ShortText = Field(
        default="side", description="what 'left/right' refers to: 'hand', 'foot', 'leg'"
    )
    cadence: Cadence | None = None
    safety: list[Text] = Field(default_factory=list, max_length=10)
    stop_rules: list[Text] = Field(min_length=1, max_length=10)
    levels: list[Level] = Field(default_factory=list, max_length=8)
    needs_safety_check: list[str] = Field(
        default_factory=list,
        description="safety checks acknowledged before start: 'balance', 'foot_soak'",
    )
    # a path inside the assets folder: never absolute ("/etc/x.svg", "//tmp/x.svg")
    illustration: Annotated[str, Field(pattern=r"^[a-z0-9_-]+(/[a-z0-9_-]+)*\.svg$")]
    source: Text
    zh_HK: ExerciseTexts | None = None

    def translation(self, language: str) -> ExerciseTexts | None:
        """The ``[language]`` table, or None (also for "en": the main texts are English)."""
        return getattr(self, language, None) if language in TRANSLATIONS else None

    @model_validator(mode="after")
    def _translations_match(self) -> Exercise:
        problems = []
        for language in TRANSLATIONS:
            texts = self.translation(language)
            if texts is not None:
                problems += translation_problems(self, texts, language)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        if self.dosage.reps is not None and self.cadence is None:
            raise ValueError(N_("an exercise counted in 'reps' needs a 'cadence'"))
        numbers = [lvl.level for lvl in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(N_("levels must be numbered 1, 2, 3 … in order"))
        unknown = set(self.needs_safety_check) - {"balance", "foot_soak"}
        if unknown:
            raise ValueError(f"unknown safety check(s): {', '.join(sorted(unknown))}")
        return self


def translation_problems(english: Exercise, texts: ExerciseTexts, language: str) -> list[str]:
    """What keeps ``texts`` from being a complete translation of ``english``: a list with
    more or fewer items than the English (a missing instruction, an extra tip), and any
    text whose numbers differ from its English text's."""
    phrases = english.cadence.phrases if english.cadence else []
    lists: list[tuple[str, list[str], list[str]]] = [
        ("equipment", english.equipment, texts.equipment),
        ("instructions", english.instructions, texts.instructions),
        ("cues.tips", english.cues.tips, texts.cues.tips),
        ("phrases", phrases, texts.phrases),
        ("safety", english.safety, texts.safety),
        ("stop_rules", english.stop_rules, texts.stop_rules),
        ("levels", [lv.title for lv in english.levels], [lv.title for lv in texts.levels]),
    ]
    problems = count_mismatches((f"{language}.{name}", len(en), len(tr)) for name, en, tr in lists)
    pairs = [
        (f"{language}.{name}", en, tr)
        for name, en, tr in (
            ("title", english.title, texts.title),
            ("position", english.position, texts.position),
            ("cues.start", english.cues.start, texts.cues.start),
            ("cues.end", english.cues.end, texts.cues.end),
            ("source", english.source, texts.source),
        )
    ]
    for name, en_list, tr_list in lists:
        pairs += [
            (f"{language}.{name}.{i}", en, tr)
            for i, (en, tr) in enumerate(zip(en_list, tr_list, strict=False))
        ]
    pairs += [
        (f"{language}.levels.{i}.instruction", en.instruction, tr.instruction)
        for i, (en, tr) in enumerate(zip(english.levels, texts.levels, strict=False))
    ]
    return problems + number_mismatches(pairs)
