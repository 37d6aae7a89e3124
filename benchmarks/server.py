"""Server benchmarks (`python -m benchmarks server`): a real server process on 127.0.0.1.

- ingest of sensor readings (readings/s) on SQLite, and on PostgreSQL when ECC_TEST_PG_URL
  is set; target 1,700/s = 100,000 sensors once a minute
- unit positions (AVL) ingest (positions/s); target 100/s = 500 units every 5 s
- command round trip p50 / p95 (ms), and 1,000 queued commands replayed in one batch (s)
- event stream catch-up rate (events/s, one client) and delivery p95 with 20 streams open
- snapshot time and server memory (peak RSS) at full scale
Every figure is the median of 3 runs.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable

import requests

from benchmarks.harness import Figure, peak_rss_mb, percentile
from core.sse import iter_messages
from server.embedded import owned, start_embedded


def _auth(url: str) -> dict:
    """The embedded server's commander token: every route but health needs one."""
    return owned(url).auth_headers()

BATCH = 1000
BATCHES = 20
RUNS = 3


def _ingest_rate(url: str, sensor_ids: list[str], rng: random.Random) -> float:
    t0 = datetime.now(timezone.utc) + timedelta(minutes=1)
    bodies = []
    for b in range(BATCHES):
        at = (t0 + timedelta(seconds=b)).isoformat()
        bodies.append(json.dumps([{"sensor_id": rng.choice(sensor_ids),
                                   "value": round(rng.uniform(0, 14), 2), "at": at}
                                  for _ in range(BATCH)]))
    with requests.Session() as s:
        s.headers.update(_auth(url))
        start = time.perf_counter()
        for body in bodies:
            r = s.post(f"{url}/api/v1/readings", data=body, timeout=60,
                       headers={"Content-Type": "application/json"})
            r.raise_for_status()
        return BATCH * BATCHES / (time.perf_counter() - start)


def _positions_rate(url: str, units: list[dict], rng: random.Random) -> float:
    rounds = 10
    with requests.Session() as s:
        s.headers.update(_auth(url))
        start = time.perf_counter()
        for _ in range(rounds):
            body = [{"unit_id": u["id"], "lon": u["lon"] + rng.uniform(-1e-3, 1e-3),
                     "lat": u["lat"] + rng.uniform(-1e-3, 1e-3)} for u in units]
            s.post(f"{url}/api/v1/positions", json=body, timeout=60).raise_for_status()
        return rounds * len(units) / (time.perf_counter() - start)


def _round_trips(url: str, n: int = 200) -> list[float]:
    times = []
    with requests.Session() as s:
        s.headers.update(_auth(url))
        for i in range(n):
            body = {"command_id": str(uuid.uuid4()), "type": "add_note", "operator": "bench",
                    "payload": {"incident_id": "INC-0001", "text": f"bench {i}"}}
            t = time.perf_counter()
            s.post(f"{url}/api/v1/commands", json=body, timeout=30).raise_for_status()
            times.append(time.perf_counter() - t)
    return times


def _batch_replay(url: str, n: int = 1000) -> float:
    """Seconds to replay n queued commands through POST /commands/batch (one request)."""
    body = [{"command_id": str(uuid.uuid4()), "type": "add_note", "operator": "bench",
             "payload": {"incident_id": "INC-0001", "text": f"queued {i}"}} for i in range(n)]
    t = time.perf_counter()
    r = requests.post(f"{url}/api/v1/commands/batch", json=body, timeout=120, headers=_auth(url))
    r.raise_for_status()
    return time.perf_counter() - t


def _read_events(url: str, after: int, count: int, stamps: list | None = None) -> int:
    """Read `count` events from the SSE stream; optionally note when each id arrived."""
    seen = 0
    with requests.get(f"{url}/api/v1/events", params={"after": after}, stream=True, headers=_auth(url),
                      timeout=(5, 60)) as r:
        for message in iter_messages(r.iter_content(chunk_size=None)):
            if message.id is not None:
                seen += 1
                if stamps is not None:
                    stamps.append((int(message.id), time.perf_counter()))
                if seen >= count:
                    return seen
    return seen


