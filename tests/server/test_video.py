"""The simulator's camera streams, read over real HTTP from a real server process."""
from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from server.video import BOUNDARY, HEIGHT, WIDTH, camera_colour
from widgets.video_mjpeg import MultipartParser, boundary_of


@pytest.fixture
def sqlite_server(launch, tmp_path):
    return launch(f"sqlite:///{tmp_path / 'server.db'}")


def read_frames(url: str, n: int) -> list[bytes]:
    with requests.get(url, stream=True, timeout=10) as r:
        assert r.status_code == 200, r.text
        assert boundary_of(r.headers["Content-Type"]) == BOUNDARY.encode()
        parser, frames = MultipartParser(BOUNDARY.encode()), []
        for chunk in r.iter_content(4096):
            frames += parser.feed(chunk)
            if len(frames) >= n:
                return frames[:n]
    raise AssertionError(f"stream ended after {len(frames)} frames")


def simulate(srv, camera_id, state):
    return requests.post(f"{srv.url}/api/v1/cameras/{camera_id}/simulate", json={"state": state}, timeout=10)


def test_seeded_cameras_carry_their_stream_url(sqlite_server):
    cams = requests.get(f"{sqlite_server.url}/api/v1/cameras", timeout=10).json()
    assert len(cams) == 3000
    hls = [c for c in cams if c["stream_url"] == f"/api/v1/cameras/{c['id']}/hls/index.m3u8"]
    rtsp = [c for c in cams if c["stream_url"] == f"/api/v1/cameras/{c['id']}/rtsp"]
    mjpeg = [c for c in cams if c["stream_url"] == f"/api/v1/cameras/{c['id']}/mjpeg"]
    assert len(hls) == 750 and len(rtsp) == 375 and len(mjpeg) == 1875  # 1 in 4 HLS, 1 in 8 RTSP
    assert all(int(c["id"][1:]) % 4 == 0 for c in hls)
    assert all(int(c["id"][1:]) % 8 == 2 for c in rtsp)


