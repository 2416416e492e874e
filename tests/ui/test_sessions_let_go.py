"""A finished session is let go when the next one starts: its driver, engine and
timeline do not stay with the window.

Each session's driver was a child of the main window and was never deleted, so every
session of an open app kept its engine and its ~400 cues: ~0.4 MiB more after each
session (measured over 7 sessions in one sitting).
"""

from __future__ import annotations

from datetime import datetime

from cipn_coach.engine.clock import FakeClock
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker
from tests.core.factories import exercise, library, routine
from tests.ui.windows import show_window
from ui.main_window import MainWindow
from ui.session.driver import SessionDriver

NOW = datetime(2026, 11, 20, 8, 0)


def test_three_sessions_leave_one_driver(qtbot, tmp_path):
    lib = library(
        exercise("fingers", reps=2, seconds_per_rep=2),
        routines=[routine("short", [{"exercise": "fingers"}])],
    )
    services = open_services(tmp_path / "data", library=lib, recover=True)
    services.settings.set("plan.routines", ["short"])
    clock = FakeClock()
    window = MainWindow(services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW)
    show_window(qtbot, window)
    try:
        for _session in range(3):
            window.start_session("short", "morning")
            assert window.player.is_running
            clock.advance(2.0)
            window.player.driver.tick()
            window.player.stop_now()
            assert not window.player.is_running
            window.show_today()
        qtbot.waitUntil(lambda: len(window.findChildren(SessionDriver)) == 1, timeout=3000)
        assert window.findChildren(SessionDriver) == [window.player.driver]
        assert services.writer.flush(timeout=30)
        saved = services.sessions.between(NOW.date(), NOW.date())
        assert [s.status for s in saved] == ["stopped"] * 3  # every session kept its record
    finally:
        services.close()
