"""Bulk readings: stored, served per sensor, turned into sensor states; bad ids never lose
the good readings."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests

from tests.server.helpers import SSEReader


def test_bulk_readings_update_sensors_and_history(api):
    sensors = {s["id"]: s for s in api.get("/sensors").json()}
    co = sorted(sid for sid, s in sensors.items() if s["kind"] == "co")[:3]
    last = api.get("/health").json()["last_event_id"]
    t0 = datetime.now(timezone.utc) + timedelta(minutes=1)  # newer than the seeded values
    at = [(t0 + timedelta(minutes=m)).isoformat() for m in range(3)]
    batch = [{"sensor_id": co[0], "value": 5.0, "at": at[0]},
             {"sensor_id": co[0], "value": 40.0, "at": at[2]},  # alarm: above 30 ppm
             {"sensor_id": co[1], "value": 20.0, "at": at[2]},  # warning: above 15 ppm
             {"sensor_id": "S999999", "value": 1.0, "at": at[2]},
             {"sensor_id": co[2], "value": 3.0, "at": (t0 + timedelta(days=1)).isoformat()}]
    with SSEReader(f"{api.v1}/events", after=last) as sse:
        r = requests.post(f"{api.v1}/readings", json=batch, timeout=10)
        assert r.status_code == 200
        assert r.json()["accepted"] == 3 and r.json()["unknown_sensors"] == ["S999999"]
        assert r.json()["future_readings"] == [co[2]]  # its clock is a day ahead
        event = sse.wait_for(1)[0][2]
    assert event["layer"] == "sensors"
    states = {s["id"]: s["state"] for s in event["upsert"]}
    assert states == {co[0]: "alarm", co[1]: "warning"}
    now = {s["id"]: s for s in api.get("/sensors").json()}
    assert now[co[0]]["value"] == 40.0 and now[co[0]]["state"] == "alarm"
    history = api.get(f"/sensors/{co[0]}/readings").json()
    assert [h["value"] for h in history] == [5.0, 40.0]
    window = api.get(f"/sensors/{co[0]}/readings", since=at[1]).json()
    assert [h["value"] for h in window] == [40.0]
    # a late reading goes to history but does not overwrite the newer value
    requests.post(f"{api.v1}/readings", json=[{"sensor_id": co[0], "value": 1.0,
                                               "at": at[1]}], timeout=10)
    assert {s["id"]: s for s in api.get("/sensors").json()}[co[0]]["value"] == 40.0
    assert len(api.get(f"/sensors/{co[0]}/readings").json()) == 3
    bad = requests.post(f"{api.v1}/readings", json=[{"sensor_id": co[2], "value": "high"}],
                        timeout=10)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "value"
    # unit positions (AVL): the heading follows the direction of travel
    unit = api.get("/units").json()[0]
    r = requests.post(f"{api.v1}/positions", json=[
        {"unit_id": unit["id"], "lon": unit["lon"], "lat": unit["lat"] + 0.001}], timeout=10)
    assert r.status_code == 200 and r.json()["accepted"] == 1
    moved = next(u for u in api.get("/units").json() if u["id"] == unit["id"])
    assert moved["lat"] == unit["lat"] + 0.001 and round(moved["heading"]) in (0, 360)
