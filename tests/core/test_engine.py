"""The session engine under a fake clock: timing, cues, pause, skip, back, stop, sides."""

from __future__ import annotations

import math

import pytest

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.cue_words import ENGLISH
from cipn_coach.engine.session import (
    CueDue,
    Jumped,
    Paused,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
    SessionState,
    StepEnded,
)
from cipn_coach.engine.timeline import CueKind, PhaseKind, build_timeline
from cipn_coach.routines.plan import plan_routine
from tests.core.factories import exercise, library, routine

G, P = 10, 10  # the factory routine's get-ready and prepare seconds


def make(steps, *exercises, **extra):
    lib = library(*exercises)
    r = routine("rt", steps, **extra)
    timeline = build_timeline(plan_routine(r, lib), r.get_ready_seconds, r.prepare_seconds)
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    events: list = []
    engine.subscribe(events.append)
    return engine, clock, events


def spoken(events):
    return [e.cue.text for e in events if isinstance(e, CueDue) and e.cue.spoken]


def test_timeline_layout_and_total_for_reps_sets_and_sides():
    # 3 reps × 2 s, 2 sets, left then right, rest 10 → 4 work blocks
    ex = exercise("towel", reps=3, sets=2, rest=10, sides="left_then_right")
    hold = exercise("stand", reps=None, hold=30)
    engine, _, _ = make([{"exercise": "towel"}, {"exercise": "stand"}], ex, hold)
    kinds = [p.kind for p in engine.timeline.phases]
    assert kinds == [
        PhaseKind.GET_READY,
        PhaseKind.WORK,
        PhaseKind.REST,
        PhaseKind.WORK,
        PhaseKind.SWITCH,
        PhaseKind.WORK,
        PhaseKind.REST,
        PhaseKind.WORK,
        PhaseKind.PREPARE,
        PhaseKind.WORK,
        PhaseKind.DONE,
    ]
    # get ready + 4×6 work + 2 rests 10 + switch 10 + prepare + hold 30. The get-ready is
    # stretched from G to 11 s: "Get ready. First: Towel. Start with your left foot. Start
    # towel." is estimated at 6.6 s (5.7 s as espeak-ng WAV), + 3.5 s for "3, 2, 1".
    get_ready = engine.timeline.phases[0]
    assert get_ready.duration == 11 > G
    assert [c.text for c in get_ready.cues][1:] == ["3", "2", "1"]
    assert [c.offset for c in get_ready.cues] == [0, 8, 9, 10]
    assert engine.timeline.total_duration == pytest.approx(11 + 24 + 20 + 10 + P + 30)
    sides = [p.side for p in engine.timeline.phases if p.kind is PhaseKind.WORK][:4]
    assert sides == ["left", "left", "right", "right"]


def test_cue_script_for_reps_counts_and_last_one():
    engine, _, _ = make([{"exercise": "fingers"}], exercise("fingers", reps=3, seconds_per_rep=2))
    script = engine.timeline.script()
    texts = [(c["at"], c["text"]) for c in script if c["kind"] != "chime"]
    assert texts[0][0] == 0 and texts[0][1].startswith("Get ready. First: Fingers.")
    assert (G - 3, "3") in texts and (G - 2, "2") in texts and (G - 1, "1") in texts
    assert (G, "One. Open") in texts and (G + 1, "Close") in texts
    assert (G + 2, "Two. Open") in texts and (G + 4, "Last one. Open") in texts
    assert texts[-1][0] == G + 6 and "Well done" in texts[-1][1]
    chimes = [c["at"] for c in script if c["kind"] == "chime"]
    assert chimes == [G, G + 6]


def test_hold_cues_halfway_ten_left_and_tips():
    ex = exercise("soak", reps=None, hold=120, tips=["Massage gently."])
    engine, _, _ = make([{"exercise": "soak"}], ex)
    work = [p for p in engine.timeline.phases if p.kind is PhaseKind.WORK][0]
    by_kind = {(c.kind, c.offset) for c in work.cues}
    assert (CueKind.HALFWAY, 60) in by_kind
    assert (CueKind.TIME_LEFT, 110) in by_kind
    tips = [c.offset for c in work.cues if c.kind is CueKind.TIP]
    assert tips == [30, 90]  # the one at 60 would collide with "Halfway"


