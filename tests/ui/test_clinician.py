"""The Clinician page on a real temp database: a routine built with the keyboard only,
its schedule and progression, the week-3 preview, Save only when valid, a routine file
exported and imported into a fresh data folder, the PIN gate, and the patient's plan.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from cipn_coach.changes import Changes
from cipn_coach.routines.routine_format import Weekday
from cipn_coach.services import open_services
from cipn_coach.settings.pin import hash_pin
from cipn_coach.storage.routines import RoutineRepository
from tests.ui.windows import open_clinician_page
from ui.clinician.page import ClinicianPage
from ui.clinician.pin_panels import PIN_KEY
from ui.theme import MIN_TARGET_PX

NOW = datetime(2026, 12, 1, 10, 30)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_page(qtbot, services, clock=None) -> ClinicianPage:
    return open_clinician_page(qtbot, services, NOW, clock=clock or FakeClock())


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Focus with the keyboard's target and replace the text by typing it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(widget, text)


def build_with_keyboard(qtbot, page: ClinicianPage) -> None:
    """Title, Tab, description, two exercises by search + Enter, amounts by typing,
    reorder with Alt+Up, schedule days and times, a hold progression."""
    editor = page.editor
    qtbot.keyClick(page.actions["new"], Qt.Key.Key_Space)
    assert editor.title.hasFocus()
    qtbot.keyClicks(editor.title, "Evening balance")
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    assert editor.description.hasFocus()
    qtbot.keyClicks(editor.description, "Sit, then stand at the counter.")
    search = editor.picker.search
    type_into(qtbot, search, "finger open")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    type_into(qtbot, search, "balance stance")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert [s["exercise"] for s in editor._steps] == ["finger_open_close", "balance_stance"]
    # the balance stance (just added, current) moves up with Alt+Up
    editor.step_list.setFocus()
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [s["exercise"] for s in editor._steps] == ["balance_stance", "finger_open_close"]
    assert editor.step_list.currentRow() == 0
    steps = editor.step_editor
    type_into(qtbot, steps.hold.edit, "20")
    steps.hold_rule.setFocus()
    qtbot.keyClick(steps.hold_rule, Qt.Key.Key_Space)
    assert steps.hold_rule.isChecked()
    type_into(qtbot, steps.hold_add.edit, "5")
    type_into(qtbot, steps.hold_max.edit, "45")
    # second step: reps by typing
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Down)
    assert editor.step_list.currentRow() == 1
    type_into(qtbot, steps.reps.edit, "8")
    # schedule: weekdays only, evening at 19:00 instead of the morning preset
    for button in editor.day_buttons[5:]:
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    editor.slot_list.setFocus()
    qtbot.keyClick(editor.slot_list, Qt.Key.Key_Home)
    editor.slot_list.setCurrentRow(0)
    editor.remove_slot()
    type_into(qtbot, editor.slot_name, "evening")
    editor.slot_time.setFocus()
    qtbot.keyClicks(editor.slot_time, "1900")
    qtbot.keyClick(editor.slot_time, Qt.Key.Key_Return)


def test_build_preview_save_export_and_import_elsewhere(qtbot, services, tmp_path):
    page = make_page(qtbot, services)
    assert not page.is_locked()
    build_with_keyboard(qtbot, page)
    editor = page.editor
    assert editor.problems == [], editor.problems
    routine = editor.routine
    assert routine is not None and routine.id == "evening_balance"
    assert routine.schedule.days == [
        Weekday.MON,
        Weekday.TUE,
        Weekday.WED,
        Weekday.THU,
        Weekday.FRI,
    ]
    assert [(s.name, s.time) for s in routine.schedule.slots] == [("evening", "19:00")]
    stance, fingers = routine.steps
    assert stance.hold_seconds == 20 and fingers.reps == 8
    assert stance.progression[0].model_dump() == {
        "kind": "hold",
        "add_seconds": 5,
        "every_weeks": 1,
        "max": 45,
    }

    # week 3 preview: the hold has grown by 2 × 5 s and the session is longer
    page.show_section(2)
    preview = page.preview
    week1_total = preview.total.text()
    assert preview.plan_table.item(0, 1).text() == "2 × 20 s hold"
    assert preview.plan_table.item(0, 3).text() == "2 × 30 s hold"
    qtbot.keyClick(preview.week_group.button(3), Qt.Key.Key_Space)
    assert preview.week == 3 and preview.total.text().startswith("Week 3")
    assert preview.total.text().split(":", 1)[1] != week1_total.split(":", 1)[1]
    assert any(
        row_text == "Begin."
        for row_text in (preview.script.item(r, 2).text() for r in range(preview.script.rowCount()))
    )

    # an invalid value disables Save and says why in plain words
    page.show_section(1)
    editor.step_list.setCurrentRow(0)
    type_into(qtbot, editor.step_editor.hold_max.edit, "200")
    assert editor.routine is None and not editor.save_button.isEnabled()
    assert any("hold must be 5–120 s" in p for p in editor.problems)
    assert "hold must be 5–120 s" in editor.problem_label.text()
    assert "Fix the problems" in preview.total.text()
    repo = RoutineRepository(services.db)
    assert repo.find("evening_balance") is None
    type_into(qtbot, editor.step_editor.hold_max.edit, "45")
    assert editor.save_button.isEnabled()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Return)
    saved = repo.get("evening_balance")
    assert saved.routine == routine.model_copy(update={"version": saved.version})
    assert "Saved as version 1" in editor.status.text()
    assert not editor.save_button.isEnabled()  # nothing changed since
    assert "evening_balance" in services.library.routines

    page.show_section(0)
    assert page.selected_id() == "evening_balance"
    target = tmp_path / "evening.cipnroutine"
    assert page.export_to(target) and target.exists()

    other = open_services(tmp_path / "fresh")
    try:
        fresh = make_page(qtbot, other)
        assert "evening_balance" not in other.library.routines
        result = fresh.import_from(target)
        assert result.status == "imported", result.problems
        imported = RoutineRepository(other.db).get("evening_balance").routine
        assert imported == saved.routine
        assert fresh.selected_id() == "evening_balance"
        assert "Imported" in fresh.file_message.text()
        # the same file again: nothing to do; a newer one asks first, in the page
        assert fresh.import_from(target).status == "unchanged"
    finally:
        other.close()


def test_newer_file_asks_before_replacing_and_bad_file_lists_problems(qtbot, services, tmp_path):
    page = make_page(qtbot, services)
    repo = RoutineRepository(services.db)
    page.refresh_list("morning")
    target = tmp_path / "morning.cipnroutine"
    morning = services.library.routines["morning"]
    repo.save(morning.retitled("Morning v2"), NOW.astimezone(UTC))
    page.refresh_list("morning")
    assert page.export_to(target)
    repo.save(
        morning, NOW.astimezone(UTC)
    )  # version 2 is stored, the file holds version 1 → refused
    bad = page.import_from(target)
    assert bad.status == "rejected" and "routine.version" in page.file_message.text()
    text = target.read_text().replace('"version": 1', '"version": 9', 1)
    target.write_text(text.replace('"sets": 1', '"sets": 99'))
    result = page.import_from(target)
    assert result.status in ("rejected", "needs_confirmation")
    newer = tmp_path / "newer.cipnroutine"
    newer.write_text(text)
    result = page.import_from(newer)
    assert result.status == "needs_confirmation" and page.confirm_panel.isVisible()
    assert repo.get("morning").version == 2
    qtbot.keyClick(page.confirm_replace, Qt.Key.Key_Return)
    assert repo.get("morning").version == 9
    assert [r.archived for r in repo.versions("morning")] == [True, True, False]
    garbage = tmp_path / "garbage.cipnroutine"
    garbage.write_text('{"format": "cipn-coach-routine", "format_version": 7}')
    assert page.import_from(garbage).status == "rejected"
    assert "format_version" in page.file_message.text()


def test_pin_gate_backs_off_then_unlocks(qtbot, services):
    services.settings.set(PIN_KEY, hash_pin("2468"))
    clock = FakeClock()
    page = make_page(qtbot, services, clock)
    assert page.is_locked()
    gate = page.gate
    assert "does not protect your data" in " ".join(
        w.text() for w in gate.findChildren(type(gate.message))
    )
    unlocked = []
    page.unlocked.connect(lambda: unlocked.append(True))
    qtbot.keyClicks(gate.edit, "1111")
    qtbot.keyClick(gate.edit, Qt.Key.Key_Return)
    assert "Try again in 1 s" in gate.message.text() and page.is_locked()
    clock.now += 1.0
    gate._tick()
    for digit in "2222":  # the keypad works too
        next(b for b in gate.keys if b.text() == digit).click()
    qtbot.keyClick(gate.edit, Qt.Key.Key_Return)
    assert "Try again in 2 s" in gate.message.text()
    clock.now += 1.0
    qtbot.keyClicks(gate.edit, "2468")
    qtbot.keyClick(gate.edit, Qt.Key.Key_Return)  # still waiting: not even checked
    assert page.is_locked() and "Try again in 1 s" in gate.message.text()
    clock.now += 1.0
    gate._tick()
    gate.edit.setFocus()
    qtbot.keyClick(gate.edit, Qt.Key.Key_Return)
    assert not page.is_locked() and unlocked == [True]
    # change it, then remove it: the page no longer locks
    setter = page.pin_setter
    setter.first.setText("1357")
    setter.second.setText("1357")
    qtbot.keyClick(setter.save_button, Qt.Key.Key_Space)
    assert services.settings.get(PIN_KEY) != "" and "PIN saved" in setter.status.text()
    page.lock()
    assert page.is_locked()
    qtbot.keyClicks(gate.edit, "1357")
    qtbot.keyClick(gate.edit, Qt.Key.Key_Return)
    assert not page.is_locked()
    qtbot.keyClick(setter.remove_button, Qt.Key.Key_Space)
    page.lock()
    assert not page.is_locked() and not services.settings.get(PIN_KEY)


def test_assign_duplicate_rename_archive(qtbot, services):
    page = make_page(qtbot, services)
    changes = []
    page.changed.connect(changes.append)
    page.refresh_list("balance_builder")
    assert page.actions["assign"].text() == "Stop using for this patient"
    qtbot.keyClick(page.actions["assign"], Qt.Key.Key_Space)
    assert services.settings.get("plan.routines") == ["morning", "evening"]
    assert [r.id for r in services.plan.routines()] == ["morning", "evening"]
    assert "next session" in page.status.text() and changes == [Changes(plan=True)]
    qtbot.keyClick(page.actions["duplicate"], Qt.Key.Key_Space)
    assert changes[-1] == Changes(routines=True)
    assert page.selected_id() == "balance_builder_copy"
    qtbot.keyClick(page.actions["assign"], Qt.Key.Key_Space)
    assert services.settings.get("plan.routines")[-1] == "balance_builder_copy"
    assert "balance_builder_copy" in [r.id for r in services.plan.routines()]
    qtbot.keyClick(page.actions["rename"], Qt.Key.Key_Space)
    type_into(qtbot, page.rename_edit, "Balance for Mrs B")
    qtbot.keyClick(page.rename_edit, Qt.Key.Key_Return)
    repo = RoutineRepository(services.db)
    assert repo.get("balance_builder_copy").title == "Balance for Mrs B"
    qtbot.keyClick(page.actions["archive"], Qt.Key.Key_Space)
    assert repo.get("balance_builder_copy").archived
    assert "balance_builder_copy" not in services.library.routines
    page.show_archived.setChecked(True)
    assert page.selected_id() == "balance_builder_copy"
    qtbot.keyClick(page.actions["archive"], Qt.Key.Key_Space)  # "Bring back"
    assert not repo.get("balance_builder_copy").archived
    type_into(qtbot, page.start_edit, "20261207")
    qtbot.keyClick(page.start_edit, Qt.Key.Key_Return)
    assert services.settings.get("plan.start_date") == "2026-12-07"


def test_every_control_is_named_and_big_enough(qtbot, services):
    page = make_page(qtbot, services)
    page.edit_selected()
    for index in range(4):
        page.show_section(index)
        QApplication.processEvents()
        for widget in page.findChildren(QWidget):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if (
                isinstance(widget, QAbstractButton)
                or widget.inherits("QLineEdit")
                or widget.inherits("QComboBox")
                or widget.inherits("QAbstractItemView")
                or widget.inherits("QPlainTextEdit")
            ):
                assert widget.accessibleName(), widget
                assert widget.height() >= MIN_TARGET_PX - 1 or widget.inherits(
                    "QAbstractItemView"
                ), (widget, widget.accessibleName(), widget.height())


def test_a_clinician_write_reaches_the_window_as_one_changed_signal(qtbot, services):
    """Issue 13 §1: the page writes through the services and says what changed; the
    window passes it on as its one ``changed`` signal, and Today shows the new plan."""
    from cipn_coach.speech.speaker import FakeSpeaker
    from ui.main_window import MainWindow

    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, now=lambda: NOW)
    qtbot.addWidget(window)

    def shown_on_today() -> str:
        return " ".join(
            label.text() for row in window.today.rows for label in row.findChildren(QLabel)
        )

    assert "Evening" in shown_on_today()
    window.show_clinician()
    page = window.clinician
    seen: list[Changes] = []
    window.changed.connect(seen.append)
    page.refresh_list("evening")
    qtbot.keyClick(page.actions["assign"], Qt.Key.Key_Space)  # stop using it
    assert seen == [Changes(plan=True)]
    window.show_today()
    assert "Morning" in shown_on_today() and "Evening" not in shown_on_today()


def test_the_sections_are_built_when_first_opened(qtbot, services):
    """Opening Clinician shows its routine list; the routine editor, the week-by-week
    preview and the own-exercise form (~370 widgets, ~8 MiB, most visits use none of them)
    are built when their section is first opened, by its button or by choosing a routine
    to edit, and then behave as if they had always been there."""
    page = make_page(qtbot, services)
    assert (page._editor, page._preview, page._own) == (None, None, None)

    qtbot.keyClick(page.section_group.button(2), Qt.Key.Key_Space)  # Week by week
    assert page._preview is not None and page._editor is None
    assert page.sections.currentWidget().isAncestorOf(page.preview)
    assert page.preview.total.text() == "Fix the problems in the form to see the preview."

    page.routine_list.setFocus()
    page.routine_list.setCurrentRow(0)
    qtbot.keyClick(page.actions["edit"], Qt.Key.Key_Space)
    assert page._editor is not None and page.sections.currentIndex() == 1
    assert page.sections.currentWidget().isAncestorOf(page.editor)
    assert page.editor.routine is not None
    assert page.preview.total.text().startswith("Week 1")  # the preview follows the editor

    assert page._own is None
    qtbot.keyClick(page.section_group.button(4), Qt.Key.Key_Space)  # Own exercises
    assert page._own is not None
    assert page.sections.currentWidget().isAncestorOf(page.own)
