"""Loading the exercise library and routines from TOML files.

One broken file must not take the whole library down: every file is validated on its
own, problems are collected with the file and field named, and the good files still
load. Callers decide how loudly to report ``Library.problems``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from cipn_coach import paths
from cipn_coach.errors import FileFormatError, UnknownIdError
from cipn_coach.i18n import _
from cipn_coach.routines import validated_files
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.routine_format import Routine

MAX_FILE_BYTES = 256 * 1024
Model = TypeVar("Model", bound=BaseModel)


def describe_validation_error(error: ValidationError) -> list[str]:
    """Turn pydantic's report into ``field.path: message`` lines a person can act on."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(file)"
        lines.append(f"{where}: {item['msg']}")
    return lines


def parse_toml_model(path: Path, model: type[Model]) -> Model:
    """Read and validate one TOML file; raise ``FileFormatError`` naming file and fields.

    A file validated before, unchanged, is not checked again (``validated_files``)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FileFormatError(str(path), [f"(file): larger than {MAX_FILE_BYTES // 1024} KB"])
        content = path.read_bytes()
        kept, digest = validated_files.kept_model(content, model)
        if kept is not None:
            return kept
        # as ``Path.read_text`` reads it: any line ending is a newline
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FileFormatError(str(path), [f"(file): {exc}"]) from exc
    except RecursionError:  # tomllib recurses per nesting level: "a = [[[[…" from a file
        raise FileFormatError(str(path), ["(file): nested too deeply"]) from None
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        raise FileFormatError(str(path), describe_validation_error(exc)) from exc
    validated_files.keep(digest, validated)
    return validated


def check_routine_against(routine: Routine, exercises: dict[str, Exercise]) -> list[str]:
    """Problems that only show when a routine meets the library (unknown ids, levels)."""
    problems = []
    for index, step in enumerate(routine.steps):
        exercise = exercises.get(step.exercise)
        if exercise is None:
            problems.append(
                f"steps.{index}.exercise: "
                + _("unknown exercise id '{id}'").format(id=step.exercise)
            )
            continue
        levels = [step.level] if step.level is not None else list(step.level_by_week)
        for level in levels:
            if level > len(exercise.levels):
                problems.append(
                    f"steps.{index}: "
                    + _("level {level} does not exist for '{id}' (it has {count})").format(
                        level=level, id=exercise.id, count=len(exercise.levels)
                    )
                )
        if step.reps is not None and exercise.dosage.reps is None:
            problems.append(
                f"steps.{index}.reps: " + _("'{id}' is timed, not counted").format(id=exercise.id)
            )
        if step.hold_seconds is not None and exercise.dosage.hold_seconds is None:
            problems.append(
                f"steps.{index}.hold_seconds: "
                + _("'{id}' is counted, not timed").format(id=exercise.id)
            )
    return problems


@dataclass
class Library:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[FileFormatError] = field(default_factory=list)
    # routines saved in the app (written or edited by a clinician, or imported), as
    # opposed to the shipped files: only their notes are "from your physiotherapist"
    own_routines: set[str] = field(default_factory=set)
    # the language of the texts ("en", "zh_HK"): ``localized`` made them so
    language: str = "en"

    def localized(self, language: str) -> Library:
        """This library with every text in ``language`` (a new object; ids, numbers and
        problems unchanged). Own exercises without that language keep their words."""
        from cipn_coach.routines.localize import localize_exercise, localize_routine

        return Library(
            {i: localize_exercise(e, language) for i, e in self.exercises.items()},
            {i: localize_routine(r, language) for i, r in self.routines.items()},
            list(self.problems),
            set(self.own_routines),
            language,
        )

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownIdError(_("unknown exercise '{id}'").format(id=exercise_id)) from None

    def routine(self, routine_id: str) -> Routine:
        try:
            return self.routines[routine_id]
        except KeyError:
            known = ", ".join(sorted(self.routines)) or _("none")
            raise UnknownIdError(
                _("unknown routine '{id}' (known: {known})").format(id=routine_id, known=known)
            ) from None


def _toml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def load_library(
    exercises_folder: Path | None = None, routines_folder: Path | None = None, language: str = "en"
) -> Library:
    """Load every exercise and routine file; collect, never raise, per-file problems.
    ``language``: the texts' language ("en", "zh_HK"); keep "en" to edit or export."""
    exercises_folder = exercises_folder or paths.exercises_dir()
    routines_folder = routines_folder or exercises_folder / "routines"
    library = Library()
    for path in _toml_files(exercises_folder):
        try:
            exercise = parse_toml_model(path, Exercise)
        except FileFormatError as exc:
            library.problems.append(exc)
            continue
        if exercise.id in library.exercises:
            library.problems.append(
                FileFormatError(str(path), [f"id: '{exercise.id}' is used twice"])
            )
            continue
        library.exercises[exercise.id] = exercise
    if routines_folder.is_dir():
        for path in _toml_files(routines_folder):
            try:
                routine = parse_toml_model(path, Routine)
            except FileFormatError as exc:
                library.problems.append(exc)
                continue
            problems = check_routine_against(routine, library.exercises)
            if problems:
                library.problems.append(FileFormatError(str(path), problems))
                continue
            library.routines[routine.id] = routine
    validated_files.save()
    return library if language == "en" else library.localized(language)
