"""Benchmark group `map`: the live map at the full scene, and the plain-Leaflet baseline.

Scene: 100,000 sensors, 8,000 cameras, 500 units, 200 incidents (maps.scene), both districts'
grid cells. Figures: page load to all layers drawn; sustained updates (UPDATES_PER_S for
DURATION_S: page fps from requestAnimationFrame counts, update-to-drawn lag p95, Qt main
thread block p99); renderer and Python memory; nearest-10 over 100,000 points; and the same
load/update figures for one Leaflet circleMarker per point, measured in the same run.

Runs under a 24-bit Xvfb (started here when DISPLAY is unset) with Qt Quick's software
backend, which on this GPU-less machine keeps the Qt thread free (llvmpipe GL blocked it
~200 ms per page frame). `MAP_BENCH_SECONDS=10 python -m benchmarks map` shortens the runs.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator

from benchmarks.harness import Figure, percentile, qt_app

DURATION_S = float(os.environ.get("MAP_BENCH_SECONDS", 60))
BASELINE_DURATION_S = min(DURATION_S, 20.0)  # the baseline falls behind quickly; 20 s shows it
UPDATES_PER_S = 2000
TICK_MS = 10
LOAD_RUNS = 3
SCENE = dict(sensors=100_000, cameras=8_000, units=500, incidents=200)
B = "map"


def _start_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return None
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stderr=subprocess.DEVNULL)
    os.close(w)
    num = b""
    while not num.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            break
        num += chunk
    os.close(r)
    os.environ["DISPLAY"] = f":{num.decode().strip()}"
    return proc


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def _children(pid: int) -> list[int]:
    """All descendants of pid (QtWebEngine's zygote forks the renderers: grandchildren)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    out, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        frontier += kids
    return out


def _load() -> float:
    return os.getloadavg()[0]


def run() -> Iterator[Figure]:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    xvfb = _start_display()
    try:
        yield from _geo_figures()
        yield from _page_figures()
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)


def _geo_figures() -> Iterator[Figure]:
    import numpy as np

    from maps.geoindex import GeoIndex
    from maps.scene import build_scene

    t0 = time.perf_counter()
    scene = build_scene(**SCENE)
    yield Figure(B, "build_scene (benchmark scene)", time.perf_counter() - t0, "s")
    lon = np.array([s["lon"] for s in scene.sensors])
    lat = np.array([s["lat"] for s in scene.sensors])
    t0 = time.perf_counter()
    ix = GeoIndex([s["id"] for s in scene.sensors], lon, lat)
    yield Figure(B, "geo index build, 100,000 points", (time.perf_counter() - t0) * 1000, "ms")
    rng = np.random.default_rng(7)
    q = np.column_stack([rng.uniform(lon.min(), lon.max(), 1000), rng.uniform(lat.min(), lat.max(), 1000)])
    times = []
    for x, y in q:
        t0 = time.perf_counter()
        ix.nearest(float(x), float(y), 10)
        times.append(time.perf_counter() - t0)
    yield Figure(B, "nearest-10 over 100,000 points (median of 1,000)", statistics.median(times) * 1000,
                 "ms", target=1.0)
    times = []
    for x, y in q[:300]:
        t0 = time.perf_counter()
        ix.within_radius(float(x), float(y), 500)
        times.append(time.perf_counter() - t0)
    yield Figure(B, "within 500 m over 100,000 points (median of 300)", statistics.median(times) * 1000, "ms")


