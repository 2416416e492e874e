"""An own exercise's equipment, typed with Chinese commas, is a list of things.

The form says "Equipment, separated by commas" (in Chinese 「用具，以逗號分隔」, itself
written with a full-width comma), and a clinician typing Chinese types "毛巾，椅子" or
"毛巾、椅子": only the ASCII comma separated them, so the exercise needed one thing
called "毛巾，椅子", and the editor's filter offered "Uses 毛巾，椅子".
"""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.test_own_exercise import fill_with_keyboard, make_page, type_into


def type_chinese(qtbot, edit: QLineEdit, text: str) -> None:
    """What a Chinese input method does: commit the chosen characters to the field."""
    type_into(qtbot, edit, "")
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def test_full_width_and_enumeration_commas_separate_the_equipment(qtbot, services):
    page = make_page(qtbot, services)
    fill_with_keyboard(qtbot, page)
    own = page.own
    type_chinese(qtbot, own.equipment, "毛巾，椅子、彈力帶, towel")
    assert own.equipment.text() == "毛巾，椅子、彈力帶, towel"
    assert own.problems == [], own.problems
    assert own.exercise is not None
    assert list(own.exercise.equipment) == ["毛巾", "椅子", "彈力帶", "towel"]
