"""Hostile but plausible input is refused at the edge (issue 19): 422 with a Chinese message
that names the field, never 500, on SQLite and on PostgreSQL. The probes of the issue first,
then ours; each is a real request to a real server process."""
from __future__ import annotations

import json
import typing
import uuid

import pydantic
import pytest
import requests
import sqlalchemy as sa

from server import db, fields, handlers
from server.commands import CommandIn
from tests.server.conftest import PG_URL, _pg_admin, _pg_schema_url

EARLY, LATE = "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"
LONE = "a\ud800"               # a lone UTF-16 surrogate: valid JSON (\ud800), not Unicode
NUL = "a\x00b"
CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>chaoyang@example.cn</sender>
  <sent>2026-11-22T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Met</category><event>{event}</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><headline>暴雨预警</headline>
    <area><areaDesc>朝阳区</areaDesc></area></info>
</alert>"""


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="ECC_TEST_PG_URL is not set (scripts/postgres.sh sets it)"))])
def edge(request, tmp_path_factory):
    """One server per backend for the whole module, with an incident to aim at."""
    from server.embedded import start_embedded

    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('edge') / 'server.db'}"
    else:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        _pg_admin(f"CREATE SCHEMA {schema}")
        url = _pg_schema_url(schema)
    srv = start_embedded(url)
    srv.incident = _post(srv, "/commands", _cmd("create_incident", {
        "type": "fire", "title": "边界测试", "lon": 116.46, "lat": 39.92})).json()[
        "result"]["incident"]["id"]
    yield srv
    srv.stop()
    if schema:
        _pg_admin(f"DROP SCHEMA {schema} CASCADE")


def _cmd(type_: str, payload: dict, **envelope) -> dict:
    return {"command_id": str(uuid.uuid4()), "type": type_, "payload": payload, **envelope}


def _post(srv, path: str, body, auth: bool = True) -> requests.Response:
    # json.dumps as the hostile client does: lone surrogates escaped, NaN written as NaN
    headers = {"Content-Type": "application/json", **(srv.auth_headers() if auth else {})}
    with requests.Session() as s:
        return s.post(f"{srv.url}/api/v1{path}", data=json.dumps(body), headers=headers,
                      timeout=30)


def _get(srv, path: str, **params) -> requests.Response:
    with requests.Session() as s:
        return s.get(f"{srv.url}/api/v1{path}", params=params, headers=srv.auth_headers(),
                     timeout=30)


def _refused(r: requests.Response, field: str) -> dict:
    """Assert a 422 whose (first) error names `field` (as the label in the message, which the
    console shows) and return that error."""
    assert r.status_code == 422, (r.status_code, r.text[:500])
    detail = r.json()["detail"]
    assert isinstance(detail, list) and detail, r.text
    named = [e for e in detail if e["msg"].startswith(f"{field}：")]
    assert named, (field, detail)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in named[0]["msg"]), named[0]  # Chinese
    return named[0]


def _incident_payload(**extra) -> dict:
    return {"type": "fire", "title": "边界", "lon": 116.46, "lat": 39.92, **extra}


# -- the probes of issue 19 ----------------------------------------------------------------
# (name, how to send it, the field the refusal names)
def _probes():
    def command(type_, payload, **envelope):
        return lambda srv: _post(srv, "/commands", _cmd(type_, payload(srv) if callable(payload)
                                                        else payload, **envelope))

    note = lambda srv: {"incident_id": srv.incident, "text": "备注"}  # noqa: E731
    tasks = lambda **t: lambda srv: {"incident_id": srv.incident,  # noqa: E731
                                     "tasks": [{"action": "疏散", **t}]}
    return [
        # timestamps at the edges of the calendar
        ("issued_at early", command("add_note", note, issued_at=EARLY), "issued_at"),
        ("issued_at late", command("add_note", note, issued_at=LATE), "issued_at"),
        ("reported_at early", command("create_incident", _incident_payload(reported_at=EARLY)),
         "payload.reported_at"),
        ("reported_at late", command("create_incident", _incident_payload(reported_at=LATE)),
         "payload.reported_at"),
        ("reading at early", command("report_sensor_reading",
                                     {"sensor_id": "S000001", "value": 1.0, "at": EARLY}),
         "payload.at"),
        ("reading at late", command("report_sensor_reading",
                                    {"sensor_id": "S000001", "value": 1.0, "at": LATE}),
         "payload.at"),
        ("readings[1].at", command("report_sensor_readings", {"readings": [
            {"sensor_id": "S000001", "value": 1.0}, {"sensor_id": "S000002", "value": 1.0,
                                                     "at": EARLY}]}),
         "payload.readings[1].at"),
        ("/readings at", lambda srv: _post(srv, "/readings", [
            {"sensor_id": "S000001", "value": 1.0, "at": EARLY}]), "[0].at"),
        ("/readings at late", lambda srv: _post(srv, "/readings", [
            {"sensor_id": "S000001", "value": 1.0, "at": LATE}]), "[0].at"),
        ("/positions at", lambda srv: _post(srv, "/positions", [
            {"unit_id": "U0001", "lon": 116.4, "lat": 39.9, "at": LATE}]), "[0].at"),
        ("/positions at early", lambda srv: _post(srv, "/positions", [
            {"unit_id": "U0001", "lon": 116.4, "lat": 39.9, "at": EARLY}]), "[0].at"),
        ("since", lambda srv: _get(srv, "/sensors/S000001/readings", since=EARLY),
         "查询参数 since"),
        ("until", lambda srv: _get(srv, "/sensors/S000001/readings", until=LATE),
         "查询参数 until"),
        ("since naive year 1", lambda srv: _get(srv, "/sensors/S000001/readings",
                                                since="0001-01-01T00:00:00"), "查询参数 since"),
        # a lone surrogate in ids and in the sign-in name (a public route)
        ("surrogate incident_id", command("add_note", {"incident_id": LONE, "text": "x"}),
         "payload.incident_id"),
        ("surrogate unit_id", command("dispatch_unit", lambda srv: {
            "unit_id": LONE, "incident_id": srv.incident}), "payload.unit_id"),
        ("surrogate task_id", command("update_task", {"task_id": LONE, "status": "done"}),
         "payload.task_id"),
        ("surrogate sensor_id", command("report_sensor_reading", {"sensor_id": LONE, "value": 1}),
         "payload.sensor_id"),
        ("surrogate /readings sensor_id", lambda srv: _post(srv, "/readings", [
            {"sensor_id": LONE, "value": 1.0}]), "[0].sensor_id"),
        ("surrogate /positions unit_id", lambda srv: _post(srv, "/positions", [
            {"unit_id": LONE, "lon": 116.4, "lat": 39.9}]), "[0].unit_id"),
        ("surrogate sign-in name", lambda srv: _post(srv, "/auth/login",
                                                     {"name": LONE, "password": "x" * 8},
                                                     auth=False), "name"),
        # deadline_minutes of 10**23
        ("deadline 10**23", command("create_tasks", tasks(deadline_minutes=10**23)),
         "payload.tasks[0].deadline_minutes"),
        # PostgreSQL: a street or department longer than its column, a district over 16
        ("street 129", command("create_incident", _incident_payload(street="街" * 129,
                                                                   district="110105")),
         "payload.street"),
        ("department 129", command("create_tasks", tasks(department="部" * 129)),
         "payload.tasks[0].department"),
        ("district 17", command("create_incident", _incident_payload(street="朝阳路",
                                                                    district="1" * 17)),
         "payload.district"),
        # ... and a NUL character in text or facts
        ("NUL in a note", command("add_note", lambda srv: {"incident_id": srv.incident,
                                                           "text": NUL}), "payload.text"),
        ("NUL in facts", command("update_incident", lambda srv: {
            "incident_id": srv.incident, "facts": {"floor": NUL}}), "payload.facts.floor"),
        ("NUL in a title", command("create_incident", _incident_payload(title=NUL)),
         "payload.title"),
        ("NUL in a facts key", command("create_incident", _incident_payload(
            facts={"a\x00": 1})), "payload.facts"),
    ]


def _own_probes():
    def command(type_, payload, **envelope):
        return lambda srv: _post(srv, "/commands", _cmd(type_, payload(srv) if callable(payload)
                                                        else payload, **envelope))

    inc = lambda **p: lambda srv: {"incident_id": srv.incident, **p}  # noqa: E731
    return [
        ("title 257", command("create_incident", _incident_payload(title="题" * 257)),
         "payload.title"),
        ("type 65", command("create_incident", {**_incident_payload(), "type": "t" * 65}),
         "payload.type"),
        ("incident id 33", command("create_incident", _incident_payload(id="I" * 33)),
         "payload.id"),
        ("task id 65", command("create_tasks", inc(tasks=[{"id": "T" * 65, "action": "x"}])),
         "payload.tasks[0].id"),
        ("plan_id 129", command("create_tasks", inc(plan_id="P" * 129, tasks=[{"action": "x"}])),
         "payload.plan_id"),
        ("owner 129", command("create_tasks", inc(tasks=[{"action": "x", "owner": "人" * 129}])),
         "payload.tasks[0].owner"),
        ("note 4001", command("add_note", inc(text="字" * 4001)), "payload.text"),
        ("summary NUL", command("close_incident", inc(summary=NUL)), "payload.summary"),
        ("negative deadline", command("create_tasks", inc(tasks=[{"action": "x",
                                                                   "deadline_minutes": -1}])),
         "payload.tasks[0].deadline_minutes"),
        ("heading 1e308", command("update_unit_status", {"unit_id": "U0001", "status":
                                                         "available", "heading": 1e308}),
         "payload.heading"),
        ("reading NaN", command("report_sensor_reading", {"sensor_id": "S000001",
                                                          "value": float("nan")}),
         "payload.value"),
        ("lon Infinity", command("create_incident", _incident_payload(lon=float("inf"))),
         "payload.lon"),
        ("/readings value NaN", lambda srv: _post(srv, "/readings", [
            {"sensor_id": "S000001", "value": float("nan")}]), "[0].value"),
        ("/readings value true", lambda srv: _post(srv, "/readings", [
            {"sensor_id": "S000001", "value": True}]), "[0].value"),
        ("deadline as text", command("create_tasks", inc(tasks=[{"action": "x",
                                                                  "deadline_minutes": "60"}])),
         "payload.tasks[0].deadline_minutes"),
        ("issued_at 0 (Unix seconds)", command("add_note", inc(text="x"), issued_at=0),
         "issued_at"),
        ("since a date only", lambda srv: _get(srv, "/sensors/S000001/readings",
                                               since="2026-11-22"), "查询参数 since"),
        ("facts 9 deep", command("update_incident", inc(facts={"a": [[[[[[[[1]]]]]]]]})),
         "payload.facts.a[0][0][0][0][0][0][0]"),
        ("facts too large", command("update_incident", inc(facts={"k": ["长" * 3999] * 5})),
         "payload.facts"),
        ("facts NaN", command("update_incident", inc(facts={"depth": float("nan")})),
         "payload.facts.depth"),
        ("facts int 2**64", command("update_incident", inc(facts={"n": 2**64})),
         "payload.facts.n"),
        ("unknown payload key NUL", command("add_note", inc(text="x", extra=NUL)),
         "payload.extra"),
        ("unknown payload key surrogate", command("add_note", inc(text="x", extra=[LONE])),
         "payload.extra[0]"),
        ("surrogate command type", lambda srv: _post(srv, "/commands", _cmd(LONE, {})), "type"),
        ("surrogate operator", command("add_note", inc(text="x"), operator=LONE), "operator"),
        ("command type 65", lambda srv: _post(srv, "/commands", _cmd("t" * 65, {})), "type"),
        ("surrogate password", lambda srv: _post(srv, "/auth/login",
                                                 {"name": "demo_commander", "password": LONE},
                                                 auth=False), "password"),
        ("NUL sign-in name", lambda srv: _post(srv, "/auth/login",
                                               {"name": NUL, "password": "x" * 8}, auth=False),
         "name"),
        ("control char in an id", command("add_note", {"incident_id": "INC\n0001", "text": "x"}),
         "payload.incident_id"),
        ("NUL in a path", lambda srv: _get(srv, "/incidents/a%00b"),
         "路径"),
        ("NUL in a query", lambda srv: _get(srv, "/tasks", incident_id=NUL),
         "查询参数 incident_id"),
        ("NUL in a status filter", lambda srv: _get(srv, "/incidents", status=NUL),
         "查询参数 status"),
        ("after 10**30", lambda srv: _get(srv, "/events/batch", after=10**30), "查询参数 after"),
        ("CAP identifier 257", command("publish_alert", {"xml": CAP.format(
            identifier="X" * 257, event="暴雨")}), "payload.xml"),
        ("CAP event 257", command("publish_alert", {"xml": CAP.format(
            identifier="CN-EDGE-1", event="雨" * 257)}), "payload.xml"),
        ("surrogate in CAP xml", command("publish_alert", {"xml": CAP.format(
            identifier="CN-EDGE-2", event=LONE)}), "payload.xml"),
        ("new operator surrogate", lambda srv: _post_as_admin(srv, "/operators", {
            "name": LONE, "role": "observer", "password": "x" * 12}), "name"),
        ("new operator display 129", lambda srv: _post_as_admin(srv, "/operators", {
            "name": "edge_1", "display_name": "名" * 129, "role": "observer",
            "password": "x" * 12}), "display_name"),
    ]


def _post_as_admin(srv, path: str, body) -> requests.Response:
    with requests.Session() as s:
        return s.post(f"{srv.url}/api/v1{path}", data=json.dumps(body), timeout=30,
                      headers={"Content-Type": "application/json", **srv.auth_headers("admin")})


PROBES = _probes() + _own_probes()


@pytest.mark.parametrize("name,send,field", PROBES, ids=[p[0] for p in PROBES])
def test_hostile_input_is_422_naming_the_field(edge, name, send, field):
    _refused(send(edge), field)


def test_the_refusal_of_a_time_says_the_window_and_the_servers_clock(edge):
    error = _refused(_post(edge, "/commands", _cmd("add_note", {
        "incident_id": edge.incident, "text": "x"}, issued_at=EARLY)), "issued_at")
    assert EARLY in error["msg"] and "服务器现在" in error["msg"] and "校准" in error["msg"]
    too_long = _refused(_post(edge, "/commands", _cmd("create_incident", _incident_payload(
        street="街" * 129))), "payload.street")
    assert "128" in too_long["msg"] and "incidents.street" in too_long["msg"]


def test_a_batch_answers_each_command_and_applies_the_good_ones(edge):
    good = [_cmd("add_note", {"incident_id": edge.incident, "text": f"批内第{i}条"})
            for i in range(3)]
    bad_payload = _cmd("add_note", {"incident_id": edge.incident, "text": NUL})
    bad_envelope = _cmd("add_note", {"incident_id": edge.incident, "text": "x"}, issued_at=LATE)
    deadline = _cmd("create_tasks", {"incident_id": edge.incident,
                                     "tasks": [{"action": "x", "deadline_minutes": 10**23}]})
    not_a_command = [1, 2]
    r = _post(edge, "/commands/batch", [good[0], bad_payload, good[1], bad_envelope, deadline,
                                        not_a_command, good[2]])
    assert r.status_code == 200, r.text
    answers = r.json()["answers"]
    assert [a["http_status"] for a in answers] == [200, 422, 200, 422, 422, 422, 200]
    assert answers[1]["command_id"] == bad_payload["command_id"]
    assert answers[1]["detail"][0]["msg"].startswith("payload.text：")
    assert answers[3]["command_id"] == bad_envelope["command_id"]
    assert answers[3]["detail"][0]["msg"].startswith("[3].issued_at：")
    assert answers[4]["detail"][0]["msg"].startswith("payload.tasks[0].deadline_minutes：")
    assert answers[5]["command_id"] is None and answers[5]["status"] == "invalid"
    timeline = _get(edge, f"/incidents/{edge.incident}").json()["timeline"]
    texts = [e["detail"]["text"] for e in timeline if e["type"] == "incident.note"]
    assert [t for t in texts if t.startswith("批内")] == ["批内第0条", "批内第1条", "批内第2条"]
    # a malformed command is not remembered: fixed, the same id goes through
    fixed = {**bad_payload, "payload": {"incident_id": edge.incident, "text": "改好了"}}
    assert _post(edge, "/commands", fixed).status_code == 200


def test_edge_values_that_fit_are_taken_and_come_back_verbatim(edge):
    """The bounds are the columns': a street of exactly 128 characters, a district of 16,
    a deadline of a year, emoji and CJK beyond the BMP, are stored and read back."""
    street, district = "𠀀街" * 64, "1" * 16
    r = _post(edge, "/commands", _cmd("create_incident", _incident_payload(
        street=street, district=district, title="🔥" * 256, facts={"备注": "𝄞", "n": 2**63 - 1})))
    assert r.status_code == 200, r.text
    inc = r.json()["result"]["incident"]
    got = _get(edge, f"/incidents/{inc['id']}").json()
    assert (got["street"], got["district"], got["title"]) == (street, district, "🔥" * 256)
    assert got["facts"]["n"] == 2**63 - 1 and got["facts"]["备注"] == "𝄞"
    r = _post(edge, "/commands", _cmd("create_tasks", {"incident_id": inc["id"], "tasks": [
        {"action": "x", "deadline_minutes": 525_600, "department": "部" * 128}]}))
    assert r.status_code == 200, r.text
    assert r.json()["result"]["tasks"][0]["deadline_minutes"] == 525_600


def test_facts_that_add_up_past_the_bound_are_refused_with_the_reason(edge):
    r = _post(edge, "/commands", _cmd("create_incident", _incident_payload()))
    inc = r.json()["result"]["incident"]["id"]
    for i in range(3):
        r = _post(edge, "/commands", _cmd("update_incident", {
            "incident_id": inc, "facts": {f"k{i}": "长" * 3990}}))
        assert r.status_code == 200, r.text
    r = _post(edge, "/commands", _cmd("update_incident", {
        "incident_id": inc, "facts": {"k9": "长" * 3990}}))
    assert r.status_code == 409 and "facts" in r.json()["reason"] and "16000" in r.json()["reason"]


# -- the bounds are the columns' -------------------------------------------------------------
# String columns no request writes: the server fills them itself (seed, clock, hashes, ids
# it makes, names from its own tables); each with where its value comes from
SERVER_WRITTEN = {
    "meta.key": "server constants", "events.type": "handler constants",
    "events.layer": "handler constants", "events.incident_id": "a validated incident id",
    "events.operator": "operators.display_name", "events.command_id": "a UUID",
    "commands.command_id": "a UUID", "commands.status": "accepted | refused",
    "incidents.level": "Literal Level", "incidents.status": "server states",
    "operators.role": "Literal Role (server.permissions.ROLES)",
    "units.callsign": "seed", "units.kind": "seed", "units.station": "seed",
    "units.status": "Literal UNIT_STATUSES", "units.district": "seed",
    "units.incident_id": "a validated incident id", "dispatches.unit_id": "units.id",
    "dispatches.incident_id": "incidents.id", "dispatches.status": "server states",
    "dispatches.operator": "operators.display_name", "tasks.incident_id": "incidents.id",
    "tasks.status": "Literal TaskStatus", "tasks.done_by": "operators.display_name",
    "sensors.kind": "seed", "sensors.state": "server states", "sensors.unit": "seed",
    "sensors.district": "seed", "readings.sensor_id": "sensors.id", "cameras.id": "seed",
    "cameras.name": "seed", "cameras.district": "seed", "audit_log.at": "server clock",
    "audit_log.operator": "operators.name / display_name", "audit_log.action": "constants",
    "audit_log.payload_digest": "SHA-256", "audit_log.prev_hash": "SHA-256",
    "audit_log.hash": "SHA-256",
}


def test_every_string_column_has_its_bound_at_the_edge():
    import server.payloads  # noqa: F401  (the types register their columns)
    import server.routes.auth  # noqa: F401
    import server.routes.public  # noqa: F401

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, sa.String) or not column.type.length:
                continue
            name = f"{table.name}.{column.name}"
            if name in SERVER_WRITTEN:
                assert name not in fields.BOUNDS, f"{name}: bounded at the edge, not server-written"
                continue
            assert fields.BOUNDS.get(name) == column.type.length, \
                f"{name} is String({column.type.length}) but the edge bounds it at " \
                f"{fields.BOUNDS.get(name)}: give its payload field Text/Id(db.{name})"
    assert fields.BOUNDS["tasks.deadline_minutes"] <= fields.INT32


def test_literals_fit_their_columns():
    from maps.scene import UNIT_STATUSES
    from server.payloads import Level, TaskStatus
    from server.responses import Role

    for values, column in ((typing.get_args(Level), db.incidents.c.level),
                           (typing.get_args(TaskStatus), db.tasks.c.status),
                           (UNIT_STATUSES, db.units.c.status),
                           (typing.get_args(Role), db.operators.c.role)):
        assert max(map(len, values)) <= column.type.length, column


def _unbounded_strings(schema, path="") -> list[str]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "string" and "maxLength" not in schema \
                and "format" not in schema and "enum" not in schema and "const" not in schema:
            found.append(path or "<root>")
        for key, value in schema.items():
            found += _unbounded_strings(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found += _unbounded_strings(value, f"{path}/{i}")
    return found


def test_no_request_field_is_an_unbounded_string():
    """Every string a client sends has a maxLength in its schema (so in the OpenAPI document):
    a new payload field of plain `str` fails here."""
    from server.routes.auth import NewOperator
    from server.routes.public import Login
    from server.routes.telemetry import PositionIn, ReadingIn

    models = [model for model, _ in handlers.HANDLERS.values()]
    models += [CommandIn, Login, NewOperator, ReadingIn, PositionIn]
    for model in models:
        assert issubclass(model, pydantic.BaseModel)
        assert _unbounded_strings(model.model_json_schema()) == [], model.__name__


def test_data_the_database_refuses_is_422_for_that_command_and_nothing_changes(db_url):
    """The second line behind the edge: a payload that got past it (built here without
    validation, as a gap in the edge would let one through) and that the database refuses
    is answered 422 for that command; the transaction goes on and the next command runs."""
    from server import commands
    from server.payloads import CreateTasks, TaskIn
    from server.store import Store

    store = Store(db_url)
    try:
        with store.write() as tx:
            inc = handlers.create_incident(tx, handlers.CreateIncident(
                type="fire", title="库拒收", lon=116.46, lat=39.92))["incident"]["id"]
        huge = CreateTasks.model_construct(incident_id=inc, plan_id=None, tasks=[
            TaskIn.model_construct(id=None, plan_id=None, department=None, action="x",
                                   deadline_minutes=2**70, owner=None, status="pending")])
        cmd = CommandIn(command_id=uuid.uuid4(), type="create_tasks",
                        payload={"incident_id": inc, "tasks": [{"action": "x"}]})
        last = store.last_event_id()
        with pytest.raises(commands.PayloadError) as refused:
            commands.execute(store, cmd, actor="edge", payload=huge)
        assert refused.value.errors[0]["type"] == "database_refused"
        assert refused.value.errors[0]["msg"].startswith("payload：数据库拒收")
        assert store.last_event_id() == last  # nothing of it was kept
        with store.reading() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(db.tasks)
                               .where(db.tasks.c.incident_id == inc)) == 0
            assert conn.scalar(sa.select(db.commands.c.command_id).where(
                db.commands.c.command_id == str(cmd.command_id))) is None  # not remembered
        ok = commands.execute(store, cmd, actor="edge")  # the same id, now valid: it runs
        assert ok.http_status == 200 and len(ok.body["result"]["tasks"]) == 1
    finally:
        store.engine.dispose()


def test_an_unsigned_request_is_401_whatever_its_path_holds(edge):
    """The request line is checked after the token: without one, a NUL is still 401 (and a
    public route still answers 422 for it)."""
    with requests.Session() as s:
        for path in ("/incidents/a%00b", "/tasks?incident_id=a%00b", "/cameras/a%00b/mjpeg"):
            r = s.get(f"{edge.url}/api/v1{path}", timeout=30)
            assert r.status_code == 401, (path, r.status_code, r.text)
        r = s.get(f"{edge.url}/api/v1/alerts/cap/a%00b", timeout=30)
        assert r.status_code == 422 and r.json()["detail"][0]["msg"].startswith("路径：")


def test_a_drill_database_takes_times_a_drill_clock_runs_ahead_to(edge, tmp_path, launch):
    """A headless drill stamps its commands on a drill clock running up to days ahead of the
    wall clock: a drill database allows 30 days ahead, a live one a day."""
    from datetime import datetime, timedelta, timezone

    ahead = lambda days: (datetime.now(timezone.utc) + timedelta(days=days)).isoformat()  # noqa: E731
    drill = launch(f"sqlite:///{tmp_path / 'drill.db'}", drill=True)
    for srv, days, status in ((edge, 2, 422), (drill, 2, 200), (drill, 31, 422)):
        inc = _post(srv, "/commands", _cmd("create_incident", _incident_payload(
            title="演练时钟", reported_at=ahead(days)), issued_at=ahead(days)))
        assert inc.status_code == status, (srv.drill, days, inc.text)
        if status == 422:
            assert "服务器现在" in inc.json()["detail"][0]["msg"]
