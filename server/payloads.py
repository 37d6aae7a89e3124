"""Payloads of the command types: what each command carries, validated before it runs.

A bad payload is answered 422 with the field and the problem; see docs/api.md.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from lxml import etree
from pydantic import BaseModel, Field, field_validator

from cap.parse import CapError, parse_alert
from maps.scene import UNIT_STATUSES

Level = Literal["I", "II", "III", "IV"]
TaskStatus = Literal["pending", "in_progress", "done", "not_applicable"]
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


def parse_cap(xml: str):
    """The root element of a CAP document (entities and network access disabled)."""
    return etree.fromstring(xml.encode("utf-8"),
                            parser=etree.XMLParser(resolve_entities=False, no_network=True))


# -- payloads --------------------------------------------------------------------------------
class Lonlat(BaseModel):
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class CreateIncident(Lonlat):
    id: str | None = Field(default=None, min_length=1, max_length=32)
    type: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=256)
    level: Level = "IV"
    street: str | None = None
    district: str | None = None
    facts: dict = Field(default_factory=dict)
    reported_at: datetime | None = None


class UpdateIncident(BaseModel):
    incident_id: str
    facts: dict | None = None
    level: Level | None = None
    status: Literal["active", "controlled"] | None = None
    title: str | None = Field(default=None, min_length=1, max_length=256)
    street: str | None = None


class CloseIncident(BaseModel):
    incident_id: str
    summary: str | None = None


class DispatchUnit(BaseModel):
    unit_id: str
    incident_id: str


class UpdateUnitStatus(BaseModel):
    unit_id: str
    status: Literal[UNIT_STATUSES]  # type: ignore[valid-type]
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    heading: float | None = None


class ReleaseUnit(BaseModel):
    unit_id: str


class TaskIn(BaseModel):
    id: str | None = Field(default=None, min_length=1, max_length=64)
    plan_id: str | None = None
    department: str | None = None
    action: str = Field(min_length=1)
    deadline_minutes: int | None = Field(default=None, ge=0, le=2**31 - 1)  # the column's
    owner: str | None = None
    status: TaskStatus = "pending"


class CreateTasks(BaseModel):
    incident_id: str
    plan_id: str | None = None  # default plan of tasks that name none
    tasks: list[TaskIn] = Field(min_length=1)


class UpdateTask(BaseModel):
    task_id: str
    status: TaskStatus | None = None
    owner: str | None = None


class AddNote(BaseModel):
    incident_id: str
    text: str = Field(min_length=1, max_length=4000)


class Reading(BaseModel):
    sensor_id: str
    value: float
    at: datetime | None = None


class ReportSensorReadings(BaseModel):
    readings: list[Reading] = Field(min_length=1)


class PublishAlert(BaseModel):
    xml: str = Field(min_length=1)

    @field_validator("xml")
    @classmethod
    def _is_cap(cls, value: str) -> str:
        # The same safe, schema-validating parser the console uses: no DOCTYPE or entities,
        # no network, valid against the OASIS CAP 1.2 schema.
        try:
            parse_alert(value, "xml")
        except CapError as exc:
            raise ValueError(str(exc)) from None
        return value
