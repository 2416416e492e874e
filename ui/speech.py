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
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioDevice, QAudioOutput, QMediaDevices, QMediaPlayer

from cipn_coach import paths
from cipn_coach.speech.speaker import SpeechSynth, VoiceSettings

log = logging.getLogger(__name__)

MAX_WAITING = 2
"""Phrases queued behind the one playing. More means speech lags the screen, so the
oldest waiting phrase is dropped (its caption was shown anyway)."""

_Playing = QMediaPlayer.PlaybackState.PlayingState
_EndOfMedia = QMediaPlayer.MediaStatus.EndOfMedia


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

    _wav_ready = Signal(int, str)  # worker thread -> UI thread (queued)
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
        self._current: Path | None = None
        self._waiting: deque[Path] = deque()
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
        synthesizer.start(on_unavailable=self._post_engine_failed)

    # -- the Speaker protocol (UI thread) -------------------------------------------
    def say(self, text: str) -> None:
        """Ask for ``text``; it plays when synthesized, after phrases already playing."""
        if not self._settings.enabled or self._engine_down or not text.strip():
            return
        self._synth.request(text, self._generation, self._post_ready, self._post_error)

    def cancel(self) -> None:
        """Silence now: drop queued and late phrases and stop the one playing."""
        self._generation += 1
        self._synth.drop_pending()
        self._waiting.clear()
        self._current = None
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
    def _post_ready(self, token: int, path: Path) -> None:
        self._wav_ready.emit(token, str(path))

    def _post_engine_failed(self, message: str) -> None:
        self._engine_failed.emit(message)

    def _post_error(self, message: str) -> None:
        log.info("phrase not spoken: %s", message)  # the caption still shows it

    # -- UI thread ---------------------------------------------------------------------
    @Slot(int, str)
    def _on_wav_ready(self, token: int, path: str) -> None:
        if token != self._generation or not self._settings.enabled:
            return  # asked before a cancel: too late to be useful
        if self._current is None:
            self._play(Path(path))
            return
        self._waiting.append(Path(path))
        while len(self._waiting) > MAX_WAITING:
            log.debug("speech is lagging; dropping %s", self._waiting.popleft())

    @Slot(str)
    def _on_engine_failed(self, message: str) -> None:
        if self._engine_down:
            return
        self._engine_down = True
        self._waiting.clear()
        self.unavailable.emit(message)

    def _play(self, path: Path) -> None:
        self._current = path
        self._speech.play(path)

    def _is_current(self) -> bool:
        """The player's file is the phrase we track: the player runs our commands a turn
        later, so a signal may still be about the previous file."""
        current = self._current
        return current is not None and self._speech.player.source() == QUrl.fromLocalFile(
            str(current))

    @Slot(QMediaPlayer.PlaybackState)
    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == _Playing and self._is_current():
            self.started.emit(str(self._current))

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
