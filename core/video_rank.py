"""Which cameras to put on the wall for a scene (no Qt).

Among the cameras within the radius, those whose view direction covers the scene come first
(the bearing from camera to scene within ±half_angle of where it looks), then cameras of
unknown direction (domes that can turn), then cameras looking away; nearest first within each.
A camera practically at the scene covers it whatever its direction.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from maps.geo import bearing_deg
from maps.geoindex import GeoIndex

DEFAULT_RADIUS_M = 500.0
HALF_ANGLE = 45.0
AT_SCENE_M = 5.0
COVERS, UNKNOWN, AWAY = 0, 1, 2


@dataclass(frozen=True)
class Ranked:
    camera_id: str
    metres: float
    view: int            # COVERS, UNKNOWN or AWAY


def view_of(camera: dict, lon: float, lat: float, metres: float, half_angle: float = HALF_ANGLE) -> int:
    """COVERS / UNKNOWN / AWAY: does this camera look at the scene at (lon, lat)?"""
    if metres <= AT_SCENE_M:
        return COVERS
    direction = camera.get("direction")
    if direction is None:
        return UNKNOWN
    off = abs((bearing_deg(camera["lon"], camera["lat"], lon, lat) - float(direction) + 180.0) % 360.0 - 180.0)
    return COVERS if off <= half_angle else AWAY


def rank(lon: float, lat: float, candidates: Iterable[tuple[dict, float]], k: int,
         half_angle: float = HALF_ANGLE) -> list[Ranked]:
    """The best k of (camera record, metres) pairs for a scene at (lon, lat)."""
    ranked = [Ranked(cam["id"], metres, view_of(cam, lon, lat, metres, half_angle))
              for cam, metres in candidates]
    ranked.sort(key=lambda r: (r.view, r.metres, r.camera_id))
    return ranked[:max(0, k)]


def cameras_for_scene(index: GeoIndex, cameras: dict[str, dict], lon: float, lat: float, k: int,
                      radius_m: float = DEFAULT_RADIUS_M, half_angle: float = HALF_ANGLE) -> list[Ranked]:
    """The k cameras to show for a scene: within radius_m (via the geo index), ranked by view."""
    near = index.within_radius(lon, lat, radius_m)
    return rank(lon, lat, ((cameras[cid], m) for cid, m in near if cid in cameras), k, half_angle)
