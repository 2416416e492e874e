"""The app opens no network connection: no socket during start-up, a session, a check-in.

Every socket object goes through ``socket.socket.__init__`` (also ``create_connection``
and ``socketpair``), so replacing it catches any library that tries, however indirectly.
"""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime

import pytest

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.engine.clock import FakeClock
from cipn_coach.engine.session import SessionEngine
from cipn_coach.engine.timeline import build_timeline
from cipn_coach.routines.plan import plan_routine
from cipn_coach.services import open_services
from cipn_coach.sessions.recorder import SessionRecorder
from cipn_coach.storage.backup import list_backups, make_backup
from cipn_coach.storage.repository import SessionRepository


@pytest.fixture
def no_sockets(monkeypatch):
    attempts: list[tuple[object, ...]] = []

    def refuse(self, *args, **kwargs):  # noqa: ANN001
        attempts.append(args)
        raise OSError("network access attempted (CIPN Coach must stay offline)")

    monkeypatch.setattr(socket.socket, "__init__", refuse)
    return attempts


def test_refusal_is_effective(no_sockets):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    assert no_sockets


def test_start_up_session_check_in_and_backup_open_no_socket(tmp_path, no_sockets):
    services = open_services(tmp_path / "data", recover=True)
    try:
        routine = services.library.routine("morning")
        steps = plan_routine(routine, services.library, 1)
        clock = FakeClock()
        engine = SessionEngine(
            build_timeline(steps, routine.get_ready_seconds, routine.prepare_seconds), clock
        )
        sessions = SessionRepository(services.db)
        recorder = SessionRecorder(
            sessions,
            engine,
            routine,
            slot="morning",
            local_date=date(2026, 11, 20),
            program_week=1,
        )
        engine.start()
        while engine.is_active:
            clock.advance(5.0)
            engine.update()
        sessions.rate(recorder.session_id, 4, "same", None)
        services.checkins.save(
            date(2026, 11, 20),
            CheckInValues.parse({"hands": 3, "feet": 4, "pain": 2}),
            datetime(2026, 11, 20, 20, tzinfo=UTC),
            today=date(2026, 11, 20),
        )
        services.day_status(datetime(2026, 11, 20, 21))  # local wall time
        assert services.db.path is not None
        make_backup(services.db.path, reason="auto")
        assert len(list_backups(tmp_path / "data")) == 1
        assert len(services.sessions.get(recorder.session_id).steps) == len(steps)
    finally:
        services.close()
    assert no_sockets == []
