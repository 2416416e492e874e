"""Exercises and routines in the reader's language, from the ``[zh_HK]`` tables of their files.

A localized exercise is the same ``Exercise`` with its words replaced, so everything
downstream (the plan, the timeline, the player, the report) works unchanged and simply
shows and speaks the chosen language. The numbers and timing are never touched.

Falling back: a built-in file carries every language (``tests/core/test_translations.py``
makes sure). An own exercise or routine written in the app may carry only one language;
without a table for the chosen language it keeps its own words, field by field: a
clinician's English exercise still plays in a Chinese session rather than disappearing.

A localized copy has no translation tables: it is for reading and playing. Edit, save and
export the originals (``load_library()`` with the default "en").
"""

from __future__ import annotations

from cipn_coach.routines.exercise_format import TRANSLATIONS, Exercise
from cipn_coach.routines.routine_format import Routine

ENGLISH = "en"
LANGUAGES: tuple[str, ...] = (ENGLISH, *TRANSLATIONS)
_NO_TABLES = dict.fromkeys(TRANSLATIONS)


def check_language(language: str) -> str:
    """``language`` if it is one the data files carry ("en", "zh_HK"), else ValueError."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}' (known: {', '.join(LANGUAGES)})")
    return language


def localize_exercise(exercise: Exercise, language: str) -> Exercise:
    """``exercise`` with the words of ``language`` (its own words where it has none)."""
    texts = exercise.translation(check_language(language))
    if texts is None:
        return exercise if language == ENGLISH else exercise.model_copy(update=_NO_TABLES)
    cues = exercise.cues.model_copy(update=texts.cues.field_values())
    cadence = exercise.cadence
    if cadence is not None:
        cadence = cadence.model_copy(update={"phrases": list(texts.phrases)})
    levels = [
        level.model_copy(update=words.field_values())
        for level, words in zip(exercise.levels, texts.levels, strict=False)
    ]
    return exercise.model_copy(
        update={
            **_NO_TABLES,
            "title": texts.title,
            "position": texts.position,
            "side_noun": texts.side_noun,
            "equipment": list(texts.equipment),
            "instructions": list(texts.instructions),
            "cues": cues,
            "cadence": cadence,
            "safety": list(texts.safety),
            "stop_rules": list(texts.stop_rules),
            "levels": levels,
            "source": texts.source,
        }
    )


def localize_routine(routine: Routine, language: str) -> Routine:
    """``routine`` with the words of ``language`` (its own words where it has none). A
    step's words count only in a routine that is translated itself (see ``Routine``)."""
    texts = routine.translation(check_language(language))
    if language == ENGLISH:
        return routine
    steps = []
    for step in routine.steps:
        words = step.translation(language) if texts is not None else None
        update = {} if words is None else words.field_values(exclude_none=True)
        steps.append(step.model_copy(update={**_NO_TABLES, **update}))
    update = {**_NO_TABLES, "steps": steps}
    if texts is not None:
        update.update(title=texts.title, description=texts.description, source=texts.source)
    return routine.model_copy(update=update)
