"""The desktop app opens no network connection: the real ``MainWindow`` starting on a real
data folder, a whole session, a check-in and a PDF report for the care team.

Two nets, because Qt's own networking (QTcpSocket, QNetworkAccessManager) is C++ and
never passes through Python's ``socket`` module:

1. Python: any ``socket.socket`` of family AF_INET/AF_INET6 is refused and recorded
   (``create_connection``, ``urllib``, ``http.client`` etc. all go through it).
2. The process: after each phase, every open file descriptor that is an internet socket
   (looked up by inode in ``/proc/net/{tcp,tcp6,udp,udp6,raw,raw6}``) that was not there
   before the test is a failure, whoever opened it.

Unix-domain sockets are not refused: local IPC on the user's own machine is not network
access. (The single-instance feature in ``ui/single_instance.py`` uses a QLocalServer,
a Unix-domain socket, and only in ``run_gui``; this test builds ``MainWindow`` directly.)
"""

from __future__ import annotations

import os
import socket
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.engine.clock import FakeClock
from cipn_coach.reports.report_data import build_report
from cipn_coach.services import open_services
from cipn_coach.speech.speaker import FakeSpeaker

NOW = datetime(2026, 11, 20, 8, 0)
NETWORK = (socket.AF_INET, socket.AF_INET6)


def inet_socket_inodes() -> set[str]:
    """Inodes of this process's open internet sockets (TCP, UDP, raw; v4 and v6)."""
    known: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            lines = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        known.update(line.split()[9] for line in lines if len(line.split()) > 9)
    mine = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inode = target[len("socket:[") : -1]
            if inode in known:
                mine.add(inode)
    return mine


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[tuple[object, ...]] = []
    real_init = socket.socket.__init__

    def guarded(self, family=-1, type=-1, proto=-1, fileno=None):  # noqa: A002, ANN001
        if fileno is None and (family == -1 or family in NETWORK):  # -1 means AF_INET
            attempts.append((family, type, proto))
            raise OSError("network access attempted (CIPN Coach must stay offline)")
        real_init(self, family, type, proto, fileno)

    monkeypatch.setattr(socket.socket, "__init__", guarded)
    before = inet_socket_inodes()
    return attempts, lambda: inet_socket_inodes() - before


@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc")
def test_the_nets_catch_a_connection(no_network):
    attempts, _new = no_network
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    assert attempts
    a, b = socket.socketpair()  # local IPC is allowed and not counted
    a.close(), b.close()
    from PySide6.QtNetwork import QUdpSocket  # C++ socket: invisible to net 1, seen by net 2

    assert not _new()
    udp = QUdpSocket()
    assert udp.bind()
    try:
        assert _new()
    finally:
        udp.close()


def test_start_up_session_check_in_and_report_open_no_network_socket(qtbot, tmp_path, no_network):
    from ui.main_window import MainWindow
    from ui.reports.pdf import write_pdf

    attempts, new_sockets = no_network
    seen: dict[str, set[str]] = {}
    services = open_services(tmp_path / "data", recover=True)  # as run_gui does
    try:
        clock = FakeClock()
        window = MainWindow(
            services, FakeSpeaker(), chime=lambda: None, clock=clock, now=lambda: NOW
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        seen["start-up"] = new_sockets()

        window.start_session("morning", "morning")  # the shipped routine, fast clock
        player = window.player
        if player.safety.isVisible():
            for box in player.safety.boxes:
                box.setChecked(True)
            player.safety.start_button.click()
        driver = player.driver
        assert driver is not None
        for _ in range(20000):
            if not player.is_running:
                break
            clock.advance(1.0)
            driver.tick()
        assert not player.is_running
        window._save_rating(5, "same", "fine")
        seen["session"] = new_sockets()

        window.show_checkin()
        window._save_checkin(NOW.date(), CheckInValues.parse({"hands": 3, "feet": 4, "pain": 2}))
        assert QThreadPool.globalInstance().waitForDone(30_000)  # the background backup ran
        seen["check-in"] = new_sockets()

        pdf = tmp_path / "report.pdf"
        write_pdf(build_report(services, NOW.date() - timedelta(days=27), NOW.date(), NOW), pdf)
        seen["report"] = new_sockets()
        assert pdf.read_bytes().startswith(b"%PDF")
        assert services.writer.flush(timeout=30)  # session writes: saved by the ordered writer
        saved = services.sessions.between(NOW.date(), NOW.date())
        assert [s.status for s in saved] == ["completed"]
        assert services.checkins.get(date(2026, 11, 20)) is not None
        window.close()
    finally:
        services.close()
    assert attempts == []
    assert {phase: s for phase, s in seen.items() if s} == {}
