"""A session the app closed on before any exercise was done is not "partly done". The
recent sessions (Today, the family view) called every session cut short by a closed
window or a crash "partly done", even one closed during its first countdown: a daughter
reading "Morning hands & feet · partly done" thinks her mother exercised. Nothing
done reads "cut short"; a session with exercise time in it is still "partly done"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from cipn_coach.services import open_services
from cipn_coach.storage.repository import SessionRepository
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 10, 0)


def test_a_session_closed_before_any_exercise_reads_cut_short(qtbot, tmp_path):
    folder = tmp_path / "data"
    first = open_services(folder)
    SessionRepository(first.db).start(
        routine_id="morning",
        routine_version=1,
        routine_title="Morning hands & feet",
        slot="morning",
        local_date=NOW.date(),
        program_week=1,
        planned_seconds=780.0,
        started_at=datetime(2026, 12, 6, 8, 30, tzinfo=UTC),
    )  # and the window closed during the get-ready countdown
    first.close()
    services = open_services(folder, recover=True)  # the next start marks it partial
    window = open_main_window(qtbot, services, NOW)
    try:
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        recent = window.today.recent.text()
        assert "cut short" in recent
        assert "partly done" not in recent
    finally:
        window.close()
        services.close()
