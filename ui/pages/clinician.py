"""The Clinician area: routines, the routine editor, the week-by-week plan, the PIN.

The one page allowed to read through repositories itself (it is an editor, and the
lists it shows are the database's), but every write is one repository call, made from
a button handler, and announced on screen. Import and export do their work in
``import_from`` / ``export_to`` so tests (and a later menu) call them without dialogs.

Changes to which routines the patient follows take effect from the next session: the
player plans a session when it starts, never in the middle of one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFileDialog, QFrame,
                               QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from cipn_coach import preferences as prefs
from cipn_coach import routine_file
from cipn_coach.errors import CoachError
from cipn_coach.formatting import clock, day_long, day_year, weekday
from cipn_coach.library import Library
from cipn_coach.routine_schema import Routine
from cipn_coach.schedule import planned_on
from cipn_coach.services import DEFAULT_PLAN, Services
from cipn_coach.storage.routines import RoutineRepository
from ui.folders import documents_folder
from ui.pages.own_exercise import OwnExerciseEditor
from ui.pages.pin_dialog import PinGate, PinSetter, PreviewPanel
from ui.pages.routine_editor import RoutineEditor, label
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.flow import flow

NEXT_SESSION = "A change takes effect from the next session, never in the middle of one."


def same_time(routine: Routine, planned: list[Routine]) -> list[tuple[Routine, str]]:
    """The planned routines (with the time) that share a time of day and a weekday with
    ``routine``: adding it beside them would put two sessions at once on Today."""
    times = {slot.time for slot in routine.schedule.slots}
    days = set(routine.schedule.days)
    found = []
    for other in planned:
        shared = sorted(times & {slot.time for slot in other.schedule.slots})
        if other.id != routine.id and shared and days & set(other.schedule.days):
            found.append((other, shared[0]))
    return found


def today_will_show(routines: list[Routine], today: date, added: Routine | None = None) -> str:
    """'Today shows: 08:30 Morning … · 19:00 Evening ….' and, when the routine just added
    is not on today, the first day it is: the plan as the patient will see it."""
    planned = planned_on(routines, today)
    text = ("Today shows: " + " · ".join(f"{p.slot.time} {p.routine.title}" for p in planned)
            + "." if planned else "Today shows no sessions.")
    if added is None or any(p.routine.id == added.id for p in planned):
        return text
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        mine = planned_on([added], day)
        if mine:
            at = " and ".join(p.slot.time for p in mine)
            return f"{text} '{added.title}' first shows on {day_long(day)} at {at}."
    return text


def hbox(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


def action(text: str, name: str, slot: Callable[[], object], role: str | None = None) -> QPushButton:
    button = big_button(text, name, role=role)
    button.clicked.connect(lambda _=False: slot())
    return button


class ClinicianPage(QWidget):
    """Routines, editor, plan preview and PIN, behind the PIN gate when one is set."""

    unlocked = Signal()
    plan_changed = Signal()  # plan.routines or plan.start_date changed: refresh Today
    routines_changed = Signal()  # a routine was saved, imported, renamed or archived

    def __init__(self, services: Services, now: Callable[[], datetime],
                 clock: Callable[[], float] = time.monotonic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self._now = services, now
        self.repo = RoutineRepository(services.db)
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.gate = PinGate(services.settings, clock)
        self.gate.unlocked.connect(self._unlock)
        self.stack.addWidget(self.gate)
        layout = QVBoxLayout(main := QWidget())
        self.stack.addWidget(main)
        layout.setContentsMargins(24, 12, 24, 4)
        title = label("Clinician", "title")
        title.setWordWrap(False)  # one word: it keeps its place at the start of the row
        self.section_group = QButtonGroup(self)
        self.sections = QStackedWidget()
        for n, name in enumerate(("Routines", "Edit routine", "Week by week", "PIN", "Own exercises")):
            button = big_button(name, f"Show {name.lower()}", checkable=True)
            button.setAutoDefault(False)
            self.section_group.addButton(button, n)
        self.section_group.idClicked.connect(self.show_section)
        self.lock_button = action("Lock", "Lock the clinician area", self.lock)
        # one row above the sections (the screen is short), wrapping when narrow
        layout.addWidget(flow(title, *self.section_group.buttons(), self.lock_button, spacing=10))
        layout.addWidget(self.sections, 1)
        self.status = label("", "muted")
        self.status.setAccessibleName("Last action")
        layout.addWidget(self.status)
        self.editor = RoutineEditor(services.originals)
        self.preview = PreviewPanel(services.originals)
        self.editor.routine_changed.connect(self.preview.set_routine)
        self.editor.save_requested.connect(self.save_routine)
        self.pin_setter = PinSetter(services.settings)
        self.pin_setter.changed.connect(lambda on: self.lock_button.setEnabled(on))
        self.own = OwnExerciseEditor(services, now)  # once saved, the editor's search finds it
        self.own.saved.connect(lambda t: (self.editor.picker.refresh(), self.status.setText(t)))
        for content in (self._routines_section(), self.editor, self.preview, self.pin_setter, self.own):
            if content in (self.editor, self.own):  # they scroll by themselves, Save in view
                self.sections.addWidget(content)
                continue
            inner = scrolling_layout(page := QWidget())
            inner.setContentsMargins(0, 0, 0, 0)  # the area's own margins are enough
            inner.addWidget(content)
            inner.addStretch(1)
            self.sections.addWidget(page)
        self.lock_button.setEnabled(self.pin_setter.is_set())
        self.show_section(0)
        self.refresh_list()
        self.editor.load(None, self._taken())  # "Edit routine" before any choice: a new one
        self.stack.setCurrentIndex(1)
        self.lock()

    # ----------------------------------------------------------------- sections
    def _routines_section(self) -> QWidget:
        layout = QVBoxLayout(box := QWidget())
        layout.addWidget(label("Routines", "subtitle"))
        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName("Routines")
        self.routine_list.setMinimumHeight(220)
        self.routine_list.setWordWrap(True)  # a long title takes two lines, never sideways
        self.routine_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.routine_list.currentRowChanged.connect(lambda _r: self._update_actions())
        self.routine_list.itemActivated.connect(lambda _i: self.edit_selected())  # Enter
        layout.addWidget(self.routine_list)
        self.show_archived = QCheckBox("Show archived routines")
        self.show_archived.setAccessibleName("Show archived routines")
        self.show_archived.toggled.connect(lambda _on: self.refresh_list())
        layout.addWidget(self.show_archived)
        self.actions = {key: action(text, name, slot) for key, text, name, slot in (
            ("new", "New", "Create a new routine", self.new_routine),
            ("edit", "Edit", "Edit the chosen routine", self.edit_selected),
            ("duplicate", "Duplicate", "Duplicate the chosen routine", self.duplicate_selected),
            ("rename", "Rename", "Rename the chosen routine", self._start_rename),
            ("archive", "Archive", "Archive or bring back the chosen routine", self.toggle_archive),
            ("assign", "Use for this patient", "Use the chosen routine for this patient",
             self.toggle_assign))}
        layout.addWidget(flow(*self.actions.values()))  # wraps: full words always fit
        self.rename_row = QFrame()
        self.rename_edit = QLineEdit()
        self.rename_edit.setAccessibleName("New title")
        self.rename_edit.returnPressed.connect(self.rename_selected)
        rename = hbox(self.rename_edit, action("Save new title", "Save the new title",
                                               self.rename_selected), stretch=False)
        rename.setContentsMargins(0, 0, 0, 0)
        self.rename_row.setLayout(rename)
        self.rename_row.hide()
        layout.addWidget(self.rename_row)
        self.assign_message = label("", "caption")
        self.assign_message.setAccessibleName("Use for this patient: same time")
        self.assign_replace = action("Replace it", "Replace the routine at the same time",
                                     lambda: self._assign_chosen(replace=True), role="primary")
        self.assign_beside = action("Add beside it", "Keep both routines at the same time",
                                    lambda: self._assign_chosen(replace=False))
        self.assign_panel = QFrame()
        self.assign_panel.setProperty("role", "card")
        panel = QVBoxLayout(self.assign_panel)
        panel.addWidget(self.assign_message)
        panel.addWidget(flow(self.assign_replace, self.assign_beside,
                             action("Cancel", "Do not change the plan", self._cancel_assign)))
        self.assign_panel.hide()
        layout.addWidget(self.assign_panel)
        layout.addWidget(label(NEXT_SESSION, "muted"))
        start = prefs.Preferences(self.services.settings).get(prefs.PLAN_START)
        self.start_edit = QLineEdit(start.isoformat() if start else "")
        self.start_edit.setAccessibleName("Programme start date, like 2026-12-01")
        self.start_edit.setInputMask("9999-99-99;_")
        self.start_edit.setFixedWidth(180)
        self.start_edit.returnPressed.connect(self.set_start_date)
        # one under another when large text would cut them
        layout.addWidget(flow(label("Programme start:"), self.start_edit, action(
            "Set start date", "Set the programme start date", self.set_start_date)))
        layout.addWidget(label("Routine files", "subtitle"))
        layout.addWidget(flow(
            action("Import a routine file…", "Import a routine file", self._import_clicked),
            action("Export the chosen routine…", "Export the chosen routine to a file",
                   self._export_clicked)))
        self.file_message = label("", "caption")
        self.file_message.setAccessibleName("Import and export result")
        self.file_message.hide()
        layout.addWidget(self.file_message)
        self.confirm_replace = action("Replace it", "Replace the routine with the file's version",
                                      lambda: self.import_from(self._pending, confirm=True),
                                      role="primary")
        self.confirm_cancel = action("Keep the current one", "Do not import the file",
                                     self._cancel_import)
        self.confirm_panel = QFrame()
        self.confirm_panel.setProperty("role", "card")
        QVBoxLayout(self.confirm_panel).addWidget(flow(self.confirm_replace, self.confirm_cancel))
        self.confirm_panel.hide()
        self._pending = Path()
        self._pending_assign: tuple[Routine, list[str]] | None = None  # asked, not answered
        layout.addWidget(self.confirm_panel)
        layout.addStretch(1)
        return box

    def show_section(self, index: int) -> None:
        self.section_group.button(index).setChecked(True)
        self.sections.setCurrentIndex(index)

    # ---------------------------------------------------------------- PIN gate
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.gate

    def lock(self) -> None:
        """Show the PIN entry (if a PIN is set); the window calls this on leaving the page."""
        if self.pin_setter.is_set():
            self.stack.setCurrentWidget(self.gate)
            self.gate.reset()

    def _unlock(self) -> None:
        self.stack.setCurrentIndex(1)
        self.unlocked.emit()

    # ------------------------------------------------------------------ the list
    def plan_ids(self) -> list[str]:
        return list(prefs.Preferences(self.services.settings).get(prefs.PLAN_ROUTINES))

    def refresh_list(self, select: str | None = None) -> None:
        current = select or self.selected_id()
        self.routine_list.clear()
        plan = self.plan_ids()
        if self.show_archived.isChecked():
            routines = [row.routine for row in self.repo.latest() if row.archived]
        else:
            routines = sorted(self.services.originals.routines.values(), key=lambda r: r.title)
        for routine in routines:
            item = QListWidgetItem(f"{routine.title}  ·  version {routine.version}"
                                   + "  (archived)" * routine.archived
                                   + "  ✓ this patient's plan" * (routine.id in plan))
            item.setData(Qt.ItemDataRole.UserRole, routine)
            self.routine_list.addItem(item)
            if routine.id == current:
                self.routine_list.setCurrentItem(item)
        if self.routine_list.currentRow() < 0 and self.routine_list.count():
            self.routine_list.setCurrentRow(0)
        self._update_actions()

    def selected(self) -> Routine | None:
        item = self.routine_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def selected_id(self) -> str | None:
        return routine.id if (routine := self.selected()) else None

    def _update_actions(self) -> None:
        routine = self.selected()
        for key in ("edit", "duplicate", "rename", "archive", "assign"):
            self.actions[key].setEnabled(routine is not None)
        if routine is None:
            return
        stored = self.repo.find(routine.id) is not None
        self.actions["archive"].setText("Bring back" if routine.archived else "Archive")
        self.actions["archive"].setEnabled(stored)  # a built-in never saved here has no history
        self.actions["rename"].setEnabled(not routine.archived)
        inside = routine.id in self.plan_ids()
        self.actions["assign"].setText(("Stop using" if inside else "Use") + " for this patient")
        self.actions["assign"].setEnabled(inside or not routine.archived)

    def _taken(self) -> set[str]:
        return set(self.services.originals.routines) | {row.id for row in self.repo.latest()}

    def _utc(self) -> datetime:
        return self._now().astimezone(UTC)

    def _done(self, text: str, select: str | None = None) -> None:
        self.status.setText(f"✓ {text}")
        self.refresh_list(select)
        self.routines_changed.emit()

    # ------------------------------------------------------------------ actions
    def new_routine(self) -> None:
        self.edit_selected(new=True)

    def edit_selected(self, new: bool = False) -> None:
        """Open the editor on the chosen routine, or on a blank one (``new``)."""
        routine = None if new else self.selected()
        if new or routine is not None:
            self.editor.load(routine, self._taken())
            self.show_section(1)
            self.editor.title.setFocus()

    def save_routine(self, routine: Routine) -> None:
        try:
            row = self.repo.save(routine, self._utc())
        except CoachError as exc:
            self.editor.status.setText(f"Not saved: {exc}")
            return
        self.services.keep_routine(row.routine)  # Today sees it at once
        self.editor.mark_saved(row.routine, clock(self._now()))
        self._done(f"Saved '{row.title}' as version {row.version}. {NEXT_SESSION}", row.id)

    def duplicate_selected(self) -> None:
        routine = self.selected()
        if routine is None:
            return
        taken, n = self._taken(), 2
        new_id = f"{routine.id[:58]}_copy"
        while new_id in taken:
            new_id, n = f"{routine.id[:56]}_copy{n}", n + 1
        row = self.repo.duplicate(routine, new_id, f"Copy of {routine.title}"[:120], self._utc())
        self.services.keep_routine(row.routine)
        self._done(f"Made a copy: '{row.title}'.", row.id)

    def _start_rename(self) -> None:
        routine = self.selected()
        if routine is not None:
            self.rename_row.show()
            self.rename_edit.setText(routine.title)
            self.rename_edit.selectAll()
            self.rename_edit.setFocus()

    def rename_selected(self) -> None:
        routine, title = self.selected(), self.rename_edit.text().strip()
        if routine is None or not 1 <= len(title) <= 120:
            self.status.setText("A title needs 1 to 120 characters.")
            return
        if self.repo.find(routine.id) is None:  # a built-in: the first stored version
            row = self.repo.save(routine.retitled(title), self._utc())
        else:
            row = self.repo.rename(routine.id, title, self._utc())
        self.services.keep_routine(row.routine)
        self.rename_row.hide()
        self._done(f"Renamed to '{title}'.")

    def toggle_archive(self) -> None:
        routine = self.selected()
        if routine is None:
            return
        bring_back = routine.archived
        self.repo.archive(routine.id, self._utc(), archived=not bring_back)
        if bring_back:
            self.services.keep_routine(self.repo.get(routine.id).routine)
        else:
            self.services.forget_routine(routine.id)
        self._done(f"{'Brought back' if bring_back else 'Archived'} '{routine.title}'. "
                   "Its history is kept.")

    def toggle_assign(self) -> None:
        """Add the chosen routine to the plan, or take it out. A routine already planned
        at one of its times on one of its days is not doubled silently: the page asks."""
        routine = self.selected()
        if routine is None:
            return
        self.assign_panel.hide()
        ids = self.plan_ids()
        if routine.id in ids:
            self._set_plan([i for i in ids if i != routine.id],
                           f"'{routine.title}' is no longer in this patient's plan.")
            return
        clashes = same_time(routine, [self.services.originals.routines[i] for i in ids
                                      if i in self.services.originals.routines])
        if not clashes:
            self._set_plan(ids + [routine.id], f"'{routine.title}' is now in this patient's plan.",
                           routine)
            return
        self._pending_assign = (routine, [r.id for r, _ in clashes])
        said = "; ".join(f"'{other.title}' at {at}" for other, at in clashes)
        self.assign_message.setText(f"This patient's plan already has {said}, on some of the "
                                    f"same days. Should '{routine.title}' replace it, or be "
                                    "added beside it (two sessions at that time)?")
        self.assign_panel.show()
        self.assign_replace.setFocus()

    def _assign_chosen(self, replace: bool) -> None:
        if self._pending_assign is None:
            return
        (routine, clashing), self._pending_assign = self._pending_assign, None
        self.assign_panel.hide()
        ids = [i for i in self.plan_ids() if not (replace and i in clashing)] + [routine.id]
        gone = [self.services.originals.routines[i].title for i in clashing
                if i in self.services.originals.routines]
        what = f"'{routine.title}' replaces {' and '.join(repr(t) for t in gone)}" if replace \
            else f"'{routine.title}' is now in this patient's plan, beside {' and '.join(repr(t) for t in gone)}"
        self._set_plan(ids, f"{what}.", routine)

    def _cancel_assign(self) -> None:
        self.assign_panel.hide()
        self.status.setText("Nothing changed in this patient's plan.")

    def _set_plan(self, ids: list[str], what: str, added: Routine | None = None) -> None:
        prefs.Preferences(self.services.settings).set(prefs.PLAN_ROUTINES, tuple(ids))
        self.refresh_list()
        routines = [self.services.originals.routines[i] for i in ids if i in self.services.originals.routines]
        shows = today_will_show(routines, self._now().date(), added)
        self.status.setText(f"✓ {what} {shows} {NEXT_SESSION}")
        self.plan_changed.emit()

    def set_start_date(self) -> None:
        try:
            day = date.fromisoformat(self.start_edit.text())
        except ValueError:
            self.status.setText("Type the start date as year-month-day, like 2026-12-01.")
            return
        try:
            prefs.Preferences(self.services.settings).set(prefs.PLAN_START, day)
        except prefs.PreferenceError:
            self.status.setText("Please choose a start date from 1990 to a year from today.")
            return
        self.status.setText(f"✓ The programme starts on {weekday(day)} {day_year(day)}. {NEXT_SESSION}")
        self.plan_changed.emit()

    # ----------------------------------------------------------- import / export
    def _export_clicked(self) -> None:
        name = f"{self.selected_id() or 'routine'}.cipnroutine"
        path, _ = QFileDialog.getSaveFileName(self, "Export routine", str(documents_folder() / name),
                                              "Routine files (*.cipnroutine)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the chosen routine (as saved) and its own exercises to ``path``."""
        routine = self.selected()
        if routine is None:
            return self._file_message("Choose a routine to export first.")
        try:
            routine_file.export(routine, path, self.repo, self._utc())
        except (OSError, CoachError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return self._file_message(f"Could not write {path}: {reason}")
        self._file_message(f"✓ Exported '{routine.title}' (version {routine.version}) as "
                           f"{path.name}, in the folder {path.parent}.")
        return True

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import routine", str(documents_folder()),
                                              "Routine files (*.cipnroutine);;All files (*)")
        if path:
            self.import_from(Path(path))

    def _file_library(self) -> Library:
        """The built-in exercises only: an own exercise in the file may replace a stored one."""
        own = {row.exercise.id for row in self.repo.list_exercises()}
        lib = self.services.originals
        return Library({k: v for k, v in lib.exercises.items() if k not in own}, lib.routines)

    def import_from(self, path: Path, confirm: bool = False) -> routine_file.ImportResult:
        """Validate the whole file first; ask in the page before replacing a routine."""
        self.confirm_panel.hide()
        result = routine_file.import_file(path, self._file_library(), self.repo, self._utc(),
                                          confirm=confirm)
        if result.status == "rejected":
            self._file_message(f"Not imported, nothing was changed. {len(result.problems)} "
                               "problem(s):\n• " + "\n• ".join(result.problems))
        elif result.status == "needs_confirmation":
            self._pending = path
            self._file_message(result.message())
            self.confirm_panel.show()
            self.confirm_replace.setFocus()
        else:
            if result.status == "imported" and result.routine is not None and result.file:
                for exercise in result.file.exercises:
                    self.services.keep_exercise(exercise.exercise())
                self.services.keep_routine(result.routine)
                self._done(result.message(), result.routine.id)
            self._file_message(("✓ " if result.status == "imported" else "") + result.message())
        return result

    def _cancel_import(self) -> None:
        self.confirm_panel.hide()
        self._file_message("Not imported. The current routine stays as it is.")

    def _file_message(self, text: str) -> bool:
        """Say what happened right where it can be read: scrolled into view."""
        self.file_message.setText(text)
        self.file_message.show()
        area = self.file_message.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:  # once laid out, when the message's height is known
            QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(self.file_message, 0, 16))
        return False
