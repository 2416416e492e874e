"""The main window: navigation between Today, the session player and Settings.

It is handed the core services and the sound outputs; it builds a session (engine,
recorder, driver) when Start is pressed and hands it to the player page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as TimeOfDay
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QMessageBox, QStackedWidget, QVBoxLayout, QWidget,
)

from cipn_coach import paths
from cipn_coach.checkin_schema import CheckInValues
from cipn_coach.engine.clock import Clock
from cipn_coach.errors import CoachError
from cipn_coach.engine.session import SessionEngine
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.pin import Backoff, verify_pin
from cipn_coach.plan import safety_checks
from cipn_coach.reminders import parse_reminder_time
from cipn_coach.recorder import SessionRecorder, utc_now
from cipn_coach.services import Services
from cipn_coach.storage import backup
from cipn_coach.summary import load_summary
from cipn_coach.today_model import today_model
from cipn_coach.speech.speaker import NullSpeaker, Speaker, VoiceSettings
from ui.menus import Menus
from ui.nav import NavColumn
from ui.pages.backups_view import BackupsView
from ui.pages.checkin import CheckInPage
from ui.pages.own_exercise import own_picture
from ui.pages.player import PlayerPage
from ui.pages.settings_page import SettingsPage
from ui.pages.today import TodayPage
from ui.session_driver import SessionDriver
from ui.theme import THEMES, ring_colours, style_sheet


if TYPE_CHECKING:
    from ui.pages.clinician import ClinicianPage
    from ui.pages.progress import ProgressPage

def _quiet_backup(database: Path) -> None:
    try:
        backup.backup_if_changed(database)
    except CoachError:
        pass  # a failed automatic backup must not disturb the patient; doctor reports it


def local_now() -> datetime:
    return datetime.now()


class MainWindow(QWidget):
    """The app's content: navigation and pages. Shown inside ``ui.shell.AppWindow``
    (or on its own in tests); closing it stops a running session, keeping what was done."""

    data_changed = Signal()  # a check-in or session was saved: charts and Today refresh

    def __init__(self, services: Services, speaker: Speaker, chime: Callable[[], None],
                 clock: Clock = time.monotonic, now: Callable[[], datetime] = local_now,
                 voices: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.services = services
        self.speaker = speaker
        self._chime = chime
        self._clock = clock
        self.now = now
        self.family = False
        self._pin_backoff = Backoff()
        self._recorder: SessionRecorder | None = None
        self.setWindowTitle("CIPN Coach")
        self.setMinimumSize(1024, 700)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.menus = Menus(self)
        outer.setMenuBar(self.menus.bar)
        root = QHBoxLayout()
        outer.addLayout(root)
        self.nav = NavColumn()
        self.today_nav, self.checkin_nav = self.nav.today, self.nav.checkin
        self.progress_nav, self.clinician_nav = self.nav.progress, self.nav.clinician
        self.settings_nav = self.nav.settings
        root.addWidget(self.nav)

        self.pages = QStackedWidget()
        self.today = TodayPage()
        self.player = PlayerPage(paths.assets_dir(), picture_for=lambda i: own_picture(services.db, i))
        self.settings_page = SettingsPage()
        self.checkin = CheckInPage()
        self._progress: ProgressPage | None = None  # built on first visit: pyqtgraph is slow to load
        self._clinician: ClinicianPage | None = None  # built on first visit, like Progress
        for page in (self.today, self.player, self.checkin, self.settings_page):
            self.pages.addWidget(page)
        root.addWidget(self.pages, 1)

        self.today_nav.clicked.connect(self.show_today)
        self.settings_nav.clicked.connect(self.show_settings)
        self.today.start_requested.connect(self.start_session)
        self.today.checkin_requested.connect(self.show_checkin)
        self.checkin_nav.clicked.connect(self.show_checkin)
        self.progress_nav.clicked.connect(self.show_progress)
        self.clinician_nav.clicked.connect(self.show_clinician)
        self.pages.currentChanged.connect(self._page_changed)
        self.data_changed.connect(self._refresh_current)
        self.checkin.save_requested.connect(self._save_checkin)
        self.checkin.delete_requested.connect(self._delete_checkin)
        self.checkin.day_requested.connect(self.show_checkin)
        self.player.rated.connect(self._save_rating)
        self.player.closed.connect(self.show_today)
        self.settings_page.voice_changed.connect(self._voice_changed)
        self.settings_page.chime_changed.connect(lambda on: services.settings.set("chime.enabled", on))
        for key, target in (("Ctrl+1", self.show_today), ("Ctrl+2", self.show_checkin),
                            ("Ctrl+3", self.show_progress), ("Ctrl+4", self.show_settings),
                            ("Ctrl+5", self.show_clinician),
                            ("Ctrl+,", self.show_settings)):
            shortcut = QShortcut(QKeySequence(key), self)
            # active whenever focus is anywhere in the app's content
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(target)
        self.settings_page.reminder_changed.connect(
            lambda at: services.settings.set("reminder.time", at))
        self.settings_page.appearance_changed.connect(self.set_appearance)
        self.backups = BackupsView(services.db.path, before_restore=services.db.close)
        self.backups.restored.connect(self._restored)
        self.settings_page.add_section(self.backups)
        self.data_changed.connect(self._back_up_in_background)
        self.settings_page.load(self.voice_settings(), self.chime_enabled(), voices or [],
                                services.settings.get("reminder.time"), *self.appearance())
        self.apply_appearance()
        self.show_today()

    # ------------------------------------------------------------ settings
    def voice_settings(self) -> VoiceSettings:
        get = self.services.settings.get
        try:
            return VoiceSettings(enabled=bool(get("voice.enabled", True)), voice_id=get("voice.id"),
                                 rate_wpm=int(get("voice.rate", 150)),
                                 volume=float(get("voice.volume", 0.9)))
        except (TypeError, ValueError):
            return VoiceSettings()

    def appearance(self) -> tuple[str, float]:
        """(theme name, text scale) as saved; unknown values fall back to the defaults."""
        theme = self.services.settings.get("ui.theme", "calm")
        try:
            scale = float(self.services.settings.get("ui.text_scale", 1.0))
        except (TypeError, ValueError):
            scale = 1.0
        return (theme if theme in THEMES else "calm"), min(2.0, max(1.0, scale))

    def set_appearance(self, theme: str, scale: float) -> None:
        self.services.settings.set("ui.theme", theme)
        self.services.settings.set("ui.text_scale", scale)
        self.apply_appearance()

    def apply_appearance(self) -> None:
        """Restyle the whole app at once: the choice shows immediately and persists."""
        name, scale = self.appearance()
        theme = THEMES[name]
        app = QApplication.instance()
        sheet = style_sheet(theme, scale)
        # re-styling every widget costs ~1 s: only when the look really changes
        if isinstance(app, QApplication) and app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        self.player.session.ring.set_colors(*ring_colours(theme))
        if self._progress is not None:
            self._progress.apply_style(theme, scale)

    def reminder_state(self) -> tuple[TimeOfDay | None, bool]:
        """(reminder time or None, whether today is already rated): for the tray."""
        at = parse_reminder_time(self.services.settings.get("reminder.time"))
        return at, self.services.checkins.get(self.now().date()) is not None

    def chime_enabled(self) -> bool:
        return bool(self.services.settings.get("chime.enabled", True))

    def _voice_changed(self, voice: VoiceSettings) -> None:
        s = self.services.settings
        s.set("voice.enabled", voice.enabled)
        s.set("voice.id", voice.voice_id)
        s.set("voice.rate", voice.rate_wpm)
        s.set("voice.volume", voice.volume)
        apply = getattr(self.speaker, "apply", None)
        if apply is not None:
            apply(voice)

    # --------------------------------------------------------------- pages
    def show_today(self) -> None:
        now = self.now()
        screen = self.services.today_screen(now)
        model = today_model(screen)
        self.today.show_model(model, now.hour)
        if model.next_row is not None and self.voice_settings().enabled:
            # the first cue is then ready the moment Start is pressed (synthesis is on the
            # speech worker, never on this thread)
            prefetch = getattr(self.speaker, "prefetch", None)
            if prefetch is not None:
                prefetch(screen.spoken.get(model.rows[model.next_row].routine_id, []))
        self.today.set_read_only(self.family)
        self.nav.show()
        self.pages.setCurrentWidget(self.today)
        (self.today_nav if self.family else self.today.start_button).setFocus()

    @property
    def progress(self) -> ProgressPage:
        """The Progress page, created the first time it is needed (not at start-up)."""
        if self._progress is None:
            from ui.pages.progress import ProgressPage

            name, scale = self.appearance()
            self._progress = ProgressPage(THEMES[name], scale)
            self._progress.range_changed.connect(lambda _key: self.show_progress())
            self.pages.addWidget(self._progress)
        return self._progress

    @property
    def clinician(self) -> ClinicianPage:
        """The clinician area, created the first time it is opened (not at start-up)."""
        if self._clinician is None:
            from ui.pages.clinician import ClinicianPage

            self._clinician = ClinicianPage(self.services, now=self.now, clock=self._clock)
            self.pages.addWidget(self._clinician)
        return self._clinician

    def progress_period(self) -> tuple[date, date]:
        today = self.now().date()
        key = self.progress.current_range
        if key == "2w":
            return today - timedelta(days=13), today
        if key == "4w":
            return today - timedelta(days=27), today
        start = self.services.plan.start_date(today)
        first_checkin = self.services.checkins.first_day()
        earliest = min(d for d in (start, first_checkin, today - timedelta(days=27)) if d)
        return earliest, today

    def show_progress(self) -> None:
        first, last = self.progress_period()
        summary = load_summary(self.services, first, last, self.now())
        efforts = [(s.local_date, s.effort)
                   for s in self.services.sessions.between(first, last, with_steps=False)]
        self.nav.show()
        # shown first, so the charts below the fold can wait until they are scrolled to
        self.pages.setCurrentWidget(self.progress)
        self.progress.show_summary(summary, efforts)

    def show_settings(self) -> None:
        if not self.family:
            self.pages.setCurrentWidget(self.settings_page)

    def show_clinician(self) -> None:
        if self.family:
            return
        self.nav.show()
        self.pages.setCurrentWidget(self.clinician)

    def _page_changed(self, _index: int) -> None:
        # the clinician area locks again (when a PIN is set) as soon as it is left
        if self._clinician is not None and self.pages.currentWidget() is not self._clinician:
            self._clinician.lock()

    def _refresh_current(self) -> None:
        """After a save, the page in view shows it at once (charts included)."""
        if self._progress is not None and self.pages.currentWidget() is self._progress:
            self.show_progress()

    def show_checkin(self, day: date | None = None) -> None:
        if self.family:  # read only: no editing, not even by shortcut
            return
        today = self.now().date()
        day = day if isinstance(day, date) else today
        self.checkin.load(day, today, self.services.checkins.get(day))
        self.nav.show()
        self.pages.setCurrentWidget(self.checkin)

    def _save_checkin(self, day: date, values: CheckInValues) -> None:
        """One short transaction; the page shows "✓ Saved" or names what is wrong."""
        try:
            row = self.services.checkins.save(day, values, utc_now(), today=self.now().date())
        except CoachError as exc:
            self.checkin.show_error(str(exc))
            return
        self.checkin.show_saved(row)
        self.data_changed.emit()

    def _delete_checkin(self, day: date) -> None:
        """Delete a day's check-in (a safety backup keeps it and its history first)."""
        if self.family:
            return
        try:
            self.services.checkins.delete(day)
        except CoachError as exc:
            self.checkin.show_error(str(exc))
            return
        self.checkin.show_deleted()
        self.data_changed.emit()

    # ------------------------------------------------------------- session
    def start_session(self, routine_id: str, slot: str | None) -> None:
        if self.player.is_running:
            return
        services = self.services
        routine = services.library.routine(routine_id)
        day = self.now().date()
        week = services.plan.week(day)
        steps = services.plan.plan_for(routine, day)  # fixed now: never changes mid-session
        timeline = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
        engine = SessionEngine(timeline, self._clock)
        speaker: Speaker = self.speaker if self.voice_settings().enabled else NullSpeaker()
        prefetch = getattr(speaker, "prefetch", None)
        if prefetch is not None:
            prefetch([c["text"] for c in timeline.script() if c["kind"] != "chime"])
        chime = self._chime if self.chime_enabled() else (lambda: None)
        driver = SessionDriver(engine, speaker, chime, self._clock, parent=self)

        def record() -> None:
            self._recorder = SessionRecorder(services.sessions, engine, routine, slot=slot,
                                             local_date=day, program_week=week, wall_clock=utc_now)

        driver.starting.connect(record)
        driver.ended.connect(lambda _status: self.data_changed.emit())
        self.nav.hide()
        self.pages.setCurrentWidget(self.player)
        self.player.begin(driver, safety_checks(steps))

    def _save_rating(self, effort: object, change: object, note: str) -> None:
        if self._recorder is not None:
            self.services.sessions.rate(self._recorder.session_id, effort, change, note)  # type: ignore[arg-type]
            self.data_changed.emit()

    # ------------------------------------------------------------- backups
    def _back_up_in_background(self) -> None:
        """After a session or check-in: a backup if something changed, off the UI thread."""
        database = self.services.db.path
        if database is None:
            return
        QThreadPool.globalInstance().start(lambda: _quiet_backup(database))

    def _restored(self, message: str) -> None:
        QMessageBox.information(self, "Backup restored", f"{message}\n\nCIPN Coach will now "
                                "close. Please open it again.")
        QApplication.instance().quit()

    # --------------------------------------------------------- family view
    def toggle_family(self) -> None:
        if self.family:
            self.leave_family()
        else:
            self.set_family(True)

    def set_family(self, on: bool) -> None:
        """Read-only view for relatives: status, charts, flags, recent sessions; nothing
        that starts, edits or deletes anything."""
        self.family = on
        for widget in (self.checkin_nav, self.settings_nav, self.clinician_nav):
            widget.setVisible(not on)
        for action in self.menus.editing_actions:
            action.setEnabled(not on)
        self.menus.family_action.setChecked(on)
        if self._progress is not None and self.pages.currentWidget() is self._progress:
            self.today.set_read_only(on)
        else:
            self.show_today()

    def leave_family(self, pin: str | None = None) -> bool:
        """Leaving is deliberate: with a clinician PIN set, the PIN is needed."""
        stored = self.services.settings.get("clinician.pin_hash")
        if stored:
            wait = self._pin_backoff.remaining(self._clock())
            if wait > 0:
                self.today.show_notice(f"Please wait {wait:.0f} s before trying the PIN again.")
                self.menus.family_action.setChecked(True)
                return False
            if pin is None:
                from PySide6.QtWidgets import QInputDialog, QLineEdit

                pin, ok = QInputDialog.getText(self, "Leave family view",
                                               "Enter the clinician PIN:", QLineEdit.EchoMode.Password)
                if not ok:
                    self.menus.family_action.setChecked(True)
                    return False
            if not verify_pin(pin, stored):
                wait = self._pin_backoff.record_failure(self._clock())
                self.today.show_notice(f"That PIN is not right. You can try again in {wait:.0f} s.")
                self.menus.family_action.setChecked(True)
                return False
            self._pin_backoff.reset()
        self.set_family(False)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.player.stop_now()
        cancel = getattr(self.speaker, "cancel", None)
        if cancel:
            cancel()
        super().closeEvent(event)
