"""The typed early warning (预警) and its CAP 1.2 vocabulary. No Qt, no XML here.

Colour levels follow the national master plan (一级/红 highest ... 四级/蓝 lowest) and the
colour -> CAP severity mapping used by Chinese providers (resources/cap/SOURCE.md,
docs/warnings.md): 红 Extreme, 橙 Severe, 黄 Moderate, 蓝 Minor.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"


@dataclass(frozen=True)
class Level:
    colour: str        # 红 / 橙 / 黄 / 蓝
    name: str          # 红色预警
    grade: str         # 一级 ... 四级
    roman: str         # I ... IV (the map's and incidents' level key)
    severity: str      # CAP severity
    english: str       # Red / Orange / Yellow / Blue


LEVELS: dict[str, Level] = {
    "红": Level("红", "红色预警", "一级", "I", "Extreme", "Red"),
    "橙": Level("橙", "橙色预警", "二级", "II", "Severe", "Orange"),
    "黄": Level("黄", "黄色预警", "三级", "III", "Moderate", "Yellow"),
    "蓝": Level("蓝", "蓝色预警", "四级", "IV", "Minor", "Blue"),
}
BY_SEVERITY = {lv.severity: lv for lv in LEVELS.values()}
STATUSES = ("Actual", "Exercise")
MSG_TYPES = ("Alert", "Update", "Cancel")

# CAP <category> of each incident type category of plans/taxonomy.py, with exceptions by code.
_CATEGORY_OF = {"natural": "Met", "accident": "Safety", "health": "Health", "social": "Security"}
_CATEGORY_BY_CODE = {
    "earthquake": "Geo", "geological": "Geo", "forest_fire": "Fire", "fire": "Fire",
    "hazchem": "CBRNE", "environmental": "Env", "air_pollution": "Env", "road_traffic": "Transport",
    "rail_transit": "Transport", "water_supply": "Infra", "gas": "Infra", "heating": "Infra",
    "power_outage": "Infra", "pipeline": "Infra", "telecom": "Infra", "cyber": "Infra",
    "medical_rescue": "Rescue",
}

_IDENT = re.compile(r"(\d{6})(\d{3})(\d{3})(\d{2})_(\d{14})_(\d)")


class WarningError(ValueError):
    """A warning that cannot be issued as given: str() says which field and what to do."""


def level_of(colour: str) -> Level:
    """The level for 蓝/黄/橙/红 (also accepts 蓝色, blue, Blue...)."""
    key = colour.strip()
    for lv in LEVELS.values():
        if key in (lv.colour, lv.colour + "色", lv.name, lv.english, lv.english.lower()):
            return lv
    raise WarningError(f"level: {colour!r} is not a warning colour; expected 蓝, 黄, 橙 or 红")


def event_of(type_code: str) -> tuple[str, str]:
    """(event name, CAP category) of an incident type code, or (the text itself, Other)."""
    from plans.taxonomy import INCIDENT_TYPES

    for t in INCIDENT_TYPES:
        if type_code in (t.code, t.name):
            return t.name, _CATEGORY_BY_CODE.get(t.code, _CATEGORY_OF[t.category])
    return type_code, "Other"


def type_code_of(event: str) -> str | None:
    from plans.taxonomy import INCIDENT_TYPES

    return next((t.code for t in INCIDENT_TYPES if event in (t.code, t.name)), None)


@dataclass(frozen=True)
class Area:
    """One <area>: polygons are closed rings of (lon, lat); circles are (lon, lat, radius_m)."""
    desc: str
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    circles: tuple[tuple[float, float, float], ...] = ()
    geocodes: tuple[tuple[str, str], ...] = ()

    def check(self, where: str) -> None:
        if not self.desc.strip():
            raise WarningError(f"{where}: areaDesc is empty; name the area, e.g. 朝阳区三里屯街道")
        for i, ring in enumerate(self.polygons):
            if len(ring) < 4 or ring[0] != ring[-1]:
                raise WarningError(f"{where}: polygon {i + 1} has {len(ring)} points or is not "
                                   "closed; expected at least 4 points, the last equal to the first")
            for lon, lat in ring:
                _check_lonlat(lon, lat, f"{where}: polygon {i + 1}")
        for i, (lon, lat, radius) in enumerate(self.circles):
            _check_lonlat(lon, lat, f"{where}: circle {i + 1}")
            if not (math.isfinite(radius) and radius > 0):
                raise WarningError(f"{where}: circle {i + 1} radius {radius!r} m; expected > 0")


def _check_lonlat(lon: float, lat: float, where: str) -> None:
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise WarningError(f"{where}: point ({lon}, {lat}) is not a WGS84 lon, lat")


@dataclass(frozen=True)
class Reference:
    """The earlier alert an Update or Cancel refers to (CAP: sender,identifier,sent)."""
    sender: str
    identifier: str
    sent: str

    def text(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent}"


@dataclass(frozen=True)
class EarlyWarning:
    """An early warning as the duty officer drafts it and the commander approves it."""
    type: str                       # incident type code (plans/taxonomy.py) or an event name
    colour: str                     # 蓝 / 黄 / 橙 / 红
    headline: str
    areas: tuple[Area, ...]
    description: str = ""
    instruction: str = ""
    status: str = "Actual"          # Actual or Exercise (a drill is always Exercise)
    msg_type: str = "Alert"
    references: tuple[Reference, ...] = ()
    effective: datetime | None = None
    expires: datetime | None = None
    urgency: str = "Expected"
    certainty: str = "Likely"
    sender: str = ""                # filled by issue(): the issuing unit code
    sender_name: str = ""
    identifier: str = ""            # filled by issue()
    sent: datetime | None = None    # filled by issue()
    drafted_by: str = ""
    drafted_at: datetime | None = None
    approved_by: str = ""
    approved_at: datetime | None = None
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def level(self) -> Level:
        return level_of(self.colour)

    def check(self) -> None:
        """Raise WarningError naming the first field a person must fix."""
        self.level  # noqa: B018 (raises on a bad colour)
        if not self.type.strip():
            raise WarningError("type: empty; expected an incident type such as flood or 暴雨")
        if not self.headline.strip():
            raise WarningError("headline: empty; write one line such as 朝阳区发布暴雨黄色预警")
        if self.status not in STATUSES:
            raise WarningError(f"status: {self.status!r}; expected Actual or Exercise")
        if self.msg_type not in MSG_TYPES:
            raise WarningError(f"msgType: {self.msg_type!r}; expected Alert, Update or Cancel")
        if self.msg_type != "Alert" and not self.references:
            raise WarningError(f"msgType {self.msg_type}: references the earlier alert are "
                               "missing; update or cancel from the published alert")
        if not self.areas and self.msg_type != "Cancel":
            raise WarningError("area: none; draw a circle or polygon on the map, or choose "
                               "streets or grid cells")
        for i, area in enumerate(self.areas):
            area.check(f"area {i + 1}")
        for name in ("effective", "expires", "sent", "drafted_at", "approved_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise WarningError(f"{name}: {value} has no time zone; expected Beijing time")
        if self.effective and self.expires and self.expires <= self.effective:
            raise WarningError(f"expires: {bj(self.expires)} is not after effective "
                               f"{bj(self.effective)}; choose a later expiry")

    def with_(self, **changes) -> "EarlyWarning":
        return replace(self, **changes)


def bj(value: datetime) -> str:
    """CAP date-time in Beijing time: 2026-11-22T08:30:00+08:00 (no fractions, per the XSD)."""
    return value.astimezone(BEIJING).replace(microsecond=0).isoformat()


def issuer_code(zone: str, agency: str = "000", unit: str = "000", ext: str = "00") -> str:
    """ZZZZZZDDDUUUXX: 6-digit division (GB/T 2260), agency (GB/T 4657), sub-unit, extension."""
    for name, value, n in (("zone", zone, 6), ("agency", agency, 3), ("unit", unit, 3), ("ext", ext, 2)):
        if not (len(value) == n and value.isdigit()):
            raise WarningError(f"issuer {name}: {value!r}; expected {n} digits")
    return f"{zone}{agency}{unit}{ext}"


class IdentifierMaker:
    """Identifiers ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N (Beijing time; N counts within a second)."""

    def __init__(self, issuer: str) -> None:
        if not re.fullmatch(r"\d{14}", issuer):
            raise WarningError(f"issuer {issuer!r}; expected 14 digits ZZZZZZDDDUUUXX")
        self.issuer = issuer
        self._second = ""
        self._n = 0

    def make(self, sent: datetime) -> str:
        stamp = sent.astimezone(BEIJING).strftime("%Y%m%d%H%M%S")
        if stamp == self._second:
            self._n += 1
            if self._n > 9:
                raise WarningError(f"more than 10 alerts in the second {stamp}; wait a second")
        else:
            self._second, self._n = stamp, 0
        return f"{self.issuer}_{stamp}_{self._n}"


def parse_identifier(identifier: str) -> dict | None:
    """The parts of a Chinese-profile identifier, or None when it has another form."""
    m = _IDENT.fullmatch(identifier)
    if not m:
        return None
    zone, agency, unit, ext, stamp, n = m.groups()
    return {"zone": zone, "agency": agency, "unit": unit, "ext": ext,
            "entered": datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING), "n": int(n)}


def now_bj() -> datetime:
    return datetime.now(BEIJING).replace(microsecond=0)
