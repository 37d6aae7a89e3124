"""Events past the retention are gone: a client that far behind is told to re-snapshot."""
from __future__ import annotations

import time

import requests


def test_resuming_past_retention_answers_410(db_url, launch):
    srv = launch(db_url, extra_args=["--retention", "1s"])
    v1 = f"{srv.url}/api/v1"
    old = requests.post(f"{v1}/commands", json={
        "command_id": "3f1c2a56-0000-4000-8000-000000000001", "type": "add_note",
        "payload": {"incident_id": "INC-0001", "text": "旧记录"}}, timeout=10).json()["event_id"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the pruner runs every quarter of the retention
        r = requests.get(f"{v1}/events/batch", params={"after": 0}, timeout=10)
        if r.status_code == 410:
            break
        time.sleep(0.2)
    assert r.status_code == 410 and "fresh snapshot" in r.json()["detail"]
    sse = requests.get(f"{v1}/events", params={"after": 0}, timeout=10)
    assert sse.status_code == 410
    # a client that is up to date keeps streaming
    up_to_date = requests.get(f"{v1}/events/batch", params={"after": old}, timeout=10)
    assert up_to_date.status_code == 200 and up_to_date.json() == []
