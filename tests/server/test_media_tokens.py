"""Tokens only in the Authorization header; players, which cannot send headers, open a camera's
video with a media token in ?access_token= (issue 19): made for one camera, valid a few
minutes, taken by that camera's video routes and by no other route."""
from __future__ import annotations

import re
import socket
import sqlite3
import time

import pytest
import requests

from server.auth import MEDIA_TTL, make_media_token, make_token

pytestmark = pytest.mark.timeout(120)
CAMERA, OTHER = "C00004", "C00008"   # HLS cameras of the demo world
RTSP_CAMERA, RTSP_OTHER = "C00002", "C00010"


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    from server.embedded import start_embedded

    server = start_embedded(f"sqlite:///{tmp_path_factory.mktemp('media') / 'server.db'}")
    yield server
    server.stop()


def _v1(srv, path: str) -> str:
    return f"{srv.url}/api/v1{path}"


def _bare(method: str, url: str, **kw) -> requests.Response:
    with requests.Session() as s:  # no token of the test harness
        r = s.request(method, url, timeout=30, stream=True, **kw)
        if r.headers.get("content-type", "").startswith("multipart/"):
            r.close()  # an MJPEG stream: the status line is all we need
        else:
            r.content  # noqa: B018
        return r


def _media(srv, camera: str, role: str = "commander") -> requests.Response:
    return _bare("GET", _v1(srv, f"/cameras/{camera}/media-token"),
                 headers=srv.auth_headers(role))


def _token(srv, camera: str, role: str = "commander") -> str:
    r = _media(srv, camera, role)
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _secret(srv) -> bytes:
    with sqlite3.connect(srv.db_url.removeprefix("sqlite:///")) as conn:
        return bytes.fromhex(conn.execute(
            "SELECT value FROM meta WHERE key='auth_secret'").fetchone()[0])


def test_a_media_token_is_made_for_one_camera_for_a_few_minutes(srv):
    r = _media(srv, CAMERA)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["camera_id"] == CAMERA and body["ttl_s"] == MEDIA_TTL <= 600
    from datetime import datetime, timezone
    left = (datetime.fromisoformat(body["expires_at"]) - datetime.now(timezone.utc)).total_seconds()
    assert MEDIA_TTL - 30 < left <= MEDIA_TTL
    # made with the token in the header only; not for an unknown camera
    assert _bare("GET", _v1(srv, f"/cameras/{CAMERA}/media-token")).status_code == 401
    assert _bare("GET", _v1(srv, f"/cameras/{CAMERA}/media-token"),
                 params={"access_token": body["token"]}).status_code == 401
    assert _media(srv, "C99999").status_code == 404
    # an observer watches video too; a trainer on a live database does not
    assert _media(srv, CAMERA, "observer").status_code == 200
    assert _media(srv, CAMERA, "trainer").status_code == 403


def test_the_video_routes_of_its_camera_take_it_from_the_url(srv):
    token = _token(srv, CAMERA)
    playlist = _bare("GET", _v1(srv, f"/cameras/{CAMERA}/hls/index.m3u8"),
                     params={"access_token": token})
    assert playlist.status_code == 200, playlist.text
    segments = [line for line in playlist.text.splitlines() if line.endswith(f"?access_token={token}")]
    assert segments, playlist.text  # the segments carry it: players resolve them relative
    seg = _bare("GET", _v1(srv, f"/cameras/{CAMERA}/hls/{segments[-1]}"))
    assert seg.status_code == 200 and seg.headers["content-type"] == "video/mp2t"
    mjpeg = _bare("GET", _v1(srv, f"/cameras/{CAMERA}/mjpeg"), params={"access_token": token})
    assert mjpeg.status_code == 200 and mjpeg.headers["content-type"].startswith("multipart/")
    clip = _bare("GET", _v1(srv, f"/cameras/{CAMERA}/clip.mp4"), params={"access_token": token})
    assert clip.status_code == 200 and clip.headers["content-type"] == "video/mp4"
    # the header still works on them, as before
    assert _bare("GET", _v1(srv, f"/cameras/{CAMERA}/hls/index.m3u8"),
                 headers=srv.auth_headers()).status_code == 200


def test_another_cameras_routes_refuse_it(srv):
    token = _token(srv, CAMERA)
    for path in (f"/cameras/{OTHER}/hls/index.m3u8", f"/cameras/{OTHER}/mjpeg",
                 f"/cameras/{OTHER}/clip.mp4", f"/cameras/{OTHER}/rtsp",
                 f"/cameras/{OTHER}/hls/seg1.ts"):
        r = _bare("GET", _v1(srv, path), params={"access_token": token})
        assert r.status_code == 403, (path, r.text)
        assert CAMERA in r.json()["detail"] and OTHER in r.json()["detail"]


