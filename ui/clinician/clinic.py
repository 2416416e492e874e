"""Clinic mode (issue 17 §2): many patients' exports, behind the clinician PIN.

A physiotherapist imports the files patients hand over, sees every patient on one panel
(who needs attention first, the core's ``clinic.panel`` order), and opens one patient
read-only: their Progress (the app's own page, fed the summary the core computes over
the imported record), their PDF report and a routine file of their routine. Everything
goes through ``services.clinic()``; nothing here edits a patient's record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting
from cipn_coach.checkin.flag_words import rule_words
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _, n_, p_
from cipn_coach.services import Services
from cipn_coach.settings import preferences as prefs
from ui.folders import documents_folder
from ui.theme import MIN_TARGET_PX, THEMES
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.drop_down import DropDown
from ui.widgets.flow import flow
from ui.widgets.forms import label, typed_text

if TYPE_CHECKING:
    from cipn_coach.clinic.importer import FileImported
    from cipn_coach.clinic.panel import PanelRow
    from cipn_coach.clinic.service import ClinicService, OpenedPatient
    from ui.pages.progress import ProgressPage

# why a patient is where they are on the panel, most urgent first (clinic.panel's reasons)
REASON_WORDS = {
    "red_flag": N_("RED FLAG"),
    "check_up": N_("check-up recommended"),
    "low_adherence": N_("adherence under 50 %"),
    "no_checkin": N_("no check-in for 3 days or more"),
}


def attention_words(row: PanelRow) -> str:
    """The panel's "why": the reasons in words (the red flags' rules named), or "fine"."""
    words = [_(REASON_WORDS[reason]) for reason in row.reasons]
    if row.red_flags:
        words[0] = _("{reason} ({rules})").format(
            reason=words[0],
            rules=p_("list separator", ", ").join(rule_words(r) for r in row.red_flags),
        )
    return p_("list of answers", "; ").join(words) or _("fine")


def row_words(row: PanelRow) -> str:
    """One patient's row: name, last check-in, 7-day adherence and attention, in words a
    screen reader says as they are shown."""
    name = row.name or _("(no name)")
    last = formatting.day_short(row.last_checkin) if row.last_checkin else _("never")
    done = (
        _("nothing planned")
        if row.adherence_percent is None
        else _("{percent} %").format(percent=formatting.whole(row.adherence_percent))
    )
    return _("{name}\nLast check-in: {last} · Last 7 days: {done} done · {attention}").format(
        name=name, last=last, done=done, attention=attention_words(row)
    )


def imported_words(done: list[FileImported]) -> str:
    """What an import did, in one line per file."""
    lines = [
        n_("✓ Imported {n} file.", "✓ Imported {n} files.", len(done)).format(
            n=formatting.whole(len(done))
        )
    ]
    for file in done:
        who = file.name or _("patient {id}").format(id=file.patient_id)
        if file.imported_before is not None:
            lines.append(
                _("{file}: {who}: this same file was imported before; nothing new.").format(
                    file=file.path.name, who=who
                )
            )
            continue
        added = _("new patient") if file.new_patient else _("known patient")
        lines.append(
            _(
                "{file}: {who} ({added}): {checkins} check-ins and {sessions} sessions added."
            ).format(
                file=file.path.name,
                who=who,
                added=added,
                checkins=formatting.whole(file.stats.checkins_added),
                sessions=formatting.whole(file.stats.sessions_added),
            )
        )
        if file.stats.cycles_added or file.stats.self_tests_added:
            lines[-1] += " " + _(
                "Cycle days added: {cycles}; self-test results added: {results}."
            ).format(
                cycles=formatting.whole(file.stats.cycles_added),
                results=formatting.whole(file.stats.self_tests_added),
            )
    return "\n".join(lines)


class PanelList(QListWidget):
    """The patients, as tall as their rows: the page scrolls as one (at 200 % text a
    list scrolling inside a scrolling page would show one row through a slot)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)  # at 200 % a row takes more lines, never sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(
            f"QListWidget::item {{ min-height: {MIN_TARGET_PX}px; padding: 8px 10px; }}"
        )

    def fit_rows(self) -> None:
        """Lay the rows out at the current width and take exactly their height."""
        self.doItemsLayout()
        rows = 0
        if self.count():
            rows = (
                self.visualItemRect(self.item(self.count() - 1)).bottom()
                + 1
                + self.verticalOffset()
            )
        self.setFixedHeight(max(rows, MIN_TARGET_PX) + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # rows wrap anew
            self.fit_rows()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_rows()  # styled now: the rows' font is the one shown


class ClinicPage(QWidget):
    """The panel of patients and, in its place, one patient read-only."""

    back_requested = Signal()  # "Back to the clinician area"

    def __init__(
        self,
        services: Services,
        now: Callable[[], datetime],
        clinic: ClinicService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._now = services, now
        self._clinic = clinic
        self.patient: OpenedPatient | None = None
        self._progress: ProgressPage | None = None  # built when a patient is first opened
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._panel_view())
        self.stack.addWidget(self._patient_view())

    @property
    def clinic(self) -> ClinicService:
        """The workspace, opened on first use (a data folder without a clinic costs
        nothing until Clinic mode is used)."""
        if self._clinic is None:
            self._clinic = self._services.clinic(self._now)
        return self._clinic

    # ------------------------------------------------------------------ the panel
    def _panel_view(self) -> QWidget:
        layout = scrolling_layout(box := QWidget())
        layout.setContentsMargins(24, 12, 24, 8)
        title = typed_text(_("Clinic: many patients"), "subtitle", wrap=False)
        back = big_button(_("Back"), _("Back to the clinician area"))
        back.clicked.connect(lambda _=False: self.back_requested.emit())
        self.import_button = big_button(
            _("Import patients' files…"), _("Import patients' exported files"), role="primary"
        )
        self.import_button.clicked.connect(lambda _=False: self._import_clicked())
        layout.addWidget(flow(title, self.import_button, back, spacing=10))
        self.import_message = label("", "caption")
        self.import_message.setTextFormat(Qt.TextFormat.PlainText)  # file names as typed
        self.import_message.setAccessibleName(_("Import result"))
        self.import_message.hide()
        layout.addWidget(self.import_message)
        layout.addWidget(
            label(
                _(
                    "Who needs attention comes first. Press Enter on a patient "
                    "to open their progress (read only)."
                ),
                "muted",
            )
        )
        self.panel_list = PanelList()
        self.panel_list.setAccessibleName(_("Patients, who needs attention first"))
        self.panel_list.itemActivated.connect(self._open_item)  # Enter, or a click
        self.panel_list.itemClicked.connect(self._open_item)
        layout.addWidget(self.panel_list)
        self.panel_empty = label(
            _(
                "No patients yet: import the files your patients exported "
                "(File → Export in their app)."
            ),
            "muted",
        )
        layout.addWidget(self.panel_empty)
        layout.addStretch(1)
        return box

    def refresh_panel(self) -> list[PanelRow]:
        """Read the panel again and show it; the rows as shown."""
        try:
            rows = self.clinic.panel()
        except CoachError as exc:
            self._say(str(exc))
            rows = []
        current = self.selected_id()
        self.panel_list.clear()
        for row in rows:
            words = row_words(row)
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, row.patient_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, words.replace("\n", ". "))
            self.panel_list.addItem(item)
            if row.patient_id == current:
                self.panel_list.setCurrentItem(item)
        if self.panel_list.currentRow() < 0 and rows:
            self.panel_list.setCurrentRow(0)
        self.panel_empty.setVisible(not rows)
        self.panel_list.setVisible(bool(rows))  # no empty box to Tab into: the words say why
        self.panel_list.fit_rows()
        return rows

    def selected_id(self) -> int | None:
        item = self.panel_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_panel(self) -> None:
        self.stack.setCurrentIndex(0)
        rows = self.refresh_panel()
        # the first patient, or with none yet the button the empty panel's words point to
        (self.panel_list if rows else self.import_button).setFocus()

    def _say(self, text: str) -> None:
        self.import_message.setText(text)
        self.import_message.show()

    def _import_clicked(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Import patients' files"),
            str(documents_folder()),
            _("Exported files ({pattern})").format(pattern="*.json")
            + ";;"
            + _("All files ({pattern})").format(pattern="*"),
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> bool:
        """Import every file or none; the result (or the one-line reason) shown in view."""
        try:
            done = self.clinic.import_files(paths)
        except (OSError, CoachError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            self._say(_("Nothing was imported: {reason}").format(reason=reason))
            return False
        self._say(imported_words(done))
        self.refresh_panel()
        return True

    # ---------------------------------------------------------------- one patient
    def _patient_view(self) -> QWidget:
        """Back, the patient's name, Report and Export above their Progress; placed at the
        top of Progress's own scrolling column, so at 200 % text they scroll with it and
        leave the charts the whole height."""
        self.patient_header = QWidget()
        layout = QVBoxLayout(self.patient_header)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.patient_title = typed_text("", "subtitle")
        self.back_button = big_button(_("Back to the panel"), _("Back to the panel of patients"))
        self.back_button.clicked.connect(lambda _=False: self.show_panel())
        self.report_button = big_button(
            _("Report (PDF)…"), _("Save this patient's report as a PDF")
        )
        self.report_button.clicked.connect(lambda _=False: self._report_clicked())
        self.routine_choice = DropDown(_("Which routine to export"))
        self.routine_button = big_button(
            _("Export a routine file…"), _("Export this patient's routine to a file")
        )
        self.routine_button.clicked.connect(lambda _=False: self._routine_clicked())
        layout.addWidget(flow(self.back_button, self.patient_title, spacing=10))
        layout.addWidget(
            flow(self.report_button, self.routine_choice, self.routine_button, spacing=10)
        )
        self.patient_message = label("", "caption")
        self.patient_message.setTextFormat(Qt.TextFormat.PlainText)
        self.patient_message.setAccessibleName(_("Report and export result"))
        self.patient_message.hide()
        layout.addWidget(self.patient_message)
        box = QWidget()
        self.progress_holder = QVBoxLayout(box)
        self.progress_holder.setContentsMargins(0, 0, 0, 0)
        return box

    @property
    def progress(self) -> ProgressPage:
        """The app's own Progress page, read-only here: it only draws what it is given."""
        if self._progress is None:
            from ui.pages.progress import ProgressPage

            theme = self._services.preferences.get(prefs.THEME)
            scale = self._services.preferences.get(prefs.TEXT_SCALE)
            self._progress = ProgressPage(THEMES.get(theme, THEMES["calm"]), scale)
            self._progress.setAccessibleName(_("This patient's progress (read only)"))
            self._progress.range_changed.connect(lambda _key: self._show_progress())
            content = self._progress.scroll.widget().layout()
            assert isinstance(content, QVBoxLayout)
            content.insertWidget(0, self.patient_header)
            self.progress_holder.addWidget(self._progress)
        return self._progress

    def _open_item(self, item: QListWidgetItem) -> None:
        if self.stack.currentIndex() == 1:  # a click that the style also calls activation
            return
        self.open_patient(item.data(Qt.ItemDataRole.UserRole))

    def open_patient(self, patient_id: int) -> bool:
        try:
            self.patient = self.clinic.open_patient(patient_id)
        except CoachError as exc:
            self._say(str(exc))
            return False
        name = self.patient.name or _("patient {id}").format(id=patient_id)
        self.patient_title.setText(_("{name} (#{id}): read only").format(name=name, id=patient_id))
        self.routine_choice.clear()
        for routine in self.patient.routines():
            self.routine_choice.addItem(routine.title, routine.id)
        self.routine_choice.setVisible(self.routine_choice.count() > 1)
        self.routine_button.setEnabled(self.routine_choice.count() > 0)
        self.patient_message.hide()
        self.stack.setCurrentIndex(1)
        self._show_progress()
        self.back_button.setFocus()
        return True

    def period(self) -> tuple[date, date]:
        """The days of the range chosen on this patient's Progress."""
        assert self.patient is not None
        return self.patient.period(self.progress.current_range, self._now().date())

    def _show_progress(self) -> None:
        if self.patient is None:
            return
        first, last = self.period()
        now = self._now()
        self.progress.show_summary(
            self.patient.summary(first, last, now), self.patient.efforts(first, last)
        )
        # every self-test result the patient recorded; none is due here (read only)
        self.progress.selftests.show_cards(self.patient.self_test_cards(now.date()), [])

    def _patient_said(self, text: str) -> bool:
        self.patient_message.setText(text)
        self.patient_message.show()
        return False

    def _report_clicked(self) -> None:
        if self.patient is None:
            return
        name = f"cipn-coach-report-{self.patient.patient_id}-{self._now().date().isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the report"),
            str(documents_folder() / name),
            _("PDF files ({pattern})").format(pattern="*.pdf"),
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> bool:
        """This patient's PDF report of the period shown, as the patient's own app makes it."""
        from ui.reports.pdf import write_pdf

        assert self.patient is not None
        first, last = self.period()
        try:
            write_pdf(self.patient.report(first, last, self._now()), path)
        except (OSError, CoachError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return self._patient_said(
                _("Could not write {path}: {reason}").format(path=path, reason=reason)
            )
        self._patient_said(_("✓ The report was saved as {path}.").format(path=path))
        return True

    def _routine_clicked(self) -> None:
        if self.patient is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export routine"),
            str(documents_folder() / "routine.cipnroutine"),
            _("Routine files ({pattern})").format(pattern="*.cipnroutine"),
        )
        if path:
            self.export_routine(Path(path))

    def export_routine(self, path: Path) -> bool:
        """Write the chosen routine of this patient to ``path`` (a routine file)."""
        assert self.patient is not None
        try:
            routine = self.clinic.export_routine(
                self.patient, path, self.routine_choice.currentData()
            )
        except (OSError, CoachError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return self._patient_said(
                _("Could not write {path}: {reason}").format(path=path, reason=reason)
            )
        self._patient_said(
            _("✓ Exported '{title}' as {file}, in the folder {folder}.").format(
                title=routine.title, file=path.name, folder=path.parent
            )
        )
        return True
