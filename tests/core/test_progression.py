"""The plan for a day: hold/rep increments per week (capped), balance level up/down."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.library import load_library
from cipn_coach.routines.plan import plan_routine
from cipn_coach.routines.progression import (
    History,
    SessionOutcome,
    check_routine,
    plan_for_day,
    preview_week,
)
from cipn_coach.routines.routine_format import Step
from tests.core import factories as f

START = date(2026, 11, 2)  # a Monday; week 2 starts 11-09, week 3 11-16
HOLD = f.exercise("stance", reps=None, hold=20, levels=4)
REPS = f.exercise("fingers", reps=6)
LIB = f.library(HOLD, REPS)


def routine(**step: object):
    return f.routine(
        "rr",
        [
            {"exercise": "stance", **step},
            {"exercise": "fingers", "progression": [{"kind": "reps", "add": 2, "max": 11}]},
        ],
    )


def day(n: int) -> date:
    return START + timedelta(days=n)


def rated(n: int, effort: int, pain: bool = False, routine_id: str = "rr") -> SessionOutcome:
    return SessionOutcome(day(n), routine_id, effort, pain)


def levels(r, on: date, history: History | None = None) -> int | None:
    step = plan_for_day(r, LIB, START, on, history)[0]
    return step.level.level if step.level else None


def test_hold_and_reps_grow_each_week_up_to_the_cap_at_week_boundaries():
    r = routine(progression=[{"kind": "hold", "add_seconds": 5, "max": 30}])
    holds = [plan_for_day(r, LIB, START, day(n))[0].hold_seconds for n in (0, 6, 7, 13, 14, 21, 27)]
    assert holds == [20, 20, 25, 25, 30, 30, 30]
    reps = [plan_for_day(r, LIB, START, day(n))[1].reps for n in (0, 7, 14, 21)]
    assert reps == [6, 8, 10, 11]


def test_every_two_weeks_and_days_before_the_start_are_week_one():
    r = routine(progression=[{"kind": "hold", "add_seconds": 10, "every_weeks": 2, "max": 60}])
    holds = [
        plan_for_day(r, LIB, START, d)[0].hold_seconds
        for d in (day(-3), day(7), day(14), day(21), day(28))
    ]
    assert holds == [20, 20, 30, 30, 40]


def test_empty_history_keeps_the_starting_level():
    r = routine(level=2, progression=[{"kind": "level"}])
    assert [levels(r, day(n)) for n in (0, 7, 14, 27)] == [2, 2, 2, 2]


def test_level_goes_up_one_per_week_after_three_easy_ratings():
    r = routine(progression=[{"kind": "level"}])
    history = History(tuple(rated(n, 4) for n in (1, 3, 5)))
    assert levels(r, day(6), history) == 1  # not before the week boundary
    assert levels(r, day(7), history) == 2
    # the three ratings were at level 1: level 2 needs its own three
    assert levels(r, day(14), history) == 2
    more = History(history.sessions + tuple(rated(n, 5) for n in (8, 10, 12)))
    assert levels(r, day(14), more) == 3


def test_no_level_up_after_a_hard_rating_a_near_fall_or_too_few_ratings():
    r = routine(progression=[{"kind": "level"}])
    assert levels(r, day(7), History(tuple(rated(n, e) for n, e in ((1, 4), (3, 6), (5, 4))))) == 1
    assert levels(r, day(7), History(tuple(rated(n, 3) for n in (1, 3)))) == 1
    other = History(tuple(rated(n, 3, routine_id="other") for n in (1, 3, 5)))
    assert levels(r, day(7), other) == 1
    easy = tuple(rated(n, 3) for n in (1, 3, 5))
    # a near-fall on day 0 takes no level below 1, and blocks the week-2 step up
    assert levels(r, day(7), History(easy, {day(0): 1})) == 1
    assert levels(r, day(7), History(easy, {day(-1): 1})) == 2  # before the last 7 days


def test_level_goes_down_after_a_near_fall_or_a_pain_stop_and_never_below_min():
    r = routine(level=3, progression=[{"kind": "level", "min": 2}])
    assert levels(r, day(9), History((), {day(9): 1})) == 2  # from that day on
    assert levels(r, day(8), History((), {day(9): 1})) == 3  # not before
    pain = History((rated(2, 7, pain=True),), {day(4): 2})
    assert levels(r, day(5), pain) == 2  # two events, floor 2


def test_level_never_above_max_or_the_exercise_levels():
    easy = History(tuple(rated(n, 2) for n in range(40)))
    capped = routine(level=1, progression=[{"kind": "level", "max": 2}])
    assert levels(capped, day(35), easy) == 2
    top = routine(level=3, progression=[{"kind": "level"}])
    assert levels(top, day(35), easy) == 4


def test_preview_week_assumes_progress_and_honours_caps():
    r = routine(progression=[{"kind": "level"}, {"kind": "hold", "add_seconds": 5, "max": 25}])
    steps = preview_week(r, LIB, 3)
    assert steps[0].level.level == 3 and steps[0].hold_seconds == 25
    assert preview_week(r, LIB, 3, assume_progress=False)[0].level.level == 1


@pytest.mark.parametrize(
    "step, message",
    [
        ({"progression": [{"kind": "hold", "add_seconds": 5, "max": 200}]}, "hold must be 5–120 s"),
        ({"progression": [{"kind": "reps", "add": 2, "max": 60}]}, "reps must be 1–50"),
        ({"progression": [{"kind": "level", "max": 9}]}, "level must be 1–8"),
        ({"progression": [{"kind": "level"}, {"kind": "level"}]}, "listed twice"),
        ({"prepare_seconds": 5}, "preparation time must be 10–300 s"),
        ({"level_by_week": [1, 2], "progression": [{"kind": "level"}]}, "not both"),
        ({"progression": [{"kind": "jump"}]}, "does not match any of the expected tags"),
    ],
)
def test_out_of_range_rules_are_refused_with_plain_messages(step, message):
    with pytest.raises(ValidationError, match=message):
        Step.model_validate({"exercise": "stance", **step})


def test_rules_are_checked_against_the_exercise():
    bad = f.routine(
        "rr",
        [
            {
                "exercise": "stance",
                "progression": [{"kind": "reps", "add": 1, "max": 9}, {"kind": "level", "max": 6}],
            },
            {
                "exercise": "fingers",
                "progression": [{"kind": "hold", "add_seconds": 5, "max": 30}, {"kind": "level"}],
            },
        ],
    )
    problems = check_routine(bad, LIB.exercises)
    assert any("'stance' is timed" in p for p in problems)
    assert any("steps.0.progression.max: level 6 does not exist" in p for p in problems)
    assert any("'fingers' is counted in reps" in p for p in problems)
    assert any("'fingers' has no levels" in p for p in problems)


def test_step_prepare_seconds_sets_that_lead_in():
    r = f.routine("rr", [{"exercise": "fingers"}, {"exercise": "stance", "prepare_seconds": 90}])
    steps = plan_routine(r, LIB)
    assert steps[1].prepare_seconds == 90
    timeline = build_timeline(steps, 10, 10)
    prepare = [p for p in timeline.phases if p.kind == "prepare"]
    assert prepare[0].duration == 90


def test_every_shipped_routine_still_loads_and_plans_the_same():
    library = load_library()
    assert not library.problems and set(library.routines) >= {
        "morning",
        "evening",
        "balance_builder",
    }
    for r in library.routines.values():
        for week in (1, 4):
            assert plan_for_day(r, library, START, day(7 * (week - 1))) == plan_routine(
                r, library, week
            )


def test_a_level_may_rise_when_a_self_test_reaches_the_physiotherapists_goal():
    goal = {"test": "four_stage_balance", "at_least": 30}
    r = routine(progression=[{"kind": "level", "up_on_self_test": goal}])
    hard = tuple(rated(n, 8) for n in (1, 3, 5))  # the sessions alone would hold level 1
    assert levels(r, day(7), History(hard)) == 1
    held = History(hard, self_tests=(("four_stage_balance", day(4), 30.0),))
    assert levels(r, day(6), held) == 1  # at the week boundary, not before
    assert levels(r, day(7), held) == 2
    assert levels(r, day(14), held) == 2  # one result lifts one level, not every week
    short = History(
        hard, self_tests=(("four_stage_balance", day(4), 29.0), ("single_leg_stance", day(4), 30.0))
    )
    assert levels(r, day(7), short) == 1  # below the goal, or another test
    # a near-fall still holds it back
    assert levels(r, day(7), History(hard, {day(5): 1}, self_tests=held.self_tests)) == 1
    # without the goal in the rule the result changes nothing
    plain = routine(progression=[{"kind": "level"}])
    assert levels(plain, day(7), held) == 1


def test_a_result_stopped_for_safety_never_counts_as_reaching_the_goal():
    from datetime import UTC, datetime

    from cipn_coach.selftests.library import SelfTestResult

    def result(value: float, stopped: bool) -> SelfTestResult:
        return SelfTestResult(
            uid="u",
            test_id="four_stage_balance",
            day=day(4),
            value=value,
            side=None,
            stopped_for_safety=stopped,
            source="app",
            note=None,
            created_at=datetime(2026, 11, 6, tzinfo=UTC),
        )

    history = History.from_rows([], [], self_tests=[result(30, True)])
    assert history.self_tests == ()
    assert History.from_rows([], [], self_tests=[result(30, False)]).self_tests == (
        ("four_stage_balance", day(4), 30.0),
    )


def test_the_plan_service_reads_the_self_test_results_for_the_goal(tmp_path):
    from datetime import UTC, datetime

    from cipn_coach.services import open_services

    services = open_services(tmp_path / "data")
    try:
        base = services.library.routines["balance_builder"]
        index = next(
            i for i, s in enumerate(base.steps) if services.library.exercises[s.exercise].levels
        )
        goal = {"kind": "level", "up_on_self_test": {"test": "four_stage_balance", "at_least": 30}}
        step = Step.model_validate(
            {
                **base.steps[index].model_dump(exclude_none=True),
                "level": 1,
                "level_by_week": [],
                "progression": [goal],
            }
        )
        steps = list(base.steps)
        steps[index] = step
        routine = type(base).model_validate(
            {
                **base.model_dump(exclude_none=True),
                "steps": [s.model_dump(exclude_none=True) for s in steps],
            }
        )
        start = date(2026, 11, 2)

        def level() -> int:
            return services.plan.plan_for(routine, start + timedelta(days=7), start)[
                index
            ].level.level

        assert level() == 1
        services.self_tests.add(
            "four_stage_balance",
            start + timedelta(days=3),
            30,
            datetime(2026, 11, 5, 10, 0, tzinfo=UTC),
        )
        assert level() == 2
    finally:
        services.close()
