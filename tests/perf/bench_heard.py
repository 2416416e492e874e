"""What a listener hears: a short real session played into a private PulseAudio null sink,
recorded from its monitor, and the sound onsets compared with the cue script.

Why a recording: ``QtSpeaker.started`` (figure 5) says when Qt *began* a phrase, not when
its sound came out; a stalled event loop or a starved audio buffer shows only in the sound.
So this bench runs the app's own wiring (``ui.gui.build_content``: real espeak-ng synthesis,
real Qt playback) in a child process whose only audio device is a null sink of a private
PulseAudio daemon (``pulseaudio -n``: no system or user configuration is read or changed),
records that sink's monitor with ``parec``, and finds the onsets with an energy threshold.

Clocks: t = 0 is the moment the Start key is pressed (``QTest.keyClick`` on Today's Start
button, stamped with ``time.monotonic`` just before). Every block ``parec`` delivers is
stamped on arrival with the same system-wide monotonic clock; the time of sample 0 is the
earliest (arrival - samples so far / rate), since a block can only arrive late, never
early. The null sink renders at most ``REC_LATENCY_MS`` ahead of real time, so onsets are
exact to about that (on the early side; measured: a phrase started at a known moment
reads 4-8 ms early). The chime is switched off in the bench session: sounding at the same
moment as "Begin." it would hide the phrase's own onset and pauses.

Budgets (issue 11 §5): every cue onset at most 100 ms late, the session's end (the onset
of its final phrase) within ±30 ms, no gap over 5 ms inside a phrase (a run of digital
silence where the phrase's WAV has sound: the audio ran dry); idle and with one core busy
(a busy-loop process), and with the UI thread stalled for 100 ms every 1.7 s (a busy
loop in the app's own event loop). ``python -m tests.perf.bench_heard`` runs it alone (needs
``pulseaudio`` and ``parec``: ``.ci/system-deps.sh bench``); ``tests.perf.bench`` runs it
as figure 8. Knobs: BENCH_HEARD_RUNS (runs per condition, default 2), BENCH_HEARD_KEEP=DIR
(keep each recording and its cue record there, to look at), BENCH_HEARD_ONLY=idle,one,100
(only those conditions, by first word), BENCH_HEARD_CUES=1 (print every cue: heard
lateness beside the moment the app began playing it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.pulse import private_pulse

ROOT = Path(__file__).resolve().parents[2]
RATE = 44100  # the monitor is recorded mono at this rate
REC_LATENCY_MS = 5
THRESHOLD = 0.01  # of full scale: a sample this loud is sound
ZERO = 2  # |sample| at or below this is digital silence
GAP_S = 0.005
LATE_BUDGET_MS = 100.0
END_BUDGET_MS = 30.0
RUNS = int(os.environ.get("BENCH_HEARD_RUNS", "2"))

HEARD_ROUTINE = dict(
    id="bench_heard",
    title="Listening bench",
    description="Short steps with many cues.",
    get_ready_seconds=3,
    prepare_seconds=3,
    source="tests/perf",
    schedule={"slots": [{"name": "any", "time": "08:00"}]},
    steps=[
        dict(
            exercise="finger_open_close",
            sets=2,
            reps=3,
            seconds_per_rep=4,
            rest_seconds=4,
            spoken_text="Open and close your hands.",
        ),
        dict(
            exercise="palm_rub_warm_up",
            sets=1,
            hold_seconds=8,
            spoken_text="Rub your palms together.",
        ),
    ],
)


# --------------------------------------------------------------------- the daemon


class Recorder:
    """``parec`` on the null sink's monitor; every block stamped on arrival.

    A stream of digital silence (``pacat`` from /dev/zero) plays all along: a null sink
    with nothing to play renders nothing, and the recording would skip the quiet spells
    (so its sample count would stop matching the clock)."""

    def __init__(self, env: dict[str, str]) -> None:
        self._silence = subprocess.Popen(
            [
                "pacat",
                "--playback",
                "--raw",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=50",
                "/dev/zero",
            ],
            env=env,
        )
        self._proc = subprocess.Popen(
            [
                "parec",
                "-d",
                "bench.monitor",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--raw",
                f"--latency-msec={REC_LATENCY_MS}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._chunks: list[bytes] = []
        self.recording = threading.Event()  # set when the first block has arrived
        self._sample0 = float("inf")
        self._frames = 0
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while block := self._proc.stdout.read(4096):
            now = time.monotonic()
            self._chunks.append(block)
            self.recording.set()
            self._frames += len(block) // 2
            self._sample0 = min(self._sample0, now - self._frames / RATE)

    def stop(self) -> tuple[float, Any]:
        """(monotonic time of sample 0, the samples as a numpy int16 array)."""
        import numpy as np

        for proc in (self._proc, self._silence):
            proc.terminate()
            proc.wait(5)
        self._thread.join(5)
        data = b"".join(self._chunks)
        return self._sample0, np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")


# --------------------------------------------------------------------- the child


def child(out: Path) -> None:
    """Runs in the child process: the app's window, one short session, started by key."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cipn_coach.engine.session import SessionEnded
    from cipn_coach.routines.routine_format import Routine
    from cipn_coach.services import open_services
    from ui import gui
    from ui.theme import CALM, style_sheet

    app = QApplication([])
    app.setStyleSheet(style_sheet(CALM))
    services = open_services(Path(tempfile.mkdtemp(prefix="bench-heard-data-")))
    routine = Routine.model_validate(HEARD_ROUTINE)
    services.library.routine = lambda _id: routine  # type: ignore[method-assign]
    # Today lists (and prefetches the phrases of) the plan's routines: without this it
    # prepared another routine's, and the first cue went through the synthesizer at Start
    services.plan.routines = lambda: [routine]  # type: ignore[method-assign]
    # no chime: sounding together with a phrase it would hide the phrase's own onset
    services.settings.set("chime.enabled", False)
    window = gui.build_content(app, services)
    window.resize(1280, 800)
    window.show()
    speaker = window.speaker
    record: dict[str, Any] = {"played": [], "ticks": [], "asked": []}
    # when the app began each phrase (its WAV path): splits lateness into the app's part
    # (key to play) and the sound path's part (play to heard)
    speaker.started.connect(lambda path: record["played"].append((time.monotonic(), path)))
    for name in ("say", "say_on_time"):  # when the driver asked for each phrase
        ask = getattr(speaker, name)  # bound now: each wrapper keeps its own method

        def asking(text: str, ask: Any = ask) -> None:
            record["asked"].append((time.monotonic(), text))
            ask(text)

        setattr(speaker, name, asking)

    def ended(event: object) -> None:
        if isinstance(event, SessionEnded):
            record["ended"] = time.monotonic()
            QTimer.singleShot(6000, app.quit)  # the final phrase plays out

    def press_start() -> None:
        synth = speaker._synth
        if (
            not synth.available
            and time.monotonic() - record.setdefault("wait", time.monotonic()) < 15
        ):
            QTimer.singleShot(100, press_start)
            return
        window.show_today()  # prefetches the first phrases, as when the app opens
        QTimer.singleShot(2000, key)

    def key() -> None:
        window.today.start_button.setFocus()
        record["key"] = time.monotonic()
        QTest.keyClick(window.today.start_button, Qt.Key.Key_Space)
        driver = window.player.driver
        if driver is None:
            record["error"] = "the session did not start"
            app.quit()
            return
        driver.engine.subscribe(ended)
        update = driver.engine.update

        def timed_update(now: float | None = None) -> Any:
            record["ticks"].append(time.monotonic())  # when the driver's timer woke
            return update(now)

        driver.engine.update = timed_update  # type: ignore[method-assign]
        timeline = driver.engine.timeline
        s = speaker.settings
        record["script"] = timeline.script()
        record["total"] = timeline.total_duration
        record["wavs"] = {
            str(c["text"]): str(speaker._synth.cache_path(str(c["text"]), s.voice_id, s.rate_wpm))
            for c in timeline.script()
            if c["kind"] != "chime"
        }
        record["began"] = time.monotonic()
        QTimer.singleShot(int((timeline.total_duration + 30) * 1000), app.quit)  # safety net

    stall_ms = int(os.environ.get("BENCH_HEARD_STALL_MS", "0"))
    if stall_ms:  # the UI thread busy (holding the GIL) for stall_ms every 1.7 s
        stalls = QTimer()
        stalls.timeout.connect(lambda: _busy(stall_ms / 1000))
        QTimer.singleShot(3000, lambda: stalls.start(1700))
    QTimer.singleShot(1000, press_start)
    app.exec()
    out.write_text(json.dumps(record))


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


