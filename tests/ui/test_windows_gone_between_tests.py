"""A test's windows are destroyed before the next test starts (``tests/ui/conftest.py``).

Run together, ``test_week_plan_cells_whole.py`` then ``test_welcome_help.py`` ended in a
segmentation fault: the first put the application's style sheet back to none while its
Clinician page still existed, the page was only deleted during the second test, after a
new style sheet was set, and the next style sheet change made Qt walk the freed widgets
(its style-sheet cache is cleared of a widget on ``destroyed``, a hook the widget lost
with the old style). A window destroyed at the end of its own test never gets there.

The two tests run in this order (pytest runs a file top to bottom); the second checks
what the first left behind.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from tests.ui.windows import show_window

left_behind: list[QLabel] = []


def test_a_test_shows_a_window_and_keeps_hold_of_it(qtbot):
    window = QLabel("left behind")
    show_window(qtbot, window, size=(200, 100), activate=False)
    left_behind.append(window)  # the Python side stays: only Qt's window can go


def test_the_window_is_gone_when_the_next_test_starts():
    if not left_behind:
        pytest.skip("runs after the test above, in the same process")
    assert not shiboken6.isValid(left_behind[0])
