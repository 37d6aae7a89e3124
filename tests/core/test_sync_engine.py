"""The sync engine end to end with real server processes: outages, restarts, offline starts."""
from __future__ import annotations

import asyncio
import threading
from datetime import datetime

from core import commands as C
from core.api import ApiError
from core.connection import Link
from server.embedded import free_port
from tests.core.helpers_proxy import FaultProxy
from tests.core.helpers_sync import (assert_same_picture, dead_url, fast_api, running_engine,
                                        server_db, servers, wait_until, without_seen_at)

__all__ = ["server_db", "servers"]  # fixtures


def test_offline_start_shows_the_last_picture_with_ages(tmp_path, servers):
    srv = servers()
    db = tmp_path / "replica.sqlite"

    async def first_run():
        async with running_engine(db, srv.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            await wait_until(lambda: len(live.records("units")) > 0, what="snapshot")
            return {k: dict(live.records(k)) for k in ("units", "incidents", "sensors")}

    seen = asyncio.run(first_run())
    srv.stop()  # the network is gone

    async def offline_run():
        async with running_engine(db, dead_url()) as (engine, live, conn, rec):
            # The picture is there before any connection attempt could have succeeded.
            units = dict(live.records("units"))
            await wait_until(lambda: conn.link == Link.OFFLINE, what="offline")
            cid = engine.submit(C.add_note(next(iter(seen["incidents"])), "离线记录"))
            return units, live, conn, cid

    units, live, conn, cid = asyncio.run(offline_run())
    assert units.keys() == seen["units"].keys()
    sample = next(iter(units.values()))
    assert datetime.fromisoformat(sample["seen_at"]) <= datetime.now().astimezone()
    assert {k: v for k, v in sample.items() if k != "seen_at"} == \
        {k: v for k, v in seen["units"][sample["id"]].items() if k != "seen_at"}
    assert conn.offline_since is not None and conn.queued == 1


def test_killed_server_restarted_the_replica_converges_without_gaps_or_repeats(tmp_path, servers,
                                                                               server_db):
    srv = servers(db_url=server_db)
    db = tmp_path / "replica.sqlite"
    producer_api = fast_api(srv.url, retries=10, backoff_base=0.1, backoff_cap=0.5)
    incidents = [i["id"] for i in producer_api.snapshot()["incidents"] if i["status"] != "closed"][:3]
    stop = threading.Event()
    sent = []

    def produce():  # another console, writing all along
        n = 0
        while not stop.is_set():
            n += 1
            try:
                producer_api.send_command(C.update_incident(incidents[n % 3], facts={"count": n}))
                sent.append(n)
            except ApiError:
                pass  # the server is down for a moment; go on

    async def scenario():
        async with running_engine(db, srv.url, flush_interval=0.05) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            first_id = engine.last_event_id
            producer = threading.Thread(target=produce, daemon=True)
            producer.start()
            await wait_until(lambda: len(rec.event_ids) > 20, what="live events")
            srv.kill()  # mid-stream, SIGKILL
            await wait_until(lambda: conn.link in (Link.RECONNECTING, Link.OFFLINE), what="loss noticed")
            await asyncio.to_thread(srv.start)  # same database, same port
            await wait_until(lambda: conn.link == Link.ONLINE, what="back online")
            n_before = len(sent)
            await wait_until(lambda: len(sent) > n_before + 20, what="more writes")
            stop.set()
            await asyncio.to_thread(producer.join, 30)
            last = (await asyncio.to_thread(producer_api.health))["last_event_id"]
            await wait_until(lambda: engine.last_event_id == last, what="catch-up")
            snap = await asyncio.to_thread(producer_api.snapshot)
            return first_id, last, rec, live, snap

    first_id, last, rec, live, snap = asyncio.run(scenario())
    producer_api.close()
    assert Link.RECONNECTING in rec.links and rec.links[-1] == Link.ONLINE
    # The server's ids have no gaps: every one after the snapshot arrived exactly once, in order.
    assert rec.event_ids == list(range(first_id + 1, last + 1))
    assert_same_picture(live, snap)


def test_events_past_retention_make_the_console_take_a_fresh_snapshot(tmp_path, servers):
    srv = servers(extra_args=["--retention", "1s"])
    db = tmp_path / "replica.sqlite"
    api = fast_api(srv.url)
    incident = next(i["id"] for i in api.snapshot()["incidents"] if i["status"] != "closed")

    async def run(until):
        async with running_engine(db, srv.url) as (engine, live, conn, rec):
            await wait_until(lambda: until(engine, rec), what="synced")
            return engine.last_event_id, rec, live

    old_id, _, _ = asyncio.run(run(lambda e, r: e.last_event_id is not None and e.connection.link == Link.ONLINE))
    for i in range(5):  # happens while this console is closed...
        api.send_command(C.update_incident(incident, facts={"closed_console": i}))
    asyncio.run(asyncio.sleep(2.5))  # ...and is pruned from the log before it comes back
    new_id, rec, live = asyncio.run(run(lambda e, r: bool(r.snapshots)))
    assert rec.snapshots and new_id > old_id
    assert live.get("incidents", incident)["facts"]["closed_console"] == 4
    assert_same_picture(live, api.snapshot())
    api.close()


def test_commands_queued_offline_are_replayed_when_the_server_comes_up(tmp_path, servers, server_db):
    port = free_port()
    db = tmp_path / "replica.sqlite"

    async def scenario():
        async with running_engine(db, f"http://127.0.0.1:{port}") as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.OFFLINE, what="offline")
            ids = [engine.submit(C.add_note("INC-0001", f"排队{i}")) for i in range(5)]
            ids.append(engine.submit(C.dispatch_unit("U9999", "INC-0001")))
            assert conn.queued == 6
            srv = await asyncio.to_thread(servers, "server.sqlite", port, None, server_db)
            await wait_until(lambda: conn.queued == 0 and conn.link == Link.ONLINE, what="replayed")
            return ids, rec, srv

    def live_notes(srv):
        api = fast_api(srv.url)
        try:
            return [e for e in api.events_batch(0, 10000) if e["type"] == "incident.note"]
        finally:
            api.close()

    ids, rec, srv = asyncio.run(scenario())
    notes = [e["detail"]["text"] for e in live_notes(srv)]
    assert notes == [f"排队{i}" for i in range(5)]
    assert rec.accepted == ids[:5]
    assert rec.refused[0][0] == ids[5] and "U9999" in rec.refused[0][1]


