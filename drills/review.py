"""After-action review: figures computed from the drill server's own log (its SQLite file).

Times are drill times: a command's `issued_at` (the runner stamps it on the drill clock) when
the event came from a command, else the event's server time. The figures therefore hold at any
playing speed, and they come from what the server recorded, not from what the runner believes.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any


def _dt(value: Any) -> datetime | None:
    if value is None:
        return None
    d = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def read_log(db_path: str | Path, clock=None) -> list[dict]:
    """Every event of the drill database, oldest first, each with its drill time `t` and the
    command (type, payload) that produced it when there was one. `clock` (drills.clock) maps
    wall-clock stamps to drill time, for drills played in the console."""
    uri = f"file:{Path(db_path).resolve()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        rows = conn.execute(
            "SELECT e.id, e.type, e.incident_id, e.at, e.data, c.issued_at, c.type, c.payload "
            "FROM events e LEFT JOIN commands c ON c.command_id = e.command_id ORDER BY e.id").fetchall()
    out = []
    conv = clock.drill_time if clock is not None else (lambda d: d)
    for eid, etype, inc, at, data, issued, ctype, payload in rows:
        t = _dt(issued) or _dt(at)
        out.append({"id": eid, "type": etype, "incident_id": inc, "t": conv(t) if t else t,
                    "data": json.loads(data), "command": ctype,
                    "payload": json.loads(payload) if isinstance(payload, str) else payload})
    return out


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    return None if a is None or b is None else round((b - a).total_seconds(), 1)


def review(db_path: str | Path, scenario=None, incident_prefix: str = "DRL-", clock=None) -> dict:
    """The drill's figures: injects, tasks due and met, the report-to-X intervals (seconds) of
    the first incident, and each task's lateness (negative = done early)."""
    return _review(read_log(db_path, clock), scenario, incident_prefix, clock)[0]


def _review(events: list[dict], scenario, incident_prefix: str, clock) -> tuple[dict, dict]:
    """(figures, details): details hold what the after-action report draws (widgets.drill_report)."""
    incident = next((e for e in events if e["type"] == "incident.created"
                     and str(e["incident_id"] or "").startswith(incident_prefix)), None)
    fig: dict[str, Any] = {"injects": len(scenario.injects) if scenario is not None else None,
                           "incident_id": None, "level": None, "plans": [],
                           "tasks_due": 0, "tasks_met": 0, "tasks_done": 0,
                           "report_to_grading_s": None, "report_to_activation_s": None,
                           "report_to_dispatch_s": None, "report_to_arrival_s": None,
                           "dispatch_to_arrival_s": None,
                           "units_dispatched": 0, "task_lateness_s": {}}
    details: dict[str, Any] = {"reported": None, "tasks": [], "mine": []}
    if incident is None:
        return fig, details
    iid = incident["incident_id"]
    mine = [e for e in events if e["incident_id"] == iid]
    reported = _dt(incident["data"]["upsert"][0].get("reported_at")) or incident["t"]
    if clock is not None and reported is not None:
        reported = clock.drill_time(reported)
    graded = next((e for e in mine if e["type"] == "incident.updated" and e["command"] == "update_incident"
                   and (e["payload"] or {}).get("level")), None)
    created = [e for e in mine if e["type"] == "tasks.created"]
    dispatched = [e for e in mine if e["type"] == "dispatch.created" or e["type"] == "unit.dispatched"]
    arrived = next((e for e in mine if e["type"] == "dispatch.on_scene"), None)
    fig["incident_id"] = iid
    last = next((e for e in reversed(mine) if e["type"].startswith("incident.") and e["data"].get("upsert")),
                incident)
    fig["level"] = last["data"]["upsert"][0].get("level") if last["data"].get("upsert") else None
    details["record"] = last["data"]["upsert"][0] if last["data"].get("upsert") else {}
    fig["report_to_grading_s"] = _seconds(reported, graded["t"] if graded else None)
    fig["report_to_activation_s"] = _seconds(reported, created[0]["t"] if created else None)
    first_dispatch = dispatched[0]["t"] if dispatched else None
    fig["report_to_dispatch_s"] = _seconds(reported, first_dispatch)
    fig["report_to_arrival_s"] = _seconds(reported, arrived["t"] if arrived else None)
    fig["dispatch_to_arrival_s"] = _seconds(first_dispatch, arrived["t"] if arrived else None)
    fig["units_dispatched"] = len({e["data"]["upsert"][0]["unit_id"] for e in dispatched
                                   if e["type"] == "dispatch.created" and e["data"].get("upsert")})
    due: dict[str, datetime] = {}
    rows: dict[str, dict] = {}
    for e in created:
        for task in e["data"]["upsert"]:
            if task.get("deadline_minutes") is not None:
                due[task["id"]] = e["t"] + timedelta(minutes=task["deadline_minutes"])
            if task.get("plan_id") and task["plan_id"] not in fig["plans"]:
                fig["plans"].append(task["plan_id"])   # the plans whose tasks were issued, in order
            rows[task["id"]] = {"id": task["id"], "plan_id": task.get("plan_id"),
                                "department": task.get("department") or "", "action": task.get("action", ""),
                                "created": e["t"], "deadline": due.get(task["id"])}
    done: dict[str, datetime] = {}
    for e in mine:
        if e["type"] == "task.updated":
            for task in e["data"]["upsert"]:
                if task.get("status") == "done" and task["id"] not in done:
                    done[task["id"]] = e["t"]
    # a task due after the drill's last event and not done (a 30-day supplementary report) was
    # not yet due when the drill ended: neither met nor missed
    end = max((e["t"] for e in events if e["t"] is not None), default=None)
    if end is not None:
        due = {tid: d for tid, d in due.items() if d <= end or tid in done}
    fig["tasks_due"] = len(due)
    fig["tasks_done"] = sum(1 for tid in due if tid in done)
    fig["tasks_met"] = sum(1 for tid, d in due.items() if tid in done and done[tid] <= d)
    fig["task_lateness_s"] = {tid: _seconds(d, done.get(tid)) for tid, d in sorted(due.items())}
    for tid, row in rows.items():
        row["done"] = done.get(tid)
        row["met"] = None if row["deadline"] is None or tid not in due else (
            row["done"] is not None and row["done"] <= row["deadline"])
    details.update(reported=reported, tasks=sorted(rows.values(), key=lambda r: (r["created"], r["id"])),
                   mine=mine, graded=graded["t"] if graded else None,
                   activated=created[0]["t"] if created else None, dispatched=first_dispatch,
                   arrived=arrived["t"] if arrived else None)
    return fig, details
