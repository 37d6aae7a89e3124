"""CAP 1.2 XML -> Alert, safely: no DTD, no entities, no network; validated against cap12.xsd.

Alerts come from outside (files, feeds of other systems), so the parser refuses any DOCTYPE
(billion-laughs entity expansion, external entities such as file:///etc/passwd, external DTDs)
before lxml sees it, and parses with entity resolution, DTD loading and network all off.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from lxml import etree

from cap.model import BY_SEVERITY, CAP_NS, LEVELS, Area, Level, Reference, level_of

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "resources" / "cap" / "cap12.xsd"
MAX_BYTES = 5_000_000
_N = "{%s}" % CAP_NS
_DANGER = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class CapError(ValueError):
    """A CAP document refused: str() says where (source:line), what, and what to do."""


@dataclass(frozen=True)
class Info:
    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    effective: datetime | None
    expires: datetime | None
    sender_name: str
    headline: str
    description: str
    instruction: str
    parameters: tuple[tuple[str, str], ...]
    event_codes: tuple[tuple[str, str], ...]
    areas: tuple[Area, ...]

    def parameter(self, name: str) -> str | None:
        return next((v for n, v in self.parameters if n == name), None)


@dataclass(frozen=True)
class Alert:
    identifier: str
    sender: str
    sent: str
    status: str
    msg_type: str
    scope: str
    references: tuple[Reference, ...]
    note: str
    infos: tuple[Info, ...]
    xml: str

    @property
    def info(self) -> Info | None:
        """The first <info> (ours carry exactly one; zh-CN preferred when there are several)."""
        zh = [i for i in self.infos if i.language.lower().startswith("zh")]
        return (zh or list(self.infos) or [None])[0]

    @property
    def severity(self) -> str:
        return self.info.severity if self.info else "Unknown"

    @property
    def level(self) -> Level | None:
        """The colour level: from our warningLevel parameter, else from the CAP severity."""
        info = self.info
        if info is None:
            return None
        named = info.parameter("warningLevel")
        if named:
            try:
                return level_of(named[:1])
            except ValueError:
                pass
        return BY_SEVERITY.get(info.severity)

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(a for i in self.infos for a in i.areas)

    @property
    def expires(self) -> datetime | None:
        """The latest expiry of its infos (None: no expiry given)."""
        times = [i.expires for i in self.infos if i.expires]
        return max(times) if len(times) == len(self.infos) and times else None

    def reference(self) -> Reference:
        """How a later Update or Cancel refers to this alert."""
        return Reference(self.sender, self.identifier, self.sent)


@cache
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMA_FILE))


def schema_errors(root) -> list[str]:
    """Why an <alert> element does not validate against CAP 1.2 ('line N: path: reason')."""
    out = []
    for err in schema().iter_errors(root):
        line = getattr(err, "sourceline", None)
        where = f"line {line}: " if line else ""
        elem = getattr(err, "elem", None)
        text = (elem.text or "").strip() if elem is not None and len(elem) == 0 else ""
        value = f" (found {text[:60]!r})" if text else ""
        out.append(f"{where}{err.path or '/'}: {err.reason}{value}")
    return out


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse_xml(data: bytes | str, source: str = "<input>"):
    """The root element of a safe, well-formed XML document, or CapError."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise CapError(f"{source}: {len(raw):,} bytes; a CAP alert is expected to be under "
                       f"{MAX_BYTES:,} bytes — check that this is a single alert")
    probe = raw if not raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-16").encode("utf-8")
    m = _DANGER.search(probe)
    if m:
        line = probe.count(b"\n", 0, m.start()) + 1
        raise CapError(f"{source}:{line}: <!{m.group(1).decode().upper()}> declarations are not "
                       "allowed in CAP alerts (they can expand entities or read local files); "
                       "ask the sender for a plain CAP 1.2 document without a DOCTYPE")
    if isinstance(data, str):  # lxml refuses str with an encoding declaration
        raw = data.encode("utf-8")
    try:
        root = etree.fromstring(raw, parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise CapError(f"{source}:{line}:{col}: not well-formed XML: {exc.msg}; the file is "
                       "damaged or not XML — ask for it again") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise CapError(f"{source}: a DOCTYPE is not allowed in CAP alerts")
    return root


def _text(el, tag: str) -> str:
    return (el.findtext(_N + tag) or "").strip()


def _time(el, tag: str, source: str) -> datetime | None:
    value = _text(el, tag)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        line = el.find(_N + tag).sourceline
        raise CapError(f"{source}:{line}: <{tag}> {value!r} is not a date-time; expected "
                       "e.g. 2026-11-22T08:30:00+08:00") from None


def _pairs(el, tag: str) -> tuple[tuple[str, str], ...]:
    return tuple((_text(p, "valueName"), _text(p, "value")) for p in el.findall(_N + tag))


def _point(text: str, where: str) -> tuple[float, float]:
    try:
        lat_s, lon_s = text.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise CapError(f"{where}: point {text!r}; expected 'lat,lon' in WGS84 degrees") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise CapError(f"{where}: point {text!r} is outside -90..90, -180..180")
    return lon, lat


def _area(el, source: str) -> Area:
    polygons, circles = [], []
    for p in el.findall(_N + "polygon"):
        where = f"{source}:{p.sourceline}: <polygon>"
        ring = tuple(_point(t, where) for t in (p.text or "").split())
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise CapError(f"{where} has {len(ring)} points or is not closed; CAP expects at "
                           "least 4 'lat,lon' pairs, the last equal to the first")
        polygons.append(ring)
    for c in el.findall(_N + "circle"):
        where = f"{source}:{c.sourceline}: <circle>"
        parts = (c.text or "").split()
        if len(parts) != 2:
            raise CapError(f"{where} {c.text!r}; expected 'lat,lon radius_km'")
        lon, lat = _point(parts[0], where)
        try:
            radius_km = float(parts[1])
        except ValueError:
            radius_km = float("nan")
        if not (math.isfinite(radius_km) and radius_km >= 0):
            raise CapError(f"{where} radius {parts[1]!r}; expected kilometres >= 0")
        circles.append((lon, lat, radius_km * 1000.0))
    return Area(_text(el, "areaDesc"), tuple(polygons), tuple(circles), _pairs(el, "geocode"))


def _references(text: str, source: str) -> tuple[Reference, ...]:
    out = []
    for item in text.split():
        parts = item.split(",")
        if len(parts) != 3:
            raise CapError(f"{source}: <references> item {item!r}; expected sender,identifier,sent")
        out.append(Reference(*parts))
    return tuple(out)


def parse_alert(data: bytes | str, source: str = "<input>") -> Alert:
    """A validated Alert from CAP 1.2 XML; CapError says where and what is wrong."""
    root = parse_xml(data, source)
    if root.tag != _N + "alert":
        raise CapError(f"{source}:{root.sourceline}: root element is {root.tag}; expected "
                       f"<alert xmlns=\"{CAP_NS}\"> (a CAP 1.2 alert)")
    errors = schema_errors(root)
    if errors:
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise CapError(f"{source}: not a valid CAP 1.2 alert: " + "; ".join(errors[:3]) + more
                       + "; fix these elements or ask the sender for a valid alert")
    infos = []
    for el in root.findall(_N + "info"):
        infos.append(Info(
            language=_text(el, "language") or "en-US",
            categories=tuple((c.text or "").strip() for c in el.findall(_N + "category")),
            event=_text(el, "event"), urgency=_text(el, "urgency"), severity=_text(el, "severity"),
            certainty=_text(el, "certainty"), effective=_time(el, "effective", source),
            expires=_time(el, "expires", source), sender_name=_text(el, "senderName"),
            headline=_text(el, "headline"), description=_text(el, "description"),
            instruction=_text(el, "instruction"), parameters=_pairs(el, "parameter"),
            event_codes=_pairs(el, "eventCode"),
            areas=tuple(_area(a, source) for a in el.findall(_N + "area"))))
    # re-serialised: no declaration left that could contradict the text's encoding
    xml = etree.tostring(root, encoding="unicode")
    return Alert(identifier=_text(root, "identifier"), sender=_text(root, "sender"),
                 sent=_text(root, "sent"), status=_text(root, "status"),
                 msg_type=_text(root, "msgType"), scope=_text(root, "scope"),
                 references=_references(_text(root, "references"), source),
                 note=_text(root, "note"), infos=tuple(infos), xml=xml)


def load_alert(path: str | Path) -> Alert:
    """parse_alert() of a file; a missing or unreadable file is a CapError too."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CapError(f"{path}: cannot read: {exc.strerror}; check the path") from None
    return parse_alert(data, str(path))


__all__ = ["Alert", "CapError", "Info", "LEVELS", "load_alert", "parse_alert", "parse_xml",
           "schema_errors"]