# --------------------------------------------------------------------- analysis


@dataclass
class Heard:
    late_ms: list[float]
    missing: list[str]
    overlapping: list[str]
    end_ms: float | None
    gaps_ms: list[float]
    worst: list[str]
    cues: list[str]  # every cue: due, heard lateness, the app's part of it
    load: float = 0.0  # the machine's 1-minute load average when the run began


def onset(samples: Any, start: int, stop: int) -> int | None:
    """The first sample in [start, stop) at least THRESHOLD loud, or None."""
    import numpy as np

    window = np.abs(samples[max(0, start) : max(0, stop)].astype(np.int32))
    loud = np.flatnonzero(window >= THRESHOLD * 32768)
    return None if loud.size == 0 else max(0, start) + int(loud[0])


def _source(wav_path: Path) -> Any:
    """A phrase's WAV as float samples at the recording's rate."""
    import numpy as np

    with wave.open(str(wav_path), "rb") as wav:
        rate = wav.getframerate()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64)
    grid = np.arange(int(len(data) / rate * RATE)) / RATE
    return np.interp(grid, np.arange(len(data)) / rate, data)


def _silences(samples: Any) -> list[tuple[int, int]]:
    """(start, length) of each run of digital silence longer than GAP_S."""
    import numpy as np

    quiet = (np.abs(samples.astype(np.int32)) <= ZERO).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet, [0]))))
    return [
        (int(b), int(e - b))
        for b, e in zip(edges[::2], edges[1::2], strict=False)
        if e - b > GAP_S * RATE
    ]


