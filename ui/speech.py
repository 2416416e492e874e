"""Qt side of speech: plays the synthesizer's WAVs and the chime, never blocking the UI.

Why this shape: the core's ``Synthesizer`` turns text into a cached WAV on its own
worker thread (~10 ms a phrase) and calls back ON THAT THREAD. ``QtSpeaker`` re-emits
the callback as a signal over a queued connection, so all playback decisions happen on
the UI thread, and plays the file with ``QMediaPlayer``, which starts without stalling
the event loop (file opening/decoding runs on Qt Multimedia's own threads) and stops at
once on pause or skip.

Why QMediaPlayer and not QSoundEffect (measured on the dev machine, Qt 6.12, offscreen):
QMediaPlayer reaches PlayingState ~13-20 ms after ``setSource`` (0.2 ms when replaying the
same file), with ``setSource``/``play``/``stop`` each under 1 ms on the UI thread and a
longest event-loop gap of ~4 ms while playing; QSoundEffect went straight to
Status.Error ("format not supported on the selected audio device") whenever no audio
device exists, so it would never report a start and cannot be tested headless.

Why the player is driven through queued signals (``_Player``): calling ``stop()`` on a
QMediaPlayer from Python holds the GIL inside Qt; at that moment Qt Multimedia's FFmpeg
audio thread may be destroying an object while holding the Qt mutex ``stop()`` waits
for, and need the GIL itself (PySide checks for Python overrides): a deadlock, seen
about once in ten test runs (PySide6 6.11.3 and 6.12.0). Queued connections run the C++
slots from the event loop with the GIL released. Related: those FFmpeg threads log Qt
warnings at any moment, so a Python ``qInstallMessageHandler`` that is swapped while
they run (pytest-qt does so around every test) can crash the process.

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
screen and the chime. With the timeline's lead-ins (``cipn_coach.engine.timeline``)
this never happens at the default 150 words per minute; it can at a slower rate chosen in
Settings (at 100 words per minute phrases take 1.5-1.6× as long, at 80 1.8-2.0×).
"""

from __future__ import annotations

import logging
import math
import time
import wave
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioDevice, QAudioOutput, QMediaDevices, QMediaPlayer

from cipn_coach import paths
from cipn_coach.speech.speaker import SpeechSynth, VoiceSettings

log = logging.getLogger(__name__)

MAX_WAITING = 2
"""Phrases queued behind the one playing. More means speech lags the screen, so the
oldest waiting phrase is dropped (its caption was shown anyway)."""

ON_TIME_GRACE_S = 0.1
"""An on-time cue may wait this long for the words before it to end (its budget from
due to playing is 150 ms, ~20 ms of which is the player starting)."""

TAIL_SCAN_S = 2.0  # only the end of a WAV is read to find its last word

_Playing = QMediaPlayer.PlaybackState.PlayingState
_EndOfMedia = QMediaPlayer.MediaStatus.EndOfMedia


