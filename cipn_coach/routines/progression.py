"""The plan for one day: a routine's progression rules applied to the patient's history.

A routine says "+5 s hold each week up to 45 s" or "balance level up one a week when it
is going well, down one after a warning sign". This module turns that into plain
numbers for one day, as a pure function of the routine, the program start, the day and
what has happened so far (``History``). No clock, no database: the editor can show any
week, the player the day's session, and tests can replay any story.

Rules, in order of application for each step:

- level (``LevelProgression``): the program is replayed week by week. At each week
  boundary the level goes up one if the last ``up_after`` effort ratings of this routine
  *since the level last changed* were all ≤ ``up_max_effort``, and no fall, near-fall or
  session stopped for pain happened in the 7 days before. Each day with a (near-)fall, or
  a session of this routine stopped for pain, takes the level down one from that day on
  (the plan is computed when a session starts, so a change never lands mid-session).
  Never below ``min``, never above ``max`` or the exercise's last level. In the week of a
  chemotherapy cycle (``treatment.near_cycle_day``) the level does not go up, unless the
  physiotherapist set ``up_in_cycle_week``: a harder balance level should not meet the
  tired, unsteady days around an infusion.
- hold / reps: ``+add`` every ``every_weeks`` program weeks, capped at ``max`` (a start
  already above ``max`` is kept, never cut: the schema refuses that in a step anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cipn_coach.i18n import _
from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import Library, check_routine_against
from cipn_coach.routines.plan import PlannedStep, plan_step
from cipn_coach.routines.routine_format import (
    HoldProgression,
    LevelProgression,
    RepsProgression,
    Routine,
    SelfTestGoal,
    Step,
)
from cipn_coach.treatment.record import near_cycle_day

if TYPE_CHECKING:
    from cipn_coach.storage.rows import CheckInRow, SessionRow

STOPPED = "stopped"
LOOKBACK_DAYS = 7  # "no near-falls in the last 7 days" before a level goes up


def program_week(start: date, day: date) -> int:
    """1-based program week of ``day``; days before the start count as week 1.

    Same rule as ``schedule.program_week`` (kept here so this module needs no storage).
    """
    return max(0, (day - start).days) // 7 + 1


@dataclass(frozen=True)
class SessionOutcome:
    """What the progression rules need from one past session."""

    day: date
    routine_id: str
    effort: int | None
    stopped_for_pain: bool = False
    started_at: datetime | None = None

    @classmethod
    def from_row(cls, row: SessionRow) -> SessionOutcome:
        """A stopped session whose rating says symptoms got worse counts as stopped for pain.

        Sessions do not yet record *why* they were stopped; "stopped and worse" is the
        closest safe reading (stepping down is the cautious side).
        """
        pain = row.status == STOPPED and row.symptoms_change == "worse"
        return cls(row.local_date, row.routine_id, row.effort, pain, row.started_at)


@dataclass(frozen=True)
class History:
    """Past sessions and, per local day, how many falls + near-falls were reported."""

    sessions: tuple[SessionOutcome, ...] = ()
    near_falls: dict[date, int] = field(default_factory=dict)
    cycle_days: tuple[date, ...] = ()  # chemotherapy cycle days (treatment record)
    # finished self-test results (test id, day, value); stopped-for-safety ones are left
    # out: a test cut short says how the day went, never that a goal was reached
    self_tests: tuple[tuple[str, date, float], ...] = ()

    @classmethod
    def from_rows(
        cls,
        sessions: Iterable[SessionRow],
        checkins: Iterable[CheckInRow],
        cycle_days: Iterable[date] = (),
        self_tests: Iterable[Any] = (),
    ) -> History:
        outcomes = tuple(SessionOutcome.from_row(s) for s in sessions)
        falls = {c.day: c.near_falls + c.falls for c in checkins if c.near_falls + c.falls > 0}
        results = tuple((r.test_id, r.day, r.value) for r in self_tests if not r.stopped_for_safety)
        return cls(outcomes, falls, tuple(cycle_days), results)

    def reached(self, goal: SelfTestGoal, first: date, last: date) -> bool:
        """Whether a finished result of ``goal.test`` from ``first`` to ``last`` reached it."""
        return any(
            test_id == goal.test and first <= day <= last and value >= goal.at_least
            for test_id, day, value in self.self_tests
        )

    def fell_between(self, first: date, last: date) -> bool:
        return any(first <= d <= last and n > 0 for d, n in self.near_falls.items())


def _level_range(rule: LevelProgression, exercise: Exercise) -> tuple[int, int]:
    top = min(rule.max or len(exercise.levels), len(exercise.levels))
    return min(rule.min, top), top


def _going_well(rule: LevelProgression, ratings: list[SessionOutcome]) -> bool:
    recent = [s.effort for s in ratings if s.effort is not None][-rule.up_after :]
    return len(recent) == rule.up_after and all(e <= rule.up_max_effort for e in recent)


def level_on(
    step: Step,
    rule: LevelProgression,
    exercise: Exercise,
    routine_id: str,
    start: date,
    day: date,
    history: History,
) -> int | None:
    """The step's level on ``day`` under ``rule`` (``None`` if the exercise has no levels)."""
    if not exercise.levels:
        return None
    low, top = _level_range(rule, exercise)
    level = max(low, min(step.level or low, top))
    mine = sorted(
        (s for s in history.sessions if s.routine_id == routine_id),
        key=lambda s: (s.day, s.started_at or datetime.min),
    )
    pain_days = {s.day for s in mine if s.stopped_for_pain}
    down_days = sorted(
        d
        for d in set(history.near_falls) | pain_days
        if start <= d <= day
        and (
            (rule.down_on_near_fall and history.near_falls.get(d, 0) > 0)
            or (rule.down_on_pain_stop and d in pain_days)
        )
    )
    changed_on = start
    for week in range(1, program_week(start, day) + 1):
        week_start = start + timedelta(days=7 * (week - 1))
        if week > 1:
            before = week_start - timedelta(days=1)
            quiet = not history.fell_between(
                week_start - timedelta(days=LOOKBACK_DAYS), before
            ) and not any(
                week_start - timedelta(days=LOOKBACK_DAYS) <= d <= before for d in pain_days
            )
            ratings = [s for s in mine if changed_on <= s.day < week_start]
            held = not rule.up_in_cycle_week and near_cycle_day(history.cycle_days, week_start)
            goal = rule.up_on_self_test
            tested = goal is not None and history.reached(goal, changed_on, before)
            if level < top and quiet and not held and (_going_well(rule, ratings) or tested):
                level, changed_on = level + 1, week_start
        for d in down_days:
            if week_start <= d < week_start + timedelta(days=7) and level > low:
                level, changed_on = level - 1, d
    return level


