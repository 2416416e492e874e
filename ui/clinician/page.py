"""The Clinician area: routines, the routine editor, the week-by-week plan, the PIN.

Every write is one call to the core's services (``services.routines``, ``services.plan``),
made from a button handler and announced on screen; the services keep the exercise
library current, and the page passes on what changed as one ``changed`` signal. Import
and export do their work in ``import_from`` / ``export_to`` so tests (and a later menu)
call them without dialogs.

Changes to which routines the patient follows take effect from the next session: the
player plans a session when it starts, never in the middle of one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.changes import Changes
from cipn_coach.errors import CoachError
from cipn_coach.formatting import clock, day_long, day_year, weekday, whole
from cipn_coach.i18n import N_, _, p_
from cipn_coach.routines import routine_file
from cipn_coach.routines.routine_format import Routine
from cipn_coach.routines.schedule import planned_on
from cipn_coach.services import Services
from cipn_coach.settings import preferences as prefs
from ui.clinician.header import ClinicianHeader
from ui.clinician.own_exercise import OwnExerciseEditor
from ui.clinician.pin_panels import PinGate, PinSetter, PreviewPanel
from ui.clinician.routine_editor import RoutineEditor
from ui.folders import documents_folder
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.flow import flow
from ui.widgets.forms import label

if TYPE_CHECKING:
    from ui.clinician.clinic import ClinicPage

NEXT_SESSION = N_("A change takes effect from the next session, never in the middle of one.")
# the sections of the page: the button's word, and what it says to a screen reader
SECTIONS = (
    (N_("Routines"), N_("Show routines")),
    (N_("Edit routine"), N_("Show edit routine")),
    (N_("Week by week"), N_("Show week by week")),
    (N_("PIN"), N_("Show pin")),
    (N_("Own exercises"), N_("Show own exercises")),
)


ROUTINES_SECTION, EDIT_SECTION, PREVIEW_SECTION, PIN_SECTION, OWN_SECTION = range(len(SECTIONS))


def joined(words: list[str]) -> str:
    """'A and B and C': names in a sentence, joined the language's way."""
    return p_("names in a sentence", " and ").join(words)


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
    sessions = " · ".join(f"{p.slot.time} {p.routine.title}" for p in planned)
    text = (
        _("Today shows: {sessions}.").format(sessions=sessions)
        if planned
        else _("Today shows no sessions.")
    )
    if added is None or any(p.routine.id == added.id for p in planned):
        return text
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        mine = planned_on([added], day)
        if mine:
            at = joined([p.slot.time for p in mine])
            first = _("'{title}' first shows on {day} at {time}.").format(
                title=added.title, day=day_long(day), time=at
            )
            return f"{text} {first}"
    return text


