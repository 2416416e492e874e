"""The Clinician area fits small screens: at 1366×768 and 1024×600 (100 % text) and at
1366×768 with 150 % text, no section scrolls sideways, every button shows its whole
text, and every control is on screen or inside a vertical scroll area.

The window is the real one (navigation column and menu bar included), on a real temp
database, with the routine editor open on a routine whose step shows its rule fields.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QScrollArea,
    QWidget,
)

from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from ui.main_window import MainWindow
from ui.theme import CALM, style_sheet

NOW = datetime(2026, 12, 1, 10, 30)
SECTIONS = 5  # Routines, Edit routine, Week by week, PIN, Own exercises
INTERACTIVE = ("QAbstractButton", "QLineEdit", "QComboBox", "QAbstractItemView", "QPlainTextEdit")


def scroll_ancestor(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def problems_in_view(window: QWidget) -> list[str]:
    """Every way the visible part of ``window`` fails to fit, in words."""
    problems = []
    for area in window.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0:
            inside = (
                area.widget().findChildren(QWidget)[:1]
                if isinstance(area, QScrollArea)
                else area.accessibleName()
            )
            problems.append(
                f"scrolls sideways by {area.horizontalScrollBar().maximum()} px: {inside}"
            )
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not any(widget.inherits(k) for k in INTERACTIVE):
            continue
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        if isinstance(widget, QAbstractButton) and (text := widget.text().replace("&", "")):
            needed = widget.fontMetrics().horizontalAdvance(text)
            if widget.width() < widget.sizeHint().width() or widget.width() <= needed:
                problems.append(
                    f"button text cut: {text!r} is {widget.width()} px wide, "
                    f"needs {widget.sizeHint().width()}"
                )
        area = scroll_ancestor(widget)
        if area is not None:
            viewport = area.viewport()
            left = widget.mapTo(viewport, QPoint(0, 0)).x() if viewport.isAncestorOf(widget) else 0
            if left < 0 or left + widget.width() > viewport.width() + 1:
                problems.append(
                    f"outside its scroll area's width: {name} at x={left}, "
                    f"{widget.width()} px wide, view {viewport.width()} px"
                )
            continue
        corner = widget.mapTo(window, QPoint(0, 0))
        if (
            corner.x() < 0
            or corner.y() < 0
            or corner.x() + widget.width() > window.width() + 1
            or corner.y() + widget.height() > window.height() + 1
        ):
            problems.append(f"off screen, not in a scroll area: {name} at {corner.toTuple()}")
    return problems


@pytest.mark.parametrize(
    ("width", "height", "scale"), [(1366, 768, 1.0), (1024, 600, 1.0), (1366, 768, 1.5)]
)
def test_every_clinician_section_fits_the_window(qtbot, tmp_path, width, height, scale):
    services = open_services(tmp_path / "data", recover=True)
    services.settings.set("ui.text_scale", scale)  # the window applies the saved text size
    app = QApplication.instance()
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.setMinimumSize(0, 0)  # the screen's size, whatever the window would like
        # the session player's own height is another page's business: measured here is
        # what the Clinician area needs
        window.pages.removeWidget(window.player)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        window.show_clinician()
        page = window.clinician
        page.refresh_list("balance_builder")
        page.edit_selected()
        editor = page.editor
        steps = editor.step_editor
        editor.step_list.setCurrentRow(0)
        if not steps.level_rule.isChecked():
            steps.level_rule.setChecked(True)  # its fields and the level-down boxes show
        found = {}
        for index in range(SECTIONS):
            page.show_section(index)
            qtbot.wait(20)
            QApplication.processEvents()
            assert window.width() <= width and window.height() <= height, window.size()
            found[index] = problems_in_view(window)
        assert found == {i: [] for i in range(SECTIONS)}
    finally:
        app.setStyleSheet(style_sheet(CALM))
        services.close()


def test_checkboxes_in_the_editor_show_their_whole_text(qtbot, tmp_path):
    """A rule's check box is a button too: the same check applies (kept apart so a
    failure names it)."""
    services = open_services(tmp_path / "data", recover=True)
    QApplication.instance().setStyleSheet(style_sheet(CALM))
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.setMinimumSize(0, 0)
        window.resize(1024, 600)
        window.show()
        window.show_clinician()
        window.clinician.refresh_list("balance_builder")
        window.clinician.edit_selected()
        QApplication.processEvents()
        boxes = [b for b in window.clinician.editor.findChildren(QCheckBox) if b.isVisible()]
        assert boxes
        assert [b.text() for b in boxes if b.width() < b.sizeHint().width()] == []
    finally:
        services.close()


def test_the_pin_gate_fits_a_small_screen(qtbot, tmp_path):
    """The keypad is taller than 1024×600 leaves: the gate scrolls, it never pushes the
    window past the screen."""
    from cipn_coach.settings.pin import hash_pin
    from ui.clinician.pin_panels import PIN_KEY

    services = open_services(tmp_path / "data", recover=True)
    services.settings.set(PIN_KEY, hash_pin("2468"))
    QApplication.instance().setStyleSheet(style_sheet(CALM))
    try:
        window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
        qtbot.addWidget(window)
        window.setMinimumSize(0, 0)
        window.pages.removeWidget(window.player)  # as above: another page's height
        window.resize(1024, 600)
        window.show()
        qtbot.waitExposed(window)
        window.show_clinician()
        assert window.clinician.is_locked()
        qtbot.wait(20)
        assert window.height() <= 600, window.size()
        assert problems_in_view(window) == []
    finally:
        services.close()
