"""Benchmark group `security`: what signing in and auditing cost.

- sign-in: POST /auth/login with an argon2id password (t=2, m=19 MiB), end to end;
- a signed-in command: POST /commands add_note, token check + permission check + audit
  append included (compare `server` group's command latency from before issue 9);
- audit verify: entries per second `emergency-console audit verify` checks.
"""
from __future__ import annotations

import tempfile
from statistics import median
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

from benchmarks.harness import Figure

B = "security"


def run() -> Iterator[Figure]:
    from ledger.chain import GENESIS, make_entry, verify_entries
    from server.embedded import start_embedded

    with tempfile.TemporaryDirectory() as tmp:
        srv = start_embedded(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        try:
            with requests.Session() as s:
                s.post(f"{srv.url}/api/v1/operators", headers=srv.auth_headers("admin"),
                       json={"name": "bench", "role": "commander", "password": "bench-password"},
                       timeout=30).raise_for_status()
                logins = []
                for _ in range(15):
                    t = time.perf_counter()
                    s.post(f"{srv.url}/api/v1/auth/login", timeout=30,
                           json={"name": "bench", "password": "bench-password"}).raise_for_status()
                    logins.append(time.perf_counter() - t)
                yield Figure(B, "sign-in (argon2id), median", median(logins) * 1000, "ms", 500)
                s.headers.update(srv.auth_headers())
                incident = s.get(f"{srv.url}/api/v1/incidents", timeout=30).json()[0]["id"]
                times = []
                for i in range(200):
                    t = time.perf_counter()
                    s.post(f"{srv.url}/api/v1/commands", timeout=30, json={
                        "command_id": str(uuid.uuid4()), "type": "add_note",
                        "payload": {"incident_id": incident, "text": f"bench {i}"}}).raise_for_status()
                    times.append(time.perf_counter() - t)
                yield Figure(B, "signed-in command with audit append, median",
                             median(times) * 1000, "ms", 100)
        finally:
            srv.stop()
    rows, prev = [], GENESIS
    for i in range(100_000):
        rows.append(make_entry(i + 1, prev, "op", "command", {"type": "add_note", "n": i},
                               {"text": "x" * 40}))
        prev = rows[-1]["hash"]
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        count, finding = verify_entries(rows)
        runs.append(time.perf_counter() - t)
        assert finding is None and count == len(rows)
    yield Figure(B, "audit verify rate (100,000 entries), median of 3",
                 len(rows) / median(runs), "entries/s", 50_000, lower_is_better=False)