def dropouts(samples: Any, near: int, wav_path: Path) -> list[float]:
    """Where the audio ran dry inside one phrase (first heard at sample ``near``): a run
    of digital silence in the recording that the phrase's WAV does not have, or one more
    than GAP_S longer than the WAV's pause at that place (a pause between words is
    exact zeros in both). The rest of the phrase comes that much later, so pauses after
    a dropout are looked for that much later too."""
    import numpy as np

    source = _source(wav_path)
    loud = np.flatnonzero(np.abs(source) >= THRESHOLD * 32768)
    if loud.size == 0:
        return []
    source = source[loud[0] : loud[-1] + 1]
    pauses = _silences(source)
    tolerance = int(0.04 * RATE)
    gaps: list[float] = []
    shift = 0
    heard = samples[near : near + len(source) + int(0.5 * RATE)]
    for start, length in _silences(heard):
        if start + length - shift > len(source) + tolerance:
            break  # nothing of the phrase follows: this is the silence after it
        match = [p for p in pauses if abs(p[0] - (start - shift)) <= tolerance]
        extra = length - (max(p[1] for p in match) if match else 0)
        if extra > GAP_S * RATE:
            gaps.append(extra / RATE * 1000)
            shift += extra
    return gaps


def analyse(record: dict[str, Any], sample0: float, samples: Any) -> Heard:
    """Onsets of the spoken cues against the script (the chime is off: see ``child``);
    an onset is the first sound from 50 ms before the cue is due."""
    events: dict[float, list[dict[str, Any]]] = {}
    for cue in record["script"]:
        if cue["kind"] == "chime":
            continue
        events.setdefault(float(cue["at"]), []).append(cue)
    times = sorted(events)
    key = record["key"]
    late, missing, overlapping, gaps, worst = [], [], [], [], []
    end_ms = None
    for i, at in enumerate(times):
        due = int((key + at - sample0) * RATE)
        before = int(due - 0.05 * RATE)
        label = " + ".join(str(c["text"])[:30] for c in events[at])
        start = before
        # sound from 60 to 20 ms before it is due: the phrase before is still being said
        # (not closer: onsets read up to ~8 ms early, and an on-time cue starts at once)
        if onset(samples, int(due - 0.06 * RATE), int(due - 0.02 * RATE)) is not None:
            overlapping.append(f"{at:.2f} s {label!r}: the sound before it is still playing")
            start = due  # its own onset cannot be told apart: counted from when it is due
        nxt = times[i + 1] if i + 1 < len(times) else at + 3
        found = onset(samples, start, int((key + min(nxt, at + 1.0) - sample0) * RATE))
        if found is None:
            missing.append(f"{at:.2f} s {label!r}")
            continue
        ms = (found - due) / RATE * 1000
        late.append(ms)
        worst.append((ms, f"{ms:+.0f} ms at {at:.2f} s {label!r}"))
        if at == times[-1]:
            end_ms = ms
        for cue in events[at]:
            wav = record["wavs"].get(str(cue["text"]))
            if cue["kind"] != "chime" and wav and Path(wav).is_file():
                gaps.extend(dropouts(samples, found, Path(wav)))
    worst.sort(key=lambda item: -item[0])
    return Heard(
        late,
        missing,
        overlapping,
        end_ms,
        gaps,
        [w for _ms, w in worst[:3]],
        per_cue(record, sample0, samples),
    )


