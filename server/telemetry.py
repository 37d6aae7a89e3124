"""Bulk telemetry: sensor readings and unit positions (AVL), the server's hot paths.

Both work on many rows per transaction with executemany, and each batch becomes ONE event
carrying only the records that changed enough to matter on a map (see SENSOR_DEADBAND).
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import sqlalchemy as sa

from maps import geo
from maps.scene import SENSOR_KINDS
from server import db, records
from server.store import WriteTx

# A value change smaller than this share of the kind's normal range is not streamed (the
# reading is still stored and the snapshot has the latest value): at 100,000 sensors a
# minute, streaming every wobble would flood the log that must bridge days of outage.
SENSOR_DEADBAND = 0.10
_CHUNK = 2000
MAX_CLOCK_AHEAD = timedelta(minutes=10)  # readings stamped later than this are refused  # ids per IN (...) query, well under PostgreSQL's bind parameter limit

_update_sensor = (sa.update(db.sensors).where(db.sensors.c.id == sa.bindparam("b_id"))
                  .values(value=sa.bindparam("b_value"), state=sa.bindparam("b_state"),
                          updated_at=sa.bindparam("b_at")))
_update_unit = (sa.update(db.units).where(db.units.c.id == sa.bindparam("b_id"))
                .values(lon=sa.bindparam("b_lon"), lat=sa.bindparam("b_lat"),
                        heading=sa.bindparam("b_heading"), updated_at=sa.bindparam("b_at")))

_PG_INSERT_READINGS = sa.text(
    "INSERT INTO readings (sensor_id, at, value) SELECT * FROM unnest("
    "CAST(:ids AS text[]), CAST(:ats AS timestamptz[]), CAST(:vals AS float8[]))")
_PG_UPDATE_SENSORS = sa.text(
    "UPDATE sensors AS s SET value = u.value, state = u.state, updated_at = u.at FROM unnest("
    "CAST(:ids AS text[]), CAST(:vals AS float8[]), CAST(:states AS text[]), "
    "CAST(:ats AS timestamptz[])) AS u(id, value, state, at) WHERE s.id = u.id")


def as_utc(at: datetime) -> datetime:
    """Readings without a zone are taken as UTC."""
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def classify(kind: str, value: float, previous: str) -> str:
    """The state a reading puts a sensor in: above the normal range is a warning, above
    twice its width an alarm; an elevator reading of 1 or more is a fault alarm."""
    spec = SENSOR_KINDS.get(kind)
    if spec is None:
        return previous
    lo, hi = spec[2]
    if kind == "elevator":
        return "alarm" if value >= 1 else "normal"
    span = hi - lo
    if value > hi + span:
        return "alarm"
    if value > hi:
        return "warning"
    return "normal"


def _deadband(kind: str) -> float:
    spec = SENSOR_KINDS.get(kind)
    if spec is None:
        return 0.0
    lo, hi = spec[2]
    return (hi - lo) * SENSOR_DEADBAND


def _with(row, **changes) -> SimpleNamespace:
    """A row with some columns replaced, for building the record as it now is."""
    return SimpleNamespace(**{**row._asdict(), **changes})


def _fetch(conn: sa.Connection, table: sa.Table, ids: list[str]) -> dict:
    found = {}
    for i in range(0, len(ids), _CHUNK):
        for r in conn.execute(sa.select(table).where(table.c.id.in_(ids[i:i + _CHUNK]))):
            found[r.id] = r
    return found


def ingest_readings(tx: WriteTx, items: list[tuple[str, float, datetime]]) -> dict:
    """Store readings (sensor_id, value, at), update each sensor's latest value and state,
    and emit one `sensors.readings` event with the sensors that changed visibly.
    Readings of unknown sensors are skipped and listed; the others are kept."""
    ids = sorted({sid for sid, _, _ in items})
    current = _fetch(tx.conn, db.sensors, ids)
    unknown = [sid for sid in ids if sid not in current]
    rows, latest, future = [], {}, set()
    horizon = tx.now + MAX_CLOCK_AHEAD
    for sid, value, at in items:
        if sid not in current or not math.isfinite(value):
            continue
        at = as_utc(at)
        if at > horizon:  # a sensor clock far ahead would pin its value forever
            future.add(sid)
            continue
        rows.append({"sensor_id": sid, "at": at, "value": value})
        if sid not in latest or at >= latest[sid][1]:
            latest[sid] = (value, at)
    if rows and tx.conn.dialect.name == "postgresql":
        # one statement over arrays instead of a thousand-row VALUES list: ~3x faster
        tx.conn.execute(_PG_INSERT_READINGS, {
            "ids": [r["sensor_id"] for r in rows], "ats": [r["at"] for r in rows],
            "vals": [r["value"] for r in rows]})
    elif rows:
        tx.conn.execute(sa.insert(db.readings), rows)
    updates, changed = [], []
    for sid, (value, at) in latest.items():
        old = current[sid]
        if old.updated_at is not None and at < old.updated_at:
            continue  # a late reading is history; it must not overwrite a newer value
        state = classify(old.kind, value, old.state)
        updates.append({"b_id": sid, "b_value": value, "b_state": state, "b_at": at})
        moved = old.value is None or abs(value - old.value) >= max(_deadband(old.kind), 1e-9)
        if state != old.state or moved:
            changed.append(records.sensor(_with(old, value=value, state=state, updated_at=at)))
    if updates and tx.conn.dialect.name == "postgresql":
        tx.conn.execute(_PG_UPDATE_SENSORS, {
            "ids": [u["b_id"] for u in updates], "vals": [u["b_value"] for u in updates],
            "states": [u["b_state"] for u in updates], "ats": [u["b_at"] for u in updates]})
    elif updates:
        tx.conn.execute(_update_sensor, updates)
    event_id = None
    if changed:
        event_id = tx.emit("sensors.readings", "sensors", upsert=changed)
    return {"accepted": len(rows), "unknown_sensors": unknown,
            "future_readings": sorted(future), "changed": len(changed), "event_id": event_id}


def ingest_positions(tx: WriteTx, items: list[tuple[str, float, float, float | None, datetime]]
                     ) -> dict:
    """Store unit positions (unit_id, lon, lat, heading, at) and emit one `units.positions`
    event. A missing heading is taken from the direction of travel."""
    ids = sorted({it[0] for it in items})
    current = _fetch(tx.conn, db.units, ids)
    unknown = [uid for uid in ids if uid not in current]
    latest = {}
    for uid, lon, lat, heading, at in items:
        at = as_utc(at)
        if uid in current and (uid not in latest or at >= latest[uid][3]):
            latest[uid] = (lon, lat, heading, at)
    updates, changed = [], []
    for uid, (lon, lat, heading, at) in latest.items():
        old = current[uid]
        if heading is None:
            heading = (geo.bearing_deg(old.lon, old.lat, lon, lat)
                       if geo.distance_m(old.lon, old.lat, lon, lat) > 1 else old.heading)
        updates.append({"b_id": uid, "b_lon": lon, "b_lat": lat, "b_heading": heading, "b_at": at})
        changed.append(records.unit(_with(old, lon=lon, lat=lat, heading=heading, updated_at=at)))
    if updates:
        tx.conn.execute(_update_unit, updates)
    event_id = tx.emit("units.positions", "units", upsert=changed) if changed else None
    return {"accepted": len(updates), "unknown_units": unknown, "event_id": event_id}
