"""`server --simulate`: makes the demo alive.

- sensors report once a minute each (round robin), a noisy walk around the middle of their
  normal range, with rare excursions that raise warnings and alarms and then fade;
- dispatched units drive to their incident at urban speed (~30 km/h) along the street grid
  (Beijing's main roads run east-west and north-south: first one axis, then the other),
  report their position every 5 s, turn en route, and go on scene within 100 m; after some
  time on scene they are released;
- now and then a phone report creates an incident, and the nearest free unit of a fitting
  kind is dispatched to it, as a 119/110 centre would.
"""
from __future__ import annotations

import logging
import math
import random
import threading
import time
import uuid

import sqlalchemy as sa

from maps import geo
from maps.scene import SENSOR_KINDS
from server import commands, db, handlers, telemetry
from server.store import Store

log = logging.getLogger(__name__)

OPERATOR = "模拟器"
ARRIVAL_M = 100.0
_REPORTS = {  # what a caller typically reports, by incident type
    "fire": "居民楼火情", "gas": "燃气泄漏", "road_traffic": "交通事故", "waterlogging": "下凹桥积水",
    "special_equipment": "电梯困人", "hazchem": "危化品泄漏", "production_safety": "工地事故",
    "crowd_crush": "人员聚集", "medical_rescue": "群体伤病员"}
_FIRST_UNIT = {"fire": "fire_engine", "gas": "gas_repair", "road_traffic": "police",
               "waterlogging": "water_pump", "special_equipment": "rescue", "hazchem": "hazmat",
               "production_safety": "rescue", "crowd_crush": "police",
               "medical_rescue": "ambulance"}