def _fill(path: str) -> str:
    values = {"camera_id": CAMERA, "incident_id": "INC-0001", "sensor_id": "S000001",
              "identifier": "X", "name": "demo_observer", "segment": "1"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_no_other_route_takes_a_media_token(srv):
    """Every protected operation of the OpenAPI document, but a camera's video streams: a
    media token in the URL (or in the header) is 401."""
    from server.app import openapi_document

    token = _token(srv, CAMERA)
    tried = 0
    for path, ops in openapi_document()["paths"].items():
        for method, op in ops.items():
            schemes = {name for requirement in op.get("security", []) for name in requirement}
            if not schemes or "media_token" in schemes:
                continue  # public, or a video stream
            url = _v1(srv, _fill(path.removeprefix("/api/v1")))
            params = {"access_token": token, **({"after": 0} if "events" in path else {})}
            r = _bare(method.upper(), url, params=params, json={} if method == "post" else None)
            assert r.status_code == 401, (method, path, r.status_code, r.text[:300])
            assert "Authorization" in r.json()["detail"], r.text
            r = _bare(method.upper(), url, headers={"Authorization": f"Bearer {token}"},
                      params={"after": 0} if "events" in path else None,
                      json={} if method == "post" else None)
            assert r.status_code == 401, (method, path, r.status_code, r.text[:300])
            tried += 1
    assert tried >= 20  # the document lists them all: none was skipped by mistake


def test_expired_forged_and_login_tokens_are_not_media_tokens(srv):
    secret = _secret(srv)
    url = _v1(srv, f"/cameras/{CAMERA}/hls/index.m3u8")
    expired, _ = make_media_token(secret, "demo_commander", "commander", CAMERA,
                                  now=time.time() - MEDIA_TTL - 5)
    r = _bare("GET", url, params={"access_token": expired})
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    forged, _ = make_media_token(b"another server's secret", "demo_commander", "commander", CAMERA)
    assert _bare("GET", url, params={"access_token": forged}).status_code == 401
    # a login token signed by this server is no media token, nor the other way round
    login, _ = make_token(secret, "demo_commander", "commander")
    r = _bare("GET", url, params={"access_token": login})
    assert r.status_code == 401 and "URL" in r.json()["detail"]
    media = _token(srv, CAMERA)
    assert _bare("GET", _v1(srv, "/units"),
                 headers={"Authorization": f"Bearer {media}"}).status_code == 401
    # a disabled operator's media tokens stop with their account
    r = requests.post(_v1(srv, "/operators"), headers=srv.auth_headers("admin"), timeout=30,
                      json={"name": "media_gone", "role": "observer", "password": "x" * 12})
    assert r.status_code == 201, r.text
    gone, _ = make_media_token(secret, "media_gone", "observer", CAMERA)
    assert _bare("GET", url, params={"access_token": gone}).status_code == 200
    requests.post(_v1(srv, "/operators/media_gone/disable"), headers=srv.auth_headers("admin"),
                  timeout=30).raise_for_status()
    deadline = time.monotonic() + 15
    while _bare("GET", url, params={"access_token": gone}).status_code != 401:
        assert time.monotonic() < deadline, "a disabled operator's media token still works"
        time.sleep(0.5)


def _describe(url: str) -> int:
    """The status of an RTSP DESCRIBE of `url` (the RTSP server checks the token there)."""
    parts = re.match(r"rtsp://([^:/]+):(\d+)", url)
    with socket.create_connection((parts.group(1), int(parts.group(2))), timeout=10) as s:
        s.sendall(f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n".encode())
        status = s.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status.split()[1])


def test_rtsp_takes_a_media_token_of_its_camera_only(srv):
    token = _token(srv, RTSP_CAMERA)
    r = _bare("GET", _v1(srv, f"/cameras/{RTSP_CAMERA}/rtsp"), params={"access_token": token})
    assert r.status_code == 200, r.text
    stream = r.json()["url"]
    assert _describe(f"{stream}?access_token={token}") == 200
    assert _describe(stream) == 401
    assert _describe(f"{stream}?access_token={srv.token()}") == 401  # a login token
    other = stream.replace(RTSP_CAMERA, RTSP_OTHER)
    assert _describe(f"{other}?access_token={token}") == 401  # another camera's
    assert _describe(f"{other}?access_token={_token(srv, RTSP_OTHER)}") == 200