def test_mjpeg_frames_are_jpegs_of_that_camera_and_they_move(sqlite_server):
    frames = read_frames(f"{sqlite_server.url}/api/v1/cameras/C00012/mjpeg", 4)
    images = [Image.open(io.BytesIO(f)).convert("RGB") for f in frames]
    assert all(im.size == (WIDTH, HEIGHT) for im in images)
    band = images[0].getpixel((WIDTH // 2, HEIGHT - 6))
    assert all(abs(a - b) <= 12 for a, b in zip(band, camera_colour("C00012")))
    assert len(set(frames)) == 4                       # scrolling pattern and clock: all differ


def test_dark_camera_refuses_and_ends_open_streams_then_comes_back(sqlite_server):
    url = f"{sqlite_server.url}/api/v1/cameras/C00013/mjpeg"
    with requests.get(url, stream=True, timeout=10) as live:
        assert simulate(sqlite_server, "C00013", "dark").json()["state"] == "dark"
        body = b"".join(live.iter_content(4096))      # returns: the server ended the stream
        assert body.count(b"--" + BOUNDARY.encode()) >= 1
    r = requests.get(url, timeout=10)
    assert r.status_code == 503 and "无信号" in r.json()["detail"] and r.headers["Retry-After"] == "5"
    simulate(sqlite_server, "C00013", "live")
    assert len(read_frames(url, 2)) == 2


def test_frozen_camera_repeats_one_frame(sqlite_server):
    simulate(sqlite_server, "C00014", "frozen")
    frames = read_frames(f"{sqlite_server.url}/api/v1/cameras/C00014/mjpeg", 3)
    assert len(set(frames)) == 1


def test_unknown_camera_and_bad_state_are_refused_with_reasons(sqlite_server):
    assert requests.get(f"{sqlite_server.url}/api/v1/cameras/NOPE/mjpeg", timeout=10).status_code == 404
    assert simulate(sqlite_server, "NOPE", "dark").status_code == 404
    r = simulate(sqlite_server, "C00001", "sideways")
    assert r.status_code == 422 and "live, frozen, dark" in r.json()["detail"]


def decode(data: bytes, fmt: str) -> list:
    """Frames of an in-memory video, decoded by PyAV (libavcodec), as PIL images."""
    import av

    with av.open(io.BytesIO(data), format=fmt) as box:
        return [frame.to_image() for frame in box.decode(video=0)]


def playlist_segments(srv, camera_id: str) -> list[str]:
    r = requests.get(f"{srv.url}/api/v1/cameras/{camera_id}/hls/index.m3u8", timeout=10)
    assert r.status_code == 200, r.text
    assert r.text.startswith("#EXTM3U\n") and "#EXT-X-TARGETDURATION:2" in r.text
    return [line for line in r.text.splitlines() if line and not line.startswith("#")]


def test_hls_segments_are_h264_of_that_camera_and_the_window_slides(sqlite_server):
    segments = playlist_segments(sqlite_server, "C00020")
    assert 1 <= len(segments) <= 3 and all(s.startswith("seg") and s.endswith(".ts") for s in segments)
    r = requests.get(f"{sqlite_server.url}/api/v1/cameras/C00020/hls/{segments[-1]}", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"] == "video/mp2t"
    frames = decode(r.content, "mpegts")
    assert len(frames) == 24 and frames[0].size == (WIDTH, HEIGHT)
    band = frames[5].convert("RGB").getpixel((WIDTH // 2, HEIGHT - 8))
    assert all(abs(a - b) <= 16 for a, b in zip(band, camera_colour("C00020")))
    assert frames[0].tobytes() != frames[-1].tobytes()          # the picture moves
    far = requests.get(f"{sqlite_server.url}/api/v1/cameras/C00020/hls/seg99999.ts", timeout=10)
    assert far.status_code == 404 and "live window" in far.json()["detail"]


def test_mp4_clip_is_four_seconds_of_that_camera(sqlite_server):
    r = requests.get(f"{sqlite_server.url}/api/v1/cameras/C00021/clip.mp4", timeout=30)
    assert r.status_code == 200 and r.headers["content-type"] == "video/mp4"
    frames = decode(r.content, "mp4")
    assert len(frames) == 48
    band = frames[10].convert("RGB").getpixel((WIDTH // 2, HEIGHT - 8))
    assert all(abs(a - b) <= 16 for a, b in zip(band, camera_colour("C00021")))


def test_dark_hls_camera_refuses_and_unknown_camera_is_404(sqlite_server):
    simulate(sqlite_server, "C00024", "dark")
    r = requests.get(f"{sqlite_server.url}/api/v1/cameras/C00024/hls/index.m3u8", timeout=10)
    assert r.status_code == 503 and "无信号" in r.json()["detail"]
    assert requests.get(f"{sqlite_server.url}/api/v1/cameras/C00024/clip.mp4", timeout=10).status_code == 503
    simulate(sqlite_server, "C00024", "live")
    assert playlist_segments(sqlite_server, "C00024")
    assert requests.get(f"{sqlite_server.url}/api/v1/cameras/NOPE/hls/index.m3u8",
                        timeout=10).status_code == 404


def test_rtp_packetization_splits_big_nal_units_and_reassembles():
    from server.video_rtsp import _MTU, nal_units, rtp_packets

    big = bytes([0x65]) + bytes(range(256)) * 20            # an IDR slice, 5,121 bytes
    stream = b"\x00\x00\x00\x01\x67\x42\x00\x00\x00\x01\x68\xce" + b"\x00\x00\x01" + big
    nals = nal_units(stream)
    assert nals == [b"\x67\x42", b"\x68\xce", big]
    packets = rtp_packets(nals, seq=65534, timestamp=7500, ssrc=1)
    assert [p[1] & 0x80 for p in packets] == [0] * (len(packets) - 1) + [0x80]   # marker: last
    assert [int.from_bytes(p[2:4], "big") for p in packets][:4] == [65534, 65535, 0, 1]
    assert all(len(p) - 12 <= _MTU + 2 for p in packets)
    fu = [p[12:] for p in packets[2:]]
    assert all(f[0] & 0x1F == 28 for f in fu) and fu[0][1] & 0x80 and fu[-1][1] & 0x40
    assert bytes([(fu[0][0] & 0xE0) | (fu[0][1] & 0x1F)]) + b"".join(f[2:] for f in fu) == big


def test_frozen_hls_camera_repeats_one_picture(sqlite_server):
    simulate(sqlite_server, "C00028", "frozen")
    try:
        segment = playlist_segments(sqlite_server, "C00028")[-1]
        r = requests.get(f"{sqlite_server.url}/api/v1/cameras/C00028/hls/{segment}", timeout=30)
        frames = decode(r.content, "mpegts")
        assert len(frames) == 24 and len({f.tobytes() for f in frames}) == 1
    finally:
        simulate(sqlite_server, "C00028", "live")
