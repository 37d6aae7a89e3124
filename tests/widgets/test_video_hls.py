"""HLS and MP4 over HTTP from a real simulator process, played by a VideoTile through
QMediaPlayer: frames read from the video sink and the camera's own colour checked in pixels."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtMultimedia import QMediaPlayer

from server.video import HEIGHT, WIDTH, camera_colour
from server.embedded import start_embedded
from tests.widgets.test_video_tile import media_token, simulate, video_server  # noqa: F401
from tests.widgets.test_video_tile import near as _near
from widgets.video_tile import FROZEN, PLAYING, RETRYING, VideoTile


def near(colour, expected, tol=20) -> bool:
    return _near(colour, expected, tol)


@pytest.fixture
def tile(qtbot):
    # freeze_after as in production: a live HLS player may wait a moment between segments
    t = VideoTile(freeze_after=5.0, backoff_first=0.3, backoff_max=0.6)
    qtbot.addWidget(t)
    t.resize(320, 180)
    t.show()
    yield t
    t.stop()


def signed(srv, path: str) -> str:
    """A playable stream URL: a media token of the path's camera in the query."""
    camera = path.split("/cameras/", 1)[1].split("/", 1)[0]
    return f"{srv.url}{path}?access_token={media_token(srv, camera)}"


def band_colour(tile) -> tuple[int, int, int]:
    img = tile.current_image()
    return img.pixelColor(img.width() // 2, img.height() - 8).getRgb()[:3]


def refused(status: str):
    """A test that asks for a stream the server refuses on purpose: Qt logs FFmpeg's reason
    as a warning, expected here; the tile's own words for it are what the test checks."""
    return pytest.mark.qt_log_ignore(
        rf"^Could not open media\. FFmpeg error description: Server returned {status}\b")


def test_hls_camera_plays_live_through_the_video_sink(video_server, tile, qtbot):
    # the server refuses unsigned requests: frames arriving prove every segment carried the token
    tile.set_camera("C00016", "HLS 摄像头", signed(video_server, "/api/v1/cameras/C00016/hls/index.m3u8"))
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 5, timeout=30000)
    assert tile.state == PLAYING and tile.status_text() == "播放中"
    img = tile.current_image()
    assert (img.width(), img.height()) == (WIDTH, HEIGHT)
    assert near(band_colour(tile), camera_colour("C00016"))
    # live: it keeps going past the first segment (2 s = 24 frames) as the playlist slides on
    qtbot.waitUntil(lambda: tile.frames >= 60, timeout=30000)
    assert tile.state == PLAYING


def test_no_stream_token_reaches_the_console_output(video_server, tile, qtbot, capfd):
    """FFmpeg's INFO log names each URL it opens, token included; the console keeps it to
    errors, so even a media token never lands in whatever collects stderr."""
    url = signed(video_server, "/api/v1/cameras/C00020/hls/index.m3u8")
    token = url.rsplit("access_token=", 1)[1]
    capfd.readouterr()
    tile.set_camera("C00020", "", url)
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 30, timeout=30000)  # several segments opened
    out, err = capfd.readouterr()
    assert token not in err and token not in out


def test_hls_segments_keep_the_access_token(video_server):
    token = media_token(video_server, "C00016")
    r = requests.get(f"{video_server.url}/api/v1/cameras/C00016/hls/index.m3u8",
                     params={"access_token": token}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apple.mpegurl"
    segments = [line for line in r.text.splitlines() if line and not line.startswith("#")]
    assert segments and all(s.endswith(f".ts?access_token={token}") for s in segments)
    base = f"{video_server.url}/api/v1/cameras/C00016/hls/"
    seg = requests.get(base + segments[-1], timeout=30)
    assert seg.status_code == 200 and seg.content[0] == 0x47          # MPEG-TS sync byte
    assert requests.get(base + segments[-1].split("?")[0], timeout=10).status_code == 401


def test_mp4_over_http_plays_and_loops(video_server, tile, qtbot):
    tile.set_camera("C00017", "", signed(video_server, "/api/v1/cameras/C00017/clip.mp4"))
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 3, timeout=30000)
    assert near(band_colour(tile), camera_colour("C00017"))
    qtbot.waitUntil(lambda: tile.frames >= 60, timeout=30000)   # 48 frames in the clip: it looped
    assert tile.state == PLAYING


