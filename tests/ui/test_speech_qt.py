"""QtSpeaker: WAVs from the worker thread reach the player on the UI thread, in order,
and nothing asked before a cancel is ever heard.

Most tests drive a hand-operated synthesizer that calls back from a real second thread
(as the real worker does) with tone WAVs, so timing is in the test's hands; one test
runs the real pyttsx3/espeak-ng synthesizer end to end.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # as tests/conftest.py; lets it run alone

import math
import threading
import wave
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtMultimedia import QAudioFormat, QtAudio
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.speech
from cipn_coach.speech import ErrorCallback, ReadyCallback, Synthesizer, VoiceSettings
from cipn_coach.speech.speaker import VoicesCallback
from ui.speech import QtSpeaker

TIMEOUT_MS = 5000

# pytest-qt swaps its Qt message handler in and out around every test; Qt Multimedia's
# FFmpeg threads log ("No audio device detected") at any moment, and a message arriving
# during the swap crashed the process (seen as a SIGSEGV in QFFmpeg::AudioRenderer).
pytestmark = pytest.mark.no_qt_log


def shut(qtbot: QtBot, speaker: QtSpeaker) -> None:
    """Close and wait until the event loop has destroyed the players and their threads,
    so nothing from this test is still running when the next one starts."""
    speaker.close()
    qtbot.waitUntil(lambda: not ui.speech._DISPOSING, timeout=TIMEOUT_MS)


def write_tone(path: Path, seconds: float = 0.3, hz: float = 440.0) -> Path:
    """A short 16-bit mono sine WAV, like the synthesizer's output but instant to make."""
    rate = 22050
    samples = array(
        "h", (int(8000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(int(seconds * rate)))
    )
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return path


class ManualSynth:
    """Records requests; the test decides when each WAV is 'ready'. Callbacks are made
    from a separate thread, exactly like ``Synthesizer``'s worker."""

    def __init__(self, fail_with: str | None = None) -> None:
        self.fail_with = fail_with
        self.requests: list[tuple[str, int, ReadyCallback]] = []
        self.prefetched: list[tuple[str, object]] = []
        self.drops = 0
        self.closed = False
        self._on_unavailable: ErrorCallback | None = None
        self._on_voices: VoicesCallback | None = None

    def start(
        self, on_unavailable: ErrorCallback | None = None, on_voices: VoicesCallback | None = None
    ) -> None:
        self._on_unavailable = on_unavailable
        self._on_voices = on_voices
        if self.fail_with is not None:
            self.report_failure()

    def report_voices(self, voices: list[tuple[str, str]]) -> None:
        assert self._on_voices is not None
        self._from_worker(self._on_voices, voices)

    def report_failure(self) -> None:
        assert self._on_unavailable is not None and self.fail_with is not None
        self._from_worker(self._on_unavailable, self.fail_with)

    def request(
        self, text: str, token: int, on_ready: ReadyCallback, on_error: ErrorCallback | None = None
    ) -> None:
        self.requests.append((text, token, on_ready))

    def deliver(self, index: int, wav: Path) -> None:
        _text, token, on_ready = self.requests[index]
        self._from_worker(on_ready, token, wav)

    def prefetch(self, texts: Iterable[str], on_ready: object = None) -> None:
        self.prefetched.extend((t, on_ready) for t in texts)

    def deliver_prefetch(self, index: int, wav: Path) -> None:
        text, on_ready = self.prefetched[index]
        self._from_worker(on_ready, text, wav)

    def drop_pending(self, include_prefetch: bool = False) -> int:
        self.drops += 1
        return 0

    def apply(self, settings: VoiceSettings) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    @staticmethod
    def _from_worker(callback: object, *args: object) -> None:
        worker = threading.Thread(target=callback, args=args)  # type: ignore[arg-type]
        worker.start()
        worker.join()


Manual = tuple[QtSpeaker, ManualSynth]
Tones = tuple[Path, Path]


@pytest.fixture
def tones(tmp_path: Path) -> Tones:
    return write_tone(tmp_path / "a.wav", hz=440), write_tone(tmp_path / "b.wav", hz=660)


@pytest.fixture
def manual(qtbot: QtBot) -> Iterator[Manual]:
    synth = ManualSynth()
    speaker = QtSpeaker(synth, VoiceSettings(), chime_path=Path("/nonexistent/chime.wav"))
    yield speaker, synth
    shut(qtbot, speaker)


def test_say_plays_the_synthesized_wav_end_to_end(qtbot: QtBot, tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path / "cache", VoiceSettings())
    speaker = QtSpeaker(synth, VoiceSettings())
    try:
        text = "Open your hands wide, then close them gently."
        with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS) as blocker:
            speaker.say(text)
        wav = Path(blocker.args[0])
        assert wav == synth.cache_path(text, None, 150)
        assert wav.is_file()
        assert speaker.is_speaking
        speaker.cancel()
        qtbot.waitUntil(lambda: not speaker.is_speaking, timeout=500)  # next event-loop turn
    finally:
        shut(qtbot, speaker)


