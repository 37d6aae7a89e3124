"""The one geo model of the console, the server and the drills (pure Python, numpy optional):
distance, bearing and metres per degree between WGS84 longitude/latitude points, and the
district at a point.

The model is the local plane of the WGS84 ellipsoid at the pair's mean latitude: the offset
from point 1 to point 2 is (Δlon x metres per degree of longitude, Δlat x metres per degree
of latitude), both lengths taken at the mean latitude of the two points; the distance is the
length of that offset and the bearing its direction. This is the formula most of the copies
it replaced already used (console, geo index, plans, districts), in its accurate form.

Error against the WGS84 geodesic (Vincenty), measured over Beijing (39.4-41.1° N) in every
direction: about 0.0001 % up to 10 km (a millimetre per kilometre), 0.0005 % at 60 km (the
width of a district), 0.01 % at 300 km, 0.12 % at 1,000 km. A haversine on the mean radius
(6,371,008.8 m) is off by up to 0.25 % at this latitude (−0.25 % east-west, +0.15 %
north-south): 2.5 m per kilometre. Not meant for trips across the poles; a longitude
difference is taken the short way round, across the antimeridian.

The bearing is the direction of the offset: degrees clockwise from north, exactly 0, 90, 180
and 270 due north, east, south and west. As the initial bearing of the geodesic it is off by
half the meridian convergence (Δlon · sin(lat) / 2): 0.004° per kilometre east-west at Beijing.

Scalar and vectorised forms compute the same expressions in the same order, so they agree to
the last bit wherever numpy's cos agrees with the C library's (and to 1e-15 elsewhere).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # numpy is imported where arrays are used: a warm start of plans needs none
    import numpy as np

__all__ = ["metres_per_degree", "offset_m", "distance_m", "bearing_deg", "offsets_m", "distances_m",
           "district_at"]

# Metres per degree on the WGS84 ellipsoid at latitude p, the usual series
#   longitude: 111,412.84 cos p − 93.5 cos 3p      latitude: 111,132.92 − 559.82 cos 2p + 1.175 cos 4p
# rewritten in c = cos p and s = c² (cos 2p = 2s − 1, cos 3p = c(4s − 3), cos 4p = 8s² − 8s + 1):
#   longitude: c (_A − _B s)                       latitude: _C0 + s (_C1 + _C2 s)
# the same numbers from one cosine and few operations: the vectorised form serves the geo
# index's every query, where numpy's per-call cost, not the arithmetic, is the price.
_A, _B = 111_412.84 + 3 * 93.5, 4 * 93.5
_C0, _C1, _C2 = 111_132.92 + 559.82 + 1.175, -(2 * 559.82 + 8 * 1.175), 8 * 1.175
_HALF_RAD = math.pi / 360.0   # (lat1 + lat2) * _HALF_RAD: the mean latitude in radians


def metres_per_degree(lat: float) -> tuple[float, float]:
    """(metres per degree of longitude, metres per degree of latitude) at latitude `lat`."""
    c = math.cos((lat + lat) * _HALF_RAD)
    s = c * c
    return c * (_A - _B * s), _C0 + s * (_C1 + _C2 * s)


def offset_m(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """(east, north) metres from point 1 to point 2, on the plane at their mean latitude."""
    c = math.cos((lat1 + lat2) * _HALF_RAD)
    s = c * c
    dlon = lon2 - lon1
    if dlon > 180.0:     # the short way round, across the antimeridian
        dlon -= 360.0
    elif dlon < -180.0:
        dlon += 360.0
    return dlon * (c * (_A - _B * s)), (lat2 - lat1) * (_C0 + s * (_C1 + _C2 * s))


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Metres between two points (see the module's note for the model and its error)."""
    x, y = offset_m(lon1, lat1, lon2, lat2)
    return math.sqrt(x * x + y * y)


def bearing_deg(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Bearing from point 1 to point 2 in degrees clockwise from north, in [0, 360)."""
    x, y = offset_m(lon1, lat1, lon2, lat2)
    b = math.degrees(math.atan2(x, y)) % 360.0
    return 0.0 if b == 360.0 else b   # a hair west of north rounds to 360.0


def offsets_m(lon: float, lat: float, lons, lats) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised offset_m from one point (lon, lat) to many: (east, north) arrays of metres."""
    import numpy as np

    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    c = np.cos((lat + lats) * _HALF_RAD)
    s = c * c
    dlon = lons - lon
    if dlon.size and (dlon.max() > 180.0 or dlon.min() < -180.0):   # the short way round
        dlon = np.where(dlon > 180.0, dlon - 360.0, np.where(dlon < -180.0, dlon + 360.0, dlon))
    return dlon * (c * (_A - _B * s)), (lats - lat) * (_C0 + s * (_C1 + _C2 * s))


def distances_m(lon: float, lat: float, lons, lats) -> np.ndarray:
    """Vectorised distance_m from one point (lon, lat) to each of many: an array of metres."""
    import numpy as np

    x, y = offsets_m(lon, lat, lons, lats)
    return np.sqrt(x * x + y * y)


def district_at(lon: float, lat: float) -> str | None:
    """Adcode of the shipped district containing the point, or None outside all of them.
    (Point-in-polygon against the real boundaries lives in maps.districts; this is its door.)"""
    from maps.districts import district_at as _district_at

    return _district_at(lon, lat)
