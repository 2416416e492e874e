"""The safety check shown before a session with balance or foot-soak steps."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cipn_coach.i18n import _
from cipn_coach.routines.safety import SAFETY_CHECKS, STOP_RULE
from ui.widgets.buttons import big_button, scrolling_layout
from ui.widgets.question import Question


class SafetyView(QWidget):
    confirmed = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: list[QCheckBox] = []
        # the lines scroll (at large text they are long); the buttons stay in view below
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        scrolled = QWidget()
        self._layout = scrolling_layout(scrolled)
        self._layout.setContentsMargins(48, 24, 48, 12)
        self._layout.setSpacing(12)
        page.addWidget(scrolled, 1)
        self._items = QVBoxLayout()
        heading = QLabel(_("Before you start"))
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        intro = QLabel(
            _("Please tick each line when it is true. {stop_rule}").format(stop_rule=_(STOP_RULE))
        )
        intro.setWordWrap(True)
        self._layout.addWidget(heading)
        self._layout.addWidget(intro)
        self._layout.addLayout(self._items)
        self._layout.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(48, 8, 48, 16)
        self.back_button = big_button(_("Not now"), _("Not now, back to Today"))
        self.start_button = big_button(_("Start the session"), role="primary")
        self.start_button.setEnabled(False)
        for button in (self.back_button, self.start_button):
            button.setProperty("control", "true")
            # aligned: a row is as high as its lowest fixed-height button otherwise
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.insertStretch(1, 1)
        page.addLayout(row)
        self.back_button.clicked.connect(self.declined)
        self.start_button.clicked.connect(self.confirmed)

    def show_checks(self, check_ids: list[str]) -> None:
        while self._items.count():
            item = self._items.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._boxes = []
        for check_id in check_ids:
            check = SAFETY_CHECKS[check_id].translated()
            title = QLabel(check.title)
            title.setProperty("role", "subtitle")
            title.setWordWrap(True)
            self._items.addWidget(title)
            title.show()  # shown now, not on the next event loop turn, so focus can land
            for text in check.items:
                line = Question(text)  # a tick box beside the words, which wrap
                box = line.box
                box.toggled.connect(self._update)
                self._items.addWidget(line)
                line.show()
                self._boxes.append(box)
        self._update()
        if self._boxes:
            self._boxes[0].setFocus()

    @property
    def boxes(self) -> list[QCheckBox]:
        return list(self._boxes)

    def _update(self) -> None:
        self.start_button.setEnabled(all(b.isChecked() for b in self._boxes))
