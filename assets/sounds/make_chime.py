"""Generate ``chime.wav``: a soft two-tone chime that marks the start and end of work.

Stdlib only (``wave``, ``math``, ``struct``) and fully deterministic, so running it again
gives a byte-identical file. Run from anywhere:  python assets/sounds/make_chime.py

The sound: two gentle bell-like tones a fourth apart (E5 then A5), each a sine with a
quiet octave partial, a 12 ms rise (no click) and a smooth exponential decay. The whole
chime is about 0.45 s, normalised to a peak of -12 dBFS so it never startles.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

SAMPLE_RATE = 44_100
DURATION_S = 0.45
PEAK_DBFS = -12.0
ATTACK_S = 0.012
FADE_OUT_S = 0.04

# (start time s, frequency Hz, relative loudness, decay time constant s)
TONES = [
    (0.00, 659.25, 1.0, 0.11),  # E5
    (0.13, 880.00, 0.9, 0.13),  # A5
]
OCTAVE_PARTIAL = 0.18  # a little shimmer; kept quiet so the tone stays soft


def tone_sample(t: float, start: float, freq: float, gain: float, tau: float) -> float:
    local = t - start
    if local < 0:
        return 0.0
    rise = min(1.0, local / ATTACK_S)
    rise = 0.5 - 0.5 * math.cos(math.pi * rise)  # raised-cosine attack
    envelope = gain * rise * math.exp(-local / tau)
    phase = 2 * math.pi * freq * local
    return envelope * (math.sin(phase) + OCTAVE_PARTIAL * math.sin(2 * phase))


def render() -> list[float]:
    count = int(SAMPLE_RATE * DURATION_S)
    fade_count = int(SAMPLE_RATE * FADE_OUT_S)
    samples = []
    for index in range(count):
        t = index / SAMPLE_RATE
        value = sum(tone_sample(t, *tone) for tone in TONES)
        remaining = count - 1 - index
        if remaining < fade_count:  # end exactly on silence
            value *= 0.5 - 0.5 * math.cos(math.pi * remaining / fade_count)
        samples.append(value)
    peak = max(abs(v) for v in samples)
    target = 10 ** (PEAK_DBFS / 20)
    return [v * target / peak for v in samples]


def write_wav(path: Path, samples: list[float]) -> None:
    frames = b"".join(struct.pack("<h", round(v * 32767)) for v in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)


if __name__ == "__main__":
    target_path = Path(__file__).resolve().parent / "chime.wav"
    write_wav(target_path, render())
    print(f"wrote {target_path}")
