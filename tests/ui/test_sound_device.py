"""Sound on a real sound server: a private PulseAudio daemon with a null sink.

Every other speech test runs without a sound device (the offscreen tests have none), so
the sink's state changes, which tell the player a sound has ended, were never delivered
in a test. With PySide6 6.11 they could not be: ``QAudioSink.stateChanged`` carries a
``QAudio::State`` that PySide cannot convert, so a slot taking the state raised a
``TypeError`` at the first sound ("Something went wrong" on screen) and the sound's end
was never known. Each check runs in a child process: Qt Multimedia picks its sound
server once per process, and this one must be the private daemon.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pulse import have_pulseaudio, private_pulse

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not have_pulseaudio(), reason="no pulseaudio (.ci/system-deps.sh installs it)"
)

# Plays 0.3 s of silence on the default output and reports how it went: "finished" when
# the player said the sound had ended, else every exception a slot raised. A deadline of
# 20 s stops it if the end never comes (the event it waits for is the player's signal).
CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication

app = QApplication([])
from ui.speech import Sound, _Player

errors = []
def hook(kind, value, trace):
    errors.append(f"{kind.__name__}: {value}")
sys.excepthook = hook
device = QMediaDevices.defaultAudioOutput()
print("device:", "none" if device.isNull() else device.description(), flush=True)
player = _Player(0.8, device, None)
player.finished.connect(lambda: (print("finished", flush=True), app.quit()))
player.failed.connect(lambda why: (print("failed:", why, flush=True), app.quit()))
player.play(Sound(Path("silence.wav"), bytes(2 * 6615), 22050, 1))
deadline = QTimer(singleShot=True, interval=20_000)
deadline.timeout.connect(lambda: (print("no end within 20 s", flush=True), app.quit()))
deadline.start()
app.exec()
for error in errors:
    print("error:", error, flush=True)
"""


def test_a_sound_played_on_a_real_sound_server_ends_without_an_error(tmp_path: Path) -> None:
    with private_pulse(tmp_path / "pulse") as env:
        env = dict(env, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120
        )
    said = [line for line in done.stdout.splitlines() if line]
    assert said[0] == "device: Bench", done.stdout + done.stderr
    assert said[1:] == ["finished"], done.stdout + done.stderr[-2000:]


# Plays a phrase as the app keeps it in memory (``_Phrase.read``: cut shortly after its
# last word) at full volume, and quits 0.3 s after the player says it has ended, so the
# recording holds all the sound server played.
PHRASE_CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication

app = QApplication([])
import ui.speech
from ui.speech import _Phrase, _Player

if len(sys.argv) > 2:
    ui.speech.WORDS_TAIL_S = float(sys.argv[2])  # by hand: how much a shorter tail loses
phrase = _Phrase.read(Path(sys.argv[1]))
player = _Player(1.0, QMediaDevices.defaultAudioOutput(), None)
player.finished.connect(lambda: (print("finished", flush=True), QTimer.singleShot(300, app.quit)))
player.failed.connect(lambda why: (print("failed:", why, flush=True), app.quit()))
QTimer.singleShot(200, lambda: player.play(phrase.sound))
deadline = QTimer(singleShot=True, interval=20_000)
deadline.timeout.connect(lambda: (print("no end within 20 s", flush=True), app.quit()))
deadline.start()
app.exec()
"""

TAIL_BY_HAND: list[str] = []
"""``["0"]`` shows the next test failing: the phrase cut at its last word is heard short."""


def test_a_phrase_kept_only_to_shortly_after_its_last_word_is_heard_to_its_end(
    tmp_path: Path,
) -> None:
    """The app keeps a phrase's sound only until ``WORDS_TAIL_S`` after its last word
    (memory, bench figure 7). The player stops the sink when it reports its end, which
    drops what the sound server still holds: cut exactly at the last word, "Two." was
    heard 7-12 ms short. The recording of the server's output must hold the whole word."""
    import numpy as np

    from cipn_coach.speech import VoiceSettings
    from cipn_coach.speech.synthesizer import synthesize_to_wav
    from tests.perf.bench_heard import RATE, THRESHOLD, Recorder, _source

    wav = synthesize_to_wav("Two.", tmp_path / "two.wav", VoiceSettings())
    source = np.flatnonzero(np.abs(_source(wav)) >= THRESHOLD * 32768)
    with private_pulse(tmp_path / "pulse") as env:
        env = dict(env, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        recorder = Recorder(env)
        try:
            # the sound must not start before the recording does (its start was cut)
            assert recorder.recording.wait(30), "parec recorded nothing in 30 s"
            done = subprocess.run(
                [sys.executable, "-c", PHRASE_CHILD, str(wav), *TAIL_BY_HAND],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            _sample0, samples = recorder.stop()
    assert done.stdout.split() == ["finished"], done.stdout + done.stderr[-2000:]
    heard = np.flatnonzero(np.abs(samples) >= THRESHOLD * 32768)
    assert heard.size, "nothing was heard"
    words_ms = (source[-1] - source[0]) / RATE * 1000
    heard_ms = (heard[-1] - heard[0]) / RATE * 1000
    assert heard_ms >= words_ms - 2, f"heard {heard_ms:.1f} ms of {words_ms:.1f} ms of words"
