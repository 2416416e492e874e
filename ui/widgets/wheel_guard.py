"""The mouse wheel scrolls the page; it never changes a value it happens to pass over.

Qt's combo boxes, spin boxes and sliders take wheel events whenever the pointer is over
them, focused or not: scrolling Settings once turned "No reminder" into "At 15:30" and
saved it. One filter on the whole application sends such a wheel to the scroll area
around the control instead, unless the control has the keyboard focus (then the wheel is
the user's deliberate choice).

A real wheel turn (not one a test sends) first gives the focus to a control whose focus
policy includes the wheel (Qt's combo boxes and spin boxes), before any filter sees it:
the first notch focused the Voice drop-down and the next ones changed the voice. So the
filter also takes the wheel out of each such control's focus policy when Qt polishes it:
a click or Tab still focuses it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)
WHEEL_ONLY = Qt.FocusPolicy.WheelFocus.value & ~Qt.FocusPolicy.StrongFocus.value


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Polish and isinstance(watched, GUARDED):
            policy = watched.focusPolicy().value & ~WHEEL_ONLY
            watched.setFocusPolicy(Qt.FocusPolicy(policy))
            return False
        if (
            event.type() != QEvent.Type.Wheel
            or not isinstance(watched, GUARDED)
            or isinstance(watched, QScrollBar)
            or watched.hasFocus()
        ):
            return False
        area = _scroll_area_around(watched)
        if area is not None:
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True  # the control itself never sees it


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def install_wheel_guard(app: QApplication) -> None:
    """Once per application, however many windows ask."""
    if app.property("wheel_guard_installed"):
        return
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.setProperty("wheel_guard_installed", True)
