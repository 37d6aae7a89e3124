"""What each command type does: its payload model and its handler.

A handler checks everything it needs BEFORE changing anything and raises Refused with a
sentence a duty officer understands; otherwise it changes rows and emits events through
the transaction it is given. It returns the `result` of the accepted answer.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from lxml import etree

from server import db, fields, records, telemetry
from server.payloads import (CAP, AddNote, CloseIncident, CreateIncident, CreateTasks,
                             DispatchUnit, PublishAlert, Reading, ReleaseUnit,
                             ReportSensorReadings, UpdateIncident, UpdateTask,
                             UpdateUnitStatus, parse_cap)
from server.store import WriteTx

BEIJING = timezone(timedelta(hours=8))


class Refused(Exception):
    """The command is well formed but cannot be carried out; str() is the reason (Chinese)."""


def _hhmm(value: datetime | None) -> str:
    return value.astimezone(BEIJING).strftime("%m-%d %H:%M") if value else "?"


# -- helpers ---------------------------------------------------------------------------------
def _incident(tx: WriteTx, incident_id: str):
    row = tx.conn.execute(sa.select(db.incidents).where(db.incidents.c.id == incident_id)).first()
    if row is None:
        raise Refused(f"未找到事件 {incident_id}，请核对事件编号")
    return row


def _drill(tx: WriteTx) -> bool:
    """Is this a drill (演练) database? Marked once when first served (server/cli.py)."""
    return tx.conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "mode")) == "drill"


def _unit(tx: WriteTx, unit_id: str):
    row = tx.conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).first()
    if row is None:
        raise Refused(f"未找到单位 {unit_id}，请核对单位编号")
    return row


def _open_dispatch(tx: WriteTx, unit_id: str):
    return tx.conn.execute(sa.select(db.dispatches).where(
        db.dispatches.c.unit_id == unit_id, db.dispatches.c.status != "released")
        .order_by(db.dispatches.c.id.desc())).first()


def _emit_unit(tx: WriteTx, type_: str, unit_id: str, incident_id: str | None) -> dict:
    rec = records.load_one(tx.conn, "units", unit_id)
    tx.emit(type_, "units", upsert=[rec], incident_id=incident_id)
    return rec


def _emit_dispatch(tx: WriteTx, type_: str, dispatch_id: int) -> dict:
    rec = records.load_one(tx.conn, "dispatches", dispatch_id)
    tx.emit(type_, "dispatches", upsert=[rec], incident_id=rec["incident_id"])
    return rec


def _emit_incident(tx: WriteTx, type_: str, incident_id: str, detail=None) -> dict:
    rec = records.load_one(tx.conn, "incidents", incident_id)
    tx.emit(type_, "incidents", upsert=[rec], incident_id=incident_id, detail=detail)
    return rec


def _release(tx: WriteTx, unit, status: str = "available") -> None:
    """End the unit's open dispatch and free it (events for both)."""
    disp = _open_dispatch(tx, unit.id)
    if disp is not None:
        tx.conn.execute(sa.update(db.dispatches).where(db.dispatches.c.id == disp.id)
                        .values(status="released", released_at=tx.now))
        _emit_dispatch(tx, "dispatch.released", disp.id)
    tx.conn.execute(sa.update(db.units).where(db.units.c.id == unit.id)
                    .values(status=status, incident_id=None, updated_at=tx.now))
    _emit_unit(tx, "unit.released", unit.id, unit.incident_id)


def where(lon: float, lat: float, street: str | None = None, district: str | None = None,
          facts: dict | None = None) -> tuple[str | None, str | None, dict]:
    """(street name, district code, facts with community and grid cell) of a point, keeping
    what the caller already gave; unchanged outside the districts the console knows."""
    from maps.places import locate

    facts = dict(facts or {})
    place = locate(lon, lat)
    if place is None:
        return street, district, facts
    facts.setdefault("community", place.community_name)
    facts.setdefault("grid_id", place.grid_id)
    return street or place.street_name, district or place.district_code, facts


