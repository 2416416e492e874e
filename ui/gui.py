"""Starting the desktop app: paint first, then Today, then the rest.

Only Qt widgets and the theme are imported before the window is shown. Meanwhile a
helper process reads Today straight from SQLite (``ui.today_reader``); right after the
first paint the window draws it (``ui.starting_view``); then the database is opened
through SQLAlchemy (migrating or repairing it if needed), the speech engine is started
and the other pages are built, inside the same window.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.shell import AppWindow
from ui.theme import CALM, style_sheet
from ui.today_reader import TodayReader


def speech_cache_dir(services: Any) -> Path:
    """Inside the private data folder (deleted with it); for a database given by URL
    (no folder of its own), a private folder in the user's cache."""
    from cipn_coach.paths import speech_cache_dir as in_data_folder

    database = services.db.path
    if database is not None:
        return in_data_folder(database.parent)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cipn-coach", appauthor=False)) / "speech"


def build_content(app: QApplication, services: Any) -> Any:
    """The main content with real speech (or captions only if no audio stack at all)."""
    from cipn_coach.paths import assets_dir
    from cipn_coach.speech.speaker import NullSpeaker, VoiceSettings
    from cipn_coach.speech.synthesizer import Synthesizer
    from ui.main_window import MainWindow
    from ui.speech import QtSpeaker

    speaker = synthesizer = None
    try:
        synthesizer = Synthesizer(speech_cache_dir(services), VoiceSettings())
        speaker = QtSpeaker(synthesizer, chime_path=assets_dir() / "sounds" / "chime.wav")
    except Exception as exc:  # noqa: BLE001 - no audio stack: captions still carry every cue
        print(f"cipn-coach: voice unavailable ({exc}); captions will show every cue", file=sys.stderr)
    window = MainWindow(services, speaker or NullSpeaker(),
                        chime=(speaker.chime if speaker else (lambda: None)))
    if speaker is not None and synthesizer is not None:
        speaker.apply(window.voice_settings())
        # the voice list is known once the worker has started the engine, off this thread
        QTimer.singleShot(1500, lambda: _load_voices(window, synthesizer, services))
        # no speaker or headphones: said once, calmly, on Today (captions carry on)
        speaker.no_sound.connect(window.today.show_notice)
        speaker.unavailable.connect(lambda message: QMessageBox.information(
            window, "Voice is not available",
            "The speaking voice could not start, so the session will show every "
            f"instruction as a caption instead.\n\n({message})"))
    from PySide6.QtGui import QIcon

    from ui.reminder_tray import ReminderTray

    icon = QIcon(str(assets_dir() / "icons" / "app.svg"))
    app.setWindowIcon(icon)
    window.reminders = ReminderTray(window.reminder_state, icon, parent=window)
    return window


def _load_voices(window: Any, synthesizer: Any, services: Any) -> None:
    """Settings offers only the voices for the language of the text; a saved voice of
    another language (chosen before the list was filtered) goes back to the default."""
    from dataclasses import replace

    from cipn_coach.preferences import REMINDER_TIME
    from cipn_coach.speech.voices import TEXT_LANGUAGE

    voices = synthesizer.voices_for(TEXT_LANGUAGE)
    settings = window.voice_settings()
    if settings.voice_id is not None and voices and settings.voice_id not in dict(voices):
        window._voice_changed(replace(settings, voice_id=None))
    window.settings_page.load(window.voice_settings(), window.chime_enabled(), voices,
                              window.prefs.get(REMINDER_TIME), *window.appearance())


def _install_qt_translation(app: QApplication) -> None:
    """Qt's own buttons and dialogs (OK, Cancel, file dialogs) in Chinese when the app is:
    Qt ships no zh_HK catalogue, and zh_TW is the Traditional Chinese one."""
    from cipn_coach.i18n import QT_TRANSLATIONS, language

    name = QT_TRANSLATIONS.get(language())
    if name is None:  # English: Qt's own words
        return
    from PySide6.QtCore import QLibraryInfo, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(name, folder):
        app.installTranslator(translator)