def test_retry_now_skips_the_backoff_wait(tmp_path, servers):
    port = free_port()

    async def scenario():
        # A first failure makes the engine wait at least 30 s before its next try...
        async with running_engine(tmp_path / "replica.sqlite", f"http://127.0.0.1:{port}",
                                  retry_base=60, retry_cap=60) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.OFFLINE, what="offline")
            await asyncio.to_thread(servers, "server.sqlite", port)
            engine.reconnect_now()  # ...unless the operator asks to try now
            await wait_until(lambda: conn.link == Link.ONLINE, timeout=15, what="online at once")
            return len(live.records("units"))

    assert asyncio.run(scenario()) > 0


def test_silent_network_partition_is_noticed_and_healed_without_losing_events(tmp_path, servers):
    """A cable pulled somewhere: no FIN, no RST, just silence. Missing heartbeats reveal it."""
    srv = servers()
    proxy = FaultProxy("127.0.0.1", srv.port)
    direct = fast_api(srv.url)
    incident = next(i["id"] for i in direct.snapshot()["incidents"] if i["status"] != "closed")

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", proxy.url, heartbeat_timeout=2.0,
                                  api_kw={"read_timeout": 1.0}) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            first = engine.last_event_id
            proxy.blackhole()
            await wait_until(lambda: conn.link in (Link.RECONNECTING, Link.OFFLINE), what="silence noticed")
            for i in range(5):  # the world goes on meanwhile
                await asyncio.to_thread(direct.send_command, C.add_note(incident, f"断网期间{i}"))
            proxy.blackhole(False)
            proxy.cut()  # the connections that were stuck in the partition are gone for good
            last = (await asyncio.to_thread(direct.health))["last_event_id"]
            await wait_until(lambda: engine.last_event_id == last, what="caught up after the partition")
            return first, last, rec

    try:
        first, last, rec = asyncio.run(scenario())
    finally:
        proxy.close()
        direct.close()
    assert rec.event_ids == list(range(first + 1, last + 1))
    assert rec.links[-1] == Link.ONLINE


def test_without_a_server_the_console_works_locally_and_keeps_commands(tmp_path):
    db = tmp_path / "replica.sqlite"

    async def scenario():
        async with running_engine(db, None) as (engine, live, conn, rec):
            cid = engine.submit(C.add_note("INC-0001", "本地记录"))
            return cid, conn.link, conn.queued

    cid, link, queued = asyncio.run(scenario())
    assert link == Link.LOCAL and queued == 1

    async def later():  # the next start still holds it, ready for when a server is configured
        async with running_engine(db, None) as (engine, live, conn, rec):
            return conn.queued

    assert asyncio.run(later()) == 1


