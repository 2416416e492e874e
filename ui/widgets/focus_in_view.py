"""A scrolling form shows the whole field that takes the focus, not only its cursor.

Qt's scroll area follows Tab, but to the field's text cursor (or a list's current row):
at 200 % on a 1024×600 laptop the routine's three-line description, or the list of
exercises found, stopped at the bottom edge with one line of it in view. Here the field
is scrolled wholly into view as it takes the focus (its top, when it is taller than
the view), whether Tab, a shortcut or a click brought it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

MARGIN_PX = 12  # a little of what comes before or after, so the field is not at the edge


class FocusInView(QObject):
    """Keeps the focused field of ``area``'s content wholly in view (lives as long as it)."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self._area = area
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self._area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            # after Qt's own scroll to the cursor (with its 50 px margins), which follows
            # the focus change and would otherwise move the field again
            QTimer.singleShot(0, new, lambda: self._show(new))

    def _show(self, new: QWidget) -> None:
        content = self._area.widget()
        if not new.hasFocus() or content is None or not content.isAncestorOf(new):
            return
        top = new.mapTo(content, QPoint(0, 0)).y()
        bottom = top + new.height()
        view = self._area.viewport().height()
        bar = self._area.verticalScrollBar()
        if new.height() + 2 * MARGIN_PX > view:
            bar.setValue(top - max(0, min(MARGIN_PX, view - new.height())))
        elif bottom + MARGIN_PX > bar.value() + view:
            bar.setValue(bottom + MARGIN_PX - view)
        elif top - MARGIN_PX < bar.value():
            bar.setValue(top - MARGIN_PX)
