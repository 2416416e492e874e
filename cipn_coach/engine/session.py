"""The live session: a pure state machine over a ``Timeline`` on an injected clock.

Nothing here sleeps, counts ticks or reads the time itself. ``update(now)`` compares
``now`` with the current phase's deadline and moves forward as far as time says, so a
late or missed tick never stretches a session: remaining time is always
``deadline - now``. Pausing records when; resuming shifts the phase start by the paused
span, so paused time is simply excluded.

What happened is published as small event objects to subscribers (the UI bridge, the
recorder that saves steps). Each step's progress is published as the step ends —
naturally, or by skip, back or stop — so it can be saved at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from cipn_coach.engine.clock import Clock
from cipn_coach.engine.timeline import Cue, Phase, PhaseKind, Timeline

BACK_RESTARTS_AFTER_SECONDS = 3.0


class SessionState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class StepProgress:
    """What was done of one step. ``done_seconds`` counts only work, never rests."""

    step_index: int
    exercise_id: str
    title: str
    planned_seconds: float
    planned_reps: int | None
    done_seconds: float = 0.0
    done_reps: int | None = None
    skipped: bool = False
    completed: bool = False


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase


@dataclass(frozen=True)
class CueDue:
    cue: Cue
    phase: Phase


@dataclass(frozen=True)
class StepEnded:
    progress: StepProgress


@dataclass(frozen=True)
class Paused:
    pass


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class Jumped:
    """Skip or Back moved the session; anything still being said is now stale."""

    reason: str
    to_step: int | None


@dataclass(frozen=True)
class SessionEnded:
    status: str  # "completed" or "stopped"
    steps: tuple[StepProgress, ...]


Event = PhaseStarted | CueDue | StepEnded | Paused | Resumed | Jumped | SessionEnded
Listener = Callable[[Event], None]


@dataclass(frozen=True)
class TickState:
    """Everything a screen needs to draw the session at one moment."""

    state: SessionState
    phase: Phase
    phase_elapsed: float
    phase_remaining: float
    total_remaining: float
    step_index: int | None
    step_count: int
    rep: int | None

    @property
    def display_seconds(self) -> int:
        """Whole seconds to show: 3 while 2.01–3.00 s remain, as a countdown reads."""
        return max(0, math.ceil(self.phase_remaining - 1e-9))


class SessionEngine:
    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self._clock = clock
        self._listeners: list[Listener] = []
        self.state = SessionState.READY
        self._index = 0
        self._phase_start = 0.0
        self._paused_at: float | None = None
        self._fired = 0
        self._progress = [
            StepProgress(
                step_index=i,
                exercise_id=s.exercise.id,
                title=s.title,
                planned_seconds=s.planned_work_seconds,
                planned_reps=s.reps * s.sets * len(s.sides) if s.reps is not None else None,
                done_reps=0 if s.reps is not None else None,
            )
            for i, s in enumerate(timeline.steps)
        ]
        self._remaining_after = self._suffix_durations()

    # ----------------------------------------------------------------- queries
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    @property
    def phase(self) -> Phase:
        """The current phase. At the end, with every exercise skipped, the timeline's
        ``nothing_done`` one: its words do not praise a session in which nothing was done."""
        phase = self.timeline.phases[self._index]
        if phase.kind is PhaseKind.DONE and not self._done_any():
            return self.timeline.nothing_done
        return phase

    @property
    def progress(self) -> tuple[StepProgress, ...]:
        return tuple(self._progress)

    @property
    def is_active(self) -> bool:
        return self.state in (SessionState.RUNNING, SessionState.PAUSED)

    def snapshot(self, now: float | None = None) -> TickState:
        now = self._now(now)
        phase = self.phase
        elapsed = self._elapsed(now)
        remaining = max(0.0, phase.duration - elapsed)
        return TickState(
            state=self.state,
            phase=phase,
            phase_elapsed=elapsed,
            phase_remaining=remaining,
            total_remaining=remaining + self._remaining_after[self._index],
            step_index=phase.step_index,
            step_count=len(self.timeline.steps),
            rep=phase.rep_at(elapsed) if phase.kind is PhaseKind.WORK else None,
        )

    def next_deadline(self, now: float | None = None) -> float | None:
        """When something next changes, on the engine's clock: a cue falls due, the
        phase ends or the displayed whole second drops; None unless running.

        Lets a driver wake exactly then instead of polling, so a phase ends and a cue
        fires when it is due rather than up to a poll interval later. Always later than
        ``now`` once ``update(now)`` has run, so waking at it makes progress.
        """
        if self.state is not SessionState.RUNNING:
            return None
        now = self._now(now)
        phase = self.phase
        end = self._phase_start + phase.duration
        deadline = end
        if self._fired < len(phase.cues):
            deadline = min(deadline, self._phase_start + phase.cues[self._fired].offset)
        remaining = end - now
        if remaining > 0:  # display_seconds goes from `shown` to `shown - 1` here
            shown = math.ceil(remaining - 1e-9)
            deadline = min(deadline, end - (shown - 1))
        return deadline

    # ---------------------------------------------------------------- commands
    def start(
        self, now: float | None = None, from_step: int = 0, earlier: tuple[StepProgress, ...] = ()
    ) -> TickState:
        """Begin at the first step, or at ``from_step`` when a session cut short is
        continued: ``earlier`` is what was already done of the steps before it (as saved),
        so totals and the end summary count them; no event is published for them."""
        if self.state is not SessionState.READY:
            raise RuntimeError("a session starts once")
        if not 0 <= from_step < len(self.timeline.steps):
            raise ValueError(f"no step {from_step + 1} in this session")
        for done in earlier:
            if done.step_index < from_step:
                self._progress[done.step_index] = done
        now = self._now(now)
        self.state = SessionState.RUNNING
        self._enter(self.timeline.step_first_phase[from_step], now)
        return self.update(now)

    def update(self, now: float | None = None) -> TickState:
        """Move forward to ``now``: fire due cues, finish phases whose deadline passed."""
        now = self._now(now)
        while self.state is SessionState.RUNNING:
            phase = self.phase
            elapsed = now - self._phase_start
            self._fire_due(min(elapsed, phase.duration))
            if phase.kind is PhaseKind.DONE:
                self._finish()
                break
            if elapsed < phase.duration:
                break
            deadline = self._phase_start + phase.duration
            self._leave_phase(phase.duration)
            next_phase = self.timeline.phases[self._index + 1]
            if next_phase.step_index != phase.step_index and phase.step_index is not None:
                self._end_step(phase.step_index, completed=True)
            self._enter(self._index + 1, deadline)
        return self.snapshot(now)

    def pause(self, now: float | None = None) -> TickState:
        now = self._now(now)
        self.update(now)
        if self.state is SessionState.RUNNING:
            self.state = SessionState.PAUSED
            self._paused_at = now
            self._emit(Paused())
        return self.snapshot(now)

    def resume(self, now: float | None = None) -> TickState:
        now = self._now(now)
        if self.state is SessionState.PAUSED and self._paused_at is not None:
            self._phase_start += now - self._paused_at
            self._paused_at = None
            self.state = SessionState.RUNNING
            self._emit(Resumed())
        return self.update(now)

    def toggle_pause(self, now: float | None = None) -> TickState:
        return self.resume(now) if self.state is SessionState.PAUSED else self.pause(now)

    def skip(self, now: float | None = None) -> TickState:
        """Leave the current exercise (recorded as skipped) and go to the next one."""
        now = self._now(now)
        self.update(now)
        step = self.phase.step_index
        if not self.is_active or step is None:
            return self.snapshot(now)
        self._leave_phase(self._elapsed(now))
        self._end_step(step, completed=False)
        target = step + 1
        self._jump(
            self.timeline.step_first_phase[target]
            if target < len(self.timeline.steps)
            else len(self.timeline.phases) - 1,
            now,
        )
        self._emit(Jumped("skip", target if target < len(self.timeline.steps) else None))
        return self.update(now)

    def back(self, now: float | None = None) -> TickState:
        """Restart this exercise, or go to the previous one if it has only just begun.

        The same rule as a music player's Back button: a tired user pressing it twice
        quickly gets where they meant to go.
        """
        now = self._now(now)
        self.update(now)
        step = self.phase.step_index
        if not self.is_active or step is None:
            return self.snapshot(now)
        first = self.timeline.step_first_phase[step]
        into_step = self.phase.start_offset - self.timeline.phases[first].start_offset
        into_step += self._elapsed(now)
        target = step if into_step > BACK_RESTARTS_AFTER_SECONDS or step == 0 else step - 1
        self._leave_phase(self._elapsed(now))
        if target != step:
            self._end_step(step, completed=False)
        self._jump(self.timeline.step_first_phase[target], now)
        self._emit(Jumped("back", target))
        return self.update(now)

    def stop(self, now: float | None = None) -> TickState:
        """End early. The step in progress is recorded with what was done of it."""
        now = self._now(now)
        self.update(now)
        if not self.is_active:
            return self.snapshot(now)
        self._leave_phase(self._elapsed(now))
        step = self.phase.step_index
        if step is not None:
            self._end_step(step, completed=False)
        self._paused_at = None
        self.state = SessionState.STOPPED
        self._emit(SessionEnded("stopped", self.progress))
        return self.snapshot(now)

    # --------------------------------------------------------------- internals
    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _elapsed(self, now: float) -> float:
        reference = self._paused_at if self._paused_at is not None else now
        return max(0.0, reference - self._phase_start)

    def _suffix_durations(self) -> list[float]:
        after = [0.0] * len(self.timeline.phases)
        total = 0.0
        for i in range(len(self.timeline.phases) - 1, -1, -1):
            after[i] = total
            total += self.timeline.phases[i].duration
        return after

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    def _enter(self, index: int, at: float) -> None:
        self._index = index
        self._phase_start = at
        self._fired = 0
        self._emit(PhaseStarted(self.phase))

    def _jump(self, index: int, now: float) -> None:
        self._enter(index, now)
        if self._paused_at is not None:
            self._paused_at = now

    def _fire_due(self, elapsed: float) -> None:
        cues = self.phase.cues
        while self._fired < len(cues) and cues[self._fired].offset <= elapsed + 1e-9:
            cue = cues[self._fired]
            self._fired += 1
            self._emit(CueDue(cue, self.phase))

    def _leave_phase(self, elapsed: float) -> None:
        """Credit work done in the phase being left (``elapsed`` seconds of it)."""
        phase = self.phase
        if phase.kind is not PhaseKind.WORK or phase.step_index is None:
            return
        done = min(elapsed, phase.duration)
        current = self._progress[phase.step_index]
        reps = current.done_reps
        if reps is not None:
            reps += phase.reps_completed(done)
        self._progress[phase.step_index] = replace(
            current, done_seconds=current.done_seconds + done, done_reps=reps
        )

    def _end_step(self, step: int, completed: bool) -> None:
        current = self._progress[step]
        completed = completed or current.completed
        self._progress[step] = replace(current, completed=completed, skipped=not completed)
        self._emit(StepEnded(self._progress[step]))

    def _finish(self) -> None:
        self.state = SessionState.FINISHED
        # every exercise skipped is not a session done: it ends as Stop would end it, so
        # the rating does not say "Well done!" and adherence does not count it
        status = "completed" if self._done_any() else "stopped"
        self._emit(SessionEnded(status, self.progress))

    def _done_any(self) -> bool:
        """Whether any exercise was done (or done before a resume): the session's end
        counts as completed, and its closing words praise, only then."""
        return any(step.completed for step in self._progress)
