"""Starting the desktop app: paint first, then open the data and the voice.

The window appears before the database, the library and the speech engine are ready;
those are opened right after the first paint so the user sees the app at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from cipn_coach.paths import assets_dir
from cipn_coach.services import Services, open_services
from cipn_coach.speech.speaker import NullSpeaker, VoiceSettings
from ui.theme import CALM, THEMES, style_sheet


def speech_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cipn-coach", appauthor=False)) / "speech"


def build_window(app: QApplication, services: Services) -> object:
    """The main window with real speech (or captions only if no engine)."""
    from cipn_coach.speech.synthesizer import Synthesizer
    from ui.main_window import MainWindow
    from ui.speech import QtSpeaker

    theme = THEMES.get(services.settings.get("ui.theme", "calm"), CALM)
    scale = float(services.settings.get("ui.text_scale", 1.0))
    app.setStyleSheet(style_sheet(theme, scale))
    speaker = None
    synthesizer = None
    try:
        synthesizer = Synthesizer(speech_cache_dir(), VoiceSettings())
        speaker = QtSpeaker(synthesizer,
                            chime_path=assets_dir() / "sounds" / "chime.wav")
    except Exception as exc:  # no audio stack at all: captions still carry every cue
        print(f"cipn-coach: voice unavailable ({exc}); captions will show every cue", file=sys.stderr)
    window = MainWindow(services, speaker or NullSpeaker(),
                        chime=(speaker.chime if speaker else (lambda: None)))
    if speaker is not None and synthesizer is not None:
        speaker.apply(window.voice_settings())
        # the voice list is known once the worker has started the engine, off this thread
        QTimer.singleShot(1500, lambda: window.settings_page.load(
            window.voice_settings(), window.chime_enabled(), synthesizer.voices()))
        speaker.unavailable.connect(lambda message: QMessageBox.information(
            window, "Voice is not available",
            "The speaking voice could not start, so the session will show every "
            f"instruction as a caption instead.\n\n({message})"))
    return window


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CIPN Coach")
    app.setStyleSheet(style_sheet(CALM))
    splash = QLabel("CIPN Coach is opening…")
    splash.setProperty("role", "title")
    splash.resize(1100, 720)
    splash.setMargin(48)
    splash.show()
    state: dict[str, object] = {}

    def finish_start() -> None:
        try:
            services = open_services(args.data_dir, args.database_url, recover=True)
        except Exception as exc:  # noqa: BLE001 - never leave a frozen splash behind
            QMessageBox.critical(splash, "CIPN Coach could not open your data",
                                 f"{exc}\n\nNothing was changed.")
            app.exit(2)
            return
        window = build_window(app, services)
        state["services"], state["window"] = services, window
        window.resize(splash.size())  # type: ignore[attr-defined]
        window.show()  # type: ignore[attr-defined]
        splash.close()

    QTimer.singleShot(0, finish_start)
    status = app.exec()
    services = state.get("services")
    if isinstance(services, Services):
        services.close()
    return status
