"""Turning a routine into the concrete plan for one program week.

A routine says "balance stance, level 1 in week 1, level 2 in week 2 …" and "defaults
unless overridden"; the session engine wants plain numbers. This is the one place where
step overrides, exercise defaults and week-by-week levels are merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from cipn_coach.engine.cue_words import cue_words
from cipn_coach.routines.exercise_format import Cadence, Exercise, Level, SideHandling
from cipn_coach.routines.library import Library
from cipn_coach.routines.routine_format import Routine, Step


@dataclass(frozen=True)
class PlannedStep:
    """One exercise with every parameter decided. Times in seconds."""

    position: int
    exercise: Exercise
    sets: int
    reps: int | None
    hold_seconds: int | None
    rest_seconds: int
    side_handling: SideHandling
    seconds_per_rep: float | None
    level: Level | None
    note: str | None
    spoken_text: str | None
    prepare_seconds: int | None = None  # this step's own lead-in (e.g. filling a basin)
    language: str = "en"  # of the exercise's texts: the library's (``Library.localized``)

    @property
    def title(self) -> str:
        if self.level is None:
            return self.exercise.title
        return cue_words(self.language).title_with_level.format(
            title=self.exercise.title, level=self.level.title
        )

    @property
    def sides(self) -> tuple[str | None, ...]:
        return ("left", "right") if self.side_handling is SideHandling.LEFT_THEN_RIGHT else (None,)

    @property
    def cadence(self) -> Cadence | None:
        return self.exercise.cadence

    @property
    def work_seconds_per_set(self) -> float:
        """Seconds of work in one set on one side."""
        if self.reps is not None:
            assert self.seconds_per_rep is not None
            return self.reps * self.seconds_per_rep
        assert self.hold_seconds is not None
        return float(self.hold_seconds)

    @property
    def planned_work_seconds(self) -> float:
        return self.work_seconds_per_set * self.sets * len(self.sides)


def level_for_week(step: Step, week: int) -> int | None:
    """The progression level for program week ``week`` (1-based); last entry holds after."""
    if step.level is not None:
        return step.level
    if step.level_by_week:
        return step.level_by_week[min(week, len(step.level_by_week)) - 1]
    return None


def plan_step(
    position: int, step: Step, exercise: Exercise, week: int, language: str = "en"
) -> PlannedStep:
    """``step`` with every number decided; ``language``: of ``exercise``'s texts."""
    dosage = exercise.dosage
    level_number = level_for_week(step, week)
    level = exercise.levels[level_number - 1] if level_number and exercise.levels else None
    reps = step.reps if step.reps is not None else dosage.reps
    hold = None
    if reps is None:
        hold = step.hold_seconds or (level.hold_seconds if level and level.hold_seconds else None)
        hold = hold or dosage.hold_seconds
    seconds_per_rep = None
    if reps is not None:
        assert exercise.cadence is not None
        seconds_per_rep = step.seconds_per_rep or exercise.cadence.seconds_per_rep
    return PlannedStep(
        position=position,
        exercise=exercise,
        sets=step.sets or dosage.sets,
        reps=reps,
        hold_seconds=hold,
        rest_seconds=step.rest_seconds if step.rest_seconds is not None else dosage.rest_seconds,
        side_handling=step.side_handling or exercise.side_handling,
        seconds_per_rep=seconds_per_rep,
        level=level,
        note=step.note,
        spoken_text=step.spoken_text,
        prepare_seconds=step.prepare_seconds,
        language=language,
    )


def plan_routine(routine: Routine, library: Library, week: int = 1) -> list[PlannedStep]:
    """The routine's steps for program week ``week`` (1-based)."""
    if week < 1:
        raise ValueError("program weeks start at 1")
    return [
        plan_step(index, step, library.exercise(step.exercise), week, library.language)
        for index, step in enumerate(routine.steps)
    ]


def safety_checks(steps: list[PlannedStep]) -> list[str]:
    """Which safety checks ('balance', 'foot_soak') must be acknowledged before starting."""
    needed: list[str] = []
    for step in steps:
        for check in step.exercise.needs_safety_check:
            if check not in needed:
                needed.append(check)
    return needed
