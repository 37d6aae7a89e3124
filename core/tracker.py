"""The command tracker: one observable state for every command this console submits.

    queued ──▶ sent ──┬──▶ accepted
       │              ├──▶ refused (with the server's reason)
       │              ├──▶ queued (the link dropped before the answer; resent when it returns)
       │              └──▶ failed (server errors; set aside) ──▶ 重试: queued, or 放弃: refused
       └──▶ held (depends on a failed command) ──▶ sent once that one is retried or given up

`submit()` returns the command's id at once and never blocks the caller: the command is
committed to the durable outbox on the store's thread, and becomes `queued` when the commit
is done (a promise kept through a crash from then on). The sync engine reports `sent`,
`accepted` and `refused`; the tracker survives the engine being replaced (offline start, then
the server) because it is attached to whichever engine is current.

Observers: `changed` (psygnal) with each new `Tracked`, for panels and the timeline; and a
per-command `observer` given to `submit()`, for the one flow that asked (it is called on every
change of that command and forgotten once it is answered), so no flow keeps a table of
command ids of its own.
"""
from __future__ import annotations

import asyncio
import logging
import sys
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import Enum

from psygnal import Signal

from core.commands import Command

log = logging.getLogger(__name__)

KEEP = 5000  # answered commands remembered (for status(); the outbox table keeps them all)


class Status(Enum):
    QUEUED = "queued"
    SENT = "sent"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    FAILED = "failed"   # set aside after server errors: the operator may 重试 or 放弃
    HELD = "held"       # waits for a failed command it depends on (core.commands.refers)

    @property
    def answered(self) -> bool:
        return self in (Status.ACCEPTED, Status.REFUSED)


@dataclass(frozen=True)
class Tracked:
    command_id: str
    type: str
    status: Status
    subject: str = ""                 # what the command is about (a unit, an incident), for a panel
    reason: str = ""                  # the server's reason, when refused; why, when failed or held
    result: dict = field(default_factory=dict)  # the server's result, when accepted
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


Observer = Callable[[Tracked], None]


