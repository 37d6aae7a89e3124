"""The console's local replica and outbox: one SQLite file in WAL mode, through SQLAlchemy 2 Core.

Ownership: a Store owns ONE database connection, opened in and used only by the Store's own
worker thread ("replica-db"). Every public method may be called from any thread: it runs on
the owner thread and the caller waits for it. Async callers use `await store.run(method, ...)`,
which waits without blocking the event loop. So there is never a second connection writing to
the file, and SQLite's check_same_thread stays on.

Durability: events and the last event id are written in one transaction, so a crash either
keeps both or neither (never a skipped or double-applied event). Outbox inserts commit with
synchronous=FULL before `enqueue` returns; other writes use NORMAL (WAL), which survives a
killed process and at worst loses the last moments on power loss — a lost "done" mark only
makes the command be sent again, and the server answers a repeated command_id without acting.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, UniqueConstraint, create_engine,
                        delete, event, func, insert, select, update)
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from core.commands import Command

SCHEMA_VERSION = 1
# queued → sending → done | refused; "failed": set aside after repeated server errors, until
# the operator sends it again (queued) or gives it up (refused). See core/outbox.py.
OUTBOX_STATES = ("queued", "sending", "done", "refused", "failed")

metadata = MetaData()
records_t = Table(
    "records", metadata,
    Column("layer", String, primary_key=True),
    Column("id", String, primary_key=True),
    Column("json", Text, nullable=False),
    Column("seen_at", String, nullable=False),  # ISO 8601 UTC: when this console last heard of it
)
meta_t = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text),
)
outbox_t = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("command_id", String, nullable=False),
    Column("type", String, nullable=False),
    Column("payload", Text, nullable=False),
    Column("operator", String),
    Column("created_at", String, nullable=False),
    Column("state", String, nullable=False, default="queued"),
    Column("answer", Text),
    Column("refused_reason", Text),
    Column("done_at", String),
    UniqueConstraint("command_id", name="uq_outbox_command_id"),
    sqlite_autoincrement=True,  # never reuse a seq, so order of submission is kept forever
)

T = TypeVar("T")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Replica:
    """The last picture this console saw: records per layer, each with "seen_at"."""

    last_event_id: int | None
    snapshot_at: str | None
    layers: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Applied:
    """What one batch of events changed: merged upserts and removed ids per layer."""

    event_ids: list[int] = field(default_factory=list)
    upserts: dict[str, dict[str, dict]] = field(default_factory=dict)
    removes: dict[str, dict[str, None]] = field(default_factory=dict)  # ordered set of ids
    last_event_id: int | None = None


@dataclass
class OutboxRow:
    seq: int
    command: Command
    state: str
    created_at: str
    answer: dict | None
    refused_reason: str | None


def _owned(method: Callable[..., T]) -> Callable[..., T]:
    """Run the method on the store's owner thread (directly if already there)."""

    @wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> T:
        if threading.get_ident() == self._owner_ident:
            return method(self, *args, **kwargs)
        return self._executor.submit(method, self, *args, **kwargs).result()

    return wrapper


