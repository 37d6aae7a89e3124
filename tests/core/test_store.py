"""The replica and outbox database: what survives a restart, and what is applied exactly once."""
from __future__ import annotations

import threading

import pytest

from core.commands import dispatch_unit, update_task
from core.store import Store


def _event(eid, layer, upsert=(), remove=()):
    return {"id": eid, "type": "test", "layer": layer, "upsert": list(upsert), "remove": list(remove),
            "at": "2026-11-21T08:00:00+00:00"}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "replica.sqlite")
    yield s
    s.close()


def test_restart_shows_last_picture_with_ages(tmp_path):
    path = tmp_path / "replica.sqlite"
    s = Store(path)
    s.replace_all({"last_event_id": 7, "units": [{"id": "U1", "status": "available"}],
                   "incidents": [{"id": "INC-1", "title": "居民楼火情"}]}, ["units", "incidents"])
    s.apply_events([_event(8, "units", [{"id": "U1", "status": "en_route"}])])
    s.close()

    again = Store(path)
    replica = again.load()
    again.close()
    assert replica.last_event_id == 8
    unit = replica.layers["units"][0]
    assert unit["status"] == "en_route" and unit["seen_at"].startswith("20")
    assert replica.layers["incidents"][0]["title"] == "居民楼火情"


def test_events_apply_once_even_when_replayed(store):
    store.replace_all({"last_event_id": 0}, ["sensors"])
    batch = [_event(1, "sensors", [{"id": "S1", "value": 1}]),
             _event(2, "sensors", [{"id": "S1", "value": 2}]),
             _event(3, "sensors", [{"id": "S2", "value": 5}])]
    first = store.apply_events(batch)
    again = store.apply_events(batch + [_event(4, "sensors", remove=["S2"])])
    assert first.event_ids == [1, 2, 3]
    assert again.event_ids == [4]  # 1-3 were applied already and are skipped
    assert again.removes == {"sensors": {"S2": None}}
    records = store.load().layers["sensors"]
    assert [(r["id"], r["value"]) for r in records] == [("S1", 2)]
    assert store.last_event_id() == 4


def test_upsert_merges_and_remove_then_readd_in_one_batch(store):
    store.replace_all({"last_event_id": 10, "units": [{"id": "U1", "status": "available", "lon": 116.4}]},
                      ["units"])
    applied = store.apply_events([_event(11, "units", [{"id": "U1", "status": "dispatched"}]),
                                  _event(12, "units", remove=["U1"]),
                                  _event(13, "units", [{"id": "U1", "status": "available"}])])
    assert "U1" not in applied.removes.get("units", {})
    rec = store.load().layers["units"][0]
    # U1 was removed in between, so the old lon must not come back with the re-added record.
    assert rec["status"] == "available" and "lon" not in rec


def test_outbox_keeps_order_and_states_across_restart(tmp_path):
    path = tmp_path / "replica.sqlite"
    s = Store(path)
    cmds = [dispatch_unit(f"U{i}", "INC-1") for i in range(5)]
    for c in cmds:
        s.enqueue(c)
    s.enqueue(cmds[0])  # the same command twice is stored once
    assert [r.command.command_id for r in s.take_pending(1)[0]] == [cmds[0].command_id]  # in flight...
    s.mark_done(cmds[1].command_id, {"status": "accepted"})
    s.mark_refused(cmds[2].command_id, "该车辆已被调派至其他事件")
    s.close()

    again = Store(path)
    pending = again.pending()
    # ...when we died: it is queued again, in its original place.
    assert [r.command.command_id for r in pending] == [cmds[i].command_id for i in (0, 3, 4)]
    assert all(r.state == "queued" for r in pending)
    refused = again.outbox("refused")
    assert refused[0].refused_reason == "该车辆已被调派至其他事件"
    assert pending[0].command.payload == {"unit_id": "U0", "incident_id": "INC-1"}
    assert again.queued_count() == 3
    again.close()


def test_store_is_owned_by_one_thread_and_usable_from_others(store):
    errors = []

    def worker(n):
        try:
            for i in range(20):
                store.enqueue(update_task(f"T{n}-{i}", "done"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.queued_count() == 80


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    import sqlite3
    path = tmp_path / "replica.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(RuntimeError, match="newer than this console"):
        Store(path)
