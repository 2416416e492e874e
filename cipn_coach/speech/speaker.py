"""What the session engine talks to when it wants a cue spoken.

The engine only knows the small ``Speaker`` protocol, so it runs the same with real
speech (``ui.speech.QtSpeaker``), with voice switched off or no speech engine installed
(``NullSpeaker``: captions carry the cues), and in tests (``FakeSpeaker``: records what
would have been said, no audio, no threads). The other speech contracts live here too
(voice settings, the synthesizer's shape, its errors), so none of them needs pyttsx3.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from cipn_coach.engine.timeline import SpokenLengths

RATE_MIN_WPM = 80
RATE_MAX_WPM = 220

ReadyCallback = Callable[[int, Path], None]  # (token, wav_path), called on the worker thread
ErrorCallback = Callable[[str], None]  # a message fit to show or log
VoicesCallback = Callable[[list[tuple[str, str]]], None]  # (id, name) of each voice, worker thread


class SpeechUnavailable(RuntimeError):
    """No speech engine on this computer (pyttsx3 or libespeak-ng missing or broken)."""


class SpeechError(RuntimeError):
    """One phrase could not be synthesized (e.g. the cache folder is not writable)."""


@runtime_checkable
class Speaker(Protocol):
    """Speaks short cues without ever making the caller wait. Every method is declared
    here, so callers call them plainly; ``NullSpeaker`` has a version of each that does
    nothing."""

    def say(self, text: str) -> None:
        """Queue ``text`` to be spoken after anything already queued; returns at once."""

    def say_on_time(self, text: str) -> None:
        """Say ``text`` now or not at all (a count-down: late is wrong, not just late)."""

    def cancel(self) -> None:
        """Silence now: stop the phrase being spoken and forget queued ones (pause, skip)."""

    def prefetch(self, texts: Iterable[str]) -> None:
        """Make the sound of ``texts`` ahead of time, so each plays the moment it is due."""

    def apply(self, settings: VoiceSettings) -> None:
        """New voice settings: volume at once, voice and rate for the next phrases."""

    def spoken_lengths(self, texts: Iterable[str]) -> SpokenLengths | None:
        """How long each phrase takes to say, for those already made; ``None`` when
        nothing is measured (the session's lengths are then estimated). Never waits."""


class NullSpeaker:
    """Voice off, or no speech engine: the cues still appear as captions, nothing is heard."""

    def say(self, text: str) -> None:
        pass

    def say_on_time(self, text: str) -> None:
        self.say(text)  # a speaker without a count-down of its own says it like any cue

    def cancel(self) -> None:
        pass

    def prefetch(self, texts: Iterable[str]) -> None:
        pass

    def apply(self, settings: VoiceSettings) -> None:
        pass

    def spoken_lengths(self, texts: Iterable[str]) -> SpokenLengths | None:
        return None


@dataclass
class FakeSpeaker(NullSpeaker):
    """Test double: remembers every phrase and every cancel so tests can assert on them."""

    said: list[str] = field(default_factory=list)
    cancelled: int = 0

    def say(self, text: str) -> None:
        self.said.append(text)

    def cancel(self) -> None:
        self.cancelled += 1


@dataclass(frozen=True)
class VoiceSettings:
    """The user's voice choices (Settings page). Frozen so a change is a new value that
    can be handed to another thread without locking.

    ``volume`` is applied at playback, not baked into the synthesized audio, so moving
    the volume slider never invalidates the phrase cache.
    """

    enabled: bool = True
    voice_id: str | None = None
    rate_wpm: int = 150
    volume: float = 0.9

    def __post_init__(self) -> None:
        if isinstance(self.rate_wpm, bool) or not isinstance(self.rate_wpm, int):
            raise ValueError(f"rate_wpm: must be a whole number, got {self.rate_wpm!r}")
        if not RATE_MIN_WPM <= self.rate_wpm <= RATE_MAX_WPM:
            raise ValueError(
                f"rate_wpm: must be between {RATE_MIN_WPM} and {RATE_MAX_WPM}, got {self.rate_wpm}"
            )
        if isinstance(self.volume, bool) or not isinstance(self.volume, (int, float)):
            raise ValueError(f"volume: must be a number, got {self.volume!r}")
        if not 0.0 <= float(self.volume) <= 1.0:
            raise ValueError(f"volume: must be between 0 and 1, got {self.volume}")
        if self.voice_id is not None and not self.voice_id.strip():
            raise ValueError("voice_id: must be a voice id or None, not blank")


class SpeechSynth(Protocol):
    """The synthesizer as ``ui.speech.QtSpeaker`` sees it (``synthesizer.Synthesizer``
    implements it); tests inject a fake with this shape to exercise failure paths."""

    def start(
        self, on_unavailable: ErrorCallback | None = None, on_voices: VoicesCallback | None = None
    ) -> None: ...

    def request(
        self, text: str, token: int, on_ready: ReadyCallback, on_error: ErrorCallback | None = None
    ) -> None: ...

    def prefetch(
        self, texts: Iterable[str], on_ready: Callable[[str, Path], None] | None = None
    ) -> None: ...

    def drop_pending(self, include_prefetch: bool = False) -> int: ...

    def apply(self, settings: VoiceSettings) -> None: ...

    def close(self) -> None: ...
