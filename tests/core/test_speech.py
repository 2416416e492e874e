"""Speech core: the Speaker doubles, voice settings, and REAL synthesis with espeak-ng.

The synthesis tests need libespeak-ng (Debian: libespeak-ng1). They fail rather than
skip without it, because the design requires that real speech is checked somewhere.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from cipn_coach.speech import (
    FakeSpeaker,
    NullSpeaker,
    Speaker,
    SpeechUnavailable,
    Synthesizer,
    VoiceSettings,
    doctor_check,
    synthesize_to_wav,
    wav_stats,
)
from cipn_coach.speech import synthesizer as synth_module
from cipn_coach.speech.voices import Voice, voice_for_language, voices_for_language

CUE = "Open your hands wide, then close them gently."
WAIT_S = 10.0


class Collector:
    """Gathers worker-thread callbacks so a test can wait for them without sleeping."""

    def __init__(self, expected: int) -> None:
        self.ready: list[tuple[int, Path, str]] = []
        self.errors: list[str] = []
        self._expected = expected
        self._done = threading.Event()

    def on_ready(self, token: int, path: Path) -> None:
        self.ready.append((token, path, threading.current_thread().name))
        self._check()

    def on_error(self, message: str) -> None:
        self.errors.append(message)
        self._check()

    def _check(self) -> None:
        if len(self.ready) + len(self.errors) >= self._expected:
            self._done.set()

    def wait(self) -> None:
        assert self._done.wait(WAIT_S), f"callbacks: {self.ready} {self.errors}"


@pytest.fixture
def synth(tmp_path: Path) -> Iterator[Synthesizer]:
    synthesizer = Synthesizer(tmp_path / "cache", VoiceSettings())
    synthesizer.start()
    assert synthesizer.wait_ready(WAIT_S), synthesizer.error
    yield synthesizer
    synthesizer.close()


def test_the_voice_list_is_handed_over_once_the_engine_has_started(tmp_path: Path) -> None:
    got = threading.Event()
    handed: list[list[tuple[str, str]]] = []
    synthesizer = Synthesizer(tmp_path / "cache", VoiceSettings())
    synthesizer.start(on_voices=lambda voices: (handed.append(voices), got.set()))
    try:
        assert got.wait(WAIT_S), synthesizer.error
        assert handed == [synthesizer.voices()] and handed[0]
    finally:
        synthesizer.close()


# --- doubles and settings ------------------------------------------------------------


def test_fake_speaker_records_phrases_and_cancels() -> None:
    speaker = FakeSpeaker()
    speaker.say("Breathe in.")
    speaker.say("Breathe out.")
    speaker.cancel()
    assert speaker.said == ["Breathe in.", "Breathe out."]
    assert speaker.cancelled == 1
    assert isinstance(speaker, Speaker)


def test_null_speaker_does_nothing() -> None:
    speaker = NullSpeaker()
    speaker.say("Anything")
    speaker.cancel()
    assert isinstance(speaker, Speaker)


def test_voice_settings_defaults_and_bounds() -> None:
    settings = VoiceSettings()
    assert (settings.enabled, settings.voice_id, settings.rate_wpm, settings.volume) == (
        True,
        None,
        150,
        0.9,
    )
    VoiceSettings(rate_wpm=80, volume=0.0)
    VoiceSettings(rate_wpm=220, volume=1.0)
    for bad in (
        {"rate_wpm": 79},
        {"rate_wpm": 221},
        {"volume": 1.1},
        {"volume": -0.1},
        {"voice_id": "  "},
        {"rate_wpm": 150.5},
    ):
        with pytest.raises(ValueError):
            VoiceSettings(**bad)
    with pytest.raises(AttributeError):
        settings.rate_wpm = 100  # type: ignore[misc]  # frozen: safe to share across threads


def test_importing_speech_loads_neither_pyttsx3_nor_qt() -> None:
    code = (
        "import sys, cipn_coach.speech; "
        "bad = [m for m in ('pyttsx3', 'PySide6') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- real speech ---------------------------------------------------------------------


def test_real_synthesis_has_speech_length_and_loudness(tmp_path: Path) -> None:
    wav = synthesize_to_wav(CUE, tmp_path / "cue.wav", VoiceSettings())
    stats = wav_stats(wav)
    assert stats.sample_rate == 22050
    assert 1.0 <= stats.duration_s <= 6.0, stats
    assert stats.rms > 0.02, f"too quiet to be speech: {stats}"  # espeak-ng gives ~0.1
    assert not list(tmp_path.glob("*.part")), "temp file left behind"


def test_synthesis_prints_nothing_on_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    synthesize_to_wav("Stand tall and hold the counter.", tmp_path / "a.wav")
    out, _err = capfd.readouterr()
    assert "Audio saved to" not in out
    assert out == ""


def test_doctor_check_reports_working_speech() -> None:
    check = doctor_check()
    assert check.ok, check.detail
    assert "voices" in check.detail


# --- the worker ----------------------------------------------------------------------


def test_two_requests_give_two_callbacks_in_order_on_the_worker(synth: Synthesizer) -> None:
    got = Collector(expected=2)
    synth.request(CUE, 1, got.on_ready, got.on_error)
    synth.request("Rest for ten seconds.", 2, got.on_ready, got.on_error)
    got.wait()
    assert got.errors == []
    assert [token for token, _, _ in got.ready] == [1, 2]
    for _token, path, thread_name in got.ready:
        assert path.is_file() and wav_stats(path).rms > 0.02
        assert thread_name == "cipn-speech"
    assert got.ready[0][1] != got.ready[1][1]
    assert synth.voices(), "voices are listed once the engine is up"
    assert synth.available and synth.error is None


def test_cache_hit_reuses_the_file(synth: Synthesizer) -> None:
    first = Collector(expected=1)
    synth.request(CUE, 1, first.on_ready)
    first.wait()
    path = first.ready[0][1]
    written = path.stat().st_mtime_ns
    second = Collector(expected=1)
    synth.request(CUE, 2, second.on_ready)
    second.wait()
    assert second.ready[0][1] == path
    assert path.stat().st_mtime_ns == written, "a cached phrase must not be synthesized again"
    assert len(list(path.parent.glob("*.wav"))) == 1


def test_drop_pending_discards_queued_requests(synth: Synthesizer) -> None:
    release = threading.Event()
    first_running = threading.Event()
    got = Collector(expected=1)

    def hold_worker(token: int, path: Path) -> None:
        first_running.set()
        release.wait(WAIT_S)  # keeps the worker busy while the test queues more
        got.on_ready(token, path)

    synth.request(CUE, 1, hold_worker)
    assert first_running.wait(WAIT_S)
    for token in (2, 3, 4):
        synth.request(f"Phrase number {token}.", token, got.on_ready)
    assert synth.drop_pending() == 3
    late = Collector(expected=1)
    synth.request("After the drop.", 5, late.on_ready)
    release.set()
    late.wait()
    assert [token for token, _, _ in got.ready] == [1]
    assert [token for token, _, _ in late.ready] == [5]


def test_rate_changes_cache_key_and_duration(synth: Synthesizer) -> None:
    synth.apply(VoiceSettings(rate_wpm=200))
    fast = Collector(expected=1)
    synth.request(CUE, 1, fast.on_ready)
    fast.wait()
    synth.apply(VoiceSettings(rate_wpm=100))
    slow = Collector(expected=1)
    synth.request(CUE, 2, slow.on_ready)
    slow.wait()
    fast_path, slow_path = fast.ready[0][1], slow.ready[0][1]
    assert fast_path != slow_path
    assert synth.cache_path(CUE, None, 100) == slow_path
    assert wav_stats(slow_path).duration_s > 1.3 * wav_stats(fast_path).duration_s


def test_requests_jump_ahead_of_prefetch_which_then_warms_the_cache(synth: Synthesizer) -> None:
    release = threading.Event()
    held = threading.Event()
    synth.request("Hold on.", 0, lambda _t, _p: (held.set(), release.wait(WAIT_S)))
    assert held.wait(WAIT_S)
    warm = ["Lift your heels.", "Lower them slowly."]
    synth.prefetch(warm)
    got = Collector(expected=1)
    cached_when_served: list[bool] = []

    def on_ready(token: int, path: Path) -> None:
        cached_when_served.append(any(synth.cache_path(t, None, 150).exists() for t in warm))
        got.on_ready(token, path)

    synth.request("Now this.", 1, on_ready)
    release.set()
    got.wait()
    assert cached_when_served == [False], "a request must be served before queued prefetches"
    assert synth.wait_idle(WAIT_S)
    assert all(synth.cache_path(t, None, 150).is_file() for t in warm)


def test_a_prefetch_measures_each_phrase_at_the_current_rate(synth: Synthesizer) -> None:
    """What a session's lead-ins are sized from: known once prefetched, per rate."""
    texts = ["Lift your heels.", "Lower them slowly."]
    assert synth.spoken_lengths(texts).words == {}, "nothing is guessed before synthesis"
    synth.prefetch(texts)
    assert synth.wait_idle(WAIT_S)
    normal = synth.spoken_lengths(texts)
    assert set(normal.words) == set(texts) and normal.rate_wpm == 150
    for text in texts:
        wav = wav_stats(synth.cache_path(text, None, 150)).duration_s
        assert 0.3 < normal.words[text] < wav, "the words end before the trailing silence"
    synth.apply(VoiceSettings(rate_wpm=100))
    assert synth.spoken_lengths(texts).words == {}, "another rate is measured again"
    synth.prefetch(texts)
    assert synth.wait_idle(WAIT_S)
    slow = synth.spoken_lengths(texts)
    assert all(slow.words[t] > 1.3 * normal.words[t] for t in texts)