def _stepped(value: int, rule: HoldProgression | RepsProgression, week: int) -> int:
    add = rule.add_seconds if isinstance(rule, HoldProgression) else rule.add
    grown = value + add * ((week - 1) // rule.every_weeks)
    return min(grown, max(rule.max, value))


def _apply_amounts(planned: PlannedStep, step: Step, week: int) -> PlannedStep:
    hold, reps = step.rule("hold"), step.rule("reps")
    if isinstance(hold, HoldProgression) and planned.hold_seconds is not None:
        planned = replace(planned, hold_seconds=_stepped(planned.hold_seconds, hold, week))
    if isinstance(reps, RepsProgression) and planned.reps is not None:
        planned = replace(planned, reps=_stepped(planned.reps, reps, week))
    return planned


def _plan(
    routine: Routine, library: Library, week: int, level_of: dict[int, int | None]
) -> list[PlannedStep]:
    steps = []
    for index, step in enumerate(routine.steps):
        exercise = library.exercise(step.exercise)
        if index in level_of:
            step_for_level = step.model_copy(update={"level": level_of[index], "level_by_week": []})
            planned = plan_step(index, step_for_level, exercise, week, library.language)
        else:
            planned = plan_step(index, step, exercise, week, library.language)
        steps.append(_apply_amounts(planned, step, week))
    return steps


def plan_for_day(
    routine: Routine,
    library: Library,
    program_start: date,
    day: date,
    history: History | None = None,
) -> list[PlannedStep]:
    """Every step of ``routine`` with the numbers that apply on ``day``."""
    history = history or History()
    week = program_week(program_start, day)
    levels: dict[int, int | None] = {}
    for index, step in enumerate(routine.steps):
        rule = step.rule("level")
        if isinstance(rule, LevelProgression):
            levels[index] = level_on(
                step, rule, library.exercise(step.exercise), routine.id, program_start, day, history
            )
    return _plan(routine, library, week, levels)


def preview_week(
    routine: Routine, library: Library, week: int, assume_progress: bool = True
) -> list[PlannedStep]:
    """The plan the editor shows for program week ``week`` without a patient history.

    ``assume_progress``: every level rule goes up one a week (the best case, capped);
    otherwise levels stay where they start. Hold/rep increments apply either way.
    """
    if week < 1:
        raise ValueError("program weeks start at 1")
    levels: dict[int, int | None] = {}
    for index, step in enumerate(routine.steps):
        rule = step.rule("level")
        exercise = library.exercise(step.exercise)
        if isinstance(rule, LevelProgression) and exercise.levels:
            low, top = _level_range(rule, exercise)
            first = max(low, min(step.level or low, top))
            levels[index] = min(top, first + (week - 1)) if assume_progress else first
    return _plan(routine, library, week, levels)


def check_progression(routine: Routine, exercises: dict[str, Exercise]) -> list[str]:
    """Problems that only show when progression rules meet the exercises they step up."""
    problems = []
    for index, step in enumerate(routine.steps):
        exercise = exercises.get(step.exercise)
        if exercise is None:
            continue  # check_routine_against names it
        where = f"steps.{index}.progression"
        timed = step.reps is None and exercise.dosage.reps is None
        for rule in step.progression:
            if isinstance(rule, HoldProgression) and not timed:
                problems.append(
                    f"{where}: "
                    + _(
                        "'{id}' is counted in reps, so its hold cannot "
                        "grow (use a reps progression)"
                    ).format(id=exercise.id)
                )
            elif isinstance(rule, RepsProgression) and timed:
                problems.append(
                    f"{where}: "
                    + _("'{id}' is timed, so its reps cannot grow (use a hold progression)").format(
                        id=exercise.id
                    )
                )
            elif isinstance(rule, LevelProgression):
                count = len(exercise.levels)
                if count == 0:
                    problems.append(
                        f"{where}: "
                        + _("'{id}' has no levels to step through").format(id=exercise.id)
                    )
                for name, value in (("min", rule.min), ("max", rule.max)):
                    if count and value is not None and value > count:
                        problems.append(
                            f"{where}.{name}: "
                            + _("level {level} does not exist for '{id}' (it has {count})").format(
                                level=value, id=exercise.id, count=count
                            )
                        )
    return problems


def check_routine(routine: Routine, exercises: dict[str, Exercise]) -> list[str]:
    """Every problem of ``routine`` against ``exercises``: ids, levels, progression rules."""
    return check_routine_against(routine, exercises) + check_progression(routine, exercises)