def test_cancel_drops_a_wav_that_arrives_late(qtbot: QtBot, manual: Manual, tones: Tones) -> None:
    speaker, synth = manual
    wav_a, wav_b = tones
    started: list[str] = []
    speaker.started.connect(started.append)
    speaker.say("A: asked before the cancel")
    speaker.cancel()
    speaker.say("B: asked after the cancel")
    assert synth.drops == 1
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS) as blocker:
        synth.deliver(0, wav_a)  # A's WAV is late: it must never play
        synth.deliver(1, wav_b)  # queued after A's, so A was dealt with first
    assert blocker.args == [str(wav_b)]
    assert started == [str(wav_b)]


def test_phrases_play_one_after_another_in_order(
    qtbot: QtBot, manual: Manual, tones: Tones
) -> None:
    speaker, synth = manual
    wav_a, wav_b = tones
    started: list[str] = []
    speaker.started.connect(started.append)
    speaker.say("first")
    speaker.say("second")
    synth.deliver(0, wav_a)
    synth.deliver(1, wav_b)
    qtbot.waitUntil(lambda: len(started) == 2, timeout=TIMEOUT_MS)
    assert started == [str(wav_a), str(wav_b)]


def test_cancel_while_playing_stops_at_once(qtbot: QtBot, manual: Manual, tones: Tones) -> None:
    speaker, synth = manual
    speaker.say("a long phrase")
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS):
        synth.deliver(0, tones[0])
    assert speaker.is_speaking
    speaker.cancel()
    qtbot.waitUntil(lambda: not speaker.is_speaking, timeout=500)  # next event-loop turn


def test_unavailable_is_emitted_once_and_say_then_does_nothing(qtbot: QtBot) -> None:
    synth = ManualSynth(fail_with="no speech engine: libespeak-ng not found")
    emitted: list[str] = []
    speaker = QtSpeaker(synth, VoiceSettings())  # the failure is posted from a thread...
    speaker.unavailable.connect(emitted.append)  # ...and delivered on the UI thread later
    try:
        qtbot.waitUntil(lambda: emitted != [], timeout=TIMEOUT_MS)
        assert emitted == ["no speech engine: libespeak-ng not found"]
        synth.report_failure()  # a second report: posted from a thread, then delivered
        QApplication.processEvents()
        assert len(emitted) == 1
        speaker.say("Anyone there?")
        assert synth.requests == [], "no work is queued once the engine is known to be down"
    finally:
        shut(qtbot, speaker)


def test_the_voice_list_arrives_on_the_ui_thread_when_the_engine_knows_it(
    qtbot: QtBot, manual: Manual
) -> None:
    speaker, synth = manual
    seen: list[tuple[list[tuple[str, str]], bool]] = []
    speaker.voices_ready.connect(
        lambda voices: seen.append(
            (voices, QThread.currentThread() is QApplication.instance().thread())
        )
    )
    with qtbot.waitSignal(speaker.voices_ready, timeout=TIMEOUT_MS):
        synth.report_voices([("en", "English"), ("yue", "Cantonese")])
    assert seen == [([("en", "English"), ("yue", "Cantonese")], True)]


def test_voice_off_says_nothing(manual: Manual) -> None:
    speaker, synth = manual
    speaker.apply(VoiceSettings(enabled=False))
    speaker.say("Hello")
    assert synth.requests == []
    assert speaker.settings.enabled is False


def test_chime_missing_is_harmless_and_present_chime_plays(
    qtbot: QtBot, manual: Manual, tmp_path: Path
) -> None:
    speaker, _synth = manual
    speaker.chime()  # the fixture points at a file that does not exist
    assert not speaker.is_chiming
    present = QtSpeaker(ManualSynth(), VoiceSettings(), chime_path=write_tone(tmp_path / "c.wav"))
    try:
        present.chime()
        qtbot.waitUntil(lambda: present.is_chiming, timeout=TIMEOUT_MS)
    finally:
        shut(qtbot, present)


