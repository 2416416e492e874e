"""Qt side of speech: plays the synthesizer's WAVs and the chime, never blocking the UI.

Why this shape: the core's ``Synthesizer`` turns text into a cached WAV on its own
worker thread (~10 ms a phrase) and calls back ON THAT THREAD; the callback also reads
the WAV's samples there. ``QtSpeaker`` re-emits it as a signal over a queued connection,
so all playback decisions happen on the UI thread, and plays the samples with a
``QAudioSink`` fed from memory, which starts at once and stops at once on pause or skip.

Why a QAudioSink with a big buffer and not QMediaPlayer (measured with a PulseAudio
null sink, ``tests/perf/bench_heard.py``): QMediaPlayer's FFmpeg renderer keeps only
~35 ms of sound queued, so a stall of the event loop or a busy core let it run dry
(10-31 ms gaps, one garbled phrase), and phrases began 30-60 ms (up to 200 ms) after
they were due. A ``QAudioSink`` pulling from a ``QBuffer`` holding the whole phrase is
given ``BUFFER_S`` of room: the sound server holds that much, so a 100 ms stall of
this thread is ridden out; the first sample still plays within a few milliseconds of
``start()``, because the buffer is filled at once from memory.

No sound device (``QMediaDevices.audioOutputs()`` is empty) or a device that fails to
play: ``no_sound`` is emitted once with a calm message, and phrases are "played"
silently for their length, so everything else (captions, the chime's moments, moving
on at the last word) runs exactly as with sound.

Stale audio: every phrase carries the generation it was asked in; ``cancel()`` bumps the
generation, so a WAV that arrives after a pause/skip is dropped, never played late.

Moving on at the last word: espeak-ng ends every WAV with 0.39-0.50 s of silence. A
phrase waiting behind another starts when the other's words end (measured on the worker
thread), not when its file does, so only silence is cut. Replaying the measured WAVs
over the shipped routines (every week) and exercises (every level), 697 of 5,050 cues
started late behind such a tail, by up to 0.54 s (the count phrase "Five. Open wide" is
2.12 s long in a 2 s slot); moving on at the last word leaves 31, by at most 0.15 s.

On-time cues (``say_on_time``: the countdown and "Begin."): their meaning is their
moment, so they never queue behind words. If the phrase playing has more than
``ON_TIME_GRACE_S`` of words left, the cue is not said at all (logged); the screen shows
it in big numbers and the chime marks the start. Why not cut the phrase playing instead:
it is the instruction for the next exercise, possibly a safety one ("keep one hand on the
counter"), and a sentence cut mid-word is worse than a missing "3"; why not say it late:
a late "3" tells the patient the wrong moment and pushes "2", "1" and "Begin." after the
screen and the chime. It does not happen in a session: its lead-ins, rests and
repetition tempo are sized from the measured length of each prefetched phrase at the
chosen voice and rate (``spoken_lengths``; at 100 words per minute phrases take 1.5-1.6x
as long as at 150, at 80 1.8-2.0x).

Prepared phrases: ``prefetch`` (Today, and again at Start) synthesizes the session's
phrases on the worker and keeps their sound in memory here, so a due cue starts within
``say`` itself instead of after a round trip through the worker thread. Only the latest
prefetch's phrases are kept (a finished session's go when Today prepares the next one),
and each only from just before its first word to ``WORDS_TAIL_S`` after its last: the
rest of espeak-ng's WAV is digital silence (bench figure 7: ~15 % of the memory kept),
packed losslessly until said (``_Phrase``).
"""

from __future__ import annotations

import logging
import math
import time
import wave
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from cipn_coach import paths
from cipn_coach.engine.timeline import SpokenLengths
from cipn_coach.i18n import N_, _
from cipn_coach.speech.lengths import TAIL_SCAN_S, audible_seconds, first_sound_seconds
from cipn_coach.speech.prepared import Cut, load_prepared
from cipn_coach.speech.speaker import SpeechSynth, VoiceSettings

log = logging.getLogger(__name__)

MAX_WAITING = 2
"""Phrases queued behind the one playing. More means speech lags the screen, so the
oldest waiting phrase is dropped (its caption was shown anyway)."""

