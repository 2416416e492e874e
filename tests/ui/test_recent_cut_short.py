"""A session the app closed on before half of it was done is not "partly done". The
recent sessions (Today, the family view) called every session cut short by a closed
window or a crash "partly done", even one closed during its first countdown, while Help
says "partly done" means at least half the time, which counts as done: a daughter
reading "Morning hands & feet · partly done" thinks her mother exercised. Less than
half reads "cut short"; half or more is still "partly done"."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from cipn_coach.services import open_services
from cipn_coach.storage.repository import SessionRepository
from tests.ui.windows import open_main_window

NOW = datetime(2026, 12, 6, 10, 0)
STARTED = datetime(2026, 12, 6, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("done_seconds", "words"), [(0.0, "cut short"), (100.0, "cut short"), (500.0, "partly done")]
)
def test_a_session_closed_before_half_was_done_reads_cut_short(
    qtbot, tmp_path, done_seconds, words
):
    folder = tmp_path / "data"
    first = open_services(folder)
    repository = SessionRepository(first.db)
    session = repository.start(
        routine_id="morning",
        routine_version=1,
        routine_title="Morning hands & feet",
        slot="morning",
        local_date=NOW.date(),
        program_week=1,
        planned_seconds=780.0,
        started_at=STARTED,
    )
    step = SimpleNamespace(
        step_index=0,
        exercise_id="warm_hands",
        title="Warm your hands",
        planned_seconds=780.0,
        done_seconds=done_seconds,
        planned_reps=None,
        done_reps=None,
        skipped=False,
        completed=False,
    )
    repository.save_step(session, step, STARTED)  # then the window closed
    first.close()
    services = open_services(folder, recover=True)  # the next start marks it partial
    window = open_main_window(qtbot, services, NOW)
    try:
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        recent = window.today.recent.text()
        assert recent.endswith(f"Morning hands & feet · {words}")
    finally:
        window.close()
        services.close()
