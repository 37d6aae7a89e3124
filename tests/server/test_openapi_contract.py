"""The HTTP contract the console is written against, pinned: every operation's method, path,
operation id, documented status codes, whether it needs a token and what its success answer
is. Moving routes between modules or changing how they are protected must leave these tables
true. No server needed: that the server answers as the document says is
tests/fuzz/test_openapi_fuzz.py's (schemathesis, on SQLite and PostgreSQL)."""
from __future__ import annotations

import json
from pathlib import Path

from server import handlers
from server.app import openapi_document

PUBLIC, TOKEN = "public", "bearer"
MEDIA = "bearer, or a media token in the URL"  # a camera's video streams (players)
OPERATIONS = [  # (method, path, operationId, documented status codes, access)
    ("GET", "/api/v1/health", "health_api_v1_health_get", "200", PUBLIC),
    ("GET", "/api/v1/snapshot", "snapshot_api_v1_snapshot_get", "200 401 403", TOKEN),
    ("GET", "/api/v1/incidents", "list_incidents_api_v1_incidents_get", "200 401 403 422", TOKEN),
    ("GET", "/api/v1/units", "list_units_api_v1_units_get", "200 401 403", TOKEN),
    ("GET", "/api/v1/sensors", "list_sensors_api_v1_sensors_get", "200 401 403 422", TOKEN),
    ("GET", "/api/v1/cameras", "list_cameras_api_v1_cameras_get", "200 401 403", TOKEN),
    ("GET", "/api/v1/tasks", "list_tasks_api_v1_tasks_get", "200 401 403 422", TOKEN),
    ("GET", "/api/v1/dispatches", "list_dispatches_api_v1_dispatches_get", "200 401 403 422",
     TOKEN),
    ("GET", "/api/v1/alerts", "list_alerts_api_v1_alerts_get", "200 401 403", TOKEN),
    ("GET", "/api/v1/incidents/{incident_id}", "get_incident_api_v1_incidents__incident_id__get",
     "200 401 403 404 422", TOKEN),
    ("GET", "/api/v1/sensors/{sensor_id}/readings",
     "sensor_readings_api_v1_sensors__sensor_id__readings_get", "200 401 403 404 422", TOKEN),
    ("POST", "/api/v1/commands", "post_command_api_v1_commands_post",
     "200 400 401 403 409 413 422", TOKEN),
    ("POST", "/api/v1/commands/batch", "post_commands_batch_api_v1_commands_batch_post",
     "200 400 401 403 413 422", TOKEN),
    ("POST", "/api/v1/readings", "post_readings_api_v1_readings_post", "200 400 401 403 413 422",
     TOKEN),
    ("POST", "/api/v1/positions", "post_positions_api_v1_positions_post",
     "200 400 401 403 413 422", TOKEN),
    ("GET", "/api/v1/events/batch", "events_batch_api_v1_events_batch_get", "200 401 403 410 422",
     TOKEN),
    ("GET", "/api/v1/events", "events_api_v1_events_get", "200 401 403 410 422", TOKEN),
    ("POST", "/api/v1/auth/login", "login_api_v1_auth_login_post", "200 400 401 413 422", PUBLIC),
    ("GET", "/api/v1/auth/me", "me_api_v1_auth_me_get", "200 401", TOKEN),
    ("GET", "/api/v1/operators", "operators_api_v1_operators_get", "200 401 403", TOKEN),
    ("POST", "/api/v1/operators", "new_operator_api_v1_operators_post",
     "201 400 401 403 409 413 422", TOKEN),
    ("POST", "/api/v1/operators/{name}/disable",
     "disable_operator_api_v1_operators__name__disable_post", "200 401 403 404 413 422", TOKEN),
    ("GET", "/api/v1/alerts/feed", "alerts_feed_api_v1_alerts_feed_get", "200", PUBLIC),
    ("GET", "/api/v1/alerts/cap/{identifier}", "alert_cap_api_v1_alerts_cap__identifier__get",
     "200 404 422", PUBLIC),
    ("GET", "/api/v1/cameras/{camera_id}/media-token",
     "camera_media_token_api_v1_cameras__camera_id__media_token_get", "200 401 403 404 422", TOKEN),
    ("GET", "/api/v1/cameras/{camera_id}/mjpeg", "camera_mjpeg_api_v1_cameras__camera_id__mjpeg_get",
     "200 401 403 404 422 503", MEDIA),
    ("GET", "/api/v1/cameras/{camera_id}/hls/index.m3u8",
     "camera_hls_playlist_api_v1_cameras__camera_id__hls_index_m3u8_get",
     "200 401 403 404 422 503", MEDIA),
    ("GET", "/api/v1/cameras/{camera_id}/hls/seg{segment}.ts",
     "camera_hls_segment_api_v1_cameras__camera_id__hls_seg_segment__ts_get",
     "200 401 403 404 422 503", MEDIA),
    ("GET", "/api/v1/cameras/{camera_id}/clip.mp4",
     "camera_clip_api_v1_cameras__camera_id__clip_mp4_get", "200 401 403 404 422 503", MEDIA),
    ("GET", "/api/v1/cameras/{camera_id}/rtsp", "camera_rtsp_api_v1_cameras__camera_id__rtsp_get",
     "200 401 403 404 422", MEDIA),
    ("POST", "/api/v1/cameras/{camera_id}/simulate",
     "camera_simulate_api_v1_cameras__camera_id__simulate_post", "200 400 401 403 404 413 422",
     TOKEN),
]

