"""Why an RTSP stream would not open, in the server's own words.

Qt's player says only "Could not open file" (FFmpeg's reason goes to the log), so the tile
asks the RTSP server itself: one DESCRIBE, dropped as soon as the status line is in. RTSP
status codes are HTTP's (401, 404, 503 ...). A QTcpSocket on the GUI thread: it never blocks.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

RTSP_PORT = 554
_MAX_STATUS_LINE = 4096


def status_of(line: bytes) -> int | None:
    """The status code of an RTSP status line (`RTSP/1.0 401 Unauthorized`), else None."""
    parts = line.split()
    if len(parts) >= 2 and parts[0].startswith(b"RTSP/") and parts[1].isdigit():
        return int(parts[1])
    return None


class RtspProbe(QObject):
    """Sends one DESCRIBE for `url` and reports what became of it, then deletes itself."""

    answered = Signal(str, str)   # code ("http" with the status as detail, "refused", "timeout",
                                  # or "" when the server said nothing useful), detail

    def __init__(self, url: str, parent: QObject | None = None, *, timeout_ms: int = 5000) -> None:
        super().__init__(parent)
        self.url = url
        self._buffer = b""
        self._done = False
        self._socket = QTcpSocket(self)
        self._socket.connected.connect(self._on_socket_connected)
        self._socket.readyRead.connect(self._on_socket_ready_read)
        self._socket.errorOccurred.connect(self._on_socket_error_occurred)
        self._timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        parts = urlsplit(url)
        self._timer.start()
        self._socket.connectToHost(parts.hostname or "", parts.port or RTSP_PORT)

    def _on_socket_connected(self) -> None:
        self._socket.write(f"DESCRIBE {self.url} RTSP/1.0\r\nCSeq: 1\r\n"
                           "Accept: application/sdp\r\n\r\n".encode())

    def _on_socket_ready_read(self) -> None:
        self._buffer += bytes(self._socket.readAll())
        line, end, _rest = self._buffer.partition(b"\r\n")
        if not end and len(self._buffer) < _MAX_STATUS_LINE:
            return                                       # the status line is not all in yet
        status = status_of(line)
        self._finish(*(("http", str(status)) if status is not None and status >= 400 else ("", "")))

    def _on_socket_error_occurred(self, error) -> None:
        refused = error == QAbstractSocket.SocketError.ConnectionRefusedError
        self._finish("refused" if refused else "")

    def _on_timer_timeout(self) -> None:
        self._finish("timeout")

    def _finish(self, code: str, detail: str = "") -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        self._socket.abort()
        self.answered.emit(code, detail)
        self.deleteLater()
