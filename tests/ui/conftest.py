"""Set-up shared by the UI tests (the windows themselves: ``tests/ui/windows.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cipn_coach.services import Services, open_services


@pytest.fixture
def services(tmp_path) -> Iterator[Services]:
    """A fresh data folder (``tmp_path/data``) with the shipped library, closed after the
    test so its SQLite files are released; the many tests of one page share it instead
    of each opening its own."""
    services = open_services(tmp_path / "data")
    yield services
    services.close()
