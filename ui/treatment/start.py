"""The step after the first-start welcome: "Are you still having chemotherapy?"

Optional and one question on a page of its own, so a tired reader meets it alone: Yes
opens the very form of Settings → Treatment (``TreatmentSection``, saved by the same
``TreatmentFlow``), No and Skip go on to Today. Nothing is stored by No or Skip: the
record stays empty, and Settings → Treatment is there later.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from cipn_coach.i18n import _
from ui.treatment.page import INTRO, TreatmentSection
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.flow import flow


def _label(text: str, role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class TreatmentStartPage(QWidget):
    """The question with Yes / No / Skip; after Yes, the treatment form and "Done"."""

    finished = Signal()  # No, Skip or Done: on to Today

    def __init__(self, section: TreatmentSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_layout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(14)
        self.question = _label(_("Are you still having chemotherapy?"), "title")
        layout.addWidget(self.question)
        self.intro = _label(_(INTRO), "muted")  # below the answers: they fit at 200 % text
        self.yes_button = big_button(
            _("Yes"), _("Yes, I am still having chemotherapy"), role="primary"
        )
        self.no_button = big_button(_("No"), _("No, I am not having chemotherapy"))
        self.skip_button = big_button(_("Skip"), _("Skip this question for now"))
        self.answers = flow(self.yes_button, self.no_button, self.skip_button, spacing=16)
        layout.addWidget(self.answers)
        layout.addWidget(self.intro)
        self.section = section
        self.section.before_button.hide()  # nothing to sum up yet: the form only
        self.section.hide()
        layout.addWidget(self.section)
        self.later = _label(_("You can change this at any time in Settings → Treatment."), "muted")
        self.later.hide()
        layout.addWidget(self.later)
        self.done_button = big_button(_("Done: go to Today"), role="primary")
        self.done_button.hide()
        layout.addWidget(self.done_button)
        layout.addStretch(1)
        self.yes_button.clicked.connect(self.open_form)
        self.no_button.clicked.connect(self.finished)
        self.skip_button.clicked.connect(self.finished)
        self.done_button.clicked.connect(self.finished)

    def ask(self) -> None:
        """The question alone again, the focus on Yes."""
        self.answers.show()
        self.intro.show()
        for part in (self.section, self.later, self.done_button):
            part.hide()
        self.yes_button.setFocus()

    def open_form(self) -> None:
        """Yes: the treatment form in place of the answers, its first medicine focused."""
        self.answers.hide()
        self.intro.hide()  # the form says it again
        for part in (self.section, self.later, self.done_button):
            part.show()
        first = next(iter(self.section.agent_boxes.values())).box
        first.setFocus()
        # in view once the form is laid out (at 200 % text it starts below the fold)
        QTimer.singleShot(0, lambda: self.findChild(QScrollArea).ensureWidgetVisible(first))