LIST = "array of "
ANSWERS = {  # operationId without its path suffix -> media type and body of its success answer
    "health": ("application/json", "Health"),
    "snapshot": ("application/json", "Snapshot"),
    "list_incidents": ("application/json", LIST + "Incident"),
    "list_units": ("application/json", LIST + "Unit"),
    "list_sensors": ("application/json", LIST + "Sensor"),
    "list_cameras": ("application/json", LIST + "Camera"),
    "list_tasks": ("application/json", LIST + "Task"),
    "list_dispatches": ("application/json", LIST + "Dispatch"),
    "list_alerts": ("application/json", LIST + "Alert"),
    "get_incident": ("application/json", "IncidentDetail"),
    "sensor_readings": ("application/json", LIST + "SensorReading"),
    "post_command": ("application/json", "Accepted"),
    "post_commands_batch": ("application/json", "BatchAnswers"),
    "post_readings": ("application/json", "ReadingsAnswer"),
    "post_positions": ("application/json", "PositionsAnswer"),
    "events_batch": ("application/json", LIST + "Event"),
    "events": ("text/event-stream", "text"),
    "login": ("application/json", "SignedIn"),
    "me": ("application/json", "Me"),
    "operators": ("application/json", LIST + "OperatorRecord"),
    "new_operator": ("application/json", "OperatorCreated"),
    "disable_operator": ("application/json", "OperatorDisabled"),
    "alerts_feed": ("application/atom+xml", "text"),
    "alert_cap": ("application/cap+xml", "text"),
    "camera_media_token": ("application/json", "MediaToken"),
    "camera_mjpeg": ("multipart/x-mixed-replace; boundary=eccframe", "bytes"),
    "camera_hls_playlist": ("application/vnd.apple.mpegurl", "text"),
    "camera_hls_segment": ("video/mp2t", "bytes"),
    "camera_clip": ("video/mp4", "bytes"),
    "camera_rtsp": ("application/json", "RtspLocation"),
    "camera_simulate": ("application/json", "CameraSimulation"),
}


def _body(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].removeprefix("#/components/schemas/")
    if schema.get("type") == "array":
        return LIST + _body(schema["items"])
    if schema == {"type": "string", "format": "binary"}:
        return "bytes"
    if schema == {"type": "string"}:
        return "text"
    return json.dumps(schema)


def _operations(doc: dict):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


def _inventory(doc: dict) -> set[tuple[str, str, str, str, str]]:
    found = set()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            security = op.get("security")
            access = {None: PUBLIC, (("bearer",),): TOKEN,
                      (("bearer",), ("media_token",)): MEDIA}.get(
                tuple(tuple(r) for r in security) if security else None)
            assert access is not None, (method, path, security)
            found.add((method.upper(), path, op["operationId"], " ".join(sorted(op["responses"])),
                       access))
    return found


