"""The window's treatment wiring: Settings → Treatment saves, the pre-cycle screen shows.

Kept out of ``main_window`` (already long): the window builds one ``TreatmentFlow``, which
connects the Treatment section and Today's "see my summary" to the services, and builds
the "Before your next cycle" screen on its first use. What each save changed goes to
``changed`` (the window's one ``changed`` signal).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QStackedWidget

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _
from cipn_coach.treatment.before_cycle import BeforeCyclePage, before_cycle_page
from cipn_coach.treatment.record import (
    ADD_PLANNED,
    Agent,
    Cycle,
    Treatment,
    TreatmentError,
    check_day,
    check_new_cycle,
)
from ui.treatment.page import BeforeCycleScreen, TreatmentSection
from ui.treatment.start import TreatmentStartPage

if TYPE_CHECKING:
    from cipn_coach.changes import Changes, Saved
    from cipn_coach.services import Services

SUMMARY_DAYS = 28  # the period the summary reads; the pre-cycle part looks back to the last cycle


class TreatmentFlow:
    def __init__(
        self,
        services: Services,
        pages: QStackedWidget,
        now: Callable[[], datetime],
        back: Callable[[], None],
        changed: Callable[[Changes], None],
    ) -> None:
        self.services = services
        self.pages = pages
        self.now = now
        self._back = back
        self._changed = changed
        self.sections: list[TreatmentSection] = []  # Settings', and the first start's
        self.section = self._attach(TreatmentSection(now().date()))
        self._screen: BeforeCycleScreen | None = None
        self._start: TreatmentStartPage | None = None
        self._after_start: Callable[[], None] = back

    def _attach(self, section: TreatmentSection) -> TreatmentSection:
        """Save what ``section`` asks for; every section then shows the record as saved."""
        section.agents_changed.connect(self.save_agents)
        section.cycle_added.connect(self.add_cycle)
        section.cycle_removed.connect(self.remove_cycle)
        section.before_cycle_requested.connect(self.show_before_cycle)
        section.show_record(self.services.treatment.record())
        self.sections.append(section)
        return section

    def _show_record(self, record: Treatment, message: str) -> None:
        for section in self.sections:
            section.show_record(record, message)

    def _show_error(self, message: str) -> None:
        for section in self.sections:
            section.show_error(message)

    @property
    def start_page(self) -> TreatmentStartPage:
        """ "Are you still having chemotherapy?", built at the first start that asks it."""
        if self._start is None:
            self._start = TreatmentStartPage(self._attach(TreatmentSection(self.now().date())))
            self._start.finished.connect(lambda: self._after_start())
            self.pages.addWidget(self._start)
        return self._start

    def is_start_page(self, widget: object) -> bool:
        """Whether ``widget`` is the first start's question (False before it is built)."""
        return self._start is not None and widget is self._start

    def ask_at_first_start(self, done: Callable[[], None]) -> bool:
        """After the first-start welcome, ask the question (``done`` runs on No, Skip or
        Done); not asked when a record exists already. Returns whether it was asked."""
        if not self.services.treatment.record().is_empty:
            return False
        page = self.start_page
        self._after_start = done
        self.pages.setCurrentWidget(page)
        page.ask()
        return True

    @property
    def screen(self) -> BeforeCycleScreen:
        if self._screen is None:
            self._screen = BeforeCycleScreen()
            self._screen.save_pdf_requested.connect(self._ask_where_to_save)
            self._screen.back_requested.connect(self._back)
            self.pages.addWidget(self._screen)
        return self._screen

    def save_agents(self, agents: tuple[Agent, ...], finished: date | None) -> None:
        today = self.now().date()
        try:
            if finished is not None:
                check_day(finished, N_("the end of treatment"))
                if finished > today:
                    raise TreatmentError(_("the end of treatment cannot be after today"))
            saved = self.services.treatment.set_agents(agents, finished, datetime.now(UTC))
        except CoachError as exc:
            self._show_error(str(exc))
            return
        self._saved(saved, _("✓ Saved"))

    def add_cycle(self, cycle: Cycle) -> None:
        try:
            cycle = check_new_cycle(cycle.day, cycle.planned, self.now().date())
            saved = self.services.treatment.add_cycle(cycle, datetime.now(UTC))
        except CoachError as exc:
            words = str(exc).replace(
                _(ADD_PLANNED), _('tick "Still to come" for a cycle still to come')
            )
            self._show_error(words)
            return
        self._saved(saved, _("✓ Cycle day saved"))

    def remove_cycle(self, day: date) -> None:
        try:
            removed = self.services.treatment.remove_cycle(day)
        except CoachError as exc:
            self._show_error(str(exc))
            return
        self._saved(removed, _("✓ Cycle day removed"))

    def _saved(self, saved: Saved[Treatment], message: str) -> None:
        """Every section shows the record as saved; the window hears what changed."""
        self._show_record(saved.row, message)
        self._changed(saved.changes)

    def before_cycle_page(self) -> BeforeCyclePage | None:
        """The page from the summary's treatment section; ``None`` without a record."""
        from cipn_coach.reports.summary import load_summary

        now = self.now()
        today = now.date()
        section = load_summary(self.services, today - timedelta(days=SUMMARY_DAYS - 1), today, now)[
            "treatment"
        ]
        return None if section is None else before_cycle_page(section)

    def show_before_cycle(self) -> None:
        page = self.before_cycle_page()
        if page is None:
            return
        self.screen.show_page(page)
        self.pages.setCurrentWidget(self.screen)
        self.screen.save_button.setFocus()

    def save_pdf(self, path: Path) -> None:
        """Write the page on screen to ``path`` (the same page ``report --before-cycle``)."""
        from ui.reports.before_cycle import write_before_cycle_pdf

        page = self.screen.page
        if page is None:
            return
        try:
            write_before_cycle_pdf(page, self.services.patient.profile().for_report(), path)
        except OSError as exc:
            self.screen.status.setText(
                _("Not saved: {problem}").format(problem=exc.strerror or exc)
            )
            return
        self.screen.status.setText(_("✓ Saved to {path}").format(path=path))

    def _ask_where_to_save(self) -> None:
        name, _chosen_filter = QFileDialog.getSaveFileName(
            self.screen,
            _("Save the summary as a PDF"),
            str(Path.home() / "before-next-cycle.pdf"),
            _("PDF files (*.pdf)"),
        )
        if name:
            self.save_pdf(Path(name))
