"""Input that cannot go wrong (issue 11, §3): what a tired patient types or scrolls is
what gets recorded."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt

from cipn_coach.engine.clock import FakeClock
from ui.widgets.scale import ZeroToTen


def scale(qtbot, clock):
    widget = ZeroToTen("Pain", "none", "unbearable")
    widget.clock = clock
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_typing_1_then_0_picks_10_not_0(qtbot):
    clock = FakeClock()
    widget = scale(qtbot, clock)
    qtbot.keyClick(widget, "1")
    assert widget.value() == 1  # picked at once: "1" alone is a fine answer
    clock.advance(0.5)
    qtbot.keyClick(widget.focusWidget() or widget, "0")
    assert widget.value() == 10


def test_a_0_typed_long_after_the_1_is_0(qtbot):
    clock = FakeClock()
    widget = scale(qtbot, clock)
    qtbot.keyClick(widget, "1")
    clock.advance(5)
    qtbot.keyClick(widget.focusWidget() or widget, "0")
    assert widget.value() == 0
    qtbot.keyClick(widget.focusWidget() or widget, "0")  # 0 then 0 stays 0
    assert widget.value() == 0


def test_the_keys_are_said_on_screen(qtbot):
    widget = scale(qtbot, FakeClock())
    hint = widget.keys_hint
    assert hint.isVisible() and "1 then 0" in hint.text() and "10" in hint.text()


def test_after_start_up_focus_is_on_the_big_start_button(qtbot, tmp_path):
    """Ctrl+1…5 and Space must work at once, without a Tab first."""
    from datetime import datetime

    from cipn_coach.services import open_services
    from cipn_coach.speech.speaker import FakeSpeaker
    from ui.main_window import MainWindow
    from ui.shell import AppWindow

    services = open_services(tmp_path / "data", recover=True)
    try:
        shell = AppWindow()
        qtbot.addWidget(shell)
        shell.show()
        qtbot.waitExposed(shell)
        shell.activateWindow()
        content = MainWindow(
            services, FakeSpeaker(), chime=lambda: None, now=lambda: datetime(2026, 11, 20, 7, 0)
        )
        shell.set_content(content)
        qtbot.waitUntil(lambda: shell.focusWidget() is not None)
        assert shell.focusWidget() is content.today.start_button
    finally:
        services.close()


def wheel(widget, notches=-1):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_mouse_wheel_never_changes_a_setting_it_passes_over(qtbot, tmp_path):
    """Scrolling Settings once changed "No reminder" to "At 15:30" and saved it."""
    from datetime import datetime

    from cipn_coach.services import open_services
    from tests.ui.windows import open_main_window

    services = open_services(tmp_path / "data", recover=True)
    try:
        window = open_main_window(
            qtbot, services, datetime(2026, 11, 20, 7, 0), size=(1024, 560), activate=False
        )
        window.show_settings()
        page = window.settings_page
        window.settings_nav.setFocus()
        before = (
            page.reminder.currentIndex(),
            page.text_size.currentIndex(),
            page.rate.value(),
            page.volume.value(),
        )
        for widget in (page.reminder, page.text_size, page.rate, page.volume):
            wheel(widget, -2)
        after = (
            page.reminder.currentIndex(),
            page.text_size.currentIndex(),
            page.rate.value(),
            page.volume.value(),
        )
        assert after == before
        assert services.settings.get("reminder.time") is None
        window.activateWindow()
        page.rate.setFocus()  # with focus, the wheel is the user's choice
        qtbot.waitUntil(page.rate.hasFocus)
        wheel(page.rate, 1)
        assert page.rate.value() != before[2]
        window.show_welcome()  # its session times too: the same one guard, no rule of their own
        welcome = window.welcome
        window.welcome.name.setFocus()
        times = (welcome.morning.value(), welcome.evening.value())
        for box in (welcome.morning, welcome.evening):
            wheel(box, -2)
        assert (welcome.morning.value(), welcome.evening.value()) == times
    finally:
        services.close()


def test_the_side_navigation_shows_which_page_is_current(qtbot, tmp_path):
    from datetime import datetime

    from cipn_coach.contrast import contrast_ratio
    from cipn_coach.services import open_services
    from tests.ui.windows import open_main_window

    services = open_services(tmp_path / "data", recover=True)
    try:
        window = open_main_window(
            qtbot, services, datetime(2026, 11, 20, 7, 0), size=None, activate=False
        )
        # from the start, before any page change
        assert [b for b in window.nav.buttons() if b.property("current")] == [window.nav.today]
        for show, current in (
            (window.show_checkin, window.nav.checkin),
            (window.show_settings, window.nav.settings),
            (window.show_today, window.nav.today),
        ):
            show()
            marked = [b for b in window.nav.buttons() if b.property("current")]
            assert marked == [current]
            assert "current page" in current.accessibleDescription()
            other = next(b for b in window.nav.buttons() if b is not current)
            here = current.grab().toImage().pixelColor(12, current.height() // 2).name()
            there = other.grab().toImage().pixelColor(12, other.height() // 2).name()
            assert contrast_ratio(here, there) >= 3  # seen at a glance, not a hint
    finally:
        services.close()


def tab_walk(qtbot, window, start, stops=60):
    """The widgets Tab visits from ``start``, once round."""
    from PySide6.QtWidgets import QApplication

    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    seen = [start]
    for _ in range(stops):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start or widget in seen:
            break
        seen.append(widget)
    return seen


@pytest.mark.parametrize("page", ["today", "checkin", "settings"])
def test_tab_follows_the_screen_with_no_invisible_stops(qtbot, tmp_path, page):
    from datetime import datetime

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea

    from cipn_coach.services import open_services
    from tests.ui.windows import open_main_window

    services = open_services(tmp_path / "data", recover=True)
    try:
        window = open_main_window(qtbot, services, datetime(2026, 11, 20, 7, 0), size=(1366, 728))
        {
            "today": window.show_today,
            "checkin": window.show_checkin,
            "settings": window.show_settings,
        }[page]()
        for _ in range(3):  # rows rebuilt by the call are laid out
            QApplication.processEvents()
        content = window.pages.currentWidget()
        stops = tab_walk(qtbot, window, window.nav.today)
        # a stop that shows nothing: hidden, empty, or a scroll area's frame
        invisible = [
            f"{type(w).__name__} '{w.accessibleName()}'"
            for w in stops
            if not w.isVisible()
            or w.width() <= 1
            or w.height() <= 1
            or isinstance(w, QAbstractScrollArea)
            and not w.accessibleName()
        ]
        assert invisible == []
        # within the page, each stop is below the last one or beside it on the same row
        on_page = [w for w in stops if content.isAncestorOf(w)]
        assert len(on_page) >= 3
        backwards = []

        def scroller(widget):
            area = widget.parentWidget()
            while area is not None and not isinstance(area, QScrollArea):
                area = area.parentWidget()
            return area

        def place(widget):  # where it is on the page, however far the page is scrolled
            area = scroller(widget)
            return widget.mapTo(area.widget() if area is not None else content, QPoint(0, 0))

        for before, after in itertools.pairwise(on_page):
            if scroller(before) is not scroller(after):
                continue  # e.g. from the scrolled form to the Save bar below it
            a, b = place(before), place(after)
            same_row = abs(a.y() - b.y()) < before.height() // 2
            if b.y() < a.y() - 2 and not same_row or same_row and b.x() < a.x():
                backwards.append(f"'{before.accessibleName()}' -> '{after.accessibleName()}'")
        assert backwards == []
    finally:
        services.close()
