"""Geo index over many points (no Qt): nearest-k, within a radius, within a polygon.

A uniform grid of buckets in local metres: points are sorted by bucket so that one row of
buckets is one contiguous slice, and a query touches a few slices of small numpy arrays.
Nearest-10 among 100,000 points takes well under a millisecond (benchmarks/map.py).

The buckets are laid on one plane (around the data's mean latitude), but every distance the
index reports or compares is maps.geo's, so it is the very figure the server and every other
part of the console compute for the same two points. The plane only chooses which buckets to
look in, with a margin for how far it can differ from maps.geo over the data's latitudes.
Coordinates are WGS84 longitude/latitude, like every layer of the console; the index does not
wrap across the antimeridian.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely

from maps import geo


class GeoIndex:
    """Immutable index of (id, lon, lat); rebuild it (cheap: ~10 ms per 100,000) on change."""

    def __init__(self, ids: Sequence[str], lon: Sequence[float] | np.ndarray,
                 lat: Sequence[float] | np.ndarray, lat0: float | None = None,
                 per_bucket: float = 8.0) -> None:
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        if not (len(ids) == len(lon) == len(lat)):
            raise ValueError(f"GeoIndex: {len(ids)} ids but {len(lon)} lon and {len(lat)} lat values")
        if len(lon) and not (np.isfinite(lon).all() and np.isfinite(lat).all()):
            raise ValueError("GeoIndex: lon/lat contain NaN or infinity; drop those records first")
        n = len(lon)
        if lat0 is None:
            lat0 = float(lat.mean()) if n else 39.95
        self._kx, self._ky = geo.metres_per_degree(lat0)
        self._lat_range = (float(lat.min()), float(lat.max())) if n else (lat0, lat0)
        self._slack_inside = None
        self._slack_inside = self._slack(self._lat_range[0])   # for queries among the points
        x, y = lon * self._kx, lat * self._ky
        if n:
            self._x0, self._y0 = float(x.min()), float(y.min())
            w, h = float(x.max()) - self._x0, float(y.max()) - self._y0
        else:
            self._x0 = self._y0 = 0.0
            w = h = 1.0
        self.cell = max(10.0, math.sqrt(max(w * h, 1.0) * per_bucket / max(n, 1)))
        self._nx = int(w // self.cell) + 1
        self._ny = int(h // self.cell) + 1
        cx = ((x - self._x0) // self.cell).astype(np.int64)
        cy = ((y - self._y0) // self.cell).astype(np.int64)
        key = cy * self._nx + cx
        order = np.argsort(key, kind="stable")
        self._order = order
        self._lon, self._lat = lon[order], lat[order]
        self._x, self._y = self._lon * self._kx, self._lat * self._ky
        self._starts = np.searchsorted(key[order], np.arange(self._nx * self._ny + 1))
        self._ids = np.asarray(ids, dtype=object)[order] if n else np.asarray([], dtype=object)

    def __len__(self) -> int:
        return len(self._x)

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return lon * self._kx, lat * self._ky

    def _slack(self, lat: float) -> tuple[float, float]:
        """(f, g) with plane distance <= f x geo distance and geo distance <= g x plane distance
        between a query at `lat` and any indexed point. geo measures at the pair's mean
        latitude m, which lies in [lo, hi]; metres per degree of longitude shrink and of
        latitude grow away from the equator, so the extreme ratios are at the ends."""
        lo, hi = self._lat_range
        if lo <= lat <= hi and self._slack_inside is not None:
            return self._slack_inside
        lo, hi = min(lo, lat), max(hi, lat)
        far = min(max(abs(lo), abs(hi)), 89.9)
        near = 0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi))
        kx_far, ky_far = geo.metres_per_degree(far)
        kx_near, ky_near = geo.metres_per_degree(near)
        margin = 1.0 + 1e-9
        return (max(1.0, self._kx / kx_far, self._ky / ky_near) * margin,
                max(1.0, kx_near / self._kx, ky_far / self._ky) * margin)

    def _gather(self, x: float, y: float, r: int) -> np.ndarray:
        """Positions (in sorted order) of the points in the (2r+1)² buckets around (x, y)."""
        qx = int((x - self._x0) // self.cell)
        qy = int((y - self._y0) // self.cell)
        c0, c1 = max(0, qx - r), min(self._nx - 1, qx + r)
        r0, r1 = max(0, qy - r), min(self._ny - 1, qy + r)
        if c0 > c1 or r0 > r1:
            return np.empty(0, dtype=np.int64)
        nx = self._nx            # the rows' first and past-the-end positions: strided views
        lo = self._starts[r0 * nx + c0:r1 * nx + c0 + 1:nx]
        hi = self._starts[r0 * nx + c1 + 1:r1 * nx + c1 + 2:nx]
        if len(lo) == 1:
            return np.arange(lo[0], hi[0])
        if len(lo) <= 5:
            return np.concatenate([np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist())])
        size = hi - lo           # many rows: the runs back to back without a Python loop
        ends = size.cumsum()
        return np.arange(int(ends[-1])) + np.repeat(lo - (ends - size), size)

    def _metres(self, lon: float, lat: float, pos: np.ndarray) -> np.ndarray:
        """geo's distances from (lon, lat) to the points at `pos`; a few one by one (numpy's
        per-call cost exceeds the arithmetic there), many at once: the same figures."""
        if len(pos) <= 16:
            return np.array([geo.distance_m(lon, lat, a, b)
                             for a, b in zip(self._lon[pos].tolist(), self._lat[pos].tolist())])
        return geo.distances_m(lon, lat, self._lon[pos], self._lat[pos])

    def _result(self, pos: np.ndarray, d: np.ndarray) -> list[tuple[str, float]]:
        sel = np.lexsort((pos, d))     # nearest first, ties in index order
        return list(zip(self._ids[pos[sel]].tolist(), d[sel].tolist()))

    def nearest(self, lon: float, lat: float, k: int = 10) -> list[tuple[str, float]]:
        """The k nearest points as (id, metres), nearest first (ties in index order)."""
        n = len(self._x)
        k = min(k, n)
        if k <= 0:
            return []
        x, y = self._xy(lon, lat)
        f, g = self._slack(lat)
        # start where the query's own distance to the grid already makes rings worthwhile
        out_x = max(self._x0 - x, 0.0, x - (self._x0 + self._nx * self.cell))
        out_y = max(self._y0 - y, 0.0, y - (self._y0 + self._ny * self.cell))
        r = max(1, int(max(out_x, out_y) // self.cell) + 1)
        rmax = max(self._nx, self._ny) + r
        while True:
            pos = self._gather(x, y, r)
            if len(pos) >= k or r >= rmax:
                # The plane picks the candidates: the true k nearest of those gathered are
                # within f * g of the k-th nearest on the plane. geo measures them.
                d2 = (self._x[pos] - x) ** 2 + (self._y[pos] - y) ** 2
                if len(pos) > k:
                    pk = float(np.partition(d2, k - 1)[k - 1])
                    pos = pos[d2 <= pk * (f * g) ** 2]
                d = self._metres(lon, lat, pos)
                kth = float(np.partition(d, k - 1)[k - 1] if len(d) > k else d.max())
                # every point not gathered is more than r buckets away on the plane, so
                # more than r * cell / f metres away
                if r >= rmax or kth * f <= r * self.cell:
                    return self._result(pos, d)[:k]
                r = max(r + 1, int(kth * f // self.cell) + 1)
            else:
                r = r * 2

    def within_radius(self, lon: float, lat: float, metres: float) -> list[tuple[str, float]]:
        """All points within `metres` of (lon, lat) as (id, metres), nearest first."""
        if not len(self._x) or metres < 0:
            return []
        x, y = self._xy(lon, lat)
        f, _ = self._slack(lat)
        reach = metres * f                       # on the plane
        pos = self._gather(x, y, int(reach // self.cell) + 1)
        d2 = (self._x[pos] - x) ** 2 + (self._y[pos] - y) ** 2
        pos = pos[d2 <= reach * reach]
        d = self._metres(lon, lat, pos)
        keep = d <= metres
        return self._result(pos[keep], d[keep])

    def within_polygon(self, polygon: shapely.Geometry | Sequence[tuple[float, float]]) -> list[str]:
        """Ids of the points inside a polygon (shapely geometry or a lon/lat ring)."""
        if not isinstance(polygon, shapely.Geometry):
            polygon = shapely.Polygon(polygon)
        if not len(self._x) or polygon.is_empty:
            return []
        w, s, e, n = polygon.bounds
        x0, y0 = self._xy(w, s)
        x1, y1 = self._xy(e, n)
        c0 = max(0, int((x0 - self._x0) // self.cell))
        c1 = min(self._nx - 1, int((x1 - self._x0) // self.cell))
        r0 = max(0, int((y0 - self._y0) // self.cell))
        r1 = min(self._ny - 1, int((y1 - self._y0) // self.cell))
        if c0 > c1 or r0 > r1:
            return []
        base = np.arange(r0, r1 + 1) * self._nx
        pos = np.concatenate([np.arange(a, b) for a, b in
                              zip(self._starts[base + c0].tolist(), self._starts[base + c1 + 1].tolist())])
        inside = shapely.contains_xy(polygon, self._lon[pos], self._lat[pos])
        return sorted(self._ids[pos[inside]].tolist())

    def distance_m(self, lon1: float, lat1: float, lon2: float, lat2: float) -> float:
        """The metric the index uses: maps.geo.distance_m, like everyone else."""
        return geo.distance_m(lon1, lat1, lon2, lat2)

    @classmethod
    def from_records(cls, records: Sequence[dict] | dict) -> GeoIndex:
        """Index records with "id", "lon" and "lat" (a list, or a dict by id as LiveState keeps)."""
        recs = list(records.values()) if isinstance(records, dict) else list(records)
        recs = [r for r in recs if r.get("lon") is not None and r.get("lat") is not None]
        return cls([r["id"] for r in recs], [r["lon"] for r in recs], [r["lat"] for r in recs])
