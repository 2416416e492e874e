"""One step's parameters, number fields with big ± buttons, and the exercise picker.

Values are typed (or stepped with ± / the Up and Down keys); the fields accept any
digits and leave range checks to the pydantic models, so the editor shows the same
plain message ("hold must be 5–120 s") that a routine file would get. An empty field
means "the exercise's default", shown as a grey placeholder.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.formatting import whole
from cipn_coach.i18n import N_, _
from cipn_coach.routines.exercise_format import BodyArea, Exercise
from cipn_coach.routines.library import Library
from ui.clinician.rule_group import RuleGroup
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import ChoiceButtons, big_button
from ui.widgets.flow import flow
from ui.widgets.forms import combo, line

Number = int | float | None
SETTINGS_MIN_PX = 420
"""The step's settings are never narrower than this beside the step list: at 100 % a
field's word, the field and its unit then read on one line; narrower, they go below it.
(Their own minimum is smaller now that every part wraps; at 200 % it is larger.)"""


class NumberField(QWidget):
    """A number typed into a line edit, with big − / + buttons (mouse) and Up/Down keys."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        low: float,
        high: float,
        *,
        decimals: bool = False,
        step: float = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._name, self._low, self._high, self._step = name, low, high, step
        self._decimals = decimals
        self.setAccessibleName(name)  # a form shows it as the field's visible label
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.edit = QLineEdit()
        pattern = r"\d{0,4}(\.\d?)?" if decimals else r"\d{0,4}"
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern)))
        self.edit.setAccessibleName(name)
        self.edit.installEventFilter(self)
        self.minus = big_button("−", _("{field}: less").format(field=name))
        self.plus = big_button("+", _("{field}: more").format(field=name))
        self._default: Number = None
        for button, sign in ((self.minus, -1), (self.plus, 1)):
            button.setAutoDefault(False)
            button.setProperty("role", "scale")  # narrow padding: the sign is one character
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keys: type, or Up/Down
            button.clicked.connect(lambda _=False, s=sign: self.nudge(s))
        layout.addWidget(self.minus)
        layout.addWidget(self.edit)
        layout.addWidget(self.plus)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self._fit_edit()

    def _fit_edit(self) -> None:
        """Wide enough for the longest value and the 'default 1800' hint at this text size,
        and no wider: three of these sit in one rule's group."""
        metrics = self.edit.fontMetrics()
        self.edit.setFixedWidth(
            metrics.horizontalAdvance(_("default {value}").format(value="1800")) + 32
        )

    def value(self) -> Number:
        text = self.edit.text().strip().rstrip(".")
        if not text:
            return None
        return float(text) if self._decimals else int(text)

    def set_value(self, value: Number) -> None:
        """Show ``value`` without emitting ``changed`` (loading, not editing)."""
        self.edit.setText("" if value is None else f"{value:g}")

    def set_default(self, value: Number) -> None:
        self._default = value
        self.edit.setPlaceholderText(
            "" if value is None else _("default {value}").format(value=f"{value:g}")
        )

    def nudge(self, sign: int) -> None:
        current = self.value()
        if current is None:
            current = float(self._default) if self._default is not None else self._low
        new = min(self._high, max(self._low, current + sign * self._step))
        self.set_value(new if self._decimals else int(new))
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() in (QEvent.Type.FontChange, QEvent.Type.Polish):
            self._fit_edit()  # the text size changed
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.nudge(1 if event.key() == Qt.Key.Key_Up else -1)
            return True
        return super().eventFilter(watched, event)


