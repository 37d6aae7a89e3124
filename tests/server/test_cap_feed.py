"""The CAP feed out of one server and the poller into another: two real processes on 127.0.0.1."""
from __future__ import annotations

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from lxml import etree

from cap import Area, EarlyWarning, IdentifierMaker, issue, issuer_code, now_bj, parse_alert, to_xml
from server.embedded import start_embedded
from tests.server.helpers import Api

ATOM = "{http://www.w3.org/2005/Atom}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "cap"


def _alert_xml(headline: str, zone: str = "110101", seq_second: int = 0) -> str:
    now = now_bj() - timedelta(seconds=seq_second)
    w = EarlyWarning(type="flood", colour="橙", headline=headline,
                     areas=(Area("东城区东华门街道", circles=((116.40, 39.91, 1500),)),),
                     effective=now, expires=now + timedelta(hours=3))
    return to_xml(issue(w, IdentifierMaker(issuer_code(zone, "416")), now=now))


def _wait(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met within %.0f s" % timeout)


def test_feed_lists_published_alerts_with_valid_cap_inline(tmp_path):
    with start_embedded(f"sqlite:///{tmp_path / 'a.sqlite'}") as srv:
        api = Api(srv.url)
        xml = _alert_xml("东城区暴雨橙色预警")
        ident = parse_alert(xml).identifier
        api.ok("publish_alert", {"xml": xml})
        reply = requests.get(f"{srv.url}/api/v1/alerts/feed", timeout=10)
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("application/atom+xml")
        feed = etree.fromstring(reply.content)
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["东城区暴雨橙色预警"]
        inline = entries[0].find(f"{ATOM}content/{CAP}alert")
        again = parse_alert(etree.tostring(inline))  # validates against the CAP schema
        assert again.identifier == ident and again.severity == "Severe"
        one = requests.get(f"{srv.url}/api/v1/alerts/cap/{ident}", timeout=10)
        assert one.status_code == 200 and parse_alert(one.content).identifier == ident
        assert requests.get(f"{srv.url}/api/v1/alerts/cap/nope", timeout=10).status_code == 404


def test_second_server_polls_the_first_and_takes_its_alerts_once(tmp_path, monkeypatch):
    with start_embedded(f"sqlite:///{tmp_path / 'city.sqlite'}") as city:
        xml = _alert_xml("市级发布：暴雨橙色预警", zone="110000")
        ident = parse_alert(xml).identifier
        Api(city.url).ok("publish_alert", {"xml": xml})
        monkeypatch.setenv("ECC_CAP_POLL_URL", f"{city.url}/api/v1/alerts/feed")
        monkeypatch.setenv("ECC_CAP_POLL_SECONDS", "0.3")
        with start_embedded(f"sqlite:///{tmp_path / 'district.sqlite'}") as district:
            api = Api(district.url)
            got = _wait(lambda: [a for a in api.get("/alerts").json() if a["id"] == ident])
            assert got[0]["severity"] == "Severe" and got[0]["headline"] == "市级发布：暴雨橙色预警"
            time.sleep(1.0)  # several more polls of the same feed
            assert [a["id"] for a in api.get("/alerts").json()].count(ident) == 1
            published = [e for e in api.get("/events/batch", after=0).json()
                         if e["type"] == "alert.published"]
            assert len(published) == 1  # on the event stream exactly once


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (http.server API)
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_poller_skips_an_invalid_entry_and_keeps_the_good_one(tmp_path, monkeypatch):
    good = _alert_xml("良好的预警")
    bad = good.replace("<severity>Severe</severity>", "<severity>Catastrophic</severity>") \
              .replace("_0</identifier>", "_1</identifier>")
    strip = lambda x: x.split("?>", 1)[1]  # noqa: E731 (inline documents carry no declaration)
    _Feed.body = (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                  f"<entry><content type=\"application/cap+xml\">{strip(bad)}</content></entry>"
                  f"<entry><content type=\"application/cap+xml\">{strip(good)}</content></entry>"
                  f"</feed>").encode("utf-8")
    http = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ECC_CAP_POLL_URL", f"http://127.0.0.1:{http.server_port}/feed")
        monkeypatch.setenv("ECC_CAP_POLL_SECONDS", "0.3")
        with start_embedded(f"sqlite:///{tmp_path / 'd.sqlite'}") as srv:
            api = Api(srv.url)
            got = _wait(lambda: api.get("/alerts").json())
            assert [a["headline"] for a in got] == ["良好的预警"]
            time.sleep(0.8)
            assert len(api.get("/alerts").json()) == 1
            assert "Catastrophic" in srv.log_tail(200)  # the operator can see why it was skipped
    finally:
        http.shutdown()
        http.server_close()
