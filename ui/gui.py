"""Starting the desktop app: paint first, then Today.

Only Qt widgets and the theme are imported before the window is shown. Right after the
first paint the database is opened (migrating or repairing it only if needed), Today and
the pages it leads to are built inside the same window, and the speech engine starts on
its own thread. Progress and Clinician are built on their first visit.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, QTimer, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cipn_coach.i18n import _
from ui.fonts import use_language_font
from ui.pyside_import import put_back_python_import
from ui.shell import AppWindow
from ui.theme import CALM, style_sheet


def speech_cache_dir(services: Any) -> Path:
    """Inside the private data folder (deleted with it); for a database given by URL
    (no folder of its own), a private folder in the user's cache."""
    from cipn_coach.paths import speech_cache_dir as in_data_folder

    folder = services.data_folder()
    if folder is not None:
        return in_data_folder(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cipn-coach", appauthor=False)) / "speech"


def build_content(
    app: QApplication, services: Any, speech_starts_on: SignalInstance | None = None
) -> Any:
    """The main content with real speech (or captions only if no audio stack at all).

    ``speech_starts_on``: the speech engine starts when this signal comes (the app's:
    Today painted), not at once. Its worker holds the interpreter's lock for much of its
    start (pyttsx3's import, espeak-ng's voices), so beside Today's build the two took
    turns and Today appeared later. What Today asks meanwhile is queued."""
    from cipn_coach.paths import assets_dir
    from cipn_coach.speech.speaker import NullSpeaker, VoiceSettings
    from cipn_coach.speech.synthesizer import Synthesizer
    from ui.main_window import MainWindow
    from ui.speech import QtSpeaker

    speaker = synthesizer = None
    try:
        synthesizer = Synthesizer(speech_cache_dir(services), VoiceSettings())
        speaker = QtSpeaker(
            synthesizer,
            chime_path=assets_dir() / "sounds" / "chime.wav",
            start_engine=speech_starts_on is None,
        )
        if speech_starts_on is not None:
            speech_starts_on.connect(speaker.start_engine)
    except Exception as exc:  # noqa: BLE001 - no audio stack: captions still carry every cue
        print(
            "cipn-coach: "
            + _("voice unavailable ({reason}); captions will show every cue").format(reason=exc),
            file=sys.stderr,
        )
    window = MainWindow(
        services, speaker or NullSpeaker(), chime=(speaker.chime if speaker else (lambda: None))
    )
    if speaker is not None and synthesizer is not None:
        # (the window has applied the voice settings: before Today prefetched)
        # the voice list is known once the worker has started the engine, off this thread;
        # Settings offers those for the language of the text (see _load_voices)
        speaker.voices_ready.connect(lambda _installed: _load_voices(window, synthesizer))
        # no speaker or headphones: said once, calmly, on Today (captions carry on)
        speaker.no_sound.connect(window.today.show_notice)
        speaker.unavailable.connect(
            lambda message: QMessageBox.information(
                window,
                _("Voice is not available"),
                _(
                    "The speaking voice could not start, so the session will show every "
                    "instruction as a caption instead.\n\n({reason})"
                ).format(reason=message),
            )
        )
    from ui.reminder_tray import start_reminders

    icon = app_icon()
    app.setWindowIcon(icon)
    window.reminders = start_reminders(window, icon)
    return window


def _load_voices(window: Any, synthesizer: Any) -> None:
    """Settings offers only the voices for the app's language, and the session speaks with
    one of them: a saved voice of another language goes back to the default (English:
    the engine's own) or to the language's voice (Chinese: espeak-ng's Cantonese ``yue``;
    an English voice would read the Chinese as letter names).

    No voice at all for the language: said once on Today, and the voice stays silent for
    this run (captions carry every cue); the saved choice is left as it is."""
    from dataclasses import replace

    from cipn_coach.i18n import ENGLISH, NAMES, language

    shown = language()
    voices = synthesizer.voices_for(shown)
    settings = window.voice_settings()
    if synthesizer.voices() and not voices:
        window.today.show_notice(
            _(
                "No voice on this computer speaks {language}, so sessions show every "
                "instruction as a caption instead."
            ).format(language=NAMES[shown])
        )
        window.speaker.apply(replace(settings, enabled=False))
    elif voices and settings.voice_id not in dict(voices):
        wanted = None if shown == ENGLISH else synthesizer.voice_for(shown)
        if wanted != settings.voice_id:
            window.set_voice(replace(settings, voice_id=wanted))
    window.set_voices(voices)


def _remember_geometry(shell: AppWindow, preferences: Any) -> None:
    """The window goes back to where it was last time and keeps its place on closing
    (``prefs.WINDOW_GEOMETRY``; a bad stored value reads as none: the default place)."""
    from cipn_coach.settings import preferences as prefs

    shell.remember_geometry(
        preferences.get(prefs.WINDOW_GEOMETRY),
        lambda text: preferences.set(prefs.WINDOW_GEOMETRY, text),
    )


def app_icon() -> QIcon:
    """The launcher's icon as the PNGs rendered from its SVG (``assets/icons``): the
    window and tray show exactly the pixels the menu does, and no SVG engine loads."""
    from cipn_coach.desktop_entry import ICON_SIZES
    from cipn_coach.paths import assets_dir

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(assets_dir() / "icons" / f"app-{size}.png"), QSize(size, size))
    return icon


