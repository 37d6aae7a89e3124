"""Payloads of the command types: what each command carries, validated before it runs.

A bad payload is answered 422 with the field and the problem; see docs/api.md.
"""
from __future__ import annotations

from typing import Literal

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cap import parse as cap_parse
from cap.parse import CapError, parse_alert
from maps.scene import UNIT_STATUSES
from server import db
from server.fields import (JSON_KEY, JSON_VALUE_MARK, Count, Facts, Finite, Id, Prose, ReadingStamp,
                           Stamp, Text, bound)

Level = Literal["I", "II", "III", "IV"]
TaskStatus = Literal["pending", "in_progress", "done", "not_applicable"]
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


def parse_cap(xml: str):
    """The root element of a CAP document (entities and network access disabled)."""
    return etree.fromstring(xml.encode("utf-8"),
                            parser=etree.XMLParser(resolve_entities=False, no_network=True))


# -- payloads --------------------------------------------------------------------------------
# Every field is one of the edge types of server/fields.py, bounded by the column it goes into.
INC, TASK, ALERT = db.incidents.c, db.tasks.c, db.alerts.c  # the columns
IncidentId, UnitId, SensorId, TaskId = Id(INC.id), Id(db.units.c.id), Id(db.sensors.c.id), Id(TASK.id)
Lon, Lat, Heading = Finite(-180, 180), Finite(-90, 90), Finite(0, 360)
DEADLINE_MAX = 525_600  # minutes: a year


class Payload(BaseModel):
    """A payload or a part of one. Keys its model does not name are taken and ignored, but the
    whole payload is stored and audited as sent, so they are checked too
    (server.commands.parse_payload: check_json): the document says so of each."""
    model_config = ConfigDict(json_schema_extra={"propertyNames": JSON_KEY,
                                                 "additionalProperties": JSON_VALUE_MARK})


class Lonlat(Payload):
    lon: Lon
    lat: Lat


class CreateIncident(Lonlat):
    id: IncidentId | None = None
    type: Text(INC.type, min_length=1)
    title: Text(INC.title, min_length=1)
    level: Level = "IV"
    street: Text(INC.street) | None = None
    district: Text(INC.district) | None = None
    facts: Facts = Field(default_factory=dict)
    reported_at: Stamp | None = None


class UpdateIncident(Payload):
    incident_id: IncidentId
    facts: Facts | None = None
    level: Level | None = None
    status: Literal["active", "controlled"] | None = None
    title: Text(INC.title, min_length=1) | None = None
    street: Text(INC.street) | None = None


class CloseIncident(Payload):
    incident_id: IncidentId
    summary: Prose() | None = None


class DispatchUnit(Payload):
    unit_id: UnitId
    incident_id: IncidentId


class UpdateUnitStatus(Payload):
    unit_id: UnitId
    status: Literal[UNIT_STATUSES]  # type: ignore[valid-type]
    lon: Lon | None = None
    lat: Lat | None = None
    heading: Heading | None = None


class ReleaseUnit(Payload):
    unit_id: UnitId


class TaskIn(Payload):
    id: TaskId | None = None
    plan_id: Text(TASK.plan_id) | None = None
    department: Text(TASK.department) | None = None
    action: Prose(min_length=1)
    deadline_minutes: Count(0, DEADLINE_MAX, TASK.deadline_minutes) | None = None
    owner: Text(TASK.owner) | None = None
    status: TaskStatus = "pending"


class CreateTasks(Payload):
    incident_id: IncidentId
    plan_id: Text(TASK.plan_id) | None = None  # default plan of tasks that name none
    tasks: list[TaskIn] = Field(min_length=1, max_length=1000)


class UpdateTask(Payload):
    task_id: TaskId
    status: TaskStatus | None = None
    owner: Text(TASK.owner) | None = None


class AddNote(Payload):
    incident_id: IncidentId
    text: Prose(min_length=1)


class Reading(Payload):
    sensor_id: SensorId
    value: Finite()
    at: ReadingStamp | None = None


class ReportSensorReadings(Payload):
    readings: list[Reading] = Field(min_length=1)


# the CAP fields stored in their own alerts columns: (where in the XML, tag, column)
_CAP_COLUMNS = (("alert", "identifier", ALERT.id), ("alert", "sender", ALERT.sender),
                ("alert", "sent", ALERT.sent), ("alert", "status", ALERT.status),
                ("alert", "msgType", ALERT.msg_type), ("alert", "scope", ALERT.scope),
                ("info", "event", ALERT.event), ("info", "urgency", ALERT.urgency),
                ("info", "severity", ALERT.severity), ("info", "certainty", ALERT.certainty))
for _, _, _column in _CAP_COLUMNS:
    bound(_column)  # PublishAlert checks these below


class PublishAlert(Payload):
    xml: Prose(cap_parse.MAX_BYTES, min_length=1)

    @field_validator("xml")
    @classmethod
    def _is_cap(cls, value: str) -> str:
        # The same safe, schema-validating parser the console uses: no DOCTYPE or entities,
        # no network, valid against the OASIS CAP 1.2 schema.
        try:
            parse_alert(value, "xml")
        except CapError as exc:
            raise ValueError(str(exc)) from None
        root = parse_cap(value)
        info = root.find(f"{CAP}info")
        for where, tag, column in _CAP_COLUMNS:
            element = root if where == "alert" else info
            text = (element.findtext(f"{CAP}{tag}") or "").strip() if element is not None else ""
            if len(text) > bound(column):
                raise ValueError(f"CAP {tag} 长 {len(text)} 个字符，超过上限 {bound(column)}"
                                 f"（数据库列 alerts.{column.name}）；请缩短")
        return value