def test_update_fires_cues_in_order_and_remaining_is_deadline_minus_now():
    engine, clock, events = make([{"exercise": "fingers"}], exercise("fingers", reps=3))
    engine.start()
    assert engine.snapshot().phase.kind is PhaseKind.GET_READY
    clock.advance(G - 2.5)
    state = engine.update()
    assert state.phase_remaining == pytest.approx(2.5)
    assert state.display_seconds == 3
    assert spoken(events)[-1] == "3"
    clock.advance(4.0)  # 1.5 s into work: rep 1 (0–2 s)
    state = engine.update()
    assert state.phase.kind is PhaseKind.WORK and state.rep == 1
    assert state.total_remaining == pytest.approx(6 - 1.5)
    assert spoken(events)[-2:] == ["One. Open", "Close"]


def test_a_late_tick_catches_up_without_stretching_the_session():
    engine, clock, events = make(
        [{"exercise": "fingers"}, {"exercise": "stand"}],
        exercise("fingers"),
        exercise("stand", reps=None, hold=20),
    )
    engine.start()
    clock.advance(1000)  # one very late tick: everything due fires, in order, once
    state = engine.update()
    assert state.state is SessionState.FINISHED
    script = [c["text"] for c in engine.timeline.script() if c["kind"] != "chime"]
    assert spoken(events) == script
    ended = [e for e in events if isinstance(e, SessionEnded)]
    assert len(ended) == 1 and ended[0].status == "completed"
    assert all(p.completed and not p.skipped for p in ended[0].steps)
    assert ended[0].steps[0].done_reps == 3 and ended[0].steps[1].done_seconds == 20


def test_pause_excludes_paused_time_and_resume_continues():
    engine, clock, events = make([{"exercise": "stand"}], exercise("stand", reps=None, hold=30))
    engine.start()
    clock.advance(G + 5)  # 5 s into the hold
    engine.pause()
    assert engine.state is SessionState.PAUSED
    clock.advance(600)
    state = engine.update()
    assert state.phase_remaining == pytest.approx(25)
    engine.resume()
    clock.advance(24.9)
    assert engine.update().phase.kind is PhaseKind.WORK
    clock.advance(0.2)
    assert engine.update().state is SessionState.FINISHED
    assert any(isinstance(e, Paused) for e in events)
    assert engine.progress[0].done_seconds == pytest.approx(30)


def test_no_cue_fires_while_paused():
    engine, clock, events = make([{"exercise": "fingers"}], exercise("fingers"))
    engine.start()
    engine.pause()
    before = len(spoken(events))
    clock.advance(100)
    engine.update()
    assert len(spoken(events)) == before


def test_skip_records_partial_work_and_moves_to_next_exercise():
    engine, clock, events = make(
        [{"exercise": "stand"}, {"exercise": "fingers"}],
        exercise("stand", reps=None, hold=30),
        exercise("fingers"),
    )
    engine.start()
    clock.advance(G + 12)  # 12 s into the 30 s hold
    state = engine.skip()
    assert state.phase.kind is PhaseKind.PREPARE and state.step_index == 1
    ended = [e.progress for e in events if isinstance(e, StepEnded)]
    assert len(ended) == 1
    assert ended[0].skipped and not ended[0].completed
    assert ended[0].done_seconds == pytest.approx(12)
    assert isinstance(events[-1], (PhaseStarted, CueDue, Jumped))
    # the next exercise's remaining time starts fresh from the skip moment
    assert state.phase_remaining == pytest.approx(P)


