"""Bringing the running window forward when the app is launched a second time.

The data-folder lock (``cipn_coach.instance_lock``) decides who may write; this local
socket only carries the "please come forward" message from the second launch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 500


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"cipn-coach-{digest}"


def ask_running_app_to_show(data_dir: Path) -> bool:
    """True when a running app on ``data_dir`` received the request."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(b"show\n")
    sent = socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return sent


class ShowRequests(QObject):
    """Listens for a second launch and calls ``on_show`` (raise and activate the window)."""

    def __init__(self, data_dir: Path, on_show: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_show = on_show
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        QLocalServer.removeServer(name)  # a crashed run may have left its socket file
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
            self._on_show()
