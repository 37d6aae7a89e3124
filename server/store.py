"""The event log and write transactions: one owner of the server's database.

Every change happens inside `Store.write()`, which locks the one-row event counter for the
whole transaction. Event ids are therefore handed out and committed strictly in order, with
no gaps: a client reading `id > n` can never miss an id that commits later. After commit
the waiting streams of this process are woken, and on PostgreSQL a NOTIFY (delivered at
commit) wakes the streams of every other process on the same database.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from server import db

log = logging.getLogger(__name__)


class Notifier:
    """Wakes the event streams of this process; `notify()` may be called from any thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._event = asyncio.Event()

    def current(self) -> asyncio.Event:
        """The event the next notify() sets; take it BEFORE reading, so no wake-up is lost."""
        assert self._event is not None, "Notifier.attach() was not called"
        return self._event

    def _fire(self) -> None:
        old, self._event = self._event, asyncio.Event()
        old.set()

    def notify(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._fire)
            except RuntimeError:  # loop closing during shutdown
                pass


@dataclass
class WriteTx:
    """What a write transaction sees: the connection, its clock, and the events it adds."""
    conn: sa.Connection
    now: datetime
    operator: str | None
    command_id: str | None
    next_id: int
    rows: list[dict] = field(default_factory=list)

    def emit(self, type_: str, layer: str, upsert=(), remove=(), incident_id: str | None = None,
             detail: dict | None = None) -> int:
        """Append one event; returns its id."""
        event_id = self.next_id
        self.next_id += 1
        data = {"id": event_id, "type": type_, "layer": layer, "upsert": list(upsert),
                "remove": list(remove), "at": self.now.isoformat(), "operator": self.operator}
        if incident_id is not None:
            data["incident_id"] = incident_id
        if detail:
            data["detail"] = detail
        self.rows.append({"id": event_id, "type": type_, "layer": layer,
                          "incident_id": incident_id, "operator": self.operator,
                          "command_id": self.command_id, "at": self.now,
                          "data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))})
        return event_id

    @property
    def last_event_id(self) -> int | None:
        return self.rows[-1]["id"] if self.rows else None


class EventsGone(Exception):
    """The client's position is older than what the log keeps (or from another database)."""


class Store:
    def __init__(self, url: str, retention: timedelta = timedelta(days=7)) -> None:
        self.url = url
        self.engine = db.create_engine(url)
        self.dialect = self.engine.dialect.name
        self.retention = retention
        self.notifier = Notifier()
        # SQLite allows one writer: queueing on a lock here is cheaper than busy-waiting
        self._sqlite_lock = threading.Lock() if self.dialect == "sqlite" else None
        db.migrate(self.engine)
        self.instance = self._instance_id()
        self.channel = f"ecc_{self.instance.replace('-', '')[:20]}"
        self._stop = threading.Event()

    # -- identity --------------------------------------------------------------------------
    def _instance_id(self) -> str:
        """A UUID made when the database was created: it changes only with a new database."""
        with self.writing_connection() as conn:
            value = conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "instance"))
            if value is None:
                value = str(uuid.uuid4())
                conn.execute(sa.insert(db.meta).values(key="instance", value=value))
            return value

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def writing_connection(self):
        """A transaction that holds the writer lock (event counter row) until commit."""
        if self._sqlite_lock is not None:
            self._sqlite_lock.acquire()
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn = conn.execution_options(sqlite_immediate=True)
                with conn.begin():
                    conn.execute(sa.select(db.event_seq.c.last)
                                 .where(db.event_seq.c.id == 1).with_for_update())
                    yield conn
        finally:
            if self._sqlite_lock is not None:
                self._sqlite_lock.release()

    @contextmanager
    def write(self, operator: str | None = None, command_id: str | None = None):
        """A write transaction yielding a WriteTx; its events commit with its changes."""
        with self.writing_connection() as conn:
            last = conn.scalar(sa.select(db.event_seq.c.last).where(db.event_seq.c.id == 1))
            tx = WriteTx(conn=conn, now=db.utcnow(), operator=operator, command_id=command_id,
                         next_id=last + 1)
            yield tx
            if tx.rows:
                conn.execute(sa.insert(db.events), tx.rows)
                conn.execute(sa.update(db.event_seq).where(db.event_seq.c.id == 1)
                             .values(last=tx.next_id - 1))
                if self.dialect == "postgresql":
                    conn.exec_driver_sql(f"NOTIFY {self.channel}")
        if tx.rows:
            self.notifier.notify()

    @contextmanager
    def reading(self):
        """A read-only transaction that sees one consistent state of the database."""
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    # -- the log ---------------------------------------------------------------------------
    def last_event_id(self, conn: sa.Connection | None = None) -> int:
        query = sa.select(db.event_seq.c.last).where(db.event_seq.c.id == 1)
        if conn is not None:
            return int(conn.scalar(query))
        with self.engine.connect() as c:
            return int(c.scalar(query))

    def check_position(self, conn: sa.Connection, after: int) -> int:
        """Raise EventsGone if events after `after` are no longer all kept; returns last id."""
        last = self.last_event_id(conn)
        pruned = conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "pruned_through"))
        if after < int(pruned or 0):
            raise EventsGone(f"events after {after} are past the retention of "
                             f"{self.retention}; take a fresh snapshot")
        if after > last:
            raise EventsGone(f"event {after} is newer than this server's last event {last} "
                             "(a different or restored database); take a fresh snapshot")
        return last

    def events_after(self, after: int, limit: int = 500) -> list:
        """Rows (id, type, data) of the events with id > after, in order; data is the
        encoded JSON. Raises EventsGone (see check_position)."""
        with self.reading() as conn:
            self.check_position(conn, after)
            return conn.execute(sa.select(db.events.c.id, db.events.c.type, db.events.c.data)
                                .where(db.events.c.id > after)
                                .order_by(db.events.c.id).limit(limit)).all()

    def prune(self) -> int:
        """Drop events older than the retention; returns how many went."""
        cutoff = db.utcnow() - self.retention
        with self.writing_connection() as conn:
            through = conn.scalar(sa.select(sa.func.max(db.events.c.id))
                                  .where(db.events.c.at < cutoff))
            if through is None:
                return 0
            gone = conn.execute(sa.delete(db.events).where(db.events.c.id <= through)).rowcount
            updated = conn.execute(sa.update(db.meta).where(db.meta.c.key == "pruned_through")
                                   .values(value=str(through))).rowcount
            if not updated:
                conn.execute(sa.insert(db.meta).values(key="pruned_through", value=str(through)))
            # readings are history, not the resume log; they follow the same retention
            conn.execute(sa.delete(db.readings).where(db.readings.c.at < cutoff))
        log.info("pruned %d events through id %d", gone, through)
        return gone

    # -- background threads ----------------------------------------------------------------
    def start_background(self) -> None:
        """Start the pruner and, on PostgreSQL, the LISTEN thread that wakes our streams."""
        threading.Thread(target=self._prune_loop, name="ecc-pruner", daemon=True).start()
        if self.dialect == "postgresql":
            threading.Thread(target=self._listen_loop, name="ecc-listen", daemon=True).start()

    def stop_background(self) -> None:
        self._stop.set()

    def _prune_loop(self) -> None:
        interval = min(60.0, max(0.2, self.retention.total_seconds() / 4))
        while not self._stop.is_set():
            try:
                self.prune()
            except Exception:  # a failed prune is retried next round; the log just grows
                log.exception("pruning the event log failed")
            self._stop.wait(interval)

    def _listen_loop(self) -> None:
        while not self._stop.is_set():
            try:
                raw = self.engine.raw_connection()
                pg = raw.driver_connection
                raw.detach()  # a dedicated connection, never returned to the pool
                pg.rollback()
                pg.autocommit = True
                pg.execute(f"LISTEN {self.channel}")
                self.notifier.notify()  # catch up whatever came while we were not listening
                while not self._stop.is_set():
                    for _ in pg.notifies(timeout=1.0):
                        self.notifier.notify()
            except Exception:
                log.exception("LISTEN connection lost; reconnecting")
                self._stop.wait(1.0)