class Simulator:
    def __init__(self, store: Store, seed: int, sensor_period: float = 60.0,
                 unit_period: float = 5.0, report_every: float = 180.0, speed_kmh: float = 30.0,
                 on_scene_minutes: tuple[float, float] = (8.0, 20.0)) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.sensor_period = sensor_period
        self.unit_period = unit_period
        self.report_every = report_every
        self.speed = speed_kmh / 3.6
        self.on_scene_s = tuple(m * 60 for m in on_scene_minutes)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cursor = 0
        self._values: dict[str, float] = {}
        self._kinds: dict[str, str] = {}
        self._excursion: dict[str, float] = {}
        self._leave_at: dict[str, float] = {}
        self._ids: list[str] = []

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ecc-simulator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def load(self) -> None:
        """Read the sensors the simulator drives (done by the thread before its first tick).
        Offline and faulty sensors stay silent: that is what makes them offline."""
        with self.store.reading() as conn:
            for sid, kind, value in conn.execute(
                    sa.select(db.sensors.c.id, db.sensors.c.kind, db.sensors.c.value)
                    .where(db.sensors.c.state.not_in(("offline", "fault")))
                    .order_by(db.sensors.c.id)):
                self._kinds[sid] = kind
                self._values[sid] = value if value is not None else 0.0
        self._ids = list(self._kinds)

    def _run(self) -> None:
        self.load()
        last_units = last = time.monotonic()
        next_report = last + self.rng.expovariate(1 / self.report_every)
        while not self._stop.wait(1.0):
            now = time.monotonic()
            try:
                self.sensors_tick(now - last)
                if now - last_units >= self.unit_period:
                    self.units_tick(now - last_units)
                    last_units = now
                if now >= next_report:
                    self.phone_report()
                    next_report = now + self.rng.expovariate(1 / self.report_every)
            except Exception:  # the demo keeps running; the log says what broke
                log.exception("simulator tick failed")
            last = now

    # -- sensors -----------------------------------------------------------------------------
    def _reading(self, sid: str) -> float:
        kind = self._kinds[sid]
        lo, hi = SENSOR_KINDS[kind][2]
        if kind == "elevator":  # a car stuck now and then, freed at the next report
            return 1.0 if self.rng.random() < 2e-4 else 0.0
        span = hi - lo
        if sid not in self._excursion and self.rng.random() < 2e-4:
            self._excursion[sid] = hi + span * self.rng.uniform(0.3, 1.6)
        if sid in self._excursion:  # an excursion fades by about a third each report
            peak = self._excursion[sid] * 0.7 + (lo + hi) / 2 * 0.3
            if peak < hi:
                del self._excursion[sid]
            else:
                self._excursion[sid] = peak
                return round(peak + self.rng.gauss(0, span * 0.02), 3)
        prev = self._values[sid]
        mid = (lo + hi) / 2
        value = prev + 0.2 * (mid - prev) + self.rng.gauss(0, span * 0.025)
        return round(min(max(value, lo), hi), 3)

    def sensors_tick(self, dt: float) -> None:
        if not self._ids:
            return
        n = min(len(self._ids), math.ceil(len(self._ids) * dt / self.sensor_period))
        batch = [self._ids[(self._cursor + i) % len(self._ids)] for i in range(n)]
        self._cursor = (self._cursor + n) % len(self._ids)
        items = []
        for sid in batch:
            value = self._reading(sid)
            self._values[sid] = value
            items.append((sid, value))
        with self.store.write(operator=OPERATOR) as tx:
            telemetry.ingest_readings(tx, [(sid, v, tx.now) for sid, v in items])

    # -- units -------------------------------------------------------------------------------
    def _step(self, lon, lat, to_lon, to_lat, metres):
        """Move up to `metres` along the grid: east-west first, then north-south."""
        dx, dy = geo.offset_m(lon, lat, to_lon, to_lat)
        kx, ky = geo.metres_per_degree(lat)
        if abs(dx) > 1:
            heading = 90.0 if dx > 0 else 270.0
            if abs(dx) <= metres:
                return to_lon, lat, heading
            return lon + math.copysign(metres, dx) / kx, lat, heading
        heading = 0.0 if dy > 0 else 180.0
        if abs(dy) <= metres:
            return lon, to_lat, heading
        return lon, lat + math.copysign(metres, dy) / ky, heading

    def units_tick(self, dt: float) -> None:
        wall = time.monotonic()
        with self.store.write(operator=OPERATOR) as tx:
            rows = tx.conn.execute(
                sa.select(db.units, db.incidents.c.lon.label("ilon"),
                          db.incidents.c.lat.label("ilat"))
                .join(db.incidents, db.incidents.c.id == db.units.c.incident_id)
                .where(db.units.c.status.in_(("dispatched", "en_route", "on_scene")))
                .order_by(db.units.c.id)).all()
            moves = []
            for u in rows:
                if u.status == "on_scene":
                    leave = self._leave_at.setdefault(u.id, wall + self.rng.uniform(*self.on_scene_s))
                    if wall >= leave:
                        del self._leave_at[u.id]
                        handlers.release_unit(tx, handlers.ReleaseUnit(unit_id=u.id))
                    continue
                if u.status == "dispatched":
                    handlers.update_unit_status(
                        tx, handlers.UpdateUnitStatus(unit_id=u.id, status="en_route"))
                speed = self.speed * self.rng.uniform(0.6, 1.2)  # lights, junctions, traffic
                lon, lat, heading = self._step(u.lon, u.lat, u.ilon, u.ilat, speed * dt)
                if geo.distance_m(lon, lat, u.ilon, u.ilat) <= ARRIVAL_M:
                    handlers.update_unit_status(tx, handlers.UpdateUnitStatus(
                        unit_id=u.id, status="on_scene", lon=lon, lat=lat, heading=heading))
                else:
                    moves.append((u.id, lon, lat, heading, tx.now))
            if moves:
                telemetry.ingest_positions(tx, moves)

    # -- phone reports -----------------------------------------------------------------------
    def phone_report(self) -> None:
        with self.store.reading() as conn:
            count = conn.scalar(sa.select(sa.func.count()).select_from(db.sensors))
            if not count:
                return
            anchor = conn.execute(sa.select(db.sensors.c.lon, db.sensors.c.lat, db.sensors.c.district)
                                  .order_by(db.sensors.c.id)
                                  .offset(self.rng.randrange(count)).limit(1)).first()
        itype = self.rng.choice(sorted(_REPORTS))
        cmd = commands.CommandIn(
            command_id=uuid.UUID(int=self.rng.getrandbits(128)), type="create_incident",
            operator="电话报警（模拟）",
            payload={"type": itype, "title": _REPORTS[itype],
                     "level": self.rng.choice(["IV", "IV", "IV", "III"]),
                     "lon": round(anchor.lon + self.rng.uniform(-2e-3, 2e-3), 6),
                     "lat": round(anchor.lat + self.rng.uniform(-2e-3, 2e-3), 6),
                     "district": anchor.district, "facts": {"source": "phone"}})
        answer = commands.execute(self.store, cmd)
        if answer.http_status != 200:
            return
        inc = answer.body["result"]["incident"]
        unit = self._nearest_free(inc["lon"], inc["lat"], _FIRST_UNIT.get(itype))
        if unit is not None:
            commands.execute(self.store, commands.CommandIn(
                command_id=uuid.UUID(int=self.rng.getrandbits(128)), type="dispatch_unit",
                operator=OPERATOR, payload={"unit_id": unit, "incident_id": inc["id"]}))

    def _nearest_free(self, lon: float, lat: float, kind: str | None) -> str | None:
        with self.store.reading() as conn:
            query = sa.select(db.units.c.id, db.units.c.lon, db.units.c.lat).where(
                db.units.c.status == "available", db.units.c.incident_id.is_(None))
            rows = conn.execute(query.where(db.units.c.kind == kind)).all() if kind else []
            rows = rows or conn.execute(query).all()
        if not rows:
            return None
        return min(rows, key=lambda r: geo.distance_m(lon, lat, r.lon, r.lat)).id