class StepEditor(QWidget):
    """Edits one step (a dict in ``Step`` shape) and emits the new dict on every change."""

    changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._step: dict[str, Any] = {}
        self._exercise: Exercise | None = None
        self._shown_number = 0  # the step's number in the heading
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(_("Choose a step to change it."))
        self.heading.setProperty("role", "subtitle")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.form = QFormLayout()
        # a label beside its field when both fit, above it when not: never clipped
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(self.form)
        self.sets = self._number(_("Sets"), 1, 10)
        self.reps = self._number(_("Repetitions"), 1, 50)
        self.hold = self._number(_("Hold (seconds)"), 5, 1800, step=5)
        self.rest = self._number(_("Rest between sets (seconds)"), 0, 300, step=5)
        self.seconds_per_rep = self._number(
            _("Seconds per repetition"), 1, 20, decimals=True, step=0.5
        )
        self.prepare = self._number(_("Time to get ready (seconds)"), 10, 300, step=5)
        self.side = combo(
            _("Sides"),
            [
                (_("Exercise default"), None),
                (_("Both sides at once"), "both"),
                (_("Left, then right"), "left_then_right"),
            ],
        )
        self.form.addRow(_("Sides"), self.side)
        self.level = combo(_("Balance level"), [])
        self.form.addRow(_("Level"), self.level)
        self.note = line(_("Note to the patient"), _("Shown to the patient (optional)"))
        self.form.addRow(_("Note"), self.note)
        self.spoken = line(_("Own spoken text"), _("Said instead of the usual how-to (optional)"))
        self.form.addRow(_("Spoken text"), self.spoken)
        self.hold_group = self._rule(_("Hold grows over the weeks"))
        self.hold_rule = self.hold_group.box
        self.hold_add = self._rule_number(
            self.hold_group, _("Add"), _("seconds"), _("Hold: seconds added"), 1, 30
        )
        self.hold_every = self._rule_number(
            self.hold_group, _("every"), _("weeks"), _("Hold: every how many weeks"), 1, 4
        )
        self.hold_max = self._rule_number(
            self.hold_group, _("up to"), _("seconds"), _("Hold: up to (seconds)"), 5, 120, step=5
        )
        self.reps_group = self._rule(_("Repetitions grow over the weeks"))
        self.reps_rule = self.reps_group.box
        self.reps_add = self._rule_number(
            self.reps_group, _("Add"), _("repetitions"), _("Repetitions added"), 1, 10
        )
        self.reps_every = self._rule_number(
            self.reps_group, _("every"), _("weeks"), _("Repetitions: every how many weeks"), 1, 4
        )
        self.reps_max = self._rule_number(
            self.reps_group, _("up to"), _("repetitions"), _("Repetitions: up to"), 1, 50
        )
        self.level_group = self._rule(
            _("Level goes up when sessions go well"),
            _("By one level, at most once a week, and only with no near-fall in the week before."),
        )
        self.level_rule = self.level_group.box
        self.up_after = self._rule_number(
            self.level_group,
            _("when the last"),
            _("sessions"),
            _("Level up after this many ratings"),
            2,
            10,
        )
        self.up_effort = self._rule_number(
            self.level_group,
            _("each rated at most"),
            _("out of 10 for effort"),
            _("…each with effort at most (0–10)"),
            0,
            10,
        )
        self.level_min = self._rule_number(
            self.level_group, _("lowest level"), "", _("Lowest level"), 1, 8
        )
        self.level_max = self._rule_number(
            self.level_group,
            _("highest level"),
            _("(empty: the last)"),
            _("Highest level (empty: the last)"),
            1,
            8,
        )
        self.down_fall = self._switch(_("Down one after a near-fall"))
        self.down_pain = self._switch(_("Down one after a session stopped for pain"))
        # off by default (issue 16): the week of a chemotherapy cycle holds the level
        self.up_in_cycle = self._switch(_("May also go up in the week of a chemotherapy cycle"))
        self._groups = {
            self.hold_rule: self.hold_group,
            self.reps_rule: self.reps_group,
            self.level_rule: self.level_group,
        }
        for widget in (self.side, self.level):
            widget.currentIndexChanged.connect(self._edited)
        for widget in (self.note, self.spoken):
            widget.textEdited.connect(self._edited)
        self.setEnabled(False)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return super().minimumSizeHint().expandedTo(QSize(SETTINGS_MIN_PX, 0))

    def _number(self, name: str, low: float, high: float, **kw: Any) -> NumberField:
        field = NumberField(name, low, high, **kw)
        field.changed.connect(self._edited)
        self.form.addRow(name, field)
        return field

    def _switch(self, text: str) -> QCheckBox:
        """A tick box of the level rule, below its fields."""
        box = self.level_group.add_switch(text)
        box.toggled.connect(self._edited)
        return box

    def _rule(self, text: str, note: str = "") -> RuleGroup:
        group = RuleGroup(text, note)
        group.box.toggled.connect(self._rule_toggled)
        self.form.addRow(group)
        return group

    def _rule_number(
        self, group: RuleGroup, word: str, unit: str, name: str, low: float, high: float, **kw: Any
    ) -> NumberField:
        field = NumberField(name, low, high, **kw)
        field.changed.connect(self._edited)
        return group.add(word, field, unit)

    def load(self, step: dict[str, Any] | None, exercise: Exercise | None, number: int = 0) -> None:
        """Show ``step`` (the ``number``-th, 1-based) of ``exercise``; ``None`` clears."""
        self._loading = True
        self._step, self._exercise = dict(step or {}), exercise
        self.setEnabled(exercise is not None)
        if exercise is None or step is None:
            self.heading.setText(_("Choose a step to change it."))
            self._loading = False
            return
        self._shown_number = number
        self.heading.setText(
            _("Step {number}: {title}").format(number=whole(number), title=exercise.title)
        )
        d = exercise.dosage
        timed = d.reps is None
        counted = not timed
        fields: list[tuple[NumberField, str, Number]] = [
            (self.sets, "sets", d.sets),
            (self.reps, "reps", d.reps),
            (self.hold, "hold_seconds", d.hold_seconds),
            (self.rest, "rest_seconds", d.rest_seconds),
            (
                self.seconds_per_rep,
                "seconds_per_rep",
                exercise.cadence.seconds_per_rep if exercise.cadence else None,
            ),
            (self.prepare, "prepare_seconds", None),
        ]
        for field, key, default in fields:
            field.set_value(step.get(key))
            field.set_default(default)
        self._show(self.reps, counted)
        self._show(self.seconds_per_rep, counted)
        self._show(self.hold, timed)
        self.side.setCurrentIndex(max(0, self.side.findData(step.get("side_handling"))))
        self.level.clear()
        self.level.addItem(_("No level") if not exercise.levels else _("Exercise default"), None)
        for lvl in exercise.levels:
            self.level.addItem(
                _("Level {level}: {title}").format(level=whole(lvl.level), title=lvl.title),
                lvl.level,
            )
        self.level.setCurrentIndex(max(0, self.level.findData(step.get("level"))))
        self._show(self.level, bool(exercise.levels))
        for edit, key in ((self.note, "note"), (self.spoken, "spoken_text")):
            edit.setText(step.get(key) or "")
            edit.setCursorPosition(0)  # a long text shows its beginning
        rules = {r["kind"]: r for r in step.get("progression", [])}
        self._load_rule(
            self.hold_rule,
            rules.get("hold"),
            timed,
            [
                (self.hold_add, "add_seconds"),
                (self.hold_every, "every_weeks"),
                (self.hold_max, "max"),
            ],
        )
        self._load_rule(
            self.reps_rule,
            rules.get("reps"),
            counted,
            [(self.reps_add, "add"), (self.reps_every, "every_weeks"), (self.reps_max, "max")],
        )
        level_rule = rules.get("level")
        self._load_rule(
            self.level_rule,
            level_rule,
            bool(exercise.levels),
            [
                (self.up_after, "up_after"),
                (self.up_effort, "up_max_effort"),
                (self.level_min, "min"),
                (self.level_max, "max"),
            ],
        )
        for box, key in (
            (self.down_fall, "down_on_near_fall"),
            (self.down_pain, "down_on_pain_stop"),
        ):
            box.setChecked(bool((level_rule or {}).get(key, True)))
            self._show(box, bool(exercise.levels) and level_rule is not None)
        self.up_in_cycle.setChecked(bool((level_rule or {}).get("up_in_cycle_week", False)))
        self._show(self.up_in_cycle, bool(exercise.levels) and level_rule is not None)
        self._loading = False

    def _show(self, widget: QWidget, visible: bool) -> None:
        """A form row, a whole rule (by its check box) or a part of a rule's group."""
        if widget in self._groups:
            self.form.setRowVisible(self._groups[widget], visible)
            return
        for group in self._groups.values():
            if group.has_part(widget):
                group.show_part(widget, visible)
                return
        self.form.setRowVisible(widget, visible)

    def _load_rule(
        self,
        box: QCheckBox,
        rule: dict[str, Any] | None,
        allowed: bool,
        fields: list[tuple[NumberField, str]],
    ) -> None:
        box.setChecked(rule is not None)
        self._show(box, allowed)
        for field, key in fields:
            field.set_value((rule or {}).get(key))
            self._show(field, allowed and rule is not None)

    def _rule_toggled(self, on: bool) -> None:
        if self._loading:
            return
        box = self.sender()
        defaults = {
            self.hold_rule: [(self.hold_add, 5), (self.hold_every, 1)],
            self.reps_rule: [(self.reps_add, 2), (self.reps_every, 1)],
            self.level_rule: [(self.up_after, 3), (self.up_effort, 5), (self.level_min, 1)],
        }
        for field, value in defaults.get(box, []):
            if on and field.value() is None:
                field.set_value(value)
        self._edited()
        self.load(self._step, self._exercise, self._number_shown())

    def _number_shown(self) -> int:
        return self._shown_number

    def _edited(self, *_signal: object) -> None:
        if self._loading or self._exercise is None:
            return
        self._step = self.collect()
        self.changed.emit(dict(self._step))

    def collect(self) -> dict[str, Any]:
        """The step as a dict for ``Step.model_validate`` (empty fields left out)."""
        step: dict[str, Any] = {"exercise": self._step["exercise"]}
        if self._step.get("level_by_week"):
            step["level_by_week"] = self._step["level_by_week"]
        timed = self._exercise is not None and self._exercise.dosage.reps is None
        numbers = [
            (self.sets, "sets"),
            (self.rest, "rest_seconds"),
            (self.prepare, "prepare_seconds"),
        ]
        numbers += (
            [(self.hold, "hold_seconds")]
            if timed
            else [(self.reps, "reps"), (self.seconds_per_rep, "seconds_per_rep")]
        )
        for field, key in numbers:
            if field.value() is not None:
                step[key] = field.value()
        if self.side.currentData() is not None:
            step["side_handling"] = self.side.currentData()
        if self.level.currentData() is not None and self._exercise and self._exercise.levels:
            step["level"] = self.level.currentData()
        for edit, key in ((self.note, "note"), (self.spoken, "spoken_text")):
            if edit.text().strip():
                step[key] = edit.text().strip()
        rules = []
        for box, kind, fields in (
            (
                self.hold_rule,
                "hold",
                [
                    (self.hold_add, "add_seconds"),
                    (self.hold_every, "every_weeks"),
                    (self.hold_max, "max"),
                ],
            ),
            (
                self.reps_rule,
                "reps",
                [(self.reps_add, "add"), (self.reps_every, "every_weeks"), (self.reps_max, "max")],
            ),
            (
                self.level_rule,
                "level",
                [
                    (self.up_after, "up_after"),
                    (self.up_effort, "up_max_effort"),
                    (self.level_min, "min"),
                    (self.level_max, "max"),
                ],
            ),
        ):
            if box.isChecked() and self.form.isRowVisible(self._groups[box]):
                rule: dict[str, Any] = {"kind": kind}
                rule.update({k: f.value() for f, k in fields if f.value() is not None})
                if kind == "level":
                    rule["down_on_near_fall"] = self.down_fall.isChecked()
                    rule["down_on_pain_stop"] = self.down_pain.isChecked()
                    if self.up_in_cycle.isChecked():  # files without it keep their form
                        rule["up_in_cycle_week"] = True
                rules.append(rule)
        if rules:
            step["progression"] = rules
        return step