def test_skip_on_last_exercise_finishes_the_session():
    engine, clock, events = make([{"exercise": "fingers"}], exercise("fingers"))
    engine.start()
    clock.advance(G + 1)
    assert engine.skip().state is SessionState.FINISHED
    ended = [e for e in events if isinstance(e, SessionEnded)][0]
    # every exercise skipped: the routine is over, but nothing was done, so it ends as
    # Stop ends it (not "completed": no "Well done!", not counted as a session done)
    assert ended.status == "stopped" and ended.steps[0].skipped
    assert ended.steps[0].done_reps == 0  # 1 s into rep 1: no full repetition


def test_every_exercise_skipped_closes_calmly_not_with_praise():
    """The closing words used to say "Well done, and thank you." after nothing was done.
    With every exercise skipped the closing cue and the done screen's words say calmly
    that nothing was done this time; a session with one exercise done still praises."""
    engine, clock, events = make(
        [{"exercise": "aa"}, {"exercise": "bb"}], exercise("aa"), exercise("bb")
    )
    engine.start()
    clock.advance(G + 1)
    engine.skip()
    clock.advance(1)
    assert engine.skip().state is SessionState.FINISHED
    closing = [e.cue for e in events if isinstance(e, CueDue) and e.cue.kind is CueKind.FINISH]
    assert [cue.text for cue in closing] == [ENGLISH.nothing_done]
    assert "Well done" not in ENGLISH.nothing_done
    done = [e.phase for e in events if isinstance(e, PhaseStarted)][-1]
    assert done.kind is PhaseKind.DONE and "Well done" not in done.title
    assert engine.phase == done  # the screen drawn from a snapshot says the same

    engine, clock, events = make(
        [{"exercise": "aa"}, {"exercise": "bb"}], exercise("aa"), exercise("bb")
    )
    engine.start()
    clock.advance(G + 1)
    engine.skip()
    clock.advance(engine.timeline.total_duration)  # the second one done in full
    assert engine.update().state is SessionState.FINISHED
    closing = [e.cue for e in events if isinstance(e, CueDue) and e.cue.kind is CueKind.FINISH]
    assert len(closing) == 1 and closing[0].text.endswith(ENGLISH.finish)
    assert [e.status for e in events if isinstance(e, SessionEnded)] == ["completed"]


def test_back_restarts_current_exercise_or_goes_to_previous():
    engine, clock, events = make(
        [{"exercise": "aa"}, {"exercise": "bb"}],
        exercise("aa", reps=None, hold=20),
        exercise("bb", reps=None, hold=20),
    )
    engine.start()
    clock.advance(G + 20 + 2)  # 2 s into b's prepare
    state = engine.back()
    assert state.step_index == 0 and state.phase.kind is PhaseKind.GET_READY
    ended = [e.progress for e in events if isinstance(e, StepEnded)]
    assert [p.step_index for p in ended] == [0, 1]  # a completed, then b left unfinished
    clock.advance(10)  # 10 s into a again: Back now restarts a itself
    state = engine.back()
    assert state.step_index == 0 and state.phase_elapsed == 0
    clock.advance(G + 20 + P + 20)
    assert engine.update().state is SessionState.FINISHED
    final = [e for e in events if isinstance(e, SessionEnded)][0].steps
    assert final[0].completed and final[1].completed
    assert final[0].done_seconds == pytest.approx(
        20 + (10 - G) + 20
    )  # done once, partly, then again


def test_stop_records_the_step_in_progress_and_ends():
    engine, clock, events = make(
        [{"exercise": "aa"}, {"exercise": "bb"}],
        exercise("aa", reps=None, hold=20),
        exercise("bb", reps=None, hold=20),
    )
    engine.start()
    clock.advance(G + 20 + P + 7)
    state = engine.stop()
    assert state.state is SessionState.STOPPED
    ended = [e for e in events if isinstance(e, SessionEnded)]
    assert ended[0].status == "stopped"
    assert ended[0].steps[0].completed
    assert ended[0].steps[1].skipped and ended[0].steps[1].done_seconds == pytest.approx(7)
    clock.advance(100)
    engine.update()
    assert len([e for e in events if isinstance(e, SessionEnded)]) == 1


