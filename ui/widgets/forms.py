"""The pieces every form of the app is built from: labels, fields and buttons sized for
tired hands and large text, and the scrolling column whose footer (Save and the list of
problems) stays in view.

The routine editor, the step editor, the own-exercise form, the PIN panels, Progress and the
check-in page build their forms from these, so a field looks and behaves the same
everywhere (48 px targets, an accessible name, Tab moving on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cipn_coach.i18n import _
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import big_button
from ui.widgets.drop_down import DropDown
from ui.widgets.focus_in_view import FocusInView
from ui.widgets.wrapped_label import WrappedLabel

COMBO_CHARS = 14  # long choices (a level's title) must not widen the column: "…" instead


def label(text: str, role: str = "") -> QLabel:
    """A word-wrapped label: at 200 % text, words wrap instead of being cut off.
    ``role`` picks its style (title, subtitle, muted, caption)."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setProperty("role", role)
    return widget


def typed_text(text: str = "", role: str | None = None, wrap: bool = True) -> QLabel:
    """Text shown exactly as typed (notes and names: no markup is read into it). Wrapped
    ones remember their height per width, as a long page's layout asks again and again."""
    widget = WrappedLabel(text) if wrap else QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    """A big button that Enter does not press by accident (in a form Enter adds a time
    or a step, or saves)."""
    widget = big_button(text, name)
    widget.setAutoDefault(False)
    widget.clicked.connect(lambda _=False: slot())
    return widget


def line(name: str, placeholder: str) -> QLineEdit:
    """A one-line field with an accessible name and a hint of what goes in it."""
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(MIN_TARGET_PX)
    return edit


def lines(name: str, placeholder: str, rows: int = 3) -> QPlainTextEdit:
    """A field of a few lines; Tab moves on, as everywhere else."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(rows * MIN_TARGET_PX)
    return edit


def combo(name: str, items: list[tuple[str, Any]]) -> DropDown:
    """A drop-down of (text, value) items, all of one width in a form's column."""
    widget = DropDown(name, items, widest_chars=COMBO_CHARS)
    widget.setMinimumContentsLength(COMBO_CHARS)
    return widget


def scroll_with_footer(widget: QWidget) -> tuple[QVBoxLayout, QScrollArea]:
    """Give ``widget`` a vertical-only scroll area on top and room for a footer below it
    (``widget.layout()``): the form scrolls, Save and the problems stay in view, and the
    field that takes the focus is scrolled wholly into view."""
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget()
    scroll.setWidget(inner)
    outer.addWidget(scroll, 1)
    FocusInView(scroll)
    body = QVBoxLayout(inner)
    body.setContentsMargins(0, 0, 12, 0)  # the scroll bar never covers a field
    return body, scroll


class SaveFooter(QWidget):
    """The rows under a validated form: what is wrong, on lines of their own, then
    whether it is saved beside Save. Enter on the focused Save presses it, like Space
    (``big_button``).

    The problems were beside Save once: at 200 % on a 1024×600 laptop Save is ~480 px of
    the editor's ~640, and "up to: needs a value" (asked the moment a rule is switched
    on) wrapped a word or two a line in what was left, taking ~90 % of the editor's
    height from the very field it asked for.
    """

    def __init__(
        self,
        save_text: str,
        save_name: str,
        on_save: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        self.problems = label("", "")
        self.problems.setAccessibleName(_("Problems to fix before saving"))
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        rows.addWidget(self.problems)
        row = QHBoxLayout()
        self.status = label("", "")
        self.status.setAccessibleName(_("Save status"))
        row.addWidget(self.status, 1)
        # in the text's own size, not the main action's larger one: a short screen
        # keeps its height for the form
        self.save_button = big_button(save_text, save_name, role="save")
        self.save_button.clicked.connect(lambda _=False: on_save())
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        rows.addLayout(row)

    def show_problems(self, problems: list[str]) -> None:
        """List ``problems`` (hidden when there are none); one problem follows the words
        "Please fix before saving:" on their line, saving a line of a short screen."""
        if len(problems) == 1:
            self.problems.setText(
                _("Please fix before saving: {problem}").format(problem=problems[0])
            )
        else:
            self.problems.setText(_("Please fix before saving:") + "\n• " + "\n• ".join(problems))
        self.problems.setVisible(bool(problems))
