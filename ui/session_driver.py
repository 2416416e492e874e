"""Drives a core ``SessionEngine`` from Qt: the one bridge from engine events to signals.

A precise ``QTimer`` calls ``engine.update(now)`` every ~50 ms; the engine decides what
is due from deadlines, so a late tick only means the screen catches up. Spoken cues go
to the speaker (which never blocks: synthesis and playback live elsewhere), chimes to
the chime callback, and any interruption cancels what is still being said.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from cipn_coach.engine.clock import Clock
from cipn_coach.engine.session import (
    CueDue, Event, Jumped, Paused, PhaseStarted, SessionEnded, SessionEngine, StepEnded, TickState,
)
from cipn_coach.speech.speaker import Speaker

TICK_MS = 50


class SessionDriver(QObject):
    phase_started = Signal(object)  # Phase
    cue = Signal(object)  # Cue (spoken ones only; chimes are sound)
    step_ended = Signal(object)  # StepProgress
    ended = Signal(str)  # "completed" / "stopped"
    ticked = Signal(object)  # TickState
    paused_changed = Signal(bool)
    starting = Signal()  # just before the first phase: the moment a session record is made

    def __init__(self, engine: SessionEngine, speaker: Speaker, chime: Callable[[], None],
                 clock: Clock = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._speaker = speaker
        self._chime = chime
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        engine.subscribe(self._on_event)

    def start(self) -> None:
        self.starting.emit()
        self.ticked.emit(self.engine.start(self._clock()))
        self._timer.start()

    def tick(self) -> TickState:
        state = self.engine.update(self._clock())
        self.ticked.emit(state)
        if not self.engine.is_active:
            self._timer.stop()
        return state

    def toggle_pause(self) -> None:
        self._after(self.engine.toggle_pause(self._clock()))

    def skip(self) -> None:
        self._after(self.engine.skip(self._clock()))

    def back(self) -> None:
        self._after(self.engine.back(self._clock()))

    def stop(self) -> None:
        self._after(self.engine.stop(self._clock()))

    def _after(self, state: TickState) -> None:
        self.ticked.emit(state)
        if not self.engine.is_active:
            self._timer.stop()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, CueDue):
            if event.cue.spoken:
                self._speaker.say(event.cue.text)
                self.cue.emit(event.cue)
            else:
                self._chime()
        elif isinstance(event, PhaseStarted):
            self.phase_started.emit(event.phase)
        elif isinstance(event, StepEnded):
            self.step_ended.emit(event.progress)
        elif isinstance(event, Paused):
            self._speaker.cancel()
            self.paused_changed.emit(True)
        elif isinstance(event, Jumped):
            self._speaker.cancel()
        elif isinstance(event, SessionEnded):
            if event.status != "completed":
                self._speaker.cancel()
            self.ended.emit(event.status)
        else:  # Resumed
            self.paused_changed.emit(False)
