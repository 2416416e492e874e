"""Set-up shared by the UI tests (the windows themselves: ``tests/ui/windows.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cipn_coach.services import Services, open_services


@pytest.fixture(autouse=True)
def windows_deleted_between_tests(qapp) -> Iterator[None]:
    """A window a test is done with is destroyed before the next test starts, not during it.

    Why: pytest-qt closes a test's widgets and only asks for their deletion
    (``deleteLater``), which nothing carried out until the next test ran an event loop.
    Many tests put the application's style sheet back to none (``setStyleSheet("")``)
    while their windows still exist; that destroys Qt's style-sheet style, and a widget
    that outlives it is not removed from the next style's cache when it is destroyed (Qt
    hooks a widget's ``destroyed`` only the first time it is styled). The next test then
    deleted the old windows in its own event loop and changed the style sheet again: Qt
    walked the freed widgets and the process ended in a segmentation fault
    (``test_week_plan_cells_whole.py`` then ``test_welcome_help.py``). The app itself never
    removes its style sheet, so it cannot get there.

    Before the test as well: a module's windows are let go (``deleteLater``) after the
    last of its tests, once this fixture's own clean-up has run. Autouse, so it is torn
    down after the test's other function fixtures and after pytest-qt closed its widgets."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def app_font(qapp) -> Iterator[None]:
    """The application's font as it was, after each test: the window helpers give it the
    app's language font (``ui.fonts.use_language_font``), as the app does at start."""
    from PySide6.QtGui import QFont

    own = QFont(qapp.font())
    yield
    qapp.setFont(own)


@pytest.fixture
def services(tmp_path) -> Iterator[Services]:
    """A fresh data folder (``tmp_path/data``) with the shipped library, closed after the
    test so its SQLite files are released; the many tests of one page share it instead
    of each opening its own."""
    services = open_services(tmp_path / "data")
    yield services
    services.close()
