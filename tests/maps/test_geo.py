"""maps.geo, the one geo model: known distances against the WGS84 geodesic, exact cardinal
bearings, scalar and vectorised forms agreeing, and the maps/plans call sites that use it
reporting its very figures (console- and server-side call sites: tests/server/test_telemetry_geo.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from maps import geo
from maps.geoindex import GeoIndex

# (lon1, lat1, lon2, lat2) -> metres on the WGS84 ellipsoid, by Vincenty's inverse formula
GEODESIC = {
    (116.3975, 39.9087, 116.4612, 39.9087): 5446.826219008626,    # 天安门 -> 国贸, along a parallel
    (116.3975, 39.9087, 116.3975, 40.9087): 111042.5015150671,    # one degree of meridian at Beijing
    (116.45, 39.92, 116.62, 40.05): 20474.072646378885,           # a diagonal across Chaoyang
    (116.0, 40.0, 116.0, 40.001): 111.03464218538134,             # an arrival radius
    (115.97, 40.46, 117.3, 39.5): 155779.9862327671,              # 延庆 -> 通州, corner to corner
}


@pytest.mark.parametrize(("pair", "metres"), GEODESIC.items())
def test_distances_match_the_wgs84_geodesic(pair, metres):
    tolerance = 2e-6 if metres < 50_000 else 3e-5   # documented in maps/geo.py
    assert geo.distance_m(*pair) == pytest.approx(metres, rel=tolerance)


def test_tiananmen_to_guomao_along_the_parallel():
    d = geo.distance_m(116.3975, 39.9087, 116.4612, 39.9087)
    assert round(d) == 5447                               # the geodesic: 5,446.83 m
    assert d == pytest.approx(0.0637 * geo.metres_per_degree(39.9087)[0], rel=1e-12)


def test_a_degree_of_meridian_and_of_equator():
    # 110.57 km at the equator, 111.04 km at Beijing, 111.69 km at the pole: the ellipsoid's,
    # where a sphere of mean radius says 111.19 km everywhere
    assert geo.metres_per_degree(0.0) == pytest.approx((111_319.49, 110_574.28), abs=0.2)
    assert geo.metres_per_degree(39.9)[1] == pytest.approx(111_032.7, abs=0.1)
    assert geo.metres_per_degree(90.0)[1] == pytest.approx(111_693.9, abs=0.1)
    assert geo.metres_per_degree(90.0)[0] == pytest.approx(0.0, abs=1e-9)


def test_metres_per_degree_is_the_usual_series():
    for lat in (-60.0, -33.0, 0.0, 23.5, 39.9, 41.1, 60.0, 89.9):
        p = math.radians(lat)
        want = (111_412.84 * math.cos(p) - 93.5 * math.cos(3 * p),
                111_132.92 - 559.82 * math.cos(2 * p) + 1.175 * math.cos(4 * p))
        assert geo.metres_per_degree(lat) == pytest.approx(want, rel=1e-12, abs=1e-9)


def test_bearings_due_north_east_south_west_are_exact():
    assert geo.bearing_deg(116.0, 40.0, 116.0, 40.01) == 0.0
    assert geo.bearing_deg(116.0, 40.0, 116.01, 40.0) == 90.0
    assert geo.bearing_deg(116.0, 40.0, 116.0, 39.99) == 180.0
    assert geo.bearing_deg(116.0, 40.0, 115.99, 40.0) == 270.0
    assert geo.bearing_deg(116.0, 40.0, 116.0, 40.0) == 0.0          # no direction: north
    kx, ky = geo.metres_per_degree(40.0005)
    assert geo.bearing_deg(116.0, 40.0, 116.0 + 0.001 * ky / kx, 40.001) == pytest.approx(45.0, abs=1e-3)
    b = geo.bearing_deg(116.0, 40.0, 116.0 - 1e-13, 40.01)            # a hair west of north
    assert 0.0 <= b < 360.0


def test_distance_and_bearing_are_symmetric():
    rng = np.random.default_rng(5)
    for lon1, lat1, lon2, lat2 in rng.uniform([115.4, 39.4, 115.4, 39.4], [117.5, 41.1, 117.5, 41.1], (200, 4)):
        assert geo.distance_m(lon1, lat1, lon2, lat2) == geo.distance_m(lon2, lat2, lon1, lat1)
        back = (geo.bearing_deg(lon2, lat2, lon1, lat1) - 180.0) % 360.0
        assert abs((back - geo.bearing_deg(lon1, lat1, lon2, lat2) + 180.0) % 360.0 - 180.0) < 1e-9


def test_the_short_way_round_the_antimeridian():
    assert geo.distance_m(179.999, 0.0, -179.999, 0.0) == pytest.approx(222.64, abs=0.01)
    assert geo.distances_m(179.999, 0.0, [-179.999], [0.0])[0] == geo.distance_m(179.999, 0.0, -179.999, 0.0)
    assert geo.bearing_deg(179.999, 0.0, -179.999, 0.0) == 90.0


def test_scalar_and_vectorised_forms_agree():
    rng = np.random.default_rng(11)
    pts = rng.uniform([115.4, 39.4], [117.5, 41.1], (10_000, 2))
    lon, lat = 116.3975, 39.9087
    vec = geo.distances_m(lon, lat, pts[:, 0], pts[:, 1])
    one = np.array([geo.distance_m(lon, lat, a, b) for a, b in pts])
    # the same expressions in the same order: identical wherever numpy's cos is the C
    # library's (so on this project's machines); never more than an ulp or two apart
    np.testing.assert_allclose(vec, one, rtol=1e-14, atol=0)
    x, y = geo.offsets_m(lon, lat, pts[:, 0], pts[:, 1])
    np.testing.assert_allclose(np.column_stack([x, y]),
                               [geo.offset_m(lon, lat, a, b) for a, b in pts], rtol=1e-14, atol=1e-9)
    assert geo.distances_m(lon, lat, [], []).shape == (0,)


def test_district_at_is_the_door_to_maps_districts():
    from maps import districts

    for lon, lat, want in ((116.4, 39.93, "110101"), (116.4612, 39.9087, "110105"), (116.0, 39.0, None)):
        assert geo.district_at(lon, lat) == districts.district_at(lon, lat) == want


# -- call sites in maps and plans: they report geo's figure, not one of their own -----------

def test_geo_index_reports_geo_distances():
    rng = np.random.default_rng(3)
    # Beijing's whole north-south extent: a plane at one latitude is off by ~1 % at its edges
    pts = rng.uniform([115.4, 39.4], [117.5, 41.1], (5_000, 2))
    ix = GeoIndex([f"P{i}" for i in range(len(pts))], pts[:, 0], pts[:, 1])
    for qlon, qlat in ((116.3975, 39.9087), (115.97, 40.46), (117.2, 39.45), (118.5, 42.0)):
        want = geo.distances_m(qlon, qlat, pts[:, 0], pts[:, 1])
        got = ix.nearest(qlon, qlat, 15)
        assert [m for _, m in got] == pytest.approx(np.sort(want)[:15], rel=1e-14)
        for pid, m in got:
            assert m == pytest.approx(geo.distance_m(qlon, qlat, *pts[int(pid[1:])]), rel=1e-14)
        inside = ix.within_radius(qlon, qlat, 4_000)
        assert sorted(int(p[1:]) for p, _ in inside) == sorted(np.flatnonzero(want <= 4_000).tolist())
        assert ix.distance_m(qlon, qlat, *pts[0]) == geo.distance_m(qlon, qlat, *pts[0])


def test_district_distance_is_geo_distance_to_the_boundary():
    import shapely

    from maps.districts import distance_m, load_district

    d = load_district("110101")
    # the boundary sampled every ~1 m, each sample measured by geo
    dense = np.concatenate([shapely.get_coordinates(shapely.segmentize(shapely.LinearRing(r), 1e-5))
                            for r in d.rings])
    for lon, lat in ((116.40, 39.84), (116.45, 39.95), (116.37, 39.95), (116.4400, 39.9030)):
        nearest = float(geo.distances_m(lon, lat, dense[:, 0], dense[:, 1]).min())
        # geo's plane at the point's latitude: off by under d² tan(lat) / 2R (2 cm at 500 m)
        assert nearest - 1.0 <= distance_m("110101", lon, lat) <= nearest + nearest ** 2 / 6.4e6
    assert distance_m("110101", 116.4, 39.93) == 0.0


def test_enterprise_plans_nearby_at_geo_distances():
    from plans.activation import Activator

    sites = {"E1": (116.4000, 39.9300), "E2": (116.4080, 39.9300), "E3": (116.4000, 39.9385)}
    meta = {pid: ("enterprise", "", ("fire",), lon, lat) for pid, (lon, lat) in sites.items()}
    act = Activator(lambda pid: None, meta)
    got = dict(act.nearby(116.4030, 39.9310, radius_m=2_000))
    assert set(got) == set(sites)
    for pid, (lon, lat) in sites.items():
        assert got[pid] == pytest.approx(geo.distance_m(116.4030, 39.9310, lon, lat), rel=1e-14)
