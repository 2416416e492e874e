"""A phrase is prepared for playing once and kept beside its WAV (``speech.prepared``).

Why these tests: preparing a session's phrases at every start cost 0.17-0.27 s of CPU
(bench figure 2b); the kept file removes that, and must never give a different sound:
the samples kept are exactly the WAV's within the cut, a file made with another cut or
damaged is prepared again, and a cache that cannot be written still plays. Real
espeak-ng WAVs (a failure, not a skip, without libespeak-ng, as ``test_speech.py``).
"""

from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest

from cipn_coach.speech import VoiceSettings, synthesize_to_wav
from cipn_coach.speech.lengths import audible_seconds, first_sound_seconds
from cipn_coach.speech.prepared import Cut, load_prepared, prepare, prepared_path

CUT = Cut(onset_margin_s=0.005, words_tail_s=0.1, level=1)


@pytest.fixture(scope="module")
def wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("voice")
    return synthesize_to_wav("Close your hands gently.", folder / "cue.wav", VoiceSettings())


@pytest.fixture
def fresh(wav: Path, tmp_path: Path) -> Path:
    """The WAV alone in a folder of its own (no prepared file yet)."""
    copy = tmp_path / wav.name
    copy.write_bytes(wav.read_bytes())
    return copy


def test_a_prepared_phrase_is_the_wavs_samples_from_before_its_first_word_to_after_its_last(
    fresh: Path,
) -> None:
    with wave.open(str(fresh), "rb") as reader:
        rate, pcm = reader.getframerate(), reader.readframes(reader.getnframes())
    first, last = first_sound_seconds(fresh), audible_seconds(fresh)
    assert 0.0 < first < last  # a stop consonant: near-silence before "Close"

    phrase = prepare(fresh, CUT)

    start = int((first - CUT.onset_margin_s) * rate) * 2
    end = int((last + CUT.words_tail_s) * rate) * 2
    assert phrase.pcm() == pcm[start:end]
    assert phrase.audible_s == pytest.approx(last - (first - CUT.onset_margin_s))
    assert (phrase.rate, phrase.channels) == (rate, 1)


def test_a_phrase_is_prepared_once_and_read_back_the_same(fresh: Path) -> None:
    first = load_prepared(fresh, CUT)
    kept = prepared_path(fresh)
    assert kept.is_file()
    os.utime(kept, ns=(1, 1))  # marks the file: rewritten, it would carry a new time

    again = load_prepared(fresh, CUT)

    assert again == first
    assert kept.stat().st_mtime_ns == 1  # read, not prepared and written again
    assert sorted(p.name for p in fresh.parent.iterdir()) == sorted([fresh.name, kept.name])


def test_a_phrase_kept_with_another_cut_is_prepared_again_with_this_one(fresh: Path) -> None:
    load_prepared(fresh, CUT)
    longer = Cut(onset_margin_s=CUT.onset_margin_s, words_tail_s=0.3, level=CUT.level)

    phrase = load_prepared(fresh, longer)

    assert phrase == prepare(fresh, longer)
    assert len(phrase.pcm()) > len(prepare(fresh, CUT).pcm())
    assert load_prepared(fresh, longer) == phrase  # and kept for the new cut


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:20],  # shorter than its header
        lambda data: data[:-7],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # a changed byte
        lambda data: b"NOTAPHRS" + data[8:],  # not ours
        lambda data: b"",
    ],
    ids=["header", "short", "flipped", "magic", "empty"],
)
def test_a_damaged_prepared_file_is_prepared_again_from_the_wav(fresh: Path, damage) -> None:
    whole = load_prepared(fresh, CUT)
    kept = prepared_path(fresh)
    kept.write_bytes(damage(kept.read_bytes()))

    assert load_prepared(fresh, CUT) == whole
    assert load_prepared(fresh, CUT) == whole  # and the file is whole again


def test_a_phrase_that_cannot_be_kept_is_still_given_and_leaves_nothing_behind(
    fresh: Path,
) -> None:
    blocked = prepared_path(fresh)
    blocked.mkdir()  # something that is not a file is in the way: read and write fail

    phrase = load_prepared(fresh, CUT)

    assert phrase == prepare(fresh, CUT)
    assert blocked.is_dir()
    assert sorted(p.name for p in fresh.parent.iterdir()) == sorted([fresh.name, blocked.name])


def test_a_wav_that_is_not_16_bit_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "odd.wav"
    with wave.open(str(odd), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(1)
        writer.setframerate(8000)
        writer.writeframes(bytes(800))
    with pytest.raises(wave.Error, match="16-bit"):
        load_prepared(odd, CUT)
    assert not prepared_path(odd).exists()