@refused("404 Not Found")
def test_missing_hls_playlist_shows_a_reason_and_retries(video_server, tile, qtbot):
    attempts = []
    tile.state_changed.connect(lambda state, _t: attempts.append(state))
    # the server makes no media token for a camera it does not have: one signed with its
    # secret (read from its database) gets past the token check to the 404
    import sqlite3

    from server.auth import make_media_token
    with sqlite3.connect(video_server.db_url.removeprefix("sqlite:///")) as conn:
        secret = bytes.fromhex(conn.execute(
            "SELECT value FROM meta WHERE key='auth_secret'").fetchone()[0])
    token, _ = make_media_token(secret, "demo_commander", "commander", "NOPE")
    tile.set_camera("NOPE", "", f"{video_server.url}/api/v1/cameras/NOPE/hls/index.m3u8"
                                f"?access_token={token}")
    tile.play()
    # the player only says it could not open the file; the tile asks the server why
    qtbot.waitUntil(lambda: "摄像头不存在（服务器返回 404）" in tile.status_text(), timeout=20000)
    assert tile.state == RETRYING and "重连中" in tile.status_text()
    qtbot.waitUntil(lambda: attempts.count(RETRYING) >= 2, timeout=20000)
    assert tile.current_image() is None


@refused("401 Unauthorized")
def test_unsigned_hls_url_says_sign_in_again(video_server, tile, qtbot):
    tile.set_camera("C00016", "", f"{video_server.url}/api/v1/cameras/C00016/hls/index.m3u8")
    tile.play()
    qtbot.waitUntil(lambda: "服务器返回 401" in tile.status_text(), timeout=20000)
    assert "请重新登录" in tile.status_text() and tile.current_image() is None


@refused("5XX Server Error")
def test_hls_camera_going_dark_is_reported_then_recovers(video_server, tile, qtbot):
    tile.set_camera("C00020", "", signed(video_server, "/api/v1/cameras/C00020/hls/index.m3u8"))
    tile.play()
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=30000)
    simulate(video_server, "C00020", "dark")
    try:
        qtbot.waitUntil(lambda: tile.state in (RETRYING, FROZEN), timeout=30000)
        qtbot.waitUntil(lambda: "503" in tile.status_text(), timeout=40000)
    finally:
        simulate(video_server, "C00020", "live")
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=30000)


def test_rtsp_camera_plays_through_the_video_sink(video_server, tile, qtbot):
    r = requests.get(f"{video_server.url}/api/v1/cameras/C00018/rtsp",
                     headers=video_server.auth_headers(), timeout=10)
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    assert url.startswith("rtsp://127.0.0.1:")
    tile.set_camera("C00018", "RTSP 摄像头", f"{url}?access_token={media_token(video_server, 'C00018')}")
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 5, timeout=30000)
    assert tile.state == PLAYING
    img = tile.current_image()
    assert (img.width(), img.height()) == (WIDTH, HEIGHT)
    assert near(band_colour(tile), camera_colour("C00018"))
    first = img.copy()
    qtbot.waitUntil(lambda: tile.current_image() != first, timeout=5000)   # live: it moves


def test_rtsp_locator_camera_asks_where_its_stream_is_then_plays(video_server, tile, qtbot):
    """A seeded RTSP camera's stream_url is the server's locator: the tile asks it (without
    blocking), carries the token over to the rtsp:// URL and plays through the video sink."""
    cams = requests.get(f"{video_server.url}/api/v1/cameras", headers=video_server.auth_headers(),
                        timeout=10).json()
    record = next(c for c in cams if c["id"] == "C00010")
    assert record["stream_url"] == "/api/v1/cameras/C00010/rtsp"
    tile._media_auth = lambda url: video_server.token()   # as the console's wall gives it
    tile.set_camera("C00010", "RTSP 摄像头", f"{video_server.url}{record['stream_url']}")
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 5, timeout=30000)
    assert tile.state == PLAYING
    assert near(band_colour(tile), camera_colour("C00010"))


@pytest.fixture(scope="module")
def brief_tokens_server(tmp_path_factory):
    """A server whose media tokens live 8 s: renewals happen within a test."""
    srv = start_embedded(f"sqlite:///{tmp_path_factory.mktemp('brief') / 'server.db'}",
                         extra_args=["--media-token-ttl", "8s"])
    yield srv
    srv.stop()


def test_hls_plays_on_across_media_token_renewals(brief_tokens_server, qtbot):
    """An HLS player reloads its playlist every 2 s with the URL it was given: the tile renews
    the media token before it expires and moves the player to the new URL, so the picture goes
    on without a failure although each token is long dead."""
    srv = brief_tokens_server
    tile = VideoTile(freeze_after=5.0, backoff_first=0.3, backoff_max=0.6,
                     media_auth=lambda url: srv.token())
    qtbot.addWidget(tile)
    tile.show()
    states = []
    tile.state_changed.connect(lambda state, _text: states.append(state))
    try:
        tile.set_camera("C00016", "", f"{srv.url}/api/v1/cameras/C00016/hls/index.m3u8")
        tile.play()
        qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=30000)
        first, frames = tile._play_url, tile.frames
        states.clear()
        qtbot.wait(20000)                     # two and a half tokens' lives
        assert RETRYING not in states and tile.state == PLAYING, states
        assert tile._play_url != first and tile.frames > frames + 120
        assert near(band_colour(tile), camera_colour("C00016"))
        with requests.Session() as s:         # the first token is dead: renewing was needed
            assert s.get(first, timeout=10).status_code == 401
    finally:
        tile.stop()


