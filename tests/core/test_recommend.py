"""Unit recommendation against brute force, and coverage gaps on a constructed district."""
from __future__ import annotations

import itertools
import random
from datetime import datetime, timezone

import pytest

from core import recommend as r

NOON = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)   # 12:00 Beijing, off-peak
RUSH = datetime(2026, 11, 21, 0, 30, tzinfo=timezone.utc)  # 08:30 Beijing, morning peak
KINDS = ("fire_engine", "ambulance", "hazmat", "police")


def _units(rng: random.Random, n: int) -> list[dict]:
    return [{"id": f"U{i:04d}", "callsign": f"车{i}", "kind": rng.choice(KINDS),
             "status": rng.choice(("available", "available", "available", "dispatched", "on_scene")),
             "lon": rng.uniform(116.35, 116.65), "lat": rng.uniform(39.82, 40.05)} for i in range(n)]


def _brute(incident, required, units, now):
    """Every unit's trip estimated one at a time; the best `count` of each kind."""
    picks = []
    for kind, count in required.items():
        pool = [u for u in units if u["status"] == "available" and u["kind"] == kind]
        scored = sorted(pool, key=lambda u: (round(r.eta_one(u["lon"], u["lat"], incident["lon"],
                                                             incident["lat"], now), 6), u["id"]))
        picks += [u["id"] for u in scored[:count]]
    return picks


@pytest.mark.parametrize("seed,now", list(itertools.product(range(25), (NOON, RUSH))))
def test_recommendation_matches_brute_force(seed, now):
    rng = random.Random(seed)
    units = _units(rng, rng.randint(5, 300))
    incident = {"id": "INC-X", "lon": rng.uniform(116.35, 116.65), "lat": rng.uniform(39.82, 40.05)}
    required = {k: rng.randint(0, 3) for k in KINDS}
    rec = r.recommend(incident, required, units, now=now)
    assert [c.unit_id for c in rec.picks] == _brute(incident, required, units, now)
    for kind, count in required.items():
        have = sum(1 for u in units if u["status"] == "available" and u["kind"] == kind)
        assert rec.shortfall.get(kind, 0) == max(0, count - have)
    # never proposes a busy unit or one of the wrong kind
    by_id = {u["id"]: u for u in units}
    assert all(by_id[c.unit_id]["status"] == "available" and by_id[c.unit_id]["kind"] == c.kind
               for c in rec.picks)


def test_the_road_model_is_slower_than_the_straight_line_floor_and_slower_at_rush_hour():
    centre = {"id": "I", "lon": 116.40, "lat": 39.91}
    unit = [{"id": "U1", "kind": "fire_engine", "status": "available", "lon": 116.43, "lat": 39.91}]
    noon = r.recommend(centre, {"fire_engine": 1}, unit, now=NOON).picks[0]
    rush = r.recommend(centre, {"fire_engine": 1}, unit, now=RUSH).picks[0]
    assert noon.road_m == pytest.approx(noon.straight_m * r.DETOUR)
    assert noon.eta_s > noon.floor_eta_s
    assert rush.eta_s > noon.eta_s
    assert noon.zone == "二环内"


def test_an_excluded_unit_is_replaced_by_the_next_quickest():
    inc = {"id": "I", "lon": 116.45, "lat": 39.92}
    units = [{"id": f"U{i}", "kind": "ambulance", "status": "available", "lon": 116.45 + i * 0.01,
              "lat": 39.92} for i in range(4)]
    assert [c.unit_id for c in r.recommend(inc, {"ambulance": 2}, units, now=NOON).picks] == ["U0", "U1"]
    rec = r.recommend(inc, {"ambulance": 2}, units, now=NOON, exclude={"U0"})
    assert [c.unit_id for c in rec.picks] == ["U1", "U2"]
    assert [c.unit_id for c in rec.alternatives["ambulance"]] == ["U3"]


def test_coverage_flags_the_street_a_dispatch_leaves_uncovered_and_suggests_a_move_up():
    streets = [r.StreetPoint("A", "甲街道", 116.40, 39.95), r.StreetPoint("B", "乙街道", 116.50, 39.95),
               r.StreetPoint("C", "丙街道", 116.60, 39.95)]
    units = [
        {"id": "F-A1", "kind": "fire_engine", "status": "available", "lon": 116.401, "lat": 39.95},
        {"id": "F-A2", "kind": "fire_engine", "status": "available", "lon": 116.402, "lat": 39.951},
        {"id": "F-B", "kind": "fire_engine", "status": "available", "lon": 116.50, "lat": 39.951},
        {"id": "F-C", "kind": "fire_engine", "status": "available", "lon": 116.60, "lat": 39.951},
    ]
    assert r.coverage_gaps(streets, units, minutes=6, kinds=("fire_engine",), now=NOON) == []
    # F-B goes to an incident: street B (8.5 km from the others) is left without a fire engine
    gaps = r.coverage_gaps(streets, units, minutes=6, kinds=("fire_engine",), now=NOON, exclude={"F-B"})
    assert [(g.street.code, g.kind) for g in gaps] == [("B", "fire_engine")]
    gap = gaps[0]
    assert gap.best_eta_s > 6 * 60
    # moving F-C would strip C; street A has two engines, so one of them moves up
    assert gap.move_unit_id in ("F-A1", "F-A2")
    # with no engine left at all the gap says so, and there is nothing to move
    none_left = r.coverage_gaps(streets, [], minutes=6, kinds=("fire_engine",), now=NOON)
    assert len(none_left) == 3 and none_left[0].best_eta_s is None and none_left[0].move_unit_id is None


def test_street_points_cover_both_districts():
    points = r.street_points()
    names = {p.name for p in points}
    assert "建外街道" in names and len(points) > 50
