"""The routine editor's exercise search fits the page at 200 % on a 1024×600 laptop, in
both languages.

Seen on a screenshot of the real app (1024×600, 200 %, Chinese, high contrast): with a
routine open in "Edit routine", the editor's fields ran past the right edge of its
scroll area (which cannot scroll sideways) and the header's third row ("自訂練習",
"上鎖") was cut in half. One cause: the exercise search's five body-area buttons sat in
one fixed row, and the equipment filter beside "Only with levels" in another, each
about 900 px wide at 200 %, wider than the page (636 px); they now wrap. And the
page's layout took the open routine's height-for-width (~1300 px) for the section area
and cut the header's last row in half to share out the shortfall; the section area
now takes the height the header leaves.

Then the step's rules: "Repetitions grow over the weeks", a check box's own text (733 px
at 200 %), ran past the editor's width, and a rule's fields in one row ("each rated at
most", the number, "out of 10 for effort": 1243 px) pushed the whole form past its edge.
Their titles now wrap beside the tick box, and each field's word and unit wrap round it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from cipn_coach import i18n
from cipn_coach.cli.demo import fill_demo
from cipn_coach.services import open_services
from cipn_coach.settings import preferences as prefs
from tests.ui.test_layout import layout_problems, settle
from tests.ui.windows import open_clinician_in_window
from ui.clinician.page import ClinicianPage
from ui.theme import MIN_TARGET_PX

NOW = datetime(2026, 11, 20, 8, 0)
EDIT_ROUTINE = 1


@pytest.fixture(params=[i18n.ENGLISH, "zh-HK"])
def open_routine(request, qtbot, tmp_path) -> Iterator[ClinicianPage]:
    """Clinician at 200 % on a 1024×600 laptop (1024×520 for the content), in each
    language, with the first routine open in "Edit routine"."""
    i18n.set_language(request.param)
    services = open_services(tmp_path / "data", language=i18n.language())
    try:
        fill_demo(services, 20, NOW)
        services.preferences.set(prefs.TEXT_SCALE, 2.0)
        page = open_clinician_in_window(qtbot, services, NOW)
        page.routine_list.setCurrentRow(0)
        page.edit_selected()
        assert page.sections.currentIndex() == EDIT_ROUTINE
        settle()
        yield page
    finally:
        services.close()


def test_the_exercise_search_fits_the_editor_at_200_percent(open_routine):
    picker = open_routine.editor.picker
    area = open_routine.editor.findChild(QScrollArea)
    assert picker.isAncestorOf(picker.area_buttons[0])
    assert picker.minimumSizeHint().width() <= area.viewport().width()
    for button in picker.area_buttons:  # each one whole, inside the page
        right = button.mapTo(area.viewport(), button.rect().topRight()).x()
        assert right <= area.viewport().width(), button.text()


def test_the_header_rows_stay_whole_over_an_open_routine(open_routine):
    header = [
        problem
        for problem in layout_problems(open_routine)
        if problem.startswith("squeezed rows") or "outside QWidget" in problem
    ]
    assert header == []


def every_rule_shown(page: ClinicianPage) -> Iterator[int]:
    """Each step of the open routine in turn, with every rule it allows switched on (so
    its fields and the level's switches show too); yields the step's row."""
    editor = page.editor
    steps = editor.step_editor
    for row in range(editor.step_list.count()):
        editor.step_list.setCurrentRow(row)
        for group in (steps.hold_group, steps.reps_group, steps.level_group):
            if steps.form.isRowVisible(group) and not group.box.isChecked():
                group.box.setChecked(True)
        settle()
        yield row


def test_every_rule_and_switch_shows_its_whole_title_at_200_percent(open_routine):
    """A check box's own text never wraps: "Repetitions grow over the weeks" was one line
    733 px wide in the editor's ~700 px, its end cut off; and a rule's fields in one row
    ("each rated at most", the number, "out of 10 for effort") pushed the whole form
    ~550 px past the editor's edge, which does not scroll sideways."""
    editor = open_routine.editor
    steps = editor.step_editor
    found = set()
    for row in every_rule_shown(open_routine):
        found.update(
            problem
            for problem in layout_problems(steps)
            if problem.startswith(("cut text", "out of reach", "narrow text"))
        )
        view = editor.scroll.viewport().width()
        if steps.minimumSizeHint().width() > view:
            found.add(f"step {row + 1} needs {steps.minimumSizeHint().width()} px of {view}")
    assert sorted(found) == [], "\n".join(sorted(found))


def test_a_rule_is_switched_by_its_title_one_tab_stop_and_space(open_routine, qtbot):
    """The words wrap beside the tick box and name it; the row is one big target."""
    steps = open_routine.editor.step_editor
    for _row in every_rule_shown(open_routine):
        if steps.form.isRowVisible(steps.reps_group):
            break
    group = steps.reps_group
    box = group.box
    title = group.title
    assert title.wordWrap()
    assert box.accessibleName() == title.text()
    assert min(box.width(), box.height()) >= MIN_TARGET_PX
    stops = []
    box.setFocus()
    for _ in range(3):  # Tab from the box leaves it; Shift+Tab comes back to it once
        stops.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert stops[0] is box and box not in stops[1:]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)  # the words switch it too
    assert box.isChecked()


