"""The durable outbox: commands wait here, committed to SQLite, until the server has answered.

`enqueue()` returns only after the row is committed with synchronous=FULL, so "queued" shown to
the user is a promise the console keeps even if it is killed the next instant. Sending goes in
submission order; an answer marks the row done; a refusal marks it refused with the server's
reason and tells the user; a lost connection leaves it queued for the next attempt. The server
treats command_id as an idempotency key, so resending after an unknown outcome acts once.

A command the server answers with HTTP 500 SET_ASIDE_AFTER times in a row is set aside as
"failed" (失败): the operator sees it with the server's answer and may send it again (`retry`)
or give it up (`abandon`). The commands behind it go on, except those that refer to what it
would have created (core.commands.creates / refers), which are held in order until it is
retried or given up: a dispatch to an incident whose creation failed waits, and says why.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor, Future

from psygnal import Signal

from core.api import ApiClient, BatchUnsupported, Invalid, Offline, Refused, ServerFault
from core.commands import Command, creates, describe, refers
from core.store import OutboxRow, Store

log = logging.getLogger(__name__)

# A command the server answers with HTTP 500 this many times in a row is set aside (marked
# refused, with a reason the operator reads) so that the commands queued behind it are sent:
# a server bug must not hold back a dispatch queued during an outage (issue 19). Fewer times,
# it is treated as an outage: the link is retried with backoff and the command resent.
SET_ASIDE_AFTER = 3


def _errors(detail: object) -> str:
    """A 422 detail ([{"loc": [...], "msg": ...}] or text) as one line for the operator."""
    if isinstance(detail, list):
        return "; ".join(f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg', '')}"
                         if isinstance(e, dict) else str(e) for e in detail)
    return str(detail)


class Outbox:
    # command_id (str): on the wire now
    command_sent = Signal(str)
    # command_id (str): the link dropped before its answer; queued again, resent on reconnect
    command_requeued = Signal(str)
    # command_id (str), the server's result (dict)
    command_accepted = Signal(str, dict)
    # command_id (str), the server's reason, a sentence for the operator (str)
    command_refused = Signal(str, str)
    # command_id (str), why it was set aside (str): failed, waiting for the operator's 重试 / 放弃
    command_failed = Signal(str, str)
    # command_id (str), what it waits for (str): held behind a failed command it depends on
    command_held = Signal(str, str)
    # commands still waiting to be sent (int)
    queue_changed = Signal(int)

    def __init__(self, store: Store, api: ApiClient | None, executor: Executor | None = None) -> None:
        self._store = store
        self._api = api
        self.executor = executor  # for blocking HTTP calls; None = asyncio's default executor
        self._count = store.queued_count()
        self._batch_supported = True  # until the server says it has no POST /commands/batch
        self._faults: dict[str, int] = {}  # command_id -> HTTP 500 answers in a row (this run)
        self._held: set[str] = set()  # command_ids said to be held (said once per hold)

    @property
    def count(self) -> int:
        """Commands queued and not yet answered (as of the last change this object saw)."""
        return self._count

    def enqueue(self, command: Command) -> str:
        """Commit the command to the outbox (durably) and return its command_id.

        Blocks the caller for one SQLite commit; the command is safe once this returns.
        """
        self._store.enqueue(command)
        self._set_count(self._store.queued_count())
        return command.command_id

    async def enqueue_async(self, command: Command) -> str:
        """Like enqueue, without blocking the event loop while the commit happens."""
        await self._store.run(self._store.enqueue, command)
        self._set_count(await self._store.run(self._store.queued_count))
        return command.command_id

    def _set_count(self, count: int) -> None:
        if count != self._count:
            self._count = count
            self.queue_changed.emit(count)

    async def refresh_count(self) -> int:
        self._set_count(await self._store.run(self._store.queued_count))
        return self._count

    async def send_pending(self, batch: int = 200) -> int:
        """Send every pending command in order; returns how many were answered.

        Raises Offline when the server cannot be reached: the unsent commands stay queued.
        Several pending commands go as one POST /commands/batch (in order, one server
        transaction); a server without it gets them one by one. One by one, the answer of a
        command is written to SQLite while the next is on the wire (the store's thread runs
        writes in order); a batch's writes are awaited before the next batch is read, so a
        command answered is never read back as pending.
        """
        if self._api is None:
            raise Offline("no server configured")
        store = self._store
        sent = 0
        while True:
            rows, held = await store.run(store.take_pending, batch, creates, refers)
            self._say_held(held)
            if not rows:
                await self.refresh_count()
                return sent
            if len(rows) > 1 and self._batch_supported and await self._send_batch(rows):
                sent += len(rows)
                continue
            writes: list = []
            failed: dict[str, OutboxRow] = {}  # id it would have created -> command set aside now
            try:
                for i, row in enumerate(rows):
                    blocker = next((failed[x] for x in refers(row.command) if x in failed), None)
                    if blocker is not None:
                        writes.append(store.submit(store.mark_queued, row.command.command_id))
                        self._say_held([(row, blocker)], more=True)
                        continue  # taken before what it depends on failed: back, and held
                    try:
                        write, set_aside = await self._send(row)
                        writes.append(write)
                    except Offline:
                        ids = [r.command.command_id for r in rows[i:]]
                        writes.append(store.submit(store.mark_queued, *ids))
                        self.command_requeued.emit(row.command.command_id)
                        raise
                    if set_aside:
                        for made in creates(row.command):
                            failed.setdefault(made, row)
                    sent += 1
            finally:
                await asyncio.gather(*(asyncio.wrap_future(w) for w in writes))

    def _say_held(self, held: list[tuple[OutboxRow, OutboxRow]], more: bool = False) -> None:
        """Tell of commands newly held (each once per hold); `more`: add to those already held."""
        now = set(self._held) if more else set()
        for row, blocker in held:
            cid = row.command.command_id
            now.add(cid)
            if cid not in self._held:
                self.command_held.emit(cid, f"等待{describe(blocker.command)}：该指令发送失败，"
                                            f"重试或放弃后本指令再发送")
        self._held = now

    async def failed(self) -> list[OutboxRow]:
        """The commands set aside, oldest first."""
        return await self._store.run(self._store.outbox, "failed")

    async def retry(self, command_id: str) -> bool:
        """Send a failed command again (it keeps its place before the commands held behind it)."""
        if not await self._store.run(self._store.retry, command_id):
            return False
        self._faults.pop(command_id, None)
        self.command_requeued.emit(command_id)
        await self.refresh_count()
        return True

    async def abandon(self, command_id: str, operator: str | None = None) -> bool:
        """Give a failed command up: refused, never sent; the commands held behind it go on
        (and the server answers them as it will — e.g. refuses a dispatch to an incident that
        was never created)."""
        who = f"（{operator}）" if operator else ""
        reason = f"已由操作员{who}放弃，未发送"
        if not await self._store.run(self._store.abandon, command_id, reason):
            return False
        self.command_refused.emit(command_id, reason)
        return True

    async def _send_batch(self, rows: list[OutboxRow]) -> bool:
        """Send rows as one batch and record every answer; False = send them one by one instead."""
        store = self._store
        loop = asyncio.get_running_loop()
        for row in rows:
            self.command_sent.emit(row.command.command_id)
        try:
            answers = await loop.run_in_executor(self.executor, self._api.send_commands,
                                                 [r.command for r in rows])
        except BatchUnsupported:
            self._batch_supported = False
            return False
        except ServerFault as exc:  # one of them may be what the server cannot take: find which
            log.warning("command batch failed inside the server (%s); sending one by one", exc)
            return False
        except Offline:
            await store.run(store.mark_queued, *[r.command.command_id for r in rows])
            for row in rows:
                self.command_requeued.emit(row.command.command_id)
            raise
        except Invalid as exc:  # the batch as a whole was not understood: let each speak for itself
            log.warning("command batch rejected (%s); sending one by one", exc.detail)
            return False
        outcomes, signals = [], []
        for row, answer in zip(rows, answers):
            cmd, status = row.command, answer.get("http_status", 200)
            if status == 200 and answer.get("status") == "accepted":
                outcomes.append((cmd.command_id, "done", answer, None))
                signals.append((self.command_accepted, cmd.command_id, dict(answer.get("result") or {})))
                continue
            if status == 409 or answer.get("status") == "refused":
                reason = answer.get("reason") or "服务器拒绝了该命令"
                log.info("command %s %s refused: %s", cmd.type, cmd.command_id, reason)
            else:  # 422: will never be accepted; keeping it would block the queue forever
                reason = f"服务器无法处理该指令（{describe(cmd)}）：{_errors(answer.get('detail'))}"
                log.error("command %s %s rejected as invalid: %s", cmd.type, cmd.command_id, answer)
            outcomes.append((cmd.command_id, "refused", answer, reason))
            signals.append((self.command_refused, cmd.command_id, reason))
        await store.run(store.mark_answers, outcomes)
        for signal, command_id, payload in signals:
            signal.emit(command_id, payload)
        self._set_count(max(0, self._count - len(rows)))
        return True

    async def _send(self, row: OutboxRow) -> tuple[Future, bool]:
        """POST one command; record the outcome and tell the user. Returns the pending store
        write, and whether the command was set aside as failed."""
        store, cmd = self._store, row.command
        loop = asyncio.get_running_loop()
        self.command_sent.emit(cmd.command_id)
        try:
            answer = await loop.run_in_executor(self.executor, self._api.send_command, cmd)
        except Refused as exc:
            write = store.submit(store.mark_refused, cmd.command_id, exc.reason, exc.answer)
            log.info("command %s %s refused: %s", cmd.type, cmd.command_id, exc.reason)
            self.command_refused.emit(cmd.command_id, exc.reason)
        except ServerFault as exc:
            faults = self._faults[cmd.command_id] = self._faults.get(cmd.command_id, 0) + 1
            if faults < SET_ASIDE_AFTER:
                raise   # perhaps the server's passing trouble: retried with the link's backoff
            self._faults.pop(cmd.command_id, None)
            reason = (f"{describe(cmd)}：服务器处理时连续 {faults} 次内部出错（HTTP 500），已暂停重发；"
                      f"其他指令照常发送，依赖它的指令（如向该事件调派）等待。可重试或放弃，"
                      f"并请报告系统管理员（指令编号 {cmd.command_id[:8]}）")
            write = store.submit(store.mark_failed, cmd.command_id, reason,
                                 {"status": "server_error", "detail": str(exc)[:500]})
            log.error("command %s %s set aside after %d server errors: %s", cmd.type, cmd.command_id,
                      faults, exc)
            self.command_failed.emit(cmd.command_id, reason)
            self._set_count(self._count - 1 if self._count > 0 else 0)
            return write, True
        except Invalid as exc:
            # The server will never accept this one; keeping it would block the queue forever.
            reason = f"服务器无法处理该指令（{describe(cmd)}）：{exc.detail}"
            write = store.submit(store.mark_refused, cmd.command_id, reason, {"status": "invalid"})
            log.error("command %s %s rejected as invalid: %s", cmd.type, cmd.command_id, exc.detail)
            self.command_refused.emit(cmd.command_id, reason)
        else:
            self._faults.pop(cmd.command_id, None)
            # Not awaited: a crash before this commits only means a resend, which the server
            # answers from its record of command_id without acting again.
            write = store.submit(store.mark_done, cmd.command_id, answer)
            self.command_accepted.emit(cmd.command_id, dict(answer.get("result") or {}))
        self._set_count(self._count - 1 if self._count > 0 else 0)
        return write, False
