"""A video tile against a real simulator stream: frames decoded, pixels checked, and a dead,
dark or frozen stream reported in words rather than hanging."""
from __future__ import annotations

import pytest
import requests

from server.embedded import free_port, start_embedded
from server.video import camera_colour
from widgets import video_tile
from widgets.video_mjpeg import MultipartParser, boundary_of
from core.retry import backoff_delay
from widgets.video_tile import FAILED, FROZEN, PLAYING, RETRYING, VideoTile


@pytest.fixture(scope="module")
def video_server(tmp_path_factory):
    """One real server process (SQLite, demo world) for the module's streams."""
    srv = start_embedded(f"sqlite:///{tmp_path_factory.mktemp('video') / 'server.db'}")
    yield srv
    srv.stop()


def simulate(srv, camera_id: str, state: str) -> None:
    r = requests.post(f"{srv.url}/api/v1/cameras/{camera_id}/simulate", json={"state": state},
                      headers=srv.auth_headers(), timeout=10)
    assert r.status_code == 200, r.text


def media_token(srv, camera_id: str) -> str:
    """A media token of the camera, as a tile gets one: the operator's token in the header."""
    r = requests.get(f"{srv.url}/api/v1/cameras/{camera_id}/media-token",
                     headers=srv.auth_headers(), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["token"]


def stream(srv, camera_id: str) -> str:
    """A playable URL: the server refuses streams without a media token of that camera."""
    return f"{srv.url}/api/v1/cameras/{camera_id}/mjpeg?access_token={media_token(srv, camera_id)}"


def near(colour, expected, tol=14) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(colour, expected))


@pytest.fixture
def tile(qtbot):
    t = VideoTile(freeze_after=1.0, backoff_first=0.2, backoff_max=0.4)
    qtbot.addWidget(t)
    t.resize(320, 180)
    t.show()
    yield t
    t.stop()


def band_colour(tile) -> tuple[int, int, int]:
    img = tile.current_image()
    return img.pixelColor(img.width() // 2, img.height() - 6).getRgb()[:3]


# -- the multipart reader, no server --------------------------------------------------------------
def test_parser_splits_parts_cut_anywhere_with_or_without_length():
    body = (b"--b\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\nAAAA\r\n"
            b"--b\r\nContent-Type: image/jpeg\r\n\r\nBBBBBB\r\n--b\r\n\r\nCC\r\n--b")
    for cut in range(1, len(body)):
        parser = MultipartParser(b"b")
        assert parser.feed(body[:cut]) + parser.feed(body[cut:]) == [b"AAAA", b"BBBBBB", b"CC"]


def test_boundary_header_forms_and_marker_fallback():
    assert boundary_of('multipart/x-mixed-replace; boundary="--myboundary"') == b"myboundary"
    assert boundary_of("multipart/x-mixed-replace;boundary=frame") == b"frame"
    assert boundary_of("multipart/x-mixed-replace") is None
    parser = MultipartParser(None)
    assert parser.feed(b"junk\xff\xd8one\xff\xd9--x\r\n\xff\xd8tw") == [b"\xff\xd8one\xff\xd9"]
    assert parser.feed(b"o\xff\xd9") == [b"\xff\xd8two\xff\xd9"]


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_delay(n - 1, 1.0, 30.0, jitter=False) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


# -- real streams -----------------------------------------------------------------------------------
def test_mjpeg_stream_decodes_to_the_cameras_own_picture(video_server, tile, qtbot):
    tile.set_camera("C00003", "东三环视频", stream(video_server, "C00003"))
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 3, timeout=15000)
    assert tile.state == PLAYING and tile.status_text() == "播放中"
    assert tile.current_image().width() == 320
    assert near(band_colour(tile), camera_colour("C00003"))
    # the pattern moves: the picture keeps changing
    first = tile.current_image().copy()
    qtbot.waitUntil(lambda: tile.current_image() != first, timeout=5000)
    tile.set_camera("C00004", "另一路", stream(video_server, "C00004"))
    qtbot.waitUntil(lambda: tile.frames >= 2, timeout=15000)
    assert near(band_colour(tile), camera_colour("C00004"))
    assert camera_colour("C00003") != camera_colour("C00004")


def test_qmediaplayer_path_frames_come_through_the_video_sink(video_server, tile, qtbot, monkeypatch):
    monkeypatch.setattr(video_tile, "is_mjpeg", lambda url: False)   # FFmpeg plays it instead
    tile.set_camera("C00005", "", stream(video_server, "C00005"))
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 3, timeout=20000)
    assert tile._sink is not None and tile.state == PLAYING
    assert near(band_colour(tile), camera_colour("C00005"), tol=20)


def test_closed_port_shows_the_reason_and_retries(tile, qtbot):
    tile.set_camera("C00006", "", f"http://127.0.0.1:{free_port()}/api/v1/cameras/C00006/mjpeg")
    attempts = []
    tile.state_changed.connect(lambda state, _t: attempts.append(state))
    tile.play()
    qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=10000)
    assert "失败：无法连接视频服务器（连接被拒绝）" in tile.status_text()
    assert "重连中" in tile.status_text()
    qtbot.waitUntil(lambda: attempts.count(RETRYING) >= 2, timeout=10000)   # it tried again
    assert tile.current_image() is None


