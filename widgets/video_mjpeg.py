"""MJPEG over HTTP (multipart/x-mixed-replace), read and decoded on a worker thread.

IP cameras commonly serve their picture this way. `MultipartParser` (no Qt) splits the byte
stream into JPEG parts; `MjpegReader` runs one connection on a Python thread, decodes each part
with `QImage.fromData` there (QImage is safe off the GUI thread) and hands finished images to
the GUI thread through a queued Qt signal, so a slow or stuck camera never blocks the window.
"""
from __future__ import annotations

import http.client
import logging
import socket
import threading
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0        # no byte for this long: the connection is dead, reconnect
MAX_BUFFER = 8 << 20       # a part larger than this is not a camera frame
BAD_FRAMES_LIMIT = 10      # consecutive undecodable parts before giving up on the connection


def boundary_of(content_type: str) -> bytes | None:
    """The multipart boundary named in a Content-Type header, without leading dashes."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "boundary":
            value = value.strip().strip('"')
            while value.startswith("--"):   # some cameras repeat the dashes in the header
                value = value[2:]
            return value.encode("latin-1") or None
    return None


class MultipartParser:
    """Feed bytes, get complete part bodies. Uses Content-Length when a part gives one, else
    the next boundary; without a known boundary it cuts at JPEG start/end markers."""

    def __init__(self, boundary: bytes | None) -> None:
        self._delim = b"--" + boundary if boundary else None
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        parts = self._parts() if self._delim else self._jpegs()
        if len(self._buf) > MAX_BUFFER:
            raise ValueError(f"no complete frame in {len(self._buf)} bytes")
        return parts

    def _parts(self) -> list[bytes]:
        out, buf, delim = [], self._buf, self._delim
        while True:
            start = buf.find(delim)
            if start < 0:
                return out
            head_end = buf.find(b"\r\n\r\n", start)
            if head_end < 0:
                return out
            body = head_end + 4
            length = None
            for line in bytes(buf[start + len(delim):head_end]).split(b"\r\n"):
                key, _, value = line.partition(b":")
                if key.strip().lower() == b"content-length":
                    try:
                        length = int(value.strip())
                    except ValueError:
                        length = None
            if length is not None:
                if len(buf) < body + length:
                    return out
                out.append(bytes(buf[body:body + length]))
                del buf[:body + length]
            else:
                nxt = buf.find(delim, body)
                if nxt < 0:
                    return out
                end = nxt - 2 if buf[nxt - 2:nxt] == b"\r\n" else nxt
                out.append(bytes(buf[body:end]))
                del buf[:nxt]

    def _jpegs(self) -> list[bytes]:
        out, buf = [], self._buf
        while True:
            soi = buf.find(b"\xff\xd8")
            if soi < 0:
                return out
            eoi = buf.find(b"\xff\xd9", soi + 2)
            if eoi < 0:
                del buf[:soi]
                return out
            out.append(bytes(buf[soi:eoi + 2]))
            del buf[:eoi + 2]


class MjpegReader(QObject):
    """One MJPEG connection at a time; `start(url)` opens a new one (the old one is dropped).

    Every signal carries the connection's token so the owner can ignore a late emission from a
    connection it has already replaced."""
    frame_decoded = Signal(int, QImage, object)   # token, image, digest (int) of the JPEG bytes
    failed = Signal(int, str, str)             # token, reason code, detail (HTTP status, text)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token = 0
        self._stop: threading.Event | None = None
        self._conn: http.client.HTTPConnection | None = None

    def start(self, url: str) -> int:
        """Open `url` on a new worker thread; returns the connection's token."""
        self.stop()
        self._token += 1
        stop = self._stop = threading.Event()
        threading.Thread(target=self._run, args=(self._token, url, stop), daemon=True,
                         name=f"mjpeg-{self._token}").start()
        return self._token

    def stop(self) -> None:
        """Drop the current connection; its thread ends at once (the socket is shut down)."""
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        conn, self._conn = self._conn, None
        sock = getattr(conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)   # wakes the worker blocked in recv()
            except OSError:
                pass

    # -- worker thread ------------------------------------------------------------------------------
    def _emit_failed(self, token: int, stop: threading.Event, code: str, detail: str = "") -> None:
        if not stop.is_set():
            try:
                self.failed.emit(token, code, detail)
            except RuntimeError:   # the owner is gone
                pass

    def _run(self, token: int, url: str, stop: threading.Event) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self._emit_failed(token, stop, "bad_url", url)
            return
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = cls(parts.hostname, parts.port, timeout=CONNECT_TIMEOUT)
        if stop.is_set():
            return
        self._conn = conn     # stop() shuts its socket; a later start() replaces it first
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={"Accept": "multipart/x-mixed-replace, image/jpeg"})
            if stop.is_set():         # stopped while connecting: stop() may have missed the socket
                return
            conn.sock.settimeout(READ_TIMEOUT)
            resp = conn.getresponse()
            if resp.status != 200:
                self._emit_failed(token, stop, "http", str(resp.status))
                return
            ctype = resp.getheader("Content-Type", "")
            if not ctype.lower().startswith("multipart/"):
                self._emit_failed(token, stop, "not_mjpeg", ctype)
                return
            self._read(token, resp, MultipartParser(boundary_of(ctype)), stop)
        except ConnectionRefusedError:
            self._emit_failed(token, stop, "refused")
        except (TimeoutError, socket.timeout):
            self._emit_failed(token, stop, "timeout")
        except ValueError as exc:
            self._emit_failed(token, stop, "garbled", str(exc))
        except (OSError, http.client.HTTPException) as exc:
            self._emit_failed(token, stop, "network", str(exc) or type(exc).__name__)
        finally:
            conn.close()

    def _read(self, token: int, resp, parser: MultipartParser, stop: threading.Event) -> None:
        bad = 0
        while not stop.is_set():
            chunk = resp.read1(65536)
            if not chunk:
                self._emit_failed(token, stop, "ended")
                return
            for jpeg in parser.feed(chunk):
                image = QImage.fromData(jpeg, "JPEG")
                if image.isNull():
                    bad += 1
                    if bad >= BAD_FRAMES_LIMIT:
                        self._emit_failed(token, stop, "undecodable")
                        return
                    continue
                bad = 0
                if stop.is_set():
                    return
                try:
                    self.frame_decoded.emit(token, image, hash(jpeg))
                except RuntimeError:
                    return
