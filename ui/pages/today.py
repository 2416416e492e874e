"""Today: what is due, one big Start button, this week's adherence.

The page only draws a ``TodayWords`` (plain words and numbers) handed to it; the window
fetches that from the core. It imports neither pydantic nor the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.checkin.flag_words import PATIENT_HEADINGS, display_flags, patient_when
from cipn_coach.checkin.flags import CONTACT_NOW
from cipn_coach.formatting import count, day_long, whole
from cipn_coach.i18n import N_, _
from cipn_coach.reports.today import DueRow, TodayWords
from ui.pages.family_words import family_flag
from ui.session.resume_card import ResumeCard
from ui.widgets.buttons import WrapButton, big_button, scrolling_layout

# by ``schedule.DueStatus`` value (a test keeps the two in step)
STATUS_WORDS = {
    "done": N_("✓ Done"),
    "partial": N_("◐ Partly done"),
    "due": N_("Due now"),
    "open": N_("Still to do"),
    "later": N_("Later today"),
    "missed": N_("Not done"),
}
# the routines' named slots in words (the report's words; not imported from
# ``report_data``, which Today's start does not need)
SLOT_NAMES = {"morning": N_("morning"), "afternoon": N_("afternoon"), "evening": N_("evening")}


def programme_words(day: int, length: int, family: bool = False) -> str:
    """Where the patient is in the programme, in Progress's words; past its end it says
    so, rather than "day 40 of 28". ``family``: said about the patient, not to them."""
    if day <= length:
        words = (
            _("Day {day} of {length} of the programme")
            if family
            else _("Day {day} of {length} of your programme")
        )
        return words.format(day=whole(max(1, day)), length=whole(length))
    if family:
        return _("Day {day}: the {length}-day programme is complete.").format(
            day=whole(day), length=whole(length)
        )
    return _("Day {day}: the {length}-day programme is complete. Keep going if it helps!").format(
        day=whole(day), length=whole(length)
    )


def checkin_words(checked_in: bool, family: bool = False) -> str:
    """Today's check-in, to the patient, or (family view) about the day."""
    if family:
        return (
            _("✓ Today's check-in is done.")
            if checked_in
            else _("Today's check-in is not done yet.")
        )
    return (
        _("✓ You have rated today. You can change it if you like.")
        if checked_in
        else _("You have not rated your hands and feet today yet.")
    )


def greeting(hour: int) -> str:
    if hour < 12:
        return _("Good morning")
    if hour < 18:
        return _("Good afternoon")
    return _("Good evening")


def slot_words(slot: str) -> str:
    """A slot's name in the language ('morning' → 「早上」); a clinician's own name as typed."""
    return _(SLOT_NAMES[slot]) if slot in SLOT_NAMES else slot


def flag_card(flag: Mapping[str, Any], day: date) -> QLabel:
    """A flag in plain words: what it is, why, what to do, since when (the words
    Progress, the family view and the report use for the same flag)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setProperty("role", "flag" if flag["level"] == CONTACT_NOW else "caption")
    word_flag(label, flag, day, family=False)
    return label


def word_flag(label: QLabel, flag: Mapping[str, Any], day: date, family: bool) -> None:
    """The flag's words: to the patient, or in the family view about them."""
    if family:
        heading, body = family_flag(flag)
    else:
        heading = PATIENT_HEADINGS.get(
            flag["level"], N_("Please talk to your care team")
        )  # never a raw level
        heading = _(heading)
        when = _("{when}.").format(when=patient_when(flag, day))
        body = (
            f"{escape(flag['explanation'])}<br><i>{escape(flag['what_to_do'])}</i>"
            f"<br>{escape(when)}"
        )
    label.setText(f"<b>{escape(heading)}</b><br>{body}")
    plain = body.replace("<br>", " ").replace("<i>", "").replace("</i>", "")
    label.setAccessibleName(_("{heading}: {words}").format(heading=heading, words=plain))


