"""What the HTTP API answers, as the OpenAPI document declares it (docs/api.md in prose).

Every model here is the exact shape the server sends: all keys always present unless said
otherwise, no others (`additionalProperties: false`), so a key added to a record without its
model fails the contract tests (tests/server/test_openapi_contract.py, tests/fuzz). Routes
that build their JSON themselves (lists and snapshots of up to 100,000 records, JSONText)
name these models only for the document: FastAPI does not re-validate a Response they
return. Routes that return a dict are validated and serialised through them.

Times are ISO 8601 text in UTC as the server writes them (`2026-11-22T08:01:02.345678+00:00`):
declared `format: date-time` but kept as strings, so a model never re-encodes them.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from maps.scene import SENSOR_STATES, UNIT_STATUSES
from server.permissions import ROLES
from server.video import STATES as CAMERA_STATES

Time = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time",
                                      "description": "ISO 8601, UTC"})]
Level = Literal["I", "II", "III", "IV"]
IncidentStatus = Literal["active", "controlled", "closed"]
UnitStatus = Literal[UNIT_STATUSES]  # type: ignore[valid-type]
SensorState = Literal[SENSOR_STATES]  # type: ignore[valid-type]
TaskStatus = Literal["pending", "in_progress", "done", "not_applicable"]
DispatchStatus = Literal["dispatched", "en_route", "on_scene", "released"]
Role = Literal[ROLES]  # type: ignore[valid-type]
CameraState = Literal[CAMERA_STATES]  # type: ignore[valid-type]


class Exact(BaseModel):
    """An answer with exactly these keys."""
    model_config = ConfigDict(extra="forbid")


# -- errors ----------------------------------------------------------------------------------
class Detail(Exact):
    """Why the request was not done: a sentence (Chinese for the operator, or English)."""
    detail: str


class Gone(Exact):
    """The client's event position is past the retention or from another database: take a
    fresh snapshot and resume from its last_event_id."""
    detail: str


# What is wrong with a malformed request, one item per field: FastAPI's own `ValidationError`
# component ({loc, msg, type, input?, ctx?}), which every operation's 422 (HTTPValidationError)
# already refers to.
FieldErrors = Annotated[list[dict[str, Any]], WithJsonSchema(
    {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}})]


# -- records (server/records.py; one per layer of the picture) ------------------------------
class Incident(Exact):
    id: str
    type: str
    title: str
    level: Level
    status: IncidentStatus
    lon: float
    lat: float
    street: str | None
    district: str | None
    facts: dict[str, Any] = Field(description="free-form facts: community, grid_id, "
                                              "decided_level... (merged by update_incident)")
    reported_at: Time
    updated_at: Time
    closed_at: Time | None


class Unit(Exact):
    id: str
    callsign: str
    kind: str
    station: str | None
    status: UnitStatus
    lon: float
    lat: float
    heading: float | None = Field(description="degrees clockwise from north")
    district: str | None
    incident_id: str | None = Field(description="the incident it is committed to, if any")
    updated_at: Time


class Sensor(Exact):
    id: str
    kind: str
    state: SensorState
    lon: float
    lat: float
    value: float | None = Field(description="the latest reading")
    unit: str | None = Field(description="unit of the value (ppm, cm...)")
    district: str | None
    updated_at: Time | None


class Camera(Exact):
    id: str
    name: str
    lon: float
    lat: float
    direction: int | None = Field(description="degrees clockwise from north")
    district: str | None
    stream_url: str | None


class Task(Exact):
    id: str
    incident_id: str
    plan_id: str | None
    department: str | None
    action: str
    deadline_minutes: int | None
    status: TaskStatus
    owner: str | None
    done_by: str | None
    done_at: Time | None
    created_at: Time
    updated_at: Time


class Dispatch(Exact):
    id: int
    unit_id: str
    incident_id: str
    status: DispatchStatus
    dispatched_at: Time
    en_route_at: Time | None
    on_scene_at: Time | None
    released_at: Time | None
    operator: str | None


class Alert(Exact):
    id: str = Field(description="the CAP identifier")
    sender: str | None
    sent: str | None = Field(description="as the CAP message says it")
    status: str | None
    msg_type: str | None
    scope: str | None
    event: str | None
    urgency: str | None
    severity: str | None
    certainty: str | None
    headline: str | None
    description: str | None
    area: str | None
    xml: str = Field(description="the CAP 1.2 document")
    received_at: Time


Record = Incident | Unit | Sensor | Camera | Task | Dispatch | Alert


class Event(Exact):
    """One change of the picture (docs/api.md, "The event stream")."""
    id: int
    type: str = Field(description="incident.created, unit.dispatched, sensors.readings...")
    layer: Literal["incidents", "units", "sensors", "cameras", "tasks", "dispatches", "alerts"]
    upsert: list[Record] = Field(description="full records of `layer`: apply them as they are")
    remove: list[str | int] = Field(description="ids of `layer` to drop")
    at: Time
    operator: str | None
    incident_id: str = Field(None, description="present when the event is on an incident's "
                                               "timeline")
    detail: dict[str, Any] = Field(None, description="extra facts (a note's text, the fields "
                                                     "an update changed); present when any")


class IncidentDetail(Incident):
    timeline: list[Event] = Field(description="every event about the incident, in order")
    tasks: list[Task]
    dispatches: list[Dispatch]


class Snapshot(Exact):
    """The whole picture as of `last_event_id`: resume the stream from there."""
    last_event_id: int
    instance: str = Field(description="id of the database (as in /health)")
    incidents: list[Incident]
    units: list[Unit]
    sensors: list[Sensor]
    cameras: list[Camera]
    tasks: list[Task]
    alerts: list[Alert]
    dispatches: list[Dispatch]


class SensorReading(Exact):
    sensor_id: str
    value: float
    at: Time


# -- commands --------------------------------------------------------------------------------
class AuditReceipt(Exact):
    seq: int = Field(description="the audit_log entry this answer was recorded as")
    hash: str = Field(description="that entry's hash (hex SHA-256)")
    instance: str = Field(description="the database's id (as in /health)")


_AUDIT = "the first answer's audit entry; consoles keep it so a log cut short is detected " \
         "(a repeat carries it when the entry is found)"


class Accepted(Exact):
    command_id: str
    status: Literal["accepted"]
    result: dict[str, Any] = Field(description="what the command did; its keys depend on the "
                                               "command type")
    event_id: int | None = Field(description="the last event the command produced")
    audit: AuditReceipt = Field(None, description=_AUDIT)


class Refusal(Exact):
    command_id: str
    status: Literal["refused"]
    reason: str = Field(description="a sentence for the duty officer, in Chinese")
    audit: AuditReceipt = Field(None, description=_AUDIT)


class BatchAccepted(Accepted):
    http_status: Literal[200]


class BatchRefused(Refusal):
    http_status: Literal[403, 409] = Field(description="403: the operator's role may not send "
                                                       "it; 409: refused by the picture")


class BatchInvalid(Exact):
    http_status: Literal[422]
    command_id: str | None = Field(description="null when the item has no valid command_id")
    status: Literal["invalid"]
    detail: FieldErrors


class BatchAnswers(Exact):
    answers: list[BatchAccepted | BatchRefused | BatchInvalid] = Field(
        description="one per command, in the order sent")


# -- telemetry -------------------------------------------------------------------------------
class ReadingsAnswer(Exact):
    accepted: int = Field(description="readings stored")
    unknown_sensors: list[str] = Field(description="skipped: no such sensor")
    future_readings: list[str] = Field(description="sensors whose readings were skipped for "
                                                   "being stamped over 10 minutes ahead")
    changed: int = Field(description="sensors streamed (state change or beyond the dead band)")
    event_id: int | None = Field(description="the sensors.readings event, if any")


class PositionsAnswer(Exact):
    accepted: int = Field(description="units moved")
    unknown_units: list[str] = Field(description="skipped: no such unit")
    event_id: int | None = Field(description="the units.positions event, if any")


# -- sign-in and operators -------------------------------------------------------------------
class Me(Exact):
    name: str = Field(description="the sign-in name")
    display_name: str = Field(description="recorded on events as the operator")
    role: Role
    role_name: str = Field(description="the role in Chinese")
    drill: bool = Field(description="the server serves a drill database")


class SignedInOperator(Me):
    expires_at: Time


class SignedIn(Exact):
    token: str = Field(description="send as `Authorization: Bearer <token>`")
    expires_at: Time
    operator: SignedInOperator
    audit: AuditReceipt | None = Field(description="the server's audit entry for this "
                                                   "sign-in, for the console's own chain")


class OperatorRecord(Exact):
    name: str
    display_name: str
    role: Role
    enabled: bool
    created_at: Time


class OperatorCreated(Exact):
    name: str
    role: Role


class OperatorDisabled(Exact):
    name: str
    enabled: Literal[False]


class Health(Exact):
    status: Literal["ok"] = "ok"
    server_time: Time
    instance: str = Field(description="id of the database: a new one means take a fresh snapshot")
    last_event_id: int


# -- video -----------------------------------------------------------------------------------
class MediaToken(Exact):
    """A camera's media token: for its video routes' URLs as ?access_token=, nothing else."""
    camera_id: str
    token: str = Field(description="put in the camera's video URLs as ?access_token=")
    ttl_s: int = Field(description="seconds it is valid for from now")
    expires_at: Time


class RtspLocation(Exact):
    camera_id: str
    url: str = Field(description="rtsp://...; add ?access_token= (a media token of this "
                                 "camera, GET .../media-token) as for the HTTP streams")


class CameraSimulation(Exact):
    camera_id: str
    state: CameraState
