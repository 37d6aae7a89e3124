"""CAP alerts in and out: an Atom feed of the alerts this server holds, and an optional poller
that takes in the alerts of another system's feed.

    GET /api/v1/alerts/feed              Atom 1.0; each entry carries the CAP <alert> inline
    GET /api/v1/alerts/cap/{identifier}  one alert as application/cap+xml
(both public, in server/routes/public.py)

The poller is configured by the environment (the server CLI has no flag for it yet):
ECC_CAP_POLL_URL (an Atom feed like ours, or a URL answering one CAP alert) and
ECC_CAP_POLL_SECONDS (default 60). Each alert is validated (cap: no DOCTYPE, no
entities, no network, CAP 1.2 schema) and stored through the ordinary publish_alert command
with a command_id derived from the feed URL and the alert identifier, so polling the same
alert again never stores it twice. A bad alert is logged and skipped; the others still come in.
"""
from __future__ import annotations

import logging
import os
import threading
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from lxml import etree

from cap.parse import CapError, parse_alert, parse_xml
from server import commands, db
from server.store import Store

log = logging.getLogger(__name__)
ATOM = "http://www.w3.org/2005/Atom"
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
FEED_PATH = "/api/v1/alerts/feed"


def _iso(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    return str(value or datetime.now(timezone.utc).isoformat())


def feed_xml(store: Store, base_url: str = "") -> bytes:
    """The Atom document of every stored alert, newest first."""
    with store.reading() as conn:
        rows = conn.execute(sa.select(db.alerts).order_by(db.alerts.c.received_at.desc())).all()
    a = "{%s}" % ATOM
    feed = etree.Element(a + "feed", nsmap={None: ATOM})
    etree.SubElement(feed, a + "id").text = f"urn:ecc:alerts:{store.instance}"
    etree.SubElement(feed, a + "title").text = "预警信息 (CAP 1.2)"
    etree.SubElement(feed, a + "updated").text = _iso(rows[0].received_at if rows else None)
    etree.SubElement(feed, a + "link", rel="self", href=base_url + FEED_PATH)
    for row in rows:
        try:  # stored alerts were checked on the way in; one odd row must not break the feed
            alert = parse_xml(row.xml, f"alert {row.id}")
        except CapError as exc:
            log.warning("alert left out of the feed: %s", exc)
            continue
        entry = etree.SubElement(feed, a + "entry")
        etree.SubElement(entry, a + "id").text = f"urn:cap:{row.sender},{row.id},{row.sent}"
        etree.SubElement(entry, a + "title").text = row.headline or row.event or row.id
        etree.SubElement(entry, a + "updated").text = _iso(row.received_at)
        etree.SubElement(entry, a + "author").append(etree.Element(a + "name"))
        entry.find(f"{a}author/{a}name").text = row.sender or "unknown"
        etree.SubElement(entry, a + "link", rel="alternate", type="application/cap+xml",
                         href=f"{base_url}/api/v1/alerts/cap/{row.id}")
        content = etree.SubElement(entry, a + "content", type="application/cap+xml")
        content.append(alert)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def alerts_in(document: bytes, source: str) -> tuple[list, list[str]]:
    """(valid Alerts, error texts) of an Atom feed or a single CAP alert document."""
    root = parse_xml(document, source)
    if root.tag == "{%s}alert" % CAP_NS:
        return [parse_alert(etree.tostring(root), source)], []
    if root.tag != "{%s}feed" % ATOM:
        raise CapError(f"{source}: root element {root.tag}; expected an Atom <feed> or a CAP <alert>")
    good, bad = [], []
    for i, el in enumerate(root.iter("{%s}alert" % CAP_NS)):
        try:
            good.append(parse_alert(etree.tostring(el), f"{source} entry {i + 1}"))
        except CapError as exc:
            bad.append(str(exc))
    return good, bad


def ingest(store: Store, document: bytes, source: str) -> dict:
    """Store the alerts of a fetched document; returns counts {new, known, refused, errors}."""
    alerts, errors = alerts_in(document, source)
    counts = {"new": 0, "known": 0, "refused": 0, "errors": errors}
    for alert in alerts:
        cmd = commands.CommandIn(
            command_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{source}#{alert.identifier}"),
            type="publish_alert", payload={"xml": alert.xml},
            operator=f"feed {source}"[:db.commands.c.operator.type.length])
        with store.reading() as conn:
            seen = conn.scalar(sa.select(db.alerts.c.id).where(
                db.alerts.c.id == alert.identifier[:db.alerts.c.id.type.length]))
        if seen:
            counts["known"] += 1
            continue
        try:  # the edge's checks hold for a feed too: an alert the database cannot take
            answer = commands.execute(store, cmd)
        except commands.PayloadError as exc:
            log.warning("external alert %s refused: %s", alert.identifier[:80], exc)
            counts["refused"] += 1
            continue
        counts["new" if answer.http_status == 200 else "refused"] += 1
    for err in errors:
        log.warning("external alert skipped: %s", err)
    return counts


class Poller:
    """A thread fetching `url` every `interval` seconds and ingesting what it finds."""

    def __init__(self, store: Store, url: str, interval: float = 60.0) -> None:
        self.store, self.url, self.interval = store, url, max(0.2, interval)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ecc-cap-poll", daemon=True)
        self.last: dict | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def poll_once(self) -> dict:
        import requests

        reply = requests.get(self.url, timeout=10, headers={"Accept": "application/atom+xml, application/cap+xml"})
        reply.raise_for_status()
        self.last = ingest(self.store, reply.content, self.url)
        return self.last

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                counts = self.poll_once()
                if counts["new"]:
                    log.info("CAP feed %s: %d new alert(s)", self.url, counts["new"])
            except Exception as exc:  # the other system being down is normal; retry next round
                log.warning("CAP feed %s not read: %s", self.url, exc)
            self._stop.wait(self.interval)


def poller_from_env(store: Store) -> Poller | None:
    """The poller ECC_CAP_POLL_URL asks for (every ECC_CAP_POLL_SECONDS, default 60), if any;
    the app starts it with itself and stops it before the store."""
    url = os.environ.get("ECC_CAP_POLL_URL", "").strip()
    if not url:
        return None
    return Poller(store, url, float(os.environ.get("ECC_CAP_POLL_SECONDS", "60")))