def test_the_form_of_an_open_routine_has_most_of_a_short_page(open_routine):
    """With the header's three rows of section buttons whole above it and Save below,
    87 px of the page's 465 were left to read the form through (68 of 454 in Chinese);
    the header now takes one row, and the form ~260 px (222 in Chinese)."""
    editor = open_routine.editor
    assert editor.scroll.viewport().height() >= open_routine.height() * 2 // 5
    assert layout_problems(open_routine) == []


def test_tab_brings_every_field_of_the_form_into_view(open_routine, qtbot):
    """Tab alone walks the whole form, each field scrolled wholly into view as it takes
    the focus (Qt scrolls to its text cursor only: one line of the three-line
    description, or of the exercises found, was left in view)."""
    editor = open_routine.editor
    view = editor.scroll.viewport()
    editor.title.setFocus()
    qtbot.waitUntil(editor.title.hasFocus)
    unseen, visited = [], []
    for _ in range(120):
        focused = QApplication.focusWidget()
        if not editor.scroll.widget().isAncestorOf(focused):
            break  # out of the form: on to Save
        settle()
        top_left = focused.mapTo(view, focused.rect().topLeft())
        seen = view.rect().intersected(QRect(top_left, focused.size()))
        if seen.height() < min(focused.height(), view.height()) - 1:
            unseen.append(f"{focused.accessibleName()}: {seen.height()} of {focused.height()} px")
        visited.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert editor.picker.add_button in visited  # the last field was reached
    assert unseen == []


def test_the_sections_are_chosen_by_keyboard_on_a_short_page(open_routine, qtbot):
    """One row on a short page: the sections in a drop-down, which Tab reaches and the
    arrow keys change; the title and Lock stay beside it."""
    page = open_routine
    choice = page.section_choice
    assert choice.isVisible() and choice.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert not any(button.isVisible() for button in page.section_group.buttons())
    assert page.lock_button.isVisible()
    assert page.header.height() < 2 * choice.height()  # one row
    assert choice.currentIndex() == EDIT_ROUTINE
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Down)
    assert page.sections.currentIndex() == EDIT_ROUTINE + 1
    page.show_section(EDIT_ROUTINE - 1)  # chosen elsewhere (a routine's Edit): it follows
    assert choice.currentIndex() == EDIT_ROUTINE - 1


@pytest.mark.parametrize("section", range(5))
def test_every_section_fits_the_page_at_200_percent(open_routine, section):
    """Each section at 200 % on 1024×600, with a routine open: the own exercise form's
    field names ("Source (where the exercise comes from)", 810 px on one line) and its
    balance check box's text pushed it ~110 px past the page's edge, and the week by
    week preview's four week buttons, in one fixed row, were cut ("Week 1" 170 px wide,
    its text needs 192)."""
    open_routine.show_section(section)
    settle()
    problems = [
        problem
        for problem in layout_problems(open_routine)
        if problem.startswith(("cut text", "out of reach", "narrow text", "squeezed"))
    ]
    assert problems == []


def test_the_section_drop_down_shows_each_section_whole(open_routine):
    """Seen on X11 at 200 %: "Week by we…", the field exactly its text's whole-pixel
    width, while the text is laid out in fractions of a pixel."""
    choice = open_routine.section_choice
    shown = []
    for index in range(choice.count()):
        choice.setCurrentIndex(index)
        shown.append(choice.shown_text())
    assert shown == [choice.itemText(index) for index in range(choice.count())]


def test_a_problem_to_fix_leaves_the_form_room_to_fix_it(open_routine):
    """Switching on "Repetitions grow" asks for its "up to" at once. Its message beside
    the 480 px Save button wrapped one or two words a line into a column ~220 px wide,
    squeezed the form to nothing and cut Save's own text ("Save routin"). Now it has
    lines of its own above a Save in the text's size, and the form keeps ~80 px (English)
    to ~140 px (Chinese) of the editor's ~360: enough to bring the field into view."""
    editor = open_routine.editor
    steps = editor.step_editor
    for _row in every_rule_shown(open_routine):
        if editor.problems:
            break
    footer = editor.footer
    assert footer.problems.isVisible()
    assert footer.problems.width() >= footer.width() - 1  # a full line of its own
    assert editor.scroll.viewport().height() >= steps.reps_max.height()
    assert [p for p in layout_problems(editor.footer) if p.startswith("cut text")] == []
    steps.reps_max.setFocus()  # the field it asks for, in view
    settle()
    view = editor.scroll.viewport()
    top = steps.reps_max.mapTo(view, steps.reps_max.rect().topLeft()).y()
    assert 0 <= top and top + steps.reps_max.height() <= view.height()
