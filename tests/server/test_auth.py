"""Signing in: tokens, 401s with a reason, operators from the token, the admin CLI."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime

import pytest
import requests

from server.auth import make_token

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    from server.embedded import start_embedded

    server = start_embedded(f"sqlite:///{tmp_path_factory.mktemp('auth') / 'server.db'}")
    yield server
    server.stop()


def _v1(srv, path):
    return f"{srv.url}/api/v1{path}"


def _login(srv, name, password):
    with requests.Session() as s:  # a bare session: no token of the test harness
        return s.post(_v1(srv, "/auth/login"), json={"name": name, "password": password},
                      timeout=30)


def _bare(method, url, **kw):
    with requests.Session() as s:
        return s.request(method, url, timeout=30, **kw)


def _secret(srv) -> bytes:
    path = srv.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return bytes.fromhex(conn.execute(
            "SELECT value FROM meta WHERE key='auth_secret'").fetchone()[0])


def test_without_a_token_everything_but_health_is_401_with_a_reason(srv):
    assert _bare("GET", _v1(srv, "/health")).status_code == 200
    for method, path in [("GET", "/snapshot"), ("GET", "/incidents"), ("GET", "/events/batch?after=0"),
                         ("POST", "/commands"), ("POST", "/readings"), ("GET", "/auth/me")]:
        r = _bare(method, _v1(srv, path), json={})
        assert r.status_code == 401, (path, r.text)
        assert "登录" in r.json()["detail"] and r.headers["www-authenticate"] == "Bearer"


def test_sign_in_gives_a_token_that_names_the_operator(srv):
    name, password = srv.credentials["duty_officer"]
    r = _login(srv, name, password)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["operator"]["role"] == "duty_officer" and answer["expires_at"]
    me = _bare("GET", _v1(srv, "/auth/me"), headers={"Authorization": f"Bearer {answer['token']}"})
    assert me.json() | {} == {"name": name, "display_name": "演示值班员", "role": "duty_officer",
                              "role_name": "值班员", "drill": False}


@pytest.mark.parametrize("name,password", [("demo_commander", "wrong-password"),
                                           ("nobody", "whatever-it-is")])
def test_wrong_name_or_password_is_refused_in_chinese(srv, name, password):
    r = _login(srv, name, password)
    assert r.status_code == 401 and "用户名或密码错误" in r.json()["detail"]
    assert "token" not in r.json()


def test_forged_and_expired_tokens_are_refused(srv):
    other, _ = make_token(b"x" * 32, "demo_commander", "commander")
    r = _bare("GET", _v1(srv, "/units"), headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 401 and "不是本服务器签发" in r.json()["detail"]
    old, _ = make_token(_secret(srv), "demo_commander", "commander", ttl=60,
                        now=time.time() - 3600)
    r = _bare("GET", _v1(srv, "/units"), headers={"Authorization": f"Bearer {old}"})
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    fresh, _ = make_token(_secret(srv), "demo_commander", "commander", ttl=60)
    assert _bare("GET", _v1(srv, "/units"),
                 headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_a_token_is_a_standard_jwt_with_the_role_and_the_shift_long_expiry(srv):
    import jwt

    name, password = srv.credentials["dispatcher"]
    before = int(time.time())
    answer = _login(srv, name, password).json()
    claims = jwt.decode(answer["token"], _secret(srv), algorithms=["HS256"])
    assert claims["sub"] == name and claims["role"] == "dispatcher"
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] - claims["iat"] == 12 * 3600  # one shift, as before
    assert datetime.fromisoformat(answer["expires_at"]).timestamp() == claims["exp"]


def _forge(claims: dict, key: bytes, algorithm: str = "HS256") -> str:
    import jwt

    return jwt.encode(claims, key, algorithm=algorithm)


def _malformed_tokens(srv) -> dict[str, str]:
    """Tokens an attacker or a broken client could send, each named for what is wrong."""
    import base64
    import json

    def b64(obj) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    secret, now = _secret(srv), int(time.time())
    good = {"sub": "demo_admin", "role": "admin", "iat": now, "exp": now + 600}
    token, _ = make_token(secret, "demo_observer", "observer", ttl=600)
    header, _claims, signature = token.split(".")
    flip = "B" if signature[9] == "A" else "A"
    return {
        # an observer's token with the claims swapped for an administrator's, signature kept
        "tampered claims": f"{header}.{b64(good)}.{signature}",
        "tampered signature": f"{header}.{_claims}.{signature[:9]}{flip}{signature[10:]}",
        "unsigned (alg none)": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(good)}.",
        "another algorithm": _forge(good, secret * 2, "HS512"),
        "no expiry": _forge({k: v for k, v in good.items() if k != "exp"}, secret),
        "no subject": _forge({k: v for k, v in good.items() if k != "sub"}, secret),
        "expiry not a number": _forge({**good, "exp": "tomorrow"}, secret),
        "the old v1 format": "v1." + b64(good) + ".c2lnbmF0dXJl",
        "not base64": "eyJ!!!.***.###",
        "two parts": f"{header}.{b64(good)}",
        "just words": "hello",
        "non-ASCII": "令牌.令牌.令牌",
    }


def test_tampered_and_malformed_tokens_are_401_with_a_reason_never_500(srv):
    for what, token in _malformed_tokens(srv).items():
        for path in ("/units", "/auth/me", "/cameras/C00001/rtsp"):
            r = _bare("GET", _v1(srv, path),
                      headers={"Authorization": f"Bearer {token}".encode("utf-8")})
            assert r.status_code == 401, (what, path, r.status_code, r.text)
            detail = r.json()["detail"]
            assert "登录" in detail and "sign in" in detail, (what, detail)
            assert r.headers["www-authenticate"] == "Bearer"
        r = _bare("GET", _v1(srv, "/units"), params={"access_token": token})  # media players
        assert r.status_code == 401, (what, r.text)


def test_a_login_token_in_the_url_is_refused_even_on_video_routes(srv):
    """Tokens go in the Authorization header: a URL is logged by proxies and servers. Media
    players get short media tokens instead (tests/server/test_media_tokens.py)."""
    token = srv.token()
    for path in ("/units", "/cameras/C00004/hls/index.m3u8", "/cameras/C00004/mjpeg"):
        r = _bare("GET", _v1(srv, path), params={"access_token": token})
        assert r.status_code == 401, (path, r.text)
        assert "Authorization" in r.json()["detail"] and "URL" in r.json()["detail"], r.text
    playlist = _v1(srv, "/cameras/C00004/hls/index.m3u8")
    assert _bare("GET", playlist).status_code == 401
    # a header of another scheme is not second-guessed by a token in the query
    r = _bare("GET", playlist, params={"access_token": token}, headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401


def test_a_signed_token_naming_an_unknown_operator_is_401(srv):
    now = int(time.time())
    ghost = _forge({"sub": "nobody_here", "role": "commander", "iat": now, "exp": now + 60},
                   _secret(srv))
    r = _bare("GET", _v1(srv, "/units"), headers={"Authorization": f"Bearer {ghost}"})
    assert r.status_code == 401 and "停用" in r.json()["detail"]


def test_the_operator_recorded_is_the_tokens_not_the_bodys(srv):
    headers = srv.auth_headers("duty_officer")
    inc = _bare("POST", _v1(srv, "/commands"), headers=headers, json={
        "command_id": str(uuid.uuid4()), "type": "create_incident", "operator": "冒名指挥长",
        "payload": {"type": "fire", "title": "冒名测试", "lon": 116.4, "lat": 39.9}})
    assert inc.status_code == 200, inc.text
    incident_id = inc.json()["result"]["incident"]["id"]
    timeline = _bare("GET", _v1(srv, f"/incidents/{incident_id}"), headers=headers).json()["timeline"]
    assert {e["operator"] for e in timeline} == {"演示值班员"}


def test_admin_cli_adds_lists_and_disables_operators(srv, tmp_path):
    def cli(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "server.cli", "operators", "--db", srv.db_url,
                               *args], input=stdin, capture_output=True, text=True, timeout=60)

    added = cli("add", "zhang_san", "--role", "dispatcher", "--display-name", "张三",
                stdin="s3cret-pass\n")
    assert added.returncode == 0, added.stderr
    assert "zhang_san\tdispatcher\tenabled\t张三" in cli("list").stdout
    assert "already exists" in cli("add", "zhang_san", "--role", "dispatcher",
                                   stdin="s3cret-pass\n").stderr
    short = cli("add", "li_si", "--role", "observer", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    bad_role = cli("add", "li_si", "--role", "king", stdin="s3cret-pass\n")
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr
    r = _login(srv, "zhang_san", "s3cret-pass")
    assert r.status_code == 200 and r.json()["operator"]["display_name"] == "张三"
    token = r.json()["token"]
    assert cli("disable", "zhang_san").returncode == 0
    assert _login(srv, "zhang_san", "s3cret-pass").status_code == 401
    deadline = time.monotonic() + 15  # each server re-reads an operator within seconds
    while time.monotonic() < deadline:
        status = _bare("GET", _v1(srv, "/units"), headers={"Authorization": f"Bearer {token}"})
        if status.status_code == 401:
            break
        time.sleep(0.5)
    assert status.status_code == 401 and "停用" in status.json()["detail"]


def test_passwords_and_tokens_never_reach_the_log(srv):
    name, password = srv.credentials["commander"]
    token = _login(srv, name, password).json()["token"]
    _login(srv, name, "not-the-password-xyz")
    _bare("GET", _v1(srv, "/units"), headers={"Authorization": f"Bearer {token}x"})
    log = srv.log_path.read_text(errors="replace")
    assert "signed in" in log  # the log is being written
    for secret in (password, token, "not-the-password-xyz", *(p for _, p in srv.credentials.values())):
        assert secret not in log


def test_log_redaction_hides_bearer_tokens_and_passwords():
    import logging

    from server.auth import RedactSecrets

    record = logging.LogRecord("x", logging.INFO, __file__, 1,
                               "GET /x Authorization: Bearer abc.def-ghi password=hunter22 %s",
                               ("?access_token=zzz&a=1",), None)
    RedactSecrets().filter(record)
    text = record.getMessage()
    assert "abc.def-ghi" not in text and "hunter22" not in text and "zzz" not in text
    assert "[redacted]" in text
    jwt_shaped = make_token(b"k" * 32, "demo_commander", "commander")[0]
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token in a dump: %s", (jwt_shaped,),
                               None)
    RedactSecrets().filter(record)
    assert jwt_shaped not in record.getMessage() and "[redacted token]" in record.getMessage()


def test_oversized_bodies_are_refused_with_413(tmp_path):
    from server.embedded import start_embedded

    with start_embedded(f"sqlite:///{tmp_path / 's.db'}", extra_args=["--max-body-mb", "0.01"]) as s:
        headers = s.auth_headers()
        big = [{"sensor_id": "S-1", "value": 1.0}] * 2000
        r = _bare("POST", _v1(s, "/readings"), json=big, headers=headers)
        assert r.status_code == 413 and "上限" in r.json()["detail"]

        def chunks():  # no Content-Length: counted as it arrives
            yield b"["
            for _ in range(2000):
                yield b'{"sensor_id":"S-1","value":1.0},'
            yield b'{"sensor_id":"S-1","value":1.0}]'

        r = _bare("POST", _v1(s, "/readings"), data=chunks(),
                  headers={**headers, "Content-Type": "application/json"})
        assert r.status_code == 413
        assert _bare("GET", _v1(s, "/units"), headers=headers).status_code == 200  # still serving


def test_injection_strings_are_stored_and_returned_verbatim(srv):
    headers = srv.auth_headers("commander")
    nasty = ["'; DROP TABLE incidents; --", "<script>alert('x')</script>", "\" OR 1=1 --",
             "{{7*7}} ${jndi:ldap://x}", "火灾' UNION SELECT password_hash FROM operators --"]
    ids = []
    for text in nasty:
        r = _bare("POST", _v1(srv, "/commands"), headers=headers, json={
            "command_id": str(uuid.uuid4()), "type": "create_incident",
            "payload": {"type": "fire", "title": text, "street": text, "lon": 116.4, "lat": 39.9}})
        assert r.status_code == 200, r.text
        ids.append(r.json()["result"]["incident"]["id"])
        note = {"command_id": str(uuid.uuid4()), "type": "add_note",
                "payload": {"incident_id": ids[-1], "text": text}}
        assert _bare("POST", _v1(srv, "/commands"), headers=headers, json=note).status_code == 200
    for incident_id, text in zip(ids, nasty):
        rec = _bare("GET", _v1(srv, f"/incidents/{incident_id}"), headers=headers).json()
        assert rec["title"] == text and rec["street"] == text
        assert [e["detail"]["text"] for e in rec["timeline"] if e["type"] == "incident.note"] == [text]
    # the same strings as query parameters and path segments find nothing and break nothing
    for text in nasty:
        assert _bare("GET", _v1(srv, "/incidents"), params={"status": text},
                     headers=headers).json() == []
        assert _bare("GET", _v1(srv, "/tasks"), params={"incident_id": text},
                     headers=headers).json() == []
    r = _bare("GET", _v1(srv, "/incidents/x' OR '1'='1"), headers=headers)
    assert r.status_code == 404
    titles = {i["title"] for i in _bare("GET", _v1(srv, "/incidents"), headers=headers).json()}
    assert set(nasty) <= titles  # the incidents table is intact


def test_demo_operators_one_per_role_with_random_passwords(srv):
    from server.permissions import ROLES

    assert set(srv.credentials) == set(ROLES)
    passwords = [p for _, p in srv.credentials.values()]
    assert len(set(passwords)) == len(ROLES) and all(len(p) >= 20 for p in passwords)
    for role, (name, password) in srv.credentials.items():
        assert _login(srv, name, password).json()["operator"]["role"] == role


def test_repeated_wrong_passwords_lock_the_name_for_a_while(srv, tmp_path):
    from server.auth import MAX_FAILURES

    with requests.Session() as s:
        s.post(f"{srv.url}/api/v1/operators", headers=srv.auth_headers("admin"), timeout=30,
               json={"name": "guessed", "role": "observer", "password": "right-password"})
    for _ in range(MAX_FAILURES):
        assert "用户名或密码错误" in _login(srv, "guessed", "wrong-guess").json()["detail"]
    locked = _login(srv, "guessed", "right-password")  # even the right one, for now
    assert locked.status_code == 401 and "次数过多" in locked.json()["detail"]
    assert _login(srv, *srv.credentials["observer"]).status_code == 200  # others unaffected


def test_a_good_sign_in_clears_the_count_and_a_lock_ends_with_its_window(tmp_path, monkeypatch):
    import server.auth as auth
    from server.store import Store

    store = Store(f"sqlite:///{tmp_path / 'lock.db'}")
    with store.writing_connection() as conn:
        auth.add_operator(conn, "clerk", "observer", "right-password")
    gate = auth.Authenticator(store)

    def attempt(password):
        try:
            gate.sign_in("clerk", password)
            return "in"
        except auth.AuthError as exc:
            return "locked" if "次数过多" in str(exc) else "refused"

    for _ in range(auth.MAX_FAILURES - 1):
        assert attempt("wrong") == "refused"
    assert attempt("right-password") == "in"          # the count starts again from here
    for _ in range(auth.MAX_FAILURES - 1):
        assert attempt("wrong") == "refused"
    assert attempt("right-password") == "in"
    for _ in range(auth.MAX_FAILURES):
        assert attempt("wrong") == "refused"
    assert attempt("right-password") == "locked"
    monkeypatch.setattr(auth, "FAILURE_WINDOW", 0.5)  # as if five minutes had passed
    time.sleep(0.6)
    assert attempt("right-password") == "in"
    actions = [e["action"] for e in auth_entries(store)]
    assert actions.count("sign_in_locked") == 1 and actions.count("sign_in") == 3


def auth_entries(store):
    from server import audit

    with store.reading() as conn:
        return audit.read_entries(conn)
