"""The RTSP locator's answer turned into the URL the player opens."""
import pytest

from widgets.video_tile import is_stream_locator, located_url, media_token_url, with_access_token


def test_locator_urls_are_told_from_streams():
    assert is_stream_locator("http://127.0.0.1:8000/api/v1/cameras/C00010/rtsp?access_token=t")
    assert not is_stream_locator("http://127.0.0.1:8000/api/v1/cameras/C00012/mjpeg")
    assert not is_stream_locator("rtsp://10.0.0.5:554/rtsp")       # a stream, not a locator


def test_the_token_goes_over_to_the_rtsp_url_once():
    locator = "http://127.0.0.1:8000/api/v1/cameras/C00010/rtsp?access_token=abc"
    assert located_url(locator, b'{"url": "rtsp://127.0.0.1:5554/cameras/C00010"}') == \
        "rtsp://127.0.0.1:5554/cameras/C00010?access_token=abc"
    assert located_url(locator, b'{"url": "rtsp://127.0.0.1:1/c?x=1&access_token=zz"}') == "rtsp://127.0.0.1:1/c?x=1&access_token=zz"
    assert located_url("http://h/c/rtsp", b'{"url": "rtsp://h:1/c"}') == "rtsp://h:1/c"
    # the operator's token stays with the server that asked for it
    assert located_url(locator, b'{"url": "rtsp://elsewhere:554/c"}') == "rtsp://elsewhere:554/c"


def test_where_a_stream_url_gets_its_media_token():
    base = "http://127.0.0.1:8000/api/v1/cameras/C00010"
    for tail in ("mjpeg", "hls/index.m3u8", "clip.mp4", "rtsp"):
        assert media_token_url(f"{base}/{tail}") == f"{base}/media-token"
    assert media_token_url(f"{base}/mjpeg?access_token=old") == f"{base}/media-token"
    assert media_token_url("https://centre.example/ecc/api/v1/cameras/C1/mjpeg") == \
        "https://centre.example/ecc/api/v1/cameras/C1/media-token"
    # a camera's own address, a file, or another route of the server: none
    for url in ("rtsp://10.0.0.5:554/api/v1/cameras/C1/rtsp", "file:///x/clip.mp4",
                "http://cam.local/mjpg/video.cgi", f"{base}/hls/seg3.ts", f"{base}/simulate",
                "http://127.0.0.1:8000/api/v1/units"):
        assert media_token_url(url) is None, url


def test_the_media_token_replaces_any_access_token_in_the_url():
    assert with_access_token("http://h/a/mjpeg", "t1") == "http://h/a/mjpeg?access_token=t1"
    assert with_access_token("http://h/a/mjpeg?x=1&access_token=old", "t2") == \
        "http://h/a/mjpeg?x=1&access_token=t2"


@pytest.mark.parametrize("answer", [b"<html>", b'{"camera_id": "C1"}', b'{"url": "http://h/x.m3u8"}', b'[1]'])
def test_an_answer_without_an_rtsp_url_is_refused(answer):
    with pytest.raises(ValueError):
        located_url("http://h/api/v1/cameras/C1/rtsp", answer)
