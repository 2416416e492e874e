"""The daily check-in: four 0–10 ratings, a few yes/no questions, falls, a note.

Built for a tired reader with numb fingers: every answer is a big button or a big tick
box, nothing needs dragging, and the whole form works from the keyboard (Tab moves on,
a digit picks a number, Space ticks, Enter saves). The page never touches the database:
it emits ``save_requested`` and the window saves through the repository, then calls
``show_saved`` or ``show_error`` so the patient always sees whether it was kept.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cipn_coach import formatting
from cipn_coach.checkin.fields import DAILY_LIFE_FIELDS, DAILY_LIFE_QUESTIONS
from cipn_coach.checkin.prompts import CheckInPrompts
from cipn_coach.checkin.schema import EARLIEST_DAY, CheckInValues, PainKind, check_day
from cipn_coach.checkin.service import CheckInRow
from cipn_coach.checkin.thresholds import COUNT_MAX, NOTE_MAX_CHARS
from cipn_coach.errors import CheckInError
from cipn_coach.formatting import clock, day_long
from cipn_coach.i18n import N_, _
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import big_button
from ui.widgets.flow import flow
from ui.widgets.forms import label
from ui.widgets.note_box import NoteBox
from ui.widgets.question import Question
from ui.widgets.scale import ZeroToTen

ONE_DAY = timedelta(days=1)
# the days after an oxaliplatin infusion (oncology guide: acute cold-triggered symptoms)
COLD_HINT = N_(
    "In the days after oxaliplatin, cold can bring on tingling. Did cold drinks, "
    "the fridge or cold air do that today? If so, tick “Cold makes it worse” "
    "below."
)
PAIN_KIND_WORDS: dict[PainKind, str] = {
    PainKind.BURNING: N_("Burning"),
    PainKind.STABBING: N_("Stabbing"),
    PainKind.PINS_AND_NEEDLES: N_("Pins and needles"),
    PainKind.ELECTRIC: N_("Electric shocks"),
    PainKind.TIGHT: N_("Tight or squeezing"),
}
# each kind's accessible name, whole (English glued the lower-cased word on)
PAIN_KIND_NAMES: dict[PainKind, str] = {
    PainKind.BURNING: N_("The pain feels like: burning"),
    PainKind.STABBING: N_("The pain feels like: stabbing"),
    PainKind.PINS_AND_NEEDLES: N_("The pain feels like: pins and needles"),
    PainKind.ELECTRIC: N_("The pain feels like: electric shocks"),
    PainKind.TIGHT: N_("The pain feels like: tight or squeezing"),
}

# (field, question shown, section heading). Order here is the order on screen and in Tab.
NIGHT = N_("Night and cold")
LIFE = N_("Daily life: tick what happened")
FLAG = N_("Important: please tell us")
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("woke_me", N_("The discomfort woke me up at night"), NIGHT),
    (
        "cold_sensitive",
        N_("Cold makes it worse (cold water, cold air, cold things to hold)"),
        NIGHT,
    ),
    ("dropped", N_("I dropped things"), LIFE),
    ("fine_motor", N_("Fine tasks were hard: buttons, writing, opening bottles, chopsticks"), LIFE),
    ("held_wall", N_("I held on to a wall or furniture while walking"), LIFE),
    ("stumbled", N_("I stumbled or tripped"), LIFE),
    ("new_weakness", N_("NEW weakness, or my toes catch and make me trip"), FLAG),
    ("unfelt_wound", N_("A burn, cut or wound on my hands or feet that I did not feel"), FLAG),
)

HINT = N_("Press Enter or Save check-in when you are done.")
# Fields ``show_error`` can put the cursor on; the required ones with their plain words.
FOCUSABLE_FIELDS = ("hands", "feet", "pain", "night", "falls", "near_falls", "note")
REQUIRED_SCALES = (
    ("hands", N_("numbness or tingling in your hands")),
    ("feet", N_("numbness or tingling in your feet")),
    ("pain", N_("pain")),
)


def _date(day: date) -> str:
    return day_long(day)


def day_text(day: date, today: date) -> str:
    """'Today, Saturday 21 November': relative words first, since tired readers skim."""
    text = _date(day)
    if day.year != today.year:
        text = _("{day} {year}").format(day=text, year=str(day.year))
    if day == today:
        return _("Today, {day}").format(day=text)
    return _("Yesterday, {day}").format(day=text) if day == today - ONE_DAY else text


def when_text(stamp: datetime, day: date) -> str:
    """'at 08:15', or 'on Monday 16 November at 21:04' when rated on a later day."""
    local = stamp.astimezone()
    if local.date() == day:
        return _("at {time}").format(time=clock(local))
    return _("on {day} at {time}").format(day=_date(local.date()), time=clock(local))


class Scale(ZeroToTen):
    """A ``ZeroToTen`` that is one Tab stop, not eleven.

    Only the chosen number (or 0) takes Tab focus and is the scale's focus proxy, so Tab
    moves from question to question; Left/Right move the choice, a digit picks it. With
    eleven stops per scale a keyboard check-in would take minutes, not one.
    """

    def __init__(self, label: str, low: str, high: str, parent: QWidget | None = None) -> None:
        super().__init__(label, low, high, parent)
        self.changed.connect(self._rove)
        self._rove()

    def _rove(self, *_: object) -> None:
        current = self.buttons[self.value() or 0]
        for button in self.buttons:  # the others still take focus when clicked
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if button is current else Qt.FocusPolicy.ClickFocus
            )
        self.setFocusProxy(current)

    def set_value(self, value: int | None) -> None:
        super().set_value(value)
        self._rove()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None:
            return super().keyPressEvent(event)
        current = self.value()
        value = 0 if current is None else min(10, max(0, current + step))
        self.set_value(value)
        self.buttons[value].setFocus(Qt.FocusReason.OtherFocusReason)


class Stepper(QWidget):
    """A count with big − and + buttons; typing a digit sets it. No tiny spin-box arrows."""

    changed = Signal(int)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text, self._value = text, 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.minus, self.plus = big_button("−"), big_button("+")
        self.shown = label("0", "subtitle")
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown.setMinimumWidth(MIN_TARGET_PX + 16)
        for button in (self.minus, self.plus):
            button.setAutoDefault(False)  # Enter saves the form
            button.setMinimumWidth(72)
        for widget in (self.minus, self.shown, self.plus):  # controls first, like the tick boxes
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(label(text), 1)
        self.minus.clicked.connect(lambda: self.set_value(self._value - 1))
        self.plus.clicked.connect(lambda: self.set_value(self._value + 1))
        self.setFocusProxy(self.minus)  # "focus the falls" lands on its first button
        self.set_value(0)

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        """Clamp to 0…COUNT_MAX: a stepper cannot produce a value the schema refuses."""
        self._value = min(COUNT_MAX, max(0, value))
        self.shown.setText(str(self._value))
        self.minus.setAccessibleName(
            _("{what}: {count}. One fewer").format(what=self._text, count=self._value)
        )
        self.plus.setAccessibleName(
            _("{what}: {count}. One more").format(what=self._text, count=self._value)
        )
        self.changed.emit(self._value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if len(text) == 1 and text.isdigit():
            self.set_value(int(text))
        elif text in ("+", "-", "−"):
            self.set_value(self._value + (1 if text == "+" else -1))
        else:
            super().keyPressEvent(event)


class CheckInPage(QWidget):
    """One day's check-in form. The window loads a day into it and saves what it emits."""

    save_requested = Signal(object, object)  # date, CheckInValues
    day_requested = Signal(object)  # date: the previous or next day to show
    saved = Signal(object)  # date, after the window confirmed with show_saved
    delete_requested = Signal(object)  # date, after the person confirmed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = self._day = date.today()
        self._existing: CheckInRow | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no empty Tab stop
        body = QWidget()
        self._form = QVBoxLayout(body)
        self._form.setContentsMargins(48, 24, 48, 24)
        self._form.setSpacing(12)
        self._build_header()
        self.hands = self._scale(_("Numbness or tingling in your hands"))
        self.feet = self._scale(_("Numbness or tingling in your feet"))
        self.pain = self._scale(_("Pain in your hands or feet"))
        self._build_pain_kinds()
        self.night = self._scale(_("Discomfort at night (you may leave this out)"))
        self._build_questions()
        self._build_weekly()
        self._build_counts_and_note()
        self._form.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self._build_footer(outer)
        self.load(self._today, self._today, None)

    def _heading(self, text: str, role: str = "subtitle") -> QLabel:
        heading = label(text, role)
        self._form.addWidget(heading)
        return heading

    def _build_header(self) -> None:
        self._heading(_("Daily check-in"), "title")
        self.prev_button = big_button(_("◀ Previous day"), _("Show the previous day"))
        self.day_label = label("", "subtitle")
        self.next_button = big_button(_("Next day ▶"), _("Show the next day"))
        row = flow(self.prev_button, self.next_button)  # one above the other when they would be cut
        # the day on its own line: at large text, beside the buttons it squeezed them
        self._form.addWidget(self.day_label)
        self._form.addWidget(row)
        self.already_label = self._heading("", "")
        self._heading(
            _(
                "Think about the last day and night. Tap a number or type it; Tab "
                "moves on. It takes about a minute."
            ),
            "muted",
        )
        self.prev_button.clicked.connect(lambda: self.day_requested.emit(self._day - ONE_DAY))
        self.next_button.clicked.connect(self._next_day)

    def _scale(self, question: str) -> Scale:
        scale = Scale(question, _("none"), _("unbearable"))
        scale.changed.connect(self._touched)
        self._form.addWidget(scale)
        return scale

    def _build_pain_kinds(self) -> None:
        self._heading(_("What is the pain like? Choose any that fit, or none."), "muted")
        self.kind_buttons: dict[PainKind, QPushButton] = {}
        for kind, words in PAIN_KIND_WORDS.items():  # in PainKind order
            button = big_button(_(words), _(PAIN_KIND_NAMES[kind]), checkable=True)
            button.setAutoDefault(False)  # Enter saves; Space toggles
            button.toggled.connect(self._touched)
            self.kind_buttons[kind] = button
        # as many side by side as fit the page's width
        self._form.addWidget(flow(*self.kind_buttons.values()))

    def _build_questions(self) -> None:
        # after an oxaliplatin infusion the cold question matters most (checkin_prompts)
        self.cold_hint = self._heading(_(COLD_HINT), "")
        self.cold_hint.hide()
        self.questions: dict[str, Question] = {}
        section = ""
        for field, text, heading in QUESTIONS:
            if heading != section:
                section = heading
                self._heading(_(heading))
            question = Question(_(text))
            question.box.toggled.connect(self._touched)
            self._form.addWidget(question)
            self.questions[field] = question
        self._heading(
            _(
                "These two matter: numb skin can miss an injury, and new weakness should be "
                "checked soon. If you tick one, the app will suggest you contact your care "
                "team."
            ),
            "muted",
        )

    def _build_weekly(self) -> None:
        """The two weekly daily-life questions, shown on the day they are due (and on a
        day that answered them); hidden, they are neither asked nor changed."""
        self.weekly_box = QWidget()
        box = QVBoxLayout(self.weekly_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label(_("Once a week: everyday life"), "subtitle"))
        self.weekly: dict[str, Question] = {}
        for field in DAILY_LIFE_FIELDS:
            question = Question(_(DAILY_LIFE_QUESTIONS[field]))
            question.box.toggled.connect(self._touched)
            box.addWidget(question)
            self.weekly[field] = question
        box.addWidget(
            label(
                _(
                    "Leave a box empty for no. If washing, dressing or eating has got "
                    "harder, the app will suggest you contact your care team now."
                ),
                "muted",
            )
        )
        self.weekly_box.hide()
        self._form.addWidget(self.weekly_box)

    def _build_counts_and_note(self) -> None:
        self._heading(_("Falls since your last check-in"))
        self.falls = Stepper(_("Falls"))
        self.near_falls = Stepper(_("Near-falls (you almost fell)"))
        for stepper in (self.falls, self.near_falls):
            stepper.changed.connect(self._touched)
            self._form.addWidget(stepper)
        self._heading(_("Any fall is worth telling your care team about."), "muted")
        self._heading(_("A note (optional)"))
        self.note = NoteBox()  # a few lines in view: the patient can reread it
        self.note.setAccessibleName(_("Note for this day"))
        self.note.setPlaceholderText(_("Anything else you want to remember about this day"))
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.note.setMinimumHeight(MIN_TARGET_PX)
        self.note.textEdited.connect(self._touched)
        self.note.returnPressed.connect(self._save)
        self._form.addWidget(self.note)

    def _build_footer(self, outer: QVBoxLayout) -> None:
        """Save stays in view outside the scroll area: nobody has to hunt for it."""
        bar = QFrame()
        bar.setProperty("role", "card")
        row = QHBoxLayout(bar)
        row.setContentsMargins(48, 10, 48, 10)
        self.status = label("")
        self.status.setAccessibleName(_("Check-in status"))
        self.save_button = big_button(_("Save check-in"), role="primary")
        self.save_button.setProperty("control", "true")  # the page's text size: room for the status
        self.save_button.clicked.connect(self._save)
        # Deleting is rare and asks first: at the end of the form, not beside Save.
        self.delete_button = big_button(_("Delete this day's check-in"), role="danger")
        self.delete_button.clicked.connect(self._confirm_delete)
        self._form.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        outer.addWidget(bar)

    def load(
        self,
        day: date,
        today: date,
        existing: CheckInRow | None,
        prompts: CheckInPrompts | None = None,
    ) -> None:
        """Show ``day`` (never after ``today``), filled from ``existing`` if it was rated.
        ``prompts``: whether the weekly questions are due and cold matters (after
        oxaliplatin) that day; without it neither is asked."""
        check_day(day, today)
        self._day, self._today, self._existing = day, today, existing
        self.day_label.setText(day_text(day, today))
        self.next_button.setEnabled(day < today)
        self.prev_button.setEnabled(day > EARLIEST_DAY)  # before it, no day can be rated
        values = existing.values() if existing is not None else None
        for name in ("hands", "feet", "pain", "night"):
            getattr(self, name).set_value(getattr(values, name) if values else None)
        for kind, button in self.kind_buttons.items():
            button.setChecked(bool(values) and kind in values.pain_kinds)
        for field, question in self.questions.items():
            question.box.setChecked(bool(values) and getattr(values, field))
        self.falls.set_value(values.falls if values else 0)
        self.near_falls.set_value(values.near_falls if values else 0)
        self.note.setText(values.note or "" if values else "")
        answered = existing is not None and any(
            getattr(existing, f) is not None for f in DAILY_LIFE_FIELDS
        )
        self.weekly_box.setVisible(answered or (prompts is not None and prompts.daily_life))
        for field, question in self.weekly.items():
            question.box.setChecked(bool(existing is not None and getattr(existing, field)))
        self.cold_hint.setVisible(prompts is not None and prompts.cold)
        self._show_already()
        self._set_status(_(HINT), "muted")
        self.scroll.verticalScrollBar().setValue(0)
        if not (self.prev_button.hasFocus() or self.next_button.hasFocus()):
            self.hands.setFocus(Qt.FocusReason.OtherFocusReason)
            # on a small screen at large text the first question is below the fold: a
            # number typed at once must land where it is seen (once the page is laid out)
            QTimer.singleShot(0, self, self._show_first_question)

    def _show_first_question(self) -> None:
        """Scroll just enough for the focused number: the day and its buttons above it
        stay in view whenever the screen has room for both."""
        focused = self.focusWidget()
        if focused is not None and (focused is self.hands or self.hands.isAncestorOf(focused)):
            self.scroll.ensureWidgetVisible(focused, 0, 16)

    def show_saved(self, row: CheckInRow) -> None:
        """The window saved ``row``: say so where the patient is looking, then tell others."""
        self._existing = row
        self._show_already()
        if row.day == self._today:
            self._set_status(
                _("✓ Saved {when}").format(when=when_text(row.updated_at, row.day)), "caption"
            )
        else:  # the day it is for, not the day it was saved on
            self._set_status(_("✓ Saved for {day}").format(day=day_long(row.day)), "caption")
        self.saved.emit(row.day)

    def show_error(self, message: str, field: str | None = None) -> None:
        """Nothing was saved: say why and put the cursor on ``field`` (by default the
        message's first word: ``CheckInError`` starts with it, "hands must be …")."""
        self._set_status(_("Not saved. {reason}").format(reason=message), "flag")
        field = field or message.split(" ", 1)[0].strip(":;.,")
        if field in FOCUSABLE_FIELDS:
            target: QWidget = getattr(self, field)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(target)

    def values_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            name: getattr(self, name).value() for name in ("hands", "feet", "pain", "night")
        }
        data["pain_kinds"] = tuple(k for k, b in self.kind_buttons.items() if b.isChecked())
        data.update({field: q.box.isChecked() for field, q in self.questions.items()})
        data.update(
            falls=self.falls.value(), near_falls=self.near_falls.value(), note=self.note.text()
        )
        # The weekly answers: as ticked when asked; when not asked, the day's stay as they were.
        if self.weekly_box.isVisibleTo(self):
            data.update({field: q.box.isChecked() for field, q in self.weekly.items()})
        else:
            data.update(
                {field: getattr(self._existing, field, None) for field in DAILY_LIFE_FIELDS}
            )
        return data

    def _next_day(self) -> None:
        if self._day < self._today:  # the button is disabled on today; belt and braces
            self.day_requested.emit(self._day + ONE_DAY)

    def _confirm_delete(self) -> None:
        """Deleting asks first, in words that say it can be undone (a backup is kept)."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            _("Delete this check-in?"),
            _(
                "Delete your check-in for {day}? A backup is kept first, so it "
                "can be brought back from Settings → Restore."
            ).format(day=formatting.day_long(self._day)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(self._day)

    def show_deleted(self) -> None:
        """The window deleted the day's check-in: an empty form, and a plain word."""
        self.load(self._day, self._today, None)
        self._set_status(
            _("Deleted the check-in for {day}.").format(day=formatting.day_long(self._day)),
            "caption",
        )
        self.saved.emit(self._day)

    def _show_already(self) -> None:
        row = self._existing
        self.delete_button.setVisible(row is not None)
        self.already_label.setVisible(row is not None)
        if row is not None:
            self.already_label.setText(
                _(
                    "You already rated this day {when}; saving "
                    "keeps the earlier answers in the history."
                ).format(when=when_text(row.updated_at, row.day))
            )

    def _set_status(self, text: str, role: str) -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        # unpolish/polish would swap colours but keep the old padding; a new (comment-only)
        # style sheet makes Qt re-read every rule for this label.
        self.status.setStyleSheet(f"/* {role} */")

    def _touched(self, *_changed: object) -> None:
        """After a change, a stale "✓ Saved" would lie: say the change is not kept yet."""
        if self.status.text() != _(HINT):
            self._set_status(_("Changed. Press Save or Enter to keep it."), "muted")

    def _save(self) -> None:
        for name, words in REQUIRED_SCALES:
            if getattr(self, name).value() is None:
                self.show_error(
                    _("Please choose a number from 0 to 10 for {what}.").format(what=_(words)), name
                )
                return
        try:
            values = CheckInValues.parse(self.values_data())
        except CheckInError as exc:
            self.show_error(str(exc))
            return
        self._set_status(_("Saving…"), "muted")
        self.save_requested.emit(self._day, values)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter anywhere saves; in the note, returnPressed already did, so don't save twice."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return super().keyPressEvent(event)
        if not self.note.hasFocus():
            self._save()
