"""The server and the console measure the same two points alike (maps.geo): the simulator's
arrival check, the heading taken from travel, and the console's distances (geo index,
duplicates, unit recommendation), camera bearings and the drills' nearest unit.

Before maps.geo the server used a haversine on a sphere and the console a plane at 39.95° N:
100.2 m due east of an incident the server said "arrived" (99.95 m) while the console showed
100.2 m; at 延庆 (40.46° N) the two were 1 % apart."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from types import SimpleNamespace

import numpy as np
import pytest
import sqlalchemy as sa

from maps import geo
from maps.geoindex import GeoIndex
from server import db, telemetry
from server.commands import CommandIn, execute
from server.seed import seed_if_empty
from server.simulator import ARRIVAL_M, Simulator
from server.store import Store

# pairs where the old copies disagreed most: along a parallel (the sphere's worst case) and
# far from the console's old fixed latitude
PAIRS = [(116.4000, 39.9300, 116.4000 + 100.2 / geo.metres_per_degree(39.93)[0], 39.9300),
         (115.9700, 40.4600, 115.9818, 40.4600),
         (116.3975, 39.9087, 116.4612, 39.9087),
         (116.1400, 39.7300, 116.1530, 39.7401)]


def _store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'geo.db'}")
    seed_if_empty(store, 7)
    return store


def _unit(store: Store, uid: str):
    with store.reading() as conn:
        return conn.execute(sa.select(db.units).where(db.units.c.id == uid)).first()


def _place(store: Store, uid: str, lon: float, lat: float, heading: float | None = 90.0) -> None:
    with store.write(operator="test") as tx:
        telemetry.ingest_positions(tx, [(uid, lon, lat, heading, tx.now)])


def test_the_simulators_arrival_check_is_the_consoles_distance(tmp_path):
    store = _store(tmp_path)
    with store.reading() as conn:
        uid = conn.scalar(sa.select(db.units.c.id).where(db.units.c.status == "available")
                          .order_by(db.units.c.id))
    ilon, ilat = 116.4000, 39.9300
    inc = execute(store, CommandIn(command_id=uuid.uuid4(), type="create_incident", payload={
        "type": "fire", "title": "仓库火情", "lon": ilon, "lat": ilat})).body["result"]["incident"]
    execute(store, CommandIn(command_id=uuid.uuid4(), type="dispatch_unit",
                             payload={"unit_id": uid, "incident_id": inc["id"]}))
    sim = Simulator(store, seed=7)
    kx = geo.metres_per_degree(ilat)[0]
    for metres, arrived in ((100.2, False), (99.8, True)):
        _place(store, uid, ilon + metres / kx, ilat)
        sim.units_tick(1e-3)                                  # a tick that moves millimetres
        u = _unit(store, uid)
        console = GeoIndex.from_records([{"id": uid, "lon": u.lon, "lat": u.lat}])
        near = console.within_radius(ilon, ilat, ARRIVAL_M)
        assert (u.status == "on_scene") is arrived
        assert bool(near) is arrived                          # the console's figure agrees
        assert console.distance_m(ilon, ilat, u.lon, u.lat) == geo.distance_m(u.lon, u.lat, ilon, ilat)
        assert abs(geo.distance_m(u.lon, u.lat, ilon, ilat) - metres) < 0.02
    store.engine.dispose()


def test_the_heading_from_travel_is_geos_bearing(tmp_path):
    store = _store(tmp_path)
    with store.reading() as conn:
        uid = conn.scalar(sa.select(db.units.c.id).order_by(db.units.c.id))
    _place(store, uid, 116.40, 39.93)
    for lon, lat, want in ((116.401, 39.93, 90.0), (116.401, 39.92, 180.0), (116.39, 39.92, 270.0),
                           (116.39, 39.93, 0.0), (116.40, 39.94, None)):
        before = _unit(store, uid)
        _place(store, uid, lon, lat, heading=None)
        heading = _unit(store, uid).heading
        assert heading == geo.bearing_deg(before.lon, before.lat, lon, lat)
        if want is not None:
            assert heading == want                            # exactly, along the street grid
    store.engine.dispose()


@pytest.mark.parametrize("pair", PAIRS)
def test_console_figures_are_the_servers(pair):
    from core.duplicates import find_duplicates
    from core.recommend import travel

    lon1, lat1, lon2, lat2 = pair
    server = geo.distance_m(lon1, lat1, lon2, lat2)          # what simulator/telemetry compute
    now = datetime(2024, 5, 1, 3, 0, tzinfo=timezone.utc)
    dup = find_duplicates("fire", lon1, lat1, [{"id": "I1", "type": "fire", "status": "open", "lon": lon2,
                                                "lat": lat2, "reported_at": now.isoformat()}],
                          now=now, radius_m=server + 1)
    assert dup[0].distance_m == server
    index = GeoIndex.from_records([{"id": "U1", "lon": lon2, "lat": lat2}])
    assert index.nearest(lon1, lat1, 1)[0][1] == server
    assert index.within_radius(lon1, lat1, server)[0][1] == server
    straight = travel(np.array([lon2]), np.array([lat2]), lon1, lat1, now)[0]
    assert float(straight[0]) == pytest.approx(server, rel=1e-14)   # vectorised: same expressions


def test_camera_bearing_and_the_drills_nearest_unit_use_geo():
    from core.video_rank import AWAY, COVERS, view_of
    from drills.runner import DrillRunner

    cam = {"id": "C1", "lon": 116.40, "lat": 39.93}
    scene = (116.40 + 300 / geo.metres_per_degree(39.93)[0], 39.93)      # 300 m due east
    assert view_of({**cam, "direction": 135.0}, *scene, metres=300) == COVERS   # 45° off: in
    assert view_of({**cam, "direction": 135.1}, *scene, metres=300) == AWAY
    # A 999.3 m north, B 1000.1 m east: the drills' old cos(lat)-only ranking called B nearer
    world = {"units": [{"id": "A", "lon": 116.4000, "lat": 39.9390},
                       {"id": "B", "lon": 116.4117, "lat": 39.9300}]}
    d = {u["id"]: geo.distance_m(116.40, 39.93, u["lon"], u["lat"]) for u in world["units"]}
    assert d["A"] < d["B"]
    assert DrillRunner._nearest(SimpleNamespace(_world=world), "units", 116.40, 39.93)["id"] == "A"