def _page_figures() -> Iterator[Figure]:
    from console.schemes import register_url_schemes

    register_url_schemes()

    app = qt_app()
    ours = OursRun(app, SCENE)
    yield Figure(B, "page HTML build (folium, once per process)", ours.page_build_s, "s")
    loads = [ours.load() for _ in range(LOAD_RUNS)]
    yield Figure(B, f"ours: page load to all layers drawn (median of {LOAD_RUNS})",
                 statistics.median(loads), "s", target=1.0)
    res = ours.sustain(DURATION_S, UPDATES_PER_S, TICK_MS)
    yield from _sustain_figures("ours", res, DURATION_S)
    yield Figure(B, "ours: renderer process RSS at the end", res["renderer_mb"], "MiB")
    yield Figure(B, "Python process RSS at the end (scene + LiveState + map)", _rss_mb(os.getpid()), "MiB")
    ours.close()

    base = BaselineRun(app, ours.scene)
    loads = [base.load() for _ in range(LOAD_RUNS)]
    yield Figure(B, f"baseline circleMarker: page load to drawn (median of {LOAD_RUNS})",
                 statistics.median(loads), "s")
    res = base.sustain(BASELINE_DURATION_S, UPDATES_PER_S, TICK_MS)
    yield from _sustain_figures("baseline circleMarker", res, BASELINE_DURATION_S)
    yield Figure(B, "baseline circleMarker: renderer process RSS at the end", res["renderer_mb"], "MiB")
    base.close()


def _sustain_figures(who: str, res: dict, seconds: float) -> Iterator[Figure]:
    tag = f"{who}: {UPDATES_PER_S:,} updates/s for {seconds:g} s"
    ours = who == "ours"
    yield Figure(B, f"{tag}: page fps (median of 1 s windows)", res["fps"], "fps",
                 target=20.0 if ours else None, lower_is_better=False)
    yield Figure(B, f"{tag}: update-to-drawn lag p95", res["lag_p95"], "ms", target=250.0 if ours else None)
    yield Figure(B, f"{tag}: update-to-drawn lag median", res["lag_p50"], "ms")
    yield Figure(B, f"{tag}: Qt main thread block p99", res["block_p99"], "ms", target=50.0 if ours else None)
    yield Figure(B, f"{tag}: Qt main thread block max", res["block_max"], "ms")
    yield Figure(B, f"{tag}: updates applied", res["applied"] / seconds, "updates/s", lower_is_better=False)
    yield Figure(B, f"{tag}: CPU of the Python process (Qt, GPU and IO threads included)",
                 res["cpu_python"], "cores")
    yield Figure(B, f"{tag}: CPU of the QtWebEngine processes", res["cpu_web"], "cores")
    yield Figure(B, f"{tag}: machine load average (1 min) at the end: other work shares the cores",
                 res["loadavg"], "")


# ---------------------------------------------------------------- runners


def _flush_deletes(app) -> None:
    """Run deferred deletes now (processEvents leaves them): a page before its profile."""
    from PySide6.QtCore import QEvent

    for _ in range(3):
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        _wait(app, lambda: False, 0.1)


def _wait(app, cond, timeout_s: float) -> bool:
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + timeout_s
    while not cond():
        if time.perf_counter() > end:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return True


class _Sustain:
    """Feeds updates on a Qt timer and measures the Qt thread's stalls with a 5 ms timer."""

    def __init__(self, app, feed, rate: int) -> None:
        self.app, self.feed, self.rate = app, feed, rate
        self.gaps: list[float] = []
        self.frames: list[int] = []
        self.lags: list[float] = []
        self.applied = 0

    def run(self, seconds: float, tick_ms: int) -> None:
        from PySide6.QtCore import Qt, QTimer

        procs = [os.getpid()] + _children(os.getpid())
        cpu0 = {p: _cpu_s(p) for p in procs}

        last = [time.perf_counter()]

        def probe() -> None:
            now = time.perf_counter()
            self.gaps.append((now - last[0]) * 1000)
            last[0] = now

        start = time.perf_counter()

        def tick() -> None:
            # catch up when the timer fired late, so the offered rate really is `rate`
            due = int((time.perf_counter() - start) * self.rate) - self.applied
            if due > 0:
                self.applied += self.feed(due)

        gap_timer = QTimer(interval=5, timerType=Qt.TimerType.PreciseTimer)
        gap_timer.timeout.connect(probe)
        feed_timer = QTimer(interval=tick_ms, timerType=Qt.TimerType.PreciseTimer)
        feed_timer.timeout.connect(tick)
        gap_timer.start()
        feed_timer.start()
        end = time.perf_counter() + seconds
        _wait(self.app, lambda: time.perf_counter() >= end, seconds + 5)
        feed_timer.stop()
        gap_timer.stop()
        used = {p: _cpu_s(p) - c for p, c in cpu0.items()}
        self.cpu_python = used.pop(os.getpid()) / seconds
        self.cpu_web = sum(v for v in used.values() if v == v) / seconds
        self.loadavg = _load()

    def result(self, renderer_pid: int) -> dict:
        blocks = [max(0.0, g - 5.0) for g in self.gaps]
        frames = self.frames[1:-1] or self.frames  # first and last windows are partial
        return {"fps": statistics.median(frames) if frames else 0.0,
                "lag_p95": percentile(self.lags, 95), "lag_p50": percentile(self.lags, 50),
                "block_p99": percentile(blocks, 99), "block_max": max(blocks, default=0.0),
                "applied": self.applied, "renderer_mb": _rss_mb(renderer_pid),
                "cpu_python": self.cpu_python, "cpu_web": self.cpu_web, "loadavg": self.loadavg}


