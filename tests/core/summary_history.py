"""A history whose edges a summary must get right, shared by the summary tests.

``fill_history`` writes every day alike; on top of it: a session started three days ago
and never finished (not counted as done, not a streak day) and a day with no session at
all (a streak ends there). Each test then edits the check-ins its own checks need.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cipn_coach.services import Services, open_services
from cipn_coach.storage.repository import SessionRepository
from tests.perf.bench_data import fill_history


def history_with_edges(folder: Path, days: int, now: datetime, seed: int, gap: date) -> Services:
    """``days`` of history ending at ``now`` in ``folder``, an unfinished session three days
    before ``now`` and no session on ``gap``; the services open on it."""
    services = open_services(folder)
    fill_history(services, days, now, seed=seed)
    SessionRepository(services.db).start(
        routine_id="morning",
        routine_version=1,
        routine_title="Morning",
        slot="morning",
        local_date=now.date() - timedelta(days=3),
        program_week=3,
        planned_seconds=600,
        started_at=datetime(2026, 11, 17, 6, tzinfo=UTC),
    )
    raw = sqlite3.connect(services.db.path)
    with raw:
        raw.execute(
            "DELETE FROM session_steps WHERE session_id IN "
            "(SELECT id FROM sessions WHERE local_date = ?)",
            (gap.isoformat(),),
        )
        raw.execute("DELETE FROM sessions WHERE local_date = ?", (gap.isoformat(),))
    raw.close()
    return services