class SectionStack(QStackedWidget):
    """The page's sections, below the header rows: they take the height the header leaves.

    A stack reports its current section's height-for-width, and an open routine's editor
    asked ~1300 px at 200 %: the page's layout then shared out the shortfall and cut the
    header's last row in half (1024×600). Each section scrolls by itself, so the stack
    needs no height for its width."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False


def hbox(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


def action(
    text: str, name: str, slot: Callable[[], object], role: str | None = None
) -> QPushButton:
    button = big_button(text, name, role=role)
    button.clicked.connect(lambda _=False: slot())
    return button


class ClinicianPage(QWidget):
    """Routines, editor, plan preview and PIN, behind the PIN gate when one is set."""

    unlocked = Signal()
    changed = Signal(object)  # what a write changed (cipn_coach.changes.Changes)

    def __init__(
        self,
        services: Services,
        now: Callable[[], datetime],
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self._now = services, now
        self.routines = services.routines
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.gate = PinGate(services.preferences, clock)
        self.gate.unlocked.connect(self._unlock)
        self.stack.addWidget(self.gate)
        layout = QVBoxLayout(main := QWidget())
        self.stack.addWidget(main)
        layout.setContentsMargins(24, 12, 24, 4)
        self.sections = SectionStack()
        self.lock_button = action(_("Lock"), _("Lock the clinician area"), self.lock)
        self.header = ClinicianHeader(
            [(_(name), _(spoken)) for name, spoken in SECTIONS], self.lock_button
        )
        self.header.chosen.connect(self.show_section)
        self.section_group, self.section_choice = self.header.group, self.header.choice
        self._clinic: ClinicPage | None = None  # built when first opened
        layout.addWidget(self.header)
        # On a short screen at 200 % the header rows above take most of the height: the
        # section (which scrolls, or has its own scroll area) gives up height rather than
        # the layout squeezing the header's buttons in half.
        self.sections.setMinimumHeight(1)
        layout.addWidget(self.sections, 1)
        self.status = label("", "muted")
        self.status.setAccessibleName(_("Last action"))
        self.status.hide()  # no empty line taking the section's height: shown with a message
        layout.addWidget(self.status)
        self.pin_setter = PinSetter(services.preferences)
        self.pin_setter.changed.connect(lambda on: self.lock_button.setEnabled(on))
        # the editor, the preview and the own-exercise form: built when first opened
        self._editor: RoutineEditor | None = None
        self._preview: PreviewPanel | None = None
        self._own: OwnExerciseEditor | None = None
        for _section in SECTIONS:  # one place per section, filled by _hold
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.sections.addWidget(holder)
        self._hold(ROUTINES_SECTION, self._routines_section())
        self._hold(PIN_SECTION, self.pin_setter)
        self.lock_button.setEnabled(self.pin_setter.is_set())
        self.show_section(ROUTINES_SECTION)
        self.refresh_list()
        self.stack.setCurrentIndex(1)
        self.lock()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.header.fit(self.height())  # one row when the page is short

    # ----------------------------------------------------------------- sections
    def _routines_section(self) -> QWidget:
        layout = QVBoxLayout(box := QWidget())
        # Clinic mode first, in the section shown on opening (the row above is full at 200 %)
        self.clinic_button = action(
            _("Clinic: many patients"),
            _("Open Clinic mode: many patients' files"),
            self.show_clinic,
        )
        layout.addWidget(flow(self.clinic_button))
        layout.addWidget(label(_("Routines"), "subtitle"))
        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName(_("Routines"))
        self.routine_list.setMinimumHeight(220)
        self.routine_list.setWordWrap(True)  # a long title takes two lines, never sideways
        self.routine_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.routine_list.currentRowChanged.connect(lambda _r: self._update_actions())
        self.routine_list.itemActivated.connect(lambda _i: self.edit_selected())  # Enter
        layout.addWidget(self.routine_list)
        self.show_archived = QCheckBox(_("Show archived routines"))
        self.show_archived.setAccessibleName(_("Show archived routines"))
        self.show_archived.toggled.connect(lambda _on: self.refresh_list())
        layout.addWidget(self.show_archived)
        self.actions = {
            key: action(text, name, slot)
            for key, text, name, slot in (
                ("new", _("New"), _("Create a new routine"), self.new_routine),
                ("edit", _("Edit"), _("Edit the chosen routine"), self.edit_selected),
                (
                    "duplicate",
                    _("Duplicate"),
                    _("Duplicate the chosen routine"),
                    self.duplicate_selected,
                ),
                ("rename", _("Rename"), _("Rename the chosen routine"), self._start_rename),
                (
                    "archive",
                    _("Archive"),
                    _("Archive or bring back the chosen routine"),
                    self.toggle_archive,
                ),
                (
                    "assign",
                    _("Use for this patient"),
                    _("Use the chosen routine for this patient"),
                    self.toggle_assign,
                ),
            )
        }
        layout.addWidget(flow(*self.actions.values()))  # wraps: full words always fit
        self.rename_row = QFrame()
        self.rename_edit = QLineEdit()
        self.rename_edit.setAccessibleName(_("New title"))
        self.rename_edit.returnPressed.connect(self.rename_selected)
        rename = hbox(
            self.rename_edit,
            action(_("Save new title"), _("Save the new title"), self.rename_selected),
            stretch=False,
        )
        rename.setContentsMargins(0, 0, 0, 0)
        self.rename_row.setLayout(rename)
        self.rename_row.hide()
        layout.addWidget(self.rename_row)
        self.assign_message = label("", "caption")
        self.assign_message.setAccessibleName(_("Use for this patient: same time"))
        self.assign_replace = action(
            _("Replace it"),
            _("Replace the routine at the same time"),
            lambda: self._assign_chosen(replace=True),
            role="primary",
        )
        self.assign_beside = action(
            _("Add beside it"),
            _("Keep both routines at the same time"),
            lambda: self._assign_chosen(replace=False),
        )
        self.assign_panel = QFrame()
        self.assign_panel.setProperty("role", "card")
        panel = QVBoxLayout(self.assign_panel)
        panel.addWidget(self.assign_message)
        panel.addWidget(
            flow(
                self.assign_replace,
                self.assign_beside,
                action(_("Cancel"), _("Do not change the plan"), self._cancel_assign),
            )
        )
        self.assign_panel.hide()
        layout.addWidget(self.assign_panel)
        layout.addWidget(label(_(NEXT_SESSION), "muted"))
        start = self.services.preferences.get(prefs.PLAN_START)
        self.start_edit = QLineEdit(start.isoformat() if start else "")
        self.start_edit.setAccessibleName(_("Programme start date, like 2026-12-01"))
        self.start_edit.setInputMask("9999-99-99;_")
        self.start_edit.setFixedWidth(180)
        self.start_edit.returnPressed.connect(self.set_start_date)
        # one under another when large text would cut them
        layout.addWidget(
            flow(
                label(_("Programme start:")),
                self.start_edit,
                action(_("Set start date"), _("Set the programme start date"), self.set_start_date),
            )
        )
        layout.addWidget(label(_("Routine files"), "subtitle"))
        layout.addWidget(
            flow(
                action(
                    _("Import a routine file…"), _("Import a routine file"), self._import_clicked
                ),
                action(
                    _("Export the chosen routine…"),
                    _("Export the chosen routine to a file"),
                    self._export_clicked,
                ),
            )
        )
        self.file_message = label("", "caption")
        self.file_message.setAccessibleName(_("Import and export result"))
        self.file_message.hide()
        layout.addWidget(self.file_message)
        self.confirm_replace = action(
            _("Replace it"),
            _("Replace the routine with the file's version"),
            lambda: self.import_from(self._pending, confirm=True),
            role="primary",
        )
        self.confirm_cancel = action(
            _("Keep the current one"), _("Do not import the file"), self._cancel_import
        )
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
        if index == EDIT_SECTION:
            self._editor_built()
        elif index == PREVIEW_SECTION:
            self._preview_built()
        elif index == OWN_SECTION:
            self._own_built()
        self.header.show_chosen(index)
        self.sections.setCurrentIndex(index)

    def _hold(self, index: int, content: QWidget, scrolls_itself: bool = False) -> None:
        """Put a section's content in its place. The editor and the own-exercise form
        scroll by themselves (Save stays in view); the others scroll as a whole."""
        holding = self.sections.widget(index).layout()
        if scrolls_itself:
            holding.addWidget(content)
            return
        inner = scrolling_layout(page := QWidget())
        inner.setContentsMargins(0, 0, 0, 0)  # the area's own margins are enough
        inner.addWidget(content)
        inner.addStretch(1)
        holding.addWidget(page)

    # The routine editor, the week-by-week preview and the own-exercise form are built
    # when first opened (their section, or a routine chosen to edit): most visits to
    # Clinician use none of them, and together they are ~370 widgets and ~8 MiB.
    @property
    def editor(self) -> RoutineEditor:
        return self._editor_built()

    @property
    def preview(self) -> PreviewPanel:
        return self._preview_built()

    @property
    def own(self) -> OwnExerciseEditor:
        return self._own_built()

    def _editor_built(self) -> RoutineEditor:
        if self._editor is None:
            # checked and saved in English (the originals keep their translations); every
            # title and the preview's spoken words in the app's language, as the patient
            # gets them
            editor = RoutineEditor(self.services.originals, self.services.library)
            editor.routine_changed.connect(self._routine_edited)
            editor.save_requested.connect(self.save_routine)
            self._editor = editor
            self._hold(EDIT_SECTION, editor, scrolls_itself=True)
            editor.load(None, self._taken())  # "Edit routine" before any choice: a new one
        return self._editor

    def _routine_edited(self, routine: Routine | None) -> None:
        if self._preview is not None:
            self._preview.set_routine(routine)

    def _preview_built(self) -> PreviewPanel:
        if self._preview is None:
            preview = PreviewPanel(self.services.library)
            self._preview = preview
            self._hold(PREVIEW_SECTION, preview)
            # what the editor holds; with no editor yet, the preview asks for a valid form
            preview.set_routine(self._editor.routine if self._editor is not None else None)
        return self._preview

    def _own_built(self) -> OwnExerciseEditor:
        if self._own is None:
            own = OwnExerciseEditor(self.services, self._now)
            own.saved.connect(self._own_exercise_saved)  # the editor's search finds it
            own.changed.connect(self.changed)
            self._own = own
            self._hold(OWN_SECTION, own, scrolls_itself=True)
        return self._own

    # ------------------------------------------------------------- Clinic mode
    @property
    def clinic(self) -> ClinicPage:
        """Clinic mode (many patients' imported files), behind the same PIN."""
        if self._clinic is None:
            from ui.clinician.clinic import ClinicPage

            self._clinic = ClinicPage(self.services, self._now)
            self._clinic.back_requested.connect(lambda: self.stack.setCurrentIndex(1))
            self.stack.addWidget(self._clinic)
        return self._clinic

    def show_clinic(self) -> None:
        if not self.is_locked():
            self.stack.setCurrentWidget(self.clinic)
            self.clinic.show_panel()

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
        return list(self.services.preferences.get(prefs.PLAN_ROUTINES))

    def refresh_list(self, select: str | None = None) -> None:
        current = select or self.selected_id()
        self.routine_list.clear()
        plan = self.plan_ids()
        if self.show_archived.isChecked():
            routines = self.routines.archived()
        else:
            routines = sorted(self.services.originals.routines.values(), key=lambda r: r.title)
        for routine in routines:
            words = _("{title}  ·  version {version}").format(
                title=self.shown(routine).title, version=routine.version
            )
            words += _("  (archived)") * routine.archived
            words += _("  ✓ this patient's plan") * (routine.id in plan)
            item = QListWidgetItem(words)
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
        stored = self.routines.is_stored(routine.id)
        self.actions["archive"].setText(_("Bring back") if routine.archived else _("Archive"))
        self.actions["archive"].setEnabled(stored)  # a built-in never saved here has no history
        self.actions["rename"].setEnabled(not routine.archived)
        inside = routine.id in self.plan_ids()
        self.actions["assign"].setText(
            _("Stop using for this patient") if inside else _("Use for this patient")
        )
        self.actions["assign"].setEnabled(inside or not routine.archived)

    def shown(self, routine: Routine) -> Routine:
        """The routine as the patient gets it, in the app's language: every title this
        page says (the list, its messages, a copy's title) is the one the patient reads."""
        return self.services.library.routines.get(routine.id, routine)

    def _taken(self) -> set[str]:
        return self.routines.taken_ids()

    def _utc(self) -> datetime:
        return self._now().astimezone(UTC)

    def show_status(self, text: str) -> None:
        """Say what the last action did, on the line under the section."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _done(self, text: str, changes: Changes, select: str | None = None) -> None:
        self.show_status(f"✓ {text}")
        self.refresh_list(select)
        self.changed.emit(changes)

    def _own_exercise_saved(self, text: str) -> None:
        if self._editor is not None:  # built later, its search reads the library then
            self._editor.picker.refresh()
        self.show_status(text)

    # ------------------------------------------------------------------ actions
    def new_routine(self) -> None:
        self.edit_selected(new=True)

    def edit_selected(self, new: bool = False) -> None:
        """Open the editor on the chosen routine, or on a blank one (``new``)."""
        routine = None if new else self.selected()
        if new or routine is not None:
            self.editor.load(routine, self._taken())
            self.show_section(EDIT_SECTION)
            self.editor.title.setFocus()

    def save_routine(self, routine: Routine) -> None:
        try:
            saved = self.routines.save(routine, self._utc())  # Today sees it at once
        except CoachError as exc:
            self.editor.status.setText(_("Not saved: {problem}").format(problem=exc))
            return
        row = saved.row
        self.editor.mark_saved(row.routine, clock(self._now()))
        said = _("Saved '{title}' as version {version}.").format(
            title=row.title, version=row.version
        )
        self._done(f"{said} {_(NEXT_SESSION)}", saved.changes, row.id)

    def duplicate_selected(self) -> None:
        routine = self.selected()
        if routine is None:
            return
        title = _("Copy of {title}").format(title=self.shown(routine).title)
        saved = self.routines.duplicate(routine, self._utc(), title)
        self._done(
            _("Made a copy: '{title}'.").format(title=saved.row.title), saved.changes, saved.row.id
        )

    def _start_rename(self) -> None:
        routine = self.selected()
        if routine is not None:
            self.rename_row.show()
            self.rename_edit.setText(self.shown(routine).title)
            self.rename_edit.selectAll()
            self.rename_edit.setFocus()

    def rename_selected(self) -> None:
        routine, title = self.selected(), self.rename_edit.text().strip()
        if routine is None:
            return
        try:
            saved = self.routines.rename(routine, title, self._utc())
        except CoachError as exc:
            self.show_status(str(exc))
            return
        self.rename_row.hide()
        self._done(_("Renamed to '{title}'.").format(title=title), saved.changes)

    def toggle_archive(self) -> None:
        routine = self.selected()
        if routine is None:
            return
        bring_back = routine.archived
        changes = self.routines.set_archived(routine.id, not bring_back, self._utc())
        done = (
            _("Brought back '{title}'. Its history is kept.")
            if bring_back
            else _("Archived '{title}'. Its history is kept.")
        )
        self._done(done.format(title=self.shown(routine).title), changes)

    def toggle_assign(self) -> None:
        """Add the chosen routine to the plan, or take it out. A routine already planned
        at one of its times on one of its days is not doubled silently: the page asks."""
        routine = self.selected()
        if routine is None:
            return
        self.assign_panel.hide()
        ids = self.plan_ids()
        if routine.id in ids:
            self._set_plan(
                [i for i in ids if i != routine.id],
                _("'{title}' is no longer in this patient's plan.").format(
                    title=self.shown(routine).title
                ),
            )
            return
        clashes = same_time(
            routine,
            [
                self.services.originals.routines[i]
                for i in ids
                if i in self.services.originals.routines
            ],
        )
        if not clashes:
            self._set_plan(
                ids + [routine.id],
                _("'{title}' is now in this patient's plan.").format(
                    title=self.shown(routine).title
                ),
                routine,
            )
            return
        self._pending_assign = (routine, [r.id for r, _ in clashes])
        said = p_("list of answers", "; ").join(
            _("'{title}' at {time}").format(title=self.shown(other).title, time=at)
            for other, at in clashes
        )
        self.assign_message.setText(
            _(
                "This patient's plan already has {planned}, on some of the same days. Should "
                "'{title}' replace it, or be added beside it (two sessions at that time)?"
            ).format(planned=said, title=self.shown(routine).title)
        )
        self.assign_panel.show()
        self.assign_replace.setFocus()

    def _assign_chosen(self, replace: bool) -> None:
        if self._pending_assign is None:
            return
        (routine, clashing), self._pending_assign = self._pending_assign, None
        self.assign_panel.hide()
        ids = [i for i in self.plan_ids() if not (replace and i in clashing)] + [routine.id]
        gone = [
            self.shown(self.services.originals.routines[i]).title
            for i in clashing
            if i in self.services.originals.routines
        ]
        others = joined([repr(t) for t in gone])
        what = (
            _("'{title}' replaces {others}.")
            if replace
            else _("'{title}' is now in this patient's plan, beside {others}.")
        )
        self._set_plan(ids, what.format(title=self.shown(routine).title, others=others), routine)

    def _cancel_assign(self) -> None:
        self.assign_panel.hide()
        self.show_status(_("Nothing changed in this patient's plan."))

    def _set_plan(self, ids: list[str], what: str, added: Routine | None = None) -> None:
        changes = self.services.plan.set_routines(ids)
        self.refresh_list()
        routines = [
            self.shown(self.services.originals.routines[i])
            for i in ids
            if i in self.services.originals.routines
        ]
        shows = today_will_show(
            routines, self._now().date(), self.shown(added) if added is not None else None
        )
        self.show_status(f"✓ {what} {shows} {_(NEXT_SESSION)}")
        self.changed.emit(changes)

    def set_start_date(self) -> None:
        try:
            day = date.fromisoformat(self.start_edit.text())
        except ValueError:
            self.show_status(_("Type the start date as year-month-day, like 2026-12-01."))
            return
        try:
            changes = self.services.plan.set_start(day)
        except prefs.PreferenceError:
            self.show_status(_("Please choose a start date from 1990 to a year from today."))
            return
        starts = _("✓ The programme starts on {weekday} {day}.").format(
            weekday=weekday(day), day=day_year(day)
        )
        self.show_status(f"{starts} {_(NEXT_SESSION)}")
        self.changed.emit(changes)

    # ----------------------------------------------------------- import / export
    def _export_clicked(self) -> None:
        name = f"{self.selected_id() or 'routine'}.cipnroutine"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export routine"),
            str(documents_folder() / name),
            _("Routine files ({pattern})").format(pattern="*.cipnroutine"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the chosen routine (as saved) and its own exercises to ``path``."""
        routine = self.selected()
        if routine is None:
            return self._file_message(_("Choose a routine to export first."))
        try:
            self.routines.export_file(routine, path, self._utc())
        except (OSError, CoachError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return self._file_message(
                _("Could not write {path}: {reason}").format(path=path, reason=reason)
            )
        self._file_message(
            _("✓ Exported '{title}' (version {version}) as {file}, in the folder {folder}.").format(
                title=self.shown(routine).title,
                version=routine.version,
                file=path.name,
                folder=path.parent,
            )
        )
        return True

    def _import_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import routine"),
            str(documents_folder()),
            _("Routine files ({pattern})").format(pattern="*.cipnroutine")
            + ";;"
            + _("All files ({pattern})").format(pattern="*"),
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path, confirm: bool = False) -> routine_file.ImportResult:
        """Validate the whole file first; ask in the page before replacing a routine."""
        self.confirm_panel.hide()
        result = self.routines.import_file(path, self._utc(), confirm=confirm)
        if result.status == "rejected":
            self._file_message(
                _("Not imported, nothing was changed. {count} problem(s):").format(
                    count=whole(len(result.problems))
                )
                + "\n• "
                + "\n• ".join(result.problems)
            )
        elif result.status == "needs_confirmation":
            self._pending = path
            self._file_message(result.message())
            self.confirm_panel.show()
            self.confirm_replace.setFocus()
        else:
            if result.changes and result.routine is not None:
                self._done(result.message(), result.changes, result.routine.id)
            self._file_message(("✓ " if result.status == "imported" else "") + result.message())
        return result

    def _cancel_import(self) -> None:
        self.confirm_panel.hide()
        self._file_message(_("Not imported. The current routine stays as it is."))

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
