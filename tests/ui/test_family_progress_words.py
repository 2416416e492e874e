"""Progress in the family view speaks about the patient. It kept two of the patient's
own lines: "Day 28 of 28 of your programme" and, under "Earlier warning signs",
"Near-falls on 18 and 21 Nov — did you tell your care team?", asked of the relative."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from cipn_coach.cli.demo import fill_demo
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 10, 0)
TO_THE_READER = re.compile(r"\b(you|your)\b", re.IGNORECASE)


def test_family_progress_has_no_words_addressed_to_the_patient(qtbot, services):
    fill_demo(services, 28, NOW)  # with two near-falls more than a week before today
    window = open_main_window(qtbot, services, NOW)
    window.menus.family_action.trigger()  # View → Family view (read only)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window._progress
    qtbot.waitUntil(lambda: page.day_line.text() != "")
    history = [c for c in page.flag_cards if c.property("level") == "history"]
    assert len(history) == 1
    texts = [page.day_line.text()] + [label.text() for label in history[0].findChildren(QLabel)]
    assert [t for t in texts if TO_THE_READER.search(t)] == []
    assert "Day 28 of 28" in page.day_line.text()


def test_no_warning_signs_is_said_about_the_patient_in_the_family_view(qtbot, services):
    """A period with no flag: "No warning signs in your ratings… contact your care team"
    told the relative to contact a care team that is the patient's."""
    fill_demo(services, 3, NOW)  # three calm days: no flag
    window = open_main_window(qtbot, services, NOW)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window._progress
    qtbot.waitUntil(lambda: page.day_line.text() != "")
    assert page.no_flags.isVisibleTo(page)
    assert TO_THE_READER.search(page.no_flags.text())  # the patient's own words
    window.menus.family_action.trigger()  # View → Family view (read only)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not TO_THE_READER.search(page.no_flags.text()), timeout=3000)
    assert "their" in page.no_flags.text()
    window.menus.family_action.trigger()  # and back: the patient's words again
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: TO_THE_READER.search(page.no_flags.text()) is not None, timeout=3000)
