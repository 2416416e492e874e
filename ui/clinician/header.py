"""The Clinician page's header: its title, a button per section, and Lock.

When narrow the buttons wrap onto more rows. At 200 % on a 1024×600 laptop that is three
rows, ~240 px of the page's ~465; with an open routine's Save row below them, ~70 px
were left to read the routine's form through. So on a short page the header takes one
row: the sections are offered in a drop-down in place of their buttons, beside Lock and
the title, which is then in the text's own size (at the title's size, "Clinician", the
drop-down and Lock are ~870 px wide at 200 %, and the title took a row of its own), or
left to the navigation when even so it would need a second row. The page's height and
width decide, never the section shown, so the header does not change as one moves
between sections.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from cipn_coach.i18n import _
from ui.widgets.buttons import ChoiceButtons, big_button
from ui.widgets.drop_down import DropDown
from ui.widgets.flow import flow, wrapped_height
from ui.widgets.forms import label

FULL_SHARE = 4
"""The section buttons stay while their rows take at most 1/FULL_SHARE of the page's
height; beyond that the header goes to one row."""
SPACING = 10


class ClinicianHeader(QWidget):
    """The title, the sections (buttons, or a drop-down on a short page) and Lock.
    ``chosen`` says which section the person chose, by its number."""

    chosen = Signal(int)

    def __init__(
        self,
        sections: Sequence[tuple[str, str]],
        lock_button: QPushButton,
        parent: QWidget | None = None,
    ) -> None:
        """``sections``: each one's word and what its button says to a screen reader,
        both translated already."""
        super().__init__(parent)
        self.title = label(_("Clinician"), "title")
        self.title.setWordWrap(False)  # one word: it keeps its place at the start of the row
        self.small_title = label(_("Clinician"))  # in one row, as the drop-down's label
        self.small_title.setWordWrap(False)
        self.small_title.hide()
        buttons = []
        for word, spoken in sections:
            button = big_button(word, spoken, checkable=True)
            button.setAutoDefault(False)
            buttons.append(button)
        self.group = ChoiceButtons(self, buttons)  # each one a Tab stop
        self.group.clicked.connect(self.chosen)
        self.choice = DropDown(
            _("Clinician section"), [(word, n) for n, (word, _s) in enumerate(sections)]
        )
        self.choice.activated.connect(self.chosen)  # the person's choice, not show()'s
        self.choice.hide()
        self.small_title.setBuddy(self.choice)
        self.lock_button = lock_button
        self._page_height = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = flow(
            self.title, *buttons, self.small_title, self.choice, lock_button, spacing=SPACING
        )
        layout.addWidget(row)

    def show_chosen(self, index: int) -> None:
        """Mark section ``index`` as the one shown, in both forms."""
        self.group.choose(index)
        self.choice.setCurrentIndex(index)

    def is_one_row(self) -> bool:
        return not self.choice.isHidden()

    def fit(self, page_height: int) -> None:
        """Buttons, or the drop-down when the buttons' rows would take more than their
        share of ``page_height`` at the header's width; beside it the title, when that
        keeps the header on one row (the navigation says "Clinician" too, and the
        drop-down's name says it to a screen reader)."""
        self._page_height = page_height
        width = self.width()
        full = wrapped_height([w.sizeHint() for w in self._full_row()], width, SPACING)
        one_row = full * FULL_SHARE > page_height
        row = [self.choice, self.lock_button]
        titled = wrapped_height([w.sizeHint() for w in (self.small_title, *row)], width, SPACING)
        self.small_title.setVisible(
            one_row and titled <= wrapped_height([w.sizeHint() for w in row], width, SPACING)
        )
        if one_row == self.is_one_row():
            return
        focused = QApplication.focusWidget()
        was_here = focused is not None and self.isAncestorOf(focused)
        for widget in (self.title, *self.group.buttons()):
            widget.setVisible(not one_row)
        self.choice.setVisible(one_row)
        if was_here:  # the focus stays where it was: on what now stands for the sections
            shown = self.choice.currentIndex()
            (self.choice if one_row else self.group.button(shown)).setFocus()

    def _full_row(self) -> list[QWidget]:
        return [self.title, *self.group.buttons(), self.lock_button]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """A new text size changes the buttons' rows: fit again once they are measured."""
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, lambda: self.fit(self._page_height))
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._page_height:
            self.fit(self._page_height)
