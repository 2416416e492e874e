"""The speech engine starts once Today has been painted, not while it is being built.

Starting it inside ``build_content`` put its worker (importing pyttsx3, starting
espeak-ng, listing voices: Python that holds the interpreter's lock) beside the UI
thread while Today was built; the two took turns and Today appeared later (median
build 173 ms against 133 ms with the engine started after the paint, 8 runs each).
Nothing is lost by waiting: what Today asks of the voice meanwhile (the next session's
phrases) is queued and done once the engine is up.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

import ui.gui
import ui.speech
from cipn_coach.services import open_services
from ui.shell import AppWindow

pytestmark = pytest.mark.no_qt_log  # Qt Multimedia logs from its own threads at any moment


def speech_workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cipn-speech"]


def test_the_shell_says_once_when_its_content_was_first_painted(qtbot: QtBot) -> None:
    shell = AppWindow()
    qtbot.addWidget(shell)
    seen: list[str] = []
    shell.content_painted.connect(lambda: seen.append("painted"))
    with qtbot.waitSignal(shell.first_painted, timeout=5000):
        shell.show()
    assert seen == []  # the opening line is not the content
    with qtbot.waitSignal(shell.content_painted, timeout=5000):
        shell.set_content(QLabel("Today"))
    shell.content.update()
    shell.content.repaint()
    QApplication.processEvents()
    assert seen == ["painted"]


def test_the_speech_engine_starts_after_today_is_painted(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.gui, "speech_cache_dir", lambda _services: tmp_path / "speech")
    services = open_services(tmp_path / "data")
    already = set(speech_workers())
    shell = AppWindow()
    qtbot.addWidget(shell)
    content = ui.gui.build_content(
        QApplication.instance(), services, speech_starts_on=shell.content_painted
    )
    voices: list[list] = []
    content.speaker.voices_ready.connect(voices.append)
    try:
        assert set(speech_workers()) == already  # Today is built: still no worker
        with qtbot.waitSignal(shell.content_painted, timeout=5000):
            shell.set_content(content)
            shell.show()
        qtbot.waitUntil(lambda: set(speech_workers()) - already != set(), timeout=5000)
        # and it works: the voice list comes, as it did when the engine started at once
        qtbot.waitUntil(lambda: voices != [], timeout=10000)
        assert voices[0]
    finally:
        content.close()
        content.speaker.close()
        qtbot.waitUntil(lambda: not ui.speech._DISPOSING, timeout=5000)
        services.close()


def test_the_sound_output_is_opened_with_the_engine_not_while_today_is_built(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Looking for the sound device and opening it (connecting to the sound server: 24 ms
    on a desktop, measured in session 5) happen when the engine starts, after Today's
    paint; Today's prefetch meanwhile only queues its phrases."""
    from cipn_coach.speech import Synthesizer, VoiceSettings
    from ui.speech import QtSpeaker

    looked: list[str] = []

    def outputs() -> list:
        looked.append("outputs")
        return []  # no device: the voice is silent, as offscreen

    speaker = QtSpeaker(
        Synthesizer(tmp_path / "speech", VoiceSettings()),
        VoiceSettings(),
        outputs=outputs,
        start_engine=False,
    )
    try:
        speaker.prefetch(["Get ready.", "Warm your hands."])  # what Today asks while built
        assert looked == []
        speaker.start_engine()
        assert looked == ["outputs"]
        assert not speaker.has_sound
        speaker.start_engine()  # once
        assert looked == ["outputs"]
    finally:
        speaker.close()
        qtbot.waitUntil(lambda: not ui.speech._DISPOSING, timeout=5000)
