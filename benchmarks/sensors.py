"""Sensors: alarm arrival -> visible in the alarm panel at 1,000 readings/s; 20 trend plots
updating every second (one tick: a reading for each sensor -> every plot repainted on screen);
a week of minute readings drawn (decimated).

Readings enter as they do in the console: LiveState.apply batches (every 100 ms, 100 sensors)
-> SensorFlow -> rule engine -> AlarmBook -> AlarmPanel (coalesced, FLUSH_MS). "Visible" is the
moment the panel has redrawn its table with the alarm in it (a forced repaint after the flush).
"""
from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Iterable

from benchmarks.harness import Figure, percentile, qt_app

RATE = 1000            # readings per second
BATCH_MS = 100
SECONDS = 10
ALARM_EVERY = 100      # one reading in 100 crosses the CO alarm threshold


class _Window:
    def __init__(self, panels):
        self.panels = panels

    def when_panel(self, name, attach):
        if name in self.panels:
            attach(self.panels[name])




def _alarm_latency(app) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QEventLoop, QTimer

    from console.sensor_flow import SensorFlow, load_rules_in
    from core.alarms import AlarmBook
    from core.state import LiveState
    from widgets.alarm_panel import AlarmPanel

    state = LiveState()
    n_sensors = 20_000
    state.replace("sensors", [{"id": f"co-{i:05d}", "kind": "co", "state": "normal", "value": 3.0,
                               "unit": "ppm", "lon": 116.4, "lat": 39.9} for i in range(n_sensors)])
    book = AlarmBook(load_rules_in(None))
    panel = AlarmPanel(book)
    panel.resize(1000, 600)
    panel.show()
    flow = SensorFlow(state, book, _Window({"alarms": panel}))  # noqa: F841 (kept alive: its slots do the work)
    app.processEvents()

    sent: dict[str, float] = {}
    latencies: list[float] = []
    batch_costs: list[float] = []
    per_batch = RATE * BATCH_MS // 1000
    counter = [0]

    def on_shown(ids):
        panel.table.viewport().repaint()
        now = time.perf_counter()
        for aid in ids:
            sid = aid.split("/")[0]
            if aid.endswith("/co_alarm") and sid in sent:
                latencies.append((now - sent.pop(sid)) * 1000)

    panel.alarms_shown.connect(on_shown)

    def tick():
        batch = []
        for _ in range(per_batch):
            i = counter[0]
            counter[0] += 1
            sid = f"co-{i % n_sensors:05d}"
            value = 80.0 if i % ALARM_EVERY == 0 else 3.0 + (i % 7) * 0.3
            batch.append({"id": sid, "kind": "co", "state": "normal", "value": value, "unit": "ppm",
                          "lon": 116.4, "lat": 39.9})
        t0 = time.perf_counter()
        for rec in batch:
            if rec["value"] >= 50:
                sent[rec["id"]] = t0
        state.apply("sensors", batch)
        batch_costs.append((time.perf_counter() - t0) * 1000)

    loop = QEventLoop()
    timer = QTimer(interval=BATCH_MS)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(SECONDS * 1000, loop.quit)
    loop.exec()
    timer.stop()
    end = time.perf_counter() + 1
    while time.perf_counter() < end:
        app.processEvents()
    panel.close()
    return latencies, batch_costs


def _trend_frames(app) -> tuple[list[float], float]:
    from core.alarm_rules import load_rules
    from core.state import LiveState
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QGridLayout, QWidget
    from widgets.sensor_trends import SensorTrends

    now0 = time.time()
    rules = load_rules()

    def day_of_minutes(sensor_id, since, until):
        start = until - timedelta(days=1)
        return [{"value": 10 + (i % 37) / 3, "at": (start + timedelta(minutes=i)).isoformat()}
                for i in range(1440)]

    state = LiveState()
    ids = [f"co-{i:02d}" for i in range(20)]
    state.replace("sensors", [{"id": s, "kind": "co", "state": "normal", "value": 5.0, "unit": "ppm",
                               "lon": 116.4, "lat": 39.9} for s in ids])
    host = QWidget()
    grid = QGridLayout(host)
    plots = []
    for k, sid in enumerate(ids):
        w = SensorTrends(state, rules=rules, fetch=day_of_minutes)
        w.span.setCurrentIndex(w.span.findData("day"))
        w._redraw_timer.stop()          # frames are driven below, one per simulated second
        grid.addWidget(w, k // 5, k % 5)
        plots.append(w)
    host.resize(1600, 1000)
    host.show()
    for w, sid in zip(plots, ids):
        w.add_sensor(sid)
    deadline = time.time() + 20
    while time.time() < deadline and any(w.status.text().find("条读数") < 0 for w in plots):
        app.processEvents()
    painted: set = set()

    class _Painted(QObject):
        """Notes each plot whose viewport has painted: the moment its new data is on screen."""
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.add(obj)
            return False

    spy = _Painted()
    viewports = {w.plot.viewport() for w in plots}
    for vp in viewports:
        vp.installEventFilter(spy)
    frames, cpu = [], []
    for second in range(20):
        painted.clear()
        t0, c0 = time.perf_counter(), time.thread_time()
        state.apply("sensors", [{"id": s, "kind": "co", "state": "normal", "value": 5.0 + second % 5,
                                 "unit": "ppm", "lon": 116.4, "lat": 39.9} for s in ids])
        for w in plots:      # what each plot's 1 s timer does, all in the same tick
            w.redraw()
        while painted < viewports:
            app.processEvents()
        frames.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    host.close()

    # a week of minute readings arriving for one plot: decimate + draw
    week = SensorTrends(state, rules=rules, fetch=None)
    week.span.setCurrentIndex(week.span.findData("week"))
    week.resize(1200, 500)
    week.show()
    week.add_sensor(ids[0])
    import numpy as np
    t = now0 - 7 * 86400 + np.arange(10_080) * 60.0
    v = 10 + np.sin(np.arange(10_080) / 50.0) * 5
    t0 = time.perf_counter()
    week._on_self_history_loaded(ids[0], t, v)
    week.repaint()
    app.processEvents()
    week_ms = (time.perf_counter() - t0) * 1000
    week.close()
    return frames, cpu, week_ms


def run() -> Iterable[Figure]:

    app = qt_app()
    latencies, costs = _alarm_latency(app)
    yield Figure("sensors", f"alarm arrival -> visible in panel, p95 ({len(latencies)} alarms at {RATE}/s)",
                 percentile(latencies, 95), "ms", target=200)
    yield Figure("sensors", "alarm arrival -> visible in panel, median",
                 statistics.median(latencies) if latencies else float("nan"), "ms")
    yield Figure("sensors", f"{RATE * BATCH_MS // 1000} readings through rules and book, median",
                 statistics.median(costs), "ms")
    frames, cpu, week_ms = _trend_frames(app)
    # one tick = a reading for each of 20 sensors applied, every plot redrawn and its new curve
    # painted on screen (Qt's own repaint of the dirty plots, nothing forced)
    yield Figure("sensors", "20 trend plots (a day each): reading -> all 20 repainted, tick median",
                 statistics.median(frames), "ms", target=33)
    yield Figure("sensors", "20 trend plots: reading -> all 20 repainted, tick p95", percentile(frames, 95), "ms")
    yield Figure("sensors", "20 trend plots: UI-thread CPU per tick, median", statistics.median(cpu), "ms")
    yield Figure("sensors", "a week of minute readings (10,080) decimated and drawn", week_ms, "ms")