# the area buttons: the word, and what the button says to a screen reader
AREAS = [
    (N_("All"), N_("Show all exercises"), None),
    (N_("Hands"), N_("Show hands exercises"), BodyArea.HANDS),
    (N_("Feet"), N_("Show feet exercises"), BodyArea.FEET),
    (N_("Balance"), N_("Show balance exercises"), BodyArea.BALANCE),
    (N_("Whole body"), N_("Show whole body exercises"), BodyArea.WHOLE),
]
# the area in a result's line ("Towel slide — feet, counted"), as the data names it
AREA_WORDS = {
    BodyArea.HANDS: N_("hands"),
    BodyArea.FEET: N_("feet"),
    BodyArea.BALANCE: N_("balance"),
    BodyArea.WHOLE: N_("whole"),
}
ANY, NONE = "any", "none"


class ExercisePicker(QWidget):
    """Search the library and add an exercise: type, then Enter adds the highlighted one."""

    chosen = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = line(
            _("Search exercises to add"), _("Search, then Enter to add (Down to choose)")
        )
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.add_current)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.area_buttons = []
        for n, (text, spoken, _area) in enumerate(AREAS):
            button = big_button(_(text), _(spoken), checkable=True)
            button.setAutoDefault(False)
            button.setChecked(n == 0)
            self.area_buttons.append(button)
        self.area_group = ChoiceButtons(self, self.area_buttons)  # each area a Tab stop
        self.area_group.clicked.connect(lambda _n: self.refresh())
        # a row that wraps: in one fixed row they were ~900 px wide at 200 %, wider than
        # the page, and pushed the editor's fields past its edge
        layout.addWidget(flow(*self.area_buttons))
        items = [(_("Any equipment"), ANY), (_("No equipment needed"), NONE)]
        items += [
            (_("Uses {equipment}").format(equipment=e), e)
            for e in sorted({e for x in library.exercises.values() for e in x.equipment})
        ]
        self.equipment = combo(_("Equipment filter"), items)
        self.equipment.currentIndexChanged.connect(lambda _i: self.refresh())
        self.levels_only = QCheckBox(_("Only with levels"))
        self.levels_only.setAccessibleName(_("Only exercises with levels"))
        self.levels_only.toggled.connect(lambda _on: self.refresh())
        layout.addWidget(flow(self.equipment, self.levels_only))  # one under the other when narrow
        self.results = QListWidget()
        self.results.setAccessibleName(_("Exercises found: Enter adds the chosen one"))
        self.results.setMinimumHeight(4 * MIN_TARGET_PX)
        self.results.itemActivated.connect(
            lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout.addWidget(self.results)
        self.add_button = big_button(_("Add exercise"), _("Add the chosen exercise to the routine"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_current)
        layout.addWidget(self.add_button)
        self.refresh()

    def matches(self) -> list[Exercise]:
        words = self.search.text().lower().split()
        area = AREAS[self.area_group.chosen()][2]
        equipment = self.equipment.currentData()
        found = []
        for exercise in sorted(self._library.exercises.values(), key=lambda e: e.title):
            text = f"{exercise.title} {exercise.id} {exercise.body_area} {' '.join(exercise.equipment)}"
            if not all(w in text.lower() for w in words):
                continue
            if area is not None and exercise.body_area != area:
                continue
            if (
                equipment == NONE
                and exercise.equipment
                or equipment not in (ANY, NONE)
                and equipment not in exercise.equipment
            ):
                continue
            if self.levels_only.isChecked() and not exercise.levels:
                continue
            found.append(exercise)
        return found

    def refresh(self) -> None:
        self.results.clear()
        for exercise in self.matches():
            kind = _("timed") if exercise.dosage.reps is None else _("counted")
            area = (
                _(AREA_WORDS[exercise.body_area])
                if exercise.body_area in AREA_WORDS
                else exercise.body_area.value
            )
            words = _("{title} — {area}, {kind}").format(title=exercise.title, area=area, kind=kind)
            if exercise.levels:
                words += _(" · {count} levels").format(count=whole(len(exercise.levels)))
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, exercise.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def add_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up/Down in the search box move the highlighted result: no mouse needed."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and self.results.count()
        ):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(min(self.results.count() - 1, max(0, row)))
            return True
        return super().eventFilter(watched, event)
