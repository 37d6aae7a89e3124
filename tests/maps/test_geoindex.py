import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from maps import geo
from maps.geoindex import GeoIndex


def _brute(ix: GeoIndex, lon, lat, qlon, qlat):
    return np.array([ix.distance_m(qlon, qlat, a, b) for a, b in zip(lon, lat)])


def _cloud(seed, n, clustered):
    rng = np.random.default_rng(seed)
    if clustered:  # dense clumps and empty space, the hard case for a bucket grid
        centres = rng.uniform([116.3, 39.8], [116.7, 40.1], (5, 2))
        pts = centres[rng.integers(0, 5, n)] + rng.normal(0, 0.002, (n, 2))
    else:
        pts = rng.uniform([116.3, 39.8], [116.7, 40.1], (n, 2))
    return pts[:, 0], pts[:, 1]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 3000), k=st.integers(1, 25),
       clustered=st.booleans(), qlon=st.floats(116.0, 117.0), qlat=st.floats(39.6, 40.3))
def test_nearest_k_matches_brute_force(seed, n, k, clustered, qlon, qlat):
    lon, lat = _cloud(seed, n, clustered)
    ids = [f"P{i}" for i in range(n)]
    ix = GeoIndex(ids, lon, lat)
    got = ix.nearest(qlon, qlat, k)
    d = _brute(ix, lon, lat, qlon, qlat)
    want = np.sort(d)[:k]
    assert len(got) == min(k, n)
    assert np.allclose([g[1] for g in got], want, atol=1e-6)
    for gid, gd in got:  # each id really is at the distance reported
        assert math.isclose(d[int(gid[1:])], gd, abs_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 3000), radius=st.floats(0, 8000),
       clustered=st.booleans(), qlon=st.floats(116.2, 116.8), qlat=st.floats(39.7, 40.2))
def test_within_radius_matches_brute_force(seed, n, radius, clustered, qlon, qlat):
    lon, lat = _cloud(seed, n, clustered)
    ix = GeoIndex([f"P{i}" for i in range(n)], lon, lat)
    d = _brute(ix, lon, lat, qlon, qlat)
    got = ix.within_radius(qlon, qlat, radius)
    assert sorted(int(g[1:]) for g, _ in got) == sorted(np.flatnonzero(d <= radius).tolist())
    assert [g[1] for g in got] == sorted(g[1] for g in got)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 3000),
       ring=st.lists(st.tuples(st.floats(116.3, 116.7), st.floats(39.8, 40.1)), min_size=3, max_size=8))
def test_within_polygon_matches_brute_force(seed, n, ring):
    poly = shapely.Polygon(ring).buffer(0)
    lon, lat = _cloud(seed, n, False)
    ix = GeoIndex([f"P{i}" for i in range(n)], lon, lat)
    want = np.flatnonzero(shapely.contains_xy(poly, lon, lat))
    assert sorted(int(g[1:]) for g in ix.within_polygon(poly)) == sorted(want.tolist())


def test_distances_are_geo_distances_and_match_the_geodesic():
    ix = GeoIndex(["a"], [116.45], [39.92])
    d = ix.distance_m(116.45, 39.92, 116.62, 40.05)
    assert d == geo.distance_m(116.45, 39.92, 116.62, 40.05)
    assert d == pytest.approx(20474.0726, rel=2e-6)   # WGS84 geodesic (Vincenty)
    assert ix.nearest(116.62, 40.05, 1) == [("a", d)]


def test_bad_coordinates_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="NaN"):
        GeoIndex(["a", "b"], [116.4, float("nan")], [39.9, 39.9])
    with pytest.raises(ValueError, match="2 ids but 1 lon"):
        GeoIndex(["a", "b"], [116.4], [39.9])
