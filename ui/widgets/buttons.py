"""Buttons sized for numb fingers: at least 48×48 px, always with an accessible name."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.theme import MIN_TARGET_PX


def big_button(
    text: str,
    accessible: str | None = None,
    role: str | None = None,
    parent: QWidget | None = None,
    checkable: bool = False,
) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible or text.replace("&", ""))
    button.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setCheckable(checkable)
    button.setAutoDefault(True)  # Enter clicks the focused button too, not only Space
    # never narrower than its text: a half-hidden label is no use to anyone
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    if role:
        button.setProperty("role", role)
    return button


class ChoiceButtons(QObject):
    """Checkable buttons of which one is chosen, each a Tab stop; ``clicked`` says which
    (its number, counted from ``first`` in the order of ``buttons``).

    Why not a QButtonGroup: Qt takes the Tab stop away from every unchecked checkable
    button in a group, exclusive or not, and moves among them with the arrow keys, which
    nobody guesses (the Clinician page's "Edit routine", "Week by week", "PIN" and "Own
    exercises" were out of Tab's reach).
    """

    clicked = Signal(int)

    def __init__(self, parent: QObject, buttons: list[QPushButton], first: int = 0) -> None:
        super().__init__(parent)
        self._buttons = dict(enumerate(buttons, start=first))
        for number, button in self._buttons.items():
            button.clicked.connect(lambda _=False, n=number: self._clicked(n))

    def _clicked(self, number: int) -> None:
        self.choose(number)  # a click on the chosen one had unchecked it: it stays chosen
        self.clicked.emit(number)

    def choose(self, chosen: int) -> None:
        for number, button in self._buttons.items():
            button.setChecked(number == chosen)

    def chosen(self) -> int:
        return next(n for n, b in self._buttons.items() if b.isChecked())

    def button(self, number: int) -> QPushButton:
        return self._buttons[number]

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons.values())


class WrapButton(QPushButton):
    """A big button whose text wraps onto more lines instead of being cut off.

    QPushButton draws its text on one line; at 200 % text a routine's title would be
    clipped. The text lives in a word-wrapped label inside; the button grows in height.
    """

    def __init__(
        self, text: str = "", role: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.addWidget(self.label)
        self.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if role:
            self.setProperty("role", role)
            self.label.setProperty("role", f"{role}-label")
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text_shown(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.layout().sizeHint()
        return QSize(max(hint.width(), MIN_TARGET_PX), max(hint.height(), MIN_TARGET_PX))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(MIN_TARGET_PX, self.layout().totalHeightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(MIN_TARGET_PX * 2, MIN_TARGET_PX)


def scrolling_layout(page: QWidget) -> QVBoxLayout:
    """Give ``page`` a vertical scroll area and return the layout to fill inside it.

    At 200 % text a page is taller than the screen; it must scroll rather than squash
    its rows until their text is cut off.
    """
    from PySide6.QtWidgets import QFrame, QScrollArea

    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # no Tab stop of its own (it would show nothing): Tab goes to the controls inside,
    # and the area scrolls to each one as it takes focus
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    inner = QWidget()
    scroll.setWidget(inner)
    outer.addWidget(scroll)
    return QVBoxLayout(inner)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the area around ``widget`` until it is in view, once the layout has taken in
    its new text: an answer written out of view (a wrong PIN's message under the keypad
    at 200 %) reads as no answer at all."""

    def scroll() -> None:
        from PySide6.QtWidgets import QScrollArea

        area = widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            # the layouts (and the area's scroll range) take in the new text's height first
            for _ in range(3):  # each level's layout asks its parent's again
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            area.ensureWidgetVisible(widget, 0, 0)

    QTimer.singleShot(0, widget, scroll)
