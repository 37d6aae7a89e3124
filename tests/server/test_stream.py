"""The event stream: a client that resumes gets exactly what it missed, in order, then live."""
from __future__ import annotations

import threading
import time

import requests

from tests.server.helpers import SSEReader


def _make_events(api, n: int) -> list[int]:
    ids = []
    for i in range(n):
        ids.append(api.ok("create_incident", {"type": "fire", "title": f"火情{i}",
                                              "lon": 116.4 + i * 1e-3, "lat": 39.9})["event_id"])
    return ids


def test_resume_after_id_gets_exactly_the_missed_events_then_live(api):
    ids = _make_events(api, 6)
    assert ids == sorted(ids) and len(set(ids)) == 6
    with SSEReader(f"{api.v1}/events", after=ids[2]) as sse:
        missed = sse.wait_for(3)
        assert [e[0] for e in missed] == ids[3:]
        assert [e[2]["upsert"][0]["title"] for e in missed] == ["火情3", "火情4", "火情5"]
        assert all(e[1] == "incident.created" == e[2]["type"] for e in missed)
        assert all(e[2]["layer"] == "incidents" and e[2]["id"] == e[0] for e in missed)
        live = _make_events(api, 2)
        got = sse.wait_for(5)
        assert [e[0] for e in got] == ids[3:] + live
    batch = api.get("/events/batch", after=ids[1], limit=3).json()
    assert [e["id"] for e in batch] == ids[2:5]
    # the standard Last-Event-ID header works like after=, and is fresher than the URL's
    with SSEReader(f"{api.v1}/events", after=ids[0],
                   headers={"Last-Event-ID": str(ids[4])}) as sse:
        assert [e[0] for e in sse.wait_for(3)] == ids[5:] + live
    # no position at all: only what happens from now on
    with SSEReader(f"{api.v1}/events") as sse:
        time.sleep(0.3)
        new = _make_events(api, 1)
        assert [e[0] for e in sse.wait_for(1)] == new
        time.sleep(1.2)  # idle: the stream keeps the line warm (tests run a 0.5 s heartbeat)
        assert sse.comments.count("keep-alive") >= 1
    # a position this database never had (another or a restored server): re-snapshot
    r = requests.get(f"{api.v1}/events", params={"after": 10_000}, timeout=10)
    assert r.status_code == 410 and "snapshot" in r.json()["detail"]


def test_kill_9_mid_stream_then_restart_loses_and_repeats_nothing(server, api):
    order: list[int] = []
    texts: dict[int, str] = {}
    answered: list[int] = []
    stop = threading.Event()

    def keep_posting():  # commands keep coming while the server dies under them
        i = 0
        while not stop.is_set():
            try:
                r = api.command("add_note", {"incident_id": "INC-0001", "text": f"记录{i}"})
                answered.append(r.json()["event_id"])
            except requests.RequestException:
                time.sleep(0.05)
            i += 1

    sse = SSEReader(f"{api.v1}/events", after=0)
    poster = threading.Thread(target=keep_posting)
    poster.start()
    sse.wait_for(15)
    server.kill()  # SIGKILL mid-stream, mid-command
    sse.close()
    for eid, _, data in sse.events:
        order.append(eid)
        texts[eid] = data["detail"]["text"]
    server.start()  # same database, same port
    time.sleep(0.3)
    stop.set()
    poster.join()
    last = api.get("/health").json()["last_event_id"]
    with SSEReader(f"{api.v1}/events", after=order[-1]) as again:
        for eid, _, data in again.wait_for(last - len(order)):
            order.append(eid)
            texts[eid] = data["detail"]["text"]
    everything = api.get("/events/batch", after=0, limit=10000).json()
    assert order == [e["id"] for e in everything] == list(range(1, last + 1))
    assert set(answered) <= set(order)  # every acknowledged command's event arrived
    assert len(set(texts.values())) == len(order)  # each note once