def test_rtsp_locator_failures_are_said_in_words(video_server, tile, qtbot):
    tile._media_auth = lambda url: video_server.token()   # as the console's wall gives it
    tile.set_camera("C99990", "", f"{video_server.url}/api/v1/cameras/C99990/rtsp")
    tile.play()  # no media token for a camera the server does not have
    qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=20000)
    assert "404" in tile.status_text() and tile.current_image() is None
    tile._media_auth = None
    tile.set_camera("C00010", "", f"{video_server.url}/api/v1/cameras/C00010/rtsp")  # no token
    qtbot.waitUntil(lambda: tile.state == RETRYING and "401" in tile.status_text(), timeout=20000)


@refused("401 Unauthorized")
def test_rtsp_without_a_token_is_refused(video_server, tile, qtbot):
    url = requests.get(f"{video_server.url}/api/v1/cameras/C00018/rtsp",
                       headers=video_server.auth_headers(), timeout=10).json()["url"]
    tile.set_camera("C00018", "", url)
    tile.play()
    qtbot.waitUntil(lambda: tile.state == RETRYING, timeout=20000)
    # no HTTP to ask here: the tile asks the RTSP server itself, and says its refusal in words
    assert "失败：无权观看该视频，请重新登录（服务器返回 401）" in tile.status_text()
    assert tile.current_image() is None


def test_frozen_hls_camera_is_marked_frozen(video_server, tile, qtbot):
    tile.freeze_after = 1.5
    tile.set_camera("C00024", "", signed(video_server, "/api/v1/cameras/C00024/hls/index.m3u8"))
    tile.play()
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=30000)
    simulate(video_server, "C00024", "frozen")
    try:
        # the segments already buffered still move; the frozen ones repeat one picture exactly
        qtbot.waitUntil(lambda: tile.state == FROZEN, timeout=30000)
        assert tile.status_text().startswith("画面冻结")
        frames = tile.frames
        qtbot.waitUntil(lambda: tile.frames > frames + 3, timeout=10000)   # frames still arrive ...
        assert tile.state == FROZEN                                       # ... the same picture
    finally:
        simulate(video_server, "C00024", "live")
    qtbot.waitUntil(lambda: tile.state == PLAYING, timeout=30000)


def test_a_clip_loops_and_a_live_stream_on_the_same_tile_gets_no_loops(video_server, tile, qtbot, qtlog):
    """Loops are for recordings: set once a clip has loaded and proved seekable, back to one
    pass before the next source loads, and never asked of a live stream (Qt warns, and could
    not loop it anyway)."""
    clip = (Path(__file__).resolve().parents[2] / "resources" / "video" / "test-clip.mp4").as_uri()
    tile.set_camera("FILE", "", clip)
    tile.play()
    qtbot.waitUntil(lambda: tile.frames >= 25, timeout=20000)   # 20 frames in the clip: it looped
    player = tile._player
    assert player.isSeekable() and player.loops() == QMediaPlayer.Loops.Infinite
    changes = []   # (loops, source) at every change of the loop count from here on
    player.loopsChanged.connect(lambda: changes.append((player.loops(), player.source().toString())))

    tile.set_camera("C00016", "", signed(video_server, "/api/v1/cameras/C00016/hls/index.m3u8"))
    qtbot.waitUntil(lambda: tile.frames >= 30, timeout=30000)   # live, past its first segment
    assert tile.state == PLAYING and not player.isSeekable() and player.loops() == 1
    assert changes == [(1, "")]                 # reset while nothing was loaded, nothing since
    # Qt 6.12 warns on loading any source it cannot seek in, loops asked or not: that one warning
    # for the live load, and none from the tile
    assert [r.message for r in qtlog.records if "loops" in r.message] == [
        "Cannot set loops for non-seekable source"]

    tile.set_camera("FILE", "", clip)           # and a clip after a live stream loops again
    qtbot.waitUntil(lambda: tile.frames >= 25, timeout=20000)
    assert player.loops() == QMediaPlayer.Loops.Infinite and tile.state == PLAYING
    assert changes == [(1, ""), (QMediaPlayer.Loops.Infinite, clip)]
