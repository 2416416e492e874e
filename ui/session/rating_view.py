"""The ten-second rating after a session: effort, symptoms better/same/worse, a note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cipn_coach.i18n import N_, _
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.scale import ZeroToTen

CHANGES = (("better", N_("Better")), ("same", N_("The same")), ("worse", N_("Worse")))
# each change's accessible name, whole (English glued "Symptoms " to the lower-cased word)
CHANGE_NAMES = {
    "better": N_("Symptoms better"),
    "same": N_("Symptoms the same"),
    "worse": N_("Symptoms worse"),
}


class RatingView(QWidget):
    submitted = Signal(object, object, str)  # effort | None, change | None, note
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the questions scroll at large text; Skip and Save stay in view below
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        scrolled = QWidget()
        layout = scrolling_layout(scrolled)
        layout.setContentsMargins(48, 24, 48, 12)
        layout.setSpacing(14)
        page.addWidget(scrolled, 1)
        self.heading = QLabel(_("Well done!"))
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.effort = ZeroToTen(
            _("How hard did that feel?"), _("very easy"), _("as hard as it gets")
        )
        layout.addWidget(self.effort)
        label = QLabel(_("Your hands and feet now, compared with before:"))
        label.setProperty("role", "subtitle")
        label.setWordWrap(True)
        layout.addWidget(label)
        row = QHBoxLayout()
        self._changes = QButtonGroup(self)
        self.change_buttons = {}
        for key, text in CHANGES:
            button = big_button(_(text), _(CHANGE_NAMES[key]), checkable=True)
            button.setAutoDefault(False)  # Enter saves the form
            self._changes.addButton(button)
            self.change_buttons[key] = button
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        layout.addLayout(row)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("A note, if you like (optional)"))
        self.note.setAccessibleName(_("Note about this session"))
        self.note.setMaxLength(500)
        layout.addWidget(self.note)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(48, 8, 48, 16)
        self.skip_button = big_button(_("Skip rating"), _("Skip the rating"))
        self.save_button = big_button(_("Save"), _("Save rating"), role="primary")
        for button in (self.skip_button, self.save_button):
            button.setProperty("control", "true")
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        buttons.insertStretch(1, 1)
        page.addLayout(buttons)
        self.save_button.clicked.connect(self._save)
        self.skip_button.clicked.connect(self.skipped)

    def reset(self, heading: str, summary: str) -> None:
        self.heading.setText(heading)
        self.summary.setText(summary)
        self.effort.set_value(None)
        self._changes.setExclusive(False)
        for b in self.change_buttons.values():
            b.setChecked(False)
        self._changes.setExclusive(True)
        self.note.clear()
        self.effort.setFocus()

    def _save(self) -> None:
        change = next((k for k, b in self.change_buttons.items() if b.isChecked()), None)
        self.submitted.emit(self.effort.value(), change, self.note.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._save()  # also reached from the note: a line edit passes Return on
            return
        super().keyPressEvent(event)
