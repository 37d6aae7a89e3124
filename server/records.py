"""Rows -> the JSON records clients see.

Map records keep exactly the keys of maps/scene.py (sensor, camera, unit, incident) so the
console feeds them to its map unchanged; a few extra keys (street, facts, incident_id,
stream_url, updated_at) ride along for the panels and are ignored by the map.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from server import db


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def incident(r) -> dict:
    return {"id": r.id, "type": r.type, "title": r.title, "level": r.level, "status": r.status,
            "lon": r.lon, "lat": r.lat, "reported_at": iso(r.reported_at), "district": r.district,
            "street": r.street, "facts": r.facts or {}, "updated_at": iso(r.updated_at),
            "closed_at": iso(r.closed_at)}


def unit(r) -> dict:
    return {"id": r.id, "callsign": r.callsign, "kind": r.kind, "status": r.status,
            "lon": r.lon, "lat": r.lat, "heading": r.heading, "station": r.station,
            "district": r.district, "incident_id": r.incident_id, "updated_at": iso(r.updated_at)}


def sensor(r) -> dict:
    return {"id": r.id, "kind": r.kind, "state": r.state, "lon": r.lon, "lat": r.lat,
            "value": r.value, "unit": r.unit, "district": r.district,
            "updated_at": iso(r.updated_at)}


def camera(r) -> dict:
    return {"id": r.id, "name": r.name, "lon": r.lon, "lat": r.lat, "direction": r.direction,
            "district": r.district, "stream_url": r.stream_url}


def task(r) -> dict:
    return {"id": r.id, "incident_id": r.incident_id, "plan_id": r.plan_id,
            "department": r.department, "action": r.action,
            "deadline_minutes": r.deadline_minutes, "status": r.status, "owner": r.owner,
            "done_by": r.done_by, "done_at": iso(r.done_at), "created_at": iso(r.created_at),
            "updated_at": iso(r.updated_at)}


def dispatch(r) -> dict:
    return {"id": r.id, "unit_id": r.unit_id, "incident_id": r.incident_id, "status": r.status,
            "dispatched_at": iso(r.dispatched_at), "en_route_at": iso(r.en_route_at),
            "on_scene_at": iso(r.on_scene_at), "released_at": iso(r.released_at),
            "operator": r.operator}


def alert(r) -> dict:
    return {"id": r.id, "sender": r.sender, "sent": r.sent, "status": r.status,
            "msg_type": r.msg_type, "scope": r.scope, "event": r.event, "urgency": r.urgency,
            "severity": r.severity, "certainty": r.certainty, "headline": r.headline,
            "description": r.description, "area": r.area, "xml": r.xml,
            "received_at": iso(r.received_at)}


# layer name -> (table, row -> record, order column)
LAYERS = {
    "incidents": (db.incidents, incident),
    "units": (db.units, unit),
    "sensors": (db.sensors, sensor),
    "cameras": (db.cameras, camera),
    "tasks": (db.tasks, task),
    "dispatches": (db.dispatches, dispatch),
    "alerts": (db.alerts, alert),
}


def load(conn: sa.Connection, layer: str, ids=None, where=None) -> list[dict]:
    """Records of one layer, in id order; only `ids` (or rows matching `where`) if given.

    A record is its row with times in ISO 8601: built by zipping column names, because
    per-attribute access costs seconds on a 100,000-sensor snapshot."""
    table, _ = LAYERS[layer]
    query = sa.select(table).order_by(table.c.id)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        query = query.where(table.c.id.in_(ids))
    if where is not None:
        query = query.where(where)
    result = conn.execute(query)
    keys = list(result.keys())
    rows = [dict(zip(keys, r)) for r in result.all()]
    times = [c.name for c in table.c if isinstance(c.type, db.UTCDateTime)]
    for row in rows:
        for name in times:
            value = row[name]
            if value is not None:
                row[name] = value.isoformat()
    if layer == "incidents":
        for row in rows:
            row["facts"] = row["facts"] or {}
    return rows


def load_one(conn: sa.Connection, layer: str, id_) -> dict | None:
    rows = load(conn, layer, ids=[id_])
    return rows[0] if rows else None
