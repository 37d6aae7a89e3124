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
                                        server_db, servers, wait_until)

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
    (refused_id, reason), = rec.refused
    assert refused_id == bad and "HTTP 500" in reason and "其后的指令照常发送" in reason
    assert reason.startswith(f"添加备注（{_incident}）")   # which command, in the operator's words
    assert proxy.failed >= SET_ASIDE_AFTER           # it was tried, more than once, before
    try:
        notes = [e["detail"]["text"] for e in api.events_batch(start, 10000)
                 if e["type"] == "incident.note"]
    finally:
        api.close()
    assert [n for n in notes if n.startswith("队列")] == [f"队列{i}" for i in range(5)]
    assert "POISON-7f3a" not in notes
