"""Hypothesis against two real server processes, one on SQLite and one on PostgreSQL (issue 19):
hostile but plausible values — times at the edges of the calendar, lone surrogates, NUL,
strings a character over their column, integers past 64 bits, NaN, deep and wide JSON — in
every field of every command type, in batches, and in the parameters and bodies of every
endpoint. Whatever comes in, no answer is 5xx, and a command's answer is one of the
documented ones. Derandomized and bounded for CI; the run prints how many were tried."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import handlers
from tests.fuzz.counts import tried
from tests.server.conftest import PG_URL, _pg_admin, _pg_schema_url

EXAMPLES = 200  # per test (x2 for commands, x3 for endpoints), each sent to both servers

# -- servers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{"sqlite": server, "postgresql": server}: two processes, one per backend (SQLite alone
    where no PostgreSQL is set up: scripts/postgres.sh sets ECC_TEST_PG_URL)."""
    from server.embedded import start_embedded

    schema = f"t_{uuid.uuid4().hex[:12]}" if PG_URL else None
    started = {}
    try:
        started["sqlite"] = start_embedded(
            f"sqlite:///{tmp_path_factory.mktemp('edge-fuzz') / 'server.db'}")
        if schema:
            _pg_admin(f"CREATE SCHEMA {schema}")
            started["postgresql"] = start_embedded(_pg_schema_url(schema))
        yield started
    finally:
        for srv in started.values():
            srv.stop()
        if schema:
            _pg_admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _send(srv, method: str, path: str, *, role: str | None = "commander", body=None,
          query: list[tuple[str, str]] | None = None) -> requests.Response:
    """One request as a hostile client makes it: the path and query percent-encoded from
    whatever they hold (a lone surrogate as the bytes of its surrogatepass UTF-8), the body
    JSON with lone surrogates escaped and NaN written as NaN."""
    qs = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in query or [])
    url = f"{srv.url}/api/v1{path}" + (f"?{qs}" if qs else "")
    headers = srv.auth_headers(role) if role else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers = {**headers, "Content-Type": "application/json"}
    with requests.Session() as s:  # stream: a video stream that answers 200 is not read
        r = s.request(method, url, data=data, headers=headers, timeout=60, stream=True)
        if r.headers.get("content-type", "").startswith(("multipart/", "video/")):
            r.close()
        else:
            r.content  # noqa: B018  (read it all)
    return r


def _quote(value) -> str:
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def _both(servers, target: str, send) -> list[requests.Response]:
    answers = []
    for backend, srv in servers.items():
        r = send(srv)
        tried(f"edge-{backend}", 1)
        assert r.status_code < 500, (backend, target, r.status_code, srv.log_tail(40))
        answers.append(r)
    return answers


# -- values ----------------------------------------------------------------------------------
LONE = st.integers(0xD800, 0xDFFF).map(chr)
CHARS = st.one_of(st.characters(), LONE, st.sampled_from(list("\x00\n\t\x7f'\";%/\\")))
# lengths around the columns' (16, 32, 64, 128, 256) and the text bound (4000)
EDGE_LENGTHS = [15, 16, 17, 31, 32, 33, 36, 37, 63, 64, 65, 127, 128, 129, 255, 256, 257, 4000,
                4001, 16_001]
HOSTILE_STR = st.one_of(
    st.text(alphabet=CHARS, max_size=40),
    st.sampled_from(["", " ", "\x00", "a\ud800", "\udfff", "INC-0001\x00", "' OR 1=1 --",
                     "<script>alert(1)</script>", "%00", "../../etc/passwd", "\u202e", "𠀀",
                     "null", "NaN", "-1", "1e400"]),
    st.tuples(st.sampled_from(EDGE_LENGTHS), st.sampled_from(["a", "字", "𠀀"])).map(
        lambda nc: nc[1] * nc[0]),
)
IDS = st.sampled_from(["INC-0001", "INC-0002", "INC-0003", "U0001", "U0002", "U0003",
                       "S000001", "S000002", "C00004", "INC-0001-T001"])
