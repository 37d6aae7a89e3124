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


def create_incident(type: str, title: str, level: str, lon: float, lat: float, *,
                    incident_id: str | None = None, district: str | None = None,
                    reported_at: str | None = None, description: str | None = None,
                    operator: str | None = None) -> Command:
    """Open a new incident (接警立案). A client-made incident id lets later offline commands
    (dispatch to it) refer to it before the server has answered."""
    if level not in ("I", "II", "III", "IV"):
        raise ValueError(f"create_incident: level {level!r}; expected one of I, II, III, IV")
    return Command("create_incident", _clean({
        "id": incident_id, "type": type, "title": title, "level": level, "lon": lon, "lat": lat,
        "district": district, "reported_at": reported_at, "description": description}),
        operator=operator)


def update_incident(incident_id: str, *, operator: str | None = None, **changes: Any) -> Command:
    """Change facts of an incident (level, title, status, description, ...)."""
    if not changes:
        raise ValueError(f"update_incident {incident_id}: no field to change")
    return Command("update_incident", {"id": incident_id, **changes}, operator=operator)


def close_incident(incident_id: str, *, note: str | None = None, operator: str | None = None) -> Command:
    return Command("close_incident", _clean({"id": incident_id, "note": note}), operator=operator)


def dispatch_unit(unit_id: str, incident_id: str, *, note: str | None = None,
                  operator: str | None = None) -> Command:
    """Commit a unit to an incident; the server refuses when the unit is already committed."""
    return Command("dispatch_unit", _clean({"unit_id": unit_id, "incident_id": incident_id,
                                            "note": note}), operator=operator)


DISPATCH_STATUSES = ("dispatched", "en_route", "on_scene", "released")


def update_dispatch(unit_id: str, incident_id: str, status: str, *,
                    operator: str | None = None) -> Command:
    """Move a dispatch along dispatched -> en_route -> on_scene -> released."""
    if status not in DISPATCH_STATUSES:
        raise ValueError(f"update_dispatch: status {status!r}; expected one of {', '.join(DISPATCH_STATUSES)}")
    return Command("update_dispatch", {"unit_id": unit_id, "incident_id": incident_id,
                                       "status": status}, operator=operator)


def release_unit(unit_id: str, incident_id: str, *, operator: str | None = None) -> Command:
    return update_dispatch(unit_id, incident_id, "released", operator=operator)


TASK_STATUSES = ("pending", "in_progress", "done", "blocked", "cancelled")


def create_tasks(incident_id: str, tasks: list[dict[str, Any]], *,
                 operator: str | None = None) -> Command:
    """Send the checklist of a plan activation: each task a dict with at least id and title."""
    for i, t in enumerate(tasks):
        if "id" not in t or "title" not in t:
            raise ValueError(f"create_tasks: task #{i + 1} lacks 'id' or 'title'")
    return Command("create_tasks", {"incident_id": incident_id, "tasks": tasks}, operator=operator)


def update_task(task_id: str, status: str, *, owner: str | None = None, note: str | None = None,
                operator: str | None = None) -> Command:
    """Change a task's status (and owner); the server records who and when."""
    if status not in TASK_STATUSES:
        raise ValueError(f"update_task: status {status!r}; expected one of {', '.join(TASK_STATUSES)}")
    return Command("update_task", _clean({"id": task_id, "status": status, "owner": owner,
                                          "note": note}), operator=operator)


def publish_alert(cap_xml: str, *, operator: str | None = None) -> Command:
    """Publish a CAP 1.2 alert (the XML document as text)."""
    return Command("publish_alert", {"cap": cap_xml}, operator=operator)
