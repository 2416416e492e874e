"""The physiotherapist's editor, item by item (issue 12 §5): problems shown once a field
was touched or on Save; a rule's fields together; step settings beside the list; the own
exercise's number fields labelled; export into the documents folder, said in view;
"Use for this patient" asks before a second routine takes the same time; the cue
preview in words a physiotherapist reads, whole.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QLabel, QWidget

from cipn_coach.storage.routines import RoutineRepository
from tests.ui.windows import open_clinician_page
from ui.clinician.page import ClinicianPage
from ui.clinician.rule_group import RuleGroup
from ui.clinician.step_editor import NumberField

NOW = datetime(2026, 12, 1, 10, 30)  # a Tuesday


def make_page(qtbot, services, width=1280, height=800) -> ClinicianPage:
    return open_clinician_page(qtbot, services, NOW, clock=lambda: 1000.0, size=(width, height))


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(widget, text)


def test_problems_show_once_a_field_was_touched_or_on_save(qtbot, services):
    page = make_page(qtbot, services)
    qtbot.keyClick(page.actions["new"], Qt.Key.Key_Space)
    editor = page.editor
    assert editor.problems  # a blank routine is not valid …
    assert editor.problem_label.isHidden()  # … but nothing was typed: no scolding yet
    qtbot.keyClicks(editor.title, "Evening")
    type_into(qtbot, editor.title, "")
    shown = editor.problem_label.text()
    assert not editor.problem_label.isHidden() and "title: must not be empty" in shown
    assert "steps" not in shown  # not touched yet
    assert not editor.save_button.isEnabled()  # the listed problem first
    qtbot.keyClicks(editor.title, "Evening balance")
    assert editor.problem_label.isHidden()
    assert editor.save_button.isEnabled()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Return)  # Save shows every problem
    assert "steps: needs at least one" in editor.problem_label.text()
    assert not editor.problem_label.isHidden()
    assert "Not saved" in editor.status.text()
    assert RoutineRepository(services.db).find("evening_balance") is None


def rule_parts_share_a_group(group: RuleGroup, fields: list[NumberField]) -> bool:
    return all(group.isAncestorOf(f) for f in [group.box, *fields])


def test_a_rules_fields_sit_together_and_read_right(qtbot, services):
    page = make_page(qtbot, services)
    page.refresh_list("balance_builder")
    page.edit_selected()
    steps = page.editor.step_editor
    for row in range(page.editor.step_list.count()):
        page.editor.step_list.setCurrentRow(row)
        if not steps.form.isRowVisible(steps.hold_group):
            continue
        steps.hold_rule.setChecked(True)
        QApplication.processEvents()
        assert rule_parts_share_a_group(
            steps.hold_group, [steps.hold_add, steps.hold_every, steps.hold_max]
        )
        top = steps.hold_rule.mapTo(steps, steps.hold_rule.rect().topLeft()).y()
        bottom = steps.hold_max.mapTo(steps, steps.hold_max.rect().bottomLeft()).y()
        assert bottom - top < 5 * 64  # the maximum is right there, not screens away
        break
    else:
        pytest.fail("no timed step in the balance builder")
    assert rule_parts_share_a_group(
        steps.level_group, [steps.up_after, steps.up_effort, steps.level_min, steps.level_max]
    )
    texts = [b.accessibleName() for b in steps.findChildren(QCheckBox)]
    assert not any("one a week" in t for t in texts), texts


def test_step_settings_sit_beside_the_list_or_right_below_it(qtbot, services):
    page = make_page(qtbot, services, 1280, 800)
    page.refresh_list("balance_builder")
    page.edit_selected()
    editor = page.editor
    QApplication.processEvents()

    def box(widget: QWidget) -> QRect:
        return QRect(widget.mapTo(editor, widget.rect().topLeft()), widget.size())

    steps, settings = box(editor.step_list), box(editor.step_editor)
    assert settings.left() > steps.right() and abs(settings.top() - steps.top()) < 120
    page.resize(760, 800)  # narrow: right below the list, before the exercise search
    QApplication.processEvents()
    steps, settings = box(editor.step_list), box(editor.step_editor)
    assert settings.top() > steps.bottom() and settings.top() - steps.bottom() < 200
    assert box(editor.picker).top() > settings.bottom()


def test_own_exercise_number_fields_have_visible_labels(qtbot, services):
    page = make_page(qtbot, services)
    page.show_section(4)
    own = page.own
    fields = [w for w in own.findChildren(NumberField) if own.form.indexOf(w) >= 0]
    assert len(fields) >= 4
    for field in fields:
        label = own.form.labelForField(field)
        assert isinstance(label, QLabel) and label.text().strip(), field.edit.accessibleName()
        assert field.edit.accessibleName() and field.accessibleName()


def test_cue_preview_in_words_and_whole(qtbot, services):
    page = make_page(qtbot, services, 1366, 700)
    page.refresh_list("balance_builder")
    page.edit_selected()
    page.show_section(2)
    QApplication.processEvents()
    page.resize(900, 700)  # a narrower window after the script was filled: rows follow
    qtbot.wait(50)
    script = page.preview.script
    kinds = {script.item(r, 1).text() for r in range(script.rowCount())}
    assert "Time left" in kinds
    assert not [k for k in kinds if "_" in k or k != k.capitalize()], kinds
    assert script.wordWrap()
    width = script.columnWidth(2)
    metrics = script.fontMetrics()
    for row in range(script.rowCount()):
        text = script.item(row, 2).text()
        needed = metrics.boundingRect(
            QRect(0, 0, width - 12, 10_000), int(Qt.TextFlag.TextWordWrap), text
        ).height()
        assert script.rowHeight(row) >= needed, (text, script.rowHeight(row), needed)
    assert script.horizontalScrollBar().maximum() == 0


def test_export_opens_in_the_documents_folder_and_says_where(
    qtbot, services, monkeypatch, tmp_path
):
    page = make_page(qtbot, services)
    page.refresh_list("morning")
    asked = {}
    target = tmp_path / "out" / "morning.cipnroutine"
    target.parent.mkdir()

    def fake_save(parent, caption, folder, filters):
        asked["folder"] = folder
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    page._export_clicked()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    suggested = Path(asked["folder"])
    assert suggested.is_absolute() and suggested.parent == expected
    assert suggested.name == "morning.cipnroutine"
    assert target.exists()
    message = page.file_message
    assert message.isVisible() and str(target.parent) in message.text()
    viewport = page.file_message.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()

    def in_view() -> bool:
        top = message.mapTo(viewport, message.rect().topLeft()).y()
        return 0 <= top and top + message.height() <= viewport.height()

    qtbot.waitUntil(in_view)


def test_use_for_this_patient_asks_before_two_sessions_share_a_time(qtbot, services):
    page = make_page(qtbot, services)
    page.refresh_list("balance_builder")
    qtbot.keyClick(page.actions["duplicate"], Qt.Key.Key_Space)
    assert page.selected_id() == "balance_builder_copy"
    before = services.settings.get("plan.routines", ["morning", "evening", "balance_builder"])
    qtbot.keyClick(page.actions["assign"], Qt.Key.Key_Space)
    assert page.assign_panel.isVisible()
    assert "Balance builder" in page.assign_message.text() and "15:00" in page.assign_message.text()
    assert services.settings.get("plan.routines", before) == before  # nothing yet
    qtbot.keyClick(page.assign_replace, Qt.Key.Key_Space)
    ids = services.settings.get("plan.routines")
    assert "balance_builder_copy" in ids and "balance_builder" not in ids
    times = [(s.time, r.id) for r in services.plan.routines() for s in r.schedule.slots]
    assert [t for t, _ in times].count("15:00") == 1
    said = page.status.text()
    assert "Today" in said and "15:00" in said and "Copy of Balance builder" in said
    assert not page.assign_panel.isVisible()


def test_own_exercise_problems_show_once_touched_or_on_save(qtbot, services):
    page = make_page(qtbot, services)
    page.show_section(4)
    own = page.own
    assert own.problems and own.problem_label.isHidden()  # blank, but nothing typed yet
    qtbot.keyClicks(own.title, "Towel")
    type_into(qtbot, own.title, "")
    assert (
        not own.problem_label.isHidden() and "Title: must not be empty" in own.problem_label.text()
    )
    assert "Stop rules" not in own.problem_label.text()
    assert not own.save_button.isEnabled()
    qtbot.keyClicks(own.title, "Towel slide")
    assert own.problem_label.isHidden() and own.save_button.isEnabled()
    qtbot.keyClick(own.save_button, Qt.Key.Key_Return)  # Save lists every problem
    assert "Stop rules: needs at least one" in own.problem_label.text()
    assert "Not saved" in own.status.text()
    assert RoutineRepository(services.db).list_exercises() == []
    viewport = own.save_button.window()
    corner = own.save_button.mapTo(viewport, own.save_button.rect().bottomRight())
    assert corner.y() <= viewport.height()  # Save stays in view, under the form


def test_import_and_picture_dialogs_open_in_the_documents_folder(qtbot, services, monkeypatch):
    page = make_page(qtbot, services)
    asked = []

    def fake_open(parent, caption, folder, filters):
        asked.append(folder)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    page._import_clicked()
    page.own.choose_picture()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    assert [Path(f) for f in asked] == [expected, expected]
