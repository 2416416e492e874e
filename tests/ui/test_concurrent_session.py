"""A real session's steps are all saved while CLI processes write check-ins at the same time.

The app (real ``MainWindow``, real SQLite file) runs sessions of ten steps, each ended by
the Skip button, while eight CLI processes (``tests.core.cli_writers``) save check-ins as
fast as they can. Every step of every round must be in the database, no write may run on
the UI thread (it must never wait for the database), and nothing may reach the crash
dialog. Before, 2 of 5 rounds kept only 1 and 3 of their 10 steps: the step writes met
"database is locked" on the UI thread.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from tests.core import cli_writers
from tests.core.factories import exercise, library, routine
from ui.main_window import MainWindow

pytestmark = pytest.mark.slow

STEPS = 10
ROUNDS = 3
CLI_WRITERS = 8
NOW = datetime(2026, 3, 2, 8, 0)


def ten_steps():
    plan = routine("ten", [{"exercise": "fingers"}] * STEPS, get_ready_seconds=3, prepare_seconds=3)
    return library(exercise("fingers", reps=4, seconds_per_rep=1.0, rest=3), routines=[plan])


def steps_saved(path, session_id: int) -> int:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(
            "SELECT count(*) FROM session_steps WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
    finally:
        raw.close()


def test_every_step_is_saved_while_cli_writers_run(qtbot, tmp_path):
    services = open_services(tmp_path, library=ten_steps(), recover=True)
    services.settings.set("plan.routines", ["ten"])
    writes_on_ui_thread = []

    @event.listens_for(services.db.engine, "before_cursor_execute")
    def note_thread(_conn, _cursor, statement, *_args):
        if statement.startswith(("INSERT", "UPDATE")) and "session" in statement:
            if threading.current_thread() is threading.main_thread():
                writes_on_ui_thread.append(statement.split("(")[0])

    clock = FakeClock()
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    helper = cli_writers.start("loop", tmp_path, date(2025, 3, 1), CLI_WRITERS)
    try:
        assert helper.stdout.readline().strip() == "ready"
        saved = []
        for _ in range(ROUNDS):
            window.start_session("ten", "morning")
            driver = window.player.driver
            assert driver is not None and window.player.is_running
            for _step in range(STEPS):
                qtbot.mouseClick(window.player.session.skip_button, Qt.MouseButton.LeftButton)
            while window.player.is_running:
                clock.advance(1.0)
                driver.tick()
            saved.append(window._recorder)
        assert services.writer.flush(timeout=120)
        counts = [steps_saved(services.db.path, r.session_id) for r in saved]
    finally:
        out, _ = helper.communicate("", timeout=300)
        window.close()
        services.close()
    assert counts == [STEPS] * ROUNDS
    assert writes_on_ui_thread == []
    run, refused = cli_writers.results(out.splitlines())
    assert run > 0 and refused == []