ON_TIME_GRACE_S = 0.1
"""An on-time cue may wait this long for the words before it to end (its budget from
due to playing is 150 ms, ~20 ms of which is the player starting)."""

BUFFER_S = 0.3
"""Sound queued at the sound server ahead of what is heard: rides out a 100 ms stall of
the UI thread with room to spare (Qt's media player kept ~35 ms)."""

SPEECH_RATE = 22050
"""espeak-ng's sample rate: the sound output is opened ahead in this format."""

PRIME_S = 0.05
"""The silence that opens the sound output before the first phrase (``_Player.prime``)."""

IN_MEMORY_MAX = 200
"""Prefetched phrases kept in memory (a session has 30-80 distinct ones)."""

NO_SOUND_MESSAGE = N_(
    "No speaker or headphones were found, so the voice cannot be heard. "
    "Every instruction still appears on the screen."
)
SOUND_FAILED_MESSAGE = N_(
    "The sound could not be played, so the voice cannot be heard. "
    "Every instruction still appears on the screen."
)

ONSET_MARGIN_S = 0.005
"""A phrase is played from this long before its first sound (the soft start of the
word is kept); the silence before that is left out (see ``_Phrase.read``)."""

WORDS_TAIL_S = 0.1
"""A phrase's sound is kept until this long after its last word; the rest of the WAV
(0.28-0.44 s of exact zeros from espeak-ng) is left out, so a session's phrases take
less memory. Why not nothing: the sink reports its end (Idle) a little before the sound
server has played the last samples, and the player then stops the sink, which drops
them: on a PulseAudio null sink a phrase cut exactly at its last word lost its last
7-12 ms, one cut 20 ms or more after it lost nothing (``tests/ui/test_sound_device.py``).
0.1 s leaves room for a real device's larger periods (PulseAudio's default fragment is
25 ms) at ~4 KB a phrase. Nothing audible is left out: after the last word espeak-ng
writes exact zeros, and the next phrase starts at the last word anyway."""

PACK_LEVEL = 1
"""zlib level for prepared phrases: 54.5 % of their size, against 54.1 % at level 6
(measured on the Morning script's 106 phrases) for a fraction of the time."""

__all__ = ["QtSpeaker", "audible_seconds", "first_sound_seconds", "TAIL_SCAN_S"]


_Key = tuple[str, str | None, int]
"""A prepared phrase: its text, voice and rate."""


@dataclass(frozen=True)
class Sound:
    """A WAV's samples in memory, read off the UI thread, ready for a ``QAudioSink``."""

    path: Path
    pcm: bytes
    rate: int
    channels: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (2 * self.channels * self.rate) if self.rate else 0.0

    @classmethod
    def read(cls, path: Path) -> Sound:
        """Only 16-bit PCM, as espeak-ng and the chime are. Raises ``wave.Error``/OSError."""
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise wave.Error(f"{path}: expected 16-bit samples")
            return cls(
                Path(path), wav.readframes(wav.getnframes()), wav.getframerate(), wav.getnchannels()
            )


@dataclass(frozen=True)
class _Phrase:
    """A phrase ready to play: its samples packed (``zlib``, lossless) and where its
    words end.

    Why packed: a session's prepared phrases were the largest memory the app itself
    holds (bench figure 7: 106 phrases, 10.4 MiB of PCM once cut to their words).
    Packed at level 1 they take 54 % of that; unpacking one when it is said takes
    0.4 ms (2 ms for a 15 s phrase) on the UI thread, and the samples played are
    exactly the WAV's."""

    path: Path
    packed: bytes
    rate: int
    channels: int
    audible_s: float  # where its words end; the rest of the file is silence

    @property
    def sound(self) -> Sound:
        """The samples to play, unpacked (a copy for as long as it plays)."""
        return Sound(self.path, zlib.decompress(self.packed), self.rate, self.channels)

    @classmethod
    def read(cls, path: Path) -> _Phrase:
        """A phrase's WAV from just before its first word (``ONSET_MARGIN_S``) to just
        after its last (``WORDS_TAIL_S``), packed, and where its words end. Off the UI
        thread. Prepared once and kept beside the WAV (``cipn_coach.speech.prepared``):
        preparing all of a session's phrases at every start cost 0.17-0.27 s of CPU.
        Raises ``wave.Error``/OSError/EOFError if the sound cannot be read.

        Why the start is cut: bench figure 8 heard "Close gently", "Two" and "2" 40-55 ms
        after they were due, "One" and "1" on time: the first sound of a phrase that
        begins with a stop consonant is ~45 ms into espeak-ng's WAV. Why the end is cut:
        memory (bench figure 7), see ``WORDS_TAIL_S``."""
        prepared = load_prepared(path, Cut(ONSET_MARGIN_S, WORDS_TAIL_S, PACK_LEVEL))
        return cls(path, prepared.packed, prepared.rate, prepared.channels, prepared.audible_s)


