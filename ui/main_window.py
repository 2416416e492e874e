"""The main window: navigation between Today, the session player and Settings.

It is handed the core services and the sound outputs; it builds a session (engine,
recorder, driver) when Start is pressed and hands it to the player page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as TimeOfDay
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import paths
from cipn_coach.changes import Changes
from cipn_coach.checkin.reminders import parse_reminder_time
from cipn_coach.engine.clock import Clock
from cipn_coach.engine.timeline import SpokenLengths, Timeline, build_timeline, spoken_texts
from cipn_coach.errors import CoachError
from cipn_coach.formatting import whole
from cipn_coach.i18n import _
from cipn_coach.reports.today import today_words
from cipn_coach.routines.plan import safety_checks
from cipn_coach.services import Services
from cipn_coach.sessions.resume import ResumePoint, latest_cut_short, resume_point
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.pin import Backoff, verify_pin
from cipn_coach.settings.session_times import Details
from cipn_coach.speech.speaker import NullSpeaker, Speaker, VoiceSettings
from ui.menus import Menus
from ui.nav import NavColumn
from ui.pages.today import TodayPage
from ui.selftests.flow import SelfTestFlow
from ui.shell import MIN_SIZE
from ui.theme import THEMES, ring_colours, style_sheet
from ui.widgets.app_filter import install_app_filter

if TYPE_CHECKING:
    from cipn_coach.checkin.schema import CheckInValues
    from cipn_coach.sessions.recorder import SessionRecorder
    from ui.clinician.page import ClinicianPage
    from ui.pages.backups_view import BackupsView
    from ui.pages.checkin import CheckInPage
    from ui.pages.progress import ProgressPage
    from ui.pages.settings import SettingsPage
    from ui.pages.welcome import WelcomePage
    from ui.session.player import PlayerPage
    from ui.treatment.flow import TreatmentFlow


def local_now() -> datetime:
    return datetime.now()


class MainWindow(QWidget):
    """The app's content: navigation and pages. Shown inside ``ui.shell.AppWindow``
    (or on its own in tests); closing it stops a running session, keeping what was done."""

    # after every write through the services: what it changed (cipn_coach.changes.Changes);
    # the pages in view, and the automatic backup, follow this one signal
    changed = Signal(object)
    session_saved = Signal(object)  # Changes, emitted on the writer's thread; delivered on this one

    def __init__(
        self,
        services: Services,
        speaker: Speaker,
        chime: Callable[[], None],
        clock: Clock = time.monotonic,
        now: Callable[[], datetime] = local_now,
        voices: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.prefs = services.preferences  # typed: a bad stored value reads as its default
        self.speaker = speaker
        self._chime = chime
        self._clock = clock
        self.now = now
        self.family = False
        self._pin_backoff = Backoff()
        self._recorder: SessionRecorder | None = None
        self.in_session = False  # from Start until the player hands back to Today
        self._closing = False  # "Stop and close" was chosen: the next close goes through
        self._resume: ResumePoint | None = None  # a session cut short, offered on Today
        self._info: QWidget | None = None  # the Help or About box while it is open
        self.setWindowTitle("CIPN Coach")
        self.setMinimumSize(*MIN_SIZE)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.menus = Menus(self, services, now)
        self.menus.family_toggled.connect(self.toggle_family)
        self.menus.help_requested.connect(self.show_help)
        self.menus.welcome_requested.connect(self.show_welcome)
        self.menus.about_requested.connect(self.show_about)
        self.menus.changed.connect(self.changed)
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
        self._player: PlayerPage | None = None  # built when a session first starts
        self._settings_page: SettingsPage | None = None  # built on first visit, like Progress
        self._backups: BackupsView | None = None  # a section of Settings, built with it
        self._voices = voices or []  # the engine's voices, for Settings (set_voices)
        self._checkin: CheckInPage | None = None  # built on first visit: not needed for Today
        self._welcome: WelcomePage | None = None  # built when first shown (a first start)
        self._progress: ProgressPage | None = (
            None  # built on first visit: pyqtgraph is slow to load
        )
        self._clinician: ClinicianPage | None = None  # built on first visit, like Progress
        self.pages.addWidget(self.today)
        root.addWidget(self.pages, 1)
        self.selftest_flow = SelfTestFlow(
            services,
            self.pages,
            self._session_speaker,
            clock,
            self.now,
            self._lock_for_session,
            lambda: ring_colours(THEMES[self.appearance()[0]]),
            changed=self.changed.emit,
        )
        self.today.selftest_requested.connect(
            lambda test_id: self.selftest_flow.start(test_id, self.show_today)
        )

        self.today_nav.clicked.connect(self.show_today)
        self.settings_nav.clicked.connect(self.show_settings)
        self.today.start_requested.connect(self.start_session)
        self.today.checkin_requested.connect(self.show_checkin)
        self.checkin_nav.clicked.connect(self.show_checkin)
        self.progress_nav.clicked.connect(self.show_progress)
        self.clinician_nav.clicked.connect(self.show_clinician)
        self.pages.currentChanged.connect(self._page_changed)
        self.changed.connect(self._refresh_current)
        # emitted on the writer's thread: queued, so everything after runs on this one
        self.session_saved.connect(self._session_saved, Qt.ConnectionType.QueuedConnection)
        self.today.resume_chosen.connect(self._resume_chosen)
        self.page_shortcuts: list[QShortcut] = []
        for key, target in (
            ("Ctrl+1", self.show_today),
            ("Ctrl+2", self.show_checkin),
            ("Ctrl+3", self.show_progress),
            ("Ctrl+4", self.show_settings),
            ("Ctrl+5", self.show_clinician),
            ("Ctrl+,", self.show_settings),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            # active whenever focus is anywhere in the app's content (but see _rest_ways_out)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(target)
            self.page_shortcuts.append(shortcut)
        self._treatment: TreatmentFlow | None = None  # built when first needed
        self.today.before_cycle_requested.connect(lambda: self.treatment.show_before_cycle())
        self.changed.connect(self._back_up_in_background)
        self.apply_appearance()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_app_filter(app)
        # before Today prefetches: phrases are made at the user's rate
        speaker.apply(self.voice_settings())
        self._resume = self._cut_short_offer()
        if self.prefs.get(prefs.FAMILY_VIEW):  # left only properly, never by a restart
            self.set_family(True)  # shows Today, read only
        else:
            self.show_today()
        self._page_changed(self.pages.currentIndex())  # Today is page 0: no change is signalled

    # ------------------------------------------------------------ settings
    @property
    def treatment(self) -> TreatmentFlow:
        """Settings → Treatment, the pre-cycle screen and the first start's question, wired
        when first needed (with Settings, or from Today's "see my summary")."""
        if self._treatment is None:
            from ui.treatment.flow import TreatmentFlow

            self._treatment = TreatmentFlow(
                self.services,
                self.pages,
                self.now,
                back=self.show_today,
                changed=self.changed.emit,
            )
        return self._treatment

    @property
    def settings_page(self) -> SettingsPage:
        """Settings (with the treatment and backup sections), built on its first visit:
        Today does not need it, and its forms are a good part of building the window."""
        if self._settings_page is None:
            self._settings_page = self._build_settings_page()
        return self._settings_page

    @property
    def backups(self) -> BackupsView:
        """The backups section of Settings (built with it)."""
        self.settings_page  # noqa: B018 - builds the page and its sections
        assert self._backups is not None
        return self._backups

    def _build_settings_page(self) -> SettingsPage:
        from ui.pages.backups_view import BackupsView
        from ui.pages.settings import SettingsPage

        page = SettingsPage()
        self.pages.addWidget(page)
        page.voice_changed.connect(self.set_voice)
        page.chime_changed.connect(lambda on: self.prefs.set(prefs.CHIME, on))
        page.reminder_changed.connect(
            lambda at: self.changed.emit(self.prefs.set(prefs.REMINDER_TIME, at))
        )
        page.appearance_changed.connect(self.set_appearance)
        page.load_name(self.services.patient.profile().name)
        page.load_language(self.prefs.get(prefs.LANGUAGE))
        page.language_changed.connect(lambda code: self.prefs.set(prefs.LANGUAGE, code))
        page.name_changed.connect(
            lambda name: self.changed.emit(self.services.patient.save(name=name).changes)
        )
        page.add_section(self.treatment.section)
        self._backups = BackupsView(self.services.backups)
        self._backups.restored.connect(self._restored)
        page.add_section(self._backups)
        self._load_settings(page)
        return page

    def _load_settings(self, page: SettingsPage) -> None:
        page.load(
            self.voice_settings(),
            self.chime_enabled(),
            self._voices,
            self.prefs.get(prefs.REMINDER_TIME),
            *self.appearance(),
        )

    def set_voices(self, voices: list[tuple[str, str]]) -> None:
        """The voices Settings offers (the engine's, for the app's language): shown at
        once if Settings is built, else when it is."""
        self._voices = voices
        if self._settings_page is not None:
            self._load_settings(self._settings_page)

    def voice_settings(self) -> VoiceSettings:
        """The four voice settings, read together: one begin and commit, not four."""
        get = self.prefs.get
        with self.services.reading():
            voice_id = get(prefs.VOICE_ID)
            return VoiceSettings(
                enabled=get(prefs.VOICE_ENABLED),
                voice_id=voice_id if voice_id and voice_id.strip() else None,
                rate_wpm=get(prefs.VOICE_RATE),
                volume=get(prefs.VOICE_VOLUME),
            )

    def appearance(self) -> tuple[str, float]:
        """(theme name, text scale) as saved; unknown values fall back to the defaults."""
        with self.services.reading():
            theme, scale = self.prefs.get(prefs.THEME), self.prefs.get(prefs.TEXT_SCALE)
        return (theme if theme in THEMES else "calm"), scale

    def set_appearance(self, theme: str, scale: float) -> None:
        self.prefs.set(prefs.THEME, theme)
        self.prefs.set(prefs.TEXT_SCALE, min(2.0, max(1.0, scale)))
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
        self.today.apply_text_scale(scale)
        if self._player is not None:
            self._player.session.ring.set_colors(*ring_colours(theme))
        if self._progress is not None:
            self._progress.apply_style(theme, scale)

    def reminder_state(self) -> tuple[TimeOfDay | None, bool]:
        """(reminder time or None, whether today is already rated): for the tray."""
        at = parse_reminder_time(self.prefs.get(prefs.REMINDER_TIME))
        return at, self.services.checkins.get(self.now().date()) is not None

    def chime_enabled(self) -> bool:
        return self.prefs.get(prefs.CHIME)

    def set_voice(self, voice: VoiceSettings) -> None:
        """Save the voice chosen (in Settings, or by the start-up's check that one speaks
        the reader's language) and speak with it from now on."""
        s = self.prefs
        s.set(prefs.VOICE_ENABLED, voice.enabled)
        s.set(prefs.VOICE_ID, voice.voice_id)
        s.set(prefs.VOICE_RATE, voice.rate_wpm)
        s.set(prefs.VOICE_VOLUME, float(voice.volume))
        self.speaker.apply(voice)

    # --------------------------------------------------------------- pages
    @property
    def player(self) -> PlayerPage:
        """The session player, built when a session first starts: Today does not need it."""
        if self._player is None:
            from ui.session.player import PlayerPage

            player = PlayerPage(paths.assets_dir(), picture_for=self.services.routines.own_picture)
            self.pages.addWidget(player)
            player.rated.connect(self._save_rating)
            player.closed.connect(self._session_over)
            player.close_confirmed.connect(self._close_after_confirm)
            player.session.ring.set_colors(*ring_colours(THEMES[self.appearance()[0]]))
            self._player = player
        return self._player

    def show_today(self) -> None:
        now = self.now()
        voice_on = self.voice_settings().enabled
        lengths = self.speaker.spoken_lengths if voice_on else None
        screen = self.services.today_data(now, lengths)  # minutes as the voice will take
        model = today_words(screen)
        self.today.show_model(model, now.hour)
        self.today.show_selftests_due([(t.id, t.title) for t in self.selftest_flow.due(now.date())])
        # the first cue is then ready the moment Start is pressed (synthesis is on the
        # speech worker, never on this thread); with nothing to prepare, the phrases of
        # a session just finished are let go
        next_phrases: list[str] = []
        if model.next_row is not None and voice_on:
            next_phrases = screen.spoken.get(model.rows[model.next_row].routine_id, [])
        self.speaker.prefetch(next_phrases)
        self.today.set_read_only(self.family)
        offer = None if self.family or self._resume is None else self._resume.question()
        self.today.show_resume(offer)
        self.nav.show()
        self.pages.setCurrentWidget(self.today)
        self.focus_first()

    def focus_first(self) -> None:
        """Keys go to where Today asks first: the offer to continue a session cut short
        when there is one, else the big Start button; the navigation in family view, or
        when nothing can be started."""
        card, start = self.today.resume_card, self.today.start_button
        if self.family:
            target: QWidget = self.today_nav
        elif not card.isHidden():
            target = card.continue_button
        elif start.isEnabled():
            target = start
        else:
            target = self.today_nav
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def checkin(self) -> CheckInPage:
        """The Check-in page, created the first time it is needed (not at start-up)."""
        if self._checkin is None:
            from ui.pages.checkin import CheckInPage

            self._checkin = CheckInPage()
            self._checkin.save_requested.connect(self._save_checkin)
            self._checkin.day_requested.connect(self.show_checkin)
            self._checkin.delete_requested.connect(self._delete_checkin)
            self.pages.addWidget(self._checkin)
        return self._checkin

    @property
    def progress(self) -> ProgressPage:
        """The Progress page, created the first time it is needed (not at start-up)."""
        if self._progress is None:
            from ui.pages.progress import ProgressPage

            name, scale = self.appearance()
            self._progress = ProgressPage(THEMES[name], scale)
            self._progress.range_changed.connect(lambda _key: self.show_progress())
            self._progress.selftests.start_test.connect(
                lambda test_id: self.selftest_flow.start(test_id, self.show_progress)
            )
            self.pages.addWidget(self._progress)
        return self._progress

    @property
    def clinician(self) -> ClinicianPage:
        """The clinician area, created the first time it is opened (not at start-up)."""
        if self._clinician is None:
            from ui.clinician.page import ClinicianPage

            self._clinician = ClinicianPage(self.services, now=self.now, clock=self._clock)
            self._clinician.changed.connect(self.changed)
            self.pages.addWidget(self._clinician)
        return self._clinician

    def progress_period(self) -> tuple[date, date]:
        return self.services.period(self.progress.current_range, self.now().date())

    def show_progress(self) -> None:
        if self.in_session:  # the player cannot be left mid-session (its Stop asks first)
            return
        from cipn_coach.reports.summary import load_summary

        first, last = self.progress_period()
        summary = load_summary(self.services, first, last, self.now())
        efforts = [
            (s.local_date, s.effort)
            for s in self.services.sessions.between(first, last, with_steps=False)
        ]
        self.nav.show()
        self.progress.family = self.family  # flags worded for a relative, or the patient
        # shown first, so the charts below the fold can wait until they are scrolled to
        self.pages.setCurrentWidget(self.progress)
        self.progress.show_summary(summary, efforts)
        today = self.now().date()  # the self-tests: every result so far, and those due
        self.progress.selftests.show_cards(
            self.selftest_flow.cards(today, self.family),
            [] if self.family else self.selftest_flow.due(today),
            self.family,
        )

    def show_settings(self) -> None:
        if not self.family and not self.in_session:
            self.nav.show()  # hidden on the rating after a session: Settings is left by it
            self.pages.setCurrentWidget(self.settings_page)

    def show_clinician(self) -> None:
        if self.family or self.in_session:
            return
        self.nav.show()
        self.pages.setCurrentWidget(self.clinician)

    def _page_changed(self, _index: int) -> None:
        nav_for: dict[QWidget, QWidget] = {
            self.today: self.today_nav,
        }
        if self._settings_page is not None:  # built on its first visit
            nav_for[self._settings_page] = self.settings_nav
        if self._checkin is not None:  # built on its first visit, not at start-up
            nav_for[self._checkin] = self.checkin_nav
        if self._progress is not None:
            nav_for[self._progress] = self.progress_nav
        if self._clinician is not None:
            nav_for[self._clinician] = self.clinician_nav
        self.nav.mark_current(nav_for.get(self.pages.currentWidget()))
        self._rest_ways_out()
        # the clinician area locks again (when a PIN is set) as soon as it is left
        if self._clinician is not None and self.pages.currentWidget() is not self._clinician:
            self._clinician.lock()

    def _session_saved(self, changes: Changes) -> None:
        """A session's end or rating is in the database now: the screens may show it."""
        self.changed.emit(changes)

    def _refresh_current(self, changes: Changes) -> None:
        """After a save, the page in view shows it at once (charts included)."""
        if self._welcome is not None and self.pages.currentWidget() is self._welcome:
            if changes.patient or changes.plan:  # a backup imported from the File menu
                self._load_welcome()  # its name and times: Save must not wipe them
            return
        if not changes.today:  # only how the app behaves (voice, look): nothing to redraw
            return
        if self._progress is not None and self.pages.currentWidget() is self._progress:
            self.show_progress()
        elif self.pages.currentWidget() is self.today:  # a session's end, saved just now
            now = self.now()
            self.today.show_model(today_words(self.services.today_data(now)), now.hour)

    def show_checkin(self, day: date | None = None) -> None:
        if self.family or self.in_session:  # read only: no editing, not even by shortcut
            return
        today = self.now().date()
        day = day if isinstance(day, date) else today
        self.checkin.load(
            day, today, self.services.checkins.get(day), self.services.checkin_prompts(day)
        )
        self.nav.show()
        self.pages.setCurrentWidget(self.checkin)

    def _save_checkin(self, day: date, values: CheckInValues) -> None:
        """One short transaction; the page shows "✓ Saved" or names what is wrong."""
        # with the session engine: Today needs neither
        from cipn_coach.sessions.recorder import utc_now

        try:
            saved = self.services.checkins.save(day, values, utc_now(), today=self.now().date())
        except CoachError as exc:
            self.checkin.show_error(str(exc))
            return
        self.checkin.show_saved(saved.row)
        self.changed.emit(saved.changes)

    def _delete_checkin(self, day: date) -> None:
        """Delete a day's check-in (a safety backup keeps it and its history first)."""
        if self.family:
            return
        try:
            deleted = self.services.checkins.delete(day)
        except CoachError as exc:
            self.checkin.show_error(str(exc))
            return
        self.checkin.show_deleted()
        self.changed.emit(deleted.changes)

    # ------------------------------------------------------------- session
    def start_session(
        self, routine_id: str, slot: str | None, resume: ResumePoint | None = None
    ) -> None:
        """Start a routine, or (``resume``) carry on a session cut short in its own record."""
        pressed_at = self._clock()  # the session's t = 0: when Start was pressed
        if self.in_session or (self._player is not None and self._player.is_running):
            return
        self._resume = None  # any session started settles the offer to continue one
        services = self.services
        routine = services.library.routine(routine_id)
        day = self.now().date()
        week = services.plan.week(day)
        steps = services.plan.plan_for(routine, day)  # fixed now: never changes mid-session
        timeline = build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds)
        spoken = self._spoken_lengths(timeline)
        if spoken is not None:  # lead-ins as long as the chosen voice really takes
            timeline = build_timeline(
                steps, routine.get_ready_seconds, routine.prepare_seconds, spoken=spoken
            )
        from cipn_coach.engine.session import SessionEngine  # on Start: Today does not need it
        from cipn_coach.sessions.recorder import utc_now
        from ui.session.driver import SessionDriver

        engine = SessionEngine(timeline, self._clock)
        speaker: Speaker = self.speaker if self.voice_settings().enabled else NullSpeaker()
        chime = self._chime if self.chime_enabled() else (lambda: None)
        driver = SessionDriver(
            engine, speaker, chime, self._clock, parent=self, hold_writes=services.writer.held
        )
        if resume is not None:
            driver.from_step, driver.earlier = resume.from_step, resume.earlier

        def record() -> None:
            # saved in order by the writer's thread: this thread never waits for the database
            self._recorder = services.sessions.record(
                engine,
                routine,
                slot=slot,
                local_date=day,
                program_week=week,
                wall_clock=utc_now,
                on_saved=self.session_saved.emit,
                continuing=None if resume is None else resume.session_id,
            )

        driver.starting.connect(record)
        # once the session has ended the rating may be left like any page
        driver.ended.connect(lambda _status: self._lock_for_session(False))
        self._lock_for_session(True)
        self.pages.setCurrentWidget(self.player)
        still_to_do = steps[resume.from_step :] if resume is not None else steps
        self.player.begin(
            driver,
            safety_checks(still_to_do),
            started_at=pressed_at,
            own_routine=routine_id in services.library.own_routines,
        )
        # after the first cue: the worker's reading of them shared the interpreter with
        # this thread on the way to it, and the first cue was heard late (Today had them)
        speaker.prefetch([c["text"] for c in timeline.script() if c["kind"] != "chime"])

    def _session_speaker(self) -> Speaker:
        """The voice, or silence (captions only) when it is switched off."""
        return self.speaker if self.voice_settings().enabled else NullSpeaker()

    def _spoken_lengths(self, timeline: Timeline) -> SpokenLengths | None:
        """The measured length of the session's phrases at the chosen voice and rate
        (Today prefetched them, so they are known; never waits), or None with voice off."""
        if not self.voice_settings().enabled:
            return None
        return self.speaker.spoken_lengths(spoken_texts(timeline))

    def _lock_for_session(self, on: bool) -> None:
        """From Start until the session has ended nothing leads away from the player: the
        navigation is hidden, Ctrl+1…5 do nothing and every menu is greyed out. The
        player's own Stop (which asks first) is the way out, and closing the window asks
        too. The rating afterwards is optional: leaving it is the same as skipping it."""
        self.in_session = on
        if on:
            self.nav.hide()  # shown again with the next page (Today after the rating)
        self.menus.set_in_session(on, self.family)
        self._rest_ways_out()

    def _first_steps_in_view(self) -> bool:
        """Whether the welcome, or the first start's treatment question after it, is in
        view: pages without the navigation, left only by their own buttons."""
        current = self.pages.currentWidget()
        if current is None:
            return False
        if current is self._welcome:
            return True
        return self._treatment is not None and self._treatment.is_start_page(current)

    def _rest_ways_out(self) -> None:
        """The page keys (Ctrl+1…5, Ctrl+,) rest during a session and while the welcome
        or the first start's question is in view, and the family view waits for them
        too: a key or a menu item chosen by accident would otherwise leave the patient
        on a page without the navigation, or lose the welcome. Those pages' own buttons
        lead on (to Today, with the navigation). Help, About and the File menu open
        over them and come back to them."""
        first_steps = self._first_steps_in_view()
        for shortcut in self.page_shortcuts:
            shortcut.setEnabled(not (self.in_session or first_steps))
        if not self.in_session:  # in a session every menu is greyed already
            self.menus.set_first_steps(first_steps)

    def _session_over(self) -> None:
        """The player is done (rated, skipped, or the safety check declined): Today."""
        self._lock_for_session(False)
        self.show_today()

    # ------------------------------------------------- a session cut short
    def _cut_short_offer(self) -> ResumePoint | None:
        """Today's latest session that a crash, a power cut or a closed window cut short,
        if it can carry on (see ``cipn_coach.sessions.resume``)."""
        session = latest_cut_short(self.services.interrupted, self.now().date())
        if session is None:
            return None
        try:
            routine = self.services.library.routine(session.routine_id)
        except CoachError:
            return None
        steps = self.services.plan.plan_for(routine, session.local_date)
        return resume_point(session, [step.exercise.id for step in steps])

    def _resume_chosen(self, choice: str) -> None:
        """Continue (the same record, from its step), start again (a new one), or leave
        it (it stays as it is, partly done, and is not offered again)."""
        offer, self._resume = self._resume, None
        if offer is None:
            return
        if choice == "continue":
            self.start_session(offer.routine_id, offer.slot, resume=offer)
        elif choice == "again":
            self.start_session(offer.routine_id, offer.slot)
        else:
            self.show_today()

    def _save_rating(self, effort: object, change: object, note: str) -> None:
        if self._recorder is not None:  # saved by the writer; `changed` follows then
            self._recorder.rate(effort, change, note)  # type: ignore[arg-type]

    # ------------------------------------------------------ welcome and help
    def offer_welcome(self) -> bool:
        """At a first start (the welcome never saved nor skipped), show it; the app
        calls this once it is up. Returns whether it was shown."""
        if self.family or self.in_session or self.prefs.get(prefs.WELCOME_DONE):
            return False
        self.show_welcome()
        return True

    @property
    def welcome(self) -> WelcomePage:
        """The welcome page, created the first time it is shown (not at every start)."""
        if self._welcome is None:
            from ui.pages.welcome import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.saved.connect(self._welcome_saved)
            self._welcome.skipped.connect(self._welcome_done)
            self.pages.addWidget(self._welcome)
        return self._welcome

    def show_welcome(self) -> None:
        """The welcome, filled in with what is known: reachable again from Help."""
        if self.family or self.in_session:
            return
        if self.pages.currentWidget() is not self._welcome:  # else: what is typed stays
            self._load_welcome()
        self.nav.hide()
        self.pages.setCurrentWidget(self.welcome)
        self.welcome.name.setFocus()

    def _load_welcome(self) -> None:
        """The welcome's fields from the saved name and the routines' times."""
        slots = {
            slot.name: slot.time for r in self.services.plan.routines() for slot in r.schedule.slots
        }
        self.welcome.load(
            self.prefs.get(prefs.PATIENT_NAME) or "",
            slots.get("morning", "08:30"),
            slots.get("evening", "19:00"),
        )

    def _welcome_saved(self, details: Details) -> None:
        first_start = not self.prefs.get(prefs.WELCOME_DONE)
        changes = self.prefs.set(prefs.PATIENT_NAME, details.name or None)
        changes |= self.prefs.set(prefs.MORNING_TIME, details.morning)
        changes |= self.prefs.set(prefs.EVENING_TIME, details.evening)
        self.prefs.set(prefs.WELCOME_DONE, True)
        self.changed.emit(changes)
        # the first start's next step (issue 16): "Are you still having chemotherapy?"
        if not (first_start and self.treatment.ask_at_first_start(self.show_today)):
            self.show_today()

    def _welcome_done(self) -> None:
        """Saved or skipped: not shown by itself again (Help → Welcome still opens it)."""
        self.prefs.set(prefs.WELCOME_DONE, True)
        self.show_today()

    def show_help(self) -> None:
        from ui.pages.help import help_dialog

        if not self.in_session:
            self._info = help_dialog(self)
            self._info.open()  # window-modal, without a nested event loop

    def show_about(self) -> None:
        from ui.pages.help import about_dialog

        if not self.in_session:
            self._info = about_dialog(self.services.data_folder(), self)
            self._info.open()

    # ------------------------------------------------------------- backups
    def _back_up_in_background(self, changes: Changes) -> None:
        """After a session, a check-in or another change to the record: a backup if
        something changed, off the UI thread (a failure stays quiet; doctor reports it)."""
        if changes.needs_backup:
            QThreadPool.globalInstance().start(self.services.backups.back_up_if_changed)

    def _restored(self, message: str) -> None:
        QMessageBox.information(
            self,
            _("Backup restored"),
            _("{message}\n\nCIPN Coach will now close. Please open it again.").format(
                message=message
            ),
        )
        QApplication.instance().quit()

    # --------------------------------------------------------- family view
    def toggle_family(self) -> None:
        # not in a session, nor before the welcome is done (the item is greyed anyway)
        if self.in_session or self._first_steps_in_view():
            self.menus.family_action.setChecked(self.family)
            return
        if self.family:
            self.leave_family()
        else:
            self.set_family(True)

    def set_family(self, on: bool) -> None:
        """Read-only view for relatives: status, charts, flags, recent sessions; nothing
        that starts, edits or deletes anything."""
        self.family = on
        if self.prefs.get(prefs.FAMILY_VIEW) != on:
            self.prefs.set(prefs.FAMILY_VIEW, on)  # survives closing the app
        for widget in (self.checkin_nav, self.settings_nav, self.clinician_nav):
            widget.setVisible(not on)
        self.menus.set_family(on)
        if self._progress is not None and self.pages.currentWidget() is self._progress:
            self.today.set_read_only(on)
        else:
            self.show_today()

    def leave_family(self, pin: str | None = None) -> bool:
        """Leaving is deliberate: with a clinician PIN set, the PIN is needed."""
        stored = self.prefs.get(prefs.PIN_HASH)
        if stored:
            wait = self._pin_backoff.remaining(self._clock())
            if wait > 0:
                self.today.show_notice(
                    _("Please wait {seconds} s before trying the PIN again.").format(
                        seconds=whole(wait)
                    )
                )
                self.menus.family_action.setChecked(True)
                return False
            if pin is None:
                from PySide6.QtWidgets import QInputDialog, QLineEdit

                pin, ok = QInputDialog.getText(
                    self,
                    _("Leave family view"),
                    _("Enter the clinician PIN:"),
                    QLineEdit.EchoMode.Password,
                )
                if not ok:
                    self.menus.family_action.setChecked(True)
                    return False
            if not verify_pin(pin, stored):
                wait = self._pin_backoff.record_failure(self._clock())
                self.today.show_notice(
                    _("That PIN is not right. You can try again in {seconds} s.").format(
                        seconds=whole(wait)
                    )
                )
                self.menus.family_action.setChecked(True)
                return False
            self._pin_backoff.reset()
        self.set_family(False)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        player = self._player
        if player is not None and player.is_running and not self._closing:
            event.ignore()  # asked in the player first: Keep going / Stop and close
            player.ask_stop(closing=True)
            return
        if player is not None:
            player.cut_short()  # kept in progress, offered to continue at the next start
        self.selftest_flow.halt()  # a self-test half done is not saved: it is done again
        self.speaker.cancel()
        # the session's last step and its end are saved (what is still locked out after
        # a minute is saved by Services.close, or logged)
        self.services.writer.flush(timeout=60)
        super().closeEvent(event)

    def _close_after_confirm(self) -> None:
        """ "Stop and close": close the whole window (the app's frame, when there is one)."""
        self._closing = True
        self.window().close()
