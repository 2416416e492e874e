"""The application's one event filter: every event of the app passes through it.

Two rules need to see widgets the app did not make (those of Qt's own dialogs), so they
watch the whole application: a wheel over a value control scrolls the page
(``wheel_guard``), and every combo box's rows are 48 px targets (``combo_rows``). They
were two filters, and each event (1,150 from the start to Today alone, then every paint
and timer of a session) crossed into Python twice; one filter asks the event's type once
and returns at once for everything but a polish or a wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from ui.widgets.combo_rows import give_styled_rows
from ui.widgets.wheel_guard import keep_wheel_out_of_focus, wheel_to_the_page

POLISH = QEvent.Type.Polish
WHEEL = QEvent.Type.Wheel


class AppFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == POLISH:
            if isinstance(watched, QWidget):
                keep_wheel_out_of_focus(watched)
            if isinstance(watched, QComboBox):
                give_styled_rows(watched)
            return False
        if kind == WHEEL:
            return wheel_to_the_page(watched, event)
        return False


def install_app_filter(app: QApplication) -> None:
    """Once per application, however many windows ask, before any of Qt's own dialogs
    opens."""
    if app.property("app_filter_installed"):
        return
    app.installEventFilter(AppFilter(app))
    app.setProperty("app_filter_installed", True)
