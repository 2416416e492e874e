"""The mouse wheel over Settings scrolls the page; it never changes a setting in passing.

Seen on the real app (1024×600): rolling the wheel to read further down Settings, with
the pointer resting on the Voice drop-down, changed the voice three times (Default →
Received Pronunciation → West Midlands) and the page did not move. The same wheel over
Text size changes the size of every text, over Speed or Volume the voice.

The app-wide wheel guard (``ui.widgets.wheel_guard``, in ``ui.widgets.app_filter``) lets a focused control keep the
wheel, and its tests passed: they send the wheel event by hand, and Qt gives the focus
from the wheel only for a real one, to a control whose focus policy includes the wheel
(Qt's combo boxes and spin boxes do), before any filter sees the event. So the first
notch focused the drop-down and every later one changed it. ``roll_down`` does what Qt
does for a real wheel.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from cipn_coach.cli.demo import fill_demo
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 10, 0)


def roll_down(widget: QWidget, notches: int = 3) -> None:
    """The wheel turned towards the user over the middle of ``widget``, as Qt delivers a
    real one: a widget whose focus policy includes the wheel takes the focus first."""
    wheel_focus = Qt.FocusPolicy.WheelFocus
    centre = QPointF(widget.rect().center())
    for _ in range(notches):
        event = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        if widget.focusPolicy() & wheel_focus == wheel_focus:
            widget.setFocus(Qt.FocusReason.MouseFocusReason)
        QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_drop_down_or_slider_scrolls_the_page_instead(qtbot, services):
    fill_demo(services, 20, NOW)
    window = open_main_window(qtbot, services, NOW, size=(1024, 600))
    window.show_settings()
    page = window.settings_page
    page.name.setFocus()  # what a click in the name field leaves: focus elsewhere
    area = page.findChild(QScrollArea)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0  # the page is taller than the window
    for control, value in (
        (page.language, page.language.currentIndex),
        (page.voice, page.voice.currentIndex),
        (page.rate, page.rate.value),
        (page.volume, page.volume.value),
        (page.reminder, page.reminder.currentIndex),
        (page.text_size, page.text_size.currentIndex),
    ):
        bar.setValue(0)
        before = value()
        roll_down(control)
        assert value() == before, control.accessibleName()
        assert bar.value() > 0, control.accessibleName()  # the page scrolled
    # once chosen, the wheel is the control's own again
    page.reminder.setFocus()
    before = page.reminder.currentIndex()
    roll_down(page.reminder, notches=1)
    assert page.reminder.currentIndex() == before + 1