def audible_seconds(path: Path) -> float:
    """Seconds from the start of a WAV to the end of its last sound: its trailing silence
    (exact zeros, as espeak-ng writes it) left out. Runs on the synthesizer's worker.

    ``bytes.rstrip`` rather than a loop over samples: a Python loop held the GIL for
    ~3 ms a phrase, which the UI thread felt as stalls. Reads only the last
    ``TAIL_SCAN_S``. Near-silent noise would count as sound: the safe side (the next
    phrase then waits for the file's end, as it always did).
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


@dataclass(frozen=True)
class _Phrase:
    path: Path
    audible_s: float  # where its words end; the rest of the file is silence


def default_chime_path() -> Path | None:
    """``assets/sounds/chime.wav``, or None if the assets folder cannot be found."""
    try:
        return paths.assets_dir() / "sounds" / "chime.wav"
    except FileNotFoundError:
        return None


class _Player(QObject):
    """A QMediaPlayer + QAudioOutput that Python only commands via queued connections
    (see the module docstring), and only reads through cheap getters."""

    _set_source = Signal(QUrl)
    _play = Signal()
    _stop = Signal()
    _set_volume = Signal(float)
    _set_device = Signal(QAudioDevice)

    def __init__(self, volume: float, parent: QObject) -> None:
        super().__init__(parent)
        self.output = QAudioOutput(self)
        self.output.setVolume(volume)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.output)
        queued = Qt.ConnectionType.QueuedConnection
        self._set_source.connect(self.player.setSource, queued)
        self._play.connect(self.player.play, queued)
        self._stop.connect(self.player.stop, queued)
        self._set_volume.connect(self.output.setVolume, queued)
        self._set_device.connect(self.output.setDevice, queued)

    def play(self, path: Path) -> None:
        """Start ``path`` from the beginning (re-setting the same file is a no-op)."""
        self._stop.emit()
        self._set_source.emit(QUrl.fromLocalFile(str(path)))
        self._play.emit()

    def stop(self) -> None:
        """Also cancels a play() whose file is still loading (it would start later)."""
        self._stop.emit()

    def set_volume(self, volume: float) -> None:
        self._set_volume.emit(volume)

    def set_device(self, device: QAudioDevice) -> None:
        self._set_device.emit(device)

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == _Playing

    def dispose(self) -> None:
        """Stop, then let the event loop destroy the player (GIL-free, after the stop).
        Detached and kept alive until then, so that garbage-collecting the speaker
        cannot destroy it from Python mid-teardown."""
        self._stop.emit()
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

    voices_ready = Signal(list)
    """The installed voices, as (id, name) pairs, once the engine has started (UI thread)."""

    _wav_ready = Signal(int, str, float, bool)  # worker -> UI thread (queued)
    _voices_known = Signal(list)  # worker thread -> UI thread (queued)
    _engine_failed = Signal(str)  # worker thread -> UI thread (queued)

    def __init__(
        self,
        synthesizer: SpeechSynth,
        settings: VoiceSettings | None = None,
        *,
        chime_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
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

        self._speech = _Player(self._settings.volume, self)
        self._speech.player.playbackStateChanged.connect(self._on_state)
        self._speech.player.mediaStatusChanged.connect(self._on_status)
        self._speech.player.errorOccurred.connect(self._on_player_error)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._follow_default_device)

        queued = Qt.ConnectionType.QueuedConnection
        self._wav_ready.connect(self._on_wav_ready, queued)
        self._engine_failed.connect(self._on_engine_failed, queued)
        self._voices_known.connect(self.voices_ready, queued)
        synthesizer.start(on_unavailable=self._post_engine_failed,
                          on_voices=self._voices_known.emit)

    # -- the Speaker protocol (UI thread) -------------------------------------------
    def say(self, text: str) -> None:
        """Ask for ``text``; it plays when synthesized, after phrases already playing."""
        self._ask(text, on_time=False)

    def say_on_time(self, text: str) -> None:
        """Ask for ``text`` to be said now or not at all: it does not wait behind words
        still being said (see the module docstring). For "3", "2", "1", "Begin."."""
        self._ask(text, on_time=True)

    def _ask(self, text: str, on_time: bool) -> None:
        if not self._settings.enabled or self._engine_down or not text.strip():
            return
        ready = partial(self._post_ready, on_time=on_time)
        self._synth.request(text, self._generation, ready, self._post_error)

    def cancel(self) -> None:
        """Silence now: drop queued and late phrases and stop the one playing."""
        self._generation += 1
        self._synth.drop_pending()
        self._waiting.clear()
        self._current = None
        self._move_on.stop()
        self._speech.stop()  # takes effect on the next event-loop turn (well under 1 ms idle)

    # -- extras ------------------------------------------------------------------------
    def chime(self) -> None:
        """Play the start/end chime beside any speech; a missing file is logged once."""
        path = self._chime_path
        if path is None or not path.is_file():
            if not self._chime_warned:
                log.warning("chime sound not found (%s); continuing without it", path)
                self._chime_warned = True
            return
        if self._chime is None:
            self._chime = _Player(self._settings.volume, self)
        self._chime.play(path)

    def prefetch(self, texts: Iterable[str]) -> None:
        """Synthesize a routine's cues ahead of time so each one starts without delay."""
        if self._settings.enabled and not self._engine_down:
            self._synth.prefetch(list(texts))

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
        return self._speech.playing

    @property
    def is_chiming(self) -> bool:
        return self._chime is not None and self._chime.playing

    def close(self) -> None:
        """Stop all sound and the synthesizer's worker (at app exit). The players are
        destroyed by the event loop afterwards; the speaker is not usable again."""
        self.cancel()
        self._synth.close()
        for player in self._players():
            player.dispose()

    def _players(self) -> list[_Player]:
        return [self._speech] if self._chime is None else [self._speech, self._chime]

    # -- worker thread: only emit queued signals ---------------------------------------
    def _post_ready(self, token: int, path: Path, on_time: bool = False) -> None:
        try:
            audible = audible_seconds(path)
        except (OSError, EOFError, wave.Error) as exc:
            log.debug("could not read %s (%s); treating it as all words", path, exc)
            audible = math.inf
        self._wav_ready.emit(token, str(path), audible, on_time)

    def _post_engine_failed(self, message: str) -> None:
        self._engine_failed.emit(message)

    def _post_error(self, message: str) -> None:
        log.info("phrase not spoken: %s", message)  # the caption still shows it

    # -- UI thread ---------------------------------------------------------------------
    @Slot(int, str, float, bool)
    def _on_wav_ready(self, token: int, path: str, audible: float, on_time: bool) -> None:
        if token != self._generation or not self._settings.enabled:
            return  # asked before a cancel: too late to be useful
        phrase = _Phrase(Path(path), audible)
        if self._current is None:
            self._play(phrase)
            return
        if on_time and (self._waiting or self._words_left() > ON_TIME_GRACE_S):
            log.info("not saying %s: words before it are still being said", path)
            return  # its caption is on screen; said late it would tell the wrong moment
        self._waiting.append(phrase)
        while len(self._waiting) > MAX_WAITING:
            log.debug("speech is lagging; dropping %s", self._waiting.popleft().path)
        self._arm_move_on()

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
        self._speech.play(phrase.path)

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

    def _is_current(self) -> bool:
        """The player's file is the phrase we track: the player runs our commands a turn
        later, so a signal may still be about the previous file."""
        current = self._current
        return current is not None and self._speech.player.source() == QUrl.fromLocalFile(
            str(current.path))

    @Slot(QMediaPlayer.PlaybackState)
    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == _Playing and self._is_current():
            assert self._current is not None
            self._words_end = time.monotonic() + self._current.audible_s
            self._arm_move_on()
            self.started.emit(str(self._current.path))

    @Slot(QMediaPlayer.MediaStatus)
    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        # Only a natural end moves on: a cancel's stop() must not start the next phrase.
        if status == _EndOfMedia and self._is_current():
            self._finished()

    @Slot(QMediaPlayer.Error, str)
    def _on_player_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.warning("could not play %s: %s (%s)", self._current, message, error)
        if self._is_current():
            self._speech.stop()
            self._finished()

    def _finished(self) -> None:
        if self._current is None:
            return
        self._current = None
        if self._waiting:
            self._play(self._waiting.popleft())

    @Slot()
    def _follow_default_device(self) -> None:
        """Headphones plugged in or out: keep playing on whatever is now the default."""
        device = QMediaDevices.defaultAudioOutput()
        for player in self._players():
            player.set_device(device)
