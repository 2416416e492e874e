"""A 0–10 scale as eleven big buttons: no slider to drag with numb fingers.

Typing a digit picks it; "1" then "0" within ``SECOND_DIGIT_S`` picks 10 (a patient who
means ten types ten: picking 0, "none", instead would record the opposite), and "+" picks
10 too. The keys are said under the buttons. On a narrow page (large text beside the
navigation) the eleven buttons reflow into two rows rather than run off the edge.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.i18n import N_, _
from ui.widgets.buttons import big_button

SECOND_DIGIT_S = 1.2
"""How long after "1" a "0" still makes 10: long enough for slow, stiff fingers."""
KEYS_HINT = N_("Keys: 0 to 9, or 1 then 0 for 10.")
NARROW_COLUMNS = 6  # 0–5 on the first row, 6–10 on the second


class ZeroToTen(QWidget):
    changed = Signal(int)

    def __init__(
        self,
        label: str,
        low: str,
        high: str,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._label = label
        self.clock = clock  # tests hand in a fake one: the second-digit window, no sleeping
        self._one_typed_at: float | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("{question}, 0 to 10").format(question=label))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(label)
        title.setProperty("role", "subtitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        self._grid = QGridLayout()
        self._grid.setSpacing(6)
        self._columns = 0
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons = []
        for n in range(11):
            anchor = low if n == 0 else high if n == 10 else ""
            name = (
                _("{question}: {number} ({meaning})") if anchor else _("{question}: {number}")
            ).format(question=label, number=n, meaning=anchor)
            button = big_button(str(n), name, checkable=True)
            button.setMinimumWidth(56)
            button.setProperty("role", "scale")  # narrow padding: eleven fit beside the menu
            button.setAutoDefault(False)  # Enter goes to the form: "Enter saves"
            self._group.addButton(button, n)
            self.buttons.append(button)
        self._arrange(11)
        layout.addLayout(self._grid)
        anchors = QHBoxLayout()
        left = QLabel(_("0 = {meaning}").format(meaning=low))
        right = QLabel(_("10 = {meaning}").format(meaning=high))
        for anchor in (left, right):
            anchor.setProperty("role", "muted")
            anchor.setWordWrap(True)
        right.setAlignment(Qt.AlignmentFlag.AlignRight)
        anchors.addWidget(left, 1)
        anchors.addWidget(right, 1)
        layout.addLayout(anchors)
        self.keys_hint = QLabel(_(KEYS_HINT))
        self.keys_hint.setProperty("role", "muted")
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self._group.idClicked.connect(self.changed)

    # ------------------------------------------------------------- reflow
    def _row_width(self, columns: int) -> int:
        widest = max(b.sizeHint().width() for b in self.buttons)
        return columns * widest + (columns - 1) * self._grid.horizontalSpacing()

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons:
            self._grid.removeWidget(button)
        for n, button in enumerate(self.buttons):
            self._grid.addWidget(button, n // columns, n % columns)

    def _columns_for(self, width: int) -> int:
        return 11 if width >= self._row_width(11) else NARROW_COLUMNS

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._arrange(self._columns_for(event.size().width()))
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._row_width(NARROW_COLUMNS)), hint.height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        rows_now = 2 if self._columns == NARROW_COLUMNS else 1
        rows = 2 if self._columns_for(width) == NARROW_COLUMNS else 1
        row = max(b.sizeHint().height() for b in self.buttons) + self._grid.verticalSpacing()
        return self.layout().totalHeightForWidth(width) + (rows - rows_now) * row

    # -------------------------------------------------------------- value
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
            now = self.clock()
            after_one = (
                self._one_typed_at is not None and now - self._one_typed_at <= SECOND_DIGIT_S
            )
            value = 10 if text == "0" and after_one else int(text)
            self._one_typed_at = now if value == 1 else None
            self.set_value(value)
            self.buttons[value].setFocus()
            return
        if text == "+":
            self._one_typed_at = None
            self.set_value(10)
            return
        super().keyPressEvent(event)
