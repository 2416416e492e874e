"""Issue 11 §6: a first start that explains itself, and a Help menu.

Real widgets driven by keys, a real SQLite file. The welcome is shown once at a first
start, skippable, stores exactly the agreed settings keys and moves the morning/evening
sessions to the patient's times; Help and About open from the menu and close with Esc.
At 200 % text in a 1024×600 window everything stays reachable with 48 px buttons.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from cipn_coach import __version__
from cipn_coach.routines.safety import DISCLAIMER
from cipn_coach.services import open_services
from tests.ui.windows import open_main_window

NOW = datetime(2026, 11, 20, 7, 0)  # a Friday: morning, balance and evening are planned


@pytest.fixture
def window(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)  # the shipped routines
    window = open_main_window(qtbot, services, NOW)
    yield window
    window.set_appearance("calm", 1.0)
    services.close()


def test_first_start_welcome_saves_name_and_times_once(qtbot, window):
    settings = window.services.settings
    assert window.offer_welcome()
    page = window.welcome
    assert window.pages.currentWidget() is page
    assert page.disclaimer.text() == DISCLAIMER
    assert window.focusWidget() is page.name
    assert page.morning.value() == "08:30"  # the routine's own time
    qtbot.keyClicks(page.name, "Mei Ling")
    page.morning.setFocus()
    qtbot.keyClick(page.morning, Qt.Key.Key_Up)  # half an hour earlier, twice
    qtbot.keyClick(page.morning, Qt.Key.Key_Up)
    page.evening.setFocus()
    qtbot.keyClicks(page.evening, "18")  # jumps to 18:00
    page.save_button.setFocus()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Return)
    question = window.treatment.start_page  # the first start's next step: skipped here
    assert window.pages.currentWidget() is question
    qtbot.keyClick(question.skip_button, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.today
    assert settings.get("welcome.done") is True
    assert settings.get("patient.name") == "Mei Ling"
    assert settings.get("session.morning_time") == "07:30"
    assert settings.get("session.evening_time") == "18:00"
    shown = [
        " ".join(label.text() for label in row.findChildren(QLabel)) for row in window.today.rows
    ]  # what Today shows, row by row, in time order
    assert shown[0].startswith("07:30 Morning hands & feet"), shown
    assert shown[1].startswith("15:00 Balance builder"), shown  # afternoon: unchanged
    assert shown[2].startswith("18:00 Evening hands & feet"), shown
    assert not window.offer_welcome()  # shown once
    window.menus.welcome_action.trigger()  # ... and reachable again from Help
    assert window.pages.currentWidget() is page and page.name.text() == "Mei Ling"
    assert page.morning.value() == "07:30"


def test_the_welcome_can_be_skipped(qtbot, window):
    assert window.offer_welcome()
    window.welcome.skip_button.setFocus()
    qtbot.keyClick(window.welcome.skip_button, Qt.Key.Key_Space)
    assert window.pages.currentWidget() is window.today
    assert window.services.settings.get("welcome.done") is True
    assert window.services.settings.get("patient.name") is None
    assert not window.offer_welcome()


def test_help_and_about_open_from_the_menu_and_close_with_escape(qtbot, window):
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)  # F1: Help
    box = window._info
    assert box is not None
    qtbot.waitExposed(box)
    text = box.text.text()
    for words in ("Keys", "Space", "What the numbers mean", "above 4", "Staying safe"):
        assert words in text, words
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    window.menus.about_action.trigger()
    box = window._info
    qtbot.waitExposed(box)
    text = box.text.text()
    assert __version__ in text and "MIT" in text and "diagnose" in text
    assert str(window.services.data_folder()) in text
    box.close_button.click()
    assert not box.isVisible()


def reachable(widget, top) -> bool:
    """Inside the window's visible area, or inside a scroll area that can reach it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    corner = widget.mapTo(top, widget.rect().bottomRight())
    return top.rect().contains(corner)


def test_welcome_and_help_fit_1024x600_at_200_percent(qtbot, window):
    window.set_appearance("calm", 2.0)
    window.resize(1024, 600)
    window.offer_welcome()
    page = window.welcome
    unnamed = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QLineEdit, QComboBox)) and not w.accessibleName().strip()
    ]
    assert unnamed == []
    buttons = [b for b in page.findChildren(QAbstractButton)]
    assert {page.save_button, page.skip_button} <= set(buttons)
    for widget in (page.save_button, page.skip_button, page.name, page.morning, page.evening):
        assert widget.height() >= 48 and reachable(widget, window), widget.accessibleName()
        page.findChild(QScrollArea).ensureWidgetVisible(widget)
        QApplication.processEvents()
        assert widget.visibleRegion().boundingRect().height() >= 48, widget.accessibleName()
    from ui.pages.help import help_dialog

    screen = QWidget()  # a window the size of a 1024×600 screen
    qtbot.addWidget(screen)
    screen.resize(1024, 600)
    screen.show()
    box = help_dialog(screen)
    box.open()
    qtbot.waitExposed(box)
    assert box.width() <= 1024 and box.height() <= 600
    assert (
        box.close_button.height() >= 48
        and box.close_button.visibleRegion().boundingRect().height() >= 48
    )
    assert box.scroll.verticalScrollBar().maximum() > 0  # the text scrolls, never clipped
    box.close()
