"""Simulated camera streams: MJPEG over HTTP, generated on the fly (numpy + Pillow). The HTTP
routes are in server/routes/video.py.

Every camera of the picture gets `/api/v1/cameras/{id}/mjpeg`: a multipart/x-mixed-replace
stream of small JPEG frames (a scrolling colour-bar pattern, the camera id and a clock) at
about 12 frames per second. The bottom band of each frame is one solid colour derived from the
camera id (`camera_colour`), so a test can tell from decoded pixels which camera it is seeing.

A camera can be switched for drills and tests (`POST /api/v1/cameras/{id}/simulate`):
  live    the normal stream
  frozen  the same frame again and again (a hung encoder)
  dark    new requests get 503, open streams end (power cut, cable cut)
The switch lives in this process's memory: a server restart brings every camera back live.

The same picture also goes out as live HLS (`/hls/index.m3u8`: a sliding window of 2-second
MPEG-TS segments, H.264 encoded here with PyAV, no ffmpeg program needed) and as a short
fragmented MP4 (`/clip.mp4`), for the players that go through QtMultimedia. Segment URIs in
the playlist carry the playlist's own ?access_token=, because a player resolves them relative
to the playlist and would otherwise drop the query, and with it the operator's token.
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import threading
import time
from collections import OrderedDict
from datetime import datetime
from fractions import Fraction
from urllib.parse import urlencode

import numpy as np
from PIL import Image, ImageDraw, ImageFont

BOUNDARY = "eccframe"
WIDTH, HEIGHT = 320, 180
BAND = 24                  # rows of the camera's solid identity colour at the bottom
FPS = 12.0
STATES = ("live", "frozen", "dark")
HLS_SEGMENT_S = 2.0        # seconds per HLS segment (one key frame each)
HLS_WINDOW = 3             # segments listed in the live playlist
CLIP_S = 4.0               # length of the /clip.mp4 recording
_SEG_FRAMES = int(FPS * HLS_SEGMENT_S)
_CACHED_SEGMENTS = 256     # ~16 HLS cameras x the window and then some
# eight colour bars, SMPTE-like; twice as wide as the frame so a slice scrolls through them
_BARS = np.array([(235, 235, 235), (235, 235, 16), (16, 235, 235), (16, 235, 16),
                  (235, 16, 235), (235, 16, 16), (16, 16, 235), (16, 16, 16)], dtype=np.uint8)


def camera_colour(camera_id: str) -> tuple[int, int, int]:
    """The identity colour of a camera's bottom band: saturated enough to survive JPEG."""
    h = hashlib.sha1(camera_id.encode("utf-8")).digest()
    return tuple(40 + (b % 5) * 45 for b in h[:3])  # channels in {40, 85, 130, 175, 220}


def _pattern() -> np.ndarray:
    bar = WIDTH // len(_BARS)
    row = np.repeat(_BARS, bar, axis=0)                       # (WIDTH, 3)
    row = np.concatenate([row, row])                          # (2 * WIDTH, 3)
    return np.broadcast_to(row, (HEIGHT - BAND, 2 * WIDTH, 3))


_PATTERN = _pattern()
_FONT = ImageFont.load_default(size=18)


def render_image(camera_id: str, at: float, tick: int) -> Image.Image:
    """One picture of `camera_id` at wall-clock time `at`; `tick` scrolls the pattern."""
    shift = (tick * 6) % WIDTH
    pixels = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    pixels[:HEIGHT - BAND] = _PATTERN[:, shift:shift + WIDTH]
    pixels[HEIGHT - BAND:] = camera_colour(camera_id)
    img = Image.fromarray(pixels)
    draw = ImageDraw.Draw(img)
    clock = datetime.fromtimestamp(at).strftime("%H:%M:%S.") + f"{int(at * 10) % 10}"
    draw.rectangle((4, 4, 200, 50), fill=(0, 0, 0))
    draw.text((8, 6), camera_id, fill=(255, 255, 255), font=_FONT)
    draw.text((8, 27), clock, fill=(255, 255, 0), font=_FONT)
    return img


def render_frame(camera_id: str, at: float, tick: int) -> bytes:
    """One JPEG frame of `camera_id` at wall-clock time `at`; `tick` scrolls the pattern."""
    out = io.BytesIO()
    render_image(camera_id, at, tick).save(out, "JPEG", quality=70)
    return out.getvalue()


def _part(jpeg: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n"
            .encode("ascii") + jpeg + b"\r\n")


