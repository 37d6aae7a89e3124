"""Which cameras go on the wall: the ranking against brute force, and direction beats distance."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.video_rank import AWAY, COVERS, UNKNOWN, cameras_for_scene, rank, view_of
from maps.geo import bearing_deg
from maps.geoindex import GeoIndex
from maps.scene import build_scene

SCENE = build_scene(7, sensors=0, cameras=3000, units=0, incidents=0)
CAMERAS = {c["id"]: c for c in SCENE.cameras}
INDEX = GeoIndex.from_records(CAMERAS)


def brute(lon, lat, k, radius):
    """Every camera, its distance by the index's own metric, its view: sorted the slow way
    (the bearing formula itself is checked against the compass below)."""
    rows = []
    for cam in CAMERAS.values():
        m = INDEX.distance_m(cam["lon"], cam["lat"], lon, lat)
        if m <= radius:
            d = cam["direction"]
            if m <= 5:
                view = COVERS
            elif d is None:
                view = UNKNOWN
            else:
                b = bearing_deg(cam["lon"], cam["lat"], lon, lat)
                view = COVERS if min(abs(b - d), 360 - abs(b - d)) <= 45 else AWAY
            rows.append((view, m, cam["id"]))
    return [cid for _v, _m, cid in sorted(rows)[:k]]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SCENE.cameras) - 1), st.sampled_from([1, 4, 9, 16]),
       st.floats(100, 2000), st.floats(-0.002, 0.002), st.floats(-0.002, 0.002))
def test_ranking_over_the_index_equals_brute_force(i, k, radius, dlon, dlat):
    cam = SCENE.cameras[i]
    lon, lat = cam["lon"] + dlon, cam["lat"] + dlat
    got = [r.camera_id for r in cameras_for_scene(INDEX, CAMERAS, lon, lat, k, radius)]
    want = brute(lon, lat, k, radius)
    assert got == want


def test_a_camera_looking_at_the_scene_beats_a_closer_one_looking_away():
    lon, lat = 116.45, 39.92
    # 100 m south of the scene looking north (at it); 30 m west looking west (away); 60 m east, no direction
    south = {"id": "S", "lon": lon, "lat": lat - 100 / 111_000, "direction": 0}
    west = {"id": "W", "lon": lon - 30 / 85_000, "lat": lat, "direction": 270}
    east = {"id": "E", "lon": lon + 60 / 85_000, "lat": lat, "direction": None}
    index = GeoIndex.from_records([south, west, east])
    ranked = cameras_for_scene(index, {c["id"]: c for c in (south, west, east)}, lon, lat, 3)
    assert [(r.camera_id, r.view) for r in ranked] == [("S", COVERS), ("E", UNKNOWN), ("W", AWAY)]
    assert [r.camera_id for r in cameras_for_scene(index, {"S": south, "W": west, "E": east}, lon, lat, 1)] == ["S"]
    # outside the radius nothing, however well it looks
    assert cameras_for_scene(index, {"S": south, "W": west, "E": east}, lon, lat, 3, radius_m=20) == []


def test_view_edges_and_wraparound():
    cam = {"id": "C", "lon": 116.0, "lat": 40.0, "direction": 350}
    north_east = (116.0 + 10 / 85_000, 40.0 + 100 / 111_000)   # bearing ≈ 6°: 16° off 350, wraps
    assert view_of(cam, *north_east, metres=100) == COVERS
    assert view_of({**cam, "direction": 100}, *north_east, metres=100) == AWAY
    assert view_of({**cam, "direction": 100}, 116.0, 40.0, metres=1) == COVERS   # standing at the scene
    assert rank(0, 0, [], 4) == []


def test_bearing_cardinal_points_and_diagonal():
    # 45°: equal metres east and north (≈85.4 km per degree of longitude at 40°N)
    assert abs(bearing_deg(116, 40, 116 + 0.001, 40 + 0.001 * 85_394 / 111_035) - 45) < 0.2
    assert round(bearing_deg(116, 40, 116, 40.01)) == 0
    assert round(bearing_deg(116, 40, 116.01, 40)) == 90
    assert round(bearing_deg(116, 40, 116, 39.99)) == 180
    assert round(bearing_deg(116, 40, 115.99, 40)) == 270
