"""The video wall: grid sizes, enlarge, remembered layout, every tile live, snapshot."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from core.state import LiveState
from server.video import camera_colour
from tests.widgets.test_video_tile import near, video_server  # noqa: F401 (fixture)
from widgets.video_tile import PLAYING
from widgets.video_wall import VideoWall


def cameras(n: int, start: int = 20) -> list[dict]:
    return [{"id": f"C{i:05d}", "name": f"视频点位{i:05d}", "lon": 116.45, "lat": 39.92, "direction": 0,
             "stream_url": f"/api/v1/cameras/C{i:05d}/mjpeg"} for i in range(start, start + n)]


def make_wall(qtbot, tmp_path, state=None, base=None, token=None):
    qs = QSettings(str(tmp_path / "wall.ini"), QSettings.Format.IniFormat)
    # as the console: plain URLs, the tiles trade the operator's token for media tokens
    wall = VideoWall(state or LiveState(), qsettings=qs,
                     resolve_url=lambda url: f"{base}{url}" if base else None,
                     media_auth=(lambda url: token) if token else None)
    qtbot.addWidget(wall)
    wall.resize(800, 500)
    return wall


def test_grid_sizes_by_toolbar_and_shortcut_and_remembered(qtbot, tmp_path):
    state = LiveState()
    state.replace("cameras", cameras(16))
    wall = make_wall(qtbot, tmp_path, state)
    wall.show()
    assert wall.grid_size == 4 and len(wall.tiles()) == 4
    wall.grid_actions[9].trigger()
    assert len(wall.tiles()) == 9 and all(t.isVisible() for t in wall.tiles())
    wall.activateWindow()
    wall.setFocus()
    qtbot.waitUntil(wall.hasFocus, timeout=5000)
    qtbot.keyClick(wall, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert wall.grid_size == 16 and sum(t.isVisible() for t in wall._tiles) == 16
    wall.show_cameras([c["id"] for c in cameras(16)][::-1])
    wall.grid_actions[1].trigger()
    assert [t.camera_id for t in wall.tiles()] == ["C00035"]
    wall.close()
    again = make_wall(qtbot, tmp_path, state)
    assert again.grid_size == 1 and again.cameras()[:2] == ["C00035", "C00034"]
    assert again.grid_actions[1].isChecked()


def test_double_click_enlarges_one_tile_and_again_restores(qtbot, tmp_path):
    wall = make_wall(qtbot, tmp_path)
    wall.show()
    tiles = wall.tiles()
    qtbot.mouseDClick(tiles[2], Qt.MouseButton.LeftButton)
    assert [t.isVisible() for t in tiles] == [False, False, True, False]
    qtbot.waitUntil(lambda: tiles[2].width() > 700, timeout=5000)
    qtbot.mouseDClick(tiles[2], Qt.MouseButton.LeftButton)
    assert all(t.isVisible() for t in tiles)
    qtbot.waitUntil(lambda: tiles[2].width() < 420 and tiles[2].x() < tiles[3].x(), timeout=5000)


def test_every_tile_plays_its_camera_and_stops_when_hidden(video_server, qtbot, tmp_path):  # noqa: F811
    state = LiveState()
    cams = cameras(4, start=40)
    state.replace("cameras", cams)
    wall = make_wall(qtbot, tmp_path, state, base=video_server.url, token=video_server.token())
    wall.show_cameras([c["id"] for c in cams])
    assert not any(t.is_playing for t in wall.tiles())      # not on screen: nothing streams
    wall.show()
    qtbot.waitUntil(lambda: all(t.frames >= 2 for t in wall.tiles()), timeout=20000)
    for tile, cam in zip(wall.tiles(), cams):
        img = tile.current_image()
        assert tile.state == PLAYING and tile.name == cam["name"]
        assert near(img.pixelColor(img.width() // 2, img.height() - 6).getRgb()[:3], camera_colour(cam["id"]))
    got = []
    wall.snapshot_requested.connect(lambda cid, image: got.append((cid, image)))
    qtbot.mouseClick(wall.tiles()[3], Qt.MouseButton.LeftButton)
    wall.snapshot_action.trigger()
    assert got and got[0][0] == "C00043" and got[0][1].width() == 320
    wall.hide()
    assert not any(t.is_playing for t in wall.tiles())


def test_camera_not_in_the_picture_yet_waits_instead_of_failing(qtbot, tmp_path):
    state = LiveState()
    wall = make_wall(qtbot, tmp_path, state, base="http://127.0.0.1:9")
    wall.show()
    wall.show_cameras(["C00050"])
    tile = wall.tiles()[0]
    assert tile.camera_id == "C00050" and not tile.is_playing and tile.state == "idle"
    state.replace("cameras", cameras(1, start=50))
    assert tile.is_playing and tile.url == "http://127.0.0.1:9/api/v1/cameras/C00050/mjpeg"
    wall.hide()
