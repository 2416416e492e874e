"""The voice is honest (issue 11 §5): with no sound device the app says so, once and
calmly, on Today; a session starts from the moment Start is pressed; its lead-ins
follow the measured length of the chosen voice's phrases; Settings lists only voices
for the language of the text.

Offscreen Qt has no audio output device, so the app's own wiring (``ui.gui.build_content``
with the real synthesizer and ``QtSpeaker``) sees exactly what a computer without
speakers shows.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.gui
import ui.speech
from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.timeline import SpokenLengths
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow

pytestmark = pytest.mark.no_qt_log  # Qt Multimedia logs from its own threads at any moment


def test_no_sound_device_is_said_once_and_settings_lists_english_voices(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.gui, "speech_cache_dir", lambda _services: tmp_path / "speech")
    services = open_services(tmp_path / "data")
    window = ui.gui.build_content(QApplication.instance(), services)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.today.notice.isVisible(), timeout=5000)
        assert window.today.notice.text() == ui.speech.NO_SOUND_MESSAGE
        assert "speaker or headphones" in window.today.notice.text()
        # Settings: the voice list is filled once the engine is up, English voices only
        combo = window.settings_page.voice
        qtbot.waitUntil(lambda: combo.count() > 1, timeout=10000)
        names = [combo.itemText(i) for i in range(1, combo.count())]
        assert combo.itemText(0) == "Default voice"
        assert 3 <= len(names) < 20 and all(n.startswith("English") for n in names), names
    finally:
        window.close()
        window.speaker.close()
        qtbot.waitUntil(lambda: not ui.speech._DISPOSING, timeout=5000)
        services.close()


class MeasuredSpeaker(FakeSpeaker):
    """A FakeSpeaker that knows how long its phrases take, as QtSpeaker does once Today
    has prefetched them: every phrase is 'measured' at 4 s (a very slow voice)."""

    def spoken_lengths(self, texts: list[str]) -> SpokenLengths:
        return SpokenLengths({t: 4.0 for t in texts}, rate_wpm=80)


def test_the_session_runs_from_the_start_key_with_lead_ins_for_the_measured_voice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    services = open_services(tmp_path / "data")
    clock = FakeClock()
    window = MainWindow(
        services,
        MeasuredSpeaker(),
        chime=lambda: None,
        clock=clock,
        now=lambda: datetime(2026, 12, 4, 8, 0),
    )  # morning: no safety check
    qtbot.addWidget(window)
    try:
        window.show()
        button = window.today.start_button
        pressed = clock.now
        real_begin = window.player.begin

        def slow_begin(*args: object, **kwargs: object) -> None:  # building takes 0.3 s
            clock.advance(0.3)
            real_begin(*args, **kwargs)  # type: ignore[arg-type]

        window.player.begin = slow_begin  # type: ignore[method-assign]
        asked: list[object] = []
        window.today.start_requested.connect(lambda routine, _slot: asked.append(routine))
        qtbot.keyClick(button, Qt.Key.Key_Space)
        assert asked == ["morning"]
        driver = window.player.driver
        assert driver is not None and driver.engine.is_active
        state = driver.engine.snapshot(clock.now)
        assert state.phase_elapsed == pytest.approx(clock.now - pressed), (
            "the session's clock starts at the key, not after the page is built"
        )
        first = driver.engine.timeline.phases[0]
        announce = first.cues[0]
        countdown = [c for c in first.cues if c.kind.value == "countdown"]
        assert countdown and countdown[0].offset >= announce.offset + 4.0, (
            "the countdown waits for the whole (measured) announcement"
        )
    finally:
        window.player.stop_now()
        services.close()


def minutes_on_start(window: MainWindow) -> int:
    text = window.today.start_button.label.text()  # "Start: Morning hands & feet (13 min)"
    return int(text.rsplit("(", 1)[1].split()[0])


def test_todays_minutes_and_the_players_time_left_follow_the_measured_voice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    services = open_services(tmp_path / "data")
    at_eight = lambda: datetime(2026, 12, 4, 8, 0)  # noqa: E731
    usual = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=FakeClock(), now=at_eight)
    slow = MainWindow(
        services, MeasuredSpeaker(), chime=lambda: None, clock=FakeClock(), now=at_eight
    )
    for window in (usual, slow):
        qtbot.addWidget(window)
    try:
        assert minutes_on_start(slow) > minutes_on_start(usual)
        qtbot.keyClick(slow.today.start_button, Qt.Key.Key_Space)
        driver = slow.player.driver
        assert driver is not None
        total = driver.engine.timeline.total_duration
        assert round(total / 60) == minutes_on_start(slow)
        left = slow.player.session.left_label.text()  # "m:ss left"
        minutes, seconds = left.split()[0].split(":")
        assert int(minutes) * 60 + int(seconds) == round(total)
    finally:
        slow.player.stop_now()
        services.close()
