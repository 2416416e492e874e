"""Continuing a session cut short: where it carries on, and that it carries on in the same
record, on a real SQLite file, with the steps already saved kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cipn_coach.changes import Changes
from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.session import SessionEngine, SessionState, StepEnded
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.plan import plan_routine
from cipn_coach.routines.schedule import counts_as_done
from cipn_coach.services import open_services
from cipn_coach.sessions.recorder import SessionRecorder
from cipn_coach.sessions.resume import latest_cut_short, resume_point
from cipn_coach.storage.repository import SessionRepository
from tests.core.factories import exercise, library, routine

DAY = date(2026, 11, 20)
T0 = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def three_steps():
    lib = library(
        exercise("fingers", reps=2, seconds_per_rep=2, rest=0),
        exercise("toes", reps=2, seconds_per_rep=2, rest=0),
        routines=[
            routine(
                "short", [{"exercise": "fingers"}, {"exercise": "toes"}, {"exercise": "fingers"}]
            )
        ],
    )
    return lib, lib.routines["short"]


def run_until(engine, clock, predicate, step=0.5, limit=400):
    for _ in range(limit):
        if predicate():
            return
        clock.advance(step)
        engine.update()
    raise AssertionError("never happened")


def test_a_crash_mid_session_is_offered_from_the_step_under_way_and_continues_in_the_same_record(
    tmp_path,
):
    lib, plan = three_steps()
    services = open_services(tmp_path / "d", library=lib, recover=True)
    steps = plan_routine(plan, lib)
    clock = FakeClock()
    engine = SessionEngine(build_timeline(steps, 10, 10), clock)
    recorder = SessionRecorder(
        SessionRepository(services.db),
        engine,
        plan,
        slot="morning",
        local_date=DAY,
        program_week=1,
        wall_clock=lambda: T0,
    )
    ended: list[int] = []
    engine.subscribe(
        lambda e: ended.append(e.progress.step_index) if isinstance(e, StepEnded) else None
    )
    engine.start()
    run_until(engine, clock, lambda: ended == [0, 1])  # two steps saved, the third under way
    services.close()  # ... and the power goes: the record stays "in progress"

    services = open_services(tmp_path / "d", library=lib, recover=True)  # the next start
    [cut] = services.interrupted
    assert cut.id == recorder.session_id
    assert services.sessions.get(cut.id).status == "partial"  # counted like any partial
    point = resume_point(
        latest_cut_short(services.interrupted, DAY), [s.exercise.id for s in steps]
    )
    assert point is not None
    assert point.question() == "Continue Short from exercise 3 of 3?"
    assert [p.step_index for p in point.earlier] == [0, 1]

    clock = FakeClock()
    engine = SessionEngine(build_timeline(steps, 10, 10), clock)
    heard: list[Changes] = []
    services.sessions.record(  # as the window does: on the ordered writer
        engine,
        plan,
        slot="morning",
        local_date=DAY,
        program_week=1,
        wall_clock=lambda: T0,
        on_saved=heard.append,
        continuing=point.session_id,
    )
    services.writer.flush(timeout=30)
    assert services.sessions.get(cut.id).status == "in_progress"
    state = engine.start(from_step=point.from_step, earlier=point.earlier)
    assert state.step_index == 2
    run_until(engine, clock, lambda: engine.state is SessionState.FINISHED)
    services.writer.flush(timeout=30)
    assert heard == [Changes(sessions=True)]  # the end is saved: the screens may show it
    rows = services.sessions.between(DAY, DAY)
    assert len(rows) == 1  # the same record, not a second one
    assert rows[0].status == "completed" and [s.position for s in rows[0].steps] == [0, 1, 2]
    assert all(s.completed for s in rows[0].steps) and counts_as_done(rows[0])
    assert sum(p.completed for p in engine.progress) == 3  # the end summary counts all three
    services.close()


def test_nothing_to_continue_when_nothing_finished_or_everything_did_or_the_plan_changed(tmp_path):
    from cipn_coach.storage.rows import SessionRow, StepRow

    def row(*positions: int, exercise_id: str = "fingers") -> SessionRow:
        steps = tuple(
            StepRow(p, exercise_id if p != 1 else "toes", "X", 4.0, 4.0, 2, 2, False, True)
            for p in positions
        )
        return SessionRow(
            7,
            "short",
            "Short",
            "morning",
            DAY,
            T0,
            None,
            "partial",
            12.0,
            0.0,
            None,
            None,
            None,
            steps,
        )

    plan = ["fingers", "toes", "fingers"]
    assert resume_point(row(), plan) is None
    assert resume_point(row(0, 1, 2), plan) is None
    assert resume_point(row(0, 1), ["fingers", "walk", "fingers"]) is None
    assert resume_point(row(0, 1), plan).from_step == 2
    assert latest_cut_short([row(0)], date(2026, 11, 21)) is None  # another day: left as it is


def test_the_engine_refuses_a_step_it_does_not_have():
    lib, plan = three_steps()
    engine = SessionEngine(build_timeline(plan_routine(plan, lib), 10, 10), FakeClock())
    with pytest.raises(ValueError):
        engine.start(from_step=3)
