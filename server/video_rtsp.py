"""Simulated cameras over RTSP: the same picture as the MJPEG and HLS streams, H.264 over RTP
interleaved in the RTSP TCP connection (RFC 2326 §10.12, RFC 6184 packetization), in pure
Python plus PyAV for the encoding.

Only what a player needs: OPTIONS, DESCRIBE, SETUP (TCP interleaved; a UDP SETUP gets 461 so
FFmpeg falls back to TCP), PLAY, GET_PARAMETER (keep-alive) and TEARDOWN. The URL is
`rtsp://host:port/cameras/<id>?access_token=<media token>`: DESCRIBE checks that it is a media
token of that camera (GET /api/v1/cameras/<id>/media-token), and the rest of that TCP
connection rides on it. Each client gets its own encoder (12 fps, one key frame every
2 s) and, on PLAY, the last 2 s of pictures at once (as a GOP cache would) so a player shows
the first picture in ~0.3 s instead of ~2.3 s of probing. The listener starts on first use (`GET /api/v1/video/rtsp` says where) on 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import base64
import logging
import struct
import time
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)
_MTU = 1400          # RTP payload bytes before a NAL unit is split into FU-A fragments
_CLOCK = 90_000      # H.264 RTP clock


def nal_units(annexb: bytes) -> list[bytes]:
    """The NAL units of an Annex B byte stream (start codes 00 00 01 / 00 00 00 01 removed)."""
    out, i, n = [], 0, len(annexb)
    starts = []
    while True:
        j = annexb.find(b"\x00\x00\x01", i)
        if j < 0:
            break
        starts.append(j + 3)
        i = j + 3
    for k, s in enumerate(starts):
        end = starts[k + 1] - 3 if k + 1 < len(starts) else n
        nal = annexb[s:end].rstrip(b"\x00") if k + 1 < len(starts) else annexb[s:end]
        if nal:
            out.append(nal)
    return out


def rtp_packets(nals: list[bytes], seq: int, timestamp: int, ssrc: int) -> list[bytes]:
    """RTP packets (RFC 6184: single NAL unit or FU-A) for one access unit; the marker bit on
    the last one. `seq` is the first sequence number."""
    payloads = []
    for nal in nals:
        if len(nal) <= _MTU:
            payloads.append(nal)
            continue
        head, body = nal[0], nal[1:]
        indicator = (head & 0xE0) | 28
        for off in range(0, len(body), _MTU):
            chunk = body[off:off + _MTU]
            fu = (head & 0x1F) | (0x80 if off == 0 else 0) | (0x40 if off + _MTU >= len(body) else 0)
            payloads.append(bytes((indicator, fu)) + chunk)
    packets = []
    for k, payload in enumerate(payloads):
        marker = 0x80 if k == len(payloads) - 1 else 0
        header = struct.pack("!BBHII", 0x80, marker | 96, (seq + k) & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc)
        packets.append(header + payload)
    return packets


class RtspServer:
    """One listener for every camera; `authorize(token, camera_id) -> bool` (blocking) guards DESCRIBE,
    `exists(camera_id) -> bool` (blocking) and `feeds` (server.video.CameraFeeds) give the picture."""

    def __init__(self, feeds, exists, authorize, host: str = "127.0.0.1") -> None:
        self.feeds, self.exists, self.authorize, self.host = feeds, exists, authorize, host
        self.port: int | None = None
        self._server: asyncio.AbstractServer | None = None
        self._lock = asyncio.Lock()

    async def ensure_started(self) -> int:
        """Start listening (once); the port."""
        async with self._lock:
            if self._server is None:
                self._server = await asyncio.start_server(self._client, self.host, 0)
                self.port = self._server.sockets[0].getsockname()[1]
                log.info("RTSP camera simulator on rtsp://%s:%d/cameras/<id>", self.host, self.port)
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        camera_id, playing = None, None
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, url, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {k.strip().lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:] if line)}
                if int(headers.get("content-length", 0) or 0):
                    await reader.readexactly(int(headers["content-length"]))
                cseq = headers.get("cseq", "0")
                if method == "OPTIONS":
                    self._reply(writer, cseq, 200, {
                        "Public": "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER"})
                elif method == "DESCRIBE":
                    status, camera_id = await self._describe(url)
                    if status != 200:
                        self._reply(writer, cseq, status)
                        camera_id = None
                        continue
                    sdp = self._sdp(camera_id).encode("ascii")
                    self._reply(writer, cseq, 200, {"Content-Type": "application/sdp",
                                                    "Content-Base": url.split("?")[0] + "/"}, sdp)
                elif method == "SETUP":
                    transport = headers.get("transport", "")
                    if camera_id is None:
                        self._reply(writer, cseq, 455)          # method not valid in this state
                    elif "interleaved" not in transport and "TCP" not in transport:
                        self._reply(writer, cseq, 461)          # UDP: FFmpeg then tries TCP
                    else:
                        self._reply(writer, cseq, 200, {
                            "Transport": "RTP/AVP/TCP;unicast;interleaved=0-1", "Session": "1"})
                elif method == "PLAY" and camera_id is not None:
                    self._reply(writer, cseq, 200, {"Session": "1", "Range": "npt=0.000-"})
                    if playing is None:
                        playing = asyncio.create_task(self._play(camera_id, writer))
                elif method == "GET_PARAMETER":
                    self._reply(writer, cseq, 200, {"Session": "1"})
                elif method == "TEARDOWN":
                    self._reply(writer, cseq, 200, {"Session": "1"})
                    break
                else:
                    self._reply(writer, cseq, 405)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            if playing is not None:
                playing.cancel()
            writer.close()

    async def _describe(self, url: str) -> tuple[int, str | None]:
        parts = urlsplit(url)
        path = parts.path.strip("/").split("/")
        if len(path) < 2 or path[0] != "cameras":
            return 404, None
        token = (parse_qs(parts.query).get("access_token") or [None])[0]
        if not token or not await asyncio.to_thread(self.authorize, token, path[1]):
            return 401, None
        if not await asyncio.to_thread(self.exists, path[1]):
            return 404, None
        if self.feeds.state(path[1]) == "dark":
            return 503, None
        return 200, path[1]

    def _sdp(self, camera_id: str) -> str:
        sps, pps = _parameter_sets(self.feeds.fps)
        profile = sps[1:4].hex().upper()
        sprop = f"{base64.b64encode(sps).decode()},{base64.b64encode(pps).decode()}"
        return ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n"
                f"s={camera_id}\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n"
                "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                f"a=fmtp:96 packetization-mode=1;profile-level-id={profile};sprop-parameter-sets={sprop}\r\n"
                f"a=framerate:{self.feeds.fps:g}\r\na=control:track1\r\n")

    @staticmethod
    def _reply(writer, cseq: str, status: int, headers: dict | None = None, body: bytes = b"") -> None:
        reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
                  455: "Method Not Valid in This State", 461: "Unsupported Transport",
                  503: "Service Unavailable"}.get(status, "Error")
        lines = [f"RTSP/1.0 {status} {reason}", f"CSeq: {cseq}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    async def _play(self, camera_id: str, writer: asyncio.StreamWriter) -> None:
        """Encode and send frames until the camera goes dark or the client goes."""
        from server.video import render_image

        encoder = _encoder(self.feeds.fps)
        period, seq, tick = 1.0 / self.feeds.fps, 0, 0
        ssrc = hash(camera_id) & 0xFFFFFFFF
        # The last 2 s of pictures (one GOP) at once, then live: a player probes ~20 frames before
        # it shows the first one (FFmpeg: 1.7 s at 12 fps, 2.3 s from PLAY to picture). Video
        # servers send their GOP cache on PLAY for the same reason.
        burst = int(round(2 * self.feeds.fps))
        next_at = time.monotonic()
        try:
            while self.feeds.state(camera_id) != "dark":
                frozen = self.feeds.frozen_at(camera_id)
                behind = max(burst - tick, 0) * period       # > 0 only for the burst frames
                img = render_image(camera_id, *(frozen or (time.time() - behind, tick)))
                for packet in await asyncio.to_thread(_encode, encoder, img, tick):
                    stamp = int(tick * _CLOCK / self.feeds.fps)
                    for rtp in rtp_packets(nal_units(packet), seq, stamp, ssrc):
                        writer.write(b"$\x00" + struct.pack("!H", len(rtp)) + rtp)
                        seq += 1
                await writer.drain()
                tick += 1
                if tick <= burst:
                    continue
                next_at += period
                delay = next_at - time.monotonic()
                if delay < -1.0:
                    next_at, delay = time.monotonic(), 0
                await asyncio.sleep(max(delay, 0))
        except (ConnectionError, asyncio.CancelledError):
            return
        writer.close()                  # dark: the stream ends, as a cut cable would


def _encoder(fps: float):
    import av

    from server.video import HEIGHT, WIDTH

    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    ctx.time_base = Fraction(1, int(round(fps)))
    ctx.framerate = Fraction(int(round(fps)), 1)
    ctx.gop_size = int(2 * fps)              # a key frame every 2 s (SPS/PPS repeat with it)
    ctx.options = {"preset": "ultrafast", "tune": "zerolatency", "qp": "20"}
    return ctx


def _encode(ctx, img, pts: int) -> list[bytes]:
    import av

    frame = av.VideoFrame.from_image(img)
    frame.pts = pts
    return [bytes(p) for p in ctx.encode(frame)]


_PARAMETER_SETS: dict[float, tuple[bytes, bytes]] = {}


def _parameter_sets(fps: float) -> tuple[bytes, bytes]:
    """SPS and PPS of the encoder's stream (every session's encoder is set up alike)."""
    if fps not in _PARAMETER_SETS:
        from PIL import Image

        from server.video import HEIGHT, WIDTH

        ctx = _encoder(fps)
        nals = [n for p in _encode(ctx, Image.new("RGB", (WIDTH, HEIGHT)), 0) for n in nal_units(p)]
        sps = next(n for n in nals if n[0] & 0x1F == 7)
        pps = next(n for n in nals if n[0] & 0x1F == 8)
        _PARAMETER_SETS[fps] = (sps, pps)
    return _PARAMETER_SETS[fps]
