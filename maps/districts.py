"""District boundaries (WGS84) shipped in resources/geo, and point-in-district tests.

Every layer of the console is in WGS84; the boundaries were converted from the GCJ-02
(Amap-derived) originals, see resources/geo/SOURCE.md.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely

from maps import geo

GEO_DIR = Path(__file__).resolve().parent.parent / "resources" / "geo"
DISTRICT_FILES = {
    "110105": "chaoyang_110105_wgs84.geojson",
    "110101": "dongcheng_110101_wgs84.geojson",
}


@dataclass(frozen=True)
class District:
    adcode: str
    name: str
    rings: tuple[np.ndarray, ...]  # outer rings, each an (n, 2) array of lon, lat

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        allpts = np.concatenate(self.rings)
        return (float(allpts[:, 0].min()), float(allpts[:, 1].min()),
                float(allpts[:, 0].max()), float(allpts[:, 1].max()))

    @property
    def geometry(self) -> shapely.MultiPolygon:
        geom = shapely.MultiPolygon([shapely.Polygon(r) for r in self.rings])
        shapely.prepare(geom)
        return geom

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Vectorised test of many points against all parts of the district."""
        return shapely.contains_xy(self._prepared, np.asarray(lon, float), np.asarray(lat, float))

    @property
    def _prepared(self) -> shapely.MultiPolygon:
        geom = self.__dict__.get("_geom")
        if geom is None:
            geom = self.geometry
            object.__setattr__(self, "_geom", geom)
        return geom


@cache
def load_district(adcode: str) -> District:
    data = json.loads((GEO_DIR / DISTRICT_FILES[adcode]).read_text(encoding="utf-8"))
    feature = data["features"][0]
    geom = feature["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    rings = tuple(np.asarray(p[0], dtype=float) for p in polys)
    return District(adcode, feature["properties"]["name"], rings)


def districts() -> list[District]:
    return [load_district(code) for code in DISTRICT_FILES]


@cache
def streets(adcode: str | None = None) -> list[dict]:
    """Streets (街道/乡) by official 9-digit code, name and district adcode (NBS 2023)."""
    rows = []
    with open(GEO_DIR / "streets_dongcheng_chaoyang_nbs2023.csv", encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith('"#')]
    for row in csv.DictReader(lines):
        if adcode is None or row["areaCode"] == adcode:
            rows.append({"code": row["code"], "name": row["name"], "district": row["areaCode"]})
    return rows


def random_points_in(district: District, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniformly random points inside the district, as an (n, 2) lon/lat array."""
    x0, y0, x1, y1 = district.bbox
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        k = max(64, int((n - have) * 2.2))
        pts = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
        pts = pts[district.contains(pts[:, 0], pts[:, 1])]
        out.append(pts)
        have += len(pts)
    return np.concatenate(out)[:n]


def district_at(lon: float, lat: float) -> str | None:
    """Adcode of the shipped district containing the point, or None outside all of them."""
    for d in districts():
        if bool(d.contains(np.array([lon]), np.array([lat]))[0]):
            return d.adcode
    return None


def distance_m(adcode: str, lon: float, lat: float) -> float:
    """Metres from a point to the district (0 inside), on maps.geo's plane at the point's
    latitude: within 2 cm of geo.distance_m at 500 m (geo takes each pair's mean latitude),
    more than a 500 m boundary rule needs."""
    d = load_district(adcode)
    kx, ky = geo.metres_per_degree(lat)
    rings = [shapely.Polygon(np.column_stack([(r[:, 0] - lon) * kx, (r[:, 1] - lat) * ky])) for r in d.rings]
    return float(shapely.MultiPolygon(rings).distance(shapely.Point(0.0, 0.0)))


def districts_near(lon: float, lat: float, metres: float) -> list[str]:
    """Adcodes of the shipped districts within `metres` of the point (its own included)."""
    return [d.adcode for d in districts() if distance_m(d.adcode, lon, lat) <= metres]
