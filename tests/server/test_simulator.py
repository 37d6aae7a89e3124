"""The simulator on a real database: noisy readings with alarms, units driving to incidents
at urban speed and arriving, phone reports creating incidents."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server import db
from server.commands import CommandIn, execute
from server.seed import seed_if_empty
from server.simulator import ARRIVAL_M, Simulator
from server.store import Store
from maps.geo import distance_m


def _store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'sim.db'}")
    seed_if_empty(store, 7)
    return store


def test_sensors_report_once_a_minute_with_noise_and_alarms(tmp_path):
    store = _store(tmp_path)
    with store.reading() as conn:
        silent = set(conn.scalars(sa.select(db.sensors.c.id)
                                  .where(db.sensors.c.state.in_(("offline", "fault")))))
    sim = Simulator(store, seed=7)
    sim.load()
    for _ in range(20):  # 20 simulated minutes
        sim.sensors_tick(60.0)
    with store.reading() as conn:
        n_sensors = conn.scalar(sa.select(sa.func.count()).select_from(db.sensors))
        n_readings = conn.scalar(sa.select(sa.func.count()).select_from(db.readings))
        states = dict(conn.execute(sa.select(db.sensors.c.state, sa.func.count())
                                   .group_by(db.sensors.c.state)).all())
        co = conn.execute(
            sa.select(db.readings.c.sensor_id, db.readings.c.value)
            .join(db.sensors, db.sensors.c.id == db.readings.c.sensor_id)
            .where(db.sensors.c.kind == "co").order_by(db.readings.c.id)).all()
    assert silent and n_readings == 20 * (n_sensors - len(silent))
    with store.reading() as conn:
        heard = set(conn.scalars(sa.select(db.readings.c.sensor_id).distinct()))
        still = set(conn.scalars(sa.select(db.sensors.c.id)
                                 .where(db.sensors.c.state.in_(("offline", "fault")))))
    assert not heard & silent and still == silent
    one = [v for sid, v in co if sid == co[0].sensor_id]
    assert len(one) == 20 and len(set(one)) >= 15  # noisy, not constant
    values = sorted(v for _, v in co)
    assert 5 <= values[len(values) // 2] <= 10  # centred in the normal 0-15 ppm range
    assert states.get("warning", 0) + states.get("alarm", 0) >= 1
    assert states.get("normal", 0) > 0.9 * n_sensors
    store.engine.dispose()


def test_dispatched_unit_drives_at_urban_speed_and_arrives(tmp_path):
    store = _store(tmp_path)
    with store.reading() as conn:
        unit = conn.execute(sa.select(db.units).where(db.units.c.status == "available")
                            .order_by(db.units.c.id)).first()
    answer = execute(store, CommandIn(command_id=uuid.uuid4(), type="create_incident", payload={
        "type": "fire", "title": "仓库火情", "lon": unit.lon + 0.012, "lat": unit.lat - 0.008}))
    inc = answer.body["result"]["incident"]
    execute(store, CommandIn(command_id=uuid.uuid4(), type="dispatch_unit",
                             payload={"unit_id": unit.id, "incident_id": inc["id"]}))
    sim = Simulator(store, seed=7)
    lon, lat = unit.lon, unit.lat
    statuses, steps = [], []
    for _ in range(200):  # 200 x 5 s
        sim.units_tick(5.0)
        with store.reading() as conn:
            now = conn.execute(sa.select(db.units).where(db.units.c.id == unit.id)).first()
        steps.append(distance_m(lon, lat, now.lon, now.lat))
        statuses.append(now.status)
        lon, lat = now.lon, now.lat
        if now.status == "on_scene":
            break
    assert statuses[0] == "en_route" and statuses[-1] == "on_scene"
    assert distance_m(lon, lat, inc["lon"], inc["lat"]) <= ARRIVAL_M
    assert max(steps) <= 5 * 36 / 3.6 * 1.01  # never faster than 36 km/h
    assert sum(steps) / len(steps) >= 5 * 15 / 3.6  # but not crawling either
    assert now.heading in (0.0, 90.0, 180.0, 270.0)  # along the street grid
    with store.reading() as conn:
        disp = conn.execute(sa.select(db.dispatches).where(db.dispatches.c.unit_id == unit.id)
                            .order_by(db.dispatches.c.id.desc())).first()
    assert disp.status == "on_scene" and disp.on_scene_at is not None
    store.engine.dispose()


def test_phone_report_creates_an_incident_and_sends_the_nearest_fitting_unit(tmp_path):
    store = _store(tmp_path)
    sim = Simulator(store, seed=11)
    with store.reading() as conn:
        before = conn.scalar(sa.select(sa.func.count()).select_from(db.incidents))
    sim.phone_report()
    with store.reading() as conn:
        newest = conn.execute(sa.select(db.incidents).order_by(db.incidents.c.reported_at.desc())
                              ).first()
        count = conn.scalar(sa.select(sa.func.count()).select_from(db.incidents))
        sent = conn.execute(sa.select(db.units).where(db.units.c.incident_id == newest.id)).all()
    assert count == before + 1 and newest.facts["source"] == "phone"
    # the report gave only a point: the server placed it in its street, community and grid cell
    from maps.places import locate

    place = locate(newest.lon, newest.lat)
    assert (newest.street, newest.district) == (place.street_name, place.district_code)
    assert (newest.facts["community"], newest.facts["grid_id"]) == (place.community_name, place.grid_id)
    assert len(sent) == 1 and sent[0].status == "dispatched"
    store.engine.dispose()
