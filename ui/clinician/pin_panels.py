"""Self-contained panels of the Clinician page: the PIN (a gate with a big keypad, and
a panel to set, change or remove it, all in the page, never a modal dialog) and the
week-by-week preview of a routine. (They share a module only because the page's files
are capped at 400 lines; neither needs the page's state.)

The PIN only prevents accidental changes; the words on screen say so, because a patient
or family member must not believe their data is locked away. Wrong entries wait 1 s,
2 s, 4 s … (``cipn_coach.settings.pin.Backoff``) measured on an injected monotonic clock, so tests
move time by hand instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.engine.cue_kinds import cue_kind_words, cue_text
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.formatting import number, whole
from cipn_coach.i18n import N_, _
from cipn_coach.routines.library import Library
from cipn_coach.routines.progression import preview_week
from cipn_coach.routines.routine_format import Routine
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.pin import Backoff, hash_pin, verify_pin
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import ChoiceButtons, big_button, bring_into_view, scrolling_layout
from ui.widgets.flow import flow
from ui.widgets.forms import label

PIN_KEY = prefs.PIN_HASH.key  # the stored key (tests read it directly)
PIN_NOTE = N_(
    "The PIN prevents accidental changes. It does not protect your data from "
    "someone who has the computer's files."
)
PIN_PATTERN = r"\d{0,8}"
MIN_PIN_DIGITS = 4
WEEKS = 4


def pin_edit(accessible: str) -> QLineEdit:
    """A masked digits-only field: typing works, the keypad is for numb fingers."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(PIN_PATTERN)))
    edit.setAccessibleName(accessible)
    edit.setMinimumHeight(MIN_TARGET_PX)
    edit.setMaximumWidth(320)
    return edit


