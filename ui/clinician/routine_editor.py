"""The routine form: title, schedule, programme length, steps, and inline validation.

Every change rebuilds the ``Routine`` through pydantic and ``check_routine``: the list of
problems beside the form is exactly what a routine file with these values would get,
in plain words, and Save stays disabled until there are none. So nothing invalid can
be saved, and the clinician never has to guess why.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.formatting import count, whole
from cipn_coach.i18n import N_, _, p_
from cipn_coach.routines.library import Library, describe_validation_error
from cipn_coach.routines.plain_words import routine_problem
from cipn_coach.routines.progression import check_routine
from cipn_coach.routines.routine_format import ALL_DAYS, Routine
from ui.clinician.selftest_choice import SelfTestChoice
from ui.clinician.step_editor import ExercisePicker, NumberField, StepEditor
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import big_button
from ui.widgets.flow import SideBySide, flow
from ui.widgets.forms import SaveFooter, button, label, scroll_with_footer

DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
# the day buttons' words: short enough for seven in a row at 200 % text
DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # p_("day button", …) below
SOURCE = "Written by the clinician in CIPN Coach"
STEP_LIST_MIN_PX = 340
PRESET_SLOTS = (("morning", "08:30"), ("evening", "19:00"))  # the stored names stay English
# the stored (English) names of the usual times, in the language where the list shows them
SLOT_WORDS = {
    "morning": N_("morning"),
    "afternoon": N_("afternoon"),
    "evening": N_("evening"),
    "session": N_("session"),
}
PRESET_WORDS = {
    "morning": (N_("+ Morning {time}"), N_("Add morning at {time}")),
    "evening": (N_("+ Evening {time}"), N_("Add evening at {time}")),
}


def day_button(short: str) -> str:
    """A weekday on its toggle, translated apart from the same word elsewhere (a chart's
    'Mon' may be '星期一'; a button in a row of seven wants '週一')."""
    words = {
        "Mon": p_("day button", "Mon"),
        "Tue": p_("day button", "Tue"),
        "Wed": p_("day button", "Wed"),
        "Thu": p_("day button", "Thu"),
        "Fri": p_("day button", "Fri"),
        "Sat": p_("day button", "Sat"),
        "Sun": p_("day button", "Sun"),
    }
    return words[short]


def slug(title: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return ("r_" + text if text[:1].isdigit() else text)[:64] or "routine"


class StepList(QListWidget):
    """The steps, in order. Alt+Up/Alt+Down (or Ctrl+) move the chosen step; Delete removes."""

    move_requested = Signal(int)
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moving = event.modifiers() & (
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
        )
        if moving and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() == Qt.Key.Key_Delete:
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class RoutineEditor(QWidget):
    """Edits one routine. Emits ``routine_changed`` (a valid ``Routine`` or ``None``) on
    every change, and ``save_requested`` (the ``Routine``) when Save is pressed."""

    routine_changed = Signal(object)
    save_requested = Signal(object)

    def __init__(
        self, library: Library, shown: Library | None = None, parent: QWidget | None = None
    ) -> None:
        """``library``: the English originals the routine is checked and saved against;
        ``shown``: the same exercises in the app's language, for every title the
        clinician reads (the patient sees those words too)."""
        super().__init__(parent)
        self._library = library
        self._shown = shown or library
        self._base: Routine | None = None
        self._taken: set[str] = set()  # ids a new routine may not take
        self._steps: list[dict[str, Any]] = []
        self._slots: list[tuple[str, str]] = []
        self._loading = self.dirty = False
        self.routine: Routine | None = None
        self.problems: list[str] = []  # every problem: Save refuses while there is one
        self.shown_problems: list[str] = []  # those of touched fields (all after a Save)
        self._touched: set[str] = set()  # where a problem may show: "title", "steps", …
        self._show_all = False
        body, self.scroll = scroll_with_footer(self)
        details, when = QWidget(), QWidget()
        self._build_routine_fields(QVBoxLayout(details))
        self._build_schedule(QVBoxLayout(when))
        for panel in (details, when):
            panel.layout().setContentsMargins(0, 0, 0, 0)
        self.top = SideBySide(details, when)
        body.addWidget(self.top)
        self._build_steps(body)
        self._build_footer(self.layout())
        for keys, slot in (("Ctrl+F", self.picker.search.setFocus), ("Ctrl+S", self.save)):
            QShortcut(
                QKeySequence(keys),
                self,
                slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

    # ------------------------------------------------------------------ building
    def _build_routine_fields(self, layout: QVBoxLayout) -> None:
        layout.addWidget(label(_("Routine"), "subtitle"))
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Routine title"))
        self.title.setPlaceholderText(_("Title, e.g. Evening hands and feet"))
        self.title.textEdited.connect(self._title_edited)
        layout.addWidget(self.title)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("Description for the patient"))
        self.description.setPlaceholderText(_("A few words for the patient: what, where, how long"))
        self.description.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        self.description.setFixedHeight(3 * MIN_TARGET_PX)
        self.description.textChanged.connect(lambda: self._changed("description"))
        layout.addWidget(self.description)
        row = QHBoxLayout()
        self.id_edit = QLineEdit()
        self.id_edit.setAccessibleName(_("Routine id (for files)"))
        self.id_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[a-z0-9_]{0,64}"))
        )
        self.id_edit.textEdited.connect(lambda _t: self._changed("id"))
        row.addWidget(label(_("Id for files:")))
        row.addWidget(self.id_edit, 1)
        layout.addLayout(row)
        self.length = NumberField(_("Programme length (days, 14–28)"), 14, 28, step=7)
        self.length.changed.connect(lambda: self._changed("program"))
        layout.addWidget(label(_("Programme length in days (14–28):")))
        layout.addWidget(self.length)
        self.self_tests = SelfTestChoice(self._shown.language)
        self.self_tests.changed.connect(lambda: self._changed("self_tests"))
        layout.addWidget(self.self_tests)
        layout.addStretch(1)

    def _build_schedule(self, layout: QVBoxLayout) -> None:
        layout.addWidget(label(_("When"), "subtitle"))
        self.slot_list = QListWidget()
        self.slot_list.setAccessibleName(_("Times of day"))
        self.slot_list.setFixedHeight(3 * MIN_TARGET_PX)
        layout.addWidget(self.slot_list)
        row = QHBoxLayout()
        self.slot_name = QLineEdit()
        self.slot_name.setAccessibleName(_("Name of the time, e.g. lunchtime"))
        self.slot_name.setPlaceholderText(_("Name, e.g. lunch"))
        self.slot_time = QLineEdit()
        self.slot_time.setAccessibleName(_("Time, like 12:30"))
        self.slot_time.setPlaceholderText("12:30")
        self.slot_time.setInputMask("99:99;_")
        self.slot_time.setFixedWidth(110)
        self.slot_time.returnPressed.connect(self.add_slot)
        row.addWidget(self.slot_name, 1)
        row.addWidget(self.slot_time)
        layout.addLayout(row)
        layout.addWidget(
            flow(
                button(_("Add time"), _("Add this time of day"), self.add_slot),
                button(_("Remove time"), _("Remove the chosen time of day"), self.remove_slot),
                *(
                    button(
                        _(PRESET_WORDS[name][0]).format(time=at),
                        _(PRESET_WORDS[name][1]).format(time=at),
                        lambda n=name, t=at: self.add_slot(n, t),
                    )
                    for name, at in PRESET_SLOTS
                ),
            )
        )
        self.day_buttons = []
        for day, name, short in zip(ALL_DAYS, DAY_NAMES, DAY_SHORT, strict=True):
            toggle = big_button(day_button(short), _(name), checkable=True)
            toggle.setAutoDefault(False)
            toggle.setChecked(True)
            toggle.toggled.connect(lambda _on: self._changed("schedule.days"))
            toggle.setProperty("day", day.value)
            self.day_buttons.append(toggle)
        layout.addWidget(flow(*self.day_buttons, spacing=6))

    def _build_steps(self, layout: QVBoxLayout) -> None:
        """The step list with the chosen step's settings beside it (below it when narrow)."""
        layout.addWidget(label(_("Steps"), "subtitle"))
        column = QVBoxLayout(steps := QWidget())
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(
            label(_("Alt+Up and Alt+Down move the chosen step; Delete removes it."), "muted")
        )
        self.step_list = StepList()
        self.step_list.setAccessibleName(_("Steps of the routine"))
        self.step_list.setMinimumHeight(5 * MIN_TARGET_PX)
        self.step_list.setMinimumWidth(STEP_LIST_MIN_PX)  # narrower: settings go below it
        self.step_list.setWordWrap(True)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.currentRowChanged.connect(self._show_step)
        self.step_list.move_requested.connect(self.move_step)
        self.step_list.remove_requested.connect(self.remove_step)
        column.addWidget(self.step_list)
        column.addWidget(
            flow(
                *(
                    button(text, name, slot)
                    for text, name, slot in (
                        (_("▲ Up"), _("Move the chosen step up"), lambda: self.move_step(-1)),
                        (_("▼ Down"), _("Move the chosen step down"), lambda: self.move_step(1)),
                        (_("Remove step"), _("Remove the chosen step"), self.remove_step),
                    )
                )
            )
        )
        column.addStretch(1)
        self.step_editor = StepEditor()
        self.step_editor.changed.connect(self._step_edited)
        self.steps_row = SideBySide(steps, self.step_editor, 2, 3)
        layout.addWidget(self.steps_row)
        layout.addWidget(label(_("Add exercise"), "subtitle"))
        self.picker = ExercisePicker(self._shown)
        self.picker.chosen.connect(self.add_step)
        layout.addWidget(self.picker)
        layout.addStretch(1)

    def _build_footer(self, layout: QVBoxLayout) -> None:  # Save and problems stay in view
        """One row under the form: what is wrong and whether it is saved, then Save. In the
        base text size, so a short screen keeps its height for the form."""
        self.footer = SaveFooter(_("Save routine"), _("Save the routine (Ctrl+S)"), self.save)
        self.problem_label, self.status = self.footer.problems, self.footer.status
        self.save_button = self.footer.save_button
        layout.addWidget(self.footer)

    # ------------------------------------------------------------------- loading
    def load(self, routine: Routine | None, taken_ids: set[str]) -> None:
        """Edit ``routine``, or a new one (``None``). ``taken_ids``: ids a new one can't use."""
        self._loading = True
        self._base, self._taken = routine, set(taken_ids)
        self.title.setText(routine.title if routine else "")
        self.description.setPlainText(routine.description if routine else "")
        self.id_edit.setText(routine.id if routine else "")
        self.id_edit.setReadOnly(routine is not None)
        schedule = routine.schedule if routine else None
        self._slots = [(s.name, s.time) for s in schedule.slots] if schedule else [PRESET_SLOTS[0]]
        days = {d.value for d in schedule.days} if schedule else {d.value for d in ALL_DAYS}
        for toggle in self.day_buttons:
            toggle.setChecked(toggle.property("day") in days)
        self.length.set_value(routine.program.length_days if routine else 28)
        self.self_tests.load(routine.self_tests if routine else None)
        self._steps = (
            [s.model_dump(mode="json", exclude_defaults=True) for s in routine.steps]
            if routine
            else []
        )
        self._touched, self._show_all = set(), False
        self._loading = False
        self._refresh_lists(0 if self._steps else -1)
        self.dirty = False
        self.validate()
        self.status.setText(
            _("Version {version}, saved.").format(version=routine.version)
            if routine
            else _("New: not saved yet.")
        )

    def mark_saved(self, routine: Routine, when: str) -> None:
        """After the page saved it: now editing the stored version; say so plainly."""
        self.load(routine, self._taken)
        self.status.setText(
            _("✓ Saved as version {version} at {time}.").format(version=routine.version, time=when)
        )

    def _refresh_lists(self, current: int) -> None:
        self.slot_list.clear()
        for name, at in self._slots:
            self.slot_list.addItem(f"{at}  {_(SLOT_WORDS[name]) if name in SLOT_WORDS else name}")
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for n, step in enumerate(self._steps, 1):
            exercise = self._shown.exercises.get(step["exercise"])
            title = (
                exercise.title
                if exercise
                else _("unknown exercise {id}").format(id=step["exercise"])
            )
            self.step_list.addItem(f"{n}. {title}  —  {self._dose_text(step)}")
        self.step_list.blockSignals(False)
        self.step_list.setCurrentRow(current)
        self._show_step(current)

    @staticmethod
    def _dose_text(step: dict[str, Any]) -> str:
        grow = _(", grows weekly") if step.get("progression") else ""
        if "reps" in step:
            amount = _("{reps} reps").format(reps=whole(step["reps"]))
        elif "hold_seconds" in step:
            amount = _("{seconds} s hold").format(seconds=whole(step["hold_seconds"]))
        elif "sets" in step:
            sets = count(step["sets"], "{n} set", "{n} sets")
            return _("{sets}, the usual amount").format(sets=sets) + grow
        else:
            return _("the usual amount") + grow
        if "sets" not in step:
            return amount + grow
        return _("{sets} × {amount}").format(sets=whole(step["sets"]), amount=amount) + grow

    def _show_step(self, row: int) -> None:
        if 0 <= row < len(self._steps):
            step = self._steps[row]
            self.step_editor.load(step, self._shown.exercises.get(step["exercise"]), row + 1)
        else:
            self.step_editor.load(None, None)

    # ------------------------------------------------------------------- editing
    def _title_edited(self, text: str) -> None:
        if self._base is None:  # a new routine: its id follows the title until saved
            self.id_edit.setText(slug(text))
        self._changed("title", "id")

    def add_slot(self, name: str | None = None, at: str | None = None) -> None:
        self._slots.append(
            (name or self.slot_name.text().strip() or "session", at or self.slot_time.text())
        )
        self.slot_name.clear()
        self.slot_time.clear()
        self._refresh_lists(self.step_list.currentRow())
        self._changed("schedule.slots")

    def remove_slot(self) -> None:
        row = self.slot_list.currentRow()
        if 0 <= row < len(self._slots):
            del self._slots[row]
            self._refresh_lists(self.step_list.currentRow())
            self._changed("schedule.slots")

    def add_step(self, exercise_id: str) -> None:
        self._steps.append({"exercise": exercise_id})
        self._refresh_lists(len(self._steps) - 1)
        self.status.setText(
            _("Added {title}.").format(title=self._shown.exercise(exercise_id).title)
        )
        self._changed("steps")

    def move_step(self, delta: int) -> None:
        row = self.step_list.currentRow()
        target = row + delta
        if 0 <= row < len(self._steps) and 0 <= target < len(self._steps):
            self._steps[row], self._steps[target] = self._steps[target], self._steps[row]
            self._refresh_lists(target)
            self._changed("steps")

    def remove_step(self) -> None:
        row = self.step_list.currentRow()
        if 0 <= row < len(self._steps):
            del self._steps[row]
            self._refresh_lists(min(row, len(self._steps) - 1))
            self._changed("steps")

    def _step_edited(self, step: dict[str, Any]) -> None:
        row = self.step_list.currentRow()
        if 0 <= row < len(self._steps):
            self._steps[row] = step
            item = self.step_list.item(row)
            item.setText(
                f"{row + 1}. {item.text().split('. ', 1)[1].split('  —  ')[0]}"
                f"  —  {self._dose_text(step)}"
            )
            self._changed("steps")

    def _changed(self, *touched: str) -> None:
        """A field changed: its problems may show from now on; check everything again."""
        if self._loading:
            return
        self._touched.update(touched)
        self.dirty = True
        self.status.setText(_("Changes not saved yet."))
        self.validate()

    # ---------------------------------------------------------------- validation
    def data(self) -> dict[str, Any]:
        base = self._base
        data: dict[str, Any] = {
            "id": self.id_edit.text(),
            "version": base.version if base else 1,
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
            "schedule": {
                "slots": [{"name": n, "time": t} for n, t in self._slots],
                "days": [b.property("day") for b in self.day_buttons if b.isChecked()],
            },
            "steps": self._steps,
            "source": base.source if base else SOURCE,
            "program": {"length_days": self.length.value()},
        }
        if self.self_tests.value() is not None:
            data["self_tests"] = self.self_tests.value()
        if base is not None:
            data.update(
                author=base.author,
                get_ready_seconds=base.get_ready_seconds,
                prepare_seconds=base.prepare_seconds,
            )
        return data

    def validate(self) -> Routine | None:
        """Rebuild the routine; list every problem; Save only when there are none."""
        titles = [
            e.title if (e := self._shown.exercises.get(s["exercise"])) else s["exercise"]
            for s in self._steps
        ]
        try:
            routine: Routine | None = Routine.model_validate(self.data())
            lines = check_routine(routine, self._library.exercises)
        except ValidationError as exc:
            routine, lines = None, describe_validation_error(exc)
        if self._base is None and self.id_edit.text() in self._taken:
            lines.append(
                "id: " + N_("a routine with this id already exists; change the title or id")
            )
        self.problems = [routine_problem(line, titles) for line in lines]
        self.shown_problems = [
            routine_problem(line, titles)
            for line in lines
            if self._show_all or self._is_touched(line.partition(": ")[0])
        ]
        self.routine = routine if not self.problems else None
        self.footer.show_problems(self.shown_problems)
        # while a problem is listed Save waits for it; with problems not shown yet (fields
        # not touched) Save stays pressable and, pressed, lists them all
        self.save_button.setEnabled(self.dirty and not self.shown_problems)
        self.routine_changed.emit(self.routine)
        return self.routine

    def _is_touched(self, where: str) -> bool:
        return any(where == key or where.startswith(key + ".") for key in self._touched)

    def save(self) -> None:
        """Save when valid; otherwise show every problem, touched or not, and save nothing."""
        if not self.save_button.isEnabled():
            return
        if self.routine is None:
            self._show_all = True
            self.validate()
            things = count(len(self.problems), "{n} thing", "{n} things")
            self.status.setText(_("Not saved: {things} to fix, listed here.").format(things=things))
            return
        self.save_requested.emit(self.routine)
