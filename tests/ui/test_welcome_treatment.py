"""The first start asks "Are you still having chemotherapy?" (issue 16 §1) after the
welcome: Yes opens the very form of Settings → Treatment, No and Skip go on to Today and
store nothing. Real widgets driven by keys, a real SQLite file; 48 px targets that stay
reachable at 200 % text in a 1024×600 window.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from cipn_coach.services import open_services
from cipn_coach.treatment.record import Agent, Cycle
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 7, 0)


@pytest.fixture
def window(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)
    window = open_main_window(qtbot, services, NOW)
    yield window
    window.set_appearance("calm", 1.0)
    services.close()


def press(qtbot, widget, key=Qt.Key.Key_Space) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


def save_the_welcome(qtbot, window):
    assert window.offer_welcome()
    press(qtbot, window.welcome.save_button, Qt.Key.Key_Return)
    question = window.treatment.start_page
    assert window.pages.currentWidget() is question
    assert window.focusWidget() is question.yes_button
    assert question.section.isHidden() and not window.nav.isVisible()
    return question


def test_yes_opens_the_treatment_form_and_saves_by_keyboard(qtbot, window):
    question = save_the_welcome(qtbot, window)
    qtbot.keyClick(question.yes_button, Qt.Key.Key_Space)
    form = question.section
    assert form.isVisible() and question.done_button.isVisible()
    assert not question.yes_button.isVisible() and not form.before_button.isVisible()
    oxaliplatin = form.agent_boxes[Agent.OXALIPLATIN].box
    assert window.focusWidget() is form.agent_boxes[next(iter(form.agent_boxes))].box
    press(qtbot, oxaliplatin)
    press(qtbot, form.new_day, Qt.Key.Key_Up)  # tomorrow: a cycle still to come
    press(qtbot, form.new_planned.box)
    press(qtbot, form.add_button)
    record = window.services.treatment.record()
    assert record.agents == (Agent.OXALIPLATIN,)
    assert record.cycles == (Cycle(date(2026, 11, 21), True),)
    assert "Cycle 1" in " ".join(
        w.text()
        for w in form.findChildren(QWidget)
        if hasattr(w, "text") and isinstance(w.text(), str)
    )
    settings = window.treatment.section  # Settings → Treatment shows the same record
    assert settings.agent_boxes[Agent.OXALIPLATIN].box.isChecked()
    assert date(2026, 11, 21) in settings.remove_buttons
    press(qtbot, question.done_button)
    assert window.pages.currentWidget() is window.today and window.nav.isVisible()


@pytest.mark.parametrize("answer", ["no_button", "skip_button"])
def test_no_and_skip_go_to_today_and_store_nothing(qtbot, window, answer):
    question = save_the_welcome(qtbot, window)
    press(qtbot, getattr(question, answer))
    assert window.pages.currentWidget() is window.today and window.nav.isVisible()
    assert window.services.treatment.record().is_empty
    window.menus.welcome_action.trigger()  # the welcome again from Help: not asked again
    press(qtbot, window.welcome.save_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.today


def test_not_asked_when_a_record_exists(qtbot, window):
    window.services.treatment.add_cycle(Cycle(date(2026, 11, 6)), datetime(2026, 11, 6, tzinfo=UTC))
    assert window.offer_welcome()
    press(qtbot, window.welcome.save_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.today


def test_question_and_form_fit_1024x600_at_200_percent(qtbot, window):
    window.set_appearance("calm", 2.0)
    window.resize(1024, 600)
    question = save_the_welcome(qtbot, window)
    scroll = question.findChild(QScrollArea)
    for step in ("question", "form"):
        if step == "form":
            press(qtbot, question.yes_button)
        QApplication.processEvents()
        buttons = [b for b in question.findChildren(QAbstractButton) if b.isVisibleTo(question)]
        assert buttons
        for button in buttons:
            assert button.accessibleName().strip(), button.text()
            assert button.height() >= 48, button.accessibleName()
            scroll.ensureWidgetVisible(button)
            QApplication.processEvents()
            assert button.visibleRegion().boundingRect().height() >= 48, button.accessibleName()
        assert question.width() <= 1024
