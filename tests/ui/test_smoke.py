"""The real main window on a real temp database with the shipped library."""

from __future__ import annotations

from datetime import datetime

from cipn_coach.services import open_services
from tests.ui.windows import open_main_window


def test_main_window_opens_on_a_real_database(qtbot, tmp_path):
    services = open_services(tmp_path / "data", recover=True)
    try:
        window = open_main_window(
            qtbot, services, datetime(2026, 11, 20, 7, 0), size=None, activate=False
        )
        assert not services.library.problems
        assert "Morning hands & feet" in window.today.start_button.accessibleName()
        assert len(window.today.rows) == 3  # Friday: morning, balance, evening
        assert (tmp_path / "data" / "cipn-coach.sqlite3").exists()
    finally:
        services.close()
