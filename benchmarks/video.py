"""Video: 16 live streams on the wall from a real server process, of the demo's kinds as
seeded (MJPEG, HLS every 4th camera, RTSP one in 8 through the server's locator).

- incident selected -> first frame in every one of 16 tiles (target <= 2 s): the cameras are
  ranked for the scene (core.video_rank over the geo index), put on the wall, connected,
  and the figure is the moment the last tile has decoded its first picture. Median of 5
  incidents; each time the wall gets 16 new cameras (new connections). Also the median
  first frame per stream kind.
- then 16 streams play for 10 s: CPU of this process in cores (user + system time / wall
  time), its resident memory, the frames per second it decodes, and the server's CPU.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Iterable

import requests

from benchmarks.harness import Figure, qt_app

STEADY_S = 10.0
RUNS = 5


def _cpu_seconds(pid: int | None = None) -> float:
    """user + system CPU seconds of a process, from /proc."""
    with open(f"/proc/{pid or 'self'}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _wait(app, until, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return True
        time.sleep(0.002)
    return False


def _kind(url: str | None) -> str:
    """The demo's stream kinds, by their seeded URLs (server.video.stream_path)."""
    path = (url or "").split("?")[0]
    return "HLS" if path.endswith(".m3u8") else "RTSP" if path.endswith("/rtsp") else "MJPEG"


def run() -> Iterable[Figure]:

    from core.state import LiveState
    from core.video_rank import cameras_for_scene
    from maps.geoindex import GeoIndex
    from server.embedded import start_embedded
    from widgets.video_wall import VideoWall

    app = qt_app()
    workdir = tempfile.mkdtemp(prefix="ecc-bench-video-")
    srv = start_embedded(f"sqlite:///{workdir}/server.db")
    try:
        token = srv.token()  # the server refuses snapshots and streams to anyone not signed in
        picture = requests.get(f"{srv.url}/api/v1/snapshot", timeout=60,
                               headers={"Authorization": f"Bearer {token}"}).json()
        state = LiveState()
        state.replace("cameras", picture["cameras"])
        cameras = state.records("cameras")
        index = GeoIndex.from_records(cameras)
        incidents = sorted(picture["incidents"], key=lambda i: i["id"])
        # as the console: plain URLs, each tile trading the token for a camera's media token
        wall = VideoWall(state, resolve_url=lambda url: f"{srv.url}{url}",
                         media_auth=lambda url: token)
        wall.set_grid(16)
        wall.resize(1600, 900)
        wall.show()
        app.processEvents()

        firsts, used, by_kind = [], set(), {}
        for inc in incidents:
            if len(firsts) == RUNS:
                break
            # a district-wide radius: the demo world is sparse (~0.5 cameras per 500 m)
            ranked = [r for r in cameras_for_scene(index, cameras, inc["lon"], inc["lat"], 64, 20_000)
                      if r.camera_id not in used][:16]
            if len(ranked) < 16:
                continue
            used.update(r.camera_id for r in ranked)
            wall.show_cameras([])
            app.processEvents()
            t0 = time.monotonic()
            ranked = [r for r in cameras_for_scene(index, cameras, inc["lon"], inc["lat"], 64, 20_000)
                      if r.camera_id in used][:16]
            wall.show_cameras([r.camera_id for r in ranked])
            if not _wait(app, lambda: all(t.first_frame_at is not None for t in wall.tiles()), 30):
                raise RuntimeError("not every tile showed a picture within 30 s; states: "
                                   + ", ".join(t.status_text() for t in wall.tiles()))
            firsts.append(max(t.first_frame_at for t in wall.tiles()) - t0)
            for t in wall.tiles():
                by_kind.setdefault(_kind(t.url), []).append(t.first_frame_at - t0)
        yield Figure("video", f"incident selected -> first frame in all 16 tiles, median of {len(firsts)}",
                     statistics.median(firsts), "s", target=2.0)
        yield Figure("video", "incident selected -> first frame in all 16 tiles, worst", max(firsts), "s")
        for kind, times in sorted(by_kind.items()):
            yield Figure("video", f"first frame of a {kind} tile on a full wall, median of {len(times)}",
                         statistics.median(times), "s")

        frames0 = sum(t.frames for t in wall.tiles())
        cpu0, srv0, t0 = _cpu_seconds(), _cpu_seconds(srv.pid), time.monotonic()
        _wait(app, lambda: False, STEADY_S)
        elapsed = time.monotonic() - t0
        cpu, srv_cpu = _cpu_seconds() - cpu0, _cpu_seconds(srv.pid) - srv0
        frames = sum(t.frames for t in wall.tiles()) - frames0
        playing = sum(t.state == "playing" for t in wall.tiles())
        yield Figure("video", f"16 live streams: console CPU ({playing} tiles playing)", cpu / elapsed, "cores")
        yield Figure("video", "16 live streams: console resident memory", _rss_mb(), "MiB")
        yield Figure("video", "16 live streams: frames decoded and shown", frames / elapsed, "fps",
                     lower_is_better=False)
        yield Figure("video", "16 live streams: server CPU (frame generation)", srv_cpu / elapsed, "cores")
        wall.hide()
        wall.close()
        app.processEvents()
    finally:
        srv.stop()
