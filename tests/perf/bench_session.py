"""Real-time session figures, each run in its own process (``python -m tests.perf.bench_session
MODE``); the last stdout line is a JSON object.

``timing`` (figure 4): a 30 s routine built in code runs through ``SessionDriver`` on the
real ``time.monotonic`` in a real Qt event loop, shown on the ``PlayerPage``, without
voice. Records when the engine reports the session ended against the planned total, and
every displayed second of every phase (``TickState.display_seconds`` from ``ticked``).

``voice SECONDS`` (figures 3 and 5): the Morning routine in the real ``MainWindow`` with
the real ``Synthesizer`` + ``QtSpeaker`` (fresh phrase cache, prefetched at session start
as the app does). A 10 ms heartbeat timer records the UI thread's gaps; each spoken cue's
moment (``CueDue``) is paired with ``QtSpeaker.started`` for its WAV.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

TIMING_ROUTINE = dict(
    id="bench_timing",
    title="Timing bench",
    description="Two short steps for the bench.",
    get_ready_seconds=3,
    prepare_seconds=3,
    source="tests/perf",
    schedule={"slots": [{"name": "any", "time": "08:00"}]},
    steps=[
        dict(
            exercise="finger_open_close",
            sets=1,
            reps=3,
            seconds_per_rep=2.0,
            spoken_text="Open and close.",
        ),
        dict(exercise="palm_rub_warm_up", sets=1, hold_seconds=5, spoken_text="Rub your palms."),
    ],
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def display_violations(seen: dict[int, list[int]], durations: dict[int, float]) -> dict[str, int]:
    """Per phase, the displayed seconds must read ceil(duration), …, 2, 1: each once, in
    order. ``skipped``: values never shown; ``twice``: a value shown again after another."""
    import math

    skipped = twice = 0
    for index, values in seen.items():
        runs = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
        expected = set(range(1, math.ceil(durations[index] - 1e-9) + 1))
        skipped += len(expected - set(runs))
        twice += len(runs) - len(set(runs))
    return {"skipped": skipped, "shown_twice": twice}


def timing() -> dict[str, Any]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cipn_coach.engine.session import SessionEnded, SessionEngine, SessionState
    from cipn_coach.engine.timeline import PhaseKind, build_timeline
    from cipn_coach.paths import assets_dir
    from cipn_coach.routines.library import load_library
    from cipn_coach.routines.plan import plan_routine
    from cipn_coach.routines.routine_format import Routine
    from cipn_coach.speech.speaker import NullSpeaker
    from ui.session.driver import SessionDriver
    from ui.session.player import PlayerPage
    from ui.theme import CALM, style_sheet

    app = QApplication([])
    app.setStyleSheet(style_sheet(CALM))
    library = load_library()
    routine = Routine.model_validate(TIMING_ROUTINE)
    steps = plan_routine(routine, library, 1)
    timeline = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
    engine = SessionEngine(timeline, time.monotonic)
    driver = SessionDriver(engine, NullSpeaker(), lambda: None, time.monotonic)
    player = PlayerPage(assets_dir())
    player.resize(1280, 800)
    player.show()

    marks: dict[str, float] = {}
    seen: dict[int, list[int]] = defaultdict(list)
    ticks: list[float] = []
    durations = {p.index: p.duration for p in timeline.phases if p.kind is not PhaseKind.DONE}

    def on_event(event: object) -> None:
        if isinstance(event, SessionEnded):
            marks["end"] = time.monotonic()
            QTimer.singleShot(300, app.quit)

    def on_tick(state: Any) -> None:
        ticks.append(time.monotonic())
        if state.state is SessionState.RUNNING and state.phase.index in durations:
            seen[state.phase.index].append(state.display_seconds)

    engine.subscribe(on_event)
    driver.starting.connect(lambda: marks.setdefault("start", time.monotonic()))
    driver.ticked.connect(on_tick)
    QTimer.singleShot(500, lambda: player.begin(driver, []))
    QTimer.singleShot(int((timeline.total_duration + 10) * 1000), app.quit)  # safety net
    app.exec()
    if "end" not in marks:
        raise RuntimeError("the session did not end")
    measured = marks["end"] - marks["start"]
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    return {
        "planned_s": timeline.total_duration,
        "measured_s": measured,
        "error_ms": (measured - timeline.total_duration) * 1000,
        "phases": len(durations),
        "ticks": len(ticks),
        "max_tick_gap_ms": max(gaps),
        **display_violations(seen, durations),
    }


def voice(seconds: float) -> dict[str, Any]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    import ui.main_window as main_window
    from cipn_coach.engine.session import CueDue
    from cipn_coach.paths import assets_dir
    from cipn_coach.services import open_services
    from cipn_coach.speech.speaker import VoiceSettings
    from cipn_coach.speech.synthesizer import Synthesizer
    from ui.speech import QtSpeaker
    from ui.theme import CALM, style_sheet

    app = QApplication([])
    app.setStyleSheet(style_sheet(CALM))
    services = open_services(Path(tempfile.mkdtemp(prefix="bench-data-")))
    synth = Synthesizer(Path(tempfile.mkdtemp(prefix="bench-speech-")), VoiceSettings())
    speaker = QtSpeaker(synth, chime_path=assets_dir() / "sounds" / "chime.wav")

    cues: list[dict[str, Any]] = []  # every spoken cue: when due, when it started playing
    waiting: dict[str, deque[dict[str, Any]]] = defaultdict(deque)  # wav path -> its cues

    def on_event(engine: Any, event: object) -> None:
        if isinstance(event, CueDue) and event.cue.spoken and event.cue.text.strip():
            now = time.monotonic()
            s = speaker.settings
            path = synth.cache_path(event.cue.text, s.voice_id, s.rate_wpm)
            cue = {
                "text": event.cue.text,
                "kind": event.cue.kind.value,
                "due": now,
                "scheduled": engine._phase_start + event.cue.offset,
                "started": None,
                # why a cue may wait: not yet synthesized, or behind a phrase playing
                "cached": path.is_file(),
                "behind": speaker.is_speaking,
            }
            cues.append(cue)
            waiting[str(path)].append(cue)

    def on_started(path: str) -> None:
        queue = waiting.get(path)
        if queue:
            queue.popleft()["started"] = time.monotonic()

    class RecordingDriver(main_window.SessionDriver):  # type: ignore[misc, valid-type]
        """The app's driver; the recorder subscribes first, so it stamps each cue just
        before the driver hands it to the speaker."""

        def __init__(self, engine: Any, *args: Any, **kwargs: Any) -> None:
            engine.subscribe(lambda event: on_event(engine, event))
            super().__init__(engine, *args, **kwargs)

    main_window.SessionDriver = RecordingDriver  # this process only
    speaker.started.connect(on_started)
    window = main_window.MainWindow(services, speaker, chime=speaker.chime)
    window.resize(1280, 800)
    window.show()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - 10)
        last[0] = now

    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.setInterval(10)
    heart.timeout.connect(beat)
    run: dict[str, float] = {}

    def go() -> None:
        # the user presses Start once the window is up and the voice engine is ready
        if not synth.available and time.monotonic() - run.setdefault("wait", time.monotonic()) < 10:
            QTimer.singleShot(50, go)
            return
        window.start_session("morning", "morning")
        for box in window.player.safety.boxes:
            box.setChecked(True)
        if window.player.safety.boxes:
            window.player.safety.start_button.click()
        run["start"] = time.monotonic()
        last[0] = time.perf_counter()
        heart.start()
        QTimer.singleShot(int(seconds * 1000), app.quit)

    QTimer.singleShot(500, go)
    app.exec()
    gaps.sort()
    end = time.monotonic()
    settled = [c for c in cues if c["due"] < end - 3.0]  # later ones may still be queued
    played = [c for c in settled if c["started"] is not None]
    latency = [(c["started"] - c["due"]) * 1000 for c in played]
    from_scheduled = [(c["started"] - c["scheduled"]) * 1000 for c in played]
    slowest = sorted(played, key=lambda c: c["started"] - c["due"], reverse=True)[:3]
    return {
        "beats": len(gaps),
        "p99_ms": _percentile(gaps, 0.99),
        "max_ms": gaps[-1],
        "phrases_played": sum(c["started"] is not None for c in cues),
        "cues": len(settled),
        "cues_not_played": len(settled) - len(played),
        "latency_ms": latency,
        "from_scheduled_ms": from_scheduled,
        "not_cached": sum(not c["cached"] for c in settled),
        "behind_playing": sum(c["behind"] for c in settled),
        "slowest": [
            {
                "text": c["text"][:50],
                "kind": c["kind"],
                "cached": c["cached"],
                "behind_playing": c["behind"],
                "ms": round((c["started"] - c["due"]) * 1000, 1),
            }
            for c in slowest
        ],
    }


if __name__ == "__main__":
    mode = sys.argv[1]
    result = timing() if mode == "timing" else voice(float(sys.argv[2]))
    print(json.dumps(result), flush=True)
