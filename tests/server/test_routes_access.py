"""Access is a property of the router a route is on (server/routes/access.py), not of a list
of paths: a route added to a protected router needs a token, one added to a public router
does not, and the role rules ride on the routers. Apps served by uvicorn on 127.0.0.1."""
from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
from fastapi.routing import APIRoute

from server import auth
from server.app import create_app
from server.embedded import free_port
from server.permissions import Who
from server.routes.access import (Operator, protected_router, public_router, signed_in,
                                  stream_viewer)
from server.store import Store

pytestmark = pytest.mark.timeout(120)
PUBLIC = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/login"),
          ("GET", "/api/v1/alerts/feed"), ("GET", "/api/v1/alerts/cap/{identifier}")}
PASSWORD = "long-enough-password"


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'server.db'}")
    with store.writing_connection() as conn:
        for role in ("commander", "observer", "trainer", "admin"):
            auth.add_operator(conn, f"op_{role}", role, PASSWORD)
    yield store
    store.engine.dispose()


@pytest.fixture
def serve():
    """serve(app) -> the base URL of `app` running in uvicorn on 127.0.0.1 (a thread)."""
    import uvicorn

    running = []

    def _serve(app) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
        thread.start()
        running.append((server, thread))
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return f"http://127.0.0.1:{port}/api/v1"

    yield _serve
    for server, thread in running:
        server.should_exit = True
        thread.join(15)
        assert not thread.is_alive(), "uvicorn did not stop"


def _call(method: str, url: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with requests.Session() as s:  # no token from the test harness
        return s.request(method, url, headers=headers, timeout=30, **kwargs)


def _token(base: str, role: str) -> str:
    r = _call("POST", f"{base}/auth/login", json={"name": f"op_{role}", "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def test_a_route_added_to_a_protected_router_needs_a_token_without_being_listed(store, serve):
    added = protected_router(tags=["test"])

    @added.get("/added-later")
    def added_later(who: Operator) -> dict:
        return {"who": who.name}

    @added.post("/added-later")
    def change_added_later(who: Operator) -> dict:
        return {"changed_by": who.name}

    opened = public_router(tags=["test"])

    @opened.get("/open-later")
    def open_later() -> dict:
        return {"open": True}

    app = create_app(store)
    app.include_router(added)
    app.include_router(opened)
    base = serve(app)
    secret = auth.database_secret(store)

    bare = _call("GET", f"{base}/added-later")
    assert bare.status_code == 401 and "登录" in bare.json()["detail"]
    assert bare.headers["www-authenticate"] == "Bearer"
    foreign, _ = auth.make_token(b"another-database-key-32-bytes-xx", "op_commander", "commander")
    r = _call("GET", f"{base}/added-later", foreign)
    assert r.status_code == 401 and "不是本服务器签发" in r.json()["detail"]
    expired, _ = auth.make_token(secret, "op_commander", "commander", ttl=60,
                                 now=time.time() - 3600)
    r = _call("GET", f"{base}/added-later", expired)
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    r = _call("GET", f"{base}/added-later", _token(base, "commander"))
    assert r.status_code == 200 and r.json() == {"who": "op_commander"}
    # the router's role rules come with it: observers read, and do not change anything
    observer = _token(base, "observer")
    assert _call("GET", f"{base}/added-later", observer).status_code == 200
    r = _call("POST", f"{base}/added-later", observer)
    assert r.status_code == 403 and "观察员" in r.json()["detail"]
    assert _call("GET", f"{base}/open-later").json() == {"open": True}

    paths = app.openapi()["paths"]
    assert paths["/api/v1/added-later"]["get"]["security"] == [{"bearer": []}]
    assert "401" in paths["/api/v1/added-later"]["get"]["responses"]
    assert "403" in paths["/api/v1/added-later"]["post"]["responses"]
    assert "security" not in paths["/api/v1/open-later"]["get"]


def _calls(dependant) -> set:
    found = set()
    for sub in dependant.dependencies:
        found.add(sub.call)
        found |= _calls(sub)
    return found


def test_every_route_but_the_public_ones_depends_on_a_signed_in_operator():
    """signed_in, or for a camera's video streams stream_viewer: the operator of the
    Authorization header's token or of a media token for that camera (test_media_tokens.py)."""
    from server.app import ROUTERS

    operations = {}
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for method in route.methods:
                operations[method, route.path] = bool({signed_in, stream_viewer}
                                                      & _calls(route.dependant))
    served = {(method.upper(), path) for path, ops in create_app(None).openapi()["paths"].items()
              for method in ops}
    assert set(operations) == served  # the routers are the whole API
    assert {op for op, needs_token in operations.items() if not needs_token} == PUBLIC


@pytest.mark.parametrize("role,method,path,status,says", [
    ("trainer", "GET", "/auth/me", 200, None),  # told who they are, and nothing else
    ("trainer", "GET", "/units", 403, "演练"),
    ("trainer", "POST", "/commands", 403, "演练"),
    ("trainer", "GET", "/cameras/C1/rtsp", 403, "演练"),
    ("observer", "GET", "/units", 200, None),
    ("observer", "POST", "/readings", 403, "观察员"),
    ("observer", "POST", "/cameras/C1/simulate", 403, "观察员"),
    ("observer", "POST", "/operators", 403, "观察员"),
    ("admin", "POST", "/readings", 403, "无权上报"),
    ("admin", "GET", "/operators", 200, None),
    ("commander", "GET", "/operators", 403, "管理员"),
    ("commander", "POST", "/readings", 200, None),
])
def test_each_router_applies_its_role_rules(store, serve, role, method, path, status, says):
    base = serve(create_app(store))
    body = {"/readings": [], "/commands": {"command_id": str(uuid.uuid4()), "type": "add_note",
                                           "payload": {"incident_id": "X", "text": "t"}},
            "/cameras/C1/simulate": {"state": "dark"},
            "/operators": {"name": "someone", "role": "observer", "password": PASSWORD}}
    r = _call(method, f"{base}{path}", _token(base, role),
              json=body.get(path) if method == "POST" else None)
    assert r.status_code == status, r.text
    if says:
        assert says in r.json()["detail"]


def test_an_observers_command_is_answered_as_an_audited_refusal(store, serve):
    base = serve(create_app(store))
    command_id = str(uuid.uuid4())
    r = _call("POST", f"{base}/commands", _token(base, "observer"), json={
        "command_id": command_id, "type": "add_note", "payload": {"incident_id": "X", "text": "t"}})
    assert r.status_code == 403
    answer = r.json()
    assert answer["status"] == "refused" and "观察员" in answer["reason"]
    assert answer["audit"]["seq"] > 0 and answer["command_id"] == command_id


def test_the_operator_a_route_sees_is_the_tokens(store, serve):
    seen: list[Who] = []
    probe = protected_router(tags=["test"])

    @probe.get("/probe")
    def probe_route(who: Operator) -> dict:
        seen.append(who)
        return {}

    app = create_app(store)
    app.include_router(probe)
    base = serve(app)
    assert _call("GET", f"{base}/probe", _token(base, "admin")).status_code == 200
    assert seen == [Who("op_admin", "op_admin", "admin")]