def per_cue(record: dict[str, Any], sample0: float, samples: Any) -> list[str]:
    """One line a spoken cue: when due, how late it was heard, and how late the app
    began playing it (``QtSpeaker.started``): the difference is the sound path's part."""
    key = record["key"]
    played = sorted((t - key, path) for t, path in record.get("played", []))
    lines = []
    for cue in record["script"]:
        if cue["kind"] == "chime":
            continue
        at = float(cue["at"])
        wav = record["wavs"].get(str(cue["text"]), "")
        began = next((t for t, path in played if path == wav and t >= at - 0.05), None)
        due = int((key + at - sample0) * RATE)
        found = onset(samples, int(due - 0.05 * RATE), int(due + 1.0 * RATE))
        heard = "none" if found is None else f"{(found - due) / RATE * 1000:+5.0f}"
        app = "none" if began is None else f"{(began - at) * 1000:+5.0f}"
        woke = [t - key for t in record.get("ticks", []) if began is not None and t - key <= began]
        tick = f"{(woke[-1] - at) * 1000:+5.0f}" if woke and at > 0 else "  n/a"
        asked = [
            t - key
            for t, text in record.get("asked", [])
            if text == cue["text"] and t - key >= at - 0.05
        ]
        ask = f"{(asked[0] - at) * 1000:+5.0f}" if asked else " none"
        lines.append(
            f"{at:6.2f} s heard {heard} ms, app began {app} ms (tick woke {tick}, "
            f"said {ask} ms)  {str(cue['text'])[:32]!r}"
        )
    return lines