def test_a_command_the_server_keeps_failing_on_is_set_aside_and_the_queue_goes_on(tmp_path, servers):
    """Issue 19: a command answered HTTP 500 must not hold back the commands queued behind it."""
    from core.outbox import SET_ASIDE_AFTER

    srv = servers()
    proxy = FaultProxy("127.0.0.1", srv.port)
    proxy.fail_marked = b"POISON-7f3a"   # the server's bug, as the proxy plays it
    api = fast_api(srv.url)
    start = api.health()["last_event_id"]

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", proxy.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            incident = next(i for i in live.records("incidents").values() if i["status"] != "closed")["id"]
            ids = [engine.submit(C.add_note(incident, f"队列{i}")) for i in range(2)]
            bad = engine.submit(C.add_note(incident, "POISON-7f3a"))
            ids += [engine.submit(C.add_note(incident, f"队列{i}")) for i in range(2, 5)]
            await wait_until(lambda: conn.queued == 0, timeout=60, what="the queue emptied")
            await wait_until(lambda: conn.link == Link.ONLINE, what="online again")
            return incident, ids, bad, rec

    try:
        _incident, ids, bad, rec = asyncio.run(scenario())
    finally:
        proxy.close()
    assert rec.accepted == ids                       # every other command, in order
    assert rec.refused == []                         # not refused: set aside for the operator
    (failed_id, reason), = rec.failed
    assert failed_id == bad and "HTTP 500" in reason and "其他指令照常发送" in reason
    assert "可重试或放弃" in reason
    assert reason.startswith(f"添加备注（{_incident}）")   # which command, in the operator's words
    assert proxy.failed >= SET_ASIDE_AFTER           # it was tried, more than once, before
    try:
        notes = [e["detail"]["text"] for e in api.events_batch(start, 10000)
                 if e["type"] == "incident.note"]
    finally:
        api.close()
    assert [n for n in notes if n.startswith("队列")] == [f"队列{i}" for i in range(5)]
    assert "POISON-7f3a" not in notes


def test_a_failed_command_is_retried_or_given_up_by_the_operator_and_its_dependants_wait(tmp_path,
                                                                                        servers):
    """Issue 19: 重试 / 放弃 on a command set aside; a dispatch to an incident whose creation
    failed waits (and says why) while commands about other incidents go on."""
    srv = servers()
    proxy = FaultProxy("127.0.0.1", srv.port)
    proxy.fail_marked = b"POISON-c41d"
    api = fast_api(srv.url)
    start = api.health()["last_event_id"]

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", proxy.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            other = next(i for i in live.records("incidents").values() if i["status"] != "closed")["id"]
            unit = next(u for u in live.records("units").values() if u["status"] == "available")["id"]
            create = C.create_incident("燃气泄漏", "POISON-c41d 示例 燃气泄漏", 116.41, 39.91,
                                       incident_id="INC-T19-0001")
            created = engine.submit(create)
            dispatch = engine.submit(C.dispatch_unit(unit, "INC-T19-0001"))
            note_new = engine.submit(C.add_note("INC-T19-0001", "等待立案的备注"))
            note_other = engine.submit(C.add_note(other, "与失败指令无关"))
            await wait_until(lambda: note_other in rec.accepted and rec.failed, timeout=60,
                             what="the independent note through, the creation set aside")
            await asyncio.sleep(0.5)  # had they gone, their answers would be in by now
            held = dict(rec.held)
            assert set(held) == {dispatch, note_new}
            assert all(why.startswith("等待立案（INC-T19-0001）") for why in held.values())
            assert dispatch not in rec.accepted and note_new not in rec.accepted
            assert [cid for cid, _ in rec.failed] == [created]
            assert conn.queued == 2   # the two held ones still wait to be sent

            proxy.fail_marked = None  # the server's bug is fixed; the operator presses 重试
            assert await engine.retry(created, "dispatcher_1")
            await wait_until(lambda: {created, dispatch, note_new} <= set(rec.accepted), timeout=60,
                             what="the creation, then what waited for it")
            order = [cid for cid in rec.accepted if cid in (created, dispatch, note_new)]
            assert order == [created, dispatch, note_new]   # causal order kept

            # another failure, given up: refused with the operator's decision, never sent
            proxy.fail_marked = b"POISON-9e0b"
            doomed = engine.submit(C.add_note(other, "POISON-9e0b"))
            await wait_until(lambda: doomed in [cid for cid, _ in rec.failed], timeout=60, what="set aside")
            assert not await engine.retry("no-such-command")
            assert await engine.abandon(doomed, "dispatcher_1")
            assert not await engine.abandon(doomed, "dispatcher_1")   # once
            await wait_until(lambda: doomed in dict(rec.refused), what="given up")
            return other, created, doomed, dict(rec.refused)

    try:
        other, created, doomed, refused = asyncio.run(scenario())
        incident = api.incident("INC-T19-0001")
        notes = [e["detail"]["text"] for e in api.events_batch(start, 10000) if e["type"] == "incident.note"]
    finally:
        proxy.close()
        api.close()
    assert incident["id"] == "INC-T19-0001"
    assert "已由操作员（dispatcher_1）放弃" in refused[doomed]
    assert "POISON-9e0b" not in notes and "等待立案的备注" in notes
    from core.store import Store
    store = Store(tmp_path / "replica.sqlite")
    try:
        states = {r.command.command_id: r.state for r in store.outbox()}
    finally:
        store.close()
    assert states[created] == "done" and states[doomed] == "refused"


