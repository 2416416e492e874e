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

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PERIODS = (("2w", "The last 2 weeks"), ("4w", "The last 4 weeks"), ("program", "The whole programme"),
           ("custom", "Choose the dates"))


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
        raise CoachError("choose a first day that is not after the last day")
    return first, min(last, today)


class PeriodDialog(QDialog):
    """Which period the report covers: three presets or chosen dates."""

    def __init__(self, parent: QWidget, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Report period")
        form = QFormLayout(self)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Report period")
        self.choice.setMinimumHeight(48)
        for key, text in PERIODS:
            self.choice.addItem(text, key)
        self.choice.setCurrentIndex(1)
        self.first = QDateEdit(today - timedelta(days=27))
        self.last = QDateEdit(today)
        for edit, name in ((self.first, "First day"), (self.last, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
            edit.setAccessibleName(name)
            edit.setMinimumHeight(48)
        form.addRow("Period", self.choice)
        form.addRow("First day", self.first)
        form.addRow("Last day", self.last)
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
        self.bar.setAccessibleName("Menu bar")
        file_menu = self.bar.addMenu("&File")
        self.report_action = self._add(file_menu, "Export &report (PDF)…", self.ask_report, "Ctrl+R")
        self.print_action = self._add(file_menu, "&Print report…", self.ask_print, "Ctrl+P")
        self.file_separator = file_menu.addSeparator()
        self.csv_action = self._add(file_menu, "Export tables (&CSV)…", self.ask_csv)
        self.json_action = self._add(file_menu, "Export full &backup (JSON)…", self.ask_export_json)
        self.fhir_action = self._add(file_menu, "Export for the care team (F&HIR)…",
                                     self.ask_export_fhir)
        self.import_action = self._add(file_menu, "&Import a backup (JSON)…", self.ask_import_json)
        view_menu = self.bar.addMenu("&View")
        self.family_action = self._add(view_menu, "&Family view (read only)", window.toggle_family)
        self.family_action.setCheckable(True)
        self.editing_actions = [self.csv_action, self.json_action, self.fhir_action,
                                self.import_action]
        # hidden in the family view, where they would do nothing (with the line above them)
        self.family_hidden = [self.file_separator, *self.editing_actions]
        help_menu = self.bar.addMenu("&Help")
        self.help_action = self._add(help_menu, "&Help…", window.show_help, "F1")
        self.welcome_action = self._add(help_menu, "&Welcome and your details…", window.show_welcome)
        self.about_action = self._add(help_menu, "&About CIPN Coach…", window.show_about)
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
            QMessageBox.warning(self.window, title, f"Nothing was changed.\n\n{exc}")
            return
        if message:
            self._tell(title, message)

    def ask_report(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-report-{period[1].isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the report", str(Path.home() / name),
                                              "PDF (*.pdf)")
        if path:
            self._guard("Report", lambda: (self.export_report(Path(path), *period),
                                           f"The report was saved as {path}.")[1])

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        period = self._guarded_period()
        if period is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self.window).exec() == QDialog.DialogCode.Accepted:
            self._guard("Print", lambda: self.print_report(printer, *period))

    def _guarded_period(self) -> tuple[date, date] | None:
        try:
            return self._period()
        except CoachError as exc:
            QMessageBox.warning(self.window, "Report", str(exc))
            return None

    def ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Choose an empty folder for the tables")
        if folder:
            self._guard("Export tables", lambda: self.export_csv(Path(folder)))

    def ask_export_json(self) -> None:
        name = f"cipn-coach-backup-{datetime.now().date().isoformat()}.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save a full backup",
                                              str(Path.home() / name), "Backup (*.json)")
        if path:
            self._guard("Full backup", lambda: self.export_json(Path(path)))

    def ask_export_fhir(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-fhir-{period[1].isoformat()}.json"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save for the care team (FHIR)",
                                              str(Path.home() / name), "FHIR bundle (*.json)")
        if path:
            self._guard("Export for the care team", lambda: self.export_fhir(Path(path), *period))

    def ask_import_json(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import a backup", str(Path.home()),
                                              "Backup (*.json)")
        if not path:
            return
        from cipn_coach.backup_json import local_counts

        mode = "empty"
        if any(local_counts(self.window.services.db)):
            box = QMessageBox(self.window)
            box.setWindowTitle("Import a backup")
            box.setText("This computer already has records. Merge keeps every record from both "
                        "(where they differ, both versions are kept). Replace swaps them for the "
                        "backup's. A safety backup is made first either way.")
            merge = box.addButton("Merge (keep both)", QMessageBox.ButtonRole.AcceptRole)
            replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            if clicked not in (merge, replace):
                return
            mode = "merge" if clicked is merge else "replace"
        self._guard("Import a backup", lambda: self.import_json(Path(path), mode))