def default_chime_path() -> Path | None:
    """``assets/sounds/chime.wav``, or None if the assets folder cannot be found."""
    try:
        return paths.assets_dir() / "sounds" / "chime.wav"
    except FileNotFoundError:
        return None


class _Player(QObject):
    """One ``QAudioSink`` (made again only when the format or device changes) playing a
    ``Sound`` from memory; without a working device, a timer stands in for the sound.

    ``started`` follows ``play`` at once (the sink starts synchronously, ~1 ms);
    ``finished`` when the sound ran out by itself, never after ``stop``; ``failed``
    when the device would not play (the sound then goes on silently).
    """

    started = Signal()
    finished = Signal()
    failed = Signal(str)

    def __init__(self, volume: float, device: QAudioDevice, parent: QObject) -> None:
        super().__init__(parent)
        self._volume = volume
        self._device = device
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._silent = QTimer(self)  # stands in for the sound when none can be heard
        self._silent.setSingleShot(True)
        self._silent.setTimerType(Qt.TimerType.PreciseTimer)
        self._silent.timeout.connect(self.finished)
        self._playing = False
        self.source: Path | None = None

    def play(self, sound: Sound) -> None:
        """Start ``sound`` from the beginning, stopping whatever this player had."""
        self.stop()
        self.source = sound.path
        self._playing = True
        if self._device.isNull() or not self._start_sink(sound):
            self._silent.start(max(1, round(sound.seconds * 1000)))
        self.started.emit()

    def prime(self, rate: int = SPEECH_RATE, channels: int = 1) -> None:
        """Open the sound output ahead of the first phrase by playing a moment of
        silence (nothing, if it is open or playing already, or there is no device).

        Why: the first start of a sound output in the process took 24 ms (connecting
        to the sound server), which the session's first cue was heard late by."""
        if self._playing or self._device.isNull() or self._sink is not None:
            return
        self._start_sink(
            Sound(Path("silence"), bytes(2 * channels * int(PRIME_S * rate)), rate, channels)
        )

    def _start_sink(self, sound: Sound) -> bool:
        fmt = QAudioFormat()
        fmt.setSampleRate(sound.rate)
        fmt.setChannelCount(sound.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if self._sink is None or self._sink.format() != fmt:
            self._drop_sink()
            self._sink = QAudioSink(self._device, fmt, self)
            self._sink.setBufferSize(fmt.bytesForDuration(int(BUFFER_S * 1_000_000)))
            self._sink.stateChanged.connect(self._on_state_changed)
        self._sink.setVolume(self._volume)
        if self._buffer is not None:
            self._buffer.deleteLater()  # the sink was stopped: nothing reads it any more
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(sound.pcm))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink.start(self._buffer)
        if (
            self._sink.error() != QtAudio.Error.NoError
            or self._sink.state() == QtAudio.State.StoppedState
        ):
            message = _("the sound device would not play ({error})").format(
                error=self._sink.error().name
            )
            log.warning("%s: %s", sound.path.name, message)
            self._drop_sink()
            self.failed.emit(message)
            return False
        return True

    def stop(self) -> None:
        """Silence at once (what the sound server still holds is dropped)."""
        self._playing = False
        self._silent.stop()
        if self._sink is not None and self._sink.state() != QtAudio.State.StoppedState:
            self._sink.stop()

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._sink is not None:
            self._sink.setVolume(volume)

    @property
    def volume(self) -> float:
        return self._volume

    def set_device(self, device: QAudioDevice) -> None:
        """Play on ``device`` from the next sound on (a null device: silently)."""
        if device != self._device:
            self.stop()
            self._drop_sink()
            self._device = device

    @property
    def playing(self) -> bool:
        return self._playing

    @Slot()
    def _on_state_changed(self) -> None:
        """The sink's state changed: read it from the sink, not from the signal.

        Why no argument: the signal carries a ``QAudio::State``, which PySide6 6.11
        cannot convert, so a slot taking it raised a TypeError at the first sound on a
        real sound server and the sound's end was never known (tests/ui/test_sound_device.py).
        A slot declared with no arguments is called without converting it.
        """
        if self._sink is None:
            return
        state = self._sink.state()
        # Pull mode: Idle once the buffer is read to its end and the server played it.
        if state == QtAudio.State.IdleState and self._playing:
            if self._buffer is not None and not self._buffer.atEnd():
                log.info("sound ran short of data (underrun); it continues")
                return
            self._playing = False
            if self._sink is not None:
                self._sink.stop()
            self.finished.emit()

    def _drop_sink(self) -> None:
        if self._sink is not None:
            self._sink.stateChanged.disconnect(self._on_state_changed)
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None

    def dispose(self) -> None:
        """Stop, then let the event loop destroy the player (kept alive until then)."""
        self.stop()
        self._drop_sink()
        self.setParent(None)
        _DISPOSING.add(self)
        self.destroyed.connect(lambda: _DISPOSING.discard(self))
        self.deleteLater()


