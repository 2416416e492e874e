"""A note box of a few lines, so a patient can reread what they wrote.

It speaks the same small language as a line edit where the forms use one (``text``,
``setText``, ``returnPressed``, ``textEdited``, a length limit): Enter still saves the
form, as everywhere in the app; Shift+Enter starts a new line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

LINES_SHOWN = 3


class NoteBox(QPlainTextEdit):
    returnPressed = Signal()  # noqa: N815 (QLineEdit's name)
    textEdited = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_length = 0
        self._setting = False
        self.setTabChangesFocus(True)  # Tab moves on through the form, as elsewhere
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self._changed)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802
        self._setting = True
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)  # as a line edit does: type on after it
        self._setting = False

    def setMaxLength(self, length: int) -> None:  # noqa: N802
        self._max_length = length

    def _changed(self) -> None:
        text = self.toPlainText()
        if self._max_length and len(text) > self._max_length:
            cursor = self.textCursor()
            self.setText(text[: self._max_length])
            cursor.setPosition(min(cursor.position(), self._max_length))
            self.setTextCursor(cursor)
            return
        if not self._setting:
            self.textEdited.emit(text)

    def showEvent(self, event: object) -> None:  # noqa: N802
        # height for LINES_SHOWN lines at the text size in force when shown
        margins = self.contentsMargins()
        lines = self.fontMetrics().lineSpacing() * LINES_SHOWN
        self.setMinimumHeight(lines + margins.top() + margins.bottom() + 16)
        super().showEvent(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.returnPressed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)