def test_a_prefetch_serves_each_phrase_once(synth: Synthesizer) -> None:
    """A routine's script repeats its cues ("Two", "Rest") hundreds of times: each is made
    and handed over once, not read and kept again for every repeat (memory, CPU)."""
    served: list[str] = []
    synth.prefetch(
        ["Two.", "Rest.", "Two.", "Two.", "Rest.", "Begin."], lambda t, _p: served.append(t)
    )
    synth.prefetch(["Begin.", "End."], lambda t, _p: served.append(t))
    assert synth.wait_idle(WAIT_S)
    assert sorted(served) == ["Begin.", "Begin.", "End.", "Rest.", "Two."]


def test_only_voices_for_the_language_of_the_text_are_offered(synth: Synthesizer) -> None:
    """espeak-ng has ~130 voices; an English text is offered the English ones only."""
    assert len(synth.voices()) > 50
    english = synth.voices_for("en")
    assert 3 <= len(english) < 20
    assert all(name.startswith("English") for _id, name in english), english
    assert synth.voices_for("en-GB") == english  # a region narrows nothing: same language
    cantonese = synth.voices_for("yue")  # the Chinese texts' voice, found the same way
    assert [name for _id, name in cantonese] == ["Chinese (Cantonese)"]


def test_voice_filter_takes_a_language_code_and_leaves_out_romanized_voices() -> None:
    voices = [
        Voice("gmw/en-us", "English (America)", ("en-us",)),
        Voice("gmw/af", "Afrikaans", ("af",)),
        Voice("sit/cmn", "Chinese (Mandarin, latin as English)", ("cmn",)),
        Voice("sit/yue", "Chinese (Cantonese)", ("yue",)),
        Voice("sit/yue-latn-jyutping", "Chinese (Cantonese, Jyutping)", ("yue",)),
        Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
    ]
    assert [v.id for v in voices_for_language(voices, "en")] == ["gmw/en-us", "gmw/en"]
    assert [v.id for v in voices_for_language(voices, "yue")] == ["sit/yue"]
    assert voices_for_language(voices, "fr") == []
    # the app's Chinese (Hong Kong) texts are read by the Cantonese voice, not Mandarin
    assert [v.id for v in voices_for_language(voices, "zh_HK")] == ["sit/yue"]
    assert [v.id for v in voices_for_language(voices, "zh-HK")] == ["sit/yue"]
    # a saved English voice (or none) gives way to the Cantonese one for Chinese text
    assert voice_for_language(voices, "zh_HK", chosen="gmw/en") == "sit/yue"
    assert voice_for_language(voices, "zh_HK") == "sit/yue"
    assert voice_for_language(voices, "en", chosen="gmw/en") == "gmw/en"
    assert voice_for_language(voices, "fr", chosen="gmw/en") is None