# -- handlers --------------------------------------------------------------------------------
def create_incident(tx: WriteTx, p: CreateIncident) -> dict:
    if p.id is not None:
        if tx.conn.scalar(sa.select(db.incidents.c.id).where(db.incidents.c.id == p.id)):
            raise Refused(f"事件编号 {p.id} 已存在，不能重复创建")
        new_id = p.id
    else:
        ids = tx.conn.scalars(sa.select(db.incidents.c.id).where(db.incidents.c.id.like("INC-%")))
        numbers = [int(i[4:]) for i in ids if i[4:].isdigit()]
        new_id = f"INC-{max(numbers, default=0) + 1:04d}"
    facts, street, district = p.facts, p.street, p.district
    if street is None or district is None:  # a sensor, a CAP feed, the simulator: only a point
        street, district, facts = where(p.lon, p.lat, street, district, facts)
    if _drill(tx):  # whoever files it (a trainee uses the normal form): it is an exercise
        facts = {**facts, "exercise": True}
    tx.conn.execute(sa.insert(db.incidents).values(
        id=new_id, type=p.type, title=p.title, level=p.level, status="active", lon=p.lon,
        lat=p.lat, street=street, district=district, facts=facts,
        reported_at=p.reported_at or tx.now, updated_at=tx.now))
    return {"incident": _emit_incident(tx, "incident.created", new_id)}


def update_incident(tx: WriteTx, p: UpdateIncident) -> dict:
    inc = _incident(tx, p.incident_id)
    if inc.status == "closed":
        raise Refused(f"事件 {inc.id} 已于 {_hhmm(inc.closed_at)} 结案，不能再修改；"
                      "如需继续处置，请新建事件")
    values, changes = {"updated_at": tx.now}, {}
    if p.facts is not None:
        values["facts"] = {**(inc.facts or {}), **p.facts}
        if _drill(tx):  # an update cannot turn a drill incident into a live-looking one
            values["facts"]["exercise"] = True
        try:  # each update is bounded at the edge; what they add up to is bounded here
            fields.check_json(values["facts"], fields.FACTS_DEPTH, fields.FACTS_CHARS)
        except fields.JsonProblem as exc:
            raise Refused(f"事件 {inc.id} 的补充信息（facts）合并后{exc.reason}") from None
        changes["facts"] = p.facts
    for name in ("level", "status", "title", "street"):
        new = getattr(p, name)
        if new is not None and new != getattr(inc, name):
            values[name] = new
            changes[name] = {"from": getattr(inc, name), "to": new}
    tx.conn.execute(sa.update(db.incidents).where(db.incidents.c.id == inc.id).values(**values))
    return {"incident": _emit_incident(tx, "incident.updated", inc.id, detail=changes)}


def close_incident(tx: WriteTx, p: CloseIncident) -> dict:
    inc = _incident(tx, p.incident_id)
    if inc.status == "closed":
        raise Refused(f"事件 {inc.id} 已于 {_hhmm(inc.closed_at)} 结案，无需重复结案")
    committed = tx.conn.execute(sa.select(db.units).where(db.units.c.incident_id == inc.id)
                                .order_by(db.units.c.id)).all()
    for unit in committed:
        _release(tx, unit)
    tx.conn.execute(sa.update(db.incidents).where(db.incidents.c.id == inc.id)
                    .values(status="closed", closed_at=tx.now, updated_at=tx.now))
    rec = _emit_incident(tx, "incident.closed", inc.id,
                         detail={"summary": p.summary} if p.summary else None)
    return {"incident": rec, "released_units": [u.id for u in committed]}


def dispatch_unit(tx: WriteTx, p: DispatchUnit) -> dict:
    inc = _incident(tx, p.incident_id)
    unit = _unit(tx, p.unit_id)
    if inc.status == "closed":
        raise Refused(f"事件 {inc.id} 已于 {_hhmm(inc.closed_at)} 结案，不能再调派单位")
    if unit.incident_id == inc.id:
        raise Refused(f"单位 {unit.id}（{unit.callsign}）已在处置 {inc.id}，不能重复调派")
    if unit.incident_id is not None:
        raise Refused(f"单位 {unit.id}（{unit.callsign}）已在处置 {unit.incident_id}，"
                      f"不能调派到 {inc.id}；请先释放该单位或改派其他单位")
    if unit.status == "out_of_service":
        raise Refused(f"单位 {unit.id}（{unit.callsign}）不在勤（停用或维修中），不能调派")
    disp_id = tx.conn.execute(sa.insert(db.dispatches).values(
        unit_id=unit.id, incident_id=inc.id, status="dispatched", dispatched_at=tx.now,
        operator=tx.operator)).inserted_primary_key[0]
    tx.conn.execute(sa.update(db.units).where(db.units.c.id == unit.id)
                    .values(status="dispatched", incident_id=inc.id, updated_at=tx.now))
    return {"dispatch": _emit_dispatch(tx, "dispatch.created", disp_id),
            "unit": _emit_unit(tx, "unit.dispatched", unit.id, inc.id)}


