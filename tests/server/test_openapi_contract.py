"""The HTTP contract the console is written against, pinned: every operation's method, path,
operation id, documented status codes and whether it needs a token. Moving routes between
modules or changing how they are protected must leave this table true. No server needed."""
from __future__ import annotations

import json
from pathlib import Path

from server.app import openapi_document

PUBLIC, TOKEN = "public", "bearer"
MEDIA = "bearer, or a media token in the URL"  # a camera's video streams (players)
OPERATIONS = [  # (method, path, operationId, documented status codes, access)
    ("GET", "/api/v1/health", "health_api_v1_health_get", "200", PUBLIC),
    ("GET", "/api/v1/snapshot", "snapshot_api_v1_snapshot_get", "200 401", TOKEN),
    ("GET", "/api/v1/incidents", "list_incidents_api_v1_incidents_get", "200 401 422", TOKEN),
    ("GET", "/api/v1/units", "list_units_api_v1_units_get", "200 401", TOKEN),
    ("GET", "/api/v1/sensors", "list_sensors_api_v1_sensors_get", "200 401 422", TOKEN),
    ("GET", "/api/v1/cameras", "list_cameras_api_v1_cameras_get", "200 401", TOKEN),
    ("GET", "/api/v1/tasks", "list_tasks_api_v1_tasks_get", "200 401 422", TOKEN),
    ("GET", "/api/v1/dispatches", "list_dispatches_api_v1_dispatches_get", "200 401 422", TOKEN),
    ("GET", "/api/v1/alerts", "list_alerts_api_v1_alerts_get", "200 401", TOKEN),
    ("GET", "/api/v1/incidents/{incident_id}", "get_incident_api_v1_incidents__incident_id__get",
     "200 401 404 422", TOKEN),
    ("GET", "/api/v1/sensors/{sensor_id}/readings",
     "sensor_readings_api_v1_sensors__sensor_id__readings_get", "200 401 404 422", TOKEN),
    ("POST", "/api/v1/commands", "post_command_api_v1_commands_post", "200 401 403 409 413 422",
     TOKEN),
    ("POST", "/api/v1/commands/batch", "post_commands_batch_api_v1_commands_batch_post",
     "200 401 403 413 422", TOKEN),
    ("POST", "/api/v1/readings", "post_readings_api_v1_readings_post", "200 401 403 413 422",
     TOKEN),
    ("POST", "/api/v1/positions", "post_positions_api_v1_positions_post", "200 401 403 413 422",
     TOKEN),
    ("GET", "/api/v1/events/batch", "events_batch_api_v1_events_batch_get", "200 401 410 422",
     TOKEN),
    ("GET", "/api/v1/events", "events_api_v1_events_get", "200 401 410 422", TOKEN),
    ("POST", "/api/v1/auth/login", "login_api_v1_auth_login_post", "200 401 413 422", PUBLIC),
    ("GET", "/api/v1/auth/me", "me_api_v1_auth_me_get", "200 401", TOKEN),
    ("GET", "/api/v1/operators", "operators_api_v1_operators_get", "200 401 403", TOKEN),
    ("POST", "/api/v1/operators", "new_operator_api_v1_operators_post",
     "201 401 403 409 413 422", TOKEN),
    ("POST", "/api/v1/operators/{name}/disable",
     "disable_operator_api_v1_operators__name__disable_post", "200 401 403 404 413 422", TOKEN),
    ("GET", "/api/v1/alerts/feed", "alerts_feed_api_v1_alerts_feed_get", "200", PUBLIC),
    ("GET", "/api/v1/alerts/cap/{identifier}", "alert_cap_api_v1_alerts_cap__identifier__get",
     "200 404 422", PUBLIC),
    ("GET", "/api/v1/cameras/{camera_id}/media-token",
     "camera_media_token_api_v1_cameras__camera_id__media_token_get", "200 401 404 422", TOKEN),
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
     "camera_simulate_api_v1_cameras__camera_id__simulate_post", "200 401 403 404 413 422", TOKEN),
]


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
