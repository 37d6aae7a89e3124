"""The command tracker end to end: a real server process, a real replica and outbox."""
from __future__ import annotations

import asyncio

from core import commands as C
from core.connection import Link
from core.tracker import CommandTracker, Status
from server.embedded import free_port
from tests.core.helpers_sync import running_engine, servers, wait_until

__all__ = ["servers"]  # the fixture


def test_offline_commands_go_queued_then_sent_then_answered_in_order(tmp_path, servers):
    port = free_port()
    db = tmp_path / "replica.sqlite"
    seen: list[tuple[str, Status]] = []
    mine: dict[str, list[Status]] = {}

    async def scenario():
        async with running_engine(db, f"http://127.0.0.1:{port}") as (engine, live, conn, rec):
            tracker = CommandTracker()
            tracker.attach(engine)
            tracker.changed.connect(lambda t: seen.append((t.command_id, t.status)))
            await wait_until(lambda: conn.link == Link.OFFLINE, what="offline")
            notes = [tracker.submit(C.add_note("INC-0001", f"排队{i}")) for i in range(20)]
            bad = tracker.submit(C.dispatch_unit("U9999", "INC-0001"), "U9999",
                                 lambda t: mine.setdefault(t.command_id, []).append(t.status))
            # submit never waited for the disk: nothing is promised as queued yet
            assert tracker.status(bad).status is Status.QUEUED and not seen
            await tracker.drain()
            assert conn.queued == 21 and [cid for cid, _ in seen] == [*notes, bad]
            assert {s for _, s in seen} == {Status.QUEUED}
            srv = await asyncio.to_thread(servers, "server.sqlite", port)
            await wait_until(lambda: all(tracker.status(c).status.answered for c in [*notes, bad]),
                             what="every command answered")
            return notes, bad, tracker, srv

    notes, bad, tracker, srv = asyncio.run(scenario())
    assert [tracker.status(c).status for c in notes] == [Status.ACCEPTED] * 20
    refused = tracker.status(bad)
    assert refused.status is Status.REFUSED and "U9999" in refused.reason and refused.subject == "U9999"
    # each command: queued, sent (at least once), then exactly one answer, never after the answer
    for cid in [*notes, bad]:
        states = [s for c, s in seen if c == cid]
        assert states[0] is Status.QUEUED and Status.SENT in states
        assert sum(s.answered for s in states) == 1 and states[-1].answered
    assert mine[bad][0] is Status.QUEUED and mine[bad][-1] is Status.REFUSED
    assert tracker.waiting() == []


def test_a_tracker_follows_the_engine_that_replaced_the_offline_one(tmp_path, servers):
    srv = servers()
    db = tmp_path / "replica.sqlite"

    async def scenario():
        tracker = CommandTracker()
        async with running_engine(db, None) as (offline, *_):
            tracker.attach(offline)
            queued = tracker.submit(C.add_note("INC-0001", "离线时记下"))
            await tracker.drain()
        async with running_engine(db, srv.url) as (engine, live, conn, rec):
            tracker.attach(engine)   # the console's shell does this when the server answers
            await wait_until(lambda: tracker.status(queued).status.answered, what="replayed")
            later = tracker.submit(C.add_note("INC-0001", "在线时记下"))
            await wait_until(lambda: tracker.status(later).status.answered, what="answered")
            return tracker.status(queued), tracker.status(later)

    first, second = asyncio.run(scenario())
    assert first.status is Status.ACCEPTED and second.status is Status.ACCEPTED


def test_submitting_without_a_loop_commits_before_returning(tmp_path):
    from core.connection import ConnectionState
    from core.state import LiveState
    from core.store import Store
    from core.sync import SyncEngine

    store = Store(tmp_path / "replica.sqlite")
    try:
        engine = SyncEngine(store, None, LiveState(), ConnectionState())
        tracker = CommandTracker()
        tracker.attach(engine)
        cid = tracker.submit(C.add_note("INC-0001", "脚本提交"))
        assert tracker.status(cid).status is Status.QUEUED
        assert store.queued_count() == 1
    finally:
        store.close()
