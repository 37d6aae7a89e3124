"""Simulated camera streams: MJPEG over HTTP, generated on the fly (numpy + Pillow).

Every camera of the picture gets `/api/v1/cameras/{id}/mjpeg`: a multipart/x-mixed-replace
stream of small JPEG frames (a scrolling colour-bar pattern, the camera id and a clock) at
about 12 frames per second. The bottom band of each frame is one solid colour derived from the
camera id (`camera_colour`), so a test can tell from decoded pixels which camera it is seeing.

A camera can be switched for drills and tests (`POST /api/v1/cameras/{id}/simulate`):
  live    the normal stream
  frozen  the same frame again and again (a hung encoder)
  dark    new requests get 503, open streams end (power cut, cable cut)
The switch lives in this process's memory: a server restart brings every camera back live.
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import time
from datetime import datetime

import numpy as np
from fastapi import Body, Request
from fastapi.responses import JSONResponse, StreamingResponse
from PIL import Image, ImageDraw, ImageFont

BOUNDARY = "eccframe"
WIDTH, HEIGHT = 320, 180
BAND = 24                  # rows of the camera's solid identity colour at the bottom
FPS = 12.0
STATES = ("live", "frozen", "dark")
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


def render_frame(camera_id: str, at: float, tick: int) -> bytes:
    """One JPEG frame of `camera_id` at wall-clock time `at`; `tick` scrolls the pattern."""
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
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
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


def install(app, store, api: str = "/api/v1") -> CameraFeeds:
    """Add the stream and simulator-control routes for the cameras in `store` to `app`."""
    import sqlalchemy as sa

    from server import db

    feeds = CameraFeeds()
    app.state.camera_feeds = feeds

    def _exists(camera_id: str) -> bool:
        with store.reading() as conn:
            return conn.scalar(sa.select(db.cameras.c.id).where(db.cameras.c.id == camera_id)) is not None

    @app.get(f"{api}/cameras/{{camera_id}}/mjpeg", tags=["video"], responses={
        200: {"content": {f"multipart/x-mixed-replace; boundary={BOUNDARY}": {}},
              "description": "JPEG frames, one per part, about 12 per second"},
        404: {"description": "no such camera"}, 503: {"description": "the camera is dark"}})
    async def camera_mjpeg(camera_id: str, request: Request):
        """The live picture of one camera (simulated) as MJPEG over HTTP."""
        if not await asyncio.to_thread(_exists, camera_id):
            return JSONResponse({"detail": f"no camera {camera_id}"}, status_code=404)
        if feeds.state(camera_id) == "dark":
            return JSONResponse({"detail": f"摄像头 {camera_id} 无信号"}, status_code=503,
                                headers={"Retry-After": "5"})
        return StreamingResponse(feeds.stream(camera_id, request.is_disconnected),
                                 media_type=f"multipart/x-mixed-replace; boundary={BOUNDARY}",
                                 headers={"Cache-Control": "no-store"})

    @app.post(f"{api}/cameras/{{camera_id}}/simulate", tags=["video"],
              responses={404: {"description": "no such camera"}, 422: {"description": "bad state"}})
    async def camera_simulate(camera_id: str, state: str = Body(..., embed=True)):
        """Simulator control for drills and tests: state live, frozen or dark."""
        if not await asyncio.to_thread(_exists, camera_id):
            return JSONResponse({"detail": f"no camera {camera_id}"}, status_code=404)
        try:
            feeds.set_state(camera_id, state)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return {"camera_id": camera_id, "state": feeds.state(camera_id)}

    return feeds


def stream_path(camera_id: str) -> str:
    """The stream URL seeded into a camera record: relative, resolved against the server."""
    return f"/api/v1/cameras/{camera_id}/mjpeg"
