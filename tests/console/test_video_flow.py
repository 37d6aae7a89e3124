"""The whole console: selecting an incident fills the wall with the cameras that see it, every
tile shows live video from the demo server, and a snapshot lands on the incident timeline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from core.video_rank import rank


def _incident_with_cameras(shell, at_least: int) -> str:
    flow = shell.video
    # the demo world has 3,000 cameras over two districts: 2-10 within 500 m of each incident
    for inc_id in sorted(shell.state.records("incidents")):
        if len(flow.nearest(inc_id, 16)) >= at_least:
            return inc_id
    raise AssertionError(f"no demo incident has {at_least} cameras within {flow.radius_m:.0f} m")


@pytest.mark.timeout(180)
def test_selected_incident_fills_the_wall_and_a_snapshot_reaches_the_timeline(make_shell, qtbot, run_coro):
    shell = make_shell()
    window, state, flow = shell.window, shell.state, shell.video
    window.show_panel("video_wall")
    wall = window.panel("video_wall")
    assert flow.wall is wall
    inc_id = _incident_with_cameras(shell, 4)
    inc = state.get("incidents", inc_id)

    state.select("incidents", inc_id)
    # the same answer as looking at every camera of the picture
    index_free = rank(inc["lon"], inc["lat"], [
        (c, flow._index.distance_m(c["lon"], c["lat"], inc["lon"], inc["lat"]))
        for c in state.records("cameras").values()
        if flow._index.distance_m(c["lon"], c["lat"], inc["lon"], inc["lat"]) <= flow.radius_m], wall.grid_size)
    assert wall.cameras() == [r.camera_id for r in index_free]
    assert flow.incident_id == inc_id
    qtbot.waitUntil(lambda: all(t.frames >= 1 for t in wall.tiles()), timeout=20_000)
    assert [t.camera_id for t in wall.tiles()] == wall.cameras()[:4]
    # no URL carries the operator's token: each tile traded it (in a header) for a media
    # token of its camera, which the server takes on that camera's video routes only
    login = shell.sync.api.bearer_token
    for tile in wall.tiles():
        assert "access_token" not in tile.url and login not in tile._play_url
        media = tile._play_url.rsplit("access_token=", 1)[1]
        other = next(c for c in wall.cameras() if c != tile.camera_id)
        with requests.Session() as s:
            assert s.get(f"{shell.embedded.url}/api/v1/cameras/{other}/clip.mp4",
                         params={"access_token": media}, timeout=10).status_code == 403
            assert s.get(f"{shell.embedded.url}/api/v1/units", params={"access_token": media},
                         timeout=10).status_code == 401

    # snapshot of the second tile: a PNG in the data folder and a note on the incident
    qtbot.mouseClick(wall.tiles()[1], Qt.MouseButton.LeftButton)
    saved = []
    flow.snapshot_saved.connect(lambda cid, path: saved.append((cid, path)))
    wall.snapshot_action.trigger()
    assert saved and saved[0][0] == wall.cameras()[1]
    png = Path(saved[0][1])
    assert png.parent == shell.data_dir / "snapshots" and png.stat().st_size > 1000
    assert QImage(str(png)).width() == 320

    def noted() -> bool:
        record = run_coro(shell.incidents.fetch_record(inc_id))
        return any("视频截图" in json.dumps(e, ensure_ascii=False) and png.name in json.dumps(e, ensure_ascii=False)
                   for e in record.get("timeline", []))
    qtbot.waitUntil(noted, timeout=20_000)


@pytest.mark.timeout(180)
def test_map_menu_and_shortcut_raise_the_wall_and_a_dark_camera_says_why(make_shell, qtbot):
    shell = make_shell()
    window, flow = shell.window, shell.video
    inc_id = _incident_with_cameras(shell, 1)
    window.docks["video_wall"].hide()
    window.central.cameras_requested.emit(inc_id)          # map context menu 500米内的摄像头
    assert window.docks["video_wall"].isVisible() and flow.incident_id == inc_id
    wall = window.panel("video_wall")
    first = wall.tiles()[0]
    qtbot.waitUntil(lambda: first.frames >= 1, timeout=20_000)

    r = requests.post(f"{shell.embedded.url}/api/v1/cameras/{first.camera_id}/simulate",
                      json={"state": "dark"}, headers=shell.embedded.auth_headers(), timeout=10)
    assert r.status_code == 200
    qtbot.waitUntil(lambda: first.state == "retrying", timeout=20_000)
    assert "失败" in first.status_text() and "重连中" in first.status_text()

    window.docks["video_wall"].hide()
    shell.state.select("incidents", "")
    assert "调阅附近视频" in [a.text() for a in window.command_menu.actions()]
    shell.state.select("incidents", inc_id)
    flow.action.trigger()                                   # Ctrl+Shift+V: 调阅附近视频
    assert window.docks["video_wall"].isVisible()

    # a camera activated in the incident detail's 周边视频 tab plays large on the wall
    cid = sorted(shell.state.records("cameras"))[7]
    window.panel("incident_detail").camera_activated.emit(cid)
    assert wall.tiles()[0].camera_id == cid and wall.cameras()[0] == cid
    assert [t.isVisible() for t in wall.tiles()] == [True] + [False] * (len(wall.tiles()) - 1)
    qtbot.waitUntil(lambda: wall.tiles()[0].frames >= 1, timeout=20_000)
