"""Drives a core ``SelfTestEngine`` from Qt, as ``SessionDriver`` drives a session.

After every tick a single-shot precise timer is armed for the engine's next deadline (a
cue, the phase's end, the next shown second), at most ``TICK_MS`` away; in a count entry
nothing happens by time, so no timer runs. Spoken cues go to the speaker, which never
blocks; the end of the test, or a safety stop, silences what is still being said.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from cipn_coach.engine.clock import Clock
from cipn_coach.engine.selftest import (
    CueSaid,
    PhaseBegan,
    SelfTestEnded,
    SelfTestEngine,
    SelfTestEvent,
    SelfTestState,
    SelfTestTick,
)
from cipn_coach.speech.speaker import Speaker

TICK_MS = 50


class SelfTestDriver(QObject):
    phase_began = Signal(object)  # SelfTestPhase
    cue = Signal(object)  # SelfTestCue
    ticked = Signal(object)  # SelfTestTick
    ended = Signal(object)  # SelfTestEnded

    def __init__(
        self,
        engine: SelfTestEngine,
        speaker: Speaker,
        clock: Clock = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._speaker = speaker
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)
        engine.subscribe(self._on_event)

    @property
    def running(self) -> bool:
        return self.engine.state is SelfTestState.RUNNING

    def start(self) -> None:
        self._after(self.engine.start(self._clock()))

    def tick(self) -> SelfTestTick:
        state = self.engine.update(self._clock())
        self._after(state)
        return state

    def finish(self) -> None:
        """Space or the huge Stop button."""
        self._after(self.engine.finish(self._clock()))

    def tap(self) -> None:
        self._after(self.engine.tap(self._clock()))

    def enter_count(self, count: int) -> None:
        self._after(self.engine.enter_count(count, self._clock()))

    def stop_for_safety(self) -> None:
        self._speaker.cancel()
        self._after(self.engine.stop_for_safety(self._clock()))

    def halt(self) -> None:
        """The page is left (the app closes): no more ticks or words."""
        self._timer.stop()
        self._speaker.cancel()

    def next_wait_ms(self, now: float) -> int | None:
        deadline = self.engine.next_deadline(now)
        if deadline is None:
            return None
        return max(0, min(TICK_MS, math.ceil((deadline - now) * 1000)))

    def _after(self, state: SelfTestTick) -> None:
        self.ticked.emit(state)
        wait = self.next_wait_ms(self._clock()) if self.running else None
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(wait)

    def _on_event(self, event: SelfTestEvent) -> None:
        if isinstance(event, CueSaid):
            self._speaker.say(event.cue.text)
            self.cue.emit(event.cue)
        elif isinstance(event, PhaseBegan):
            self.phase_began.emit(event.phase)
        elif isinstance(event, SelfTestEnded):
            if event.state is not SelfTestState.FINISHED:
                self._speaker.cancel()
            self.ended.emit(event)
