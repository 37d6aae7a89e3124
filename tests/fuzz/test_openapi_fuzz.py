"""Schemathesis against the committed OpenAPI document and a real server, on SQLite and on
PostgreSQL: every answer must be one the document declares for its operation (status code,
media type, headers, body schema), the server must refuse what the document calls invalid
and take what it calls valid, and nothing is a 5xx but the declared 503 of a dark camera.
Signed in, and again with a forged token (401 as declared, never a crash).

Bounded for CI: deterministic cases (derandomize), at most MAX_EXAMPLES per operation and
phase (examples, coverage, fuzzing), no shrinking. The requests made are counted per backend
(`fuzz inputs tried: openapi[sqlite]=...` at the end of the run).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema_rs  # schemathesis's validator
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    allow_header_conformance, content_type_conformance, ignored_auth, missing_required_header,
    negative_data_rejection, positive_data_acceptance, response_headers_conformance,
    response_schema_conformance, status_code_conformance, unsupported_method)

from cap import Area, EarlyWarning, IdentifierMaker, issue, issuer_code, now_bj, parse_alert, to_xml
from tests.fuzz.counts import tried

ROOT = Path(__file__).resolve().parents[2]
MAX_EXAMPLES = 10
# Records of the demo world (maps.scene, the server's default seed) and those the fixture
# adds: half the generated ids are these, so the 200 answers are checked too, not only 404s.
# The fixture fails if one is missing, so this list cannot go stale unnoticed.
KNOWN = {"incidents": ["INC-0001", "INC-0002"], "sensors": ["S000000", "S000001"],
         "cameras": ["C00000", "C00001"], "units": ["U0000", "U0001"],
         "operators": ["fuzz_victim"]}


def _alert_xml() -> str:
    now = now_bj()
    warning = EarlyWarning(type="flood", colour="橙", headline="东城区暴雨橙色预警",
                           areas=(Area("东城区东华门街道", circles=((116.40, 39.91, 1500),)),),
                           effective=now, expires=now + timedelta(hours=3))
    return to_xml(issue(warning, IdentifierMaker(issuer_code("110101", "416")), now=now))


ALERT = _alert_xml()
KNOWN["alerts"] = [parse_alert(ALERT).identifier]

# What the checks expect beyond the document, each for a reason of the server's state, not of
# the request: a camera set dark (by a fuzzed /simulate) answers its declared 503; `after`
# past this database's last event is a valid number answered with the declared 410.
POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "429"]


def _times_around_the_server_clock() -> st.SearchStrategy[str]:
    """`date-time` text within the window the server takes (server/fields.py: 10 years before
    to a day after its clock, which this process shares), with and without fractions, in UTC
    and other offsets. JSON Schema cannot say "around now": the document says it in words."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=8)),
                             timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=45))])
    wall = st.datetimes(min_value=now - timedelta(days=3600), max_value=now + timedelta(hours=6))
    return st.builds(lambda t, zone: t.replace(tzinfo=zone).isoformat().replace("+00:00", "Z"),
                     wall, zones)


schemathesis.openapi.format("date-time", _times_around_the_server_clock())
CONFIG = SchemathesisConfig.from_dict({
    # the same cases on every run: a seed (else schemathesis draws one per run), and no
    # constants taken from the Python modules this process happens to have loaded
    "seed": 19,
    "analysis": {"constants": {"enabled": False}},
    # the test signs in itself (the token is not generated), and a query parameter the
    # document does not name is ignored, not refused, as HTTP APIs do. NUL characters are
    # generated too: the edge refuses them with 422, as the document says (its strings
    # exclude them), where PostgreSQL used to answer 500
    # (test_text_the_database_cannot_store_is_not_a_500).
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "no-shrink": True,
                   "with-security-parameters": False, "allow-extra-parameters": False,
                   "allow-x00": True},
    "phases": {"stateful": {"enabled": False}},
    "dictionaries": {name: {"values": ids} for name, ids in KNOWN.items()},
    "parameters": {
        "path.incident_id": {"dictionary": "incidents", "probability": 0.5},
        "path.sensor_id": {"dictionary": "sensors", "probability": 0.5},
        "path.camera_id": {"dictionary": "cameras", "probability": 0.5},
        "path.identifier": {"dictionary": "alerts", "probability": 0.5},
        "path.name": {"dictionary": "operators", "probability": 0.5},
        "query.incident_id": {"dictionary": "incidents", "probability": 0.5},
        "body.[*].sensor_id": {"dictionary": "sensors", "probability": 0.5},
        "body.[*].unit_id": {"dictionary": "units", "probability": 0.5},
        # commands about records that exist, so that some are accepted
        "body.payload.incident_id": {"dictionary": "incidents", "probability": 0.7},
        "body.payload.unit_id": {"dictionary": "units", "probability": 0.7},
        "body.payload.sensor_id": {"dictionary": "sensors", "probability": 0.7},
        "body.[*].payload.incident_id": {"dictionary": "incidents", "probability": 0.7},
        "body.[*].payload.unit_id": {"dictionary": "units", "probability": 0.7},
    },
    "operations": [
        {"include-path-regex": "^/api/v1/cameras/",
         "checks": {"not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]},
                    "positive_data_acceptance": {"expected-statuses": POSITIVE + ["503"]}}},
        {"include-path": "/api/v1/events/batch",
         "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE + ["410"]}}},
    ],
})
schema = schemathesis.openapi.from_path(str(ROOT / "server" / "openapi.json"), config=CONFIG)
# never end by themselves, so they are checked by test_streams_answer_as_documented instead
STREAMS = ("/api/v1/events", "/api/v1/cameras/{camera_id}/mjpeg")
schema = schema.exclude(path=list(STREAMS))

