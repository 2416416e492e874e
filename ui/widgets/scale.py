"""A 0–10 scale as eleven big buttons: no slider to drag with numb fingers.

Typing a digit picks it too (0–9; "1" then "0" quickly is not needed: 10 is its own
button reachable with Tab, and the "+" key). Anchors label the ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.buttons import big_button


class ZeroToTen(QWidget):
    changed = Signal(int)

    def __init__(self, label: str, low: str, high: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"{label}, 0 to 10")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(label)
        title.setProperty("role", "subtitle")
        layout.addWidget(title)
        row = QHBoxLayout()
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons = []
        for n in range(11):
            anchor = f" ({low})" if n == 0 else f" ({high})" if n == 10 else ""
            button = big_button(str(n), f"{label}: {n}{anchor}", checkable=True)
            button.setMinimumWidth(56)
            button.setProperty("role", "scale")  # narrow padding: eleven fit beside the menu
            button.setAutoDefault(False)  # Enter goes to the form: "Enter saves"
            self._group.addButton(button, n)
            row.addWidget(button)
            self.buttons.append(button)
        layout.addLayout(row)
        anchors = QHBoxLayout()
        left, right = QLabel(f"0 = {low}"), QLabel(f"10 = {high}")
        left.setProperty("role", "muted")
        right.setProperty("role", "muted")
        anchors.addWidget(left)
        anchors.addStretch(1)
        anchors.addWidget(right)
        layout.addLayout(anchors)
        self._group.idClicked.connect(self.changed)

    def value(self) -> int | None:
        checked = self._group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        if value is None:
            self._group.setExclusive(False)
            for b in self.buttons:
                b.setChecked(False)
            self._group.setExclusive(True)
            return
        self.buttons[value].setChecked(True)
        self.changed.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.set_value(int(text))
            self.buttons[int(text)].setFocus()
            return
        if text == "+":
            self.set_value(10)
            return
        super().keyPressEvent(event)