def test_volume_and_device_reach_the_audio_output(qtbot: QtBot, manual: Manual) -> None:
    speaker, _synth = manual
    player = speaker._speech  # white-box: the volume is only audible otherwise
    speaker.apply(VoiceSettings(volume=0.3))
    qtbot.waitUntil(lambda: abs(player.volume - 0.3) < 1e-6, timeout=TIMEOUT_MS)
    speaker._follow_default_device()  # as on headphones plugged in: must not raise
    QApplication.processEvents()


def test_a_prefetched_phrase_plays_the_moment_it_is_said(
    qtbot: QtBot, manual: Manual, tones: Tones
) -> None:
    """Prepared before the session: when due it starts on the spot, with no trip
    through the synthesizer's worker (which cost 10-50 ms a cue under load)."""
    speaker, synth = manual
    speaker.prefetch(["Begin."])
    synth.deliver_prefetch(0, tones[0])
    qtbot.waitUntil(lambda: bool(speaker._in_memory), timeout=TIMEOUT_MS)  # queued to the UI
    started: list[str] = []
    speaker.started.connect(started.append)
    speaker.say_on_time("Begin.")
    assert started == [str(tones[0])], "started within say_on_time itself"
    assert synth.requests == []
    speaker.apply(VoiceSettings(rate_wpm=100))  # another rate: that sound is not used
    speaker.cancel()
    speaker.say("Begin.")
    assert [r[0] for r in synth.requests] == ["Begin."]


# --- no sound device: said once, and the session's timing carries on -------------------


def test_no_audio_output_is_told_once_and_phrases_keep_their_timing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    synth = ManualSynth()
    speaker = QtSpeaker(
        synth, VoiceSettings(), chime_path=write_tone(tmp_path / "c.wav"), outputs=lambda: []
    )  # as on a computer with no speaker or headphones
    told: list[str] = []
    speaker.no_sound.connect(told.append)
    try:
        qtbot.waitUntil(lambda: told != [], timeout=TIMEOUT_MS)
        assert told == [ui.speech.NO_SOUND_MESSAGE]
        assert not speaker.has_sound
        started: list[str] = []
        speaker.started.connect(started.append)
        speaker.say("first")
        speaker.say("second")
        synth.deliver(0, write_tone(tmp_path / "a.wav", 0.2))
        synth.deliver(1, write_tone(tmp_path / "b.wav", 0.2))
        speaker.chime()
        qtbot.waitUntil(lambda: len(started) == 2, timeout=TIMEOUT_MS)  # one after the other
        speaker._follow_default_device()  # still none: not told again
        QApplication.processEvents()
        assert told == [ui.speech.NO_SOUND_MESSAGE]
    finally:
        shut(qtbot, speaker)


