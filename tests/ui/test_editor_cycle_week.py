"""The physiotherapist's switch for a balance level rule (issue 16 §4): "may also go up
in the week of a chemotherapy cycle". Off unless set; set with the keyboard, it is saved
in the routine and read back from the database, and the form shows it ticked again.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from cipn_coach.storage.routines import RoutineRepository
from tests.ui.windows import open_clinician_page
from ui.clinician.page import ClinicianPage

NOW = datetime(2026, 12, 1, 10, 30)  # a Tuesday


def level_rules(services) -> list[dict]:
    routine = RoutineRepository(services.db).get("balance_builder").routine
    return [
        rule.model_dump()
        for step in routine.steps
        for rule in step.progression
        if rule.kind == "level"
    ]


def open_level_step(qtbot, services) -> tuple[ClinicianPage, int]:
    """The editor on the balance builder's first step with levels, its level rule ticked
    by the keyboard (the shipped routine sets levels week by week, with no rule)."""
    page = open_clinician_page(qtbot, services, NOW, clock=lambda: 1000.0)
    page.refresh_list("balance_builder")
    page.edit_selected()
    editor, steps = page.editor, page.editor.step_editor
    for row in range(editor.step_list.count()):
        editor.step_list.setCurrentRow(row)
        if steps.form.isRowVisible(steps.level_group):
            break
    else:
        pytest.fail("no step with levels in the balance builder")
    assert not steps.up_in_cycle.isVisibleTo(steps)  # no rule yet: no switch for it either
    steps.level_rule.setFocus()
    qtbot.keyClick(steps.level_rule, Qt.Key.Key_Space)
    assert steps.level_rule.isChecked()
    return page, row


def save(qtbot, page: ClinicianPage) -> None:
    editor = page.editor
    assert editor.save_button.isEnabled(), editor.problems
    editor.save_button.setFocus()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Return)
    assert "Saved as version" in editor.status.text()


def test_up_in_cycle_week_is_set_by_keyboard_saved_and_read_back(qtbot, services):
    page, row = open_level_step(qtbot, services)
    steps = page.editor.step_editor
    switch = steps.up_in_cycle
    assert switch.isVisible() and not switch.isChecked()  # off unless the physio sets it
    assert steps.level_group.isAncestorOf(switch)  # beside its rule, in its group
    assert switch.height() >= 48
    assert switch.accessibleName() == "May also go up in the week of a chemotherapy cycle"
    switch.setFocus()
    qtbot.keyClick(switch, Qt.Key.Key_Space)
    assert switch.isChecked()
    save(qtbot, page)
    assert [rule["up_in_cycle_week"] for rule in level_rules(services)] == [True]
    page.refresh_list("balance_builder")
    page.edit_selected()
    page.editor.step_list.setCurrentRow(row)
    assert page.editor.step_editor.up_in_cycle.isChecked()  # the form reads it back
    page.editor.step_editor.up_in_cycle.setFocus()
    qtbot.keyClick(page.editor.step_editor.up_in_cycle, Qt.Key.Key_Space)  # and off again
    save(qtbot, page)
    assert [rule["up_in_cycle_week"] for rule in level_rules(services)] == [False]


def test_a_level_rule_left_unswitched_keeps_its_file_form(qtbot, services):
    page, _row = open_level_step(qtbot, services)
    rules = page.editor.step_editor.collect()["progression"]
    assert [rule["kind"] for rule in rules] == ["level"]
    assert "up_in_cycle_week" not in rules[0]  # the file keeps its shape; the default is off
    save(qtbot, page)
    assert [rule["up_in_cycle_week"] for rule in level_rules(services)] == [False]
