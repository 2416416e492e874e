"""Set-up shared by the UI tests (the windows themselves: ``tests/ui/windows.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cipn_coach.services import Services, open_services


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
