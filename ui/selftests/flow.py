"""Running a self-test from the window: Today's "Self-test due" and Progress's buttons
start one here; the outcome is saved through ``services.self_tests`` and told in words,
and what the save changed goes to ``changed`` (the window's one ``changed`` signal).

Kept out of ``main_window`` (which only connects it): the self-test player page is made
on first use, the window is locked while a test runs (as during a session: nothing leads
away but the test's own stop), and the page hands back to where the test was started.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from cipn_coach import paths
from cipn_coach.engine.clock import Clock
from cipn_coach.i18n import N_, _
from cipn_coach.selftests.format import SelfTest
from cipn_coach.selftests.service import ProgressCard
from cipn_coach.speech.speaker import Speaker

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget

    from cipn_coach.changes import Changes
    from cipn_coach.engine.selftest import SelfTestEnded
    from cipn_coach.services import Services
    from ui.selftests.player import SelfTestPlayer

NO_CHECKIN_YET = N_(
    "There is no check-in for today yet: please do it now and count "
    "the fall there. Tell your care team too."
)
NOTHING_MEASURED = N_(
    "Nothing was measured this time, and that is fine. You can try again another day."
)


class SelfTestFlow(QObject):
    def __init__(
        self,
        services: Services,
        pages: QStackedWidget,
        speaker: Callable[[], Speaker],
        clock: Clock,
        now: Callable[[], datetime],
        lock: Callable[[bool], None],
        ring_colours: Callable[[], tuple[str, str, str]],
        changed: Callable[[Changes], None],
    ) -> None:
        super().__init__(pages)
        self.services = services
        self._pages = pages
        self._speaker = speaker  # the voice, or a silent one when voice is off
        self._clock = clock
        self._now = now
        self._lock = lock
        self._ring_colours = ring_colours
        self._changed = changed
        self._page: SelfTestPlayer | None = None
        self._back: Callable[[], None] = lambda: None
        self._test: SelfTest | None = None
        self._day: date | None = None

    @property
    def page(self) -> SelfTestPlayer:
        if self._page is None:
            from ui.selftests.player import SelfTestPlayer

            self._page = SelfTestPlayer(paths.assets_dir())
            self._page.finished.connect(self._finished)
            self._page.closed.connect(self._closed)
            self._page.fall_reported.connect(self._fall_reported)
            self._pages.addWidget(self._page)
        return self._page

    @property
    def running(self) -> bool:
        return self._page is not None and self._pages.currentWidget() is self._page

    def due(self, today: date) -> list[SelfTest]:
        """The tests due today, as Today and Progress offer them."""
        self_tests = self.services.self_tests
        tests = self_tests.tests()
        return [tests[item.test_id] for item in self_tests.due_today(today)]

    def cards(self, today: date, family: bool = False) -> list[ProgressCard]:
        """Progress's self-test cards (``family``: worded about the patient)."""
        return self.services.self_tests.progress_cards(today, family)

    def start(self, test_id: str, back: Callable[[], None]) -> None:
        """Show the test's safety check; ``back`` shows the page to return to after."""
        if self.running:
            return
        self._test = self.services.self_tests.tests()[test_id]
        self._day = self._now().date()
        self._back = back
        from cipn_coach.engine.selftest import SelfTestEngine  # Today only lists the tests due
        from ui.selftests.driver import SelfTestDriver

        engine = SelfTestEngine(self._test, self._clock)
        driver = SelfTestDriver(engine, self._speaker(), self._clock, parent=self)
        page = self.page
        page.run.ring.set_colors(*self._ring_colours())
        self._lock(True)
        self._pages.setCurrentWidget(page)
        page.begin(driver)

    def halt(self) -> None:
        """The window is closing: silence the test (nothing is saved half-way)."""
        if self._page is not None:
            self._page.halt()

    def _finished(self, event: SelfTestEnded) -> None:
        test, day = self._test, self._day
        assert test is not None and day is not None and self._page is not None
        if not event.outcomes:
            self._page.show_result(_(NOTHING_MEASURED))
            return
        self_tests = self.services.self_tests
        saved = self_tests.save_outcomes(test, event.outcomes, day, datetime.now(UTC))
        self._page.show_result(self_tests.outcome_words(test, saved.row, day))
        self._changed(saved.changes)

    def _fall_reported(self, fell: bool) -> None:
        """'I fell' / 'I nearly fell': counted in the day's check-in (other answers kept)."""
        assert self._day is not None and self._page is not None
        saved = self.services.self_tests.record_fall(self._day, fell, datetime.now(UTC))
        if saved.row is None:
            words = _(NO_CHECKIN_YET)
        elif fell:
            words = _("Noted in today's check-in. Please tell your care team about the fall.")
        else:
            words = _("Noted in today's check-in as a near-fall.")
        self._page.show_fall_noted(words)
        self._changed(saved.changes)

    def _closed(self) -> None:
        if self._page is not None:
            self._page.halt()
        self._lock(False)
        self._back()