# an item of a batch, as the document says it (formats checked: a uuid, a date-time)
BATCH_COMMAND = jsonschema_rs.validator_for(
    {"$ref": "#/components/schemas/BatchCommand",
     "components": schema.raw_schema["components"]}, validate_formats=True)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection,
          positive_data_acceptance, missing_required_header, unsupported_method,
          allow_header_conformance, ignored_auth]
# the same, for an answer to a forged token: it is a 401 whatever the request was
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]
FORGED = {"Authorization": "Bearer x.y.z"}


@pytest.fixture(scope="module")
def fuzz_server(backend_url):
    """A server over a fresh database, with a record of every layer the seed lacks (a task,
    an alert, readings) and the operator the fuzzer may disable (not one it signs in as)."""
    from server.embedded import start_embedded

    name, url = backend_url
    srv = start_embedded(url)
    try:
        _furnish(srv)
        srv.backend = name
        yield srv
        # the accounts the fuzzer signs in as must still work, or it was testing only 401s
        for role in ("commander", "admin"):
            r = requests.get(f"{srv.url}/api/v1/auth/me", headers=srv.auth_headers(role),
                             timeout=30)
            assert r.status_code == 200, (role, r.text)
    finally:
        srv.stop()


def _furnish(srv) -> None:
    v1, headers = f"{srv.url}/api/v1", srv.auth_headers()

    def command(type_: str, payload: dict) -> None:
        r = requests.post(f"{v1}/commands", headers=headers, timeout=30, json={
            "command_id": str(uuid.uuid4()), "type": type_, "payload": payload})
        assert r.status_code == 200, r.text

    command("create_tasks", {"incident_id": "INC-0001",
                             "tasks": [{"action": "疏散群众", "department": "街道"}]})
    command("add_note", {"incident_id": "INC-0001", "text": "现场已设警戒"})
    command("publish_alert", {"xml": ALERT})
    r = requests.post(f"{v1}/readings", headers=headers, timeout=30,
                      json=[{"sensor_id": "S000000", "value": 3.5}])
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    r = requests.post(f"{v1}/operators", headers=srv.auth_headers("admin"), timeout=30,
                      json={"name": "fuzz_victim", "role": "observer", "password": "x" * 12})
    assert r.status_code == 201, r.text
    for layer in ("incidents", "sensors", "cameras", "units", "alerts"):
        found = {rec["id"] for rec in requests.get(f"{v1}/{layer}", headers=headers,
                                                   timeout=60).json()}
        assert set(KNOWN[layer]) <= found, (layer, KNOWN[layer])


def _signed_in(srv, case) -> dict:
    # operators are an administrator's; everything else a commander's
    role = "admin" if case.operation.path.startswith("/api/v1/operators") else "commander"
    return srv.auth_headers(role)


@pytest.mark.timeout(300)
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_answers_are_the_documented_ones(case, fuzz_server):
    excluded = []
    if case.operation.path == "/api/v1/commands" and isinstance(case.body, dict) \
            and case.body.get("type") == "publish_alert":
        # a CAP 1.2 document is valid by the OASIS XML Schema, which JSON Schema cannot say:
        # schema-valid text that is not CAP is rightly a 422
        excluded.append(positive_data_acceptance)
    batch = case.operation.path == "/api/v1/commands/batch" and isinstance(case.body, list) \
        and len(case.body) <= 1000
    if batch:
        # a batch answers each item in its place: one that is not a BatchCommand is a 422
        # among the answers of a 200, not a 422 of the request (checked below instead)
        excluded.append(negative_data_rejection)
    response = case.call_and_validate(base_url=fuzz_server.url,
                                      headers=_signed_in(fuzz_server, case), checks=CHECKS,
                                      excluded_checks=excluded, timeout=60)
    tried(f"openapi[{fuzz_server.backend}]", 1)
    if batch and response.status_code == 200:
        answers = response.json()["answers"]
        assert len(answers) == len(case.body), response.text[:300]
        for item, answer in zip(case.body, answers):
            if not BATCH_COMMAND.is_valid(item):
                assert (answer["http_status"], answer["status"]) == (422, "invalid"), (
                    item, answer)
    if case.operation.definition.raw.get("security"):  # a forged token: as documented
        bare = case.call(base_url=fuzz_server.url, headers=FORGED, timeout=60)
        tried(f"openapi[{fuzz_server.backend}]", 1)
        case.validate_response(bare, checks=CONFORMANCE, headers=FORGED)
        # 401 (404/405 when the path or method is not an operation's); a body that is not
        # JSON is refused before the token is read (400/422), by FastAPI
        assert bare.status_code in (401, 404, 405) or case.method != "GET", (
            case.method, case.formatted_path, bare.status_code, bare.text[:300])