def test_switch_side_cue_and_rest_between_sets():
    ex = exercise("towel", reps=2, sets=2, rest=10, sides="left_then_right")
    engine, clock, events = make([{"exercise": "towel"}], ex)
    texts = [c["text"] for c in engine.timeline.script()]
    assert "Switch to your right foot." in texts
    assert texts.count("Set 2 of 2 coming up.") == 2
    assert texts[0].startswith("Get ready. First: Towel. Start with your left foot.")
    engine.start()
    clock.advance(10_000)
    engine.update()
    assert engine.progress[0].done_reps == 8


def test_each_step_ends_exactly_once_on_a_normal_run():
    engine, clock, events = make(
        [{"exercise": "aa"}, {"exercise": "bb"}, {"exercise": "aa"}],
        exercise("aa"),
        exercise("bb", reps=None, hold=10),
    )
    engine.start()
    while engine.state is SessionState.RUNNING:
        clock.advance(0.37)
        engine.update()
    ended = [e.progress.step_index for e in events if isinstance(e, StepEnded)]
    assert ended == [0, 1, 2]


def test_start_twice_is_refused():
    engine, _, _ = make([{"exercise": "fingers"}], exercise("fingers"))
    engine.start()
    with pytest.raises(RuntimeError):
        engine.start()


# --- next_deadline: when a driver has to wake up ------------------------------------


def test_next_deadline_is_the_next_second_cue_or_phase_end():
    engine, clock, _ = make([{"exercise": "fingers"}], exercise("fingers", reps=3))
    start = clock()
    assert engine.next_deadline() is None  # not started
    engine.start()
    # 10 s get-ready: "10" shows until 1 s has passed; "3" is not due until 7 s
    assert engine.next_deadline() == pytest.approx(start + 1)
    clock.advance(0.4)
    engine.update()
    assert engine.next_deadline() == pytest.approx(start + 1)
    clock.advance(6.0)  # 6.4 s: "4" shows; at 7 s it turns "3" and the cue "3" is due
    engine.update()
    assert engine.next_deadline() == pytest.approx(start + G - 3)
    clock.advance(G - 6.4 + 0.5)  # 0.5 s into the work: the next cue is "Close" at 1 s
    engine.update()
    assert engine.next_deadline() == pytest.approx(start + G + 1)
    engine.pause()
    assert engine.next_deadline() is None  # nothing happens while paused
    clock.advance(100)
    engine.resume()
    assert engine.next_deadline() == pytest.approx(start + G + 1 + 100)


def test_waking_only_at_next_deadline_misses_no_cue_and_no_second():
    # What the Qt driver does (with ticks in between, capped at 50 ms): here it wakes
    # ONLY at the deadlines, so any deadline missing from next_deadline shows up.
    engine, clock, events = make(
        [{"exercise": "towel"}, {"exercise": "stand"}],
        exercise("towel", reps=2, sets=2, rest=6, seconds_per_rep=2.5, sides="left_then_right"),
        exercise("stand", reps=None, hold=12.0),
    )
    fired: list[tuple[float, float]] = []  # (when it fired, when it was scheduled)
    starts: dict[int, float] = {}

    def on_event(event):
        if isinstance(event, PhaseStarted):
            starts[event.phase.index] = clock()
        elif isinstance(event, CueDue):
            fired.append((clock(), starts[event.phase.index] + event.cue.offset))

    engine.subscribe(on_event)
    start = clock()
    shown: dict[int, list[int]] = {}
    state = engine.start()
    while engine.state is SessionState.RUNNING:
        shown.setdefault(state.phase.index, []).append(state.display_seconds)
        deadline = engine.next_deadline()
        assert deadline is not None and deadline > clock()
        clock.advance(deadline - clock())
        state = engine.update()
    assert clock() - start == pytest.approx(engine.timeline.total_duration)
    cues = [c for p in engine.timeline.phases for c in p.cues]
    assert len(fired) == len(cues)
    assert all(when == pytest.approx(scheduled) for when, scheduled in fired)
    for phase in engine.timeline.phases[:-1]:
        values = shown[phase.index]
        changes = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
        assert changes == list(range(math.ceil(phase.duration), 0, -1)), phase
