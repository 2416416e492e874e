"""How long a synthesized phrase really is: the time to its last word.

Used twice: the speaker moves on to a waiting phrase at the last word (``ui.speech``),
and a session's lead-ins are sized from these lengths (``SpokenLengths`` handed to
``cipn_coach.engine.timeline.build_timeline``), so a slow voice rate never leaves the
countdown without room. Reading a WAV's tail takes well under a millisecond; it runs on
the synthesizer's worker, never on the UI thread.
"""

from __future__ import annotations

import math
import re
import wave
from collections.abc import Iterable
from pathlib import Path

from cipn_coach.engine.timeline import SpokenLengths
from cipn_coach.speech.speaker import VoiceSettings

TAIL_SCAN_S = 2.0  # only the end of a WAV is read to find its last word
HEAD_SCAN_S = 1.0  # only the start of a WAV is read to find its first word

_LOUD_HIGH_BYTE = re.compile(rb"[^\x00\xff]")
"""A 16-bit little-endian sample whose high byte is neither 0x00 nor 0xFF is at least
256 (-42 dBFS) from zero: sound, not the near-silence before a word."""


def audible_seconds(path: Path) -> float:
    """Seconds from the start of a WAV to the end of its last sound: its trailing silence
    (exact zeros, as espeak-ng writes it) left out. Reads only the last ``TAIL_SCAN_S``."""
    with wave.open(str(path), "rb") as wav:
        rate, frames, width = wav.getframerate(), wav.getnframes(), wav.getsampwidth()
        frame_bytes = width * wav.getnchannels()
        if rate <= 0 or frame_bytes <= 0:
            return 0.0
        first = max(0, frames - int(TAIL_SCAN_S * rate))
        wav.setpos(first)
        tail = wav.readframes(frames - first)
    return first / rate + audible_seconds_of(tail, rate, frame_bytes)


def audible_seconds_of(pcm: bytes, rate: int, frame_bytes: int) -> float:
    """``audible_seconds`` of samples already read: the same answer for a whole WAV's
    samples as for the file (only their last ``TAIL_SCAN_S`` are looked at).

    ``bytes.rstrip`` rather than a loop over samples: a Python loop held the GIL for
    ~3 ms a phrase, which the UI thread felt as stalls. Near-silent noise would count
    as sound: the safe side.
    """
    if rate <= 0 or frame_bytes <= 0:
        return 0.0
    frames = len(pcm) // frame_bytes
    first = max(0, frames - int(TAIL_SCAN_S * rate))
    sound = len(pcm[first * frame_bytes : frames * frame_bytes].rstrip(b"\0"))
    return (first + math.ceil(sound / frame_bytes)) / rate


def first_sound_seconds(path: Path) -> float:
    """Seconds from the start of a WAV to its first sound (a sample at least -42 dBFS),
    or 0.0 if its first ``HEAD_SCAN_S`` hold none (then it is played whole)."""
    with wave.open(str(path), "rb") as wav:
        rate, channels = wav.getframerate(), wav.getnchannels()
        if rate <= 0 or channels <= 0 or wav.getsampwidth() != 2:
            return 0.0
        head = wav.readframes(int(HEAD_SCAN_S * rate))
    return first_sound_seconds_of(head, rate, channels)


def first_sound_seconds_of(pcm: bytes, rate: int, channels: int) -> float:
    """``first_sound_seconds`` of 16-bit samples already read (only their first
    ``HEAD_SCAN_S`` are looked at).

    Why: espeak-ng begins a phrase that starts with a stop consonant ("Close", "Two")
    with ~45 ms of near-silence (the closure), so played from its start such a cue is
    heard that much after it is due. A regular expression over the high bytes finds the
    first loud sample in C, without a Python loop over samples (which would hold the GIL).
    """
    if rate <= 0 or channels <= 0:
        return 0.0
    head = pcm[: int(HEAD_SCAN_S * rate) * 2 * channels]
    found = _LOUD_HIGH_BYTE.search(head[1::2])
    return 0.0 if found is None else found.start() // channels / rate


def measure_phrases(
    texts: Iterable[str], folder: Path, settings: VoiceSettings | None = None
) -> SpokenLengths:
    """Synthesize each phrase into ``folder`` and measure it. Blocks ~10 ms a phrase:
    for tests and the command line; the app measures on the synthesizer's worker."""
    from cipn_coach.speech.synthesizer import synthesize_to_wav

    settings = settings or VoiceSettings()
    words: dict[str, float] = {}
    for text in dict.fromkeys(t for t in texts if t.strip()):
        wav = synthesize_to_wav(text, Path(folder) / f"{len(words)}.wav", settings)
        words[text] = audible_seconds(wav)
    return SpokenLengths(words, settings.rate_wpm)