class TodayPage(QWidget):
    start_requested = Signal(str, str)  # routine id, slot name
    checkin_requested = Signal()
    selftest_requested = Signal(str)  # self-test id
    resume_chosen = Signal(str)  # about a session cut short: continue / again / leave
    before_cycle_requested = Signal()  # "see my summary" before a chemotherapy cycle

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Top to bottom in the order a tired patient needs it: what must be read first
        # (an urgent flag, a notice), then what to do now (Start, the sessions, the
        # check-in, a self-test), then what there is to know (chemotherapy notes, the
        # programme and the week, check-ups, recent sessions). At 200 % text on a
        # 1024×600 laptop Start is then in view as the page opens.
        layout = scrolling_layout(self)
        self._layout = layout
        self.heading = QLabel(_("Today"))
        self.heading.setProperty("role", "title")
        # the date alone (the programme's day is further down), in the text's own size:
        # as a subtitle "Wednesday 30 September" took two lines at 200 %, and put the
        # evening's Start below the fold of a 1024×600 laptop
        self.day_line = QLabel("")
        self.day_line.setWordWrap(True)  # never clipped, whatever the language's date
        layout.addWidget(self.heading)
        layout.addWidget(self.day_line)
        # "contact your care team now" comes first, before anything to start or read:
        # under the day's plan it was two screens down on a small screen
        self.urgent_box = QVBoxLayout()
        layout.addLayout(self.urgent_box)
        self.resume_card = ResumeCard()
        self.resume_card.hide()
        self.resume_card.chosen.connect(self.resume_chosen)
        layout.addWidget(self.resume_card)
        self.start_button = WrapButton(_("Start"), role="primary")
        self.start_button.setMinimumHeight(96)
        layout.addWidget(self.start_button)
        # a notice (e.g. "no speaker: captions only") right under Start, in the page's
        # text size: it says how the session will go, and above Start, in a caption's
        # size, it put Start below the fold of a 1024×600 laptop at 200 %
        self.notice = QLabel("")
        self.notice.setProperty("role", "notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        layout.addLayout(self.list_box)
        self._add_checkin(layout)
        self.selftest_button = WrapButton("")
        self.selftest_button.setMinimumHeight(64)
        self.selftest_button.hide()
        self.selftest_button.clicked.connect(self._start_selftest)
        self._selftest_id: str | None = None
        layout.addWidget(self.selftest_button)
        self._add_treatment(layout)
        self.programme_line = QLabel("")
        self.programme_line.setProperty("role", "subtitle")
        self.programme_line.setWordWrap(True)
        layout.addWidget(self.programme_line)
        self.week_line = QLabel("")
        self.week_line.setProperty("role", "subtitle")
        self.week_line.setWordWrap(True)
        self.week_line.setAccessibleName(_("This week's sessions"))
        layout.addWidget(self.week_line)
        self.flag_box = QVBoxLayout()
        layout.addLayout(self.flag_box)
        self.flag_cards: list[QLabel] = []
        recent_title = QLabel(_("Recent sessions"))
        recent_title.setProperty("role", "subtitle")
        self.recent = QLabel("")
        self.recent.setWordWrap(True)
        self.recent.setAccessibleName(_("Recent sessions with their ratings and notes"))
        layout.addWidget(recent_title)
        layout.addWidget(self.recent)
        self.read_only = False
        self._model: TodayWords | None = None
        self._flags: list[dict[str, Any]] = []
        layout.addStretch(1)
        self._next: DueRow | None = None
        self.start_button.clicked.connect(self._start_next)
        self.rows: list[QFrame] = []
        self.apply_text_scale(1.0)

    def _add_checkin(self, layout: QVBoxLayout) -> None:
        """Today's check-in: the words above the button, so both fit at any text size."""
        checkin_row = QVBoxLayout()
        self.checkin_line = QLabel("")
        self.checkin_line.setProperty("role", "subtitle")
        self.checkin_line.setWordWrap(True)
        self.checkin_button = big_button(
            _("Rate today"), _("Rate how your hands and feet are today")
        )
        self.checkin_button.clicked.connect(self.checkin_requested)
        checkin_row.addWidget(self.checkin_line)
        checkin_row.addWidget(self.checkin_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(checkin_row)

    def _add_treatment(self, layout: QVBoxLayout) -> None:
        """Chemotherapy: the reminder before a cycle (with the summary to take along) and
        the keep-warm advice after oxaliplatin. Good to know today, but not what to do
        first: under the day's sessions and check-in, not above Start."""
        self.treatment_line = QLabel("")
        self.treatment_line.setProperty("role", "subtitle")
        self.treatment_line.setWordWrap(True)
        self.treatment_line.setAccessibleName(_("About your chemotherapy"))
        self.treatment_line.hide()
        layout.addWidget(self.treatment_line)
        self.summary_button = WrapButton(_("See my summary for the oncology team"))
        self.summary_button.clicked.connect(self.before_cycle_requested)
        self.summary_button.hide()
        layout.addWidget(self.summary_button)

    def apply_text_scale(self, scale: float) -> None:
        """Less room around the page at large text: at 200 % on a 1024×600 laptop the
        usual margins and gaps took height that Start needs to be in view as Today opens."""
        if scale < 1.5:
            self._layout.setContentsMargins(48, 32, 48, 32)
            self._layout.setSpacing(14)
        else:
            self._layout.setContentsMargins(24, 12, 24, 24)
            self._layout.setSpacing(10)

    def show_model(self, model: TodayWords, hour: int) -> None:
        self.heading.setText(f"{greeting(hour)}")
        self._model = model
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone from view now, deleted on the next loop turn
                item.widget().deleteLater()
        self.rows = []
        for row in model.rows:
            self.list_box.addWidget(self._row(row))
        # Tab in the order of the screen: rows made now would otherwise come last
        previous: QWidget = self.start_button
        for row_frame in self.rows:
            for button in row_frame.findChildren(QPushButton):
                QWidget.setTabOrder(previous, button)
                previous = button
        QWidget.setTabOrder(previous, self.checkin_button)
        self._next = None if model.next_row is None else model.rows[model.next_row]
        if self._next is None:
            self.start_button.set_text(
                _("All done for today. Well done!")
                if model.done_all
                else _("Nothing planned today")
            )
            self.start_button.setEnabled(False)
        else:
            self.start_button.set_text(
                _("Start: {routine} ({minutes} min)").format(
                    routine=self._next.routine_title, minutes=whole(self._next.minutes)
                )
            )
            self.start_button.setEnabled(True)
        self.checkin_button.setText(
            _("Change today's rating") if model.checked_in else _("Rate today")
        )
        self.checkin_button.setAccessibleName(self.checkin_button.text())
        for box in (self.urgent_box, self.flag_box):
            while box.count():
                item = box.takeAt(0)
                if item.widget():
                    item.widget().hide()  # gone from view now, deleted on the next loop turn
                    item.widget().deleteLater()
        self._flags = display_flags(model.flags)
        self.flag_cards = [flag_card(f, model.day) for f in self._flags]
        for card, flag in zip(self.flag_cards, self._flags, strict=True):
            urgent = flag["level"] == CONTACT_NOW
            (self.urgent_box if urgent else self.flag_box).addWidget(card)
        sessions = count(model.week_planned, "{n} session", "{n} sessions")
        if model.week_partial:
            week = _("This week: {done} of {sessions} done ({partly} partly).")
        else:
            week = _("This week: {done} of {sessions} done.")
        self.week_line.setText(
            week.format(
                done=whole(model.week_done), sessions=sessions, partly=whole(model.week_partial)
            )
        )
        self.show_recent(list(model.recent))
        self._show_treatment(model)
        self._say_words()

    def _show_treatment(self, model: TodayWords) -> None:
        """The cycle reminder and the keep-warm advice, when they apply today."""
        if self.read_only:  # the family view: about the patient, not to them
            lines = (model.family_cycle_reminder, model.family_keep_warm)
        else:
            lines = (model.cycle_reminder, model.keep_warm)
        words = [w for w in lines if w]
        self.treatment_line.setText("\n\n".join(words))
        self.treatment_line.setVisible(bool(words))
        self.summary_button.setVisible(model.cycle_reminder is not None and not self.read_only)

    def show_selftests_due(self, due: list[tuple[str, str]]) -> None:
        """Offer the first self-test due today, as (id, title) pairs; none: no button."""
        self._selftest_id = due[0][0] if due else None
        if due:
            if len(due) > 1:
                words = _("Self-test due: {title}  (1 of {count} short tests)")
            else:
                words = _("Self-test due: {title}")
            self.selftest_button.set_text(words.format(title=due[0][1], count=whole(len(due))))
        self.selftest_button.setVisible(bool(due) and not self.read_only)

    def _start_selftest(self) -> None:
        if self._selftest_id is not None:
            self.selftest_requested.emit(self._selftest_id)

    def set_read_only(self, on: bool) -> None:
        """Family view: everything stays visible, nothing can be started or edited."""
        changed = on != self.read_only
        self.read_only = on
        self.start_button.setVisible(not on)
        self.checkin_button.setVisible(not on)
        if self._model is not None:
            self._show_treatment(self._model)
        if on:
            self.selftest_button.hide()
        for row in self.rows:
            for button in row.findChildren(QPushButton):
                button.setVisible(not on)
        self.heading.setText(_("Family view") if on else self.heading.text())
        self._say_words()
        if changed:  # hiding the focused Start sent the focus, and the page, down
            self.findChild(QScrollArea).verticalScrollBar().setValue(0)

    def _say_words(self) -> None:
        """The lines that speak to the patient, or in the family view about them."""
        model = self._model
        if model is None:
            return
        self.day_line.setText(day_long(model.day))
        self.programme_line.setText(
            programme_words(model.program_day, model.program_length, self.read_only)
        )
        self.checkin_line.setText(checkin_words(model.checked_in, self.read_only))
        for card, flag in zip(self.flag_cards, self._flags, strict=True):
            word_flag(card, flag, model.day, self.read_only)

    def show_resume(self, question: str | None) -> None:
        """Offer to carry on a session cut short (``None``: no offer)."""
        self.resume_card.show_question(question)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_recent(self, lines: list[str]) -> None:
        self.recent.setText("\n".join(lines) if lines else _("No sessions yet."))

    def _row(self, item: DueRow) -> QFrame:
        frame = QFrame()
        frame.setProperty("role", "card")
        # the status under the title, not beside it: at large text a row of four would be
        # wider than the page
        row = QGridLayout(frame)
        row.setContentsMargins(16, 8, 16, 8)
        when = QLabel(item.time)
        title = QLabel(
            _("{routine} · {minutes} min").format(
                routine=item.routine_title, minutes=whole(item.minutes)
            )
        )
        title.setWordWrap(True)
        words = (
            _(STATUS_WORDS[item.status]) if item.status in STATUS_WORDS else ""
        )  # never a raw stored word
        status = QLabel(words)
        status.setProperty("role", "subtitle")
        status.setWordWrap(True)
        row.addWidget(when, 0, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(title, 0, 1)
        row.addWidget(status, 1, 1)
        row.setColumnStretch(1, 1)
        if item.status != "done":
            button = big_button(
                _("Start"),
                _("Start {routine} ({slot})").format(
                    routine=item.routine_title, slot=slot_words(item.slot)
                ),
            )
            button.clicked.connect(
                lambda _=False, r=item.routine_id, s=item.slot: self.start_requested.emit(r, s)
            )
            row.addWidget(button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        frame.setAccessibleName(
            _("{slot}: {routine}, {status}").format(
                slot=slot_words(item.slot), routine=item.routine_title, status=words
            )
        )
        self.rows.append(frame)
        return frame

    def _start_next(self) -> None:
        if self._next is not None:
            self.start_requested.emit(self._next.routine_id, self._next.slot)
