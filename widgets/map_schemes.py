"""URL scheme handlers behind the map page (registered by console.schemes before QApplication).

- `app://local/<path>`: vendored Leaflet (resources/leaflet), our page code (resources/map) and
  pages built in memory (`app://local/page/<name>.html`).
- `tiles://local/{z}/{x}/{y}.png`: tiles from an MBTiles file, with lower-zoom fallback.

Each reply is a QBuffer parented to its job, so Qt frees it with the job; no HTTP server.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (QWebEngineUrlRequestInterceptor, QWebEngineUrlRequestJob,
                                     QWebEngineUrlSchemeHandler)

from maps.tiles import MBTiles

log = logging.getLogger(__name__)
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
STATIC_ROOTS = {"leaflet": RESOURCES / "leaflet", "map": RESOURCES / "map"}
MIME = {".js": b"text/javascript", ".css": b"text/css", ".png": b"image/png",
        ".html": b"text/html;charset=utf-8", ".json": b"application/json", ".svg": b"image/svg+xml"}


def _reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
    buf = QBuffer(job)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    job.reply(mime, buf)


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves app://local/: static assets from resources/ and in-memory pages."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, bytes] = {}
        self._blobs: dict[str, bytes] = {}
        self._cache: dict[str, bytes] = {}

    def set_blob(self, name: str, data: bytes) -> str:
        """Publish a binary data block for one fetch (then it is dropped); returns its URL."""
        self._blobs[name] = data
        return f"app://local/data/{name}"

    def set_page(self, name: str, html: str) -> str:
        """Publish an HTML page; returns its URL."""
        self._pages[name] = html.encode("utf-8")
        return f"app://local/page/{name}"

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt override)
        url = job.requestUrl()
        parts = url.path().lstrip("/").split("/", 1)
        if url.host() != "local" or len(parts) != 2:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        root, rest = parts
        if root == "page" and rest in self._pages:
            _reply(job, MIME[".html"], self._pages[rest])
            return
        if root == "data" and rest in self._blobs:
            _reply(job, b"application/octet-stream", self._blobs.pop(rest))
            return
        base = STATIC_ROOTS.get(root)
        path = (base / rest).resolve() if base else None
        if path is None or not path.is_relative_to(base) or not path.is_file():
            log.warning("map page asked for a missing asset: %s", url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        key = str(path)
        if key not in self._cache:
            self._cache[key] = path.read_bytes()
        _reply(job, MIME.get(path.suffix, b"application/octet-stream"), self._cache[key])


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves tiles://local/{z}/{x}/{y}.png from the current MBTiles source."""

    def __init__(self, source: MBTiles | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.served = 0

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt override)
        parts = job.requestUrl().path().lstrip("/").removesuffix(".png").split("/")
        try:
            z, x, y = (int(p) for p in parts)
        except ValueError:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        data = self.source.tile(z, x, y) if self.source is not None and z >= 0 else None
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self.served += 1
        _reply(job, b"image/png", data)


class RequestLog(QWebEngineUrlRequestInterceptor):
    """Records every URL a page asks for; optionally blocks all but the local schemes."""

    LOCAL = ("app", "tiles", "qrc", "data", "blob", "about")

    def __init__(self, block_external: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.urls: list[str] = []
        self.block_external = block_external

    def interceptRequest(self, info) -> None:  # noqa: N802 (Qt override)
        url = info.requestUrl()
        self.urls.append(url.toString())
        if self.block_external and url.scheme() not in self.LOCAL:
            info.block(True)

    def external(self) -> list[str]:
        return [u for u in self.urls if u.split(":", 1)[0] not in self.LOCAL]
