"""Storage on real SQLite files: pragmas, migrations, steps saved as they end, recovery."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.session import SessionEngine
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.plan import plan_routine
from cipn_coach.sessions.recorder import SessionRecorder
from cipn_coach.storage import db as dbmod
from cipn_coach.storage.migrations import HEAD_REVISION
from cipn_coach.storage.models import Base
from cipn_coach.storage.repository import SessionRepository, SettingsRepository
from tests.core.factories import exercise, library, routine

T0 = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


@pytest.fixture
def database(tmp_path):
    database = dbmod.open_database(dbmod.database_url_for(tmp_path / "data"))
    yield database
    database.close()


def test_pragmas_and_private_files(database, tmp_path):
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    folder = tmp_path / "data"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / dbmod.DATABASE_FILE).st_mode) == 0o600


def test_migrations_are_linear_reach_head_and_equal_the_models(database):
    config = Config()
    config.set_main_option("script_location", str(dbmod.Path(dbmod.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD_REVISION]
    revisions = list(script.walk_revisions())
    assert all(len(r._all_down_revisions) <= 1 for r in revisions)
    assert dbmod.current_revision(database.engine) == HEAD_REVISION
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reopening_a_current_database_does_not_migrate_again(tmp_path, monkeypatch):
    url = dbmod.database_url_for(tmp_path)
    dbmod.open_database(url).close()
    monkeypatch.setattr(dbmod, "upgrade_to_head", lambda engine: pytest.fail("migrated twice"))
    dbmod.open_database(url).close()


def run_session(database, *, stop_after: float | None = None):
    lib = library(exercise("aa", reps=None, hold=20), exercise("bb", reps=3))
    r = routine("rt", [{"exercise": "aa"}, {"exercise": "bb"}])
    timeline = build_timeline(plan_routine(r, lib), r.get_ready_seconds, r.prepare_seconds)
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    repo = SessionRepository(database)
    recorder = SessionRecorder(
        repo,
        engine,
        r,
        slot="morning",
        local_date=date(2026, 11, 20),
        program_week=1,
        wall_clock=lambda: T0,
    )
    engine.start()
    return engine, clock, repo, recorder


def test_each_step_is_committed_as_it_ends(database, tmp_path):
    engine, clock, repo, recorder = run_session(database)
    clock.advance(10 + 20 + 0.5)  # the first step has just ended
    engine.update()
    # read with a separate plain sqlite3 connection: the row is committed, not just flushed
    raw = sqlite3.connect(database.path)
    rows = raw.execute("SELECT position, done_seconds, completed FROM session_steps").fetchall()
    assert rows == [(0, 20.0, 1)]
    status = raw.execute("SELECT status FROM sessions").fetchone()[0]
    assert status == "in_progress"
    clock.advance(1000)
    engine.update()
    saved = repo.get(recorder.session_id)
    assert saved.status == "completed"
    assert [s.completed for s in saved.steps] == [True, True]
    assert saved.steps[1].done_reps == 3
    assert saved.done_seconds == pytest.approx(20 + 6)
    raw.close()


def test_unfinished_session_becomes_partial_with_its_steps(database):
    engine, clock, repo, recorder = run_session(database)
    clock.advance(10 + 20 + 1)
    engine.update()
    del engine  # the process "dies" here: no stop, no finish
    assert repo.mark_unfinished_partial() == 1
    saved = repo.get(recorder.session_id)
    assert saved.status == "partial" and len(saved.steps) == 1


def test_back_rewrites_a_step_rather_than_duplicating_it(database):
    engine, clock, repo, recorder = run_session(database)
    clock.advance(10 + 20 + 1)  # 1 s into bb's prepare
    engine.back()  # back to aa
    clock.advance(1000)
    engine.update()
    saved = repo.get(recorder.session_id)
    assert [s.position for s in saved.steps] == [0, 1]
    assert saved.steps[0].done_seconds == pytest.approx(40)


def test_rating_is_validated_and_saved(database):
    engine, clock, repo, recorder = run_session(database)
    engine.stop()
    repo.rate(recorder.session_id, 4, "better", "  ")
    saved = repo.get(recorder.session_id)
    assert (saved.status, saved.effort, saved.symptoms_change) == ("stopped", 4, "better")
    with pytest.raises(ValueError):
        repo.rate(recorder.session_id, 11, None, None)
    with pytest.raises(ValueError):
        repo.rate(recorder.session_id, 3, "great", None)


def test_settings_round_trip(database):
    settings = SettingsRepository(database)
    assert settings.get("voice.rate", 150) == 150
    settings.set("voice.rate", 120)
    settings.set("voice.rate", 130)
    assert settings.get("voice.rate") == 130
    assert settings.all() == {"voice.rate": 130}


def test_naive_timestamps_are_refused(database):
    repo = SessionRepository(database)
    with pytest.raises(Exception):
        repo.start(
            routine_id="x",
            routine_version=1,
            routine_title="X",
            slot=None,
            local_date=date(2026, 1, 1),
            program_week=1,
            planned_seconds=1,
            started_at=datetime(2026, 1, 1, 8, 0),
        )