class Store:
    """The replica + outbox database. See the module docstring for threading and durability."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replica-db")
        self._owner_ident: int | None = None
        self._conn: Connection | None = None
        self._closed = False
        self._executor.submit(self._open).result()

    # -- ownership -------------------------------------------------------------------------
    def _open(self) -> None:
        self._owner_ident = threading.get_ident()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{self.path}", poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001
            # Let SQLAlchemy's begin() emit BEGIN itself (pysqlite's implicit transactions
            # would otherwise leave PRAGMAs and reads outside our transaction boundaries).
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")
            dbapi_conn.execute("PRAGMA busy_timeout=5000")

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        self._engine = engine
        self._conn = engine.connect()
        with self._conn.begin():
            metadata.create_all(self._conn)
            version = self._conn.execute(select(meta_t.c.value).where(meta_t.c.key == "schema_version")).scalar()
            if version is None:
                self._conn.execute(insert(meta_t).values(key="schema_version", value=str(SCHEMA_VERSION)))
            elif int(version) > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: replica schema {version} is newer than this console "
                                   f"({SCHEMA_VERSION}); update the console or move the file away")
            # A command marked "sending" when the console died may or may not have reached the
            # server; queue it again — its command_id makes the resend harmless.
            self._conn.execute(update(outbox_t).where(outbox_t.c.state == "sending").values(state="queued"))

    def _raw(self) -> Any:
        return self._conn.connection.dbapi_connection  # type: ignore[union-attr]

    def submit(self, method: Callable[..., T], *args: Any) -> Future[T]:
        """Schedule a Store method on the owner thread; returns a concurrent Future."""
        return self._executor.submit(method, *args)

    async def run(self, method: Callable[..., T], *args: Any) -> T:
        """Await a Store method run on the owner thread, without blocking the event loop."""
        return await asyncio.wrap_future(self._executor.submit(method, *args))

    def close(self) -> None:
        """Close the connection and stop the owner thread (idempotent)."""
        if self._closed:
            return
        self._closed = True

        def _close() -> None:
            if self._conn is not None:
                self._conn.close()
            self._engine.dispose()

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)

    # -- meta --------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        return self._conn.execute(select(meta_t.c.value).where(meta_t.c.key == key)).scalar()

    def _set_meta(self, key: str, value: str | None) -> None:
        self._conn.execute(insert(meta_t).prefix_with("OR REPLACE").values(key=key, value=value))

    @_owned
    def server_instance(self) -> str | None:
        """The instance id of the server whose snapshot this replica holds (None if unknown)."""
        with self._conn.begin():
            return self._meta("server_instance")

    @_owned
    def last_event_id(self) -> int | None:
        """The id of the last event applied, or None before the first snapshot."""
        with self._conn.begin():
            value = self._meta("last_event_id")
        return None if value is None else int(value)

    # -- records -----------------------------------------------------------------------------
    @_owned
    def load(self) -> Replica:
        """The last picture: every record with its "seen_at", for an offline start."""
        with self._conn.begin():
            last = self._meta("last_event_id")
            snapshot_at = self._meta("snapshot_at")
            rows = self._conn.execute(select(records_t.c.layer, records_t.c.json, records_t.c.seen_at)
                                      .order_by(records_t.c.layer, records_t.c.id)).all()
        layers: dict[str, list[dict]] = {}
        for layer, text, seen_at in rows:
            rec = json.loads(text)
            rec["seen_at"] = seen_at
            layers.setdefault(layer, []).append(rec)
        return Replica(None if last is None else int(last), snapshot_at, layers)

    @_owned
    def replace_all(self, snapshot: dict[str, Any], layers: Iterable[str],
                    instance: str | None = None) -> dict[str, list[dict]]:
        """Replace the replica with a server snapshot (one transaction); returns the stamped
        records. `instance`, the server's instance id, is recorded with it (if given)."""
        now = utc_now()
        out: dict[str, list[dict]] = {}
        with self._conn.begin():
            self._conn.execute(delete(records_t))
            for layer in layers:
                recs = snapshot.get(layer) or []
                rows = []
                for rec in recs:
                    rec = {k: v for k, v in rec.items() if k != "seen_at"}
                    rows.append({"layer": layer, "id": str(rec["id"]),
                                 "json": json.dumps(rec, ensure_ascii=False), "seen_at": now})
                    rec["seen_at"] = now
                    out.setdefault(layer, []).append(rec)
                if rows:
                    self._conn.execute(insert(records_t), rows)
                out.setdefault(layer, [])
            self._set_meta("last_event_id", str(int(snapshot["last_event_id"])))
            self._set_meta("snapshot_at", now)
            if instance is not None:
                self._set_meta("server_instance", instance)
        return out

    @_owned
    def apply_events(self, events: list[dict]) -> Applied:
        """Apply events with id > last_event_id, in id order, and advance the id — one transaction.

        Events at or below the stored id were applied before (a replayed stream) and are skipped,
        so applying the same batch twice changes nothing. Upserts merge into the stored record.
        """
        applied = Applied()
        now = utc_now()
        with self._conn.begin():
            last = self._meta("last_event_id")
            last_id = -1 if last is None else int(last)
            fresh = sorted((e for e in events if int(e["id"]) > last_id), key=lambda e: int(e["id"]))
            # Dedupe within the batch too (a stream that repeated itself).
            seen: set[int] = set()
            todo = []
            for e in fresh:
                if int(e["id"]) not in seen:
                    seen.add(int(e["id"]))
                    todo.append(e)
            if not todo:
                applied.last_event_id = None if last is None else last_id
                return applied
            # Read the current version of every record the batch touches, once.
            wanted: dict[str, set[str]] = {}
            for e in todo:
                for rec in e.get("upsert") or ():
                    wanted.setdefault(e["layer"], set()).add(str(rec["id"]))
            current: dict[tuple[str, str], dict | None] = {}
            for layer, ids in wanted.items():
                id_list = list(ids)
                for i in range(0, len(id_list), 500):
                    part = id_list[i:i + 500]
                    for rid, text in self._conn.execute(
                            select(records_t.c.id, records_t.c.json)
                            .where(records_t.c.layer == layer, records_t.c.id.in_(part))):
                        current[(layer, rid)] = json.loads(text)
            for n, e in enumerate(todo, 1):
                if n % 256 == 0:
                    time.sleep(0)  # let the GUI thread have the GIL (a batch is thousands of records of pure Python)
                layer = e["layer"]
                ups = applied.upserts.setdefault(layer, {})
                for rec in e.get("upsert") or ():
                    rid = str(rec["id"])
                    base = current.get((layer, rid)) or {}
                    merged = {**base, **{k: v for k, v in rec.items() if k != "seen_at"}}
                    current[(layer, rid)] = merged
                    ups[rid] = merged
                    applied.removes.get(layer, {}).pop(rid, None)  # removed, then back again
                for rid in e.get("remove") or ():
                    rid = str(rid)
                    current[(layer, rid)] = None
                    ups.pop(rid, None)
                    applied.removes.setdefault(layer, {})[rid] = None
                applied.event_ids.append(int(e["id"]))
            upsert_rows = []
            remove_keys = []
            for n, ((layer, rid), rec) in enumerate(current.items(), 1):
                if n % 256 == 0:
                    time.sleep(0)
                if rec is None:
                    remove_keys.append({"l": layer, "i": rid})
                elif rid in applied.upserts.get(layer, {}):
                    upsert_rows.append({"layer": layer, "id": rid, "seen_at": now,
                                        "json": json.dumps(rec, ensure_ascii=False)})
            if upsert_rows:
                self._conn.execute(insert(records_t).prefix_with("OR REPLACE"), upsert_rows)
            if remove_keys:
                self._conn.exec_driver_sql("DELETE FROM records WHERE layer = ? AND id = ?",
                                           [(k["l"], k["i"]) for k in remove_keys])
            applied.last_event_id = applied.event_ids[-1]
            self._set_meta("last_event_id", str(applied.last_event_id))
        for layer, ups in applied.upserts.items():
            for rec in ups.values():
                rec["seen_at"] = now
        return applied

    # -- outbox ------------------------------------------------------------------------------
    @_owned
    def enqueue(self, command: Command) -> int:
        """Store a command durably (synchronous=FULL) and return its seq; the same command_id
        twice keeps the first row (the caller retried) and returns its seq."""
        raw = self._raw()
        raw.execute("PRAGMA synchronous=FULL")
        try:
            with self._conn.begin():
                existing = self._conn.execute(select(outbox_t.c.seq).where(
                    outbox_t.c.command_id == command.command_id)).scalar()
                if existing is not None:
                    return int(existing)
                result = self._conn.execute(insert(outbox_t).values(
                    command_id=command.command_id, type=command.type,
                    payload=json.dumps(command.payload, ensure_ascii=False), operator=command.operator,
                    created_at=command.issued_at, state="queued"))
                return int(result.inserted_primary_key[0])
        finally:
            raw.execute("PRAGMA synchronous=NORMAL")

    def _row(self, r: Any) -> OutboxRow:
        cmd = Command(type=r.type, payload=json.loads(r.payload), command_id=r.command_id,
                      issued_at=r.created_at, operator=r.operator)
        return OutboxRow(r.seq, cmd, r.state, r.created_at,
                         json.loads(r.answer) if r.answer else None, r.refused_reason)

    @_owned
    def pending(self, limit: int | None = None) -> list[OutboxRow]:
        """Commands still to send (queued or sending), oldest first."""
        with self._conn.begin():
            q = (select(outbox_t).where(outbox_t.c.state.in_(("queued", "sending")))
                 .order_by(outbox_t.c.seq))
            if limit:
                q = q.limit(limit)
            return [self._row(r) for r in self._conn.execute(q)]

    @_owned
    def outbox(self, state: str | None = None) -> list[OutboxRow]:
        """Every outbox row (optionally of one state), oldest first."""
        with self._conn.begin():
            q = select(outbox_t).order_by(outbox_t.c.seq)
            if state:
                q = q.where(outbox_t.c.state == state)
            return [self._row(r) for r in self._conn.execute(q)]

    @_owned
    def queued_count(self) -> int:
        with self._conn.begin():
            return int(self._conn.execute(select(func.count()).select_from(outbox_t).where(
                outbox_t.c.state.in_(("queued", "sending")))).scalar())

    @_owned
    def take_pending(self, limit: int,
                     creates: Callable[[Command], Iterable[str]] | None = None,
                     refers: Callable[[Command], Iterable[str]] | None = None,
                     ) -> tuple[list[OutboxRow], list[tuple[OutboxRow, OutboxRow]]]:
        """The oldest `limit` commands to send, marked "sending" in the same transaction, and
        the ones held back: (rows, [(held, the failed command it waits for)]).

        With `creates` and `refers` (core.commands), a command that refers to what a "failed"
        command (set aside, see core/outbox.py) would have created is held: left queued, in
        order, until that one is sent again or given up. The others never wait.
        """
        with self._conn.begin():
            blockers: dict[str, OutboxRow] = {}
            if creates is not None and refers is not None:
                for r in self._conn.execute(select(outbox_t).where(outbox_t.c.state == "failed")
                                            .order_by(outbox_t.c.seq)):
                    row = self._row(r)
                    for made in creates(row.command):
                        blockers.setdefault(made, row)
            q = (select(outbox_t).where(outbox_t.c.state.in_(("queued", "sending")))
                 .order_by(outbox_t.c.seq))
            rows: list[OutboxRow] = []
            held: list[tuple[OutboxRow, OutboxRow]] = []
            if not blockers:
                rows = [self._row(r) for r in self._conn.execute(q.limit(limit))]
            else:
                for r in self._conn.execute(q):
                    row = self._row(r)
                    blocker = next((blockers[i] for i in refers(row.command)
                                    if i in blockers and blockers[i].seq < row.seq), None)
                    if blocker is not None:
                        held.append((row, blocker))
                    elif len(rows) < limit:
                        rows.append(row)
                    else:
                        break
            if rows:
                self._conn.execute(update(outbox_t).where(
                    outbox_t.c.seq.in_([r.seq for r in rows])).values(state="sending"))
        for r in rows:
            r.state = "sending"
        return rows, held

    @_owned
    def mark_answers(self, outcomes: list[tuple[str, str, dict, str | None]]) -> None:
        """Record many answers in one transaction: (command_id, "done"|"refused", answer, reason)."""
        now = utc_now()
        with self._conn.begin():
            for command_id, state, answer, reason in outcomes:
                self._conn.execute(update(outbox_t).where(outbox_t.c.command_id == command_id).values(
                    state=state, answer=json.dumps(answer, ensure_ascii=False), refused_reason=reason,
                    done_at=now))

    @_owned
    def mark_done(self, command_id: str, answer: dict) -> None:
        with self._conn.begin():
            self._conn.execute(update(outbox_t).where(outbox_t.c.command_id == command_id).values(
                state="done", answer=json.dumps(answer, ensure_ascii=False), done_at=utc_now()))

    @_owned
    def mark_refused(self, command_id: str, reason: str, answer: dict | None = None) -> None:
        with self._conn.begin():
            self._conn.execute(update(outbox_t).where(outbox_t.c.command_id == command_id).values(
                state="refused", refused_reason=reason, done_at=utc_now(),
                answer=json.dumps(answer or {}, ensure_ascii=False)))

    @_owned
    def mark_failed(self, command_id: str, reason: str, answer: dict | None = None) -> None:
        """Set aside (see core/outbox.py): not sent again until `retry`, nor given up until `abandon`."""
        with self._conn.begin():
            self._conn.execute(update(outbox_t).where(outbox_t.c.command_id == command_id).values(
                state="failed", refused_reason=reason, done_at=utc_now(),
                answer=json.dumps(answer or {}, ensure_ascii=False)))

    @_owned
    def retry(self, command_id: str) -> bool:
        """A failed command back to the queue, in its old place; False if it was not failed."""
        with self._conn.begin():
            done = self._conn.execute(update(outbox_t).where(
                outbox_t.c.command_id == command_id, outbox_t.c.state == "failed").values(
                state="queued", refused_reason=None, done_at=None, answer=None))
            return done.rowcount == 1

    @_owned
    def abandon(self, command_id: str, reason: str) -> bool:
        """A failed command given up by the operator (refused, with `reason`); False if it was not failed."""
        with self._conn.begin():
            done = self._conn.execute(update(outbox_t).where(
                outbox_t.c.command_id == command_id, outbox_t.c.state == "failed").values(
                state="refused", refused_reason=reason, done_at=utc_now(),
                answer=json.dumps({"status": "abandoned"}, ensure_ascii=False)))
            return done.rowcount == 1

    @_owned
    def mark_queued(self, *command_ids: str) -> None:
        """Back to the queue (the send failed for lack of a connection)."""
        with self._conn.begin():
            self._conn.execute(update(outbox_t).where(outbox_t.c.command_id.in_(command_ids),
                                                      outbox_t.c.state == "sending").values(state="queued"))
