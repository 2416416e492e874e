"""The physiotherapist chooses the self-tests and when they are due (issue 15 §2): the
routine editor's "Self-tests" section, set with the keyboard, saved in the routine, read
back from the database, and followed by the schedule Today and Progress use.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from cipn_coach.settings import preferences as prefs
from cipn_coach.storage.routines import RoutineRepository
from tests.ui.windows import open_clinician_page
from ui.clinician.page import ClinicianPage

NOW = datetime(2026, 12, 1, 10, 30)
ROUTINE = "balance_builder"


def open_editor(qtbot, services) -> ClinicianPage:
    page = open_clinician_page(qtbot, services, NOW, clock=lambda: 1000.0)
    page.refresh_list(ROUTINE)
    page.edit_selected()
    return page


def press(qtbot, box) -> None:
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def test_the_defaults_are_shown_and_an_untouched_routine_saves_no_choice(qtbot, services):
    page = open_editor(qtbot, services)
    choice = page.editor.self_tests
    assert not choice.test_boxes["timed_up_and_go"].isChecked()  # optional: off
    assert choice.test_boxes["chair_stand_30s"].isChecked()
    assert all(box.isChecked() for box in choice.when_boxes.values())
    assert all(box.height() >= 48 for box in choice.test_boxes.values())
    assert choice.value() is None


def test_tests_and_days_are_chosen_by_keyboard_saved_and_followed(qtbot, services):
    page = open_editor(qtbot, services)
    editor, choice = page.editor, page.editor.self_tests
    press(qtbot, choice.test_boxes["timed_up_and_go"])
    for test_id in ("finger_tapping", "five_buttons"):
        press(qtbot, choice.test_boxes[test_id])
    press(qtbot, choice.when_boxes["weekly"])
    assert editor.save_button.isEnabled(), editor.problems
    editor.save_button.setFocus()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Return)
    assert "Saved as version" in editor.status.text()

    saved = RoutineRepository(services.db).get(ROUTINE).routine.self_tests
    assert saved is not None
    assert sorted(saved.tests) == [
        "chair_stand_30s",
        "five_times_sit_to_stand",
        "four_stage_balance",
        "single_leg_stance",
        "timed_up_and_go",
    ]
    assert [str(w) for w in saved.when] == ["baseline", "final"]
    page.edit_selected()  # the form shows the saved choice again
    assert page.editor.self_tests.test_boxes["timed_up_and_go"].isChecked()
    assert not page.editor.self_tests.when_boxes["weekly"].isChecked()

    # the schedule follows it: this routine alone, its programme from 1 December (28 days)
    settings = prefs.Preferences(services.settings)
    settings.set(prefs.PLAN_ROUTINES, [ROUTINE])
    settings.set(prefs.PLAN_START, date(2026, 12, 1))
    baseline = services.self_tests.due_today(date(2026, 12, 1))
    assert sorted(d.test_id for d in baseline) == sorted(saved.tests)
    assert {d.kind for d in baseline} == {"baseline"}
    # no weekly test: in week two the baseline not yet done is still what is asked
    assert {(d.scheduled, d.kind) for d in services.self_tests.due_today(date(2026, 12, 8))} == {
        (date(2026, 12, 1), "baseline")
    }
    services.self_tests.add(
        "chair_stand_30s", date(2026, 12, 8), 11, datetime(2026, 12, 8, 10, 0).astimezone()
    )
    assert "chair_stand_30s" not in {
        d.test_id for d in services.self_tests.due_today(date(2026, 12, 9))
    }
    final = services.self_tests.due_today(date(2026, 12, 28))
    assert sorted(d.test_id for d in final) == sorted(saved.tests)
    assert {d.kind for d in final} == {"final"}
