"""Point -> street (街乡) -> community (社区/村) -> grid cell (网格), for the two districts.

The official code lists carry no geometry, so the areas are derived deterministically:
streets are the nearest-centre (Voronoi) cells of resources/geo/street_centres.csv inside the
real district boundary; communities are nearest-seed cells inside their street (seeds drawn
from a fixed random stream); grid cells are a regular lattice of ~134 m squares, the size that
gives Dongcheng its 2,314 cells on 41.84 km². Lookups are arithmetic or nearest-neighbour on
small arrays, so they stay fast for 100,000 points.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely

from maps.districts import GEO_DIR, District, districts, load_district, random_points_in, streets

CELL_METRES = 134.0
# The lattice and the street/community partition below are definitions, not measurements:
# grid ids and street/community codes are stored in incidents' facts, so their degree sizes
# and the projection that draws the Voronoi cells stay as first drawn (134 m at 111,320 m per
# degree; cos(lat0) aspect). Distances are maps.geo's, never these.
_LATTICE_M_PER_DEG = 111_320.0


@dataclass(frozen=True, slots=True)
class Place:
    district_code: str
    district_name: str
    street_code: str
    street_name: str
    community_code: str
    community_name: str
    grid_id: str


@dataclass(frozen=True)
class _DistrictIndex:
    district: District
    street_codes: list[str]
    street_names: list[str]
    street_xy: np.ndarray           # (s, 2) centres
    comm_codes: list[str]
    comm_names: list[str]
    comm_street: np.ndarray         # street index of each community
    comm_xy: np.ndarray             # (c, 2) seeds
    origin: tuple[float, float]     # lattice origin (lon, lat)
    cell_deg: tuple[float, float]   # cell size in degrees (lon, lat)


def _scaled(xy: np.ndarray, lat0: float) -> np.ndarray:
    """The partition's projection (see _LATTICE_M_PER_DEG): nearest-neighbour in proportion
    to metres."""
    return np.column_stack([xy[:, 0] * math.cos(math.radians(lat0)), xy[:, 1]])


@cache
def _centres() -> dict[str, tuple[float, float]]:
    with open(GEO_DIR / "street_centres.csv", encoding="utf-8") as f:
        rows = csv.DictReader(ln for ln in f if not ln.startswith("#"))
        return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in rows}


@cache
def _communities() -> dict[str, list[tuple[str, str]]]:
    by_street: dict[str, list[tuple[str, str]]] = {}
    with open(GEO_DIR / "communities_dongcheng_chaoyang_nbs2023.csv", encoding="utf-8") as f:
        for r in csv.DictReader(ln for ln in f if not ln.startswith('"#')):
            by_street.setdefault(r["streetCode"], []).append((r["code"], r["name"]))
    return by_street


@cache
def _index(adcode: str) -> _DistrictIndex:
    district = load_district(adcode)
    centres = _centres()
    sts = streets(adcode)
    codes = [s["code"] for s in sts]
    names = [s["name"] for s in sts]
    sxy = np.array([centres[c] for c in codes])
    lat0 = float(sxy[:, 1].mean())
    # Community seeds: random points inside the district that fall in their street's cell.
    rng = np.random.default_rng(int(adcode))
    pool = random_points_in(district, 40_000, rng)
    owner = _nearest(_scaled(sxy, lat0), _scaled(pool, lat0))
    ccodes, cnames, cstreet, cxy = [], [], [], []
    comms = _communities()
    for si, code in enumerate(codes):
        mine = pool[owner == si]
        for k, (ccode, cname) in enumerate(comms.get(code, [])):
            ccodes.append(ccode)
            cnames.append(cname)
            cstreet.append(si)
            cxy.append(mine[k % len(mine)] if len(mine) else sxy[si])
    x0, y0, _, _ = district.bbox
    dlat = CELL_METRES / _LATTICE_M_PER_DEG
    dlon = CELL_METRES / (_LATTICE_M_PER_DEG * math.cos(math.radians(lat0)))
    return _DistrictIndex(district, codes, names, sxy, ccodes, cnames, np.array(cstreet),
                          np.array(cxy), (x0, y0), (dlon, dlat))


def _nearest(seeds: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Index of the nearest seed for each point (seeds are few: brute force in chunks)."""
    out = np.empty(len(pts), dtype=np.int64)
    for i in range(0, len(pts), 20_000):
        chunk = pts[i:i + 20_000]
        d = ((chunk[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
        out[i:i + 20_000] = d.argmin(axis=1)
    return out


def grid_id(adcode: str, lon: float, lat: float) -> str:
    idx = _index(adcode)
    col = int((lon - idx.origin[0]) // idx.cell_deg[0])
    row = int((lat - idx.origin[1]) // idx.cell_deg[1])
    return f"{adcode}-{row:03d}-{col:03d}"


def grid_cell_bounds(cell: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a grid cell id such as 110101-012-034."""
    adcode, row, col = cell.split("-")
    idx = _index(adcode)
    w = idx.origin[0] + int(col) * idx.cell_deg[0]
    s = idx.origin[1] + int(row) * idx.cell_deg[1]
    return (w, s, w + idx.cell_deg[0], s + idx.cell_deg[1])


def locate(lon: float, lat: float) -> Place | None:
    """The street, community and grid cell at a point, or None outside both districts."""
    for d in districts():
        if d.contains(np.array([lon]), np.array([lat]))[0]:
            idx = _index(d.adcode)
            lat0 = float(idx.street_xy[:, 1].mean())
            p = _scaled(np.array([[lon, lat]]), lat0)
            si = int(_nearest(_scaled(idx.street_xy, lat0), p)[0])
            mine = np.flatnonzero(idx.comm_street == si)
            if len(mine):
                ci = int(mine[_nearest(_scaled(idx.comm_xy[mine], lat0), p)[0]])
                ccode, cname = idx.comm_codes[ci], idx.comm_names[ci]
            else:
                ccode, cname = "", ""
            return Place(d.adcode, d.name, idx.street_codes[si], idx.street_names[si],
                         ccode, cname, grid_id(d.adcode, lon, lat))
    return None


def street_of_points(adcode: str, lon: np.ndarray, lat: np.ndarray) -> list[str]:
    """Street names for many points known to lie in one district (vectorised)."""
    idx = _index(adcode)
    lat0 = float(idx.street_xy[:, 1].mean())
    si = _nearest(_scaled(idx.street_xy, lat0), _scaled(np.column_stack([lon, lat]), lat0))
    return [idx.street_names[i] for i in si]


@cache
def street_areas(adcode: str) -> list[tuple[str, str, shapely.Geometry]]:
    """(code, name, polygon) of each street: its Voronoi cell clipped to the district."""
    idx = _index(adcode)
    lat0 = float(idx.street_xy[:, 1].mean())
    k = math.cos(math.radians(lat0))
    seeds = shapely.MultiPoint(_scaled(idx.street_xy, lat0))
    cells = shapely.voronoi_polygons(seeds, extend_to=shapely.box(115, 39, 118, 41))
    boundary = idx.district.geometry
    out = []
    for cell in shapely.get_parts(cells):
        coords = shapely.get_coordinates(cell)
        cell_ll = shapely.Polygon(np.column_stack([coords[:, 0] / k, coords[:, 1]]))
        si = int(_nearest(_scaled(idx.street_xy, lat0),
                          _scaled(np.array(shapely.get_coordinates(cell_ll.representative_point())), lat0))[0])
        out.append((idx.street_codes[si], idx.street_names[si], cell_ll.intersection(boundary)))
    return out


def street_centres() -> dict[str, tuple[float, float]]:
    """Street (街道/地区) name -> the point that stands for it (the centre the locator uses)."""
    out: dict[str, tuple[float, float]] = {}
    for d in districts():
        idx = _index(d.adcode)
        for name, (lon, lat) in zip(idx.street_names, idx.street_xy):
            out.setdefault(name, (float(lon), float(lat)))
    return out


def place_dict(lon: float, lat: float) -> dict:
    """lon, lat plus the Place fields ("" outside both districts): what the map hands to forms."""
    place = locate(lon, lat)
    out = {"lon": lon, "lat": lat}
    for f in ("district_code", "district_name", "street_code", "street_name",
              "community_code", "community_name", "grid_id"):
        out[f] = getattr(place, f) if place else ""
    return out
