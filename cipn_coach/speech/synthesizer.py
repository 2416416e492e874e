"""Text to WAV with pyttsx3 (espeak-ng on Linux), off the UI thread; the only module that
imports pyttsx3 (lazily, on first use). Why this shape: pyttsx3 has one shared engine per
process, is not thread-safe and its ``runAndWait`` blocks. So one daemon worker owns the
engine, takes phrases from a queue and writes each to a cached WAV (~10 ms a phrase);
``ui.speech`` plays the file and can stop it at once. All engine use goes through
``_ENGINE_LOCK``, so the synchronous ``synthesize_to_wav`` is safe beside a worker.

pyttsx3 pitfalls handled: ``init()`` raises without libespeak-ng (reported as "no speech
engine"); the espeak driver ``print``s "Audio saved to ..." (silenced in the driver
module, never via ``sys.stdout``); after ``save_to_file`` the driver keeps the file name,
so ``say()`` would overwrite the last WAV (never called); espeak-ng runs commands on its
own thread and ``runAndWait`` cancels whatever is still in flight there, so a voice/rate
change or the previous phrase could be lost (we wait for it to go idle first).
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from cipn_coach.engine.timeline import SpokenLengths
from cipn_coach.i18n import _
from cipn_coach.paths import ensure_private_dir
from cipn_coach.speech.lengths import audible_seconds
from cipn_coach.speech.speaker import (
    ErrorCallback,
    ReadyCallback,
    SpeechError,
    SpeechUnavailable,
    VoicesCallback,
    VoiceSettings,
)
from cipn_coach.speech.voices import Voice, voice_for_language, voices_for_language

log = logging.getLogger(__name__)

_CACHE_FORMAT = "v1"  # bump when the synthesis recipe changes, so old WAVs are not reused
_WAV_HEADER_BYTES = 44

# --- the process's one engine -------------------------------------------------------
_ENGINE_LOCK = threading.Lock()
_engine: Any = None
_default_voice: str | None = None
_voice_ids: frozenset[str] = frozenset()
_applied: tuple[str | None, int] | None = None


def _quiet_print(*args: object, **_kwargs: object) -> None:
    """Replaces ``print`` inside the pyttsx3 driver module: its chatter goes to the log."""
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


def _engine_locked() -> Any:
    """The shared pyttsx3 engine, created on first use. Caller holds ``_ENGINE_LOCK``."""
    global _engine, _default_voice, _voice_ids
    if _engine is None:
        try:
            import pyttsx3

            engine = pyttsx3.init()  # volume stays at the driver's 1.0: the player sets loudness
            driver_module = getattr(getattr(engine, "proxy", None), "_module", None)
            if driver_module is not None:
                driver_module.print = _quiet_print  # module-level shadow, stdout untouched
            _default_voice = engine.getProperty("voice")
            _voice_ids = frozenset(v.id for v in engine.getProperty("voices"))
            # Until its first runAndWait the engine only queues setProperty calls; one
            # throwaway phrase makes later ones apply at once (and proves it can speak).
            with tempfile.TemporaryDirectory(prefix="cipn-speech-") as folder:
                _wait_engine_idle()
                engine.save_to_file("Ready.", os.path.join(folder, "warm-up.wav"))
                engine.runAndWait()
        except Exception as exc:  # ImportError, RuntimeError, OSError, ctypes errors
            raise SpeechUnavailable(f"no speech engine: {exc}") from exc
        _engine = engine
        atexit.register(_release_engine)
    return _engine


def _release_engine() -> None:
    """Let pyttsx3 clean up while modules still exist (its ``__del__`` at interpreter
    shutdown otherwise prints "Exception ignored … 'NoneType' has no attribute 'suppress'")."""
    global _engine
    if _ENGINE_LOCK.acquire(timeout=1.0):  # never hang an exit on a phrase in progress
        try:
            _engine = None
        finally:
            _ENGINE_LOCK.release()
        gc.collect()


def _wait_engine_idle(timeout: float = 2.0) -> None:
    """Let espeak-ng's own thread finish queued commands (typically < 1 ms)."""
    lib = sys.modules.get("pyttsx3.drivers._espeak")
    deadline = time.monotonic() + timeout
    while lib is not None and lib.IsPlaying():
        if time.monotonic() > deadline:
            raise SpeechError(_("the speech engine is stuck"))
        time.sleep(0.0005)


