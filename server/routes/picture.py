"""The picture: the whole snapshot, each layer as a list, one incident with its timeline and
one sensor's readings."""
from __future__ import annotations

import json
import threading
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Query, Request

from server import db, records
from server.fields import Param, Stamp
from server.responses import (Alert, Camera, Dispatch, Incident, IncidentDetail, Sensor,
                              SensorReading, Snapshot, Task, Unit)
from server.routes.access import protected_router
from server.routes.common import NOT_FOUND, JSONText, StoreDep

# JSONText: the lists are encoded once, as they are; response_model is what the document says
router = protected_router(tags=["picture"], default_response_class=JSONText)
LAYERS = ("incidents", "units", "sensors", "cameras", "tasks", "alerts", "dispatches")


class SnapshotCache:
    """At full scale a snapshot is ~18 MB built from 100,000 dicts: at most two are built at
    once, and consoles asking at the same event id share the encoded bytes."""

    def __init__(self) -> None:
        self.gate = threading.BoundedSemaphore(2)
        self.latest: tuple[int, bytes] | None = None  # (event id, body): one atomic swap


async def get_snapshots(request: Request) -> SnapshotCache:
    return request.app.state.snapshots


@router.get("/snapshot", response_model=Snapshot)
def snapshot(store: StoreDep, cache: Annotated[SnapshotCache, Depends(get_snapshots)]):
    """The whole picture as of `last_event_id`, read in one transaction."""
    with cache.gate:
        with store.reading() as conn:
            last = store.last_event_id(conn)
            latest = cache.latest
            if latest is not None and latest[0] == last:
                return JSONText(latest[1])
            body = {"last_event_id": last, "instance": store.instance}
            for layer in LAYERS:
                body[layer] = records.load(conn, layer)
        encoded = JSONText(body).body
        cache.latest = (last, encoded)
        return JSONText(encoded)


def _list(store, layer: str, where=None) -> JSONText:
    with store.reading() as conn:
        return JSONText(records.load(conn, layer, where=where))


@router.get("/incidents", response_model=list[Incident])
def list_incidents(store: StoreDep, status: Param | None = None):
    return _list(store, "incidents", db.incidents.c.status == status if status else None)


@router.get("/units", response_model=list[Unit])
def list_units(store: StoreDep):
    return _list(store, "units")


@router.get("/sensors", response_model=list[Sensor])
def list_sensors(store: StoreDep, state: Param | None = None):
    return _list(store, "sensors", db.sensors.c.state == state if state else None)


@router.get("/cameras", response_model=list[Camera])
def list_cameras(store: StoreDep):
    return _list(store, "cameras")


@router.get("/tasks", response_model=list[Task])
def list_tasks(store: StoreDep, incident_id: Param | None = None):
    return _list(store, "tasks", db.tasks.c.incident_id == incident_id if incident_id else None)


@router.get("/dispatches", response_model=list[Dispatch])
def list_dispatches(store: StoreDep, incident_id: Param | None = None):
    return _list(store, "dispatches",
                 db.dispatches.c.incident_id == incident_id if incident_id else None)


@router.get("/alerts", response_model=list[Alert])
def list_alerts(store: StoreDep):
    return _list(store, "alerts")


@router.get("/incidents/{incident_id}", response_model=IncidentDetail,
            responses={404: NOT_FOUND})
def get_incident(incident_id: Param, store: StoreDep):
    """The incident record with its timeline (every event about it), tasks and dispatches."""
    with store.reading() as conn:
        rec = records.load_one(conn, "incidents", incident_id)
        if rec is None:
            return JSONText({"detail": f"no incident {incident_id}"}, status_code=404)
        rows = conn.execute(sa.select(db.events.c.data).where(
            db.events.c.incident_id == incident_id).order_by(db.events.c.id))
        rec["timeline"] = [json.loads(r.data) for r in rows]
        rec["tasks"] = records.load(conn, "tasks", where=db.tasks.c.incident_id == incident_id)
        rec["dispatches"] = records.load(conn, "dispatches",
                                         where=db.dispatches.c.incident_id == incident_id)
    return JSONText(rec)


@router.get("/sensors/{sensor_id}/readings", response_model=list[SensorReading],
            responses={404: NOT_FOUND})
def sensor_readings(sensor_id: Param, store: StoreDep, since: Stamp | None = None,
                    until: Stamp | None = None, limit: int = Query(10000, ge=1, le=100000)):
    """Readings of one sensor, oldest first: [{"sensor_id","value","at"}...]."""
    r = db.readings.c
    with store.reading() as conn:
        if conn.scalar(sa.select(db.sensors.c.id).where(db.sensors.c.id == sensor_id)) is None:
            return JSONText({"detail": f"no sensor {sensor_id}"}, status_code=404)
        query = sa.select(r.value, r.at).where(r.sensor_id == sensor_id)
        if since is not None:
            query = query.where(r.at >= since)
        if until is not None:
            query = query.where(r.at <= until)
        rows = conn.execute(query.order_by(r.at.desc()).limit(limit)).all()
    return JSONText([{"sensor_id": sensor_id, "value": v, "at": records.iso(at)}
                     for v, at in reversed(rows)])