class CommandTracker:
    changed = Signal(object)  # a Tracked: a command changed state

    def __init__(self) -> None:
        self._engine = None
        self._items: OrderedDict[str, Tracked] = OrderedDict()
        self._observers: dict[str, Observer] = {}
        self._saving: set[asyncio.Future] = set()

    # -- the engine --------------------------------------------------------------------------
    def attach(self, engine) -> None:
        """Follow `engine` (a core.sync.SyncEngine) from now on; the previous one is let go."""
        if self._engine is engine:
            return
        if self._engine is not None:
            for signal, slot in self._links():
                signal.disconnect(slot, missing_ok=True)
        self._engine = engine
        for signal, slot in self._links():
            signal.connect(slot)

    def _links(self):
        e = self._engine
        return [(e.command_sent, self._on_sent), (e.command_accepted, self._on_accepted),
                (e.command_refused, self._on_refused), (e.command_requeued, self._on_requeued),
                (e.command_failed, self._on_failed), (e.command_held, self._on_held)]

    # -- submitting --------------------------------------------------------------------------
    def submit(self, command: Command, subject: str = "", observer: Observer | None = None) -> str:
        """Queue `command` without blocking; returns its command_id at once. `observer`, if
        given, is called with each state of this command until it is answered."""
        if self._engine is None:
            raise RuntimeError("no sync engine attached: the console is not started")
        if observer is not None:
            self._observers[command.command_id] = observer
        self._items[command.command_id] = Tracked(command.command_id, command.type, Status.QUEUED, subject)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:  # a script without a loop: commit here, then say queued
            self._engine.submit(command)
            self._publish(command.command_id)
            return command.command_id
        saving = loop.create_task(self._engine.submit_async(command))
        self._saving.add(saving)
        saving.add_done_callback(lambda t, cid=command.command_id: self._on_saved(t, cid))
        return command.command_id

    def _on_saved(self, task: asyncio.Task, command_id: str) -> None:
        self._saving.discard(task)
        if task.cancelled() or task.exception() is not None:
            # not in the outbox: say so, as a refusal the operator sees, rather than lose it quietly
            error = "cancelled" if task.cancelled() else f"{type(task.exception()).__name__}: {task.exception()}"
            log.error("command %s could not be queued: %s", command_id, error)
            self._set(command_id, Status.REFUSED, reason=f"未能存入待发送队列（{error}），请重新提交")
            return
        if self._engine is not None:
            # committed through the engine current at submit(); if it was replaced since (the
            # offline one by the server's), the current one must not wait for the next command
            self._engine.send_soon()
        current = self._items.get(command_id)
        if current is not None and current.status is Status.QUEUED:
            self._publish(command_id)  # not already sent (a fast server answers before this runs)

    async def drain(self) -> None:
        """Wait until every submitted command is in the outbox (before stopping)."""
        if self._saving:
            await asyncio.gather(*list(self._saving), return_exceptions=True)

    # -- what the engine says ----------------------------------------------------------------
    def _on_sent(self, command_id: str) -> None:
        self._set(command_id, Status.SENT)

    def _on_requeued(self, command_id: str) -> None:
        self._set(command_id, Status.QUEUED)

    def _on_accepted(self, command_id: str, result: dict) -> None:
        self._set(command_id, Status.ACCEPTED, result=dict(result or {}))

    def _on_refused(self, command_id: str, reason: str) -> None:
        self._set(command_id, Status.REFUSED, reason=reason)

    def _on_failed(self, command_id: str, reason: str) -> None:
        self._set(command_id, Status.FAILED, reason=reason)

    def _on_held(self, command_id: str, reason: str) -> None:
        self._set(command_id, Status.HELD, reason=reason)

    # -- the operator's decisions on a failed command ------------------------------------------
    async def retry(self, command_id: str, operator: str | None = None) -> bool:
        """重试: send a failed command again; False if it is not failed (any more)."""
        if self._engine is None:
            return False
        return await self._engine.retry(command_id, operator)

    async def abandon(self, command_id: str, operator: str | None = None) -> bool:
        """放弃: never send a failed command; False if it is not failed (any more)."""
        if self._engine is None:
            return False
        return await self._engine.abandon(command_id, operator)

    def _set(self, command_id: str, status: Status, **changes) -> None:
        current = self._items.get(command_id)
        if current is None:  # queued by an earlier run of the console (replayed from the outbox)
            current = Tracked(command_id, "", status)
        elif current.status.answered:
            return  # an answer is final
        self._items[command_id] = replace(current, status=status, at=datetime.now(timezone.utc), **changes)
        self._items.move_to_end(command_id)
        self._publish(command_id)
        while len(self._items) > KEEP:
            oldest, item = next(iter(self._items.items()))
            if not item.status.answered:
                break
            del self._items[oldest]

    def _publish(self, command_id: str) -> None:
        tracked = self._items[command_id]
        observer = (self._observers.pop(command_id, None) if tracked.status.answered
                    else self._observers.get(command_id))
        if observer is not None:
            try:
                observer(tracked)
            except Exception:  # noqa: BLE001 - reported (pytest-qt fails a test with it), not raised
                sys.excepthook(*sys.exc_info())  # into the engine: one bug must not stop syncing
        self.changed.emit(tracked)

    # -- reading -----------------------------------------------------------------------------
    def status(self, command_id: str) -> Tracked | None:
        return self._items.get(command_id)

    def waiting(self) -> list[Tracked]:
        """Commands not yet answered, oldest first."""
        return [t for t in self._items.values() if not t.status.answered]

    def failed(self) -> list[Tracked]:
        """Commands set aside, for the operator to 重试 or 放弃, oldest first."""
        return [t for t in self._items.values() if t.status is Status.FAILED]

    def held(self) -> list[Tracked]:
        """Commands held behind a failed one, oldest first."""
        return [t for t in self._items.values() if t.status is Status.HELD]