def one_run(env: dict[str, str], busy: bool, home: Path, stall_ms: int = 0) -> Heard:
    out = home / f"record-{time.monotonic_ns()}.json"
    load = os.getloadavg()[0]
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    recorder = Recorder(env)
    try:
        child_env = dict(
            env,
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            QT_LOGGING_RULES="qt.multimedia*=false",
            PYTHONPATH=str(ROOT),
            BENCH_HEARD_STALL_MS=str(stall_ms),
        )
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
            child_env[name] = str(home / name.lower())
        done = subprocess.run(
            [sys.executable, "-m", "tests.perf.bench_heard", "child", str(out)],
            env=child_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        sample0, samples = recorder.stop()
        if hog is not None:
            hog.kill()
            hog.wait()
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"the session child failed: {done.stderr[-1500:]}")
    record = json.loads(out.read_text())
    keep = os.environ.get("BENCH_HEARD_KEEP")  # a folder: keep the recording to look at
    if keep:
        import numpy as np

        np.save(Path(keep) / f"{out.stem}.npy", samples)
        (Path(keep) / out.name).write_text(json.dumps(dict(record, sample0=sample0)))
    if "error" in record:
        raise RuntimeError(record["error"])
    heard = analyse(record, sample0, samples)
    heard.load = load
    return heard


def measure(runs: int = RUNS) -> dict[str, list[Heard]]:
    for tool in ("pulseaudio", "parec", "pacat", "pactl"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (see .ci/system-deps.sh bench)")
    home = Path(tempfile.mkdtemp(prefix="cipn-heard-"))
    try:
        with private_pulse(home / "pulse") as env:
            conditions = {
                "idle": (False, 0),
                "one core busy": (True, 0),
                "100 ms UI stalls": (False, 100),
            }
            only = [c for c in os.environ.get("BENCH_HEARD_ONLY", "").split(",") if c]
            results: dict[str, list[Heard]] = {
                c: [] for c in conditions if not only or c.split()[0] in only
            }
            for _ in range(runs):  # interleaved, so a change of load hits all
                for condition in results:
                    busy, stall_ms = conditions[condition]
                    results[condition].append(one_run(env, busy, home, stall_ms=stall_ms))
            return results
    finally:
        shutil.rmtree(home, ignore_errors=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: dict[str, list[Heard]], number: str = "8") -> None:
    for condition, runs in results.items():
        late = [x for r in runs for x in r.late_ms]
        ends = [r.end_ms for r in runs if r.end_ms is not None]
        gaps = [g for r in runs for g in r.gaps_ms]
        missing = [m for r in runs for m in r.missing]
        overlapping = [o for r in runs for o in r.overlapping]
        top = max(late) if late else float("nan")
        on_time = bool(late) and top <= LATE_BUDGET_MS and not missing
        end_ok = len(ends) == len(runs) and all(abs(e) <= END_BUDGET_MS for e in ends)
        print(
            f"{number}. heard sound, {condition}, {len(runs)} sessions, {len(late)} sound "
            f"events: cue onset late max {top:.0f} ms (budget ≤{LATE_BUDGET_MS:.0f}) "
            f"{verdict(on_time)}; end [{', '.join(f'{e:+.0f}' for e in ends)}] ms (budget "
            f"±{END_BUDGET_MS:.0f}) {verdict(end_ok)}; gaps >5 ms inside phrases {len(gaps)} "
            f"(budget 0) {verdict(not gaps)}",
            flush=True,
        )
        if late:
            ordered = sorted(late)
            print(
                f"   onsets: min {ordered[0]:+.0f}, median {ordered[len(ordered) // 2]:+.0f}, "
                f"max {ordered[-1]:+.0f} ms; missing {len(missing)}, due while the sound "
                f"before was still playing {len(overlapping)}"
                + (f"; gaps [{', '.join(f'{g:.0f}' for g in gaps)}] ms" if gaps else "")
            )
        print(
            f"   load average at the start of each run: "
            f"{', '.join(f'{r.load:.1f}' for r in runs)} (2 cores)"
        )
        for line in (missing + overlapping)[:4]:
            print(f"   {line}")
        for run in runs:
            for line in run.worst[:1]:
                print(f"   latest: {line}")
        if os.environ.get("BENCH_HEARD_CUES"):
            for number_run, run in enumerate(runs, 1):
                print(f"   run {number_run}, every cue:")
                for line in run.cues:
                    print(f"     {line}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(Path(sys.argv[2]))
    else:
        report(measure())
