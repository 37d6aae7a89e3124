"""Where a record is, in words a duty officer reads: its 街乡 and community (issue 20: the 街乡
column was empty for every sensor and camera, cameras were called 视频点位02999, alarms and
timeline lines named sensors by id only).

Records that carry a "street" keep it; otherwise the place is looked up from lon/lat once per
point (maps.places: the district's street and community areas, 演示推算 where the data is
the demo's) and remembered. Sensors and cameras do not move.
"""
from __future__ import annotations

import re
from functools import lru_cache

from maps.places import locate

_SERIAL_CAMERA = re.compile(r"^视频点位\d+$")


@lru_cache(maxsize=300_000)
def _place(lon: float, lat: float) -> tuple[str, str]:
    place = locate(lon, lat)
    if place is None:
        return "", ""
    return place.street_name or "", place.community_name or ""


def _of(rec: dict) -> tuple[str, str]:
    lon, lat = rec.get("lon"), rec.get("lat")
    if lon is None or lat is None:
        return rec.get("street") or "", ""
    street, community = _place(round(float(lon), 6), round(float(lat), 6))
    return rec.get("street") or street, community


def street(rec: dict) -> str:
    """The 街乡 of a record (its own, or looked up from where it is)."""
    return _of(rec)[0]


def community(rec: dict) -> str:
    """The community (社区), shortened: 幸福二村社区居委会 → 幸福二村社区."""
    return _of(rec)[1].removesuffix("居委会").removesuffix("村委会")


def where(rec: dict) -> str:
    """街乡 · 社区, as a list row or a timeline line says it."""
    return " · ".join(p for p in (street(rec), community(rec)) if p)


def camera_name(rec: dict) -> str:
    """A camera's name from its place when its own is only a serial number."""
    name = rec.get("name") or ""
    if name and not _SERIAL_CAMERA.match(name):
        return name
    place = community(rec) or street(rec)
    return f"{place}摄像头" if place else name
