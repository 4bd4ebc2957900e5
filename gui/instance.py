"""One TuneDesk per person and data folder: opening a file while TuneDesk runs (a
double-click in the file manager, "Open with TuneDesk", `tunedesk data.jsonl`) hands it
to the running window instead of starting a second app on the same data.

The first instance listens on a local socket (a Unix socket only its user may use, or a
named pipe on Windows) named after the user and the data folder; a later start connects,
sends its files as one JSON line, waits for "ok" and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from core import paths

log = logging.getLogger("tunedesk.instance")


def server_name() -> str:
    who = f"{getpass.getuser()}|{paths.home().resolve()}"
    return "tunedesk-" + hashlib.sha256(who.encode("utf-8")).hexdigest()[:16]


def forward(files: list[str], timeout_ms: int = 3000) -> bool:
    """Hand ``files`` to a TuneDesk already running on this data folder; False when none is."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(timeout_ms):
        return False
    message = json.dumps({"files": [os.path.abspath(f) for f in files]}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.waitForBytesWritten(timeout_ms)
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class Instance(QObject):
    """The running TuneDesk's end: ``files_opened`` carries what a later start sent."""

    files_opened = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        name = server_name()
        if not self.server.listen(name):
            # a socket file left by a TuneDesk that crashed: nobody answered on it (forward()
            # was tried first), so it is stale
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("cannot listen for files opened later: %s", self.server.errorString())
                return False
        return True

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()  # owned by the server
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll())
        if b"\n" not in data:
            self._buffers[socket] = data
            return
        self._buffers[socket] = b""
        try:
            files = [str(f) for f in json.loads(data.split(b"\n", 1)[0]).get("files", [])]
        except (ValueError, AttributeError):
            log.warning("ignored a malformed message on the instance socket")
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.files_opened.emit(files)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def close(self) -> None:
        self.server.close()
