"""Laying the routines and own exercises saved in the app over the file library.

Kept apart from the repository so it runs on any reader with the same two methods
(``RoutineRepository``, or a test's stand-in).
"""

from __future__ import annotations

from typing import Protocol

from pydantic import ValidationError

from cipn_coach.errors import FileFormatError
from cipn_coach.routines.library import Library, describe_validation_error
from cipn_coach.storage.rows import CustomExerciseRow, RoutineRow


class SavedRoutines(Protocol):
    def list_exercises(self) -> list[CustomExerciseRow]: ...

    def latest(self) -> list[RoutineRow]: ...


def library_with_custom(library: Library, repo: SavedRoutines) -> Library:
    """The file library plus the database's own exercises and routines (a new object).

    A stored row that no longer validates, or an own exercise whose id is a built-in, is
    reported in ``problems`` and left out, like a broken file. The saved ones come in the
    library's language where they carry it, else in their own words.
    """
    from cipn_coach.routines.localize import localize_exercise, localize_routine
    from cipn_coach.routines.progression import check_routine

    merged = Library(
        dict(library.exercises),
        dict(library.routines),
        list(library.problems),
        set(library.own_routines),
        library.language,
    )
    try:
        own = repo.list_exercises()
    except ValidationError as exc:
        merged.problems.append(
            FileFormatError("database: own exercises", describe_validation_error(exc))
        )
        own = []
    for row in own:
        if row.exercise.id in library.exercises:
            merged.problems.append(
                FileFormatError(
                    f"database: exercise {row.exercise.id}",
                    ["id: the same id as a built-in exercise"],
                )
            )
            continue
        merged.exercises[row.exercise.id] = localize_exercise(row.exercise, library.language)
    try:
        rows = repo.latest()
    except ValidationError as exc:
        merged.problems.append(
            FileFormatError("database: routines", describe_validation_error(exc))
        )
        rows = []
    for row in rows:
        if row.archived:
            merged.routines.pop(row.id, None)
            continue
        problems = check_routine(row.routine, merged.exercises)
        if problems:
            merged.problems.append(FileFormatError(f"database: routine {row.id}", problems))
            continue
        merged.routines[row.id] = localize_routine(row.routine, library.language)
        merged.own_routines.add(row.id)
    return merged