class OursRun:
    def __init__(self, app, scene_args: dict) -> None:
        from core.state import LiveState
        from maps.scene import build_scene
        from widgets.map_text import page_labels
        from widgets.map_view import _page_future

        self.app = app
        self.scene = build_scene(**scene_args)
        self.state = LiveState()
        for name, recs in self.scene.layers().items():
            self.state.replace(name, recs)
        t0 = time.perf_counter()
        _page_future(page_labels()).result()
        self.page_build_s = time.perf_counter() - t0
        self.view = None

    def load(self) -> float:
        from widgets.map_view import MapView

        self.close()
        view = MapView(self.state)
        view.resize(1400, 900)
        t0 = time.perf_counter()
        view.show()
        if not _wait(self.app, lambda: view.is_ready, 60):
            raise RuntimeError("the map page did not report ready within 60 s")
        self.view = view
        return time.perf_counter() - t0

    def sustain(self, seconds: float, rate: int, tick_ms: int) -> dict:
        rng = random.Random(5)
        sensors = [s["id"] for s in self.scene.sensors]
        units = list(self.scene.units)
        states = ["normal"] * 6 + ["warning", "alarm", "offline", "fault"]
        state = self.state

        def feed(count: int) -> int:
            n_units = max(1, count // 10)
            ups = [{"id": rng.choice(sensors), "state": rng.choice(states), "value": rng.random()}
                   for _ in range(count - n_units)]
            state.apply("sensors", ups)
            moves = []
            for u in rng.sample(units, n_units):
                u = state.get("units", u["id"])
                moves.append({"id": u["id"], "lon": u["lon"] + rng.uniform(-3e-4, 3e-4),
                              "lat": u["lat"] + rng.uniform(-3e-4, 3e-4), "heading": rng.randrange(360)})
            state.apply("units", moves)
            return count

        s = _Sustain(self.app, feed, rate)

        def on_stats(st: dict) -> None:
            s.frames.append(st["frames"])
            s.lags.extend(st["lags"])

        self.view.stats_reported.connect(on_stats)
        s.run(seconds, tick_ms)
        _wait(self.app, lambda: False, 1.2)  # the page's last report
        self.view.stats_reported.disconnect(on_stats)
        return s.result(self.view.page().renderProcessPid())

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
            self.view = None
            _flush_deletes(self.app)


_BASELINE_JS = """
var map = L.map('map', {preferCanvas: true}).setView([39.955, 116.47], 11);
L.tileLayer('tiles://local/{z}/{x}/{y}.png', {maxNativeZoom: 16}).addTo(map);
var COL = ['#2e9d4f', '#f0a30a', '#e02424', '#8c8c8c', '#8e44ad'];
var R = L.canvas({padding: 0.1}), M = new Array(D.lon.length), frames = 0, lags = [];
for (var i = 0; i < D.lon.length; i++)
  M[i] = L.circleMarker([D.lat[i], D.lon[i]], {renderer: R, radius: 3, weight: 1, color: '#202020',
                        fillColor: COL[D.s[i]], fillOpacity: 1}).addTo(map);
function U(batch, t) {
  for (var j = 0; j < batch.length; j++) M[batch[j][0]].setStyle({fillColor: COL[batch[j][1]]});
  // requested after setStyle's own redraw request, so it runs once the redraw is done
  requestAnimationFrame(function () { lags.push(Date.now() - t); });
}
function loop() { frames++; requestAnimationFrame(loop); }
function take() { var r = JSON.stringify({frames: frames, lags: lags}); frames = 0; lags = []; return r; }
requestAnimationFrame(function () { requestAnimationFrame(function () { document.title = 'drawn'; loop(); }); });
"""


class BaselineRun:
    """One Leaflet circleMarker per sensor on the canvas renderer, updated with setStyle."""

    def __init__(self, app, scene) -> None:
        from maps.scene import SENSOR_STATES

        self.app = app
        self.view = None
        idx = {s: i for i, s in enumerate(SENSOR_STATES)}
        self.ids = {s["id"]: i for i, s in enumerate(scene.sensors)}
        self.states = idx
        data = {"lon": [s["lon"] for s in scene.sensors], "lat": [s["lat"] for s in scene.sensors],
                "s": [idx[s["state"]] for s in scene.sensors]}
        self.html = ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                     "<link rel='stylesheet' href='app://local/leaflet/leaflet.css'>"
                     "<script src='app://local/leaflet/leaflet.js'></script>"
                     "<style>html,body,#map{margin:0;height:100%}</style></head><body><div id='map'></div>"
                     f"<script>var D = {json.dumps(data)};{_BASELINE_JS}</script></body></html>")
        self.scene = scene

    def load(self) -> float:
        from PySide6.QtCore import QUrl
        from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
        from PySide6.QtWebEngineWidgets import QWebEngineView

        from maps.tiles import MBTiles, default_tile_file
        from widgets.map_schemes import AppSchemeHandler, TileSchemeHandler

        self.close()
        view = QWebEngineView()
        self.profile = profile = QWebEngineProfile()  # outlives the page: deleted in close()
        app_handler = AppSchemeHandler(profile)
        profile.installUrlSchemeHandler(b"app", app_handler)
        profile.installUrlSchemeHandler(b"tiles", TileSchemeHandler(MBTiles(default_tile_file()), profile))
        page = QWebEnginePage(profile, view)
        view.setPage(page)
        view.resize(1400, 900)
        view.show()
        url = app_handler.set_page("baseline.html", self.html)
        t0 = time.perf_counter()
        view.load(QUrl(url))
        if not _wait(self.app, lambda: view.title() == "drawn", 120):
            raise RuntimeError("the baseline page did not draw within 120 s")
        self.view = view
        return time.perf_counter() - t0

    def sustain(self, seconds: float, rate: int, tick_ms: int) -> dict:
        from PySide6.QtCore import QTimer

        rng = random.Random(5)
        n = len(self.ids)
        pending: list[list[int]] = []
        t_first = [0.0]
        page = self.view.page()

        def feed(count: int) -> int:
            if not pending:
                t_first[0] = time.time() * 1000
            pending.extend([rng.randrange(n), rng.choice([0] * 6 + [1, 2, 3, 4])] for _ in range(count))
            return count

        def flush() -> None:  # coalesced per ~16 ms, like ours
            if pending:
                page.runJavaScript(f"U({json.dumps(pending)}, {t_first[0]})")
                pending.clear()

        s = _Sustain(self.app, feed, rate)

        def poll() -> None:
            page.runJavaScript("take()", 0, on_take)

        def on_take(text) -> None:
            if text:
                d = json.loads(text)
                s.frames.append(d["frames"])
                s.lags.extend(d["lags"])

        flusher = QTimer(interval=16)
        flusher.timeout.connect(flush)
        poller = QTimer(interval=1000)
        poller.timeout.connect(poll)
        flusher.start()
        poller.start()
        s.run(seconds, tick_ms)
        flusher.stop()
        poller.stop()
        _wait(self.app, lambda: False, 1.0)
        return s.result(page.renderProcessPid())

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
            self.view = None
            _flush_deletes(self.app)
            self.profile.deleteLater()
            _flush_deletes(self.app)
