"""The picture: health, snapshot, lists, one incident with its timeline, the OpenAPI document."""
from __future__ import annotations

import json
from pathlib import Path

import requests

from maps.scene import build_scene
from server.seed import SCALES

SCENE_KEYS = {  # maps/scene.py: the keys the console's map is fed with
    "sensors": {"id", "kind", "state", "lon", "lat", "value", "unit", "district"},
    "cameras": {"id", "name", "lon", "lat", "direction", "district"},
    "units": {"id", "callsign", "kind", "status", "lon", "lat", "heading", "station", "district"},
    "incidents": {"id", "type", "title", "level", "status", "lon", "lat", "reported_at",
                  "district"},
}


def test_health_snapshot_and_timeline(api):
    """The seeded world, then the picture and an incident's timeline after commands."""
    health = api.get("/health").json()
    assert health["status"] == "ok" and health["last_event_id"] == 0 and health["instance"]
    snap = api.get("/snapshot").json()
    scene = build_scene(20261121, **SCALES["demo"])
    assert snap["last_event_id"] == 0
    for layer, keys in SCENE_KEYS.items():
        assert len(snap[layer]) == len(scene.layers()[layer])
        assert keys <= set(snap[layer][0]), layer
    by_id = {s["id"]: s for s in snap["sensors"]}
    assert by_id["S000007"]["lon"] == scene.sensors[7]["lon"]
    assert by_id["S000007"]["kind"] == scene.sensors[7]["kind"]
    # committed units in the seed are committed to a real, active incident
    incidents = {i["id"]: i for i in snap["incidents"]}
    for u in snap["units"]:
        if u["status"] in ("dispatched", "en_route", "on_scene"):
            assert incidents[u["incident_id"]]["status"] == "active"
    assert api.get("/units").json() == snap["units"]
    assert len(api.get("/cameras").json()) == len(scene.cameras)
    # the committed OpenAPI document is the one served
    served = requests.get(f"{api.base}/openapi.json", timeout=10).json()
    committed = json.loads((Path(__file__).parents[2] / "server" / "openapi.json").read_text())
    assert served == committed, "regenerate: python -m server.cli --write-openapi server/openapi.json"
    assert all(path.startswith("/api/v1/") for path in served["paths"])
    _snapshot_and_incident_timeline_follow_commands(api)


def _snapshot_and_incident_timeline_follow_commands(api):
    inc = api.new_incident(title="望京某小区燃气泄漏", type="gas", level="III")
    api.ok("add_note", {"incident_id": inc, "text": "现场已疏散群众 30 人"})
    unit = next(u["id"] for u in api.get("/units").json() if u["status"] == "available")
    api.ok("dispatch_unit", {"unit_id": unit, "incident_id": inc})
    api.ok("create_tasks", {"incident_id": inc, "plan_id": "P-gas", "tasks": [
        {"department": "燃气集团", "action": "关闭上游阀门", "deadline_minutes": 15},
        {"department": "消防救援支队", "action": "警戒疏散", "deadline_minutes": 10}]})
    snap = api.get("/snapshot").json()
    assert snap["last_event_id"] == api.get("/health").json()["last_event_id"] > 0
    assert {t["action"] for t in snap["tasks"]} == {"关闭上游阀门", "警戒疏散"}
    assert next(u for u in snap["units"] if u["id"] == unit)["incident_id"] == inc
    detail = api.get(f"/incidents/{inc}").json()
    assert detail["title"] == "望京某小区燃气泄漏" and detail["level"] == "III"
    types = [e["type"] for e in detail["timeline"]]
    assert types[0] == "incident.created" and "incident.note" in types
    assert "unit.dispatched" in types and "tasks.created" in types
    note = next(e for e in detail["timeline"] if e["type"] == "incident.note")
    assert note["detail"]["text"] == "现场已疏散群众 30 人" and note["operator"] == "测试值班员"
    assert [d["unit_id"] for d in detail["dispatches"]] == [unit]
    assert len(api.get("/tasks", incident_id=inc).json()) == 2
    assert api.get("/incidents/INC-9999").status_code == 404
