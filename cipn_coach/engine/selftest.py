"""The live self-test: a pure state machine on an injected monotonic clock.

Like ``SessionEngine`` it never sleeps or reads the time: ``update(now)`` moves forward as
far as time says, and every command takes ``now``. A self-test adds two kinds of phase a
guided session does not have:

- an **open-ended timed phase** (``OPEN_TIMED``): a stopwatch the patient ends with
  ``finish`` (Space, the huge Stop button, or a helper), which also ends by itself at
  its cap (30 s on one leg; 10 s for a balance stance, where reaching the cap means
  "held");
- a **count entry** (``COUNT_ENTRY``): no deadline at all; it waits for
  ``enter_count`` ("How many times did you stand up?").

Fixed windows (``TIMED``: 30 s of chair stands, 10 s of tapping) and get-ready phases
(the spoken instruction, then "3, 2, 1") end by time alone. ``stop_for_safety`` ends the
test at any moment; what was measured up to then is kept, marked stopped for safety —
a valid result, never a failure.

The plan of phases comes from the test's file (``plan_phases``), so the same plan can be
previewed and tested without a screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from cipn_coach.engine.clock import Clock
from cipn_coach.engine.timeline import COUNTDOWN_SECONDS, speaking_seconds
from cipn_coach.i18n import _
from cipn_coach.selftests.format import Better, Procedure, SelfTest, Sides

REST_BETWEEN_TRIES_SECONDS = 15.0
MIN_GET_READY_SECONDS = 5.0


class SelfTestPhaseKind(StrEnum):
    GET_READY = "get_ready"  # the instruction is said, then "3, 2, 1"
    TIMED = "timed"  # a fixed window: ends by time only
    OPEN_TIMED = "open_timed"  # a stopwatch: ends by ``finish`` or at its cap
    COUNT_ENTRY = "count_entry"  # waits for ``enter_count``
    REST = "rest"  # between tries
    DONE = "done"


class SelfTestState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED_FOR_SAFETY = "stopped_for_safety"


@dataclass(frozen=True)
class SelfTestCue:
    offset: float
    text: str


@dataclass(frozen=True)
class SelfTestPhase:
    """One phase. ``duration``: its length (TIMED, GET_READY, REST) or cap (OPEN_TIMED);
    None for COUNT_ENTRY and DONE, which end by a command or not at all."""

    index: int
    kind: SelfTestPhaseKind
    duration: float | None
    title: str
    instruction: str
    cues: tuple[SelfTestCue, ...]
    side: str | None = None
    trial: int = 1
    stage: int | None = None
    counts_taps: bool = False


@dataclass(frozen=True)
class Outcome:
    """The result for one side (or the whole test): what is stored."""

    side: str | None
    value: float
    stopped_for_safety: bool


@dataclass(frozen=True)
class PhaseBegan:
    phase: SelfTestPhase


@dataclass(frozen=True)
class CueSaid:
    cue: SelfTestCue
    phase: SelfTestPhase


@dataclass(frozen=True)
class SelfTestEnded:
    state: SelfTestState
    outcomes: tuple[Outcome, ...]


SelfTestEvent = PhaseBegan | CueSaid | SelfTestEnded
SelfTestListener = Callable[[SelfTestEvent], None]


@dataclass(frozen=True)
class SelfTestTick:
    """Everything a screen needs at one moment: the stopwatch counts up in an open
    phase, a countdown counts down elsewhere."""

    state: SelfTestState
    phase: SelfTestPhase
    elapsed: float
    remaining: float | None
    taps: int

    @property
    def display_seconds(self) -> int:
        """Whole seconds to show: up in a stopwatch, down in a fixed phase."""
        if self.phase.kind is SelfTestPhaseKind.OPEN_TIMED or self.remaining is None:
            return int(self.elapsed)
        return max(0, math.ceil(self.remaining - 1e-9))


# ---------------------------------------------------------------- the plan
def _get_ready(text: str) -> tuple[float, list[SelfTestCue]]:
    duration = max(MIN_GET_READY_SECONDS, math.ceil(speaking_seconds(text) + COUNTDOWN_SECONDS))
    cues = [SelfTestCue(0.0, text)] + [SelfTestCue(duration - n, str(n)) for n in (3, 2, 1)]
    return float(duration), cues


class _Planner:
    def __init__(self, test: SelfTest) -> None:
        self.test = test
        self.phases: list[SelfTestPhase] = []

    def add(
        self,
        kind: SelfTestPhaseKind,
        duration: float | None,
        instruction: str,
        cues: list[SelfTestCue],
        **extra: object,
    ) -> None:
        self.phases.append(
            SelfTestPhase(
                len(self.phases), kind, duration, self.test.title, instruction, tuple(cues), **extra
            )
        )  # type: ignore[arg-type]

    def get_ready(self, text: str, **extra: object) -> None:
        duration, cues = _get_ready(text)
        self.add(SelfTestPhaseKind.GET_READY, duration, text, cues, **extra)

    def build(self) -> tuple[SelfTestPhase, ...]:
        test = self.test
        cap = float(test.cap_seconds)
        if test.procedure is Procedure.STAGES:
            for number, stage in enumerate(test.stages, start=1):
                self.get_ready(
                    _("Position {number}: {title}. {instruction}").format(
                        number=number, title=stage.title, instruction=stage.instruction
                    ),
                    stage=number,
                )
                self.add(
                    SelfTestPhaseKind.OPEN_TIMED,
                    cap,
                    stage.instruction,
                    [SelfTestCue(0.0, _("Go.")), SelfTestCue(cap, _("Well done."))],
                    stage=number,
                )
        else:
            sides: list[str | None] = (
                ["left", "right"] if test.sides is Sides.LEFT_RIGHT else [None]
            )
            for side in sides:
                for trial in range(1, test.trials + 1):
                    self.one_try(side, trial, cap)
            if test.procedure is Procedure.TIMED_COUNT:
                question = test.question or _("How many?")
                self.add(
                    SelfTestPhaseKind.COUNT_ENTRY, None, question, [SelfTestCue(0.0, question)]
                )
        self.add(
            SelfTestPhaseKind.DONE,
            None,
            _("Well done."),
            [SelfTestCue(0.0, _("That is the end of the test. Well done, and thank you."))],
        )
        return tuple(self.phases)

    def one_try(self, side: str | None, trial: int, cap: float) -> None:
        test = self.test
        where = ""
        if side == "left":
            where = _("Left {side_noun}. ").format(side_noun=test.side_noun)
        elif side == "right":
            where = _("Right {side_noun}. ").format(side_noun=test.side_noun)
        again = (
            _("Try {trial} of {trials}. ").format(trial=trial, trials=test.trials)
            if test.trials > 1
            else ""
        )
        cue = test.ready_cue or test.instructions[0]
        if trial > 1:
            rest = _("Rest. Breathe easy.")
            self.add(
                SelfTestPhaseKind.REST,
                REST_BETWEEN_TRIES_SECONDS,
                rest,
                [SelfTestCue(0.0, rest)],
                side=side,
                trial=trial,
            )
        self.get_ready(f"{where}{again}{cue}", side=side, trial=trial)
        if test.procedure is Procedure.STOPWATCH:
            self.add(
                SelfTestPhaseKind.OPEN_TIMED,
                cap,
                cue,
                [SelfTestCue(0.0, _("Go."))],
                side=side,
                trial=trial,
            )
        else:  # a fixed window: chair stands counted afterwards, taps counted live
            self.add(
                SelfTestPhaseKind.TIMED,
                cap,
                cue,
                [SelfTestCue(0.0, _("Go.")), SelfTestCue(cap, _("Stop."))],
                side=side,
                trial=trial,
                counts_taps=test.procedure is Procedure.TAP_COUNT,
            )


def plan_phases(test: SelfTest) -> tuple[SelfTestPhase, ...]:
    """The phases of ``test`` in order, ending with DONE."""
    return _Planner(test).build()


# ---------------------------------------------------------------- the engine
class SelfTestEngine:
    def __init__(self, test: SelfTest, clock: Clock) -> None:
        self.test = test
        self.phases = plan_phases(test)
        self._clock = clock
        self._listeners: list[SelfTestListener] = []
        self.state = SelfTestState.READY
        self._index = 0
        self._phase_start = 0.0
        self._fired = 0
        self._taps = 0
        self._measured: list[tuple[SelfTestPhase, float]] = []  # (timed phase, its value)
        self._count: int | None = None
        self._stopped_side: str | None = None  # the side in progress at a safety stop

    # ----------------------------------------------------------------- queries
    def subscribe(self, listener: SelfTestListener) -> None:
        self._listeners.append(listener)

    @property
    def phase(self) -> SelfTestPhase:
        return self.phases[self._index]

    def snapshot(self, now: float | None = None) -> SelfTestTick:
        now = self._now(now)
        phase = self.phase
        elapsed = 0.0 if self.state is SelfTestState.READY else max(0.0, now - self._phase_start)
        if phase.duration is not None:
            elapsed = min(elapsed, phase.duration)
        remaining = None if phase.duration is None else max(0.0, phase.duration - elapsed)
        return SelfTestTick(self.state, phase, elapsed, remaining, self._taps)

    def next_deadline(self, now: float | None = None) -> float | None:
        """When something next changes (a cue, the phase's end, the shown second), so a
        driver can wake exactly then; None when nothing changes by time alone."""
        if self.state is not SelfTestState.RUNNING:
            return None
        now = self._now(now)
        phase = self.phase
        times = []
        if self._fired < len(phase.cues):
            times.append(self._phase_start + phase.cues[self._fired].offset)
        if phase.duration is not None:
            times.append(self._phase_start + phase.duration)
            elapsed = now - self._phase_start
            times.append(self._phase_start + math.floor(elapsed) + 1)
        return min(times) if times else None

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The result per side: the best try (a count entered for a chair stand, the
        seconds held in all for a staged balance test)."""
        stopped = self.state is SelfTestState.STOPPED_FOR_SAFETY
        if self.test.procedure is Procedure.TIMED_COUNT:
            return () if self._count is None else (Outcome(None, float(self._count), stopped),)
        if self.test.procedure is Procedure.STAGES:
            if not self._measured:
                return ()
            return (Outcome(None, round(sum(v for _, v in self._measured), 2), stopped),)
        best = max if self.test.better is Better.HIGHER else min
        sides = list(dict.fromkeys(phase.side for phase, _ in self._measured))
        return tuple(
            Outcome(
                side,
                round(best(v for p, v in self._measured if p.side == side), 2),
                stopped and side == self._stopped_side,
            )
            for side in sides
        )

    # ---------------------------------------------------------------- commands
    def start(self, now: float | None = None) -> SelfTestTick:
        if self.state is not SelfTestState.READY:
            raise RuntimeError("a self-test starts once")
        now = self._now(now)
        self.state = SelfTestState.RUNNING
        self._enter(0, now)
        return self.update(now)

    def update(self, now: float | None = None) -> SelfTestTick:
        """Move forward to ``now``: say due cues, end phases whose time is up."""
        now = self._now(now)
        while self.state is SelfTestState.RUNNING:
            phase = self.phase
            elapsed = now - self._phase_start
            self._say_due(elapsed if phase.duration is None else min(elapsed, phase.duration))
            if phase.kind is SelfTestPhaseKind.DONE:
                self._end(SelfTestState.FINISHED)
                break
            if phase.duration is None or elapsed < phase.duration:
                break
            self._leave(phase.duration)
            self._enter(self._next_index(phase, held=True), self._phase_start + phase.duration)
        return self.snapshot(now)

    def finish(self, now: float | None = None) -> SelfTestTick:
        """Space or the huge Stop button: ends a stopwatch phase now. In a balance stage
        it means the stance was not held, which ends the test (STEADI's rule). Anywhere
        else it does nothing: a fixed window is not cut short by a stray key."""
        now = self._now(now)
        self.update(now)
        phase = self.phase
        if (
            self.state is not SelfTestState.RUNNING
            or phase.kind is not SelfTestPhaseKind.OPEN_TIMED
        ):
            return self.snapshot(now)
        assert phase.duration is not None
        elapsed = min(max(0.0, now - self._phase_start), phase.duration)
        self._leave(elapsed)
        self._enter(self._next_index(phase, held=elapsed >= phase.duration), now)
        return self.update(now)

    def tap(self, now: float | None = None) -> SelfTestTick:
        """One press of the big tapping key; counted only inside a tapping window."""
        now = self._now(now)
        self.update(now)
        if self.state is SelfTestState.RUNNING and self.phase.counts_taps:
            self._taps += 1
        return self.snapshot(now)

    def enter_count(self, count: int, now: float | None = None) -> SelfTestTick:
        """The number entered with the big buttons; checked against the test's range."""
        now = self._now(now)
        self.update(now)
        if self.phase.kind is not SelfTestPhaseKind.COUNT_ENTRY:
            raise RuntimeError("no count is asked for now")
        if not self.test.value_min <= count <= self.test.value_max:
            raise ValueError(
                f"the count must be {self.test.value_min:g}–{self.test.value_max:g}, not {count}"
            )
        self._count = int(count)
        if self.state is SelfTestState.STOPPED_FOR_SAFETY:  # asked after a safety stop
            self._index = len(self.phases) - 1
            self._emit(SelfTestEnded(self.state, self.outcomes))
            return self.snapshot(now)
        self._enter(self._index + 1, now)
        return self.update(now)

    def stop_for_safety(self, now: float | None = None) -> SelfTestTick:
        """The patient felt unsteady (or a helper stopped them). What was measured is
        kept. In a chair stand the count is still asked ("How many before you stopped?")."""
        now = self._now(now)
        self.update(now)
        if self.state is not SelfTestState.RUNNING:
            return self.snapshot(now)
        phase = self.phase
        if phase.kind in (SelfTestPhaseKind.OPEN_TIMED, SelfTestPhaseKind.TIMED):
            assert phase.duration is not None
            self._leave(min(max(0.0, now - self._phase_start), phase.duration))
        self.state = SelfTestState.STOPPED_FOR_SAFETY
        self._stopped_side = phase.side
        asks = [p.index for p in self.phases if p.kind is SelfTestPhaseKind.COUNT_ENTRY]
        if asks and self._count is None and phase.kind is SelfTestPhaseKind.TIMED:
            self._index, self._phase_start, self._fired = asks[0], now, 0
            self._emit(PhaseBegan(self.phase))  # the count is asked; the test has ended
            return self.snapshot(now)
        self._index = len(self.phases) - 1
        self._emit(SelfTestEnded(self.state, self.outcomes))
        return self.snapshot(now)

    # --------------------------------------------------------------- internals
    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _emit(self, event: SelfTestEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    def _enter(self, index: int, at: float) -> None:
        self._index = index
        self._phase_start = at
        self._fired = 0
        if self.phase.counts_taps:
            self._taps = 0
        self._emit(PhaseBegan(self.phase))

    def _say_due(self, elapsed: float) -> None:
        cues = self.phase.cues
        while self._fired < len(cues) and cues[self._fired].offset <= elapsed + 1e-9:
            cue = cues[self._fired]
            self._fired += 1
            self._emit(CueSaid(cue, self.phase))

    def _leave(self, elapsed: float) -> None:
        """Record what a timed phase measured: its seconds, or the taps in it."""
        phase = self.phase
        if phase.kind is SelfTestPhaseKind.OPEN_TIMED:
            self._measured.append((phase, elapsed))
        elif phase.kind is SelfTestPhaseKind.TIMED and phase.counts_taps:
            self._measured.append((phase, float(self._taps)))

    def _next_index(self, phase: SelfTestPhase, held: bool) -> int:
        """After a stage not held, the balance test ends; otherwise the next phase."""
        if phase.stage is not None and phase.kind is SelfTestPhaseKind.OPEN_TIMED and not held:
            return len(self.phases) - 1
        return phase.index + 1

    def _end(self, state: SelfTestState) -> None:
        self.state = state
        self._emit(SelfTestEnded(state, self.outcomes))
