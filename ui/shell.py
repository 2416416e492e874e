"""The top-level window, painted before anything slow is loaded.

Only Qt widgets and the theme are imported here, and not even ``PySide6.QtCore.Qt``:
building the Python enums of the whole ``Qt`` namespace costs 60-80 ms, which would be
paid before the first paint (the opening line is centred by the style sheet instead). The shell shows the app's name and a
calm "opening" line at once; the real content (database, library, speech) is built right
after the first paint and put inside the same window, so the user sees the app appear
immediately and in the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

DEFAULT_SIZE = (1100, 720)


class _Opening(QLabel):
    """The "opening" message; tells the window when it has really been drawn."""

    def __init__(self, text: str, on_painted: Signal) -> None:
        super().__init__(text)
        self._on_painted = on_painted
        self._done = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._done:
            self._done = True
            # after this paint reaches the screen, not inside it
            QTimer.singleShot(0, self._on_painted.emit)


class AppWindow(QMainWindow):
    first_painted = Signal()  # the moment to start loading the slow parts

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("CIPN Coach")
        self.setMinimumSize(1024, 700)
        self.resize(*DEFAULT_SIZE)
        opening = _Opening("CIPN Coach\n\nOpening your day…", self.first_painted)
        opening.setProperty("role", "title")
        opening.setStyleSheet("qproperty-alignment: AlignCenter;")
        opening.setAccessibleName("CIPN Coach is opening")
        self.setCentralWidget(opening)
        self.content: QWidget | None = None

    def set_content(self, content: QWidget) -> None:
        self.content = content
        self.setCentralWidget(content)
        content.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # let the content save a session in progress before the window goes
        if self.content is not None and not self.content.close():
            event.ignore()
            return
        super().closeEvent(event)
