"""Drives a core ``SessionEngine`` from Qt: the one bridge from engine events to signals.

After every tick a single-shot precise ``QTimer`` is armed for the engine's next
deadline (a cue, the phase end, the next displayed second), at most ``TICK_MS`` away so
the ring still moves smoothly. Polling at a fixed 50 ms instead made every phase end and
cue 0-50 ms late (the timing bench's session end was +15-52 ms); waking at the deadline
makes it the timer's own lateness, a millisecond or two. The engine still decides what is
due from deadlines, so a late tick only means the screen catches up; nothing here waits.
Spoken cues go to the speaker (which never blocks: synthesis and playback live
elsewhere), chimes to the chime callback, and any interruption cancels what is still
being said.

Sound first, screen second: while the engine moves (start, a tick, a skip…) the
speaker and the chime are told at once, but the driver's signals are held and sent, in
their order, once the engine is done. Measured with a recording (bench figure 8): the
cue at a step's or the session's end was heard 15-26 ms late, the time the player took
to draw the new phase before the driver reached the cue; told first, it is heard as on
any other tick. For the same reason the database writer is held while the engine
moves (``hold_writes``): a step's write, handed to the writer's thread inside the move,
otherwise started at once and took the interpreter from this thread before the cue due
with it was said (heard 15-50 ms late at the start, a step's end and the session's end).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from cipn_coach.engine.clock import Clock
from cipn_coach.engine.session import (
    CueDue,
    Event,
    Jumped,
    Paused,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
    SessionState,
    StepEnded,
    StepProgress,
    TickState,
)
from cipn_coach.engine.timeline import CueKind
from cipn_coach.speech.speaker import Speaker

TICK_MS = 50
"""The longest wait between ticks: keeps the ring and the clock moving smoothly."""

ON_TIME_CUES = frozenset({CueKind.COUNTDOWN, CueKind.START})
"""Cues whose meaning is their moment ("3", "Begin."): said on time or not at all, by a
speaker that can (``say_on_time``; see ``ui.speech.QtSpeaker``); the caption shows them
either way."""


class SessionDriver(QObject):
    phase_started = Signal(object)  # Phase
    cue = Signal(object, object)  # Cue (spoken ones only; chimes are sound), its Phase
    step_ended = Signal(object)  # StepProgress
    ended = Signal(str)  # "completed" / "stopped"
    ticked = Signal(object)  # TickState
    paused_changed = Signal(bool)
    starting = Signal()  # just before the first phase: the moment a session record is made

    def __init__(
        self,
        engine: SessionEngine,
        speaker: Speaker,
        chime: Callable[[], None],
        clock: Clock = time.monotonic,
        parent: QObject | None = None,
        hold_writes: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        """``hold_writes``: a block in which the database writer starts nothing new
        (``OrderedWriter.held``); the engine moves inside it."""
        super().__init__(parent)
        self._hold_writes = hold_writes
        self.engine = engine
        self._speaker = speaker
        self._chime = chime
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)
        self._say_on_time: Callable[[str], None] = speaker.say_on_time
        engine.subscribe(self._on_event)
        self._held: list[Callable[[], None]] | None = None  # signals waiting for the engine
        # a session cut short carries on from here (see ``cipn_coach.sessions.resume``)
        self.from_step = 0
        self.earlier: tuple[StepProgress, ...] = ()

    def start(self, at: float | None = None) -> None:
        """Run the session from ``at`` (a reading of the driver's clock: when Start was
        pressed, so building the page does not delay the first cue), else from now."""

        def begin() -> TickState:
            self.starting.emit()  # the session's record: written after the first cue began
            now = self._clock()
            return self.engine.start(
                now if at is None else min(at, now), self.from_step, self.earlier
            )

        self._after(self._moving(begin))

    def halt(self) -> None:
        """Stop ticking and speaking without ending the session (the app is closing:
        the record stays in progress, to be offered again at the next start)."""
        self._timer.stop()
        self._speaker.cancel()

    def tick(self) -> TickState:
        state = self._moving(lambda: self.engine.update(self._clock()))
        self._after(state)
        return state

    def next_wait_ms(self, now: float) -> int:
        """Milliseconds until the next tick: the engine's next deadline, rounded up so
        the tick never comes just before it, and at most ``TICK_MS``."""
        deadline = self.engine.next_deadline(now)
        if deadline is None:  # paused: only the screen needs refreshing
            return TICK_MS
        return max(0, min(TICK_MS, math.ceil((deadline - now) * 1000)))

    def toggle_pause(self) -> None:
        self._after(self._moving(lambda: self.engine.toggle_pause(self._clock())))

    def skip(self) -> None:
        self._after(self._moving(lambda: self.engine.skip(self._clock())))

    def back(self) -> None:
        self._after(self._moving(lambda: self.engine.back(self._clock())))

    def stop(self) -> None:
        self._after(self._moving(lambda: self.engine.stop(self._clock())))

    def _moving(self, command: Callable[[], TickState]) -> TickState:
        """Run an engine command with the driver's signals held until it returns (the
        sound it causes is started inside it), then send them in order."""
        self._held = []
        try:
            with self._hold_writes():
                return command()
        finally:
            held, self._held = self._held, None
            for send in held:
                send()

    def _send(self, send: Callable[[], None]) -> None:
        """A signal for the screen: after the engine command in progress, else now."""
        if self._held is None:
            send()
        else:
            self._held.append(send)

    def _after(self, state: TickState) -> None:
        self.ticked.emit(state)
        if self.engine.is_active:  # from after the screen was drawn: its time is not lost
            self._timer.start(self.next_wait_ms(self._clock()))
        else:
            self._timer.stop()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, CueDue):
            if event.cue.spoken:
                say = self._say_on_time if event.cue.kind in ON_TIME_CUES else self._speaker.say
                say(event.cue.text)
                self._send(partial(self.cue.emit, event.cue, event.phase))
            else:
                self._chime()
        elif isinstance(event, PhaseStarted):
            self._send(partial(self.phase_started.emit, event.phase))
        elif isinstance(event, StepEnded):
            self._send(partial(self.step_ended.emit, event.progress))
        elif isinstance(event, Paused):
            self._speaker.cancel()
            self._send(partial(self.paused_changed.emit, True))
        elif isinstance(event, Jumped):
            self._speaker.cancel()
        elif isinstance(event, SessionEnded):
            # Stop silences what is being said; a session that ran to its end (even with
            # every exercise skipped, which ends "stopped") keeps its closing words heard
            if self.engine.state is SessionState.STOPPED:
                self._speaker.cancel()
            self._send(partial(self.ended.emit, event.status))
        else:  # Resumed
            self._send(partial(self.paused_changed.emit, False))