def test_a_failed_command_set_aside_by_an_earlier_run_is_still_there_to_retry(tmp_path, servers):
    srv = servers()
    proxy = FaultProxy("127.0.0.1", srv.port)
    proxy.fail_marked = b"POISON-51aa"
    db = tmp_path / "replica.sqlite"

    async def first():
        async with running_engine(db, proxy.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            incident = next(i for i in live.records("incidents").values() if i["status"] != "closed")["id"]
            cid = engine.submit(C.add_note(incident, "POISON-51aa"))
            await wait_until(lambda: rec.failed, timeout=60, what="set aside")
            return cid

    async def second():
        async with running_engine(db, srv.url) as (engine, live, conn, rec):
            assert [cid for cid, _ in rec.failed] == [cid]   # said at start, before any network
            assert "HTTP 500" in rec.failed[0][1]
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            await asyncio.sleep(0.3)
            assert cid not in rec.accepted                    # not resent by itself
            assert await engine.retry(cid)
            await wait_until(lambda: cid in rec.accepted, what="sent on 重试")

    try:
        cid = asyncio.run(first())
        asyncio.run(second())
    finally:
        proxy.close()


def test_a_new_server_instance_at_the_same_address_rebuilds_the_replica_and_keeps_the_outbox(
        tmp_path, servers):
    """Issue 19: the same URL served by another database. The replica is rebuilt from the new
    server's snapshot (nothing only the old one had survives), the operator is told, and the
    commands not yet sent go to the new server."""
    port = free_port()
    old = servers("old.sqlite", port=port)
    db = tmp_path / "replica.sqlite"

    async def on_old():
        async with running_engine(db, old.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            incident = next(i for i in live.records("incidents").values() if i["status"] != "closed")["id"]
            made = C.create_incident("火灾", "示例 只在旧服务器上的事件", 116.41, 39.91,
                                     incident_id="INC-OLD-ONLY")
            engine.submit(made)
            # accepted by the old server (the list shows it at once, as 待同步, before that)
            await wait_until(lambda: made.command_id in rec.accepted, what="on the old server")
            return incident, engine.last_event_id

    incident, old_last = asyncio.run(on_old())
    old.stop()

    async def offline():  # the operator writes a note while the server is being replaced
        async with running_engine(db, None) as (engine, live, conn, rec):
            return engine.submit(C.add_note(incident, "更换服务器期间的备注"))

    note = asyncio.run(offline())
    new = servers("new.sqlite", port=port)   # same address, another database
    new_api = fast_api(new.url)
    try:
        async def on_new():
            async with running_engine(db, new.url) as (engine, live, conn, rec):
                await wait_until(lambda: rec.resets and note in rec.accepted, timeout=60,
                                 what="replica rebuilt and the note delivered")
                head = (await asyncio.to_thread(new_api.health))["last_event_id"]
                await wait_until(lambda: engine.last_event_id == head, what="caught up")
                return dict(live.records("incidents")), rec.resets, engine.last_event_id

        incidents, resets, last = asyncio.run(on_new())
        snap = new_api.snapshot()
        instance = new_api.health()["instance"]
    finally:
        new_api.close()
    assert "INC-OLD-ONLY" not in incidents                 # only the old server had it
    assert without_seen_at(incidents) == without_seen_at(snap["incidents"])
    assert len(resets) == 1 and "服务器已更换" in resets[0] and "未发送的指令保留" in resets[0]
    assert last == snap["last_event_id"]
    from core.store import Store
    store = Store(db)
    try:
        assert store.server_instance() == instance   # the replica now belongs to the new server
    finally:
        store.close()
