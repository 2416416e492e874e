"""The self-test engine under a fake clock: the open-ended timed phase (ended by a key or
by its cap), the count entry, fixed windows, stages, best of two tries, and the safety
stop, which always keeps what was measured."""

from __future__ import annotations

import pytest

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.selftest import (
    CueSaid,
    Outcome,
    PhaseBegan,
    SelfTestEnded,
    SelfTestEngine,
    SelfTestPhaseKind,
    SelfTestState,
    plan_phases,
)
from cipn_coach.selftests.library import load_selftests

TESTS = load_selftests()


def make(test_id: str):
    clock = FakeClock()
    engine = SelfTestEngine(TESTS[test_id], clock)
    events: list = []
    engine.subscribe(events.append)
    return engine, clock, events


def run_to(engine: SelfTestEngine, clock: FakeClock, kind: SelfTestPhaseKind) -> None:
    """Let time pass until a phase of ``kind`` begins (at its exact start)."""
    while engine.phase.kind is not kind:
        phase = engine.phase
        assert phase.duration is not None, f"stuck in {phase.kind}"
        clock.advance(engine.next_deadline() - clock.now)
        engine.update()
    assert engine.state is SelfTestState.RUNNING


def said(events) -> list[str]:
    return [e.cue.text for e in events if isinstance(e, CueSaid)]


def test_every_shipped_test_has_a_plan_that_ends_in_done():
    for test in TESTS.values():
        phases = plan_phases(test)
        assert phases[-1].kind is SelfTestPhaseKind.DONE
        assert [p.index for p in phases] == list(range(len(phases)))
        measuring = [
            p for p in phases if p.kind in (SelfTestPhaseKind.TIMED, SelfTestPhaseKind.OPEN_TIMED)
        ]
        assert measuring and all(p.duration == test.cap_seconds for p in measuring)
        for phase in phases:
            if phase.kind is SelfTestPhaseKind.GET_READY:  # instruction, then 3-2-1 at the end
                assert [c.text for c in phase.cues[-3:]] == ["3", "2", "1"]
                assert phase.cues[-1].offset == phase.duration - 1


def test_open_timed_phase_ends_by_the_key_at_that_moment():
    engine, clock, events = make("five_times_sit_to_stand")
    engine.start()
    run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
    clock.advance(7.0)
    tick = engine.update()
    assert tick.display_seconds == 7 and tick.remaining == pytest.approx(113.0)  # counts up
    assert engine.next_deadline() == pytest.approx(clock.now + 1)  # the next shown second
    clock.advance(4.37)
    engine.finish()
    assert engine.state is SelfTestState.FINISHED
    assert engine.outcomes == (Outcome(None, 11.37, False),)
    assert isinstance(events[-1], SelfTestEnded) and events[-1].outcomes == engine.outcomes
    assert "Go." in said(events)


def test_open_timed_phase_ends_by_itself_at_its_cap_even_if_ticks_were_missed():
    engine, clock, _ = make("five_buttons")
    engine.start()
    run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
    clock.advance(10_000)  # the laptop slept; the first update after it is exact
    engine.update()
    assert engine.state is SelfTestState.FINISHED
    assert engine.outcomes == (Outcome(None, 600.0, False),)


def test_a_key_outside_a_stopwatch_does_nothing():
    engine, clock, _ = make("chair_stand_30s")
    engine.start()
    clock.advance(2)
    before = engine.phase
    engine.finish()  # during get-ready
    assert engine.phase is before
    run_to(engine, clock, SelfTestPhaseKind.TIMED)
    clock.advance(12)
    engine.finish()  # the 30-second window is fixed: a stray Space does not cut it short
    assert engine.phase.kind is SelfTestPhaseKind.TIMED


def test_chair_stand_counts_down_30_seconds_then_waits_for_the_count_as_long_as_needed():
    engine, clock, events = make("chair_stand_30s")
    engine.start()
    run_to(engine, clock, SelfTestPhaseKind.TIMED)
    clock.advance(29.5)
    assert engine.update().display_seconds == 1
    clock.advance(0.5)
    engine.update()
    assert engine.phase.kind is SelfTestPhaseKind.COUNT_ENTRY
    assert said(events)[-2:] == ["Stop.", "How many times did you stand up?"]
    assert engine.next_deadline() is None  # nothing happens by time alone
    clock.advance(3600)
    assert engine.update().phase.kind is SelfTestPhaseKind.COUNT_ENTRY
    with pytest.raises(ValueError, match="0–40"):
        engine.enter_count(41)
    engine.enter_count(11)
    assert engine.state is SelfTestState.FINISHED
    assert engine.outcomes == (Outcome(None, 11.0, False),)


def test_count_entry_is_refused_when_no_count_is_asked():
    engine, _, _ = make("chair_stand_30s")
    engine.start()
    with pytest.raises(RuntimeError):
        engine.enter_count(5)


def test_one_leg_stance_keeps_the_best_of_two_tries_per_side():
    engine, clock, _ = make("single_leg_stance")
    engine.start()
    held = {("left", 1): 4.2, ("left", 2): 6.9, ("right", 1): 30.0, ("right", 2): 12.0}
    for _ in range(4):
        run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
        phase = engine.phase
        seconds = held[(phase.side, phase.trial)]
        clock.advance(seconds)
        if seconds < phase.duration:
            engine.finish()
        else:
            engine.update()  # the cap ends it: 30 s held
    assert engine.state is SelfTestState.FINISHED
    assert engine.outcomes == (Outcome("left", 6.9, False), Outcome("right", 30.0, False))


