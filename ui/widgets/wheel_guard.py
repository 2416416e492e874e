"""The mouse wheel scrolls the page; it never changes a value it happens to pass over.

Qt's combo boxes, spin boxes and sliders take wheel events whenever the pointer is over
them, focused or not: scrolling Settings once turned "No reminder" into "At 15:30" and
saved it. The application's one event filter (``ui.widgets.app_filter``) sends such a
wheel to the scroll area around the control instead (``wheel_to_the_page``), unless the
control has the keyboard focus (then the wheel is the user's deliberate choice).

A real wheel turn (not one a test sends) first gives the focus to a control whose focus
policy includes the wheel (Qt's combo boxes and spin boxes), before any filter sees it:
the first notch focused the Voice drop-down and the next ones changed the voice. So the
filter also takes the wheel out of each such control's focus policy when Qt polishes it
(``keep_wheel_out_of_focus``): a click or Tab still focuses it.
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


def keep_wheel_out_of_focus(widget: QWidget) -> None:
    """On polish: a guarded control no longer takes the focus from a wheel turn (a click
    or Tab still focuses it)."""
    if isinstance(widget, GUARDED):
        policy = widget.focusPolicy().value & ~WHEEL_ONLY
        widget.setFocusPolicy(Qt.FocusPolicy(policy))


def wheel_to_the_page(watched: QObject, event: QEvent) -> bool:
    """A wheel event over a guarded control that has no focus goes to the scroll area
    around it; ``True`` when it was taken (the control itself never sees it)."""
    if not isinstance(watched, GUARDED) or isinstance(watched, QScrollBar) or watched.hasFocus():
        return False
    area = _scroll_area_around(watched)
    if area is not None:
        QApplication.sendEvent(area.verticalScrollBar(), event)
    return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent
