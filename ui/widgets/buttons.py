"""Buttons sized for numb fingers: at least 48×48 px, always with an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from ui.theme import MIN_TARGET_PX


def literal(text: str) -> str:
    """Button text shown as written: '&' in a title must not become a keyboard mnemonic."""
    return text.replace("&", "&&")


def big_button(text: str, accessible: str | None = None, role: str | None = None,
               parent: QWidget | None = None, checkable: bool = False) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible or text.replace("&", ""))
    button.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setCheckable(checkable)
    button.setAutoDefault(True)  # Enter clicks the focused button too, not only Space
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    if role:
        button.setProperty("role", role)
    return button
