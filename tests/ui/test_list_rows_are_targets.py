"""Every row of the Clinician page's lists is a 48 px target.

Seen on the real app (1024×600, 100 %): the routines were rows of 29 px, the "When"
times and the exercises found likewise, each one a thing to click, under the 48 px the
app keeps for every target (the Clinic panel's rows had been given 48 px on their own).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QListWidget

from tests.ui.test_layout import settle
from tests.ui.windows import open_clinician_page
from ui.theme import MIN_TARGET_PX

NOW = datetime(2026, 12, 1, 10, 30)


@pytest.mark.parametrize("section", [0, 1])  # the routines; the routine editor
def test_every_list_row_is_at_least_48_px(qtbot, services, section):
    page = open_clinician_page(qtbot, services, NOW, size=(1280, 800))
    try:
        page.routine_list.setCurrentRow(0)
        page.edit_selected()
        page.show_section(section)
        settle()
        short = {}
        for found in page.sections.currentWidget().findChildren(QListWidget):
            if not found.isVisible():
                continue
            for row in range(found.count()):
                height = found.visualItemRect(found.item(row)).height()
                if height < MIN_TARGET_PX:
                    short[found.accessibleName()] = height
        assert short == {}
    finally:
        QApplication.instance().setStyleSheet("")
