"""The first-start welcome: what the app does and does not do, the disclaimer, and the
patient's name and preferred session times. Skippable, shown once, and reachable again
from Help. A page in the window (not a pop-up) so it scrolls and reflows at 200 % text
on a 1024×600 screen like every other page.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from cipn_coach.formatting import clock
from cipn_coach.i18n import N_, _
from cipn_coach.routines.safety import DISCLAIMER
from cipn_coach.settings.session_times import NAME_MAX, Details, DetailsError, checked_details
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.drop_down import DropDown
from ui.widgets.flow import flow

WHAT_IT_DOES = N_(
    "CIPN Coach talks you through gentle exercises for your hands, feet and balance, "
    "morning and evening. It counts and times them with you, shows every spoken word on "
    "screen, and keeps a simple record of how your hands and feet feel."
)
WHAT_IT_DOES_NOT = N_(
    "It does not diagnose or treat anything, and it does not replace your care team. "
    "Your records stay on this computer."
)


TIME_STEP_MINUTES = 30
FIRST_HOUR, LAST_HOUR = 5, 23


class TimeBox(DropDown):
    """A time of day picked from a list (every half hour): arrow keys step it, typing
    "18" jumps to 18:00, nothing needs fine typing. The mouse wheel passing over it while
    the page scrolls never changes it (the app-wide ``ui.widgets.wheel_guard``)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent=parent)
        for minutes in range(FIRST_HOUR * 60, (LAST_HOUR + 1) * 60, TIME_STEP_MINUTES):
            value = f"{minutes // 60:02d}:{minutes % 60:02d}"
            self.addItem(clock(time(minutes // 60, minutes % 60)), value)

    def set_value(self, value: str) -> None:
        """Select ``value`` ("HH:MM"); a time between the steps is added to the list."""
        index = self.findData(value)
        if index < 0:
            hours, minutes = (int(part) for part in value.split(":"))
            index = next((i for i in range(self.count()) if self.itemData(i) > value), self.count())
            self.insertItem(index, clock(time(hours, minutes)), value)
        self.setCurrentIndex(index)

    def value(self) -> str:
        return str(self.currentData())


class WelcomePage(QWidget):
    saved = Signal(object)  # Details
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_layout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        title = QLabel(_("Welcome to CIPN Coach"))
        title.setProperty("role", "title")
        title.setWordWrap(True)
        layout.addWidget(title)
        for text in (WHAT_IT_DOES, WHAT_IT_DOES_NOT):
            line = QLabel(_(text))
            line.setWordWrap(True)
            layout.addWidget(line)
        self.disclaimer = QLabel(_(DISCLAIMER))
        self.disclaimer.setProperty("role", "caption")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setAccessibleName(_("Please note"))
        layout.addWidget(self.disclaimer)
        about_you = QLabel(_("About you (you can change this later from Help)"))
        about_you.setProperty("role", "subtitle")
        about_you.setWordWrap(True)
        layout.addWidget(about_you)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setMinimumHeight(48)
        self.name.setAccessibleName(_("Your name"))
        self.name.setPlaceholderText(_("Optional"))
        self.morning = TimeBox(_("A good time for the morning session"))
        self.evening = TimeBox(_("A good time for the evening session"))
        for box in (self.morning, self.evening):
            box.setMinimumWidth(140)
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow(_("Your name"), self.name)
        form.addRow(_("Morning session at"), self.morning)
        form.addRow(_("Evening session at"), self.evening)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setProperty("role", "flag")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.skip_button = big_button(_("Skip for now"), _("Skip the welcome for now"))
        self.save_button = big_button(_("Save and go to Today"), role="primary")
        # one under the other when large text would cut them side by side
        layout.addWidget(flow(self.skip_button, self.save_button, spacing=16))
        layout.addStretch(1)
        self.skip_button.clicked.connect(self.skipped)
        self.save_button.clicked.connect(self._save)
        self.name.returnPressed.connect(self._save)

    def load(self, name: str, morning: str, evening: str) -> None:
        """Fill in what is known (saved answers, else the routines' own times)."""
        self.name.setText(name)
        self.morning.set_value(morning)
        self.evening.set_value(evening)
        self.error.hide()
        self.name.setFocus()

    def _save(self) -> None:
        try:
            details: Details = checked_details(
                self.name.text(), self.morning.value(), self.evening.value()
            )
        except DetailsError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self.saved.emit(details)
