"""One video tile: a camera's live picture with its name and what the stream is doing.

MJPEG over HTTP goes through `widgets.video_mjpeg` (worker-thread decode); everything else
(RTSP, HLS, MP4 over HTTP, files) through QMediaPlayer into a QVideoSink. A stream locator
(an HTTP URL ending in /rtsp that answers {"url": "rtsp://..."}, as video platforms hand out
RTSP addresses on request) is asked first, without blocking. A stream on the console's own
server needs a media token in its URL (players cannot send headers, and the operator's
token never goes in a URL): with `media_auth`, the tile asks the server for one first
(GET .../cameras/{id}/media-token with the operator's token in the header, never blocking),
again at every reconnect, and renews it before it expires while a player re-reads the URL
(HLS reloads its playlist). Both end in the same
place: the latest frame as a QImage, painted here, kept for snapshots, and fingerprinted so a
stream that stops changing is marked 画面冻结. A failed stream shows its reason and is retried
with exponential backoff; it never blocks the window.
"""
from __future__ import annotations

import ctypes
import json
import os
import re
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.retry import backoff_delay
from widgets.rtsp_probe import RtspProbe
from widgets.video_mjpeg import MjpegReader

IDLE, CONNECTING, PLAYING, RETRYING, FROZEN, FAILED = (
    "idle", "connecting", "playing", "retrying", "frozen", "failed")
FREEZE_AFTER_S = 5.0        # no new picture (or the same picture) for this long: frozen
STALL_RESTART_S = 15.0      # frozen this long with no frames at all: reconnect
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
_FILE_SUFFIXES = (".mp4", ".mkv", ".mov", ".avi", ".webm", ".ts")
RENEW_SHARE = 0.8           # renew a media token after this share of its life

# Media tokens this console was given, by (the camera's media-token URL, the operator's token
# that asked): a camera opened again — another grid, another incident, a reconnect — while its
# token has most of its life left needs no round trip first. In memory only, never written.
_minted: dict[tuple[str, str], tuple[str, float, float]] = {}   # -> (token, ttl_s, expires monotonic)
_MEDIA_PATH = re.compile(r"^(?P<camera>.*/api/v1/cameras/[^/]+)/(mjpeg|hls/index\.m3u8|clip\.mp4|rtsp)$")


def media_token_url(url: str) -> str | None:
    """Where to ask for a media token for a stream URL of our server (its camera's
    /media-token), or None when the URL is not one of a camera's video routes."""
    parts = urlsplit(url)
    found = _MEDIA_PATH.match(parts.path) if parts.scheme in ("http", "https") else None
    if found is None:
        return None
    return urlunsplit(parts._replace(path=found.group("camera") + "/media-token", query=""))


