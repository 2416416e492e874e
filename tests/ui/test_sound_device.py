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
