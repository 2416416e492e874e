"""SessionDriver: wakes at the engine's next deadline (capped at TICK_MS) instead of
polling, and hands the countdown and "Begin." to a speaker's ``say_on_time``.

A fake clock: the tests read the wait the driver would arm, never sleep on it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.session import SessionEngine
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.plan import plan_routine
from cipn_coach.speech.speaker import FakeSpeaker
from tests.core.factories import exercise, library, routine
from ui.session.driver import TICK_MS, SessionDriver


@dataclass
class OnTimeSpeaker(FakeSpeaker):
    """A FakeSpeaker that also has QtSpeaker's ``say_on_time``."""

    on_time: list[str] = field(default_factory=list)

    def say_on_time(self, text: str) -> None:
        self.on_time.append(text)


def make_driver(qtbot, speaker, hold: bool = False):
    lib = library(
        exercise("fingers", reps=2, seconds_per_rep=2), exercise("stand", reps=None, hold=5)
    )
    r = routine("short", [{"exercise": "fingers"}, *([{"exercise": "stand"}] if hold else [])])
    timeline = build_timeline(plan_routine(r, lib), r.get_ready_seconds, r.prepare_seconds)
    clock = FakeClock()
    driver = SessionDriver(SessionEngine(timeline, clock), speaker, lambda: None, clock)
    return driver, clock


def test_the_timer_is_armed_for_the_next_deadline_capped_at_the_tick(qtbot) -> None:
    driver, clock = make_driver(qtbot, FakeSpeaker())
    driver.start()
    timer = driver._timer  # white-box: the wait is what this test is about
    assert timer.isSingleShot() and timer.isActive()
    assert timer.interval() == TICK_MS  # the next deadline ("9" shows) is 1 s away
    clock.advance(0.98)
    driver.tick()
    assert timer.interval() == 20  # wakes as the display turns from 10 to 9
    clock.advance(0.02)
    driver.tick()
    assert driver.engine.snapshot().display_seconds == 9
    clock.advance(0.9995)
    assert driver.next_wait_ms(clock()) == 1  # rounded up: never wakes just before it
    driver.toggle_pause()
    assert timer.interval() == TICK_MS  # paused: nothing is due, the screen still refreshes
    driver.toggle_pause()
    driver.stop()
    assert not timer.isActive()


def test_countdown_and_begin_go_to_say_on_time_the_rest_to_say(qtbot) -> None:
    speaker = OnTimeSpeaker()
    driver, clock = make_driver(qtbot, speaker, hold=True)
    driver.start()
    while driver.engine.is_active:
        clock.advance(0.25)
        driver.tick()
    # the counted exercise starts on "One. Open" (a count), the hold on "Begin."
    assert speaker.on_time == ["3", "2", "1", "3", "2", "1", "Begin."]
    assert speaker.said[0].startswith("Get ready.") and "One. Open" in speaker.said
    assert not set(speaker.on_time) & set(speaker.said)


def test_a_speaker_without_say_on_time_gets_every_cue_through_say(qtbot) -> None:
    speaker = FakeSpeaker()
    driver, clock = make_driver(qtbot, speaker)
    driver.start()
    clock.advance(20)
    driver.tick()
    script = [c["text"] for c in driver.engine.timeline.script() if c["kind"] != "chime"]
    assert speaker.said == script


@dataclass
class LoggingSpeaker(FakeSpeaker):
    """A FakeSpeaker that writes into a log shared with the driver's signals."""

    log: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        super().say(text)
        self.log.append(f"say {text}")


def test_a_cue_is_said_before_the_screen_hears_of_the_phase_it_starts(qtbot) -> None:
    """Measured (bench figure 8): the cue at a step's end or the session's end was heard
    15-26 ms late, the time the player took to draw the new phase before the driver
    reached the cue. The sound goes first; the driver's signals follow in their order."""
    speaker = LoggingSpeaker()
    driver, clock = make_driver(qtbot, speaker)
    log = speaker.log
    driver.phase_started.connect(lambda phase: log.append(f"phase {phase.index}"))
    driver.step_ended.connect(lambda progress: log.append("step ended"))
    driver.cue.connect(lambda cue, _phase: log.append(f"caption {cue.text}"))
    driver.start()
    assert log[0].startswith("say Get ready.")
    assert log[1:] == ["phase 0", "caption " + log[0].removeprefix("say ")]
    while driver.engine.is_active:
        log.clear()
        clock.advance(0.25)
        driver.tick()
    said = [entry for entry in log if entry.startswith("say ")]
    assert said and log[: len(said)] == said, log
    assert "step ended" in log and log.index("step ended") < log.index(
        "caption " + said[-1].removeprefix("say ")
    )


def test_writes_wait_until_the_cues_due_with_them_are_sounding(qtbot) -> None:
    """The session's record and its steps are written on the writer's thread; started
    while the engine moves, that write took the interpreter from the UI thread before
    the cue due at the same moment was said (heard 15-50 ms late at the start, at a
    step's end and at the session's end). The driver holds the writer meanwhile."""
    speaker = LoggingSpeaker()
    log = speaker.log

    @contextmanager
    def hold_writes():
        log.append("hold")
        yield
        log.append("release")

    lib = library(exercise("fingers", reps=2, seconds_per_rep=2))
    r = routine("short", [{"exercise": "fingers"}])
    timeline = build_timeline(plan_routine(r, lib), r.get_ready_seconds, r.prepare_seconds)
    clock = FakeClock()
    driver = SessionDriver(
        SessionEngine(timeline, clock), speaker, lambda: None, clock, hold_writes=hold_writes
    )
    driver.starting.connect(lambda: log.append("session record"))
    driver.step_ended.connect(lambda progress: log.append("step ended"))
    driver.start()
    assert log[:3] == ["hold", "session record", "say " + speaker.said[0]]
    assert log[3] == "release"
    while driver.engine.is_active:
        log.clear()
        clock.advance(0.25)
        driver.tick()
        if "step ended" in log:
            break
    assert log[0] == "hold" and log.index("release") < log.index("step ended")
    said = [i for i, entry in enumerate(log) if entry.startswith("say ")]
    assert said and all(0 < i < log.index("release") for i in said)
