"""Two stateless server processes on one PostgreSQL see each other's events."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.server.helpers import SSEReader


def test_processes_share_events_and_idempotency(pg_url, launch):
    a, b = launch(pg_url), launch(pg_url)
    assert (requests.get(f"{a.url}/api/v1/health", timeout=5).json()["instance"]
            == requests.get(f"{b.url}/api/v1/health", timeout=5).json()["instance"])
    with SSEReader(f"{b.url}/api/v1/events", after=0) as on_b, \
            SSEReader(f"{a.url}/api/v1/events", after=0) as on_a:
        ids = []
        for i, srv in enumerate([a, b, a, b]):
            r = requests.post(f"{srv.url}/api/v1/commands", json={
                "command_id": str(uuid.uuid4()), "type": "add_note", "operator": "多进程",
                "payload": {"incident_id": "INC-0001", "text": f"第{i}条"}}, timeout=10)
            ids.append(r.json()["event_id"])
        assert [e[0] for e in on_b.wait_for(4)] == ids == [1, 2, 3, 4]
        assert [e[0] for e in on_a.wait_for(4)] == ids
        assert on_b.events[0][2]["detail"]["text"] == "第0条"
    # one command_id racing through both processes still acts once
    cid = str(uuid.uuid4())
    body = {"command_id": cid, "type": "create_incident", "operator": "多进程",
            "payload": {"type": "gas", "title": "双进程重复提交", "lon": 116.48, "lat": 39.95}}

    def send(i):
        return requests.post(f"{(a, b)[i % 2].url}/api/v1/commands", json=body, timeout=30)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert {r.status_code for r in answers} == {200}
    assert len({r.text for r in answers}) == 1
    titles = [i["title"] for i in requests.get(f"{b.url}/api/v1/incidents", timeout=10).json()]
    assert titles.count("双进程重复提交") == 1


def test_a_name_locked_on_one_process_is_locked_on_every_other(db_url, launch):
    """Password guessing spread over several server processes gains nothing: the failures
    are counted from the shared audit log, not in each process's memory."""
    from server.auth import MAX_FAILURES

    a, b = launch(db_url), launch(db_url)
    requests.post(f"{a.url}/api/v1/operators", headers=a.auth_headers("admin"), timeout=30,
                  json={"name": "spread", "role": "observer", "password": "right-password"})

    def sign_in(srv, password):
        with requests.Session() as s:  # no token of the harness
            return s.post(f"{srv.url}/api/v1/auth/login", timeout=30,
                          json={"name": "spread", "password": password})

    for k in range(MAX_FAILURES):
        assert sign_in((a, b)[k % 2], "wrong-guess").status_code == 401
    for srv in (a, b):
        locked = sign_in(srv, "right-password")
        assert locked.status_code == 401 and "次数过多" in locked.json()["detail"]
