"""The File, View and Help menus: report, print, exports, backups, family view, help.

Each action is split in two: a thin handler that asks for a file or period with a
dialog, and a method taking plain arguments that does the work — the part the tests
call, and the part that could run from the command line too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QMenuBar,
    QMessageBox, QWidget,
)

from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PERIODS = (("2w", N_("The last 2 weeks")), ("4w", N_("The last 4 weeks")),
           ("program", N_("The whole programme")), ("custom", N_("Choose the dates")))


def report_period(window: MainWindow, key: str, first: date | None = None,
                  last: date | None = None) -> tuple[date, date]:
    today = window.now().date()
    if key == "2w":
        return today - timedelta(days=13), today
    if key == "4w":
        return today - timedelta(days=27), today
    if key == "program":
        return window.services.plan.start_date(today), today
    if first is None or last is None or first > last:
        raise CoachError(_("choose a first day that is not after the last day"))
    return first, min(last, today)


class PeriodDialog(QDialog):
    """Which period the report covers: three presets or chosen dates."""

    def __init__(self, parent: QWidget, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Report period"))
        form = QFormLayout(self)
        self.choice = QComboBox()
        self.choice.setAccessibleName(_("Report period"))
        self.choice.setMinimumHeight(48)
        for key, text in PERIODS:
            self.choice.addItem(_(text), key)
        self.choice.setCurrentIndex(1)
        self.first = QDateEdit(today - timedelta(days=27))
        self.last = QDateEdit(today)
        for edit, name in ((self.first, _("First day")), (self.last, _("Last day"))):
            edit.setCalendarPopup(True)
            # TRANSLATORS: a Qt date format (d day, M month, yyyy year), e.g. "yyyy年M月d日"
            edit.setDisplayFormat(_("d MMMM yyyy"))
            edit.setAccessibleName(name)
            edit.setMinimumHeight(48)
        form.addRow(_("Period"), self.choice)
        form.addRow(_("First day"), self.first)
        form.addRow(_("Last day"), self.last)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        for button in buttons.buttons():
            button.setMinimumSize(96, 48)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class Menus:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.bar = QMenuBar(window)
        self.bar.setAccessibleName(_("Menu bar"))
        file_menu = self.bar.addMenu(_("&File"))
        self.report_action = self._add(file_menu, _("Export &report (PDF)…"), self.ask_report, "Ctrl+R")
        self.print_action = self._add(file_menu, _("&Print report…"), self.ask_print, "Ctrl+P")
        self.file_separator = file_menu.addSeparator()
        self.csv_action = self._add(file_menu, _("Export tables (&CSV)…"), self.ask_csv)
        self.json_action = self._add(file_menu, _("Export full &backup (JSON)…"), self.ask_export_json)
        self.fhir_action = self._add(file_menu, _("Export for the care team (F&HIR)…"),
                                     self.ask_export_fhir)
        self.import_action = self._add(file_menu, _("&Import a backup (JSON)…"), self.ask_import_json)
        view_menu = self.bar.addMenu(_("&View"))
        self.family_action = self._add(view_menu, _("&Family view (read only)"), window.toggle_family)
        self.family_action.setCheckable(True)
        self.editing_actions = [self.csv_action, self.json_action, self.fhir_action,
                                self.import_action]
        # hidden in the family view, where they would do nothing (with the line above them)
        self.family_hidden = [self.file_separator, *self.editing_actions]
        help_menu = self.bar.addMenu(_("&Help"))
        self.help_action = self._add(help_menu, _("&Help…"), window.show_help, "F1")
        self.welcome_action = self._add(help_menu, _("&Welcome and your details…"), window.show_welcome)
        self.about_action = self._add(help_menu, _("&About CIPN Coach…"), window.show_about)
        # the welcome changes the patient's details: not from the family view
        self.editing_actions.append(self.welcome_action)
        self.family_hidden.append(self.welcome_action)

    def all_actions(self) -> list[QAction]:
        """Every action of every menu (greyed out together during a session)."""
        return [action for menu_action in self.bar.actions() if menu_action.menu()
                for action in menu_action.menu().actions() if not action.isSeparator()]

    def _add(self, menu: object, text: str, slot: Callable[[], object],
             shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # ------------------------------------------------------------ the work
    def export_report(self, path: Path, first: date, last: date) -> None:
        from cipn_coach.report_data import build_report
        from ui.report import write_pdf

        write_pdf(build_report(self.window.services, first, last, self.window.now()), path)

    def print_report(self, printer: object, first: date, last: date) -> None:
        from cipn_coach.report_data import build_report
        from ui.report import print_report

        print_report(build_report(self.window.services, first, last, self.window.now()), printer)  # type: ignore[arg-type]

    def export_csv(self, folder: Path) -> str:
        from cipn_coach.export_csv import export_csv

        return export_csv(self.window.services.db, folder).summary()

    def export_json(self, path: Path) -> str:
        from cipn_coach.backup_json import export_json

        return export_json(self.window.services.db, path, overwrite=True).summary()

    def export_fhir(self, path: Path, first: date, last: date) -> str:
        from cipn_coach.fhir.export import export_fhir

        return export_fhir(self.window.services, path, first, last, self.window.now(),
                           overwrite=True).summary()

    def import_json(self, path: Path, mode: str) -> str:
        from cipn_coach.backup_json import import_json

        summary = import_json(self.window.services.db, path, mode).summary()  # type: ignore[arg-type]
        self.window.data_changed.emit()
        return summary

    # --------------------------------------------------------- the dialogs
    def _period(self) -> tuple[date, date] | None:
        dialog = PeriodDialog(self.window, self.window.now().date())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        first = dialog.first.date().toPython()
        last = dialog.last.date().toPython()
        return report_period(self.window, dialog.choice.currentData(), first, last)

    def _tell(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    def _guard(self, title: str, work: Callable[[], str | None]) -> None:
        try:
            message = work()
        except (CoachError, OSError) as exc:
            QMessageBox.warning(self.window, title,
                                _("Nothing was changed.\n\n{reason}").format(reason=exc))
            return
        if message:
            self._tell(title, message)

    def ask_report(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-report-{period[1].isoformat()}.pdf"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.window, _("Save the report"), str(Path.home() / name), _("PDF (*.pdf)"))
        if path:
            self._guard(_("Report"), lambda: (self.export_report(Path(path), *period),
                                              _("The report was saved as {path}.").format(path=path))[1])

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        period = self._guarded_period()
        if period is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self.window).exec() == QDialog.DialogCode.Accepted:
            self._guard(_("Print"), lambda: self.print_report(printer, *period))

    def _guarded_period(self) -> tuple[date, date] | None:
        try:
            return self._period()
        except CoachError as exc:
            QMessageBox.warning(self.window, _("Report"), str(exc))
            return None

    def ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, _("Choose an empty folder for the tables"))
        if folder:
            self._guard(_("Export tables"), lambda: self.export_csv(Path(folder)))

    def ask_export_json(self) -> None:
        name = f"cipn-coach-backup-{datetime.now().date().isoformat()}.json"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.window, _("Save a full backup"), str(Path.home() / name), _("Backup (*.json)"))
        if path:
            self._guard(_("Full backup"), lambda: self.export_json(Path(path)))

    def ask_export_fhir(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-fhir-{period[1].isoformat()}.json"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.window, _("Save for the care team (FHIR)"), str(Path.home() / name),
            _("FHIR bundle (*.json)"))
        if path:
            self._guard(_("Export for the care team"), lambda: self.export_fhir(Path(path), *period))

    def ask_import_json(self) -> None:
        path, _chosen_filter = QFileDialog.getOpenFileName(
            self.window, _("Import a backup"), str(Path.home()), _("Backup (*.json)"))
        if not path:
            return
        from cipn_coach.backup_json import local_counts

        mode = "empty"
        if any(local_counts(self.window.services.db)):
            box = QMessageBox(self.window)
            box.setWindowTitle(_("Import a backup"))
            box.setText(_("This computer already has records. Merge keeps every record from both "
                          "(where they differ, both versions are kept). Replace swaps them for the "
                          "backup's. A safety backup is made first either way."))
            merge = box.addButton(_("Merge (keep both)"), QMessageBox.ButtonRole.AcceptRole)
            replace = box.addButton(_("Replace"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            if clicked not in (merge, replace):
                return
            mode = "merge" if clicked is merge else "replace"
        self._guard(_("Import a backup"), lambda: self.import_json(Path(path), mode))