def name_windows_after_the_launcher(app: QApplication) -> None:
    """The window's WM class (X11), app id (Wayland) and icon match the installed
    launcher (``cipn_coach.desktop_entry``), so the dock groups the window under the menu
    entry and shows the same icon. Set before the first window: X11 reads them then."""
    from cipn_coach.desktop_entry import APP_ID, WINDOW_CLASS

    app.setApplicationName(WINDOW_CLASS)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def _install_qt_translation(app: QApplication) -> None:
    """Qt's own buttons and dialogs (OK, Cancel, file dialogs) in Chinese when the app is:
    Qt ships no zh_HK catalogue, and zh_TW is the Traditional Chinese one. And the default
    locale too: a date field's calendar names its months and weekdays from it, and on an
    English system it showed "December 2026", "Sun Mon …" in the Chinese app."""
    from cipn_coach.i18n import QT_TRANSLATIONS, language

    name = QT_TRANSLATIONS.get(language())
    if name is None:  # English: Qt's own words
        return
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(language()))

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(name, folder):
        app.installTranslator(translator)


def run_gui(args: argparse.Namespace) -> int:
    """Open the app; returns its exit status.

    Python's cyclic garbage collector is off until Today has been built: start-up
    allocates several hundred thousand long-lived objects (Qt's bindings, SQLAlchemy,
    pydantic, the library), and collecting meanwhile only scans them again and again
    (~10 % of the CPU time to Today, measured). Then everything alive is frozen (never
    scanned again: it lives as long as the app) and collection resumes as usual.
    """
    gc.disable()
    try:
        return _run_gui(args)
    finally:
        _collect_garbage_again()


def _collect_garbage_again() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _run_gui(args: argparse.Namespace) -> int:
    from cipn_coach.instance_lock import AlreadyRunning, InstanceLock
    from cipn_coach.paths import default_data_dir

    put_back_python_import()

    # The app uses no pydantic plugins; without this, pydantic scans every installed
    # package's entry points for them when the first model is built (~12 ms of start-up).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    name_windows_after_the_launcher(app)
    _install_qt_translation(app)
    use_language_font(app)  # Chinese drawn by a Hong Kong font, never tofu
    app.setStyleSheet(style_sheet(CALM))
    data_dir: Path = args.data_dir or default_data_dir()
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyRunning:
        return _already_running(data_dir)
    except OSError as exc:  # read-only or missing parent folder: say so, touch nothing
        print(
            "cipn-coach: "
            + _("cannot use the data folder {folder}: {reason}").format(
                folder=data_dir, reason=exc.strerror
            ),
            file=sys.stderr,
        )
        QMessageBox.critical(
            None,
            _("CIPN Coach cannot open its data folder"),
            _("{folder}\n\n{reason}. Nothing was changed.").format(
                folder=data_dir, reason=exc.strerror
            ),
        )
        return 2
    shell = AppWindow()
    shell.show()
    state: dict[str, Any] = {}

    def finish_start() -> None:
        from ui.crash_guard import CrashGuard, default_log_dir
        from ui.single_instance import ShowRequests

        CrashGuard(
            default_log_dir(),
            lambda text: QMessageBox.warning(shell, _("Something went wrong"), text),
            unsaved=_unsaved_writes(state),
            fallback_dir=data_dir,
        ).install()
        state["show_requests"] = ShowRequests(data_dir, lambda: _bring_forward(shell), shell)
        try:
            from cipn_coach.i18n import language
            from cipn_coach.services import open_services

            # the library in the app's language: what Today, the player and the voice read
            # an update's migration runs in a child process: Alembic stays out of the app
            services = open_services(
                data_dir,
                args.database_url,
                recover=True,
                language=language(),
                migrate_apart=True,
            )
        except Exception as exc:  # noqa: BLE001 - never leave a frozen window behind
            QMessageBox.critical(
                shell,
                _("CIPN Coach could not open your data"),
                _("{reason}\n\nNothing was changed.").format(reason=exc),
            )
            app.exit(2)
            return
        state["services"] = services
        _remember_geometry(shell, services.preferences)
        content = build_content(app, services, speech_starts_on=shell.content_painted)
        # Said plainly after the window is up, at every start until it has been read.
        QTimer.singleShot(0, lambda: tell_repair(content, services))
        if getattr(args, "family", False):
            content.set_family(True)
        shell.set_content(content)
        content.offer_welcome()  # a first start: the welcome, once

    shell.first_painted.connect(finish_start)
    shell.first_painted.connect(_collect_garbage_again)  # after finish_start, even if it failed
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


def tell_repair(parent: Any, services: Any) -> None:
    """Show an unread repair message (written by whoever repaired the data: this start,
    an earlier one closed too soon, or a command); once closed, it counts as read.

    Not in the family view: a relative is told too, but the patient must still be."""
    text = services.unread_repair_notice()
    if text is None:
        return
    QMessageBox.warning(parent, _("Your data was repaired"), text)
    if not getattr(parent, "family", False):
        services.mark_repair_notice_read()


def _bring_forward(window: AppWindow) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


def _already_running(data_dir: Path) -> int:
    from ui.single_instance import ask_running_app_to_show

    if ask_running_app_to_show(data_dir):
        print(
            "cipn-coach: CIPN Coach is already open; its window was brought forward",
            file=sys.stderr,
        )
        return 0
    print("cipn-coach: CIPN Coach is already open on this data folder", file=sys.stderr)
    QMessageBox.information(
        None,
        _("CIPN Coach is already open"),
        _("CIPN Coach is already open. Please switch to its window."),
    )
    return 1
