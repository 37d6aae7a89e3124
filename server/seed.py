"""First start on an empty database: the demo world from maps.scene.build_scene."""
from __future__ import annotations

import logging
import random
from datetime import datetime

import sqlalchemy as sa

from maps.scene import build_scene
from server import db
from server.store import Store
from server.video import stream_path

log = logging.getLogger(__name__)

SCALES = {
    # build_scene's defaults (2,000 sensors, 400 cameras, 120 units, 12 incidents) and cameras
    # enough for a video wall around any incident: 3,000 over ~510 km2, ~4-5 within 500 m
    "demo": {"more_cameras": 2600},
    "full": {"sensors": 100_000, "cameras": 8_000, "units": 500, "incidents": 200},
}
_CHUNK = 5000


def _dt(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _placed(incident: dict) -> dict:
    """An incident row with its street, community and grid cell, as a filed report has them."""
    from server.handlers import where

    street, district, facts = where(incident["lon"], incident["lat"], None,
                                    incident.get("district"), {})
    return {**incident, "street": street, "district": district, "facts": facts}


def seed_if_empty(store: Store, seed: int, scale: str = "demo") -> bool:
    """Fill an empty database with the demo world; returns False if it had data already."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    with store.writing_connection() as conn:  # the writer lock: a second process waits here
        if conn.scalar(sa.select(sa.func.count()).select_from(db.units)):
            return False
        now = db.utcnow().replace(second=0, microsecond=0)
        scene = build_scene(seed, now=now, **SCALES[scale])
        rng = random.Random(seed)
        active = [i for i in scene.incidents if i["status"] == "active"]
        unit_rows, dispatch_rows = [], []
        for u in scene.units:
            row = {k: u[k] for k in ("id", "callsign", "kind", "station", "status", "lon", "lat",
                                     "heading", "district")}
            row.update(incident_id=None, updated_at=now)
            if u["status"] in ("dispatched", "en_route", "on_scene"):
                if active:  # a committed unit is committed to something: give it an incident
                    inc = rng.choice(active)
                    row["incident_id"] = inc["id"]
                    if u["status"] == "on_scene":
                        row["lon"] = inc["lon"] + rng.uniform(-3e-4, 3e-4)
                        row["lat"] = inc["lat"] + rng.uniform(-3e-4, 3e-4)
                    dispatch_rows.append({
                        "unit_id": u["id"], "incident_id": inc["id"], "status": u["status"],
                        "dispatched_at": now, "operator": "seed",
                        "en_route_at": now if u["status"] in ("en_route", "on_scene") else None,
                        "on_scene_at": now if u["status"] == "on_scene" else None})
                else:
                    row["status"] = "available"
            unit_rows.append(row)
        tables = [
            (db.sensors, [{**s, "updated_at": now} for s in scene.sensors]),
            (db.cameras, [{**c, "stream_url": stream_path(c["id"])} for c in scene.cameras]),
            (db.units, unit_rows),
            (db.incidents, [_placed({**i, "reported_at": _dt(i["reported_at"]), "updated_at": now,
                                     "closed_at": now if i["status"] == "closed" else None})
                            for i in scene.incidents]),
            (db.dispatches, dispatch_rows),
        ]
        for table, rows in tables:
            for i in range(0, len(rows), _CHUNK):
                conn.execute(sa.insert(table), rows[i:i + _CHUNK])
    log.info("seeded %s world (seed %d): %d sensors, %d cameras, %d units, %d incidents",
             scale, seed, len(scene.sensors), len(scene.cameras), len(scene.units),
             len(scene.incidents))
    return True
