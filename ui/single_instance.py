"""Bringing the running window forward when the app is launched a second time.

The data-folder lock (``cipn_coach.instance_lock``) decides who may write; this local
socket only carries the "please come forward" message from the second launch.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 500


def server_name(data_dir: Path) -> str:
    """The socket's full path: in the user's private runtime folder (``XDG_RUNTIME_DIR``,
    emptied at logout), else in the data folder; never in the shared ``/tmp``, where
    every crashed run left one behind."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) if runtime and Path(runtime).is_dir() else data_dir
    # (a data folder so deep that the path passes 108 bytes cannot listen: a second
    # launch then says the app is open instead of bringing it forward)
    return str(folder / f"cipn-coach-{digest}.socket")


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

    def __init__(
        self, data_dir: Path, on_show: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._on_show = on_show
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        # a crashed run may have left its socket file; we hold the data-folder lock, so
        # no live app owns it
        QLocalServer.removeServer(name)
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
            self._on_show()