def test_dark_camera_says_no_signal_then_recovers(video_server, tile, qtbot):
    simulate(video_server, "C00007", "dark")
    try:
        tile.set_camera("C00007", "", stream(video_server, "C00007"))
        tile.play()
        qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=10000)
        assert "摄像头无信号（服务器返回 503）" in tile.status_text()
    finally:
        simulate(video_server, "C00007", "live")
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=15000)


def test_camera_going_dark_mid_stream_is_reported(video_server, tile, qtbot):
    tile.set_camera("C00008", "", stream(video_server, "C00008"))
    tile.play()
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=15000)
    simulate(video_server, "C00008", "dark")
    try:
        qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=10000)
        assert "视频流中断" in tile.status_text() or "503" in tile.status_text()
    finally:
        simulate(video_server, "C00008", "live")


def test_frozen_stream_is_detected_and_clears_when_it_moves_again(video_server, tile, qtbot):
    tile.set_camera("C00009", "", stream(video_server, "C00009"))
    tile.play()
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=15000)
    simulate(video_server, "C00009", "frozen")
    try:
        qtbot.waitUntil(lambda: tile.state == FROZEN, timeout=10000)
        assert tile.status_text().startswith("画面冻结")
        frames = tile.frames
        qtbot.waitUntil(lambda: tile.frames > frames + 2, timeout=5000)   # frames still arrive ...
        assert tile.state == FROZEN                                      # ... but the same picture
    finally:
        simulate(video_server, "C00009", "live")
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=10000)


def test_the_tile_trades_the_operators_token_for_a_media_token(video_server, qtbot):
    """As the console plays its server's cameras: the URL carries no token; the tile asks the
    server for a media token of the camera (the operator's token in the header) and plays."""
    plain = f"{video_server.url}/api/v1/cameras/C00011/mjpeg"
    asked = []

    def media_auth(url: str) -> str:
        asked.append(url)
        return video_server.token()

    tile = VideoTile(freeze_after=1.0, backoff_first=0.2, backoff_max=0.4, media_auth=media_auth)
    qtbot.addWidget(tile)
    tile.show()
    try:
        tile.set_camera("C00011", "", plain)
        tile.play()
        qtbot.waitUntil(lambda: tile.frames >= 3, timeout=15000)
        assert tile.state == PLAYING and near(band_colour(tile), camera_colour("C00011"))
        assert asked == [plain] and tile.url == plain
        assert "access_token=" in tile._play_url and video_server.token() not in tile._play_url
        # cut off: it reconnects with a media token asked for anew
        simulate(video_server, "C00011", "dark")
        try:
            qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=10000)
        finally:
            simulate(video_server, "C00011", "live")
        qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=15000)
        assert len(asked) >= 2
    finally:
        tile.stop()


def test_a_camera_opened_again_reuses_its_fresh_media_token_without_a_round_trip(video_server, qtbot):
    """The benchmark saw +60 ms to a tile's first frame once a media token had to be asked
    for first; a camera opened again (another grid, another incident) while its token is fresh
    starts at once with it."""
    plain = f"{video_server.url}/api/v1/cameras/C00013/mjpeg"
    first = VideoTile(freeze_after=1.0, media_auth=lambda url: video_server.token())
    second = VideoTile(freeze_after=1.0, media_auth=lambda url: video_server.token())
    for t in (first, second):
        qtbot.addWidget(t)
        t.show()
    try:
        first.set_camera("C00013", "", plain)
        first.play()
        qtbot.waitUntil(lambda: first.frames >= 1, timeout=15000)
        second.set_camera("C00013", "", plain)
        second.play()
        assert second._minting == 0 and second._play_url == first._play_url   # no request: at once
        qtbot.waitUntil(lambda: second.frames >= 1, timeout=15000)
        assert second.state == PLAYING
    finally:
        first.stop()
        second.stop()


def test_a_login_token_cannot_open_a_stream_and_a_refused_media_token_is_said(video_server, tile, qtbot):
    tile.set_camera("C00012", "", f"{video_server.url}/api/v1/cameras/C00012/mjpeg"
                                  f"?access_token={video_server.token()}")
    tile.play()
    qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=10000)
    assert "无权观看该视频" in tile.status_text() and "401" in tile.status_text()
    # another camera's media token
    tile.set_camera("C00012", "", f"{video_server.url}/api/v1/cameras/C00012/mjpeg"
                                  f"?access_token={media_token(video_server, 'C00013')}")
    qtbot.waitUntil(lambda: tile.state == RETRYING and "403" in tile.status_text(), timeout=10000)


def test_camera_without_a_stream_url_says_so(tile):
    tile.set_camera("C00010", "无地址", None)
    tile.play()
    assert tile.state == FAILED and tile.status_text() == "失败：该摄像头没有视频地址"


def test_mp4_file_plays_through_qmediaplayer_and_loops(tile, qtbot):
    from pathlib import Path
    clip = Path(__file__).resolve().parents[2] / "resources" / "video" / "test-clip.mp4"
    tile.set_camera("FILE", "测试片段", clip.as_uri())
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 3, timeout=20000)
    img = tile.current_image()
    assert (img.width(), img.height()) == (160, 96)
    assert near(img.pixelColor(80, 80).getRgb()[:3], (0x28, 0x50, 0xC8), tol=20)
    qtbot.waitUntil(lambda: tile.frames >= 25, timeout=20000)   # 20 frames in the clip: it looped
    assert tile.state == PLAYING and "失败" not in tile.status_text()
