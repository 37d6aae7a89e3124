"""Shared pieces of the console sync tests: real server processes and a headless engine."""
from __future__ import annotations

import asyncio
import os
import time
import uuid

import pytest
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

from core.api import ApiClient
from core.connection import ConnectionState, Link
from core.state import LAYERS, LiveState
from core.store import Store
from core.sync import SyncEngine
from server.embedded import (EmbeddedServer, embedded_credentials, free_port, owned_servers,
                             start_embedded)


PG_URL = os.environ.get("ECC_TEST_PG_URL")  # set by scripts/postgres.sh (.ci/run)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="ECC_TEST_PG_URL is not set (scripts/postgres.sh sets it)"))]


def _pg_admin(sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(params=BACKENDS)
def server_db(request, tmp_path):
    """The server's database URL: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite'}"
        return
    from sqlalchemy.engine import make_url

    schema = f"t_sync_{uuid.uuid4().hex[:12]}"
    _pg_admin(f"CREATE SCHEMA {schema}")
    yield make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    _pg_admin(f"DROP SCHEMA {schema} CASCADE")


def start_server(tmp_path: Path, name: str = "server.sqlite", port: int = 0,
                 extra_args: list[str] | None = None, db_url: str | None = None) -> EmbeddedServer:
    """A real server process on 127.0.0.1 over db_url (default: its own SQLite file under tmp_path)."""
    return start_embedded(db_url or f"sqlite:///{tmp_path / name}", port=port,
                          extra_args=["--heartbeat", "1", *(extra_args or [])])


_shared: list[EmbeddedServer] = []


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory):
    """One server for the tests that only need a live server, not a fresh or killable one.

    Each importing module registers this fixture anew; the cache makes them share one process.
    """
    if not _shared or not _shared[0].running:
        _shared[:] = [start_server(tmp_path_factory.mktemp("shared-server"))]
    yield _shared[0]
    _shared[0].stop()  # at session end (idempotent)


@pytest.fixture
def servers(tmp_path):
    """Start servers with servers(name=..., port=..., extra_args=...); all stopped at the end."""
    started: list[EmbeddedServer] = []

    def start(name: str = "server.sqlite", port: int = 0, extra_args: list[str] | None = None,
              db_url: str | None = None):
        srv = start_server(tmp_path, name, port, extra_args, db_url)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


def dead_url() -> str:
    """A URL nothing listens on (a server that is down)."""
    return f"http://127.0.0.1:{free_port()}"


def fast_api(url: str, **kw) -> ApiClient:
    """A client that gives up quickly, so outage tests do not wait for production timeouts."""
    opts = dict(retries=1, connect_timeout=1.0, read_timeout=5.0, backoff_base=0.05, backoff_cap=0.2)
    opts.update(kw)
    if "token" not in opts and "credentials" not in opts:
        opts["credentials"] = lambda: _owner_credentials(url)
    return ApiClient(url, **opts)


def _owner_credentials(url: str):
    """The demo commander of the server at `url`, or (a proxy in front of a test server)
    of the newest server this test process started."""
    found = embedded_credentials(url)
    if found is None and owned_servers():
        srv = owned_servers()[-1]
        found = srv.credentials[srv.default_role]
    return found


class Recorder:
    """Everything an engine told the world, in order."""

    def __init__(self, engine: SyncEngine, conn: ConnectionState) -> None:
        self.event_ids: list[int] = []
        self.links: list[Link] = []
        self.accepted: list[str] = []
        self.refused: list[tuple[str, str]] = []
        self.snapshots: list[int] = []
        self.failed: list[tuple[str, str]] = []
        self.held: list[tuple[str, str]] = []
        self.resets: list[str] = []
        engine.events_applied.connect(self.event_ids.extend)
        engine.command_failed.connect(lambda cid, reason: self.failed.append((cid, reason)))
        engine.command_held.connect(lambda cid, reason: self.held.append((cid, reason)))
        engine.replica_reset.connect(self.resets.append)
        engine.command_accepted.connect(lambda cid, _r: self.accepted.append(cid))
        engine.command_refused.connect(lambda cid, reason: self.refused.append((cid, reason)))
        engine.snapshot_loaded.connect(self.snapshots.append)
        conn.changed.connect(lambda link, _s, _q: self.links.append(link))


@asynccontextmanager
async def running_engine(db: Path, url: str | None, api_kw: dict | None = None, **engine_kw):
    """Start a SyncEngine on a replica file (and a server URL, None for local-only); stop it after."""
    store = Store(db)
    api = fast_api(url, **(api_kw or {})) if url else None
    live, conn = LiveState(), ConnectionState()
    engine_kw.setdefault("retry_base", 0.1)
    engine_kw.setdefault("retry_cap", 0.5)
    engine_kw.setdefault("heartbeat_timeout", 5.0)
    engine = SyncEngine(store, api, live, conn, **engine_kw)
    rec = Recorder(engine, conn)
    await engine.start()
    try:
        yield engine, live, conn, rec
    finally:
        await engine.stop()
        if api:
            api.close()
        store.close()


async def wait_until(pred: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.02)


def without_seen_at(records: dict[str, dict] | list[dict]) -> dict[str, dict]:
    items = records.values() if isinstance(records, dict) else records
    return {r["id"]: {k: v for k, v in r.items() if k != "seen_at"} for r in items}


def assert_same_picture(live: LiveState, snapshot: dict) -> None:
    """The console's picture equals the server's, layer by layer."""
    for layer in LAYERS:
        if layer in snapshot:
            assert without_seen_at(live.records(layer)) == without_seen_at(snapshot[layer]), layer
