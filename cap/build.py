"""EarlyWarning -> CAP 1.2 XML (validated against resources/cap/cap12.xsd before it leaves)."""
from __future__ import annotations

from datetime import datetime

from lxml import etree

from cap.model import (CAP_NS, Area, EarlyWarning, IdentifierMaker, WarningError, bj,
                       event_of, now_bj)

_N = "{%s}" % CAP_NS


def _sub(parent, tag: str, text: str | None = None):
    el = etree.SubElement(parent, _N + tag)
    if text is not None:
        el.text = text
    return el


def _pair(parent, tag: str, name: str, value: str) -> None:
    el = _sub(parent, tag)
    _sub(el, "valueName", name)
    _sub(el, "value", value)


def _num(x: float) -> str:
    """Coordinates with 6 decimals (≈0.1 m), without trailing zeros."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def polygon_text(ring) -> str:
    """CAP polygon: 'lat,lon lat,lon ...' from (lon, lat) points."""
    return " ".join(f"{_num(lat)},{_num(lon)}" for lon, lat in ring)


def circle_text(lon: float, lat: float, radius_m: float) -> str:
    """CAP circle: 'lat,lon radius' with the radius in kilometres."""
    return f"{_num(lat)},{_num(lon)} {_num(radius_m / 1000.0)}"


def _area(info, area: Area) -> None:
    el = _sub(info, "area")
    _sub(el, "areaDesc", area.desc)
    for ring in area.polygons:
        _sub(el, "polygon", polygon_text(ring))
    for lon, lat, r in area.circles:
        _sub(el, "circle", circle_text(lon, lat, r))
    for name, value in area.geocodes:
        _pair(el, "geocode", name, value)


def issue(w: EarlyWarning, maker: IdentifierMaker, sender_name: str = "",
          now: datetime | None = None) -> EarlyWarning:
    """The warning with its identifier, sender and sent time set (the moment of publishing)."""
    sent = now or now_bj()
    return w.with_(identifier=maker.make(sent), sender=maker.issuer, sent=sent,
                   sender_name=w.sender_name or sender_name)


def to_xml(w: EarlyWarning) -> str:
    """The CAP 1.2 document of an issued warning; raises WarningError if it is incomplete or
    the result would not validate against the OASIS schema."""
    from cap.parse import schema_errors

    w.check()
    if not (w.identifier and w.sender and w.sent):
        raise WarningError("identifier/sender/sent: not set; issue() the warning first")
    try:
        root = _build(w)
    except WarningError:
        raise
    except ValueError as exc:  # lxml refuses control characters and NUL
        raise WarningError(f"text: {exc}; remove control characters from the texts") from None
    text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
    errors = schema_errors(root)
    if errors:  # our own bug or a value the schema refuses (e.g. a bad date): never publish it
        raise WarningError("the alert does not validate against CAP 1.2: " + "; ".join(errors[:3]))
    return text


def _build(w: EarlyWarning):
    lv = w.level
    event, category = event_of(w.type)
    root = etree.Element(_N + "alert", nsmap={None: CAP_NS})
    _sub(root, "identifier", w.identifier)
    _sub(root, "sender", w.sender)
    _sub(root, "sent", bj(w.sent))
    _sub(root, "status", w.status)
    _sub(root, "msgType", w.msg_type)
    _sub(root, "scope", "Public")
    _sub(root, "code", "CN-GB/T35965.1-2018")
    if w.note:
        _sub(root, "note", w.note)
    if w.references:
        _sub(root, "references", " ".join(r.text() for r in w.references))
    info = _sub(root, "info")
    _sub(info, "language", "zh-CN")
    _sub(info, "category", category)
    _sub(info, "event", event)
    if w.msg_type == "Cancel":
        _sub(info, "responseType", "AllClear")
    _sub(info, "urgency", "Past" if w.msg_type == "Cancel" else w.urgency)
    _sub(info, "severity", lv.severity)
    _sub(info, "certainty", w.certainty)
    _pair(info, "eventCode", "incidentType", w.type)
    if w.effective:
        _sub(info, "effective", bj(w.effective))
    if w.expires:
        _sub(info, "expires", bj(w.expires))
    if w.sender_name:
        _sub(info, "senderName", w.sender_name)
    _sub(info, "headline", w.headline)
    if w.description:
        _sub(info, "description", w.description)
    if w.instruction:
        _sub(info, "instruction", w.instruction)
    _pair(info, "parameter", "warningLevel", lv.name)
    _pair(info, "parameter", "warningGrade", lv.grade)
    for name, value in (("draftedBy", w.drafted_by), ("draftedAt", w.drafted_at),
                        ("approvedBy", w.approved_by), ("approvedAt", w.approved_at)):
        if value:
            _pair(info, "parameter", name, bj(value) if isinstance(value, datetime) else value)
    for area in w.areas:
        _area(info, area)
    return root
