"""Tab reaches every one of the Clinician page's choice buttons: its sections, the
week-by-week preview's weeks and the exercise search's body areas.

Seen by keyboard in the real app: from "Routines", Tab went straight to "Clinic: many
patients"; "Edit routine", "Week by week", "PIN" and "Own exercises" were never a Tab
stop. In an exclusive button group Qt stops only at the checked button and moves among
the others with the arrow keys, which nobody guesses (and which follow the wrapped rows'
geometry: Right from "Routines" skipped "Edit routine" at 200 %).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.windows import open_clinician_page

NOW = datetime(2026, 12, 1, 10, 30)


def tab_chain(qtbot, start: QWidget, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (or ``limit`` presses)."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    chain = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is start:
            break
        chain.append(focused)
    return chain


def test_tab_stops_at_every_section_button_and_space_opens_it(qtbot, services):
    page = open_clinician_page(qtbot, services, NOW)
    buttons = page.section_group.buttons()
    chain = tab_chain(qtbot, buttons[0])
    assert [b.text() for b in buttons if b not in chain] == []
    for index, button in enumerate(buttons):
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        assert page.sections.currentIndex() == index
        assert [b.isChecked() for b in buttons] == [b is button for b in buttons]
    buttons[-1].setFocus()
    qtbot.keyClick(buttons[-1], Qt.Key.Key_Space)  # pressed again: still the one shown
    assert buttons[-1].isChecked() and page.sections.currentIndex() == len(buttons) - 1


def test_tab_stops_at_every_week_and_every_body_area(qtbot, services):
    page = open_clinician_page(qtbot, services, NOW)
    page.show_section(2)
    weeks = page.preview.week_group.buttons()
    chain = tab_chain(qtbot, weeks[0])
    assert [b.text() for b in weeks if b not in chain] == []
    weeks[2].setFocus()
    qtbot.keyClick(weeks[2], Qt.Key.Key_Space)
    assert page.preview.week == 3
    assert [b.isChecked() for b in weeks] == [False, False, True, False]

    page.show_section(1)
    picker = page.editor.picker
    areas = picker.area_buttons
    chain = tab_chain(qtbot, areas[0])
    assert [b.text() for b in areas if b not in chain] == []
    everything = picker.results.count()
    areas[1].setFocus()
    qtbot.keyClick(areas[1], Qt.Key.Key_Space)
    assert [b.isChecked() for b in areas] == [b is areas[1] for b in areas]
    assert 0 < picker.results.count() < everything  # only that body area's exercises
    qtbot.keyClick(areas[1], Qt.Key.Key_Space)  # pressed again: still chosen
    assert areas[1].isChecked() and picker.results.count() < everything