class CameraFeeds:
    """The simulated state of every camera, and the frames they send."""

    def __init__(self, fps: float = FPS) -> None:
        self.fps = fps
        self._state: dict[str, str] = {}
        self._frozen: dict[str, bytes] = {}
        self._frozen_at: dict[str, tuple[float, int]] = {}   # the picture a frozen camera repeats
        self._epoch = time.time()                            # HLS segment 0 starts here
        self._segments: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def state(self, camera_id: str) -> str:
        return self._state.get(camera_id, "live")

    def set_state(self, camera_id: str, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"camera state {state!r}; expected one of {', '.join(STATES)}")
        if state == "live":
            self._state.pop(camera_id, None)
        else:
            self._state[camera_id] = state
        self._frozen.pop(camera_id, None)
        self._frozen_at.pop(camera_id, None)
        if state == "frozen":
            self._frozen_at[camera_id] = (time.time(), int((time.time() - self._epoch) * self.fps))

    def frozen_at(self, camera_id: str) -> tuple[float, int] | None:
        """(time, tick) of the picture a frozen camera repeats; None when it is not frozen."""
        return self._frozen_at.get(camera_id) if self.state(camera_id) == "frozen" else None

    def frame(self, camera_id: str, tick: int) -> bytes:
        if self.state(camera_id) == "frozen":
            if camera_id not in self._frozen:
                self._frozen[camera_id] = render_frame(camera_id, time.time(), tick)
            return self._frozen[camera_id]
        return render_frame(camera_id, time.time(), tick)

    async def stream(self, camera_id: str, is_disconnected):
        """The multipart body: frames until the client goes or the camera goes dark."""
        period = 1.0 / self.fps
        tick = 0
        next_at = time.monotonic()
        while self.state(camera_id) != "dark":
            yield _part(self.frame(camera_id, tick))
            tick += 1
            next_at += period
            delay = next_at - time.monotonic()
            if delay < -1.0:        # fell far behind (a busy machine): drop frames, not pile up
                next_at = time.monotonic()
                delay = 0
            await asyncio.sleep(max(delay, 0))
            if await is_disconnected():
                return


    # -- HLS and MP4 ----------------------------------------------------------------------------------
    def live_sequence(self) -> int:
        """The number of the HLS segment being "recorded" now (0 at server start)."""
        return int((time.time() - self._epoch) // HLS_SEGMENT_S)

    def playlist(self, camera_id: str, access_token: str | None = None) -> str:
        """The live HLS playlist: the last HLS_WINDOW segments up to the one recording now."""
        last = self.live_sequence()
        first = max(0, last - HLS_WINDOW + 1)
        query = f"?{urlencode({'access_token': access_token})}" if access_token else ""
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{int(HLS_SEGMENT_S)}",
                 f"#EXT-X-MEDIA-SEQUENCE:{first}"]
        for n in range(first, last + 1):
            lines += [f"#EXTINF:{HLS_SEGMENT_S:.3f},", f"seg{n}.ts{query}"]
        return "\n".join(lines) + "\n"

    def segment_known(self, n: int) -> bool:
        """Segments just behind the window stay fetchable (a slow player); future ones do not."""
        last = self.live_sequence()
        return last - HLS_WINDOW - 3 <= n <= last + 1

    def segment(self, camera_id: str, n: int) -> bytes:
        """HLS segment `n` of `camera_id` as MPEG-TS (encoded once, then cached). Blocking."""
        frozen = self.frozen_at(camera_id)
        key = (camera_id, n, frozen)
        with self._lock:
            if key in self._segments:
                self._segments.move_to_end(key)
                return self._segments[key]
        first = n * _SEG_FRAMES
        at = self._epoch + n * HLS_SEGMENT_S
        pictures = (render_image(camera_id, *(frozen or (at + i / self.fps, first + i)))
                    for i in range(_SEG_FRAMES))
        # each segment is its own TS mux whose continuity counters restart at 0: flag that, or
        # the demuxer marks the previous segment's last frame corrupt
        data = encode_h264(pictures, "mpegts", self.fps, first_pts=first,
                           options={"mpegts_flags": "+initial_discontinuity"})
        with self._lock:
            self._segments[key] = data
            while len(self._segments) > _CACHED_SEGMENTS:
                self._segments.popitem(last=False)
        return data

    def clip(self, camera_id: str) -> bytes:
        """CLIP_S seconds of `camera_id` from now as a fragmented MP4 (streamable). Blocking."""
        frozen = self.frozen_at(camera_id)
        now, frames = time.time(), int(CLIP_S * self.fps)
        pictures = (render_image(camera_id, *(frozen or (now + i / self.fps, i))) for i in range(frames))
        return encode_h264(pictures, "mp4", self.fps, options={
            "movflags": "frag_keyframe+empty_moov+default_base_moof"})


def encode_h264(pictures, container: str, fps: float, first_pts: int = 0,
                options: dict | None = None) -> bytes:
    """Encode PIL pictures to H.264 in `container` (mpegts / mp4), in memory, one GOP."""
    import av  # PyAV bundles libavcodec + libx264: no ffmpeg program on the machine needed

    out = io.BytesIO()
    with av.open(out, "w", format=container, options=options or {}) as box:
        stream = box.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        # zerolatency: no B-frames or look-ahead, so a segment decodes on its own, quickly
        stream.codec_context.options = {"preset": "ultrafast", "tune": "zerolatency", "qp": "20"}
        stream.codec_context.gop_size = 10_000          # one key frame, at the segment's start
        time_base = Fraction(1, int(round(fps)))
        for i, img in enumerate(pictures):
            frame = av.VideoFrame.from_image(img)
            frame.pts, frame.time_base = first_pts + i, time_base
            box.mux(stream.encode(frame))
        box.mux(stream.encode(None))
    return out.getvalue()


def stream_path(camera_id: str) -> str:
    """The stream URL seeded into a camera record: relative, resolved against the server.
    By camera number: every 4th streams HLS; numbers 2, 10, 18, ... (one in 8) give the RTSP
    locator (`/rtsp` answers where the RTSP stream is, as platforms hand out RTSP addresses on
    request); the rest MJPEG. The demo shows every kind the console plays."""
    digits = "".join(ch for ch in camera_id if ch.isdigit())
    if digits and int(digits) % 4 == 0:
        return f"/api/v1/cameras/{camera_id}/hls/index.m3u8"
    if digits and int(digits) % 8 == 2:
        return f"/api/v1/cameras/{camera_id}/rtsp"
    return f"/api/v1/cameras/{camera_id}/mjpeg"