def _synthesize_locked(text: str, path: Path, voice_id: str | None, rate: int) -> None:
    """Write ``text`` as a WAV at ``path`` via a temp name + ``os.replace``, so a reader
    never sees a half-written file. Caller holds ``_ENGINE_LOCK``."""
    global _applied
    engine = _engine_locked()
    if _applied != (voice_id, rate):
        if voice_id is not None and voice_id not in _voice_ids:
            log.warning("voice %r is not installed; using the default voice", voice_id)
            voice_id = None
        engine.setProperty("voice", voice_id or _default_voice)  # voice first: it resets rate
        engine.setProperty("rate", rate)
        _applied = (voice_id, rate)
    # The driver cannot report a failed write (it would loop forever): ensure the folder,
    # private (0700): cached phrases may hold the patient's name.
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        _wait_engine_idle()  # else runAndWait cancels the voice/rate change or this phrase
        engine.save_to_file(text, str(tmp))
        engine.runAndWait()
        if not tmp.is_file() or tmp.stat().st_size <= _WAV_HEADER_BYTES:
            raise SpeechError(
                _("the speech engine wrote no audio for {text}").format(text=repr(text))
            )
        os.chmod(tmp, 0o600)  # the engine writes with the process umask
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def synthesize_to_wav(text: str, path: Path, settings: VoiceSettings | None = None) -> Path:
    """Synchronously write ``text`` spoken as a 16-bit mono WAV. Blocks ~10 ms: never
    call it on the UI thread. Raises SpeechUnavailable or SpeechError."""
    if not text.strip():
        raise SpeechError(_("nothing to say: the text is blank"))
    settings = settings or VoiceSettings()
    with _ENGINE_LOCK:
        _synthesize_locked(text, Path(path), settings.voice_id, settings.rate_wpm)
    return Path(path)


# --- the worker ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    text: str
    voice_id: str | None
    rate: int
    token: int = 0
    on_ready: ReadyCallback | None = None
    on_error: ErrorCallback | None = None


