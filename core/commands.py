"""Typed commands the console sends to the backend, each with a client-made UUID.

The UUID is the idempotency key: the outbox stores it before anything is sent, and the server
acts on a given command_id at most once, so a retry after a lost answer never acts twice.
A command is immutable once made; widgets build one with the functions below and hand it to
`SyncEngine.submit()`.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


@dataclass(frozen=True)
class Command:
    """One request to change the shared picture (what the server's POST /api/v1/commands takes)."""

    type: str
    payload: dict[str, Any]
    command_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    issued_at: str = field(default_factory=_now)
    operator: str | None = None

    def __post_init__(self) -> None:
        if not self.type or not isinstance(self.type, str):
            raise ValueError(f"command type: {self.type!r} is not a command name; expected e.g. 'dispatch_unit'")
        if not isinstance(self.payload, dict):
            raise ValueError(f"command {self.type}: payload is {type(self.payload).__name__}; expected a dict")
        uuid.UUID(self.command_id)  # raises ValueError naming the bad id

    def to_json(self) -> dict[str, Any]:
        """The request body of POST /api/v1/commands."""
        return {"command_id": self.command_id, "type": self.type, "payload": self.payload,
                "issued_at": self.issued_at, "operator": self.operator}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Command:
        return cls(type=data["type"], payload=data["payload"], command_id=data["command_id"],
                   issued_at=data["issued_at"], operator=data.get("operator"))


def _clean(payload: dict[str, Any]) -> dict[str, Any]:
    """Leave out optional fields the caller did not give, so the server keeps its defaults."""
    return {k: v for k, v in payload.items() if v is not None}


LEVELS = ("I", "II", "III", "IV")


# What each command is called where an operator reads about it (a refusal, a command set aside).
NAMES = {
    "create_incident": "立案", "update_incident": "更新事件", "close_incident": "结案",
    "dispatch_unit": "调派", "update_unit_status": "更新力量状态", "release_unit": "解除调派",
    "create_tasks": "下发任务", "update_task": "更新任务状态", "add_note": "添加备注",
    "report_sensor_reading": "上报传感器读数", "report_sensor_readings": "上报传感器读数",
    "publish_alert": "发布预警",
}


def describe(command: Command) -> str:
    """A command as an operator reads it: 调派（U0012 → INC-0003）, 添加备注（INC-0003）."""
    payload = command.payload
    subject = " → ".join(str(payload[k]) for k in ("unit_id", "task_id", "incident_id", "id")
                         if payload.get(k))
    name = NAMES.get(command.type, command.type)
    return f"{name}（{subject}）" if subject else name


def creates(command: Command) -> frozenset[str]:
    """The ids of what a command brings into being: a create_incident's incident id, a
    create_tasks' task ids (when the console made them)."""
    payload = command.payload
    if command.type == "create_incident" and payload.get("id"):
        return frozenset((str(payload["id"]),))
    if command.type == "create_tasks":
        return frozenset(str(t["id"]) for t in payload.get("tasks") or () if t.get("id"))
    return frozenset()


def refers(command: Command) -> frozenset[str]:
    """The ids of what a command acts on (its incident, its task). A command that refers to
    what a failed command would have created depends on it and waits for it (core/outbox.py)."""
    payload = command.payload
    return frozenset(str(payload[k]) for k in ("incident_id", "task_id") if payload.get(k))


def create_incident(type: str, title: str, lon: float, lat: float, level: str = "IV", *,
                    incident_id: str | None = None, district: str | None = None,
                    street: str | None = None, facts: dict | None = None,
                    reported_at: str | None = None, operator: str | None = None) -> Command:
    """Open a new incident (接警立案). A client-made incident id lets later offline commands
    (dispatch to it) refer to it before the server has answered."""
    if level not in LEVELS:
        raise ValueError(f"create_incident: level {level!r}; expected one of {', '.join(LEVELS)}")
    return Command("create_incident", _clean({
        "id": incident_id, "type": type, "title": title, "level": level, "lon": lon, "lat": lat,
        "district": district, "street": street, "facts": facts, "reported_at": reported_at}),
        operator=operator)


def update_incident(incident_id: str, *, facts: dict | None = None, level: str | None = None,
                    status: str | None = None, title: str | None = None, street: str | None = None,
                    operator: str | None = None) -> Command:
    """Change facts of an incident (facts merge into the known ones; level; status active/controlled)."""
    changes = _clean({"facts": facts, "level": level, "status": status, "title": title, "street": street})
    if not changes:
        raise ValueError(f"update_incident {incident_id}: no field to change")
    if level is not None and level not in LEVELS:
        raise ValueError(f"update_incident {incident_id}: level {level!r}; expected one of {', '.join(LEVELS)}")
    if status is not None and status not in ("active", "controlled"):
        raise ValueError(f"update_incident {incident_id}: status {status!r}; expected active or controlled "
                         "(use close_incident to close)")
    return Command("update_incident", {"incident_id": incident_id, **changes}, operator=operator)


def close_incident(incident_id: str, *, summary: str | None = None, operator: str | None = None) -> Command:
    """Close an incident (结案); the server releases the units still committed to it."""
    return Command("close_incident", _clean({"incident_id": incident_id, "summary": summary}),
                   operator=operator)


def add_note(incident_id: str, text: str, *, operator: str | None = None) -> Command:
    """Add a line to the incident's timeline."""
    if not text.strip():
        raise ValueError(f"add_note {incident_id}: the note is empty")
    return Command("add_note", {"incident_id": incident_id, "text": text}, operator=operator)


def dispatch_unit(unit_id: str, incident_id: str, *, operator: str | None = None) -> Command:
    """Commit a unit to an incident; the server refuses when the unit is already committed."""
    return Command("dispatch_unit", {"unit_id": unit_id, "incident_id": incident_id}, operator=operator)


UNIT_STATUSES = ("available", "dispatched", "en_route", "on_scene", "out_of_service")


def update_unit_status(unit_id: str, status: str, *, lon: float | None = None, lat: float | None = None,
                       heading: float | None = None, operator: str | None = None) -> Command:
    """Report a unit's status (en route, on scene, ...), optionally with its position."""
    if status not in UNIT_STATUSES:
        raise ValueError(f"update_unit_status {unit_id}: status {status!r}; expected one of "
                         f"{', '.join(UNIT_STATUSES)}")
    return Command("update_unit_status", _clean({"unit_id": unit_id, "status": status, "lon": lon,
                                                 "lat": lat, "heading": heading}), operator=operator)


def release_unit(unit_id: str, *, operator: str | None = None) -> Command:
    """End the unit's current dispatch and make it available again."""
    return Command("release_unit", {"unit_id": unit_id}, operator=operator)


TASK_STATUSES = ("pending", "in_progress", "done", "not_applicable")


def create_tasks(incident_id: str, tasks: list[dict[str, Any]], *, plan_id: str | None = None,
                 operator: str | None = None) -> Command:
    """Send the checklist of a plan activation: each task a dict with at least "action"
    (optional id, plan_id, department, deadline_minutes, owner, status)."""
    for i, t in enumerate(tasks):
        if not t.get("action"):
            raise ValueError(f"create_tasks {incident_id}: task #{i + 1} has no 'action'")
        if t.get("status", "pending") not in TASK_STATUSES:
            raise ValueError(f"create_tasks {incident_id}: task #{i + 1} status {t['status']!r}; "
                             f"expected one of {', '.join(TASK_STATUSES)}")
    if not tasks:
        raise ValueError(f"create_tasks {incident_id}: no task given")
    return Command("create_tasks", _clean({"incident_id": incident_id, "plan_id": plan_id,
                                           "tasks": tasks}), operator=operator)


def update_task(task_id: str, status: str | None = None, *, owner: str | None = None,
                operator: str | None = None) -> Command:
    """Change a task's status and/or owner; the server records who finished it and when."""
    if status is None and owner is None:
        raise ValueError(f"update_task {task_id}: give a status or an owner")
    if status is not None and status not in TASK_STATUSES:
        raise ValueError(f"update_task {task_id}: status {status!r}; expected one of {', '.join(TASK_STATUSES)}")
    return Command("update_task", _clean({"task_id": task_id, "status": status, "owner": owner}),
                   operator=operator)


def report_sensor_readings(readings: list[tuple[str, float]], *, operator: str | None = None) -> Command:
    """Report readings typed in by hand (sensor_id, value), e.g. a field team's gas meter."""
    if not readings:
        raise ValueError("report_sensor_readings: no reading given")
    return Command("report_sensor_readings",
                   {"readings": [{"sensor_id": sid, "value": float(v)} for sid, v in readings]},
                   operator=operator)


def publish_alert(cap_xml: str, *, operator: str | None = None) -> Command:
    """Publish a CAP 1.2 alert (the XML document as text)."""
    return Command("publish_alert", {"xml": cap_xml}, operator=operator)
