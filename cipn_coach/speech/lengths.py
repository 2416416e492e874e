"""How long a synthesized phrase really is: the time to its last word.

Used twice: the speaker moves on to a waiting phrase at the last word (``ui.speech``),
and a session's lead-ins are sized from these lengths (``SpokenLengths`` handed to
``cipn_coach.engine.timeline.build_timeline``), so a slow voice rate never leaves the
countdown without room. Reading a WAV's tail takes well under a millisecond; it runs on
the synthesizer's worker, never on the UI thread.
"""

from __future__ import annotations

import math
import wave
from collections.abc import Iterable
from pathlib import Path

from cipn_coach.engine.timeline import SpokenLengths
from cipn_coach.speech.speaker import VoiceSettings

TAIL_SCAN_S = 2.0  # only the end of a WAV is read to find its last word


def audible_seconds(path: Path) -> float:
    """Seconds from the start of a WAV to the end of its last sound: its trailing silence
    (exact zeros, as espeak-ng writes it) left out.

    ``bytes.rstrip`` rather than a loop over samples: a Python loop held the GIL for
    ~3 ms a phrase, which the UI thread felt as stalls. Reads only the last
    ``TAIL_SCAN_S``. Near-silent noise would count as sound: the safe side.
    """
    with wave.open(str(path), "rb") as wav:
        rate, frames, width = wav.getframerate(), wav.getnframes(), wav.getsampwidth()
        frame_bytes = width * wav.getnchannels()
        if rate <= 0 or frame_bytes <= 0:
            return 0.0
        first = max(0, frames - int(TAIL_SCAN_S * rate))
        wav.setpos(first)
        sound = len(wav.readframes(frames - first).rstrip(b"\0"))
    return (first + math.ceil(sound / frame_bytes)) / rate


def measure_phrases(texts: Iterable[str], folder: Path,
                    settings: VoiceSettings | None = None) -> SpokenLengths:
    """Synthesize each phrase into ``folder`` and measure it. Blocks ~10 ms a phrase:
    for tests and the command line; the app measures on the synthesizer's worker."""
    from cipn_coach.speech.synthesizer import synthesize_to_wav

    settings = settings or VoiceSettings()
    words: dict[str, float] = {}
    for text in dict.fromkeys(t for t in texts if t.strip()):
        wav = synthesize_to_wav(text, Path(folder) / f"{len(words)}.wav", settings)
        words[text] = audible_seconds(wav)
    return SpokenLengths(words, settings.rate_wpm)