class Synthesizer:
    """One daemon thread that owns the engine; callers never wait on it.

    Callbacks run ON THE WORKER THREAD: a UI must marshal them to its own thread.
    Requests are served before prefetches, each in arrival order.
    """

    def __init__(self, cache_dir: Path, settings: VoiceSettings) -> None:
        self._cache_dir = Path(cache_dir)
        self._settings = settings
        self._cond = threading.Condition()
        self._requests: deque[_Job] = deque()
        self._prefetches: deque[_Job] = deque()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._busy = False
        self._ready = threading.Event()
        self._error: str | None = None
        self._voices: list[Voice] = []
        self._on_unavailable: ErrorCallback | None = None
        self._on_voices: VoicesCallback | None = None
        self._words: dict[tuple[str, str | None, int], float] = {}  # measured, under _cond

    def start(
        self, on_unavailable: ErrorCallback | None = None, on_voices: VoicesCallback | None = None
    ) -> None:
        """Start the worker (idempotent). The engine is created on the worker, so this
        returns at once; then, there, ``on_voices(voices)`` once the installed voices are
        known, or ``on_unavailable(message)`` if the engine fails."""
        with self._cond:
            if self._thread is not None or self._closing:
                return
            self._on_unavailable = on_unavailable
            self._on_voices = on_voices
            self._thread = threading.Thread(target=self._run, name="cipn-speech", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 2.0) -> None:
        """Forget queued work and stop the worker once its current phrase is done."""
        with self._cond:
            self._closing = True
            self._requests.clear()
            self._prefetches.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def available(self) -> bool:
        """True once the engine is up; False while starting or if it failed."""
        return self._ready.is_set() and self._error is None

    @property
    def error(self) -> str | None:
        """Why there is no speech (e.g. "no speech engine: ..."), or None."""
        return self._error

    def wait_ready(self, timeout: float) -> bool:
        """Block until the engine started or failed; returns ``available``. Tests/CLI only."""
        self._ready.wait(timeout)
        return self.available

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or being synthesized. Tests/CLI only."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._closing or not (self._busy or self._requests or self._prefetches),
                timeout,
            )

    def voices(self) -> list[tuple[str, str]]:
        """(id, name) of installed voices; empty before start or without an engine."""
        return [(v.id, v.name) for v in self._voices]

    def voices_for(self, language: str) -> list[tuple[str, str]]:
        """(id, name) of the installed voices that speak ``language`` (e.g. "en", "yue")."""
        return [(v.id, v.name) for v in voices_for_language(self._voices, language)]

    def voice_for(self, language: str, chosen: str | None = None) -> str | None:
        """The installed voice to read ``language`` with (``voices.voice_for_language``)."""
        return voice_for_language(self._voices, language, chosen)

    def cache_path(self, text: str, voice_id: str | None, rate: int) -> Path:
        """Where the WAV for this phrase/voice/rate lives; the name is a content hash."""
        key = json.dumps([_CACHE_FORMAT, text, voice_id, rate], ensure_ascii=False)
        return self._cache_dir / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".wav")

    def spoken_lengths(self, texts: Iterable[str]) -> SpokenLengths:
        """The measured time to the last word of each of ``texts`` already synthesized at
        the current voice and rate (a prefetch measures them); never waits. Texts not yet
        synthesized are left out: the timeline then estimates them for this rate."""
        with self._cond:
            s = self._settings
            known = {
                t: self._words[(t, s.voice_id, s.rate_wpm)]
                for t in texts
                if (t, s.voice_id, s.rate_wpm) in self._words
            }
        return SpokenLengths(known, s.rate_wpm)

    def apply(self, settings: VoiceSettings) -> None:
        """New voice/rate for phrases requested from now on (already queued ones keep theirs)."""
        with self._cond:
            self._settings = settings

    def request(
        self, text: str, token: int, on_ready: ReadyCallback, on_error: ErrorCallback | None = None
    ) -> None:
        """Queue a phrase; returns at once. ``on_ready(token, wav_path)`` follows on the
        worker thread, or ``on_error(message)`` if it cannot be spoken."""
        with self._cond:
            if self._closing or not text.strip():
                return
            s = self._settings
            self._requests.append(_Job(text, s.voice_id, s.rate_wpm, token, on_ready, on_error))
            self._cond.notify_all()  # wakes the worker and any wait_idle()

    def prefetch(
        self, texts: Iterable[str], on_ready: Callable[[str, Path], None] | None = None
    ) -> None:
        """Warm the cache (e.g. a whole routine's cues) whenever no request is waiting;
        ``on_ready(text, wav_path)`` follows for each distinct text, on the worker thread.

        Each text once: a Morning routine's script holds 308 cues but 105 distinct
        phrases; each of the 203 repeats was read from disk again and queued to the UI
        thread (~23 MiB of sound in all, for the 11.7 MiB kept)."""
        distinct = dict.fromkeys(t for t in texts if t.strip())
        with self._cond:
            if self._closing:
                return
            s = self._settings
            self._prefetches.extend(
                _Job(
                    t,
                    s.voice_id,
                    s.rate_wpm,
                    0,
                    None if on_ready is None else partial(_named, on_ready, t),
                )
                for t in distinct
            )
            self._cond.notify_all()  # wakes the worker and any wait_idle()

    def drop_pending(self, include_prefetch: bool = False) -> int:
        """Discard queued requests not yet synthesized; returns how many were dropped.
        A phrase already being synthesized still completes (callers filter by token)."""
        with self._cond:
            dropped = len(self._requests)
            self._requests.clear()
            if include_prefetch:
                dropped += len(self._prefetches)
                self._prefetches.clear()
            return dropped

    def _next_job(self) -> _Job | None:
        with self._cond:
            while not (self._closing or self._requests or self._prefetches):
                self._cond.wait()
            if self._closing:
                return None
            self._busy = True
            return (self._requests or self._prefetches).popleft()

    def _run(self) -> None:
        try:
            with _ENGINE_LOCK:
                voices = _engine_locked().getProperty("voices")
                self._voices = [Voice(v.id, v.name or v.id, _languages(v)) for v in voices]
            _safe_call(self._on_voices, self.voices())
        except SpeechUnavailable as exc:
            self._error = str(exc)
            log.warning("speech disabled: %s", self._error)
            _safe_call(self._on_unavailable, self._error)
        finally:
            self._ready.set()  # after on_unavailable, so wait_ready() implies it was told
        while (job := self._next_job()) is not None:
            self._serve(job)
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def _serve(self, job: _Job) -> None:
        if self._error is not None:
            _safe_call(job.on_error, self._error)
            return
        path = self.cache_path(job.text, job.voice_id, job.rate)
        try:  # os.replace makes an existing cache file a complete one
            if not (path.is_file() and path.stat().st_size > _WAV_HEADER_BYTES):
                with _ENGINE_LOCK:
                    _synthesize_locked(job.text, path, job.voice_id, job.rate)
            words = audible_seconds(path)  # < 1 ms: the WAV's tail only
        except Exception as exc:  # one bad phrase must not kill the worker
            log.warning("could not synthesize %r: %s", job.text, exc)
            _safe_call(job.on_error, f"could not synthesize {job.text!r}: {exc}")
            return
        with self._cond:
            self._words[(job.text, job.voice_id, job.rate)] = words
        _safe_call(job.on_ready, job.token, path)


def _named(on_ready: Callable[[str, Path], None], text: str, _token: int, path: Path) -> None:
    """A prefetch's callback told which phrase it is about."""
    on_ready(text, path)


def _languages(voice: Any) -> tuple[str, ...]:
    """A pyttsx3 voice's language tags as text (some drivers give bytes)."""
    tags = []
    for tag in getattr(voice, "languages", None) or []:
        if isinstance(tag, bytes):
            tag = tag.decode("ascii", "ignore").lstrip("\x05")
        tags.append(str(tag))
    return tuple(tags)


def _safe_call(callback: Callable[..., None] | None, *args: object) -> None:
    """Run a caller's callback on the worker; its failure is logged, never fatal."""
    try:
        if callback is not None:
            callback(*args)
    except Exception:
        log.exception("speech callback failed")