def test_streams_answer_as_documented(fuzz_server):
    """The two answers that never end: their first bytes come with the documented status and
    media type; their refusals (404, 410, 401) are checked like every other answer."""
    events = schema.raw_schema["paths"]["/api/v1/events"]["get"]["responses"]
    mjpeg = schema.raw_schema["paths"]["/api/v1/cameras/{camera_id}/mjpeg"]["get"]["responses"]
    r = requests.post(f"{fuzz_server.url}/api/v1/cameras/C00000/simulate", timeout=30,
                      headers=fuzz_server.auth_headers(), json={"state": "live"})  # after the fuzz
    assert r.status_code == 200, r.text
    for url, documented in ((f"{fuzz_server.url}/api/v1/events?after=0", events),
                            (f"{fuzz_server.url}/api/v1/cameras/C00000/mjpeg", mjpeg)):
        with requests.get(url, headers=fuzz_server.auth_headers(), stream=True,
                          timeout=30) as r:
            assert r.status_code == 200, r.text
            media = r.headers["content-type"].split(";")[0]
            assert media in {m.split(";")[0] for m in documented["200"]["content"]}, media
            assert next(r.iter_content(chunk_size=64))
    refusals = [
        ("/api/v1/events", {"query": {"after": 10 ** 9}}, 410),
        ("/api/v1/events", {"query": {"after": -1}}, 422),
        ("/api/v1/cameras/{camera_id}/mjpeg", {"path_parameters": {"camera_id": "C-none"}}, 404),
    ]
    for path, parts, status in refusals:
        case = schemathesis.openapi.from_path(str(ROOT / "server" / "openapi.json"))[path][
            "GET"].Case(**parts)
        for headers, expected in ((fuzz_server.auth_headers(), status), (FORGED, 401)):
            answer = case.call(base_url=fuzz_server.url, headers=headers, timeout=30)
            tried(f"openapi[{fuzz_server.backend}]", 1)
            assert answer.status_code == expected, (path, parts, answer.text)
            case.validate_response(answer, checks=CONFORMANCE, headers=headers)


def test_text_the_database_cannot_store_is_not_a_500(fuzz_server):
    """Found by the fuzz above (with NUL allowed, or rarely by long strings): each was a 500
    on one backend or both before the edge (server/fields.py, issue 19) refused them with
    422. (An integer past its column, a task's deadline_minutes, was one too: bounded.)"""
    v1, headers = f"{fuzz_server.url}/api/v1", fuzz_server.auth_headers()

    def command(type_: str, payload: dict) -> requests.Response:
        return requests.post(f"{v1}/commands", headers=headers, timeout=30, json={
            "command_id": str(uuid.uuid4()), "type": type_, "payload": payload})

    answers = [
        # street is String(128), district String(16), a task's owner String(128)
        command("create_incident", {"type": "fire", "title": "t", "lon": 116.4, "lat": 39.9,
                                    "street": "街" * 129}),
        command("create_incident", {"type": "fire", "title": "t", "lon": 116.4, "lat": 39.9,
                                    "district": "1" * 17}),
        command("create_tasks", {"incident_id": "INC-0002",
                                 "tasks": [{"action": "警戒", "owner": "人" * 129}]}),
        requests.get(f"{v1}/incidents?status=%00", headers=headers, timeout=30),
        requests.get(f"{v1}/incidents/INC%00", headers=headers, timeout=30),
        requests.post(f"{v1}/readings", headers={**headers, "Content-Type": "application/json"},
                      data='[{"sensor_id": "S\\u0000", "value": 1}]', timeout=30),
        requests.post(f"{v1}/readings", headers={**headers, "Content-Type": "application/json"},
                      data='[{"sensor_id": "S\\ud800", "value": 1}]', timeout=30),
        requests.post(f"{v1}/auth/login", json={"name": "a\u0000", "password": "x"}, timeout=30),
    ]
    assert [r.status_code for r in answers] == [422] * len(answers), [
        (r.status_code, r.text[:200]) for r in answers]