STRINGS = st.one_of(IDS, HOSTILE_STR)
OFFSETS = st.sampled_from([None, timezone.utc] + [timezone(timedelta(hours=h))
                                                  for h in (-14, -12, -5, 5, 8, 14)])
NOW = datetime.now(timezone.utc).replace(tzinfo=None)
TIMES = st.one_of(
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                     "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-13-01T00:00:00Z",
                     "2026-02-30T00:00:00Z", "1970-01-01T00:00:00Z", "2262-04-11T23:47:17Z",
                     "+275760-09-13T00:00:00Z", "", "now", "1e10", "00:00"]),
    st.builds(lambda dt, tz: dt.replace(tzinfo=tz).isoformat(), st.datetimes(), OFFSETS),
    st.builds(lambda s, tz: (NOW + timedelta(seconds=s)).replace(tzinfo=tz).isoformat(),
              st.integers(-400 * 86400 * 12, 3 * 86400), OFFSETS),
    st.integers(-2**40, 2**40),
)
NUMBERS = st.one_of(st.integers(), st.integers(-2**80, 2**80), st.floats(),
                    st.sampled_from([10**23, -1, 0, 2**31, 2**31 - 1, 2**63, 2**63 - 1,
                                     -2**63 - 1, 1e308, -0.0, 360.0001, 180.0, -90.0]))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, STRINGS, TIMES)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(STRINGS, inner, max_size=4)), max_leaves=12)
DEEP = st.integers(1, 40).map(lambda d: _nest(d))


def _nest(depth: int):
    value = "底"
    for i in range(depth):
        value = {f"k{i}": value} if i % 2 else [value]
    return value


ANY = st.one_of(SCALARS, JSON, DEEP)
CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{0}</identifier><sender>{1}</sender>
  <sent>2026-11-22T08:00:00+08:00</sent><status>Exercise</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Met</category><event>{2}</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><headline>{2}</headline>
    <area><areaDesc>朝阳区</areaDesc></area></info>
