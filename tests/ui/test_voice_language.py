"""Issue 14 §2: the session speaks with a voice for the app's language. Chinese uses
espeak-ng's Cantonese voice (yue); with no voice for the language the person is told
once on Today and the voice stays silent (captions carry the session)."""

from __future__ import annotations

from datetime import datetime

from cipn_coach import i18n
from cipn_coach.services import open_services
from cipn_coach.settings import preferences as prefs
from cipn_coach.speech.speaker import FakeSpeaker, VoiceSettings
from cipn_coach.speech.voices import Voice, voice_for_language, voices_for_language
from ui.gui import _load_voices
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 20, 18, 0)
ENGLISH_ONLY = [Voice("gmw/en", "English (Great Britain)", ("en-gb",))]
WITH_CANTONESE = [*ENGLISH_ONLY, Voice("sit/yue", "Chinese (Cantonese)", ("yue",))]


class Synthesizer:
    """The installed voices, as the real synthesizer reports them once its engine runs."""

    def __init__(self, installed: list[Voice]) -> None:
        self.installed = installed

    def voices(self) -> list[tuple[str, str]]:
        return [(v.id, v.name) for v in self.installed]

    def voices_for(self, language: str) -> list[tuple[str, str]]:
        return [(v.id, v.name) for v in voices_for_language(self.installed, language)]

    def voice_for(self, language: str, chosen: str | None = None) -> str | None:
        return voice_for_language(self.installed, language, chosen)


class Speaker(FakeSpeaker):
    def __init__(self) -> None:
        super().__init__()
        self.applied: list[VoiceSettings] = []

    def apply(self, settings: VoiceSettings) -> None:
        self.applied.append(settings)


def _window(qtbot, services, speaker):
    window = MainWindow(services, speaker, chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)
    return window


def test_a_chinese_session_speaks_with_the_cantonese_voice(qtbot, tmp_path):
    i18n.set_language("zh-HK")
    services = open_services(tmp_path / "data", language="zh_HK")
    try:
        prefs.Preferences(services.settings).set(prefs.VOICE_ID, "gmw/en")  # chosen in English
        speaker = Speaker()
        window = _window(qtbot, services, speaker)
        _load_voices(window, Synthesizer(WITH_CANTONESE))
        assert prefs.Preferences(services.settings).get(prefs.VOICE_ID) == "sit/yue"
        assert speaker.applied[-1].voice_id == "sit/yue" and speaker.applied[-1].enabled
        offered = [
            window.settings_page.voice.itemData(i)
            for i in range(window.settings_page.voice.count())
        ]
        assert offered == [None, "sit/yue"]  # only voices for the language
        # espeak-ng names its voices in English: the reader sees the name in Chinese
        assert window.settings_page.voice.itemText(1) == "粵語（廣東話）"
        assert not window.today.notice.isVisibleTo(window.today)
    finally:
        services.close()


def test_no_voice_for_the_language_is_said_once_and_captions_carry_on(qtbot, tmp_path):
    i18n.set_language("zh-HK")
    services = open_services(tmp_path / "data", language="zh_HK")
    try:
        speaker = Speaker()
        window = _window(qtbot, services, speaker)
        _load_voices(window, Synthesizer(ENGLISH_ONLY))
        assert window.today.notice.isVisibleTo(window.today)
        assert "字幕" in window.today.notice.text()  # in the app's language
        assert speaker.applied[-1].enabled is False  # no English voice reading Chinese
        assert prefs.Preferences(services.settings).get(prefs.VOICE_ENABLED)  # saved choice kept
    finally:
        services.close()


def test_english_keeps_the_engine_default_voice(qtbot, tmp_path):
    services = open_services(tmp_path / "data")
    try:
        prefs.Preferences(services.settings).set(prefs.VOICE_ID, "sit/yue")
        speaker = Speaker()
        window = _window(qtbot, services, speaker)
        _load_voices(window, Synthesizer(WITH_CANTONESE))
        assert prefs.Preferences(services.settings).get(prefs.VOICE_ID) is None
        assert not window.today.notice.isVisibleTo(window.today)
    finally:
        services.close()
