"""The RTSP probe on its own: the status line read, a closed port said in words. (Against the
real RTSP server: tests/widgets/test_video_hls.py, a stream refused without a token.)"""
from __future__ import annotations

from server.embedded import free_port
from widgets.rtsp_probe import RtspProbe, status_of


def test_status_of_reads_the_status_line_only():
    assert status_of(b"RTSP/1.0 401 Unauthorized") == 401
    assert status_of(b"RTSP/1.0 200 OK") == 200
    assert status_of(b"HTTP/1.1 404 Not Found") is None
    assert status_of(b"RTSP/1.0") is None
    assert status_of(b"") is None


def test_a_closed_port_is_said_to_refuse(qtbot):
    probe = RtspProbe(f"rtsp://127.0.0.1:{free_port()}/cameras/C00002")
    with qtbot.waitSignal(probe.answered, timeout=5000) as answer:
        pass
    assert answer.args == ["refused", ""]
