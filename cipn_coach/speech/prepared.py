"""A phrase's sound as the player keeps it: cut to its words, packed, and remembered in
a file next to its WAV, so it is prepared once instead of at every start.

Why remembered: preparing a phrase (reading its WAV, finding its first and last word,
cutting, packing it with zlib) took ~1.7 ms of CPU, and Today prepares the next
session's ~105 distinct phrases at every start: 0.17-0.27 s of the start-up's CPU (bench
figure 2b), every time, for the same result. Read back from its file, a prepared phrase
costs a file read and a CRC check.

Why it is safe to keep: a WAV's name is the hash of its text, voice and rate, so a WAV
never changes under its name; the prepared file records how it was cut and packed
(``Cut``), so it is prepared again when any of that changes, and a damaged or short file
(its length and CRC are checked) is prepared again from the WAV. It is derived data in
the speech cache: losing it costs one preparation, never a sound.
"""

from __future__ import annotations

import logging
import os
import struct
import tempfile
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

from cipn_coach.speech.lengths import audible_seconds_of, first_sound_seconds_of

log = logging.getLogger(__name__)

SUFFIX = ".phrase"
_MAGIC = b"CIPNPHR1"
_HEADER = struct.Struct("<8s d d i I H d I I")
"""magic, onset margin, words tail, pack level, rate, channels, audible seconds, packed
length, CRC-32 of the packed bytes."""


@dataclass(frozen=True)
class Cut:
    """How a phrase is prepared: played from ``onset_margin_s`` before its first sound
    to ``words_tail_s`` after its last, packed at zlib ``level``."""

    onset_margin_s: float
    words_tail_s: float
    level: int


@dataclass(frozen=True)
class PreparedPhrase:
    """A phrase's samples (16-bit PCM) packed with zlib, and where its words end,
    counted from the start of what is kept."""

    packed: bytes
    rate: int
    channels: int
    audible_s: float

    def pcm(self) -> bytes:
        """The samples to play (lossless: exactly the WAV's, within the cut)."""
        return zlib.decompress(self.packed)


def prepared_path(wav: Path) -> Path:
    """Where the prepared form of ``wav`` is kept: beside it, same name."""
    return Path(wav).with_suffix(SUFFIX)


def load_prepared(wav: Path, cut: Cut) -> PreparedPhrase:
    """The prepared form of ``wav``: read from its file if that was made with ``cut``
    and is whole, else prepared from the WAV and its file written for next time.

    Raises ``wave.Error``/OSError/EOFError only if the WAV itself cannot be read."""
    kept = prepared_path(wav)
    try:
        return _read(kept, cut)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, struct.error) as exc:
        log.info("prepared phrase %s is not usable (%s); preparing it again", kept.name, exc)
    phrase = prepare(wav, cut)
    _write(kept, phrase, cut)
    return phrase


def prepare(wav: Path, cut: Cut) -> PreparedPhrase:
    """Cut ``wav`` (16-bit PCM, as espeak-ng writes it) to its words and pack it.

    The start is cut because a phrase beginning with a stop consonant ("Close", "Two")
    has ~45 ms of near-silence before its first sound, which would make it heard late;
    the end because espeak-ng adds 0.28-0.44 s of exact zeros (memory). See
    ``ui.speech.ONSET_MARGIN_S`` and ``WORDS_TAIL_S`` for the measurements."""
    with wave.open(str(wav), "rb") as reader:
        if reader.getsampwidth() != 2:
            raise wave.Error(f"{wav}: expected 16-bit samples")
        rate, channels = reader.getframerate(), reader.getnchannels()
        pcm = reader.readframes(reader.getnframes())
    if rate <= 0 or channels <= 0:
        raise wave.Error(f"{wav}: no sample rate or channels")
    audible = audible_seconds_of(pcm, rate, 2 * channels)
    skip = max(0.0, first_sound_seconds_of(pcm, rate, channels) - cut.onset_margin_s)
    frame = 2 * channels
    start = min(len(pcm), int(skip * rate) * frame)
    end = int((audible + cut.words_tail_s) * rate) * frame
    kept = pcm[start : max(start, end)]
    return PreparedPhrase(zlib.compress(kept, cut.level), rate, channels, audible - skip)


def _read(path: Path, cut: Cut) -> PreparedPhrase:
    data = path.read_bytes()
    if len(data) < _HEADER.size:
        raise ValueError("shorter than its header")
    magic, margin, tail, level, rate, channels, audible, length, crc = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a prepared phrase")
    if (margin, tail, level) != (cut.onset_margin_s, cut.words_tail_s, cut.level):
        raise ValueError("prepared with another cut")
    packed = data[_HEADER.size :]
    if len(packed) != length or zlib.crc32(packed) != crc:
        raise ValueError("damaged (length or CRC)")
    return PreparedPhrase(packed, rate, channels, audible)


def _write(path: Path, phrase: PreparedPhrase, cut: Cut) -> None:
    """Write whole or not at all (a temporary file renamed into place); a cache that
    cannot be written (read-only, full) only costs preparing the phrase next time."""
    header = _HEADER.pack(
        _MAGIC,
        cut.onset_margin_s,
        cut.words_tail_s,
        cut.level,
        phrase.rate,
        phrase.channels,
        phrase.audible_s,
        len(phrase.packed),
        zlib.crc32(phrase.packed),
    )
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    except OSError as exc:
        log.info("could not keep the prepared phrase %s (%s)", path.name, exc)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(header + phrase.packed)
        os.replace(temporary, path)
    except OSError as exc:
        log.info("could not keep the prepared phrase %s (%s)", path.name, exc)
        Path(temporary).unlink(missing_ok=True)
