"""The File, View and Help menus: report, print, exports, backups, family view, help.

Each action is split in two: a thin handler that asks for a file or period with a
dialog, and a method taking plain arguments that does the work — the part the tests
call, and the part that could run from the command line too.

The menus are handed what they need (the services, the clock, the parent widget) and
say what happened with signals: the window decides what showing help or leaving the
family view means, and refreshes from ``changed`` after an import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenuBar,
    QMessageBox,
    QWidget,
)

from cipn_coach.backup.exports import ImportMode
from cipn_coach.errors import CoachError
from cipn_coach.i18n import _
from cipn_coach.services import Services


class Menus(QObject):
    """The menu bar of ``parent`` (the app's content), working on ``services``."""

    family_toggled = Signal()  # View → Family view: the window asks for the PIN if one is set
    help_requested = Signal()
    welcome_requested = Signal()
    about_requested = Signal()
    changed = Signal(object)  # what an import changed (cipn_coach.changes.Changes)

    def __init__(self, parent: QWidget, services: Services, now: Callable[[], datetime]) -> None:
        super().__init__(parent)
        self.parent_widget, self.services, self.now = parent, services, now
        self.bar = QMenuBar(parent)
        self.bar.setAccessibleName(_("Menu bar"))
        file_menu = self.bar.addMenu(_("&File"))
        self.report_action = self._add(
            file_menu, _("Export &report (PDF)…"), self.ask_report, "Ctrl+R"
        )
        self.print_action = self._add(file_menu, _("&Print report…"), self.ask_print, "Ctrl+P")
        self.file_separator = file_menu.addSeparator()
        self.csv_action = self._add(file_menu, _("Export tables (&CSV)…"), self.ask_csv)
        self.json_action = self._add(
            file_menu, _("Export full &backup (JSON)…"), self.ask_export_json
        )
        self.fhir_action = self._add(
            file_menu, _("Export for the care team (F&HIR)…"), self.ask_export_fhir
        )
        self.import_action = self._add(
            file_menu, _("&Import a backup (JSON)…"), self.ask_import_json
        )
        view_menu = self.bar.addMenu(_("&View"))
        self.family_action = self._add(
            view_menu, _("&Family view (read only)"), self.family_toggled.emit
        )
        self.family_action.setCheckable(True)
        self.editing_actions = [
            self.csv_action,
            self.json_action,
            self.fhir_action,
            self.import_action,
        ]
        # hidden in the family view, where they would do nothing (with the line above them)
        self.family_hidden = [self.file_separator, *self.editing_actions]
        help_menu = self.bar.addMenu(_("&Help"))
        self.help_action = self._add(help_menu, _("&Help…"), self.help_requested.emit, "F1")
        self.welcome_action = self._add(
            help_menu, _("&Welcome and your details…"), self.welcome_requested.emit
        )
        self.about_action = self._add(help_menu, _("&About CIPN Coach…"), self.about_requested.emit)
        # the welcome changes the patient's details: not from the family view
        self.editing_actions.append(self.welcome_action)
        self.family_hidden.append(self.welcome_action)

    def all_actions(self) -> list[QAction]:
        """Every action of every menu (greyed out together during a session)."""
        return [
            action
            for menu_action in self.bar.actions()
            if menu_action.menu()
            for action in menu_action.menu().actions()
            if not action.isSeparator()
        ]

    def set_family(self, on: bool) -> None:
        """The family view reads only: what edits is greyed out and hidden."""
        for action in self.editing_actions:
            action.setEnabled(not on)
        for action in self.family_hidden:
            action.setVisible(not on)
        self.family_action.setChecked(on)

    def set_in_session(self, on: bool, family: bool) -> None:
        """From Start until the session has ended every menu is greyed out."""
        for menu_action in self.bar.actions():
            menu_action.setEnabled(not on)
        for action in self.all_actions():
            action.setEnabled(not on)
        if not on:
            for action in self.editing_actions:
                action.setEnabled(not family)

    def set_first_steps(self, on: bool) -> None:
        """While the welcome (or the first start's question after it) is in view the
        family view waits: it would leave the welcome for a read-only Today. Greyed, as
        in a session; the other items open over the welcome and come back to it."""
        self.family_action.setEnabled(not on)

    def _add(
        self, menu: object, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self.parent_widget)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # ------------------------------------------------------------ the work
    def export_report(self, path: Path, first: date, last: date) -> None:
        from cipn_coach.reports.report_data import build_report
        from ui.reports.pdf import write_pdf

        write_pdf(build_report(self.services, first, last, self.now()), path)

    def print_report(self, printer: object, first: date, last: date) -> None:
        from cipn_coach.reports.report_data import build_report
        from ui.reports.pdf import print_report

        report = build_report(self.services, first, last, self.now())
        print_report(report, printer)  # type: ignore[arg-type]

    def export_csv(self, folder: Path) -> str:
        return self.services.exports.export_csv(folder)

    def export_json(self, path: Path) -> str:
        return self.services.exports.export_json(path)

    def export_fhir(self, path: Path, first: date, last: date) -> str:
        from cipn_coach.fhir.export import export_fhir

        return export_fhir(self.services, path, first, last, self.now(), overwrite=True).summary()

    def import_json(self, path: Path, mode: ImportMode) -> str:
        imported = self.services.exports.import_json(path, mode)
        self.changed.emit(imported.changes)
        return imported.row

    # --------------------------------------------------------- the dialogs
    def _period(self) -> tuple[date, date] | None:
        from ui.reports.period_dialog import PeriodDialog  # opened rarely: not at start

        today = self.now().date()
        dialog = PeriodDialog(self.parent_widget, today)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        first = dialog.first.date().toPython()
        last = dialog.last.date().toPython()
        return self.services.period(dialog.choice.currentData(), today, first, last)

    def _tell(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent_widget, title, text)

    def _guard(self, title: str, work: Callable[[], str | None]) -> None:
        try:
            message = work()
        except (CoachError, OSError) as exc:
            QMessageBox.warning(
                self.parent_widget, title, _("Nothing was changed.\n\n{reason}").format(reason=exc)
            )
            return
        if message:
            self._tell(title, message)

    def ask_report(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-report-{period[1].isoformat()}.pdf"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.parent_widget, _("Save the report"), str(Path.home() / name), _("PDF (*.pdf)")
        )
        if not path:
            return

        def save() -> str:
            self.export_report(Path(path), *period)
            return _("The report was saved as {path}.").format(path=path)

        self._guard(_("Report"), save)

    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        period = self._guarded_period()
        if period is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self.parent_widget).exec() == QDialog.DialogCode.Accepted:
            self._guard(_("Print"), lambda: self.print_report(printer, *period))

    def _guarded_period(self) -> tuple[date, date] | None:
        try:
            return self._period()
        except CoachError as exc:
            QMessageBox.warning(self.parent_widget, _("Report"), str(exc))
            return None

    def ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, _("Choose an empty folder for the tables")
        )
        if folder:
            self._guard(_("Export tables"), lambda: self.export_csv(Path(folder)))

    def ask_export_json(self) -> None:
        name = f"cipn-coach-backup-{self.now().date().isoformat()}.json"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.parent_widget,
            _("Save a full backup"),
            str(Path.home() / name),
            _("Backup (*.json)"),
        )
        if path:
            self._guard(_("Full backup"), lambda: self.export_json(Path(path)))

    def ask_export_fhir(self) -> None:
        period = self._guarded_period()
        if period is None:
            return
        name = f"cipn-coach-fhir-{period[1].isoformat()}.json"
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self.parent_widget,
            _("Save for the care team (FHIR)"),
            str(Path.home() / name),
            _("FHIR bundle (*.json)"),
        )
        if path:
            self._guard(
                _("Export for the care team"), lambda: self.export_fhir(Path(path), *period)
            )

    def ask_import_json(self) -> None:
        path, _chosen_filter = QFileDialog.getOpenFileName(
            self.parent_widget, _("Import a backup"), str(Path.home()), _("Backup (*.json)")
        )
        if not path:
            return
        mode: ImportMode = "empty"
        if self.services.exports.has_records():
            box = QMessageBox(self.parent_widget)
            box.setWindowTitle(_("Import a backup"))
            box.setText(
                _(
                    "This computer already has records. Merge keeps every record from both "
                    "(where they differ, both versions are kept). Replace swaps them for the "
                    "backup's. A safety backup is made first either way."
                )
            )
            merge = box.addButton(_("Merge (keep both)"), QMessageBox.ButtonRole.AcceptRole)
            replace = box.addButton(_("Replace"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            if clicked not in (merge, replace):
                return
            mode = "merge" if clicked is merge else "replace"
        self._guard(_("Import a backup"), lambda: self.import_json(Path(path), mode))