# --- no engine -----------------------------------------------------------------------


def test_missing_engine_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = types.ModuleType("pyttsx3")

    def init(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")

    broken.init = init  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyttsx3", broken)
    monkeypatch.setattr(synth_module, "_engine", None)
    reported: list[str] = []
    synthesizer = Synthesizer(tmp_path, VoiceSettings())
    synthesizer.start(on_unavailable=reported.append)
    try:
        assert synthesizer.wait_ready(WAIT_S) is False
        assert synthesizer.error is not None and "no speech engine" in synthesizer.error
        assert reported == [synthesizer.error]
        assert synthesizer.voices() == []
        got = Collector(expected=1)
        synthesizer.request(CUE, 1, got.on_ready, got.on_error)
        got.wait()
        assert got.ready == [] and got.errors == [synthesizer.error]
        with pytest.raises(SpeechUnavailable):
            synthesize_to_wav(CUE, tmp_path / "x.wav")
    finally:
        synthesizer.close()


def test_the_speech_cache_is_private_even_under_umask_000(tmp_path: Path) -> None:
    """Cached phrases may hold clinician-written words with the patient's name: the
    cache lives in the data folder, folders 0700 and files 0600 whatever the umask."""
    from cipn_coach.paths import speech_cache_dir

    data = tmp_path / "data"
    cache = speech_cache_dir(data)
    assert cache.parent == data  # deleted with the data folder
    old = os.umask(0)
    try:
        synthesizer = Synthesizer(cache, VoiceSettings())
        synthesizer.start()
        assert synthesizer.wait_ready(WAIT_S), synthesizer.error
        got = Collector(expected=1)
        synthesizer.request("Well done, Margaret.", 1, got.on_ready, got.on_error)
        got.wait()
        synthesizer.close()
    finally:
        os.umask(old)
    assert got.errors == []
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [cache, *cache.iterdir()]}
    assert modes[cache.name] == 0o700
    assert {m for name, m in modes.items() if name != cache.name} == {0o600}
