"""The offer, on Today, to carry on a session that was cut short.

A crash, a power cut or a closed window can end a session half-way. Its finished steps
are saved; this card asks plainly whether to continue where it stopped, start it again
or leave it. It sits in the page (no pop-up box), like the player's Stop question.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cipn_coach.i18n import _
from ui.widgets.buttons import big_button
from ui.widgets.flow import flow


class ResumeCard(QFrame):
    chosen = Signal(str)  # "continue", "again" or "leave"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(_("Your last session was cut short. What you did is saved."))
        heading.setWordWrap(True)
        self.question = QLabel("")
        self.question.setProperty("role", "subtitle")
        self.question.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.question)
        self.continue_button = big_button(_("Continue"), role="primary")
        self.again_button = big_button(_("Start again"))
        self.leave_button = big_button(_("Leave it"), _("Leave it as it is"))
        for button, choice in (
            (self.continue_button, "continue"),
            (self.again_button, "again"),
            (self.leave_button, "leave"),
        ):
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
        # wraps onto more lines when large text would cut the three side by side
        layout.addWidget(flow(self.continue_button, self.again_button, self.leave_button))

    def show_question(self, question: str | None) -> None:
        self.question.setText(question or "")
        self.continue_button.setAccessibleName(
            _("Continue: {question}").format(question=question) if question else _("Continue")
        )
        self.setAccessibleName(question or "")
        self.setVisible(bool(question))