def test_balance_stages_continue_while_held_and_end_at_the_first_not_held():
    engine, clock, events = make("four_stage_balance")
    engine.start()
    for _ in range(2):  # feet together, half step: held for the full 10 s
        run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
        clock.advance(10)
        engine.update()
    run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
    assert engine.phase.stage == 3  # heel to toe
    clock.advance(6.5)
    engine.finish()  # had to hold the counter: not held, the test ends here
    assert engine.state is SelfTestState.FINISHED
    assert engine.outcomes == (Outcome(None, 26.5, False),)  # below STEADI's 30
    assert not any(isinstance(e, PhaseBegan) and e.phase.stage == 4 for e in events)


def test_finger_tapping_counts_taps_only_inside_each_window():
    engine, clock, _ = make("finger_tapping")
    engine.start()
    engine.tap()  # during get-ready: not counted
    for side_taps in (31, 27):
        run_to(engine, clock, SelfTestPhaseKind.TIMED)
        for _ in range(side_taps):
            clock.advance(0.25)
            engine.tap()
        assert engine.snapshot().taps == side_taps
        clock.advance(10)
        engine.update()
    assert engine.outcomes == (Outcome("left", 31.0, False), Outcome("right", 27.0, False))


def test_safety_stop_in_a_stopwatch_keeps_the_time_marked_stopped():
    engine, clock, events = make("single_leg_stance")
    engine.start()
    run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)
    clock.advance(8)
    engine.finish()
    run_to(engine, clock, SelfTestPhaseKind.OPEN_TIMED)  # left, try 2
    clock.advance(3.5)
    engine.stop_for_safety()
    assert engine.state is SelfTestState.STOPPED_FOR_SAFETY
    assert engine.outcomes == (Outcome("left", 8.0, True),)  # right never began: no result
    assert events[-1] == SelfTestEnded(SelfTestState.STOPPED_FOR_SAFETY, engine.outcomes)
    clock.advance(60)
    engine.update()
    engine.finish()
    assert engine.state is SelfTestState.STOPPED_FOR_SAFETY  # nothing moves after the end


def test_safety_stop_during_chair_stands_still_asks_how_many():
    engine, clock, events = make("chair_stand_30s")
    engine.start()
    run_to(engine, clock, SelfTestPhaseKind.TIMED)
    clock.advance(12)
    engine.stop_for_safety()
    assert engine.phase.kind is SelfTestPhaseKind.COUNT_ENTRY
    assert not any(isinstance(e, SelfTestEnded) for e in events)
    engine.enter_count(4)
    assert engine.outcomes == (Outcome(None, 4.0, True),)
    assert events[-1] == SelfTestEnded(SelfTestState.STOPPED_FOR_SAFETY, engine.outcomes)


def test_safety_stop_before_anything_was_measured_keeps_no_result():
    engine, clock, _ = make("five_times_sit_to_stand")
    engine.start()
    clock.advance(1)
    engine.stop_for_safety()
    assert engine.state is SelfTestState.STOPPED_FOR_SAFETY and engine.outcomes == ()


def test_a_safety_stop_never_closes_with_praise():
    """The test's closing words ("That is the end of the test. Well done, and thank
    you.") are said only when the test ran to its end; a safety stop (before anything
    was measured, in a stopwatch, or in chair stands before the count) ends without them,
    as a session with every exercise skipped no longer praises either."""
    stopped = []
    for test_id, kind, seconds in (
        ("five_times_sit_to_stand", SelfTestPhaseKind.GET_READY, 1),
        ("single_leg_stance", SelfTestPhaseKind.OPEN_TIMED, 3),
        ("chair_stand_30s", SelfTestPhaseKind.TIMED, 12),
    ):
        engine, clock, events = make(test_id)
        engine.start()
        run_to(engine, clock, kind)
        clock.advance(seconds)
        engine.stop_for_safety()
        if engine.phase.kind is SelfTestPhaseKind.COUNT_ENTRY:
            engine.enter_count(4)
        clock.advance(60)
        engine.update()
        assert engine.state is SelfTestState.STOPPED_FOR_SAFETY
        stopped += said(events)
    assert stopped and not [text for text in stopped if "Well done" in text]


def test_a_test_starts_once():
    engine, _, _ = make("five_buttons")
    engine.start()
    with pytest.raises(RuntimeError):
        engine.start()


def test_in_chinese_the_plan_speaks_the_chinese_table_and_catalogue():
    from cipn_coach import i18n
    from cipn_coach.selftests.library import selftests_in

    i18n.set_language("zh-HK")
    test = selftests_in("zh_HK")["single_leg_stance"]
    words = [cue.text for phase in plan_phases(test) for cue in phase.cues]
    assert words[0] == f"左腳。第1次，共2次。{test.ready_cue}"
    assert "開始。" in words and "測試完成了。做得好，多謝你。" in words
    assert not any(c.isascii() and c.isalpha() for text in words for c in text)