def update_unit_status(tx: WriteTx, p: UpdateUnitStatus) -> dict:
    unit = _unit(tx, p.unit_id)
    if p.status == "available":
        if unit.incident_id is not None:
            _release(tx, unit)
        else:
            tx.conn.execute(sa.update(db.units).where(db.units.c.id == unit.id)
                            .values(status="available", updated_at=tx.now))
            _emit_unit(tx, "unit.status", unit.id, None)
        return {"unit": records.load_one(tx.conn, "units", unit.id)}
    if p.status in ("dispatched", "en_route", "on_scene") and unit.incident_id is None:
        raise Refused(f"单位 {unit.id}（{unit.callsign}）当前没有调派任务，"
                      "请先用“调派”把它派往事件")
    if p.status == "out_of_service" and unit.incident_id is not None:
        raise Refused(f"单位 {unit.id}（{unit.callsign}）正在处置 {unit.incident_id}，"
                      "请先释放再设为不在勤")
    values = {"status": p.status, "updated_at": tx.now}
    for name in ("lon", "lat", "heading"):
        if getattr(p, name) is not None:
            values[name] = getattr(p, name)
    tx.conn.execute(sa.update(db.units).where(db.units.c.id == unit.id).values(**values))
    result = {}
    disp = _open_dispatch(tx, unit.id)
    if disp is not None and p.status in ("en_route", "on_scene") and disp.status != p.status:
        times = {"status": p.status, f"{p.status}_at": tx.now}
        tx.conn.execute(sa.update(db.dispatches).where(db.dispatches.c.id == disp.id).values(**times))
        result["dispatch"] = _emit_dispatch(tx, f"dispatch.{p.status}", disp.id)
    result["unit"] = _emit_unit(tx, "unit.status", unit.id, unit.incident_id)
    return result


def release_unit(tx: WriteTx, p: ReleaseUnit) -> dict:
    unit = _unit(tx, p.unit_id)
    if unit.incident_id is None:
        raise Refused(f"单位 {unit.id}（{unit.callsign}）当前没有调派任务，无需释放")
    _release(tx, unit)
    return {"unit": records.load_one(tx.conn, "units", unit.id)}


def create_tasks(tx: WriteTx, p: CreateTasks) -> dict:
    inc = _incident(tx, p.incident_id)
    if inc.status == "closed":
        raise Refused(f"事件 {inc.id} 已于 {_hhmm(inc.closed_at)} 结案，不能再下发任务")
    existing = set(tx.conn.scalars(sa.select(db.tasks.c.id)
                                   .where(db.tasks.c.incident_id == inc.id)))
    given = [t.id for t in p.tasks if t.id]
    clash = sorted(set(given) & existing) or sorted({i for i in given if given.count(i) > 1})
    if clash:
        raise Refused(f"任务编号 {'、'.join(clash[:5])} 已存在或重复，请勿重复下发同一批任务")
    if given:
        taken = set(tx.conn.scalars(sa.select(db.tasks.c.id).where(db.tasks.c.id.in_(given))))
        if taken:
            raise Refused(f"任务编号 {'、'.join(sorted(taken)[:5])} 已被其他事件使用")
    n = len(existing)
    rows = []
    for t in p.tasks:
        if t.id is None:
            n += 1
            while f"{inc.id}-T{n:03d}" in existing:
                n += 1
        task_id = t.id or f"{inc.id}-T{n:03d}"
        rows.append({"id": task_id, "incident_id": inc.id, "plan_id": t.plan_id or p.plan_id,
                     "department": t.department, "action": t.action,
                     "deadline_minutes": t.deadline_minutes, "status": t.status, "owner": t.owner,
                     "done_by": tx.operator if t.status == "done" else None,
                     "done_at": tx.now if t.status == "done" else None,
                     "created_at": tx.now, "updated_at": tx.now})
    tx.conn.execute(sa.insert(db.tasks), rows)
    recs = records.load(tx.conn, "tasks", ids=[r["id"] for r in rows])
    tx.emit("tasks.created", "tasks", upsert=recs, incident_id=inc.id)
    return {"tasks": recs}


