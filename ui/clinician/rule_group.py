"""One progression rule of a step, with its switch and its numbers in one framed group.

"Hold grows over the weeks: add 5 seconds, every 1 week, up to 45 seconds" reads as one
sentence, so its parts sit together: the clinician never hunts for a maximum set
somewhere further down the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.clinician.step_editor import NumberField


class RuleGroup(QFrame):
    """A check box that turns the rule on, and below it the rule's fields, one per line:
    a word before the field and its unit after it."""

    def __init__(self, text: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        self.box = QCheckBox(text)
        self.box.setAccessibleName(text)
        outer.addWidget(self.box)
        if note:  # the detail wraps; a check box's own text cannot
            detail = QLabel(note)
            detail.setWordWrap(True)
            detail.setProperty("role", "muted")
            outer.addWidget(detail)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(8, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setColumnStretch(3, 1)
        outer.addLayout(self.grid)
        self.parts: dict[QWidget, list[QWidget]] = {}

    def add(self, word: str, field: NumberField, unit: str = "") -> NumberField:
        row = self.grid.rowCount()
        before, after = QLabel(word), QLabel(unit)
        before.setBuddy(field.edit)
        self.grid.addWidget(before, row, 0)
        self.grid.addWidget(field, row, 1)
        self.grid.addWidget(after, row, 2)
        self.parts[field] = [before, field, after]
        return field

    def add_switch(self, box: QCheckBox) -> QCheckBox:
        self.grid.addWidget(box, self.grid.rowCount(), 0, 1, 4)
        self.parts[box] = [box]
        return box

    def show_part(self, widget: QWidget, visible: bool) -> None:
        for part in self.parts[widget]:
            part.setVisible(visible)