def test_every_operation_keeps_its_path_id_status_codes_and_access():
    assert _inventory(openapi_document()) == set(OPERATIONS)


def test_the_bearer_scheme_is_declared_once_for_all_protected_operations():
    schemes = openapi_document()["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer",
                                 "description": "token from POST /api/v1/auth/login"}
    # the only token a URL may carry: a camera's media token, on that camera's streams
    assert schemes["media_token"]["type"] == "apiKey"
    assert (schemes["media_token"]["in"], schemes["media_token"]["name"]) == ("query", "access_token")
    assert set(schemes) == {"bearer", "media_token"}


def test_the_committed_document_is_the_generated_one():
    committed = json.loads((Path(__file__).parents[2] / "server" / "openapi.json").read_text())
    assert openapi_document() == committed, \
        "regenerate: python -m server.cli --write-openapi server/openapi.json"


def test_every_success_answer_declares_its_media_type_and_body():
    """Issue 19: ten list, snapshot and batch operations said "a string" of JSON arrays and
    objects. Each success answer names its model (or says it is text or bytes)."""
    found = {}
    for method, path, op in _operations(openapi_document()):
        success = [code for code in op["responses"] if code.startswith("2")]
        assert len(success) == 1, (method, path, success)
        content = op["responses"][success[0]]["content"]
        assert len(content) == 1, (method, path, list(content))
        (media, body), = content.items()
        found[op["operationId"].split("_api_v1_")[0]] = (media, _body(body["schema"]))
    assert found == ANSWERS


def test_every_refusal_declares_its_body():
    """Each 4xx and 5xx answer says what it carries: {"detail": reason} (Detail, Gone), a
    command's Refusal, FastAPI's list of field errors (HTTPValidationError), or text."""
    bodies = {"Detail", "Gone", "Refusal", "HTTPValidationError", "text"}
    for method, path, op in _operations(openapi_document()):
        for code, answer in op["responses"].items():
            if code < "400":
                continue
            for media, content in answer["content"].items():
                schema = content["schema"]
                named = {_body(s) for s in schema.get("anyOf", [schema])}
                assert named <= bodies, (method, path, code, media, schema)


def test_protected_refusals_say_how_to_sign_in():
    """401 carries `WWW-Authenticate: Bearer`, 503 of a dark camera `Retry-After`: declared."""
    for method, path, op in _operations(openapi_document()):
        answers = op["responses"]
        if op.get("security"):
            assert answers["401"]["headers"]["WWW-Authenticate"]["required"], (method, path)
        if "503" in answers:
            assert answers["503"]["headers"]["Retry-After"]["required"], (method, path)


def test_a_command_declares_the_payload_of_its_type():
    """POST /commands checks the payload against its type's model (a 422 otherwise): the
    envelope says which, one `oneOf` branch per type. A batch answers a bad command in its
    place, so its items are the plain envelope."""
    doc = openapi_document()
    schemas = doc["components"]["schemas"]
    envelope = schemas["CommandIn"]
    assert envelope["properties"]["type"]["enum"] == sorted(handlers.HANDLERS)
    branches = {b["properties"]["type"]["const"]: b["properties"]["payload"]["$ref"]
                for b in envelope["oneOf"]}
    assert branches == {t: f"#/components/schemas/Payload_{t}" for t in handlers.HANDLERS}
    assert all(ref.removeprefix("#/components/schemas/") in schemas for ref in branches.values())
    body = doc["paths"]["/api/v1/commands"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/CommandIn"}
    batch = doc["paths"]["/api/v1/commands/batch"]["post"]["requestBody"]["content"]
    assert batch["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/BatchCommand"}
    loose = schemas["BatchCommand"]
    assert "oneOf" not in loose and "enum" not in loose["properties"]["type"]
    assert loose["required"] == envelope["required"] == ["command_id", "type", "payload"]
