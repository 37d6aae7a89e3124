"""Benchmark group `sync`: server -> console replica stream throughput, and outbox replay.

Real processes: the reference server runs as a subprocess on 127.0.0.1 with SQLite; the console
side (SyncEngine + Store + LiveState) runs here on a plain asyncio loop, headless.

- stream throughput: a backlog of N events waits in the server's log (written through the
  server's own event-log API while it is stopped); a replica synced just before the backlog
  reconnects and we time until its last event id reaches the end (events/s; target >= 5,000).
- outbox replay: 1,000 commands queued offline in the replica; the engine starts against the
  live server and we time until the outbox is empty (seconds; target <= 5).
- GUI smoothness: gaps between ticks of a 10 ms QTimer on the qasync loop while a backlog
  streams in, and during the first sync of the full-scale world.
Medians of 3 runs.
"""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from benchmarks.harness import Figure, median_time, percentile, qt_app

BACKLOG = 20_000
REPLAY = 1_000
RUNS = 3


def _copy_db(src: Path, dst: Path) -> None:
    """A consistent copy of a (closed or open) SQLite file, WAL included."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _engine(db: Path, url: str):
    from core.api import ApiClient
    from core.connection import ConnectionState
    from core.state import LiveState
    from core.store import Store
    from core.sync import SyncEngine

    store = Store(db)
    api = ApiClient(url)
    engine = SyncEngine(store, api, LiveState(), ConnectionState())
    return engine, store, api


async def _run_until(db: Path, url: str, done) -> float:
    """Start an engine on `db`, return seconds until done(engine) is true, then stop it."""
    engine, store, api = _engine(db, url)
    t0 = time.perf_counter()
    await engine.start()
    while not done(engine):
        await asyncio.sleep(0.005)
    elapsed = time.perf_counter() - t0
    await engine.stop()
    api.close()
    store.close()
    return elapsed


def _inject_backlog(db_url: str, n: int) -> int:
    """Append n sensor events to the server's log through its own Store; returns the last id."""
    from server import records
    from server.store import Store as ServerStore

    st = ServerStore(db_url)
    with st.write() as tx:
        sensors = records.load(tx.conn, "sensors")
        for i in range(n):
            rec = dict(sensors[i % len(sensors)], value=round(i * 0.01, 2))
            tx.emit("sensors.readings", "sensors", upsert=[rec])
        last = tx.next_id - 1
    st.engine.dispose()
    return last


def _gui_gaps(db: Path, url: str, done) -> tuple[float, list[float]]:
    """Run an engine on a qasync loop until done(engine); returns (seconds from start() to done,
    gaps in ms between ticks of a 10 ms QTimer from start() on)."""
    import qasync
    from PySide6.QtCore import QTimer

    app = qt_app()
    loop = qasync.QEventLoop(app)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    async def go() -> float:
        engine, store, api = _engine(db, url)
        timer.start()
        t0 = time.perf_counter()
        await engine.start()
        while not done(engine):
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - t0
        timer.stop()
        await engine.stop()
        api.close()
        store.close()
        return elapsed

    try:
        elapsed = loop.run_until_complete(go())
    finally:
        loop.close()
    return elapsed, [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]


def _full_scale_first_sync() -> Iterable[Figure]:
    """An empty replica's first sync of the full-scale world (100k sensors, 8k cameras)."""
    from core.connection import Link
    from server.embedded import start_embedded

    work = Path(tempfile.mkdtemp(prefix="bench-sync-full-"))
    srv = start_embedded(f"sqlite:///{work / 'server.sqlite'}", scale="full", timeout=300)
    try:
        runs = [_gui_gaps(work / f"full{i}.sqlite", srv.url, lambda e: e.connection.link == Link.ONLINE)
                for i in range(RUNS)]
    finally:
        srv.stop()
        shutil.rmtree(work, ignore_errors=True)
    yield Figure("sync", "first sync of the full-scale world into an empty replica (snapshot, 108k records)",
                 statistics.median(r[0] for r in runs), "s")
    yield Figure("sync", "GUI-thread longest stall during that first sync (qasync)",
                 statistics.median(max(r[1]) for r in runs), "ms")


def _live_apply_ms(n: int = 1000) -> float:
    """GUI-thread cost of showing one batch: LiveState.apply of n sensor records, one observer."""
    from core.state import LiveState
    from maps.scene import build_scene

    records = build_scene(sensors=n, cameras=0, units=0, incidents=0).sensors
    live = LiveState()
    live.layer_changed.connect(lambda *_a: None)
    return median_time(lambda: live.apply("sensors", records), repeat=9) * 1000


def run() -> Iterable[Figure]:
    yield Figure("sync", "LiveState.apply of 1,000 records with one observer (GUI thread, per batch)",
                 _live_apply_ms(), "ms", target=5.0)
    from core.commands import add_note
    from core.connection import Link
    from core.store import Store
    from server.embedded import start_embedded

    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    db_url = f"sqlite:///{work / 'server.sqlite'}"
    srv = start_embedded(db_url)
    try:
        base = work / "base.sqlite"
        asyncio.run(_run_until(base, srv.url, lambda e: e.connection.link == Link.ONLINE))
        srv.stop()
        last = _inject_backlog(db_url, BACKLOG)
        srv.start()

        rates = []
        for i in range(RUNS):
            db = work / f"stream{i}.sqlite"
            _copy_db(base, db)
            secs = asyncio.run(_run_until(db, srv.url, lambda e: e.last_event_id == last))
            rates.append(BACKLOG / secs)
        yield Figure("sync", f"stream throughput server -> replica ({BACKLOG:,} events backlog)",
                     statistics.median(rates), "events/s", target=5000, lower_is_better=False)

        _copy_db(base, work / "stream-qt.sqlite")
        _, gaps = _gui_gaps(work / "stream-qt.sqlite", srv.url, lambda e: e.last_event_id == last)
        yield Figure("sync", f"GUI-thread tick gap p95 while {BACKLOG:,} events stream in (qasync)",
                     percentile(gaps, 95), "ms", target=50.0)
        yield Figure("sync", f"GUI-thread longest stall while {BACKLOG:,} events stream in (qasync)",
                     max(gaps), "ms")

        synced = work / f"stream{RUNS - 1}.sqlite"
        times = []
        for i in range(RUNS):
            db = work / f"replay{i}.sqlite"
            _copy_db(synced, db)
            store = Store(db)
            for n in range(REPLAY):
                store.enqueue(add_note("INC-0001", f"replay {i}/{n}"))
            store.close()
            times.append(asyncio.run(_run_until(
                db, srv.url, lambda e: e.connection.link == Link.ONLINE and e.outbox.count == 0)))
        yield Figure("sync", f"replay of {REPLAY:,} queued commands after reconnect",
                     statistics.median(times), "s", target=5.0)
    finally:
        srv.stop()
        shutil.rmtree(work, ignore_errors=True)
    yield from _full_scale_first_sync()
