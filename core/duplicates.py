"""Duplicate reports at intake (pure Python): the same emergency is often phoned in by several
callers, so an open incident of the same type close by and recent is offered for merging."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from maps import geo

RADIUS_M = 300.0
WINDOW_MIN = 60.0


@dataclass(frozen=True)
class Duplicate:
    incident: dict
    distance_m: float
    minutes_ago: float


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def find_duplicates(type_: str, lon: float, lat: float, incidents: Iterable[dict],
                    now: datetime | None = None, radius_m: float = RADIUS_M,
                    window_min: float = WINDOW_MIN) -> list[Duplicate]:
    """Open (not closed) incidents of the same type within `radius_m` of the point, reported
    within the last `window_min` minutes; nearest first."""
    now = now or datetime.now(timezone.utc)
    out = []
    for inc in incidents:
        if inc.get("type") != type_ or inc.get("status") == "closed":
            continue
        if inc.get("lon") is None or inc.get("lat") is None:
            continue
        d = geo.distance_m(lon, lat, inc["lon"], inc["lat"])
        if d > radius_m:
            continue
        reported = _parse(inc.get("reported_at"))
        if reported is None:
            continue
        age = (now - reported) / timedelta(minutes=1)
        if -5.0 <= age <= window_min:  # a few minutes of clock skew between consoles is normal
            out.append(Duplicate(inc, d, max(age, 0.0)))
    out.sort(key=lambda dup: (dup.distance_m, dup.minutes_ago))
    return out