class PinGate(QWidget):
    """Asks for the PIN before the Clinician area opens. Emits ``unlocked``."""

    unlocked = Signal()

    def __init__(
        self, settings: prefs.Preferences, clock: Callable[[], float], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings, self._clock = settings, clock
        self.backoff = Backoff()
        layout = scrolling_layout(self)  # the keypad is taller than a 1024×600 screen allows
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        layout.addWidget(label(_("Clinician area"), "title"))
        layout.addWidget(label(_("Enter the clinician PIN, then press Enter."), "subtitle"))
        self.edit = pin_edit(_("Clinician PIN"))
        self.edit.returnPressed.connect(self.submit)
        layout.addWidget(self.edit)
        self.message = label("", "subtitle")  # under the field, not the keypad: in view
        self.message.setAccessibleName(_("PIN message"))
        layout.addWidget(self.message)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys: list = []
        for n, digit in enumerate("123456789"):
            self._key(grid, digit, n // 3, n % 3)
        clear = big_button(_("Clear"), _("Clear the PIN field"))
        clear.clicked.connect(self.edit.clear)
        grid.addWidget(clear, 3, 0)
        self._key(grid, "0", 3, 1)
        self.enter = big_button(_("Enter"), _("Open the clinician area"), role="primary")
        self.enter.clicked.connect(self.submit)
        grid.addWidget(self.enter, 3, 2)
        layout.addLayout(grid)
        layout.addWidget(label(_(PIN_NOTE), "muted"))
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)

    def _key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        button = big_button(digit, _("Digit {digit}").format(digit=digit))
        button.setMinimumSize(96, 72)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # typing is the keyboard way
        button.clicked.connect(lambda _=False, d=digit: self.edit.insert(d))
        grid.addWidget(button, row, column)
        self.keys.append(button)

    def reset(self) -> None:
        """Shown again (the page locked): empty field, focus on it."""
        self.edit.clear()
        self._tick()
        self.edit.setFocus()

    def submit(self) -> None:
        now = self._clock()
        if not self.backoff.allowed_at(now):
            self._tick()
            return
        stored = self._settings.get(prefs.PIN_HASH)
        if not stored or verify_pin(self.edit.text(), stored):
            self.backoff.reset()
            self.edit.clear()
            self.message.setText("")
            self.unlocked.emit()
            return
        self.edit.clear()
        self.backoff.record_failure(now)
        self._tick()
        self._timer.start()
        bring_into_view(self.message)

    def _tick(self) -> None:
        """Show the wait left, re-read from the clock (never a counter decremented)."""
        left = self.backoff.remaining(self._clock())
        waiting = left > 0
        self.enter.setEnabled(not waiting)
        if waiting:
            self.message.setText(
                _("That PIN is not right. Try again in {seconds} s.").format(
                    seconds=whole(int(-(-left // 1)))
                )
            )
        else:
            self._timer.stop()
            if self.backoff.failures:
                self.message.setText(_("That PIN is not right. You can try again now."))


class PinSetter(QWidget):
    """Set, change or remove the PIN. Each action is one settings write."""

    changed = Signal(bool)  # True when a PIN is now set

    def __init__(self, settings: prefs.Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(label(_("Set or change PIN"), "subtitle"))
        layout.addWidget(label(_(PIN_NOTE), "muted"))
        self.status = label("")
        layout.addWidget(self.status)
        self.first = pin_edit(_("New PIN (4 to 8 digits)"))
        self.second = pin_edit(_("New PIN again"))
        self.second.returnPressed.connect(self.save)
        # visible labels, not placeholders: a placeholder was cut ("New PIN, 4–8 di…") and
        # went at the first digit, leaving two masked fields nobody could tell apart
        fields = QFormLayout()
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        fields.addRow(_("New PIN, 4–8 digits"), self.first)
        fields.addRow(_("The same PIN again"), self.second)
        layout.addLayout(fields)
        buttons = QHBoxLayout()
        self.save_button = big_button(_("Save PIN"), _("Save the new PIN"))
        self.save_button.clicked.connect(self.save)
        self.remove_button = big_button(
            _("Remove PIN"), _("Remove the PIN (no protection)"), role="danger"
        )
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def is_set(self) -> bool:
        return bool(self._settings.get(prefs.PIN_HASH))

    def refresh(self) -> None:
        on = self.is_set()
        self.status.setText(
            _("A PIN is set: the Clinician area asks for it.")
            if on
            else _("No PIN is set: anyone can open the Clinician area.")
        )
        self.remove_button.setEnabled(on)

    def save(self) -> None:
        pin, again = self.first.text(), self.second.text()
        if len(pin) < MIN_PIN_DIGITS:
            self._say(
                _("The PIN needs at least {digits} digits.").format(digits=whole(MIN_PIN_DIGITS))
            )
            return
        if pin != again:
            self._say(_("The two PINs are not the same. Please type them again."))
            return
        self._settings.set(prefs.PIN_HASH, hash_pin(pin))
        self.first.clear()
        self.second.clear()
        self.refresh()
        self._say(_("✓ PIN saved. The Clinician area will ask for it next time."))
        self.changed.emit(True)

    def remove(self) -> None:
        self._settings.set(prefs.PIN_HASH, None)
        self.refresh()
        self._say(_("✓ PIN removed. The Clinician area opens without a PIN."))
        self.changed.emit(False)

    def _say(self, text: str) -> None:
        """The answer to Save or Remove, in view: it sits above the fields, which at 200 %
        on a small screen are scrolled to below it."""
        self.status.setText(text)
        bring_into_view(self.status)


class WrappingTable(QTableWidget):
    """A table whose rows grow to show their whole wrapped text at any width: when the
    window narrows, a sentence takes another line instead of ending in '…'."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # after the header has stretched its last column to the new width
        QTimer.singleShot(0, self, self.resizeRowsToContents)


class PlanTable(WrappingTable):
    """The plan for every week: its columns share the width and its cells wrap (with the
    exercise column as wide as its longest title, every dose was cut to "1 × 10 r…" at
    1024×600); as tall as its rows, so the page scrolls rather than the table.

    The exercise column takes two shares, each week one: equal columns broke "counter"
    in the middle at 200 %."""

    def share_width(self) -> None:
        columns = self.columnCount()
        if columns < 2:
            return
        width = self.viewport().width()
        share = width // (columns + 1)
        self.setColumnWidth(0, width - share * (columns - 1))
        for column in range(1, columns):
            self.setColumnWidth(column, share)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.share_width()
        super().resizeEvent(event)

    def resizeRowsToContents(self) -> None:  # noqa: N802
        super().resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(self.horizontalHeader().height() + rows + 8)


def minutes_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return _("{minutes} min {seconds} s").format(minutes=whole(minutes), seconds=f"{rest:02d}")


def dose(step: object) -> str:
    """'2 × 10 reps' / '3 × 35 s hold', with the level when the exercise has levels."""
    if step.reps is not None:
        amount = _("{sets} × {reps} reps").format(sets=whole(step.sets), reps=whole(step.reps))
    else:
        amount = _("{sets} × {seconds} s hold").format(
            sets=whole(step.sets), seconds=number(step.hold_seconds)
        )
    if step.level is None:
        return amount
    return amount + "\n" + _("level {level}").format(level=whole(step.level.level))


class PreviewPanel(QWidget):
    """Total time and cue script for one week, and the plan for every week in a table."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._routine, self.week = library, None, 1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_("Week by week"), "subtitle"))
        layout.addWidget(
            label(
                _(
                    "What the patient gets each week if it goes well (levels go up "
                    "one a week only when the ratings allow it)."
                ),
                "muted",
            )
        )
        self.plan_table = PlanTable()
        self.plan_table.setAccessibleName(_("Plan for each week"))
        self.plan_table.setWordWrap(True)  # a cell takes more lines, never "1 × 10 r…"
        self.plan_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plan_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        layout.addWidget(self.plan_table)
        week_buttons = []
        for week in range(1, WEEKS + 1):
            button = big_button(
                _("Week {week}").format(week=whole(week)),
                _("Preview week {week}").format(week=whole(week)),
                checkable=True,
            )
            button.setAutoDefault(False)
            button.setChecked(week == 1)
            week_buttons.append(button)
        self.week_group = ChoiceButtons(self, week_buttons, first=1)  # each week a Tab stop
        self.week_group.clicked.connect(self.show_week)
        # a row that wraps: in one fixed row at 200 % on 1024×600 each was cut ("Week 1")
        layout.addWidget(flow(*week_buttons))
        self.total = label("", "subtitle")
        self.total.setAccessibleName(_("Total duration"))
        layout.addWidget(self.total)
        self.script = WrappingTable(0, 3)
        self.script.setHorizontalHeaderLabels([_("At"), _("Cue"), _("Spoken words")])
        self.script.setWordWrap(True)  # the whole sentence, on more lines when long
        self.script.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.script.setAccessibleName(_("Cue script: every spoken cue with its time"))
        self.script.setMinimumHeight(300)
        self.script.horizontalHeader().setStretchLastSection(True)
        self.script.verticalHeader().setVisible(False)
        layout.addWidget(self.script)

    def set_routine(self, routine: Routine | None) -> None:
        self._routine = routine
        self.refresh()

    def show_week(self, week: int) -> None:
        self.week = week
        self.week_group.choose(week)
        self.refresh()

    def refresh(self) -> None:
        routine = self._routine
        if routine is None:
            self.total.setText(_("Fix the problems in the form to see the preview."))
            self.script.setRowCount(0)
            self.plan_table.clear()
            self.plan_table.setRowCount(0)
            return
        weeks = [preview_week(routine, self._library, w) for w in range(1, WEEKS + 1)]
        table = self.plan_table
        table.clear()
        table.setColumnCount(1 + WEEKS)
        table.setRowCount(len(routine.steps) + 1)
        table.setHorizontalHeaderLabels(
            [_("Exercise")] + [_("Week {week}").format(week=whole(w)) for w in range(1, WEEKS + 1)]
        )
        table.verticalHeader().setVisible(False)
        for row, step in enumerate(weeks[0]):
            table.setItem(row, 0, QTableWidgetItem(f"{row + 1}. {step.exercise.title}"))
            for w, plan in enumerate(weeks, 1):
                table.setItem(row, w, QTableWidgetItem(dose(plan[row])))
        totals = [
            build_timeline(p, routine.get_ready_seconds, routine.prepare_seconds).total_duration
            for p in weeks
        ]
        table.setItem(len(routine.steps), 0, QTableWidgetItem(_("Total time")))
        for w, seconds in enumerate(totals, 1):
            table.setItem(len(routine.steps), w, QTableWidgetItem(minutes_text(seconds)))
        table.share_width()
        table.resizeRowsToContents()  # and as tall as its rows
        timeline = build_timeline(
            weeks[self.week - 1], routine.get_ready_seconds, routine.prepare_seconds
        )
        self.total.setText(
            _("Week {week}: {duration} in all.").format(
                week=whole(self.week), duration=minutes_text(timeline.total_duration)
            )
        )
        cues = timeline.script()
        self.script.setRowCount(len(cues))
        for row, cue in enumerate(cues):
            kind = str(cue["kind"])
            for column, value in enumerate(
                (minutes_text(float(cue["at"])), cue_kind_words(kind), cue_text(cue))
            ):
                self.script.setItem(row, column, QTableWidgetItem(value))
        self.script.resizeColumnToContents(0)
        self.script.resizeColumnToContents(1)
        self.script.resizeRowsToContents()