_DISPOSING: set[_Player] = set()


class QtSpeaker(QObject):
    """The ``Speaker`` the session player uses when voice is on.

    Owns the synthesizer it is given: starts it here, closes it in ``close()``.
    """

    started = Signal(str)
    """A phrase's WAV began playing (its path). Lets tests and the UI follow speech."""
    unavailable = Signal(str)
    """Emitted once if the speech engine cannot start; the UI says so and relies on captions."""
    no_sound = Signal(str)
    """Emitted once (a calm message for the user) when there is no audio output device,
    or one failed to play: the voice is silent, captions and timing carry on."""

    voices_ready = Signal(list)
    """The installed voices, as (id, name) pairs, once the engine has started (UI thread)."""

    _wav_ready = Signal(int, object, bool)  # worker -> UI thread (queued): token, _Phrase
    _voices_known = Signal(list)  # worker thread -> UI thread (queued)
    _engine_failed = Signal(str)  # worker thread -> UI thread (queued)
    _prefetched = Signal(object, object)  # worker -> UI thread (queued): key, _Phrase

    def __init__(
        self,
        synthesizer: SpeechSynth,
        settings: VoiceSettings | None = None,
        *,
        chime_path: Path | None = None,
        parent: QObject | None = None,
        outputs: Callable[[], list[QAudioDevice]] = QMediaDevices.audioOutputs,
        start_engine: bool = True,
    ) -> None:
        """``start_engine=False``: the engine waits for ``start_engine()`` (the app starts
        it once Today is painted); what is asked meanwhile is queued."""
        super().__init__(parent)
        self._synth = synthesizer
        self._settings = settings or VoiceSettings()
        self._generation = 0
        self._current: _Phrase | None = None
        self._words_end = 0.0  # time.monotonic() when the current phrase's words end
        self._waiting: deque[_Phrase] = deque()
        self._move_on = QTimer(self)  # starts the next phrase at the current one's last word
        self._move_on.setSingleShot(True)
        self._move_on.setTimerType(Qt.TimerType.PreciseTimer)
        self._move_on.timeout.connect(self._words_done)
        self._engine_down = False
        self._chime_path = chime_path if chime_path is not None else default_chime_path()
        self._chime_warned = False
        self._chime: _Player | None = None
        self._chime_sound: Sound | None = None
        self._outputs = outputs
        self._told_no_sound = False
        self._in_memory: dict[_Key, _Phrase] = {}  # UI thread only
        self._wanted: set[_Key] = set()  # the latest prefetch's phrases (UI thread only)
        self._asked = 0  # phrases asked of the worker this generation, not yet back
        self._closed = False

        self._speech: _Player | None = None  # the sound output: opened with the engine
        self._engine_started = False
        self._devices: QMediaDevices | None = None

        queued = Qt.ConnectionType.QueuedConnection
        self._wav_ready.connect(self._from_worker, queued)
        self._prefetched.connect(self._keep_prefetched, queued)
        self._engine_failed.connect(self._on_engine_failed, queued)
        self._voices_known.connect(self.voices_ready, queued)
        if start_engine:
            self.start_engine()

    def start_engine(self) -> None:
        """Open the sound output and start the speech engine on its worker thread (once;
        later calls do nothing: each phrase asks, see ``_ask``)."""
        if self._closed or self._engine_started:
            return
        self._engine_started = True
        self._open_sound()
        self._synth.start(
            on_unavailable=self._post_engine_failed, on_voices=self._voices_known.emit
        )

    # -- the Speaker protocol (UI thread) -------------------------------------------
    def say(self, text: str) -> None:
        """Ask for ``text``; it plays when synthesized, after phrases already playing."""
        self._ask(text, on_time=False)

    def say_on_time(self, text: str) -> None:
        """Ask for ``text`` to be said now or not at all: it does not wait behind words
        still being said (see the module docstring). For "3", "2", "1", "Begin."."""
        self._ask(text, on_time=True)

    def _ask(self, text: str, on_time: bool) -> None:
        if self._closed or not self._settings.enabled or self._engine_down or not text.strip():
            return
        self.start_engine()  # the app starts it after Today's paint; a phrase never waits for that
        phrase = self._in_memory.get(self._key(text))
        if phrase is not None and not self._asked:  # prepared: plays now, on this thread
            self._on_wav_ready(self._generation, phrase, on_time)
            return
        self._asked += 1  # until it arrives, later phrases queue behind it (keeps the order)
        ready = partial(self._post_ready, on_time=on_time)
        self._synth.request(text, self._generation, ready, self._post_error)

    def _key(self, text: str) -> _Key:
        return text, self._settings.voice_id, self._settings.rate_wpm

    def cancel(self) -> None:
        """Silence now: drop queued and late phrases and stop the one playing."""
        if self._closed:
            return
        self._generation += 1
        self._asked = 0
        self._synth.drop_pending()
        self._waiting.clear()
        self._current = None
        self._move_on.stop()
        if self._speech is not None:
            self._speech.stop()

    # -- extras ------------------------------------------------------------------------
    def chime(self) -> None:
        """Play the start/end chime beside any speech; a missing file is logged once."""
        path = self._chime_path
        if self._chime_sound is None:
            try:
                if path is None:
                    raise FileNotFoundError("no assets folder")
                self._chime_sound = Sound.read(path)  # once: a 40 KB file, well under 1 ms
            except (OSError, EOFError, wave.Error) as exc:
                if not self._chime_warned:
                    log.warning("chime sound not usable (%s: %s); continuing without it", path, exc)
                    self._chime_warned = True
                return
        if self._chime is None:
            self._chime = _Player(self._settings.volume, self._speech_device(), self)
            self._chime.failed.connect(self._sound_failed)
        self._chime.play(self._chime_sound)

    def prefetch(self, texts: Iterable[str]) -> None:
        """Synthesize a routine's cues ahead of time and keep their sound in memory, so
        a cue plays the moment it is due: no trip through the worker thread then.

        Only these phrases are kept from now on: those of an earlier prefetch that are
        not among them are let go (a finished session's, the routine Today offered
        before), and those already held are not read again. A phrase playing or
        waiting is held by the player until it is done. Nothing (Today with no session
        left to prepare, or the voice off) lets every phrase go."""
        wanted = list(dict.fromkeys(t for t in texts if t.strip()))
        self._wanted = {self._key(t) for t in wanted}
        for key in [k for k in self._in_memory if k not in self._wanted]:
            del self._in_memory[key]
        if not wanted or not self._settings.enabled or self._engine_down:
            return  # nothing to prepare (the day's sessions done, or the voice off)
        if self._speech is not None:  # else primed when the sound output opens
            self._speech.prime()  # the first of them then starts without opening it
        voice, rate = self._settings.voice_id, self._settings.rate_wpm
        self._synth.prefetch(
            [t for t in wanted if self._key(t) not in self._in_memory],
            partial(self._post_prefetched, voice=voice, rate=rate),
        )

    def spoken_lengths(self, texts: Iterable[str]) -> SpokenLengths:
        """How long each phrase takes to say at the current voice and rate, for those
        already synthesized (Today prefetches the next session's); never waits."""
        measure = getattr(self._synth, "spoken_lengths", None)
        if measure is None:
            return SpokenLengths(rate_wpm=self._settings.rate_wpm)
        return measure(list(texts))

    def apply(self, settings: VoiceSettings) -> None:
        """New voice settings: volume at once, voice/rate for the next phrases."""
        self._settings = settings
        for player in self._players():
            player.set_volume(settings.volume)
        self._synth.apply(settings)
        if not settings.enabled:
            self.cancel()

    @property
    def settings(self) -> VoiceSettings:
        return self._settings

    @property
    def is_speaking(self) -> bool:
        """The speech player is audibly playing (False once a cancel has taken effect)."""
        return self._speech is not None and self._speech.playing

    @property
    def is_chiming(self) -> bool:
        return self._chime is not None and self._chime.playing

    def close(self) -> None:
        """Stop all sound and the synthesizer's worker (at app exit). The players are
        destroyed by the event loop afterwards; the speaker is not usable again."""
        if self._closed:
            return
        self.cancel()
        self._closed = True  # the players are going: later calls must not reach them
        self._synth.close()
        for player in self._players():
            player.dispose()

    def _players(self) -> list[_Player]:
        return [player for player in (self._speech, self._chime) if player is not None]

    # -- worker thread: only emit queued signals ---------------------------------------
    def _post_ready(self, token: int, path: Path, on_time: bool = False) -> None:
        try:
            phrase = _Phrase.read(path)
        except (OSError, EOFError, wave.Error) as exc:
            log.info("could not read %s (%s); not spoken", path, exc)  # the caption shows it
            return
        self._wav_ready.emit(token, phrase, on_time)

    def _post_prefetched(self, text: str, path: Path, voice: str | None, rate: int) -> None:
        try:
            phrase = _Phrase.read(path)
        except (OSError, EOFError, wave.Error) as exc:
            log.info("could not read %s (%s); it is read when due", path, exc)
            return
        self._prefetched.emit((text, voice, rate), phrase)

    def _post_engine_failed(self, message: str) -> None:
        self._engine_failed.emit(message)

    def _post_error(self, message: str) -> None:
        log.info("phrase not spoken: %s", message)  # the caption still shows it

    # -- UI thread ---------------------------------------------------------------------
    @Slot(int, object, bool)
    def _from_worker(self, token: int, phrase: _Phrase, on_time: bool) -> None:
        if token == self._generation:
            self._asked = max(0, self._asked - 1)
        self._on_wav_ready(token, phrase, on_time)

    def _on_wav_ready(self, token: int, phrase: _Phrase, on_time: bool) -> None:
        if token != self._generation or not self._settings.enabled:
            return  # asked before a cancel: too late to be useful
        path = phrase.path
        if self._current is None or (not self._waiting and self._words_left() <= 0.0):
            # nothing playing, or only the trailing silence of the phrase before: start
            # now (waiting for the move-on timer put the screen's drawing first: a cue
            # at a step's end began 70-100 ms late with one core busy, bench figure 8)
            self._play(phrase)
            return
        if on_time and (self._waiting or self._words_left() > ON_TIME_GRACE_S):
            log.info("not saying %s: words before it are still being said", path)
            return  # its caption is on screen; said late it would tell the wrong moment
        self._waiting.append(phrase)
        while len(self._waiting) > MAX_WAITING:
            log.debug("speech is lagging; dropping %s", self._waiting.popleft().path)
        self._arm_move_on()

    @Slot(object, object)
    def _keep_prefetched(self, key: _Key, phrase: _Phrase) -> None:
        """A prefetched phrase's sound, kept for when it is due (a session's worth is a
        few MB; the oldest go first beyond ``IN_MEMORY_MAX``). One a later prefetch no
        longer wants (still on its way from the worker then) is not kept."""
        if key not in self._wanted:
            return
        self._in_memory[key] = phrase
        while len(self._in_memory) > IN_MEMORY_MAX:
            del self._in_memory[next(iter(self._in_memory))]

    @Slot(str)
    def _on_engine_failed(self, message: str) -> None:
        if self._engine_down:
            return
        self._engine_down = True
        self._waiting.clear()
        self.unavailable.emit(message)

    def _play(self, phrase: _Phrase) -> None:
        self._current = phrase
        self._words_end = time.monotonic() + phrase.audible_s  # refined once it plays
        self._move_on.stop()
        self._open_sound().play(phrase.sound)

    def _words_left(self) -> float:
        return max(0.0, self._words_end - time.monotonic())

    def _arm_move_on(self) -> None:
        if self._current is not None and self._waiting and math.isfinite(self._words_end):
            self._move_on.start(math.ceil(self._words_left() * 1000))

    @Slot()
    def _words_done(self) -> None:
        """The current phrase is down to its trailing silence: start the next one now."""
        if self._current is not None and self._waiting:
            self._play(self._waiting.popleft())

    @Slot()
    def _on_started(self) -> None:
        current = self._current
        if current is not None:
            self._words_end = time.monotonic() + current.audible_s
            self._arm_move_on()
            self.started.emit(str(current.path))

    @Slot()
    def _finished(self) -> None:
        """The phrase ran out by itself (a cancel's stop never gets here)."""
        if self._current is None:
            return
        self._current = None
        if self._waiting:
            self._play(self._waiting.popleft())

    # -- the sound device --------------------------------------------------------------
    def _output_device(self) -> QAudioDevice:
        """The default output, or a null device (silent playback) if there is none;
        says so once."""
        outputs = self._outputs()
        if not outputs:
            self._tell_no_sound(_(NO_SOUND_MESSAGE))
            return QAudioDevice()
        default = QMediaDevices.defaultAudioOutput()
        return outputs[0] if default.isNull() else default

    def _speech_device(self) -> QAudioDevice:
        return self._open_sound()._device

    def _open_sound(self) -> _Player:
        """The speech player on the default output, made on first need (the engine's
        start, the app's after Today's paint): finding the device and connecting to the
        sound server are not done while Today is built. Primed at once if a prefetch
        is waiting for it, so the session's first phrase starts without opening it."""
        if self._speech is None:
            self._speech = _Player(self._settings.volume, self._output_device(), self)
            self._speech.started.connect(self._on_started)
            self._speech.finished.connect(self._finished)
            self._speech.failed.connect(self._sound_failed)
            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self._follow_default_device)
            if self._wanted and self._settings.enabled and not self._engine_down:
                self._speech.prime()
        return self._speech

    @Slot(str)
    def _sound_failed(self, message: str) -> None:
        log.warning("no sound: %s", message)
        self._tell_no_sound(_(SOUND_FAILED_MESSAGE))

    def _tell_no_sound(self, message: str) -> None:
        if not self._told_no_sound:
            self._told_no_sound = True
            # queued: a listener connected just after construction still hears it
            QTimer.singleShot(0, self, lambda: self.no_sound.emit(message))

    @property
    def has_sound(self) -> bool:
        """False while there is no output device (the voice is silent), and before the
        sound output is opened (with the engine)."""
        return self._speech is not None and not self._speech._device.isNull()

    @Slot()
    def _follow_default_device(self) -> None:
        """Headphones plugged in or out: keep playing on whatever is now the default
        (or silently, with no device at all)."""
        device = self._output_device()
        for player in self._players():
            player.set_device(device)
