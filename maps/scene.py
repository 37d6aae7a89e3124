"""A deterministic demo world: sensors, cameras, units and incidents inside the real districts.

The same seed always gives the same world, so the demo, the tests and the benchmarks agree.
Records are plain JSON-able dicts in WGS84; these keys are the contract with the map bridge,
the server and the panels:

- sensor:   id, kind, state, lon, lat, value, unit, district
- camera:   id, name, lon, lat, direction (degrees clockwise from north, or None), district
- unit:     id, callsign, kind, status, lon, lat, heading, station, district
- incident: id, type, title, level (I-IV), status, lon, lat, reported_at (ISO 8601), district
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

from maps.districts import districts, random_points_in

SENSOR_KINDS = {  # kind: (Chinese name, unit of the reading, normal range)
    "co": ("一氧化碳", "ppm", (0.0, 15.0)),
    "gas": ("可燃气体", "%LEL", (0.0, 5.0)),
    "smoke": ("烟感", "dB/m", (0.0, 0.05)),
    "water_level": ("积水水位", "cm", (0.0, 5.0)),
    "elevator": ("电梯", "", (0.0, 0.0)),
    "air_quality": ("空气质量PM2.5", "μg/m³", (10.0, 75.0)),
}
SENSOR_STATES = ("normal", "warning", "alarm", "offline", "fault")
UNIT_KINDS = {
    "fire_engine": "消防车",
    "ladder": "云梯车",
    "hazmat": "危化品处置车",
    "rescue": "抢险救援车",
    "ambulance": "救护车",
    "police": "警车",
    "gas_repair": "燃气抢修车",
    "water_pump": "排水抢险车",
}
UNIT_STATUSES = ("available", "dispatched", "en_route", "on_scene", "out_of_service")
INCIDENT_SAMPLE_TYPES = ("fire", "gas", "road_traffic", "waterlogging", "special_equipment",
                         "hazchem", "production_safety", "crowd_crush", "medical_rescue")
_TYPE_TITLES = {
    "fire": "居民楼火情", "gas": "燃气泄漏", "road_traffic": "交通事故", "waterlogging": "下凹桥积水",
    "special_equipment": "电梯困人", "hazchem": "危化品泄漏", "production_safety": "工地事故",
    "crowd_crush": "人员聚集", "medical_rescue": "群体伤病员",
}


@dataclass
class Scene:
    sensors: list[dict] = field(default_factory=list)
    cameras: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)

    def layers(self) -> dict[str, list[dict]]:
        return {"sensors": self.sensors, "cameras": self.cameras,
                "units": self.units, "incidents": self.incidents}


def _split(n: int, weights: list[float]) -> list[int]:
    counts = [int(n * w) for w in weights]
    counts[0] += n - sum(counts)
    return counts


# Resident population, 七普 (2020-11-01): 朝阳 3,452,460, 东城 708,829 (DOMAIN_NOTES.md §6).
# Response units follow the people they serve: by area 东城 would get one fire engine.
BY_POPULATION = [3_452_460 / 4_161_289, 708_829 / 4_161_289]
BY_AREA = [0.917, 0.083]   # 朝阳 ~11x 东城


def _points(n: int, rng: np.random.Generator, weights: list[float] = BY_AREA) -> tuple[np.ndarray, list[str]]:
    """n points spread over the districts [朝阳, 东城] in the given proportions (default: area)."""
    ds = districts()  # [朝阳, 东城]
    counts = _split(n, weights)
    pts, owner = [], []
    for d, k in zip(ds, counts):
        if k:
            pts.append(random_points_in(d, k, rng))
            owner += [d.adcode] * k
    return (np.concatenate(pts) if pts else np.zeros((0, 2))), owner


def build_scene(seed: int = 20261121, sensors: int = 2000, cameras: int = 400, units: int = 120,
                incidents: int = 12, now: datetime | None = None, more_cameras: int = 0) -> Scene:
    """Build the demo world; the benchmark scene is sensors=100_000, cameras=8_000,
    units=500, incidents=200. `more_cameras` adds cameras from a random stream of their own,
    so that the rest of the world stays what the same seed always gave."""
    rng = np.random.default_rng(seed)
    now = now or datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
    scene = Scene()

    kinds = list(SENSOR_KINDS)
    pts, owner = _points(sensors, rng)
    kind_idx = rng.choice(len(kinds), size=sensors, p=[0.55, 0.15, 0.15, 0.03, 0.08, 0.04])
    state_idx = rng.choice(len(SENSOR_STATES), size=sensors, p=[0.955, 0.02, 0.005, 0.015, 0.005])
    for i in range(sensors):
        kind = kinds[kind_idx[i]]
        lo, hi = SENSOR_KINDS[kind][2]
        scene.sensors.append({
            "id": f"S{i:06d}", "kind": kind, "state": SENSOR_STATES[state_idx[i]],
            "lon": round(float(pts[i, 0]), 6), "lat": round(float(pts[i, 1]), 6),
            "value": round(float(rng.uniform(lo, hi)), 2), "unit": SENSOR_KINDS[kind][1],
            "district": owner[i]})

    _add_cameras(scene, cameras, rng)

    ukinds = list(UNIT_KINDS)
    pts, owner = _points(units, rng, BY_POPULATION)
    ukind_idx = rng.choice(len(ukinds), size=units, p=[0.22, 0.06, 0.05, 0.1, 0.25, 0.22, 0.05, 0.05])
    for i in range(units):
        kind = ukinds[ukind_idx[i]]
        status = "available" if rng.random() < 0.8 else str(rng.choice(UNIT_STATUSES[1:]))
        scene.units.append({
            "id": f"U{i:04d}", "callsign": f"{UNIT_KINDS[kind]}{i:03d}", "kind": kind,
            "status": status, "lon": round(float(pts[i, 0]), 6), "lat": round(float(pts[i, 1]), 6),
            "heading": int(rng.integers(0, 360)), "station": f"站点{i % 40:02d}",
            "district": owner[i]})

    pts, owner = _points(incidents, rng)
    levels = ("I", "II", "III", "IV")
    for i in range(incidents):
        itype = INCIDENT_SAMPLE_TYPES[int(rng.integers(0, len(INCIDENT_SAMPLE_TYPES)))]
        scene.incidents.append({
            "id": f"INC-{i + 1:04d}", "type": itype, "title": _TYPE_TITLES[itype],
            "level": levels[int(rng.choice(4, p=[0.01, 0.04, 0.2, 0.75]))],
            "status": "active" if rng.random() < 0.85 else "closed",
            "lon": round(float(pts[i, 0]), 6), "lat": round(float(pts[i, 1]), 6),
            "reported_at": (now - timedelta(minutes=int(rng.integers(1, 600)))).isoformat(),
            "district": owner[i]})

    _add_cameras(scene, more_cameras, np.random.default_rng([seed, 1]))
    return scene


def _add_cameras(scene: Scene, n: int, rng: np.random.Generator) -> None:
    first = len(scene.cameras)
    pts, owner = _points(n, rng)
    for j in range(n):
        i = first + j
        direction = None if rng.random() < 0.2 else int(rng.integers(0, 360))
        scene.cameras.append({
            "id": f"C{i:05d}", "name": f"视频点位{i:05d}",
            "lon": round(float(pts[j, 0]), 6), "lat": round(float(pts[j, 1]), 6),
            "direction": direction, "district": owner[j]})