class _FakeDevice:
    """Stands in for an output device that is listed but cannot play."""

    def isNull(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def __ne__(self, other: object) -> bool:
        return other is not self


class _BrokenSink(QObject):
    """A ``QAudioSink`` whose device refuses to open, as a busy or unplugged one does."""

    stateChanged = Signal(object)  # noqa: N815 - Qt's name

    def __init__(self, _device: object, fmt: QAudioFormat, parent: QObject) -> None:
        super().__init__(parent)
        self._format = fmt

    def format(self) -> QAudioFormat:
        return self._format

    def setBufferSize(self, _size: int) -> None:  # noqa: N802
        pass

    def setVolume(self, _volume: float) -> None:  # noqa: N802
        pass

    def start(self, _device: object) -> None:
        pass

    def stop(self) -> None:
        pass

    def error(self) -> QtAudio.Error:
        return QtAudio.Error.OpenError

    def state(self) -> QtAudio.State:
        return QtAudio.State.StoppedState


def test_a_failed_playback_is_told_once_and_the_phrase_goes_on_silently(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.speech, "QAudioSink", _BrokenSink)
    synth = ManualSynth()
    speaker = QtSpeaker(
        synth,
        VoiceSettings(),
        chime_path=Path("/nonexistent/chime.wav"),
        outputs=lambda: [_FakeDevice()],
    )
    told: list[str] = []
    speaker.no_sound.connect(told.append)
    try:
        started: list[str] = []
        speaker.started.connect(started.append)
        for n in range(2):
            speaker.say(f"phrase {n}")
            synth.deliver(n, write_tone(tmp_path / f"{n}.wav", 0.1))
        qtbot.waitUntil(lambda: len(started) == 2, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: told != [], timeout=TIMEOUT_MS)
        QApplication.processEvents()
        assert told == [ui.speech.SOUND_FAILED_MESSAGE]
    finally:
        shut(qtbot, speaker)


class _CountingSink(_BrokenSink):
    """A ``QAudioSink`` that plays (it says Active once started) and counts its makings."""

    made: list[_CountingSink] = []

    def __init__(self, device: object, fmt: QAudioFormat, parent: QObject) -> None:
        super().__init__(device, fmt, parent)
        self.starts = 0
        self._state = QtAudio.State.StoppedState
        _CountingSink.made.append(self)

    def start(self, _device: object) -> None:
        self.starts += 1
        self._state = QtAudio.State.ActiveState

    def stop(self) -> None:
        self._state = QtAudio.State.StoppedState

    def state(self) -> QtAudio.State:
        return self._state

    def error(self) -> QtAudio.Error:
        return QtAudio.Error.NoError


def test_the_sound_output_is_opened_when_phrases_are_prepared_not_when_one_is_due(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured: the first start of the sound output in a process took 24 ms (the sound
    server's connection), which the first cue of a session was heard late by. Preparing
    the session's phrases (Today, Start) opens it with a moment of silence."""
    monkeypatch.setattr(ui.speech, "QAudioSink", _CountingSink)
    monkeypatch.setattr(_CountingSink, "made", [])
    synth = ManualSynth()
    speaker = QtSpeaker(
        synth,
        VoiceSettings(),
        chime_path=Path("/nonexistent/chime.wav"),
        outputs=lambda: [_FakeDevice()],
    )
    try:
        speaker.prefetch(["Get ready."])
        assert len(_CountingSink.made) == 1 and _CountingSink.made[0].starts == 1
        synth.deliver_prefetch(0, write_tone(tmp_path / "g.wav", 0.1))
        qtbot.waitUntil(lambda: bool(speaker._in_memory), timeout=TIMEOUT_MS)
        speaker.say("Get ready.")
        assert len(_CountingSink.made) == 1, "the phrase plays on the sink opened ahead"
        assert _CountingSink.made[0].starts == 2
        speaker.prefetch(["Get ready."])  # again at Start: the output is open, left alone
        assert _CountingSink.made[0].starts == 2
    finally:
        shut(qtbot, speaker)


# --- moving on at the last word; on-time cues ------------------------------------------


def write_phrase(path: Path, words_s: float, silence_s: float) -> Path:
    """A tone of ``words_s`` then ``silence_s`` of zeros, as espeak-ng ends its WAVs."""
    write_tone(path, words_s)
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(frames + bytes(2 * int(silence_s * 22050)))
    return path


def test_audible_seconds_leaves_out_the_trailing_silence(tmp_path: Path) -> None:
    wav = write_phrase(tmp_path / "p.wav", words_s=0.5, silence_s=0.4)
    assert ui.speech.audible_seconds(wav) == pytest.approx(0.5, abs=0.01)
    assert ui.speech.audible_seconds(write_tone(tmp_path / "t.wav", 0.3)) == pytest.approx(
        0.3, abs=0.01
    )


def write_late_phrase(path: Path, quiet_s: float, words_s: float = 0.3) -> Path:
    """``quiet_s`` of near-silence (as before a spoken "k" or "t"), then a tone."""
    write_tone(path, words_s)
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    quiet = array("h", ((i % 3) - 1 for i in range(int(quiet_s * 22050)))).tobytes()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(quiet + frames)
    return path


def test_first_sound_seconds_finds_the_first_word(tmp_path: Path) -> None:
    assert ui.speech.first_sound_seconds(write_late_phrase(tmp_path / "p.wav", 0.06)) == (
        pytest.approx(0.06, abs=0.002)
    )
    assert ui.speech.first_sound_seconds(write_tone(tmp_path / "t.wav", 0.3)) < 0.002
    silent = write_phrase(tmp_path / "s.wav", words_s=0.0, silence_s=0.2)
    assert ui.speech.first_sound_seconds(silent) == 0.0  # nothing to find: play it all


def test_a_phrase_is_played_from_just_before_its_first_word(
    qtbot: QtBot, manual: Manual, tmp_path: Path
) -> None:
    """Measured (bench figure 8): "Close gently", "Two" and "2" were heard 40-55 ms
    after they were due, "One" and "1" on time: espeak-ng's WAV of a phrase that begins
    with a stop consonant starts with ~45 ms of near-silence. Played from just before
    the first word, every cue is heard when it is due."""
    speaker, synth = manual
    late = write_late_phrase(tmp_path / "close.wav", quiet_s=0.05)
    speaker.prefetch(["Close gently"])
    synth.deliver_prefetch(0, late)
    qtbot.waitUntil(lambda: bool(speaker._in_memory), timeout=TIMEOUT_MS)
    speaker.say("Close gently")
    played = speaker._current  # white-box: the sound handed to the audio output
    assert played is not None
    skipped = 0.05 + 0.3 - played.sound.seconds
    assert ui.speech.ONSET_MARGIN_S - 0.002 <= 0.05 - skipped <= ui.speech.ONSET_MARGIN_S + 0.002
    assert played.audible_s == pytest.approx(0.3 + ui.speech.ONSET_MARGIN_S, abs=0.002)


def test_a_waiting_phrase_starts_in_the_silence_after_the_last_word(
    qtbot: QtBot, manual: Manual, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.speech, "WORDS_TAIL_S", 3.0)  # all of the file's silence kept
    speaker, synth = manual
    # 3 s of silence after 0.2 s of words: waiting for the file's end would show as an
    # EndOfMedia of the first phrase before the second starts
    first = write_phrase(tmp_path / "first.wav", words_s=0.2, silence_s=3.0)
    second = write_tone(tmp_path / "second.wav")
    started: list[str] = []
    ended: list[str] = []
    speaker.started.connect(started.append)
    speaker._speech.finished.connect(  # white-box: when a file ran out
        lambda: ended.append(str(speaker._speech.source))
    )
    speaker.say("first")
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS):
        synth.deliver(0, first)
    speaker.say("second")
    synth.deliver(1, second)
    qtbot.waitUntil(lambda: len(started) == 2, timeout=TIMEOUT_MS)
    assert started == [str(first), str(second)]
    assert str(first) not in ended


def test_a_phrase_said_in_the_silence_after_the_last_word_starts_within_say(
    qtbot: QtBot, manual: Manual, tmp_path: Path, tones: Tones, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured (bench figure 8, one core busy): the cue at a step's end and at the
    session's end was asked on time but began 70-100 ms later: the phrase before it was
    over but for its trailing silence, so the new one waited for a timer, behind the
    screen's drawing of the new phase. Only silence is left: it starts at once."""
    monkeypatch.setattr(ui.speech, "WORDS_TAIL_S", 3.0)  # the silence outlasts the test's poll
    speaker, synth = manual
    first = write_phrase(tmp_path / "first.wav", words_s=0.1, silence_s=3.0)
    speaker.prefetch(["first", "second"])
    synth.deliver_prefetch(0, first)
    synth.deliver_prefetch(1, tones[0])
    qtbot.waitUntil(lambda: len(speaker._in_memory) == 2, timeout=TIMEOUT_MS)
    started: list[str] = []
    speaker.started.connect(started.append)
    speaker.say("first")
    qtbot.waitUntil(lambda: speaker._words_left() == 0.0, timeout=TIMEOUT_MS)
    assert speaker.is_speaking, "the first file's silence is still playing"
    speaker.say("second")
    assert started == [str(first), str(tones[0])], "started within say itself"


def test_an_on_time_cue_is_left_out_while_words_play_and_said_in_the_silence(
    qtbot: QtBot, manual: Manual, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="ui.speech")
    speaker, synth = manual
    long_words = write_tone(tmp_path / "announce.wav", seconds=3.0)
    three = write_phrase(tmp_path / "three.wav", words_s=0.2, silence_s=3.0)
    two = write_tone(tmp_path / "two.wav", 0.2)
    started: list[str] = []
    speaker.started.connect(started.append)
    speaker.say("a long announcement")
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS):
        synth.deliver(0, long_words)
    speaker.say_on_time("3")  # ~3 s of words still to say: "3" would be late
    synth.deliver(1, three)
    qtbot.waitUntil(lambda: "not saying" in caplog.text, timeout=TIMEOUT_MS)
    assert not speaker._waiting and started == [str(long_words)]
    speaker.cancel()  # nothing is playing now: an on-time cue plays at once
    speaker.say_on_time("3")
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT_MS):
        synth.deliver(2, three)
    qtbot.waitUntil(lambda: speaker._words_left() == 0, timeout=TIMEOUT_MS)
    speaker.say_on_time("2")  # "3" is down to its silence: "2" starts now, not at its end
    synth.deliver(3, two)
    qtbot.waitUntil(lambda: len(started) == 3, timeout=TIMEOUT_MS)
    assert started == [str(long_words), str(three), str(two)]


# --- memory: only what is heard, only the latest prefetch's -----------------------------


def test_a_real_phrase_is_kept_only_until_shortly_after_its_last_word(tmp_path: Path) -> None:
    """Bench figure 7: a session's phrases were kept with espeak-ng's 0.28-0.44 s of
    trailing zeros (~15 % of their memory), as plain PCM. Kept now: to ``WORDS_TAIL_S``
    after the last word, packed; everything left out is exact zeros and what is played
    is the file's own samples, so nothing heard changes."""
    from cipn_coach.speech.synthesizer import synthesize_to_wav

    wav = synthesize_to_wav("Close gently.", tmp_path / "close.wav", VoiceSettings())
    whole = ui.speech.Sound.read(wav)
    phrase = ui.speech._Phrase.read(wav)
    frame_s = 1 / whole.rate
    assert phrase.sound.seconds == pytest.approx(
        phrase.audible_s + ui.speech.WORDS_TAIL_S, abs=2 * frame_s
    )
    assert whole.seconds - phrase.sound.seconds > 0.15, "the file's trailing silence is cut"
    start = whole.pcm.find(phrase.sound.pcm)
    assert start >= 0, "the kept part is the file's own samples, unchanged"
    assert len(phrase.packed) < 0.8 * len(phrase.sound.pcm), "kept packed until it is said"
    left_out = whole.pcm[start + len(phrase.sound.pcm) :]
    assert left_out and not left_out.strip(b"\0"), "only exact zeros are left out at the end"


def test_a_new_prefetch_lets_go_of_the_phrases_it_does_not_want(
    qtbot: QtBot, manual: Manual, tmp_path: Path
) -> None:
    """A finished session's phrases stayed in memory beside the next one's (up to
    ``IN_MEMORY_MAX``, ~20 MiB). The latest prefetch decides what is kept; a phrase
    held already is not read again, and one arriving late for an older prefetch is
    not kept."""
    speaker, synth = manual
    speaker.prefetch(["Morning one", "Both"])
    synth.deliver_prefetch(0, write_tone(tmp_path / "m.wav"))
    synth.deliver_prefetch(1, write_tone(tmp_path / "b.wav"))
    qtbot.waitUntil(lambda: len(speaker._in_memory) == 2, timeout=TIMEOUT_MS)

    speaker.prefetch(["Both", "Evening one", "Morning late"])
    assert [t for t, _ in synth.prefetched[2:]] == ["Evening one", "Morning late"]
    assert [k[0] for k in speaker._in_memory] == ["Both"]
    synth.deliver_prefetch(2, write_tone(tmp_path / "e.wav"))
    qtbot.waitUntil(lambda: len(speaker._in_memory) == 2, timeout=TIMEOUT_MS)

    speaker.prefetch(["Evening one"])
    synth.deliver_prefetch(3, write_tone(tmp_path / "late.wav"))  # asked two prefetches ago
    synth.deliver_prefetch(0, write_tone(tmp_path / "m2.wav"))  # the first prefetch's
    QApplication.processEvents()
    assert [k[0] for k in speaker._in_memory] == ["Evening one"]


def test_a_prefetch_of_nothing_lets_every_phrase_go_even_with_the_voice_off(
    qtbot: QtBot, manual: Manual, tmp_path: Path
) -> None:
    """Today with no session left to prepare (the day's sessions done, or the voice
    turned off) asks for nothing: the phrases held for the session just finished are
    let go; they were kept until the next day's prefetch (with the voice off: for good)."""
    speaker, synth = manual
    speaker.prefetch(["Morning one", "Both"])
    synth.deliver_prefetch(0, write_tone(tmp_path / "m.wav"))
    synth.deliver_prefetch(1, write_tone(tmp_path / "b.wav"))
    qtbot.waitUntil(lambda: len(speaker._in_memory) == 2, timeout=TIMEOUT_MS)
    asked = len(synth.prefetched)

    speaker.apply(VoiceSettings(enabled=False))
    speaker.prefetch([])

    assert speaker._in_memory == {}
    assert len(synth.prefetched) == asked  # nothing new asked of the worker