def with_access_token(url: str, token: str) -> str:
    """`url` with ?access_token=<token> (replacing one it had)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("access_token", token)])))


def is_mjpeg(url: str) -> bool:
    """An HTTP URL that names an MJPEG stream (the usual camera paths), by its path."""
    parts = urlsplit(url)
    path = parts.path.lower()
    return parts.scheme in ("http", "https") and (
        path.endswith(("/mjpeg", "/mjpg", ".mjpg", ".mjpeg", "/video.cgi", "/mjpg/video.cgi"))
        or "action=stream" in parts.query.lower())


_ffmpeg_quiet = False


def quiet_ffmpeg() -> None:
    """Keep FFmpeg (inside Qt's media backend) to errors. By default it writes INFO lines to
    stderr, and those name every URL it opens with the ?access_token= the server needs: a
    token in whatever collects the console's output. Errors name no URL. Call once a
    QMediaPlayer exists (the backend's libavutil is loaded then); QT_FFMPEG_DEBUG=1 keeps
    FFmpeg's own log for debugging."""
    global _ffmpeg_quiet
    if _ffmpeg_quiet or os.environ.get("QT_FFMPEG_DEBUG"):
        return
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths = {line.split(None, 5)[5].strip() for line in f if "libavutil" in line}
    except OSError:  # not Linux: FFmpeg's log stays as Qt left it
        return
    for path in sorted(p for p in paths if p.startswith("/")):
        try:  # the same file as the one loaded: dlopen hands back that library
            ctypes.CDLL(path).av_log_set_level(16)  # AV_LOG_ERROR
        except (OSError, AttributeError):
            continue
        _ffmpeg_quiet = True


def is_stream_locator(url: str) -> bool:
    """An HTTP URL that says where the camera's RTSP stream is (the server's
    /cameras/{id}/rtsp) rather than being the stream."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.path.rstrip("/").endswith("/rtsp")


def located_url(locator: str, answer: bytes) -> str:
    """The stream URL from a locator's JSON answer, carrying the locator's access_token (the
    RTSP server checks it on DESCRIBE) only to the locator's own host: the operator's token
    never goes to a host the answer names. ValueError if the answer names no rtsp:// URL."""
    try:
        url = json.loads(answer)["url"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"no stream URL in the answer ({exc})") from None
    if not isinstance(url, str) or not url.startswith(("rtsp://", "rtsps://")):
        raise ValueError(f"not an RTSP URL: {url!r}")
    token = dict(parse_qsl(urlsplit(locator).query)).get("access_token")
    parts = urlsplit(url)
    if token and "access_token=" not in parts.query and parts.hostname == urlsplit(locator).hostname:
        query = "&".join(q for q in (parts.query, urlencode({"access_token": token})) if q)
        url = urlunsplit(parts._replace(query=query))
    return url


class VideoTile(QWidget):
    state_changed = Signal(str, str)      # state code (idle/connecting/...), the text shown
    frame_shown = Signal()                # a new picture is on the tile
    double_clicked = Signal()             # the user asks to enlarge / restore this tile
    clicked = Signal()                    # the user picked this tile (for a snapshot)

    def __init__(self, parent: QWidget | None = None, *, freeze_after: float = FREEZE_AFTER_S,
                 backoff_first: float = BACKOFF_FIRST_S, backoff_max: float = BACKOFF_MAX_S,
                 media_auth: Callable[[str], str | None] | None = None) -> None:
        """`media_auth(url)`: the operator's token to ask our server for a media token for
        `url` with, or None to play `url` as it is (a camera's own address, a file)."""
        super().__init__(parent)
        self._media_auth = media_auth
        self._play_url: str | None = None  # the URL being played: self.url with its media token
        self._minting = 0                  # id of the media-token request in flight (0: none)
        self._minting_for: tuple[str, str] | None = None   # its cache key (see _minted)
        self._renew_at = 0.0               # when to renew the player's media token (0: never)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.freeze_after = freeze_after
        self._backoff = (backoff_first, backoff_max)
        self.camera_id = ""
        self.name = ""
        self.url: str | None = None
        self.state = IDLE
        self.reason = ""
        self.selected = False
        self.frames = 0                   # frames shown since the camera was set
        self.first_frame_at: float | None = None   # time.monotonic() of the first frame
        self._image: QImage | None = None
        self._digest = None
        self._changed_at = self._frame_at = 0.0
        self._attempt = 0
        self._retry_at = 0.0
        self._token = 0
        self._playing = False
        self._text = ""
        self._mjpeg = MjpegReader(self)
        self._mjpeg.frame_decoded.connect(self._on_mjpeg_frame_decoded)
        self._mjpeg.failed.connect(self._on_mjpeg_failed)
        self._player: QMediaPlayer | None = None
        self._clip = False                 # the player's source is a recording (loops), not live
        self._sink: QVideoSink | None = None
        self._nam: QNetworkAccessManager | None = None   # asks the server why a player failed
        self._locating = 0                 # id of the locator request in flight (0: none)
        self._locate_seq = 0
        self._watch = QTimer(self, interval=500)       # freeze watch and retry countdown
        self._watch.timeout.connect(self._on_watch_timeout)
        self._set_state(IDLE)

    # -- what to show ---------------------------------------------------------------------------------
    def set_camera(self, camera_id: str, name: str = "", url: str | None = None) -> None:
        """Show camera `camera_id` (url None: not known yet, or the camera has none)."""
        if (camera_id, url) == (self.camera_id, self.url) and self.name == name:
            return
        same = camera_id == self.camera_id and url == self.url
        self.camera_id, self.name = camera_id, name
        if same:
            self.update()
            return
        self.url = url
        self._image = None
        self.frames = 0
        self.first_frame_at = None
        self._attempt = 0
        if self._playing:
            self._connect()
        else:
            self._set_state(IDLE)
        self.update()

    def clear(self) -> None:
        self.stop()
        self.set_camera("", "", None)

    def current_image(self) -> QImage | None:
        """The latest decoded frame (a copy-on-write QImage), or None before the first."""
        return self._image

    def status_text(self) -> str:
        return self._text

    # -- running ------------------------------------------------------------------------------------
    def play(self) -> None:
        """Start (or keep) streaming; a tile plays only while its wall is on screen."""
        if not self._playing:
            self._playing = True
            self._watch.start()
            self._connect()

    def stop(self) -> None:
        self._playing = False
        self._watch.stop()
        self._disconnect()
        self._set_state(IDLE)

    @property
    def is_playing(self) -> bool:
        return self._playing

    def _connect(self) -> None:
        self._disconnect()
        if not self.camera_id:
            self._set_state(IDLE)
            return
        if not self.url:
            self._set_state(FAILED, "no_url")
            return
        self._frame_at = self._changed_at = time.monotonic()
        self._set_state(CONNECTING)
        if not self._mint():
            self._open(self.url)

    def _open(self, url: str) -> None:
        """Start the stream at `url` (self.url, with its media token if it needs one)."""
        self._play_url = url
        if is_mjpeg(url):
            self._token = self._mjpeg.start(url)
        elif is_stream_locator(url):
            self._locate(url)
        else:
            self._start_player(url)

    # -- media tokens ---------------------------------------------------------------------------------
    def _mint(self, renewing: bool = False) -> bool:
        """Ask our server for a media token for self.url (never blocking); False if the URL
        needs none. The stream opens (or, renewing, the player moves to the new URL) when the
        answer comes."""
        bearer = self._media_auth(self.url) if self._media_auth is not None else None
        where = media_token_url(self.url) if bearer else None
        if where is None:
            return False
        self._minting_for = (where, bearer)
        cached = _minted.get((where, bearer))
        if cached is not None and not renewing:
            token, ttl, expires = cached
            left = expires - time.monotonic()
            if left > ttl * (1 - RENEW_SHARE):   # most of its life left: renewed in time as usual
                self._use_media_token(token, left, renewing=False)
                return True
            del _minted[(where, bearer)]
        self._locate_seq += 1
        self._minting = self._locate_seq
        request = QNetworkRequest(QUrl(where))
        request.setRawHeader(b"Authorization", f"Bearer {bearer}".encode())
        request.setTransferTimeout(5000)
        reply = self._network().get(request)
        reply.setProperty("minting", self._minting)
        reply.setProperty("renewing", renewing)
        self._minting_for = (where, bearer)
        reply.finished.connect(self._on_media_token_answered)
        return True

    def _on_media_token_answered(self) -> None:
        reply = self.sender()
        if not isinstance(reply, QNetworkReply):
            return
        reply.deleteLater()
        if reply.property("minting") != self._minting or not self._playing:
            return                                   # stopped, or another camera since
        self._minting = 0
        renewing = bool(reply.property("renewing"))
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        error = reply.error()
        try:
            answer = json.loads(bytes(reply.readAll())) if error == QNetworkReply.NetworkError.NoError else {}
            token, ttl = str(answer["token"]), float(answer.get("ttl_s") or 0)
        except (ValueError, KeyError, TypeError):
            token, ttl = "", 0.0
        if token and ttl and self._minting_for is not None:
            _minted[self._minting_for] = (token, ttl, time.monotonic() + ttl)
        if (status is None or int(status) < 400) and error == QNetworkReply.NetworkError.NoError:
            if token:
                self._use_media_token(token, ttl, renewing)
                return
        if renewing:  # no token: asked again in a moment; the old one may still have a while
            self._renew_at = time.monotonic() + BACKOFF_FIRST_S
            return
        if not self._failed_reply(reply, status, error):
            self._fail("bad_url", self.tr("服务器没有给出视频凭据"))

    def _use_media_token(self, token: str, ttl: float, renewing: bool) -> None:
        """Play self.url with `token` (valid for `ttl` s more); renewing, move the player to it."""
        url = with_access_token(self.url, token)
        if renewing:
            if self._player is not None:   # the player moves to the new URL
                self._renew_at = time.monotonic() + ttl * RENEW_SHARE if ttl else 0.0
                self._play_url = url
                self._player.stop()
                self._player.setSource(QUrl())
                self._player.setLoops(1)
                self._start_player(self._play_url)
            return
        # a player re-reads its URL (an HLS playlist every 2 s, a clip when it loops): its
        # token is renewed before it expires. MJPEG and RTSP hold one connection.
        player = not is_mjpeg(url) and not is_stream_locator(url)
        self._renew_at = time.monotonic() + ttl * RENEW_SHARE if ttl and player else 0.0
        self._open(url)

    def _locate(self, locator: str) -> None:
        """Ask where the stream is; the player starts when the answer comes."""
        self._locate_seq += 1
        self._locating = self._locate_seq
        request = QNetworkRequest(QUrl(locator))
        request.setTransferTimeout(5000)
        reply = self._network().get(request)
        reply.setProperty("locating", self._locating)
        reply.finished.connect(self._on_locator_answered)

    def _on_locator_answered(self) -> None:
        reply = self.sender()
        if not isinstance(reply, QNetworkReply):
            return
        reply.deleteLater()
        if reply.property("locating") != self._locating or not self._playing:
            return                                   # stopped, or another camera since
        self._locating = 0
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        error = reply.error()
        if not self._failed_reply(reply, status, error):
            try:
                url = located_url(self._play_url or self.url, bytes(reply.readAll()))
            except ValueError as exc:
                self._fail("bad_url", str(exc))
                return
            self._start_player(url)

    def _failed_reply(self, reply: QNetworkReply, status, error) -> bool:
        """Fail the tile as the reply says (HTTP status, refused, timed out, network); False
        if the reply itself went through."""
        if status is not None and int(status) >= 400:
            self._fail("http", str(int(status)))
        elif error == QNetworkReply.NetworkError.ConnectionRefusedError:
            self._fail("refused")
        elif error == QNetworkReply.NetworkError.OperationCanceledError:
            self._fail("timeout")
        elif error != QNetworkReply.NetworkError.NoError:
            self._fail("network", reply.errorString())
        else:
            return False
        return True

    def _network(self) -> QNetworkAccessManager:
        if self._nam is None:
            self._nam = QNetworkAccessManager(self)
        return self._nam

    def _disconnect(self) -> None:
        self._token = -1
        self._locating = 0
        self._minting = 0
        self._renew_at = 0.0
        self._mjpeg.stop()
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
            # one pass again for the next source; with nothing loaded no playback engine hears it
            self._player.setLoops(1)

    def _start_player(self, url: str) -> None:
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._sink = QVideoSink(self)
            self._player.setVideoSink(self._sink)
            self._sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)
            self._player.errorOccurred.connect(self._on_player_error_occurred)
            self._player.mediaStatusChanged.connect(self._on_player_media_status_changed)
            quiet_ffmpeg()
        qurl = QUrl(url) if "://" in url else QUrl.fromLocalFile(url)
        # a recorded clip loops, a live stream never does; whether this source can loop (seek) is
        # known only once it has loaded (see _on_player_media_status_changed)
        self._clip = qurl.isLocalFile() or urlsplit(url).path.lower().endswith(_FILE_SUFFIXES)
        self._token = 0
        self._player.setSource(qurl)
        self._player.play()

    # -- frames ------------------------------------------------------------------------------------
    def _on_mjpeg_frame_decoded(self, token: int, image: QImage, digest: int) -> None:
        if token == self._token and self._playing:
            self._show(image, digest)

    def _on_sink_video_frame_changed(self, frame: QVideoFrame) -> None:
        if not self._playing or self._token != 0 or not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        # a fingerprint of a 16x9 thumbnail: decoding noise aside, same picture, same bytes
        thumb = image.scaled(16, 9).convertToFormat(QImage.Format.Format_Grayscale8)
        self._show(image, hash(bytes(thumb.constBits())))

    def _show(self, image: QImage, digest) -> None:
        now = time.monotonic()
        self._image = image
        self._frame_at = now
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = now
        if digest != self._digest:
            self._digest = digest
            self._changed_at = now
            self._attempt = 0
            if self.state != PLAYING:
                self._set_state(PLAYING)
        self.update()
        self.frame_shown.emit()

    # -- failures ------------------------------------------------------------------------------------
    def _on_mjpeg_failed(self, token: int, code: str, detail: str) -> None:
        if token == self._token and self._playing:
            self._fail(code, detail)

    def _on_player_error_occurred(self, _error, text: str) -> None:
        source = self._player.source()
        if self._playing and self._token == 0 and source.isValid():
            self._fail("player", text)
            if source.scheme() == "rtsp":
                probe = RtspProbe(bytes(source.toEncoded()).decode(), self)
                probe.setProperty("attempt", self._attempt)
                probe.setProperty("url", self.url)
                probe.answered.connect(self._on_rtsp_probe_answered)
            else:
                self._probe_http()

    def _probe_http(self) -> None:
        """FFmpeg says only "Could not open file": ask the server itself (one GET, dropped as
        soon as the status line is in) so the tile can say 404 / 503 / refused in words."""
        if not self.url or urlsplit(self.url).scheme not in ("http", "https") or is_stream_locator(self.url):
            return  # a locator answered already: the RTSP stream itself failed
        request = QNetworkRequest(QUrl(self._play_url or self.url))
        request.setTransferTimeout(5000)
        reply = self._network().get(request)
        reply.setProperty("attempt", self._attempt)
        reply.setProperty("url", self.url)
        reply.metaDataChanged.connect(self._on_probe_answered)
        reply.finished.connect(self._on_probe_answered)

    def _on_probe_answered(self) -> None:
        reply = self.sender()
        if not isinstance(reply, QNetworkReply) or reply.property("done"):
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        error = reply.error()
        if status is None and not reply.isFinished():
            return                                   # headers not in yet
        reply.setProperty("done", True)
        code = detail = ""
        if status is not None and int(status) >= 400:
            code, detail = "http", str(int(status))
        elif error == QNetworkReply.NetworkError.ConnectionRefusedError:
            code = "refused"
        elif error == QNetworkReply.NetworkError.OperationCanceledError:
            code = "timeout"
        self._show_probe_answer(reply, code, detail)
        if not reply.isFinished():
            reply.abort()
        reply.deleteLater()

    def _on_rtsp_probe_answered(self, code: str, detail: str) -> None:
        self._show_probe_answer(self.sender(), code, detail)

    def _show_probe_answer(self, probe, code: str, detail: str) -> None:
        """The server's reason replaces the player's, if the tile still waits on that failure."""
        current = (self.state == RETRYING and self.url == probe.property("url")
                   and self._attempt == probe.property("attempt"))
        if code and current:
            self._set_state(RETRYING, code, detail)

    def _on_player_media_status_changed(self, status) -> None:
        if not self._playing or self._token != 0:
            return
        if status == QMediaPlayer.MediaStatus.LoadedMedia:
            # Loaded, not yet playing: loop a clip FFmpeg can seek in. A live source (HLS, RTSP)
            # is not seekable and gets no loops; one that ends is a stream that broke off.
            if self._clip and self._player.isSeekable():
                self._player.setLoops(QMediaPlayer.Loops.Infinite)
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and self._player.loops() == 1:
            self._fail("ended")

    def _fail(self, code: str, detail: str = "") -> None:
        if self._minting_for is not None:   # the next try asks for a fresh media token
            _minted.pop(self._minting_for, None)
        self._disconnect()
        self._attempt += 1
        # retry number self._attempt (1, 2, 3 ...) waits 1, 2, 4 ... s up to the cap: one tile's own
        # schedule, so no jitter (core.retry)
        self._retry_at = time.monotonic() + backoff_delay(self._attempt - 1, *self._backoff, jitter=False)
        self._set_state(RETRYING, code, detail)

    def _on_watch_timeout(self) -> None:
        now = time.monotonic()
        if self._renew_at and now >= self._renew_at and not self._minting \
                and self.state in (PLAYING, FROZEN, CONNECTING):
            self._renew_at = 0.0
            self._mint(renewing=True)
        if self.state == RETRYING:
            if now >= self._retry_at:
                self._connect()
            else:
                self._set_state(RETRYING, self._code, self._detail)   # the countdown moves
        elif self.state in (PLAYING, CONNECTING) and self._image is not None \
                and now - self._changed_at >= self.freeze_after:
            self._set_state(FROZEN)
        elif self.state == FROZEN:
            if now - self._frame_at >= STALL_RESTART_S:
                self._fail("stalled")
            else:
                self._set_state(FROZEN)
        elif self.state == CONNECTING and now - self._frame_at >= STALL_RESTART_S:
            self._fail("timeout")

    # -- text ---------------------------------------------------------------------------------------
    def _reason_text(self, code: str, detail: str) -> str:
        if code == "http":
            if detail == "503":
                return self.tr("摄像头无信号（服务器返回 503）")
            if detail == "404":
                return self.tr("摄像头不存在（服务器返回 404）")
            if detail in ("401", "403"):
                return self.tr("无权观看该视频，请重新登录（服务器返回 %1）").replace("%1", detail)
            return self.tr("服务器返回 HTTP %1").replace("%1", detail)
        texts = {
            "refused": self.tr("无法连接视频服务器（连接被拒绝）"),
            "timeout": self.tr("连接超时，没有收到画面"),
            "ended": self.tr("视频流中断"),
            "stalled": self.tr("长时间没有新画面"),
            "undecodable": self.tr("画面无法解码"),
            "garbled": self.tr("视频流格式错误"),
            "not_mjpeg": self.tr("不是 MJPEG 视频流（%1）").replace("%1", detail),
            "bad_url": self.tr("视频地址无效：%1").replace("%1", detail),
            "network": self.tr("网络错误：%1").replace("%1", detail),
            "player": self.tr("播放器错误：%1").replace("%1", detail),
            "no_url": self.tr("该摄像头没有视频地址"),
        }
        return texts.get(code, code)

    def _set_state(self, state: str, code: str = "", detail: str = "") -> None:
        self._code, self._detail = code, detail
        self.reason = self._reason_text(code, detail) if code else ""
        if state == IDLE:
            text = self.tr("未播放") if self.camera_id else self.tr("空闲")
        elif state == CONNECTING:
            text = self.tr("重连中…") if self._attempt else self.tr("连接中…")
        elif state == PLAYING:
            text = self.tr("播放中")
        elif state == FROZEN:
            still = int(time.monotonic() - self._changed_at)
            text = self.tr("画面冻结（%1 秒无变化）").replace("%1", str(still))
        elif state == RETRYING:
            wait = max(0, int(self._retry_at - time.monotonic() + 0.999))
            text = self.tr("失败：%1；重连中（%2 秒后）").replace("%1", self.reason).replace("%2", str(wait))
        else:
            text = self.tr("失败：%1").replace("%1", self.reason)
        changed = (state, text) != (self.state, self._text)
        self.state, self._text = state, text
        if changed:
            self.update()
            self.state_changed.emit(state, text)

    # -- painting and mouse ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(320, 180)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        r = self.rect()
        p.fillRect(r, QColor("#101418"))
        if self._image is not None:
            size = self._image.size().scaled(r.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x, y = (r.width() - size.width()) / 2, (r.height() - size.height()) / 2
            p.drawImage(QRectF(x, y, size.width(), size.height()), self._image)
        colour = {PLAYING: "#3fb950", FROZEN: "#f2c81d", RETRYING: "#f85149", FAILED: "#f85149"}
        inner = r.adjusted(6, 4, -6, -4)
        # each text on a dark backing: legible over any picture (a camera's own caption too)
        for text, pen, align in (
                (self.name or self.camera_id, "#ffffff", Qt.AlignmentFlag.AlignTop),
                (self._text, colour.get(self.state, "#c9d1d9"), Qt.AlignmentFlag.AlignBottom)):
            if not text:
                continue
            flags = Qt.AlignmentFlag.AlignLeft | align | Qt.TextFlag.TextWordWrap
            box = p.boundingRect(inner, flags, text)
            p.fillRect(box.adjusted(-4, -2, 4, 2), QColor(0, 0, 0, 160))
            p.setPen(QColor(pen))
            p.drawText(inner, flags, text)
        if self.selected:
            p.setPen(QPen(QColor("#58a6ff"), 3))
            p.drawRect(r.adjusted(1, 1, -2, -2))
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.clicked.emit()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.double_clicked.emit()
        super().mouseDoubleClickEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.stop()
        super().closeEvent(event)
