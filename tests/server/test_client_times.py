"""Times a client sends are what the OpenAPI document says, `format: date-time` text,
numbers are JSON numbers, and within what the database holds (issue 19): refused with 422
otherwise, on both databases."""
from __future__ import annotations

import uuid

import requests


def test_times_are_text_and_numbers_are_numbers(api):
    """The document says `format: date-time` and `number`: pydantic alone took `"at": 0` as
    1970, `"since": 0` as Unix seconds and `"value": false` as 0.0."""
    t = "2026-11-22T08:00:00+08:00"
    refused = [("/readings", [{"sensor_id": "S000000", "value": 1.0, "at": 0}]),
               ("/readings", [{"sensor_id": "S000000", "value": 1.0, "at": "1700000000"}]),
               ("/readings", [{"sensor_id": "S000000", "value": False, "at": t}]),
               ("/readings", [{"sensor_id": "S000000", "value": "1.5", "at": t}]),
               ("/readings", [{"sensor_id": "S000000", "value": 1.0,
                               "at": "9999-12-31T23:59:59-23:00"}]),  # past year 9999 in UTC
               ("/positions", [{"unit_id": "U0000", "lon": 116.4, "lat": 39.9, "at": 1.5}]),
               ("/positions", [{"unit_id": "U0000", "lon": True, "lat": 39.9}]),
               ("/positions", [{"unit_id": "U0000", "lon": 116.4, "lat": 39.9,
                                "heading": False}])]
    for path, body in refused:
        r = requests.post(f"{api.v1}{path}", json=body, timeout=10)
        assert r.status_code == 422, (path, body, r.text)
    for since in ("0", "1700000000", "2026-11-22"):
        r = api.get("/sensors/S000000/readings", since=since)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "since"], r.text
    # what the document allows is taken: text times with or without an offset, integer numbers
    r = requests.post(f"{api.v1}/readings", timeout=10, json=[
        {"sensor_id": "S000000", "value": 2, "at": t},
        {"sensor_id": "S000000", "value": 2.5, "at": "2026-11-22T00:00:01"}])
    assert r.status_code == 200 and r.json()["accepted"] == 2, r.text
    r = requests.post(f"{api.v1}/positions", timeout=10,
                      json=[{"unit_id": "U0000", "lon": 116, "lat": 40, "heading": 90, "at": t}])
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    history = api.get("/sensors/S000000/readings", since="2026-11-22T00:00:00Z",
                      until="2026-11-22T00:00:01Z").json()
    assert [(h["value"], h["at"]) for h in history] == [
        (2.0, "2026-11-22T00:00:00+00:00"), (2.5, "2026-11-22T00:00:01+00:00")]


def test_a_command_issued_at_a_number_is_refused(api):
    body = {"command_id": str(uuid.uuid4()), "type": "add_note",
            "payload": {"incident_id": "INC-0001", "text": "现场已设警戒"}}
    for issued_at in (0, "1700000000"):
        r = requests.post(f"{api.v1}/commands", json={**body, "issued_at": issued_at}, timeout=10)
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"] == ["body", "issued_at"], r.text
    r = requests.post(f"{api.v1}/commands", timeout=10,
                      json={**body, "issued_at": "2026-11-22T08:00:00+08:00"})
    assert r.status_code == 200, r.text


def test_a_task_deadline_past_the_column_is_refused(api):
    """deadline_minutes is an int4 column on PostgreSQL (int8 on SQLite): 2**31 was a 500.
    The edge bounds it tighter, at a year (server.payloads.DEADLINE_MAX, under 2**31 - 1)."""
    from server.fields import INT32
    from server.payloads import DEADLINE_MAX

    assert DEADLINE_MAX <= INT32
    for minutes, status in ((2 ** 31, 422), (2 ** 70, 422), (2 ** 31 - 1, 422),
                            (DEADLINE_MAX + 1, 422), (DEADLINE_MAX, 200)):
        r = requests.post(f"{api.v1}/commands", timeout=10, json={
            "command_id": str(uuid.uuid4()), "type": "create_tasks",
            "payload": {"incident_id": "INC-0002",
                        "tasks": [{"action": "警戒", "deadline_minutes": minutes}]}})
        assert r.status_code == status, (minutes, r.text)