def run_gui(args: argparse.Namespace) -> int:
    from cipn_coach.instance_lock import AlreadyRunning, InstanceLock
    from cipn_coach.paths import default_data_dir

    # The app uses no pydantic plugins; without this, pydantic scans every installed
    # package's entry points for them when the first model is built (~12 ms of start-up).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CIPN Coach")
    _install_qt_translation(app)
    app.setStyleSheet(style_sheet(CALM))
    data_dir: Path = args.data_dir or default_data_dir()
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyRunning:
        return _already_running(data_dir)
    except OSError as exc:  # read-only or missing parent folder: say so, touch nothing
        print(f"cipn-coach: cannot use the data folder {data_dir}: {exc.strerror}", file=sys.stderr)
        QMessageBox.critical(None, "CIPN Coach cannot open its data folder",
                             f"{data_dir}\n\n{exc.strerror}. Nothing was changed.")
        return 2
    # Today is read on the other core while this window is built and painted (ui.today_reader)
    reader = None if args.database_url else TodayReader(data_dir)
    shell = AppWindow()
    shell.show()
    state: dict[str, Any] = {}

    def show_today_first() -> None:
        if reader is None:
            finish_start()
            return
        # built while the helper may still be reading: only filling it in is left for later
        state["starting"] = _starting_view(getattr(args, "family", False))
        reader.when_done(show_starting_view)

    def show_starting_view(model: Any) -> None:
        from datetime import datetime

        starting = state.get("starting") if model is not None else None
        try:
            if starting is not None:
                starting.fill(model, datetime.now())
        except Exception:  # noqa: BLE001 - only a shortcut: the full path reports problems
            starting = None
        if starting is None:  # no Today from the helper: straight to the full window
            state.pop("starting", None)
            finish_start()
            return
        starting.painted.connect(finish_start)
        shell.set_content(starting)

    def finish_start() -> None:
        from ui.crash_guard import CrashGuard, default_log_dir
        from ui.single_instance import ShowRequests

        CrashGuard(default_log_dir(), lambda text: QMessageBox.warning(
            shell, "Something went wrong", text), unsaved=_unsaved_writes(state),
            fallback_dir=data_dir).install()
        state["show_requests"] = ShowRequests(data_dir, lambda: _bring_forward(shell), shell)
        try:
            from cipn_coach.services import open_services

            services = open_services(data_dir, args.database_url, recover=True)
        except Exception as exc:  # noqa: BLE001 - never leave a frozen window behind
            QMessageBox.critical(shell, "CIPN Coach could not open your data",
                                 f"{exc}\n\nNothing was changed.")
            app.exit(2)
            return
        state["services"] = services
        content = build_content(app, services)
        if services.db.recovery is not None:  # said plainly, once, after the window is up
            QTimer.singleShot(0, lambda: QMessageBox.warning(
                content, "Your data was repaired", services.db.recovery.message()))
        if getattr(args, "family", False):
            content.set_family(True)
        starting = state.pop("starting", None)
        shell.set_content(content)
        # the family view (saved, so known only now) never starts a session
        if starting is not None and starting.pending_start is not None and not content.family:
            content.start_session(*starting.pending_start)
        else:
            content.offer_welcome()  # a first start: the welcome, once

    shell.first_painted.connect(show_today_first)
    status = app.exec()
    if "services" in state:
        state["services"].close()
    lock.release()
    return status


def _unsaved_writes(state: dict[str, Any]) -> Callable[[], int]:
    """How many session writes wait in the services' writer (0 before it is open)."""
    def count() -> int:
        services = state.get("services")
        return services.writer.pending if services is not None else 0

    return count


def _starting_view(read_only: bool) -> Any:
    """The frame Today is drawn into at start, or ``None`` to wait for the full window."""
    try:
        from ui.starting_view import StartingView

        return StartingView(read_only)
    except Exception:  # noqa: BLE001 - only a shortcut: the full path reports problems
        return None


def _bring_forward(window: AppWindow) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _already_running(data_dir: Path) -> int:
    from ui.single_instance import ask_running_app_to_show

    if ask_running_app_to_show(data_dir):
        print("cipn-coach: CIPN Coach is already open; its window was brought forward",
              file=sys.stderr)
        return 0
    print("cipn-coach: CIPN Coach is already open on this data folder", file=sys.stderr)
    QMessageBox.information(None, "CIPN Coach is already open",
                            "CIPN Coach is already open. Please switch to its window.")
    return 1
