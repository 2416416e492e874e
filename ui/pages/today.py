"""Today: what is due, one big Start button, this week's adherence.

The page only draws a ``TodayModel`` (plain words and numbers) handed to it; the window
fetches that from the core. It imports neither pydantic nor the database, so the app
can draw it at start-up before either is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cipn_coach.flags import Flag
from cipn_coach.today_model import DueRow, TodayModel
from ui.widgets.buttons import WrapButton, big_button, scrolling_layout

# by ``schedule.DueStatus`` value (a test keeps the two in step)
STATUS_WORDS = {
    "done": "✓ Done",
    "partial": "◐ Partly done",
    "due": "Due now",
    "open": "Still to do",
    "later": "Later today",
    "missed": "Not done",
}


def programme_words(day: int, length: int) -> str:
    """Where the patient is in the programme; past its end it says so (as Progress does),
    rather than "day 40 of 28"."""
    if day <= length:
        return f"day {max(1, day)} of {length} of your programme"
    return f"day {day}: the {length}-day programme is complete. Keep going if it helps!"


def greeting(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


FLAG_HEADINGS = {
    "contact_care_team_now": "Please contact your care team now",
    "evaluation_recommended": "A check-up is recommended",
}


def flag_card(flag: Flag) -> QLabel:
    """A flag in plain words: what it is, why, what to do, since when."""
    heading = FLAG_HEADINGS.get(flag.level, flag.level)
    label = QLabel(f"<b>{heading}</b><br>{flag.explanation}<br><i>{flag.what_to_do}</i>"
                   f"<br>Since {flag.since.strftime('%-d %B')}.")
    label.setWordWrap(True)
    label.setProperty("role", "flag" if flag.level == "contact_care_team_now" else "caption")
    label.setAccessibleName(f"{heading}: {flag.explanation} {flag.what_to_do}")
    return label


class TodayPage(QWidget):
    start_requested = Signal(str, str)  # routine id, slot name
    checkin_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_layout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        self.heading = QLabel("Today")
        self.heading.setProperty("role", "title")
        self.day_line = QLabel("")
        self.day_line.setProperty("role", "subtitle")
        self.day_line.setWordWrap(True)  # at 200 % text it takes two lines, never clipped
        layout.addWidget(self.heading)
        layout.addWidget(self.day_line)
        self.start_button = WrapButton("Start", role="primary")
        self.start_button.setMinimumHeight(96)
        layout.addWidget(self.start_button)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        layout.addLayout(self.list_box)
        self.week_line = QLabel("")
        self.week_line.setProperty("role", "subtitle")
        self.week_line.setWordWrap(True)
        self.week_line.setAccessibleName("This week's sessions")
        layout.addWidget(self.week_line)
        checkin_row = QVBoxLayout()  # the words above the button: both fit at any text size
        self.checkin_line = QLabel("")
        self.checkin_line.setProperty("role", "subtitle")
        self.checkin_line.setWordWrap(True)
        self.checkin_button = big_button("Rate today", "Rate how your hands and feet are today")
        self.checkin_button.clicked.connect(self.checkin_requested)
        checkin_row.addWidget(self.checkin_line)
        checkin_row.addWidget(self.checkin_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(checkin_row)
        self.flag_box = QVBoxLayout()
        layout.addLayout(self.flag_box)
        self.flag_cards: list[QLabel] = []
        self.notice = QLabel("")
        self.notice.setProperty("role", "caption")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        recent_title = QLabel("Recent sessions")
        recent_title.setProperty("role", "subtitle")
        self.recent = QLabel("")
        self.recent.setWordWrap(True)
        self.recent.setAccessibleName("Recent sessions with their ratings and notes")
        layout.addWidget(recent_title)
        layout.addWidget(self.recent)
        self.read_only = False
        layout.addStretch(1)
        self._next: DueRow | None = None
        self.start_button.clicked.connect(self._start_next)
        self.rows: list[QFrame] = []

    def show_model(self, model: TodayModel, hour: int) -> None:
        self.heading.setText(f"{greeting(hour)}")
        self.day_line.setText(f"{model.day.strftime('%A %-d %B')} · "
                              f"{programme_words(model.program_day, model.program_length)}")
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
            self.start_button.set_text("All done for today. Well done!" if model.done_all
                                       else "Nothing planned today")
            self.start_button.setEnabled(False)
        else:
            self.start_button.set_text(f"Start: {self._next.routine_title}  ({self._next.minutes} min)")
            self.start_button.setEnabled(True)
        if model.checked_in:
            self.checkin_line.setText("✓ You have rated today. You can change it if you like.")
            self.checkin_button.setText("Change today's rating")
        else:
            self.checkin_line.setText("You have not rated your hands and feet today yet.")
            self.checkin_button.setText("Rate today")
        self.checkin_button.setAccessibleName(self.checkin_button.text())
        while self.flag_box.count():
            item = self.flag_box.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone from view now, deleted on the next loop turn
                item.widget().deleteLater()
        self.flag_cards = [flag_card(f) for f in model.flags]
        for card in self.flag_cards:
            self.flag_box.addWidget(card)
        partial = f" ({model.week_partial} partly)" if model.week_partial else ""
        self.week_line.setText(
            f"This week: {model.week_done} of {model.week_planned} sessions done{partial}.")
        self.show_recent(list(model.recent))

    def set_read_only(self, on: bool) -> None:
        """Family view: everything stays visible, nothing can be started or edited."""
        self.read_only = on
        self.start_button.setVisible(not on)
        self.checkin_button.setVisible(not on)
        for row in self.rows:
            for button in row.findChildren(QPushButton):
                button.setVisible(not on)
        self.heading.setText("Family view" if on else self.heading.text())

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_recent(self, lines: list[str]) -> None:
        self.recent.setText("\n".join(lines) if lines else "No sessions yet.")

    def _row(self, item: DueRow) -> QFrame:
        frame = QFrame()
        frame.setProperty("role", "card")
        # the status under the title, not beside it: at large text a row of four would be
        # wider than the page
        row = QGridLayout(frame)
        row.setContentsMargins(16, 8, 16, 8)
        title = QLabel(f"{item.time}   {item.routine_title} · {item.minutes} min")
        title.setWordWrap(True)
        status = QLabel(STATUS_WORDS[item.status])
        status.setProperty("role", "subtitle")
        status.setWordWrap(True)
        row.addWidget(title, 0, 0)
        row.addWidget(status, 1, 0)
        row.setColumnStretch(0, 1)
        if item.status != "done":
            button = big_button("Start", f"Start {item.routine_title} ({item.slot})")
            button.clicked.connect(lambda _=False, r=item.routine_id, s=item.slot:
                                   self.start_requested.emit(r, s))
            row.addWidget(button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        frame.setAccessibleName(f"{item.slot}: {item.routine_title}, {STATUS_WORDS[item.status]}")
        self.rows.append(frame)
        return frame

    def _start_next(self) -> None:
        if self._next is not None:
            self.start_requested.emit(self._next.routine_id, self._next.slot)
