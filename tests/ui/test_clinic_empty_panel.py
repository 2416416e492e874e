"""Clinic mode with no patients yet starts at "Import patients' files…".

Seen on the real app (1024×600, English and Chinese): the empty panel showed an empty
box with the focus ring on it, the first and only Tab stop of the page's content; Enter
there did nothing, and "No patients yet: import the files…" was written under it. The
empty list is now hidden and the focus is on the button that does what the words say.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QApplication

from tests.ui.test_layout import settle
from tests.ui.windows import open_clinician_page

NOW = datetime(2026, 12, 1, 10, 30)


def test_an_empty_panel_offers_the_import_button_first(qtbot, services):
    page = open_clinician_page(qtbot, services, NOW)
    try:
        page.show_clinic()
        settle()
        clinic = page.clinic
        assert clinic.panel_empty.isVisible()
        assert not clinic.panel_list.isVisible()
        assert QApplication.focusWidget() is clinic.import_button
    finally:
        QApplication.instance().setStyleSheet("")