def update_task(tx: WriteTx, p: UpdateTask) -> dict:
    row = tx.conn.execute(sa.select(db.tasks).where(db.tasks.c.id == p.task_id)).first()
    if row is None:
        raise Refused(f"未找到任务 {p.task_id}，请核对任务编号")
    values = {"updated_at": tx.now}
    if p.owner is not None:
        values["owner"] = p.owner
    if p.status is not None and p.status != row.status:
        values["status"] = p.status
        done = p.status == "done"
        values["done_by"] = tx.operator if done else None
        values["done_at"] = tx.now if done else None
    tx.conn.execute(sa.update(db.tasks).where(db.tasks.c.id == row.id).values(**values))
    rec = records.load_one(tx.conn, "tasks", row.id)
    tx.emit("task.updated", "tasks", upsert=[rec], incident_id=row.incident_id)
    return {"task": rec}


def add_note(tx: WriteTx, p: AddNote) -> dict:
    inc = _incident(tx, p.incident_id)
    event_id = tx.emit("incident.note", "incidents", incident_id=inc.id,
                       detail={"text": p.text})
    return {"incident_id": inc.id, "note_event_id": event_id}


def report_sensor_readings(tx: WriteTx, p: ReportSensorReadings) -> dict:
    items = [(r.sensor_id, r.value, r.at or tx.now) for r in p.readings]
    known = set(tx.conn.scalars(sa.select(db.sensors.c.id).where(
        db.sensors.c.id.in_(sorted({i[0] for i in items})))))
    missing = sorted({i[0] for i in items} - known)
    if missing:
        raise Refused(f"未找到传感器 {'、'.join(missing[:5])}，读数未记录，请核对传感器编号")
    result = telemetry.ingest_readings(tx, items)
    if result["event_id"] is None:  # an accepted command always leaves a trace in the log
        sensors = records.load(tx.conn, "sensors", ids=sorted(known))
        result["event_id"] = tx.emit("sensors.readings", "sensors", upsert=sensors)
    return result


def report_sensor_reading(tx: WriteTx, p: Reading) -> dict:
    return report_sensor_readings(tx, ReportSensorReadings(readings=[p]))


def publish_alert(tx: WriteTx, p: PublishAlert) -> dict:
    root = parse_cap(p.xml)
    text = lambda el, tag: (el.findtext(f"{CAP}{tag}") or "").strip() or None  # noqa: E731
    info = root.find(f"{CAP}info")
    info = info if info is not None else etree.Element("none")
    identifier = text(root, "identifier")
    if _drill(tx) and text(root, "status") != "Exercise":
        raise Refused(f"演练库只能发布演练（Exercise）预警；预警 {identifier} 的状态为 "
                      f"{text(root, 'status') or '空'}，请改为演练状态后再发布或导入")
    if tx.conn.scalar(sa.select(db.alerts.c.id).where(db.alerts.c.id == identifier)):
        raise Refused(f"预警 {identifier} 已发布过；更新请用新的标识并设 msgType=Update")
    areas = [a.findtext(f"{CAP}areaDesc") or "" for a in info.findall(f"{CAP}area")]
    tx.conn.execute(sa.insert(db.alerts).values(
        id=identifier, sender=text(root, "sender"), sent=text(root, "sent"),
        status=text(root, "status"), msg_type=text(root, "msgType"), scope=text(root, "scope"),
        event=text(info, "event"), urgency=text(info, "urgency"), severity=text(info, "severity"),
        certainty=text(info, "certainty"), headline=text(info, "headline"),
        description=text(info, "description"), area="；".join(a for a in areas if a) or None,
        xml=p.xml, received_at=tx.now))
    rec = records.load_one(tx.conn, "alerts", identifier)
    tx.emit("alert.published", "alerts", upsert=[rec])
    return {"alert": rec}


HANDLERS = {
    "create_incident": (CreateIncident, create_incident),
    "update_incident": (UpdateIncident, update_incident),
    "close_incident": (CloseIncident, close_incident),
    "dispatch_unit": (DispatchUnit, dispatch_unit),
    "update_unit_status": (UpdateUnitStatus, update_unit_status),
    "release_unit": (ReleaseUnit, release_unit),
    "create_tasks": (CreateTasks, create_tasks),
    "update_task": (UpdateTask, update_task),
    "add_note": (AddNote, add_note),
    "report_sensor_reading": (Reading, report_sensor_reading),
    "report_sensor_readings": (ReportSensorReadings, report_sensor_readings),
    "publish_alert": (PublishAlert, publish_alert),
}
