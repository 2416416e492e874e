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

from PySide6.QtCore import QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from cipn_coach.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QCloseEvent, QPaintEvent

DEFAULT_SIZE = (1100, 720)
MIN_SIZE = (1000, 520)
"""Fits a 1024×600 screen with the window's frame, a title bar and a panel."""
TITLE_BAR_PX = 40  # room left above the window for the frame's title bar


def geometry_text(window: QWidget) -> str:
    """ "x,y,width,height" of the window's normal (not maximised) place, for the settings."""
    g = window.normalGeometry() if window.isVisible() else window.geometry()
    return f"{g.x()},{g.y()},{g.width()},{g.height()}"


def placed_geometry(saved: str | None, available: QRect) -> QRect:
    """Where the window goes on a screen whose free area is ``available``: the remembered
    place if there is one, else the default size centred; always pulled inside the screen
    (title bar included), so no title-bar button is ever off-screen."""
    room = available.adjusted(0, TITLE_BAR_PX, 0, 0)
    try:
        x, y, width, height = (int(part) for part in (saved or "").split(","))
    except ValueError:
        width, height = DEFAULT_SIZE
        x = room.x() + (room.width() - min(width, room.width())) // 2
        y = room.y() + (room.height() - min(height, room.height())) // 2
    width = max(MIN_SIZE[0], min(width, room.width()))
    height = max(MIN_SIZE[1], min(height, room.height()))
    x = max(room.left(), min(x, room.right() + 1 - width))
    y = max(room.top(), min(y, room.bottom() + 1 - height))
    return QRect(x, y, width, height)


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


class _FirstPaint(QObject):
    """Watches a widget until its first paint, then emits ``painted`` once, after that
    paint (as ``_Opening`` does for the opening line)."""

    def __init__(self, widget: QWidget, painted: Signal) -> None:
        super().__init__(widget)
        self._painted = painted
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted.emit)
        return False


class AppWindow(QMainWindow):
    first_painted = Signal()  # the moment to start loading the slow parts
    content_painted = Signal()
    """The content (Today) has been drawn once: the moment for work that must not delay
    it, such as starting the speech engine."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("CIPN Coach")
        self.setMinimumSize(*MIN_SIZE)
        self._store_geometry: Callable[[str], None] | None = None
        self._place(None)
        opening = _Opening(_("CIPN Coach\n\nOpening your day…"), self.first_painted)
        opening.setProperty("role", "title")
        opening.setStyleSheet("qproperty-alignment: AlignCenter;")
        opening.setAccessibleName(_("CIPN Coach is opening"))
        self.setCentralWidget(opening)
        self.content: QWidget | None = None

    def _place(self, saved: str | None) -> None:
        screen = self.screen()
        if screen is not None:
            self.setGeometry(placed_geometry(saved, screen.availableGeometry()))

    def remember_geometry(self, saved: str | None, store: Callable[[str], None]) -> None:
        """Go back to the place saved last time (``ui.window_geometry``); ``store`` keeps
        the place when the window closes."""
        if saved:
            self._place(saved)
        self._store_geometry = store

    def set_content(self, content: QWidget) -> None:
        self.content = content
        _FirstPaint(content, self.content_painted)
        self.setCentralWidget(content)
        # the content knows where keys should go first (Today: the big Start button), so
        # Space and Ctrl+1…5 work at once, without a Tab
        focus_first = getattr(content, "focus_first", None)
        if callable(focus_first):
            focus_first()
        else:
            content.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # let the content save a session in progress before the window goes
        if self.content is not None and not self.content.close():
            event.ignore()
            return
        if self._store_geometry is not None:
            self._store_geometry(geometry_text(self))
        super().closeEvent(event)
