"""The sync engine: keeps the replica, the in-memory picture and the server in step.

On start it shows the last picture from the replica (offline-first), then connects: a snapshot
when it has no last event id (or the server no longer keeps what it missed), the outbox
replayed in order, then the event stream resumed from the last id. On loss it goes
RECONNECTING, then OFFLINE, retrying with backoff and jitter; each reconnect again replays the
outbox and resumes the stream. Events are applied to the replica and to LiveState in batches
(one transaction, one LiveState update per layer, at most every `flush_interval`) so a burst
of thousands of events per second never floods the UI thread.

It runs on a running asyncio loop: qasync's under the GUI (created only by console/app.py),
a plain asyncio loop headless (tests, drills, core/sync_worker.py). Network and database
calls go through threads; its (psygnal) signals are emitted on the loop's thread.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from psygnal import Signal

from core.api import ApiClient, ApiError, EventStream, Invalid, Offline, SnapshotNeeded, Unauthorized
from core.commands import Command
from core.retry import backoff_delay
from core.connection import ConnectionState, Link
from core.outbox import Outbox
from core.provisional import Provisional
from core.state import LAYERS, LiveState
from core.store import Applied, Store

log = logging.getLogger(__name__)

_END = object()  # the reader thread's end-of-stream marker


# The longest silence on the event stream taken for a live connection. The server sends a
# keep-alive comment every second when idle (server/cli.py --heartbeat 1), so 2.5 s without a
# byte means it is gone or frozen: the operator sees the outage banner within 3 s (issue 20).
HEARTBEAT_TIMEOUT = 2.5


class SyncEngine:
    # command_id (str): on the wire now (core/tracker.py follows these four)
    command_sent = Signal(str)
    # command_id (str): the link dropped before its answer; queued again
    command_requeued = Signal(str)
    # command_id (str), the server's result (dict)
    command_accepted = Signal(str, dict)
    # command_id (str), the server's reason for the operator (str)
    command_refused = Signal(str, str)
    # command_id (str), why it was set aside (str): waits for the operator's 重试 / 放弃
    command_failed = Signal(str, str)
    # command_id (str), what it waits for (str): behind a failed command it depends on
    command_held = Signal(str, str)
    # the replica was thrown away and rebuilt from the server: why, for the operator (str)
    replica_reset = Signal(str)
    # commands waiting in the outbox (int)
    queue_changed = Signal(int)
    # ids of the events applied in one batch, ascending (list[int])
    events_applied = Signal(object)
    # a fresh snapshot replaced the picture; its last event id (int)
    snapshot_loaded = Signal(int)
    # the server wants the operator to sign in (again): its reason (str)
    sign_in_requested = Signal(str)

    def __init__(self, store: Store, api: ApiClient | None, live_state: LiveState,
                 connection_state: ConnectionState, *,
                 flush_interval: float = 0.1, heartbeat_timeout: float = HEARTBEAT_TIMEOUT,
                 retry_base: float = 0.5, retry_cap: float = 30.0, reconnecting_attempts: int = 3) -> None:
        self.store = store
        self.api = api
        self._audit = None
        self.live = live_state
        self.connection = connection_state
        self.flush_interval = flush_interval
        self.heartbeat_timeout = heartbeat_timeout
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.reconnecting_attempts = reconnecting_attempts
        # HTTP calls (commands, snapshot) get their own threads; the stream reader has its own.
        self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-net")
        self._net_closed = False
        self.outbox = Outbox(store, api, self._net)
        # incidents filed here and not yet confirmed by the server, shown marked 待同步
        self.provisional = Provisional(live_state)
        self.outbox.command_sent.connect(self.command_sent.emit)
        self.outbox.command_requeued.connect(self.command_requeued.emit)
        self.outbox.command_accepted.connect(self._on_outbox_command_accepted)
        self.outbox.command_refused.connect(self._on_outbox_command_refused)
        self.outbox.command_failed.connect(self._on_outbox_command_failed)
        self.outbox.command_held.connect(self.command_held.emit)
        self.outbox.queue_changed.connect(self._on_outbox_queue_changed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._stream: EventStream | None = None
        self._outbox_wakeup: asyncio.Event | None = None
        self._stop_wakeup: asyncio.Event | None = None
        self._retry_now: asyncio.Event | None = None
        self._reached_online = False
        self.last_event_id: int | None = None
        self._instance: str | None = None  # the server's instance id, from /health
        self._reset_reason: str | None = None  # said once the rebuilt replica is in

    # -- public ------------------------------------------------------------------------------
    async def start(self) -> None:
        """Show the replica's picture at once, then connect in the background."""
        self._loop = asyncio.get_running_loop()
        if self._net_closed:  # started again after stop()
            self._net = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-net")
            self.outbox.executor = self._net
            self._net_closed = False
        self._outbox_wakeup = asyncio.Event()
        self._stop_wakeup = asyncio.Event()
        self._retry_now = asyncio.Event()
        self._stopping = False
        replica = await self.store.run(self.store.load)
        self.last_event_id = replica.last_event_id
        for layer in LAYERS:
            self.live.replace(layer, replica.layers.get(layer, []))
        await self._restore_provisional()
        self.connection.set_queued(await self.outbox.refresh_count())
        for row in await self.outbox.failed():  # set aside by an earlier run: still the operator's
            self.command_failed.emit(row.command.command_id, row.refused_reason or "")
        if self.api is None:
            self.connection.set_link(Link.LOCAL)
            return
        self.connection.set_link(Link.CONNECTING)
        self._task = self._loop.create_task(self._run(), name="sync-engine")

    async def stop(self) -> None:
        """Stop syncing: close the stream, cancel the loop, wait for the threads."""
        self._stopping = True
        if self._stop_wakeup is not None:
            self._stop_wakeup.set()
        if self._stream is not None:
            self._stream.close()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopping anyway
                pass
            self._task = None
        self._net_closed = True
        await asyncio.get_running_loop().run_in_executor(None, self._net.shutdown, True)

    async def _restore_provisional(self) -> None:
        rows = await self.store.run(self.store.outbox)
        self.provisional.restore(r.command for r in rows if r.state in ("queued", "sending", "failed"))

    def submit(self, command: Command) -> str:
        """Commit a command to the outbox (durable when this returns) and send it when online."""
        self.outbox.enqueue(command)
        self.provisional.add(command)
        self._audit_queued(command)
        self.send_soon()
        return command.command_id

    async def submit_async(self, command: Command) -> str:
        """Like submit, awaiting the commit instead of blocking the caller's thread."""
        await self.outbox.enqueue_async(command)
        self.provisional.add(command)
        self._audit_queued(command)
        self.send_soon()
        return command.command_id

    @property
    def audit(self):
        """The console's own audit chain (a ConsoleAudit, set by the shell) or None."""
        return self._audit

    @audit.setter
    def audit(self, audit) -> None:
        # the server's receipts go into the chain too: `audit verify --profile` compares them
        # with the server's log later, which is how a log cut off at the end is caught
        self._audit = audit
        if self.api is not None:
            self.api.on_receipt = audit.record_receipt if audit is not None else None

    def _audit_queued(self, command: Command) -> None:
        if self.audit is not None:  # core/audit.py: the console's own hash chain
            self.audit.append("command_queued", {"type": command.type,
                                                 "command_id": command.command_id},
                              command.payload)

    def _on_outbox_command_accepted(self, command_id: str, result: dict) -> None:
        if self.audit is not None:  # what came back goes into the chain before anyone acts on it
            self.audit.append("command_accepted", {"command_id": command_id})
        self.command_accepted.emit(command_id, result)

    def _on_outbox_command_refused(self, command_id: str, reason: str) -> None:
        self.provisional.refused(command_id)
        if self.audit is not None:
            self.audit.append("command_refused", {"command_id": command_id, "reason": reason})
        self.command_refused.emit(command_id, reason)

    def _on_outbox_command_failed(self, command_id: str, reason: str) -> None:
        if self.audit is not None:
            self.audit.append("command_failed", {"command_id": command_id, "reason": reason})
        self.command_failed.emit(command_id, reason)

    async def retry(self, command_id: str, operator: str | None = None) -> bool:
        """The operator's 重试 on a failed command: queued again, in its old place, sent now."""
        if not await self.outbox.retry(command_id):
            return False
        if self.audit is not None:
            self.audit.append("command_retried", {"command_id": command_id, "operator": operator})
        self.send_soon()
        return True

    async def abandon(self, command_id: str, operator: str | None = None) -> bool:
        """The operator's 放弃 on a failed command: never sent; those held behind it go on."""
        if self.audit is not None:  # the decision is the operator's: in the chain before it acts
            self.audit.append("command_abandoned", {"command_id": command_id, "operator": operator})
        if not await self.outbox.abandon(command_id, operator):
            return False
        self.send_soon()
        return True

    def reconnect_now(self) -> None:
        """Skip the rest of the backoff wait and try the server at once (a "retry" button)."""
        if self._retry_now is not None:
            self._call_in_loop(self._retry_now.set)

    # -- connection loop ---------------------------------------------------------------------
    def _call_in_loop(self, fn) -> None:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            fn()
        elif self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(fn)

    def send_soon(self) -> None:
        """Commands wait in the outbox (a new one, or one committed through the engine this one
        replaced): send them now if online; if offline, try the server again now, since the
        operator is waiting on them."""
        if self._loop is None or self._outbox_wakeup is None:
            return
        self._call_in_loop(self._outbox_wakeup.set)
        self.reconnect_now()

    def _on_outbox_queue_changed(self, count: int) -> None:
        self.connection.set_queued(count)
        self.queue_changed.emit(count)

    async def _run(self) -> None:
        failures = 0
        ever_online = False
        while not self._stopping:
            self._reached_online = False
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except Unauthorized as exc:  # a 401: an outage until someone signs in
                log.warning("sync: the server wants a sign-in: %s", exc)
                self.sign_in_requested.emit(str(exc))
            except (Offline, Invalid) as exc:
                log.warning("sync: connection lost or refused: %s", exc)
            except Exception:  # a bug must not kill syncing for good; log and retry
                log.exception("sync: unexpected error; retrying")
            if self._stopping:
                return
            if self._reached_online:
                ever_online = True
                failures = 0
            failures += 1
            # A fresh loss is "reconnecting"; after a few failed tries (or if we never got
            # through since start) it is "offline since HH:MM", still retrying with backoff.
            if ever_online and failures <= self.reconnecting_attempts:
                self.connection.set_link(Link.RECONNECTING)
            else:
                self.connection.set_link(Link.OFFLINE)
            delay = backoff_delay(failures - 1, self.retry_base, self.retry_cap)
            self._retry_now.clear()
            waits = [asyncio.ensure_future(self._stop_wakeup.wait()),
                     asyncio.ensure_future(self._retry_now.wait())]
            try:
                await asyncio.wait(waits, timeout=max(delay, 0.05), return_when=asyncio.FIRST_COMPLETED)
            finally:
                for w in waits:
                    w.cancel()

    async def _session(self) -> None:
        """One connection: catch up, replay the outbox, follow the stream until it breaks.

        Returns or raises (Offline, SnapshotNeeded, Invalid) when the connection is over.
        """
        loop = asyncio.get_running_loop()
        health = await loop.run_in_executor(self._net, self.api.health)
        self._instance = health.get("instance") if isinstance(health, dict) else None
        if self.last_event_id is not None and self._instance:
            known = await self.store.run(self.store.server_instance)
            if known != self._instance:
                # Another database behind this address (restored, replaced, a new server): the
                # replica's records and last event id are another server's. Rebuild it.
                log.warning("sync: server instance %s, the replica is of %s; taking a fresh snapshot",
                            self._instance, known)
                self.last_event_id = None
                self._reset_reason = (
                    "服务器已更换（同一地址上是另一套服务器数据）：本地数据已按该服务器重新载入；未发送的指令保留，将发往该服务器"
                    if known else "本地数据已按服务器重新载入（首次核对所连服务器）；未发送的指令保留")
        if self.last_event_id is None:
            await self._take_snapshot()
        await self.outbox.send_pending()
        while True:
            try:
                stream = await loop.run_in_executor(
                    self._net, self.api.stream_events, self.last_event_id, self.heartbeat_timeout)
                break
            except SnapshotNeeded:
                log.info("sync: events after %s are gone; taking a fresh snapshot", self.last_event_id)
                self._reset_reason = "服务器已不保存断线期间的全部事件：本地数据已按服务器重建；未发送的指令保留"
                await self._take_snapshot()
        self._stream = stream
        self._reached_online = True
        self.connection.set_link(Link.ONLINE)
        if self._stopping:
            stream.close()
            return
        events: queue.SimpleQueue = queue.SimpleQueue()
        ready = asyncio.Event()
        reader = threading.Thread(target=self._read, args=(stream, events, ready, loop),
                                  name="sync-stream", daemon=True)
        reader.start()
        tasks = [loop.create_task(self._consume(events, ready)), loop.create_task(self._send_loop())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                t.result()  # re-raise Offline / SnapshotNeeded from the stream or the sender
        except SnapshotNeeded:
            self.last_event_id = None  # the next session starts with a snapshot
            self._reset_reason = "服务器已不保存断线期间的全部事件：本地数据已按服务器重建；未发送的指令保留"
        finally:
            for t in tasks:
                t.cancel()
            stream.close()
            self._stream = None
            await asyncio.gather(*tasks, return_exceptions=True)
            await loop.run_in_executor(None, reader.join, 5.0)

    async def _take_snapshot(self) -> None:
        loop = asyncio.get_running_loop()
        snap = await loop.run_in_executor(self._net, self.api.snapshot)
        layers = [k for k, v in snap.items() if isinstance(v, list)]
        stamped = await self.store.run(self.store.replace_all, snap, layers, self._instance)
        self.last_event_id = int(snap["last_event_id"])
        for layer in LAYERS:
            self.live.replace(layer, stamped.get(layer, []))
        await self._restore_provisional()
        self.snapshot_loaded.emit(self.last_event_id)
        reason, self._reset_reason = self._reset_reason, None
        if reason:
            self.replica_reset.emit(reason)

    # -- stream ------------------------------------------------------------------------------
    @staticmethod
    def _read(stream: EventStream, events: queue.SimpleQueue, ready: asyncio.Event,
              loop: asyncio.AbstractEventLoop) -> None:
        """Reader thread: push parsed events; wake the consumer once per burst, not per event."""
        pending = threading.Event()  # set while a wake-up is already on its way to the loop

        def wake() -> None:
            pending.clear()
            ready.set()

        def notify() -> None:
            if not pending.is_set():
                pending.set()
                try:
                    loop.call_soon_threadsafe(wake)
                except RuntimeError:  # loop closed: we are shutting down
                    pass

        try:
            for n, ev in enumerate(stream, 1):
                events.put(ev)
                notify()
                if n % 64 == 0:
                    # While catching up this thread parses flat out; hand the GIL over now and
                    # then so the GUI thread never waits a whole switch interval behind it.
                    time.sleep(0)
            events.put((_END, Offline(f"event stream ended by the server after id {stream.last_id}")))
        except ApiError as exc:
            events.put((_END, exc))
        except Exception as exc:  # noqa: BLE001 - handed to the loop, which logs it
            events.put((_END, Offline(f"event stream failed: {type(exc).__name__}: {exc}")))
        notify()

    async def _consume(self, events: queue.SimpleQueue, ready: asyncio.Event) -> None:
        last_flush = 0.0
        while True:
            await ready.wait()
            ready.clear()
            # Coalesce a burst: flush at most every flush_interval.
            wait = self.flush_interval - (time.monotonic() - last_flush)
            if wait > 0:
                await asyncio.sleep(wait)
            batch, end = [], None
            while True:
                try:
                    item = events.get_nowait()
                except queue.Empty:
                    break
                if isinstance(item, tuple) and item and item[0] is _END:
                    end = item[1]
                    break
                batch.append(item)
            last_flush = time.monotonic()
            if batch:
                await self._apply(batch)
            if end is not None:
                raise end

    async def _apply(self, batch: list[dict]) -> None:
        """Commit a batch to the replica, then show it; the showing happens even if the session
        is cancelled meanwhile (the replica would otherwise be ahead of the picture)."""
        done = asyncio.wrap_future(self.store.submit(self.store.apply_events, batch))
        done.add_done_callback(self._on_store_applied)
        await asyncio.shield(done)

    def _on_store_applied(self, fut: asyncio.Future) -> None:
        if fut.cancelled() or fut.exception() is not None:
            if not fut.cancelled():
                log.error("sync: could not write events to the replica: %s", fut.exception())
            return
        applied: Applied = fut.result()
        if not applied.event_ids:
            return
        self.last_event_id = applied.last_event_id
        for layer in LAYERS:
            ups = applied.upserts.get(layer)
            rem = applied.removes.get(layer)
            if ups or rem:
                records = list((ups or {}).values())
                if layer == "incidents":
                    records = self.provisional.confirm(records)
                self.live.apply(layer, records, list(rem or ()))
        self.events_applied.emit(applied.event_ids)

    async def _send_loop(self) -> None:
        while True:
            await self._outbox_wakeup.wait()
            self._outbox_wakeup.clear()
            await self.outbox.send_pending()
