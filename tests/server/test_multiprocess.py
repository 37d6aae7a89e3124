"""Two stateless server processes on one PostgreSQL see each other's events."""
from __future__ import annotations

import uuid

import requests

from tests.server.helpers import SSEReader


def test_command_on_a_appears_in_b_stream(pg_url, launch):
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