def _stream_rate(url: str, n: int = 10_000) -> float:
    """Events/s one client reads when catching up on n events."""
    start_id = requests.get(f"{url}/api/v1/health", timeout=10).json()["last_event_id"]
    for b in range(n // 1000):
        _batch_replay(url, 1000)
    t = time.perf_counter()
    got = _read_events(url, start_id, n)
    return got / (time.perf_counter() - t)


def _fanout_latency(url: str, consoles: int = 20, commands: int = 50) -> list[float]:
    """Seconds from a command's answer to its event reaching each of `consoles` streams."""
    start_id = requests.get(f"{url}/api/v1/health", timeout=10).json()["last_event_id"]
    stamps = [[] for _ in range(consoles)]
    readers = [threading.Thread(target=_read_events, args=(url, start_id, commands, st))
               for st in stamps]
    for t in readers:
        t.start()
    time.sleep(1.0)  # let every stream connect
    answered = {}
    with requests.Session() as s:
        s.headers.update(_auth(url))
        for i in range(commands):
            body = {"command_id": str(uuid.uuid4()), "type": "add_note", "operator": "bench",
                    "payload": {"incident_id": "INC-0001", "text": f"fan-out {i}"}}
            r = s.post(f"{url}/api/v1/commands", json=body, timeout=30).json()
            answered[r["event_id"]] = time.perf_counter()
            time.sleep(0.05)
    for t in readers:
        t.join(timeout=60)
    return [max(0.0, at - answered[eid]) for st in stamps for eid, at in st if eid in answered]


def _backend_figures(label: str, db_url: str, scale: str) -> Iterable[Figure]:
    srv = start_embedded(db_url, scale=scale, timeout=300)
    try:
        rng = random.Random(1)
        t = time.perf_counter()
        snap = requests.get(f"{srv.url}/api/v1/snapshot", timeout=120, headers=_auth(srv.url)).json()
        snapshot_s = time.perf_counter() - t
        sensor_ids = [s["id"] for s in snap["sensors"]]
        rates = [_ingest_rate(srv.url, sensor_ids, rng) for _ in range(RUNS)]
        yield Figure("server", f"ingest readings/s ({label}, {len(sensor_ids):,} sensors)",
                     statistics.median(rates), "readings/s", target=1700, lower_is_better=False)
        pos = [_positions_rate(srv.url, snap["units"], rng) for _ in range(RUNS)]
        yield Figure("server", f"unit positions/s ({label}, {len(snap['units'])} units)",
                     statistics.median(pos), "positions/s", target=100, lower_is_better=False)
        p50, p95 = [], []
        for _ in range(RUNS):
            rt = _round_trips(srv.url)
            p50.append(percentile(rt, 50) * 1000)
            p95.append(percentile(rt, 95) * 1000)
        yield Figure("server", f"command round trip p50 ({label})", statistics.median(p50), "ms",
                     target=50)
        yield Figure("server", f"command round trip p95 ({label})", statistics.median(p95), "ms",
                     target=200)
        rate = [_stream_rate(srv.url) for _ in range(RUNS)]
        yield Figure("server", f"event stream catch-up, one client ({label})",
                     statistics.median(rate), "events/s", target=5000, lower_is_better=False)
        lat = [percentile(_fanout_latency(srv.url), 95) * 1000 for _ in range(RUNS)]
        yield Figure("server", f"event delivery p95 to 20 open streams ({label})",
                     statistics.median(lat), "ms", target=500)
        replay = [_batch_replay(srv.url) for _ in range(RUNS)]
        yield Figure("server", f"replay 1,000 queued commands via /commands/batch ({label})",
                     statistics.median(replay), "s", target=5)
        if scale == "full":
            yield Figure("server", f"snapshot at full scale ({label})", snapshot_s, "s", target=5)
            yield Figure("server", f"server peak RSS at full scale ({label})",
                         peak_rss_mb(srv.pid), "MiB", target=1024)
    finally:
        srv.stop()


def run() -> Iterable[Figure]:
    with tempfile.TemporaryDirectory(prefix="ecc-bench-") as tmp:
        yield from _backend_figures("SQLite", f"sqlite:///{Path(tmp) / 'server.db'}", "full")
    pg = os.environ.get("ECC_TEST_PG_URL")
    if pg:
        import psycopg
        from sqlalchemy.engine import make_url

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = make_url(pg).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
            yield from _backend_figures("PostgreSQL", url.render_as_string(hide_password=False),
                                        "full")
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
