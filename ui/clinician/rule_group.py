"""One progression rule of a step, with its switch and its numbers in one framed group.

"Hold grows over the weeks: add 5 seconds, every 1 week, up to 45 seconds" reads as one
sentence, so its parts sit together: the clinician never hunts for a maximum set
somewhere further down the form.

At 200 % on a 1024×600 laptop the editor is ~650 px wide, so every part reflows rather
than keep one line: the switches are tick boxes beside words that wrap (``Question``; a
check box's own text never wraps, and "Repetitions grow over the weeks" was one line
733 px wide), a field's word goes above it when both do not fit, and its unit under it
("each rated at most", the number and "out of 10 for effort" in one row needed 1243 px).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets.flow import flow
from ui.widgets.question import Question

if TYPE_CHECKING:
    from ui.clinician.step_editor import NumberField


class RuleGroup(QFrame):
    """A tick box that turns the rule on, and below it the rule's fields, one per line:
    a word before the field (above it when narrow) and its unit after it (or under it)."""

    def __init__(self, text: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        switch = Question(text)
        self.box, self.title = switch.box, switch.words
        outer.addWidget(switch)
        if note:
            detail = QLabel(note)
            detail.setWordWrap(True)
            detail.setProperty("role", "muted")
            outer.addWidget(detail)
        self.fields = QFormLayout()
        self.fields.setContentsMargins(8, 0, 0, 0)
        self.fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(self.fields)
        self.rows: dict[QWidget, QWidget] = {}  # a field or a switch: its row's field part

    def add(self, word: str, field: NumberField, unit: str = "") -> NumberField:
        before = QLabel(word)
        line = flow(field, QLabel(unit)) if unit else field
        self.fields.addRow(before, line)
        before.setBuddy(field.edit)  # its words name the typing part, not the row
        self.rows[field] = line
        return field

    def add_switch(self, text: str) -> QCheckBox:
        """A tick box under the fields, its words wrapping beside it: returns the box."""
        switch = Question(text)
        self.fields.addRow(switch)
        self.rows[switch.box] = switch
        return switch.box

    def has_part(self, widget: QWidget) -> bool:
        return widget in self.rows

    def show_part(self, widget: QWidget, visible: bool) -> None:
        self.fields.setRowVisible(self.rows[widget], visible)
