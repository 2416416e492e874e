"""Is the synthesized speech real? Duration and loudness of a WAV, and the doctor check.

Kept apart from ``synthesizer`` so measuring a WAV needs neither pyttsx3 nor a worker:
the real-speech test and ``cipn-coach doctor`` both use ``wav_stats``.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from cipn_coach.i18n import _
from cipn_coach.speech.speaker import VoiceSettings
from cipn_coach.speech.synthesizer import Synthesizer


@dataclass(frozen=True)
class WavStats:
    duration_s: float
    rms: float  # root mean square of the samples, as a fraction of full scale (0..1)
    sample_rate: int


def wav_stats(path: Path) -> WavStats:
    """Duration and loudness of a 16-bit PCM WAV, with the stdlib only (no audioop)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit samples, got {8 * wav.getsampwidth()}-bit")
        rate, frames = wav.getframerate(), wav.getnframes()
        samples = array("h", wav.readframes(frames))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV data is little-endian
    mean_square = sum(s * s for s in samples) / len(samples) if samples else 0.0
    return WavStats(frames / rate if rate else 0.0, (mean_square**0.5) / 32768.0, rate)


@dataclass(frozen=True)
class SpeechCheck:
    ok: bool
    detail: str


def doctor_check(settings: VoiceSettings | None = None, timeout_s: float = 10.0) -> SpeechCheck:
    """For ``cipn-coach doctor``: can this computer speak? Runs the real worker path
    (engine start, one phrase, cache write) and measures the result. Blocks for tens of
    ms, so call it off the UI thread."""
    with tempfile.TemporaryDirectory(prefix="cipn-speech-") as folder:
        synth = Synthesizer(Path(folder), settings or VoiceSettings())
        synth.start()
        try:
            if not synth.wait_ready(timeout_s):
                problem = synth.error or _("the speech engine did not start in time")
                return SpeechCheck(
                    False,
                    _("{problem} (spoken cues fall back to captions)").format(problem=problem),
                )
            done = threading.Event()
            outcome: list[Path | str] = []
            started = time.perf_counter()
            synth.request(
                "Speech check.",
                0,
                lambda _t, path: (outcome.append(path), done.set()),
                lambda message: (outcome.append(message), done.set()),
            )
            if not done.wait(timeout_s):
                return SpeechCheck(False, _("the speech engine did not answer in time"))
            elapsed_ms = (time.perf_counter() - started) * 1000
            if not isinstance(outcome[0], Path):
                return SpeechCheck(False, str(outcome[0]))
            stats = wav_stats(outcome[0])
            voices = len(synth.voices())
        finally:
            synth.close()
    if stats.duration_s <= 0.2 or stats.rms < 0.01:
        return SpeechCheck(
            False,
            _("speech engine produced silence ({seconds} s)").format(
                seconds=f"{stats.duration_s:.2f}"
            ),
        )
    return SpeechCheck(
        True,
        _("speech ok: {voices} voices, test phrase {seconds} s synthesized in {ms} ms").format(
            voices=voices, seconds=f"{stats.duration_s:.2f}", ms=f"{elapsed_ms:.0f}"
        ),
    )
