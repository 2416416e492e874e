"""Routines and own exercises, for the front ends: reads, and writes that keep the live
exercise libraries equal to the database.

There are two libraries: ``library`` in the reader's language (what is shown and spoken)
and ``originals``, the same exercises and routines as written, with their translation
tables (what is edited, saved and exported). Before, each page that saved a routine
patched them by hand (and a page that forgot left Today showing the old routine). Here
every write updates both itself and returns what changed (``cipn_coach.changes``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cipn_coach.changes import Changes, Saved
from cipn_coach.errors import CoachError
from cipn_coach.routines.library import Library
from cipn_coach.routines.routine_format import Routine
from cipn_coach.storage.rows import CustomExerciseRow, PictureData, RoutineRow

if TYPE_CHECKING:
    from cipn_coach.routines.exercise_format import Exercise
    from cipn_coach.routines.routine_file import ImportResult
    from cipn_coach.storage.db import Database

ROUTINES_CHANGED = Changes(routines=True)
TITLE_MAX_CHARS = 120

__all__ = ["PictureData", "RoutineService"]


class RoutineService:
    """The routines and own exercises saved in the app, laid over the file library."""

    def __init__(self, db: Database, library: Library, originals: Library | None = None) -> None:
        from cipn_coach.storage.routines import RoutineRepository

        self._repo = RoutineRepository(db)
        self.library = library
        self.originals = originals if originals is not None else library

    # ------------------------------------------------------- the live libraries
    def keep_routine(self, routine: Routine) -> None:
        """A routine saved in the app (the original): both libraries see it at once."""
        from cipn_coach.routines.localize import localize_routine

        self.originals.routines[routine.id] = routine
        self.library.routines[routine.id] = localize_routine(routine, self.library.language)

    def forget_routine(self, routine_id: str) -> None:
        """An archived routine leaves both libraries (its history stays stored)."""
        self.originals.routines.pop(routine_id, None)
        self.library.routines.pop(routine_id, None)

    def keep_exercise(self, exercise: Exercise) -> None:
        """An own exercise saved or imported in the app: both libraries see it at once."""
        from cipn_coach.routines.localize import localize_exercise

        self.originals.exercises[exercise.id] = exercise
        self.library.exercises[exercise.id] = localize_exercise(exercise, self.library.language)

    # ------------------------------------------------------------------ reads
    def latest(self) -> list[RoutineRow]:
        """The newest version of every routine saved here, archived or not."""
        return self._repo.latest()

    def archived(self) -> list[Routine]:
        return [row.routine for row in self._repo.latest() if row.archived]

    def find(self, routine_id: str) -> RoutineRow | None:
        """The newest saved version of a routine, archived or not; ``None`` for a built-in
        never saved here (or an unknown id)."""
        return self._repo.find(routine_id)

    def is_stored(self, routine_id: str) -> bool:
        """Whether the routine has a saved history (a built-in never edited has none)."""
        return self.find(routine_id) is not None

    def taken_ids(self) -> set[str]:
        """Every routine id in use, built-in or saved, archived or not."""
        return set(self.originals.routines) | {row.id for row in self._repo.latest()}

    def own_exercises(self) -> list[CustomExerciseRow]:
        return self._repo.list_exercises()

    def own_exercise(self, exercise_id: str) -> CustomExerciseRow:
        """Raises ``UnknownIdError`` for an id with no own exercise."""
        return self._repo.get_exercise(exercise_id)

    def own_picture(self, exercise_id: str) -> tuple[str, bytes] | None:
        """(MIME type, bytes) of an own exercise's picture, or ``None`` (a built-in, or no
        picture): what the player shows in place of a drawing."""
        from pydantic import ValidationError

        try:
            picture = self._repo.get_exercise(exercise_id).picture
        except (CoachError, ValidationError):
            return None
        return (picture.mime, picture.data) if picture is not None else None

    def file_library(self) -> Library:
        """The built-in exercises only: an own exercise in a routine file may replace a
        stored one."""
        own = {row.exercise.id for row in self._repo.list_exercises()}
        lib = self.originals
        return Library({k: v for k, v in lib.exercises.items() if k not in own}, lib.routines)

    # ------------------------------------------------------------------ writes
    def save(self, routine: Routine, now: datetime) -> Saved[RoutineRow]:
        """A new version of ``routine``; Today and the editor see it at once."""
        row = self._repo.save(routine, now)
        self.keep_routine(row.routine)
        return Saved(row, ROUTINES_CHANGED)

    def duplicate(
        self, routine: Routine, now: datetime, title: str | None = None
    ) -> Saved[RoutineRow]:
        """A copy under a fresh id ('<id>_copy', '<id>_copy2' …), titled ``title`` (cut to
        fit; by default 'Copy of …' in the reader's language)."""
        from cipn_coach.i18n import _

        taken, n = self.taken_ids(), 2
        new_id = f"{routine.id[:58]}_copy"
        while new_id in taken:
            new_id, n = f"{routine.id[:56]}_copy{n}", n + 1
        if title is None:
            title = _("Copy of {title}").format(title=routine.title)
        row = self._repo.duplicate(routine, new_id, title[:TITLE_MAX_CHARS], now)
        self.keep_routine(row.routine)
        return Saved(row, ROUTINES_CHANGED)

    def rename(self, routine: Routine, title: str, now: datetime) -> Saved[RoutineRow]:
        """A new version under ``title`` (a built-in gets its first stored version)."""
        from cipn_coach.i18n import _

        if not 1 <= len(title) <= TITLE_MAX_CHARS:
            raise CoachError(_("A title needs 1 to 120 characters."))
        if self.is_stored(routine.id):
            row = self._repo.rename(routine.id, title, now)
        else:
            row = self._repo.save(routine.retitled(title), now)  # a built-in's first version
        self.keep_routine(row.routine)
        return Saved(row, ROUTINES_CHANGED)

    def set_archived(self, routine_id: str, archived: bool, now: datetime) -> Changes:
        """Hide a routine from new plans (its history is kept), or bring it back."""
        self._repo.archive(routine_id, now, archived=archived)
        if archived:
            self.forget_routine(routine_id)
        else:
            self.keep_routine(self._repo.get(routine_id).routine)
        return ROUTINES_CHANGED

    def save_exercise(
        self, exercise: Exercise, now: datetime, picture: PictureData | None = None
    ) -> Saved[CustomExerciseRow]:
        """Add or replace an own exercise; the routine editor can use it at once."""
        row = self._repo.save_exercise(exercise, now, picture)
        self.keep_exercise(row.exercise)
        return Saved(row, ROUTINES_CHANGED)

    def import_file(self, path: Path, now: datetime, confirm: bool = False) -> ImportResult:
        """Validate a routine file completely, then (if allowed) store it with its own
        exercises in one transaction. ``result.changes`` says whether anything was."""
        from cipn_coach.routines import routine_file

        result = routine_file.import_file(
            path, self.file_library(), self._repo, now, confirm=confirm
        )
        if result.status == "imported" and result.routine is not None and result.file:
            for exercise in result.file.exercises:
                self.keep_exercise(exercise.exercise())
            self.keep_routine(result.routine)
        return result

    def export_file(
        self,
        routine: Routine,
        path: Path,
        now: datetime,
        *,
        author: str | None = None,
        clinic: str | None = None,
    ) -> None:
        """Write ``routine`` (as saved) and the own exercises it uses to ``path``."""
        from cipn_coach.routines import routine_file

        routine_file.export(routine, path, self._repo, now, author=author, clinic=clinic)
