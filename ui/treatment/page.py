"""Settings → Treatment, and the "Before your next cycle" screen.

Both only draw and ask: the record is read and written through the callbacks the window
gives (``Services.treatment``), and every word and number of the pre-cycle screen comes
from ``cipn_coach.treatment.before_cycle.before_cycle_page`` — the same page the PDF prints.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting
from cipn_coach.i18n import N_, _, p_
from cipn_coach.treatment.before_cycle import BeforeCyclePage
from cipn_coach.treatment.record import AGENT_LABELS, AGENT_ORDER, Agent, Cycle, Treatment
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import WrapButton, big_button, scrolling_layout
from ui.widgets.flow import flow
from ui.widgets.question import Question

INTRO = N_(
    "Optional. If you are having chemotherapy, the app can show your symptoms next to "
    "your cycles and remind you to tell your oncology team about changes before the "
    "next one. It never gives advice about medicines or doses."
)


def _label(text: str, role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    # in the app's language, as the report period's dates: not "6 December 2026" in Chinese
    # TRANSLATORS: a Qt date format (d day, M month, yyyy year), e.g. "yyyy年M月d日"
    edit.setDisplayFormat(_("d MMMM yyyy"))
    edit.setAccessibleName(name)
    edit.lineEdit().setAccessibleName(name)  # the typing field inside is a target too
    edit.lineEdit().setMinimumHeight(MIN_TARGET_PX)
    edit.setMinimumHeight(MIN_TARGET_PX + 8)
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class TreatmentSection(QFrame):
    """The medicines (tick boxes), the cycle days (add, remove) and the end of treatment.
    Each change is asked for at once through a signal; the window saves it and calls
    ``show_record`` (or ``show_error``) with the result."""

    agents_changed = Signal(object, object)  # tuple[Agent, ...], date | None (finished on)
    cycle_added = Signal(object)  # Cycle
    cycle_removed = Signal(object)  # date
    before_cycle_requested = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Treatment"))
        self._today = today
        self._loading = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 24, 0, 0)
        box.addWidget(_label(_("Treatment"), "subtitle"))
        box.addWidget(_label(_(INTRO), "muted"))
        box.addWidget(_label(_("Your chemotherapy medicines (tick all that apply):")))
        self.agent_boxes: dict[Agent, Question] = {}
        for agent in AGENT_ORDER:
            question = Question(_(AGENT_LABELS[agent]))
            question.box.toggled.connect(self._emit_agents)
            self.agent_boxes[agent] = question
        box.addWidget(flow(*self.agent_boxes.values()))
        box.addWidget(_label(_("Cycle days (the days you have the treatment):")))
        self.cycle_list = QVBoxLayout()
        box.addLayout(self.cycle_list)
        self.remove_buttons: dict[date, QWidget] = {}
        self.new_day = _date_edit(_("New cycle day"), today)
        self.new_planned = Question(_("Still to come (planned)"))
        self.add_button = big_button(_("Add cycle day"), _("Add this cycle day"))
        self.add_button.clicked.connect(self._emit_cycle)
        box.addWidget(flow(self.new_day, self.new_planned, self.add_button))
        self.finished = Question(_("My treatment has finished, on:"))
        self.finished_day = _date_edit(_("Day treatment finished"), today)
        self.finished.box.toggled.connect(self._emit_agents)
        self.finished_day.dateChanged.connect(self._finished_day_changed)
        box.addWidget(flow(self.finished, self.finished_day))
        self.before_button = WrapButton(_("Before your next cycle: see my summary"))
        self.before_button.clicked.connect(self.before_cycle_requested)
        box.addWidget(self.before_button)
        self.status = _label("", "muted")
        self.status.setAccessibleName(_("Treatment status"))
        box.addWidget(self.status)

    def show_record(self, treatment: Treatment, message: str = "") -> None:
        """Show ``treatment`` as saved (ticks, the list of cycle days, the end day)."""
        self._loading = True
        try:
            for agent, question in self.agent_boxes.items():
                question.box.setChecked(agent in treatment.agents)
            self.finished.box.setChecked(treatment.finished_on is not None)
            if treatment.finished_on is not None:
                end = treatment.finished_on
                self.finished_day.setDate(QDate(end.year, end.month, end.day))
        finally:
            self._loading = False
        while self.cycle_list.count():
            item = self.cycle_list.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        self.remove_buttons = {}
        if not treatment.cycles:
            self.cycle_list.addWidget(_label(_("No cycle days yet."), "muted"))
        for number, cycle in enumerate(treatment.cycles, start=1):
            state = _("planned") if cycle.planned else _("given")
            day = formatting.day_year(cycle.day)
            words = _("Cycle {number}: {day} ({state})").format(number=number, day=day, state=state)
            remove = big_button(
                _("Remove"), _("Remove cycle {number}, {day}").format(number=number, day=day)
            )
            remove.clicked.connect(lambda _=False, day=cycle.day: self.cycle_removed.emit(day))
            self.remove_buttons[cycle.day] = remove
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(_label(words), 1)
            line.addWidget(remove)
            self.cycle_list.addWidget(row)
        self.before_button.setEnabled(not treatment.is_empty)
        self.status.setText(message)

    def show_error(self, message: str) -> None:
        self.status.setText(_("Not saved. {message}").format(message=message))

    def _agents(self) -> tuple[Agent, ...]:
        return tuple(a for a, q in self.agent_boxes.items() if q.box.isChecked())

    def _emit_agents(self) -> None:
        if self._loading:
            return
        end = _day(self.finished_day) if self.finished.box.isChecked() else None
        self.agents_changed.emit(self._agents(), end)

    def _finished_day_changed(self) -> None:
        if self.finished.box.isChecked():
            self._emit_agents()

    def _emit_cycle(self) -> None:
        self.cycle_added.emit(Cycle(_day(self.new_day), self.new_planned.box.isChecked()))


class BeforeCycleScreen(QWidget):
    """The one-screen "Before your next cycle" summary, with a button to save it as a
    PDF to print or take along."""

    save_pdf_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_layout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(10)
        self.title = _label(_("Before your next cycle"), "title")
        self.share = _label("", "subtitle")
        self.intro = _label("")
        layout.addWidget(self.title)
        layout.addWidget(self.share)
        layout.addWidget(self.intro)
        # one wrapped line per measure, not a grid: at 200 % text on a small screen four
        # columns would not fit, and a line reads the same to a screen reader
        self.table = QVBoxLayout()
        layout.addLayout(self.table)
        self.sections = QVBoxLayout()
        layout.addLayout(self.sections)
        self.save_button = WrapButton(_("Save as PDF to print or take along"), role="primary")
        self.save_button.clicked.connect(self.save_pdf_requested)
        self.back_button = big_button(_("Back"))
        self.back_button.clicked.connect(self.back_requested)
        layout.addWidget(self.save_button)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = _label("", "muted")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.page: BeforeCyclePage | None = None
        self.row_labels: list[QLabel] = []

    def show_page(self, page: BeforeCyclePage) -> None:
        self.page = page
        self.title.setText(page.title)
        self.share.setText(page.share)
        self.intro.setText(page.intro)
        for layout in (self.table, self.sections):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().hide()
                    item.widget().deleteLater()
        self.table.addWidget(_label(page.table_heading[0], "muted"))
        self.row_labels = []
        for cells in page.rows:
            parts = [
                f"{heading.lower() if n else heading} {cell}"
                for n, (heading, cell) in enumerate(
                    zip(page.table_heading[1:], cells[1:], strict=False)
                )
            ]
            joined = p_("answer separator", "; ").join(parts)
            plain = _("{measure}: {values}").format(measure=cells[0], values=joined)
            label = _label(
                _("{measure}: {values}").format(
                    measure=f"<b>{escape(cells[0])}</b>", values=escape(joined)
                )
            )
            label.setAccessibleName(plain)
            self.row_labels.append(label)
            self.table.addWidget(label)
        for heading, lines in page.sections:
            self.sections.addWidget(_label(heading, "subtitle"))
            for line in lines:
                self.sections.addWidget(_label(f"• {line}"))
        self.status.setText("")
