"""Where a session cut short (a crash, a power cut, a closed window) can carry on.

The steps that ended were saved the moment they ended, so the record already says how
far the patient got. Continuing reopens that same record and starts at the first step
that was neither finished nor deliberately skipped; the step that was under way when the
session was cut short is done again from its start. A record that does not match today's
plan of its routine (a changed routine) is not offered: "start again" is then the honest
choice, and Today's own Start button gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cipn_coach.i18n import _
from cipn_coach.storage.rows import SessionRow

if TYPE_CHECKING:  # the session engine loads on Start or on continuing: Today needs neither
    from cipn_coach.engine.session import StepProgress


@dataclass(frozen=True)
class ResumePoint:
    session_id: int
    routine_id: str
    routine_title: str
    slot: str | None
    from_step: int  # 0-based: the first step still to do
    step_count: int
    earlier: tuple[StepProgress, ...]  # what was saved of the steps before it

    def question(self) -> str:
        return _("Continue {routine} from exercise {step} of {steps}?").format(
            routine=self.routine_title, step=self.from_step + 1, steps=self.step_count
        )


def resume_point(session: SessionRow, planned_exercises: list[str]) -> ResumePoint | None:
    """The point to continue ``session`` from, given the exercise ids of its routine's
    plan for today; ``None`` when there is nothing worth continuing (nothing finished
    yet, everything finished) or the saved steps are not this plan's."""
    saved = {row.position: row for row in session.steps}
    for position, row in saved.items():
        if position >= len(planned_exercises) or planned_exercises[position] != row.exercise_id:
            return None
    from_step = 0
    while from_step < len(planned_exercises):
        row = saved.get(from_step)
        if row is None or not (row.completed or row.skipped):
            break
        from_step += 1
    if from_step == 0 or from_step >= len(planned_exercises):
        return None
    from cipn_coach.engine.session import StepProgress

    earlier = tuple(
        StepProgress(
            step_index=row.position,
            exercise_id=row.exercise_id,
            title=row.title,
            planned_seconds=row.planned_seconds,
            planned_reps=row.planned_reps,
            done_seconds=row.done_seconds,
            done_reps=row.done_reps,
            skipped=row.skipped,
            completed=row.completed,
        )
        for position, row in sorted(saved.items())
        if position < from_step
    )
    return ResumePoint(
        session.id,
        session.routine_id,
        session.routine_title,
        session.slot,
        from_step,
        len(planned_exercises),
        earlier,
    )


def latest_cut_short(sessions: list[SessionRow], today: date) -> SessionRow | None:
    """Of the sessions found unfinished at start-up, the latest one begun today: only that
    one is offered (a session from another day is left as it is, partly done)."""
    todays = [s for s in sessions if s.local_date == today]
    return max(todays, key=lambda s: s.started_at) if todays else None