</alert>"""
XML_TEXT = st.one_of(st.text(max_size=10).filter(lambda s: "<" not in s and "&" not in s),
                     HOSTILE_STR.map(lambda s: s.replace("<", "").replace("&", "")))


def _maybe(strategy):
    """The plausible value, or anything at all."""
    return st.one_of(strategy, strategy, ANY)


TASK = st.fixed_dictionaries({"action": _maybe(STRINGS)}, optional={
    "id": _maybe(STRINGS), "plan_id": _maybe(STRINGS), "department": _maybe(STRINGS),
    "deadline_minutes": _maybe(NUMBERS), "owner": _maybe(STRINGS),
    "status": _maybe(st.sampled_from(["pending", "in_progress", "done", "not_applicable"]))})
READING = st.fixed_dictionaries({"sensor_id": _maybe(IDS), "value": _maybe(NUMBERS)},
                                optional={"at": _maybe(TIMES)})
FIELDS = {  # plausible values of each payload field, by name
    "incident_id": IDS, "unit_id": IDS, "task_id": IDS, "sensor_id": IDS, "id": STRINGS,
    "type": STRINGS, "title": STRINGS, "street": STRINGS, "district": STRINGS,
    "text": STRINGS, "summary": STRINGS, "owner": STRINGS, "plan_id": STRINGS,
    "lon": st.floats(-181, 181), "lat": st.floats(-91, 91), "heading": NUMBERS,
    "value": NUMBERS, "level": st.sampled_from(["I", "II", "III", "IV", "V"]),
    "status": st.sampled_from(["active", "controlled", "closed", "available", "dispatched",
                               "en_route", "on_scene", "out_of_service", "done", "pending"]),
    "facts": st.one_of(st.dictionaries(STRINGS, JSON, max_size=5), DEEP.map(lambda d: {"d": d})),
    "reported_at": TIMES, "at": TIMES, "tasks": st.lists(TASK, max_size=4),
    "readings": st.lists(READING, max_size=4),
    "xml": st.builds(CAP.format, XML_TEXT, XML_TEXT, XML_TEXT),
}


@st.composite
def payloads(draw, type_: str) -> dict:
    model, _ = handlers.HANDLERS[type_]
    body = {}
    for name in model.model_fields:
        if draw(st.integers(0, 5)):  # mostly present
            body[name] = draw(_maybe(FIELDS.get(name, ANY)))
    if draw(st.integers(0, 4)) == 0:  # a key the command type does not know
        body[draw(STRINGS)] = draw(ANY)
    return body


@st.composite
def commands(draw) -> dict:
    type_ = draw(st.one_of(st.sampled_from(sorted(handlers.HANDLERS)),
                           st.sampled_from(sorted(handlers.HANDLERS)), STRINGS))
    known = type_ in handlers.HANDLERS
    body = {"command_id": draw(st.one_of(st.uuids().map(str), st.uuids().map(str),
                                         STRINGS, ANY)),
            "type": type_,
            "payload": draw(payloads(type_)) if known and draw(st.integers(0, 9)) else draw(ANY)}
    if draw(st.booleans()):
        body["issued_at"] = draw(_maybe(TIMES))
    if draw(st.integers(0, 3)) == 0:
        body["operator"] = draw(ANY)
    return body


ROLES = st.sampled_from(["commander", "commander", "dispatcher", "observer", "trainer"])
OK_COMMAND = {200, 403, 409, 422}


# -- commands --------------------------------------------------------------------------------
@pytest.mark.timeout(900)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # big reprs
@settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(cmd=commands(), role=ROLES)
def test_no_command_gets_a_server_error(servers, cmd, role):
    for r in _both(servers, f"POST /commands {cmd.get('type')!r}",
                   lambda srv: _send(srv, "POST", "/commands", role=role, body=cmd)):
        assert r.status_code in OK_COMMAND, (r.status_code, cmd)


@pytest.mark.timeout(900)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # big reprs
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(batch=st.lists(st.one_of(commands(), commands(), ANY), max_size=8), role=ROLES)
def test_a_batch_answers_every_command(servers, batch, role):
    for r in _both(servers, "POST /commands/batch",
                   lambda srv: _send(srv, "POST", "/commands/batch", role=role, body=batch)):
        if r.status_code == 200:
            answers = r.json()["answers"]
            assert len(answers) == len(batch)
            assert {a["http_status"] for a in answers} <= OK_COMMAND, answers
        else:  # the request as a whole: forbidden (trainer on live data)
            assert r.status_code == 403 and role == "trainer", r.status_code


# -- every endpoint --------------------------------------------------------------------------
# Path and query values up to 300 characters (3.6 KB percent-encoded): a request line over
# the HTTP parser's 16 KB limit (h11) is dropped by uvicorn before the app sees it.
SHORT = STRINGS.filter(lambda s: len(s) <= 300)
SHORT_HOSTILE = HOSTILE_STR.filter(lambda s: len(s) <= 300)
PARAM = st.one_of(SHORT, TIMES, NUMBERS.map(str))
SAFE_CAMERA = st.one_of(SHORT_HOSTILE, st.just("C00004"))  # a real camera: its stream is not read
POSITION = st.fixed_dictionaries({"unit_id": _maybe(IDS), "lon": _maybe(FIELDS["lon"]),
                                  "lat": _maybe(FIELDS["lat"])},
                                 optional={"heading": _maybe(NUMBERS), "at": _maybe(TIMES)})


def _q(draw, *names) -> list[tuple[str, str]]:
    return [(n, draw(PARAM)) for n in names if draw(st.booleans())]


@st.composite
def requests_(draw) -> tuple[str, str, dict]:
    """(method, path, keyword arguments of _send) of one endpoint, with hostile values."""
    p = lambda: _quote(draw(SHORT))  # noqa: E731  (a path segment)
    choice = draw(st.integers(0, 22))
    if choice == 0:
        return "GET", f"/alerts/cap/{p()}", {}
    if choice == 1:
        return "GET", "/incidents", {"query": _q(draw, "status")}
    if choice == 2:
        return "GET", "/sensors", {"query": _q(draw, "state")}
    if choice == 3:
        return "GET", draw(st.sampled_from(["/tasks", "/dispatches"])), \
            {"query": _q(draw, "incident_id")}
    if choice == 4:
        return "GET", f"/incidents/{p()}", {}
    if choice == 5:
        sensor = _quote(draw(SHORT))
        return "GET", f"/sensors/{sensor}/readings", {"query": _q(draw, "since", "until", "limit")}
    if choice == 6:
        return "POST", "/readings", {"body": draw(st.one_of(st.lists(READING, max_size=5), ANY))}
    if choice == 7:
        return "POST", "/positions", {"body": draw(st.one_of(st.lists(POSITION, max_size=5), ANY))}
    if choice == 8:
        return "GET", "/events/batch", {"query": _q(draw, "after", "limit")}
    if choice == 9:
        return "POST", "/auth/login", {"role": None, "body": draw(st.one_of(
            st.fixed_dictionaries({"name": _maybe(STRINGS), "password": _maybe(STRINGS)}), ANY))}
    if choice == 10:
        return "POST", "/operators", {"role": "admin", "body": draw(st.one_of(
            st.fixed_dictionaries({"name": _maybe(HOSTILE_STR), "role": _maybe(STRINGS),
                                   "password": _maybe(STRINGS)},
                                  optional={"display_name": _maybe(STRINGS)}), ANY))}
    if choice == 11:  # never a demo operator's name: the fuzz must not lock itself out
        name = draw(SHORT_HOSTILE.filter(lambda s: not s.startswith("demo_")))
        return "POST", f"/operators/{_quote(name)}/disable", {"role": "admin"}
    if choice in (12, 13):
        camera = _quote(draw(SAFE_CAMERA))
        tail = draw(st.sampled_from(["mjpeg", "hls/index.m3u8", "rtsp"]))
        return "GET", f"/cameras/{camera}/{tail}", {"query": _q(draw, "access_token")}
    if choice == 14:  # hostile camera ids only: a real one would encode video
        return "GET", f"/cameras/{_quote(draw(SHORT_HOSTILE))}/clip.mp4", {}
    if choice == 15:
        segment = draw(st.one_of(st.integers(), st.integers(-2**80, 2**80), SHORT))
        return "GET", f"/cameras/{_quote(draw(SHORT_HOSTILE))}/hls/seg{_quote(segment)}.ts", {}
    if choice == 16:
        camera = _quote(draw(st.one_of(SHORT_HOSTILE, st.just("C00008"))))
        return "POST", f"/cameras/{camera}/simulate", {"body": draw(st.one_of(
            st.fixed_dictionaries({"state": _maybe(st.sampled_from(["live", "frozen"]))}), ANY))}
    if choice == 17:
        return "GET", draw(st.sampled_from(["/health", "/snapshot", "/units", "/cameras",
                                            "/alerts", "/alerts/feed", "/auth/me",
                                            "/operators"])), {"query": _q(draw, "access_token")}
    if choice == 18:
        return "GET", f"/cameras/{_quote(draw(SAFE_CAMERA))}/media-token", {}
    # 19..22: a path no route serves, and odd methods on known ones
    return draw(st.sampled_from(["GET", "POST", "PUT", "DELETE"])), \
        draw(st.sampled_from([f"/{p()}", f"/incidents/{p()}/{p()}", "/commands", "/readings"])), \
        {"body": draw(st.one_of(st.none(), ANY))}


@pytest.mark.timeout(900)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # big reprs
@settings(max_examples=EXAMPLES * 3, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(request=requests_(), role=ROLES)
def test_no_endpoint_gets_a_server_error(servers, request, role):
    method, path, kwargs = request
    kwargs = {"role": role, **kwargs}
    _both(servers, f"{method} {path}", lambda srv: _send(srv, method, path, **kwargs))
