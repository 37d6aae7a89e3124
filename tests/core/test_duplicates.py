"""Duplicate reports: same type, close by, recent, still open."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.duplicates import find_duplicates

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def _inc(id_, type_="gas", dlon=0.0, minutes=10, status="active"):
    return {"id": id_, "type": type_, "status": status, "lon": 116.4595 + dlon, "lat": 39.9087,
            "reported_at": (NOW - timedelta(minutes=minutes)).isoformat()}


def test_same_type_near_and_recent_is_offered_nearest_first():
    incidents = [_inc("far", dlon=0.01), _inc("near", dlon=0.001), _inc("nearer", dlon=0.0005),
                 _inc("fire", type_="fire"), _inc("old", minutes=90), _inc("closed", status="closed"),
                 _inc("edge", dlon=0.0034)]  # ~290 m east
    found = find_duplicates("gas", 116.4595, 39.9087, incidents, now=NOW)
    assert [d.incident["id"] for d in found] == ["nearer", "near", "edge"]
    assert 40 < found[0].distance_m < 45 and found[0].minutes_ago == 10


def test_radius_and_window_are_parameters():
    incidents = [_inc("a", dlon=0.005, minutes=100)]  # ~430 m, 100 min ago
    assert find_duplicates("gas", 116.4595, 39.9087, incidents, now=NOW) == []
    assert [d.incident["id"] for d in find_duplicates("gas", 116.4595, 39.9087, incidents, now=NOW,
                                                      radius_m=500, window_min=120)] == ["a"]


def test_records_without_time_or_place_are_skipped_not_fatal():
    incidents = [{"id": "x", "type": "gas", "status": "active", "lon": 116.4595, "lat": 39.9087},
                 {"id": "y", "type": "gas", "status": "active", "reported_at": NOW.isoformat()},
                 {"id": "z", "type": "gas", "status": "active", "lon": 116.4595, "lat": 39.9087,
                  "reported_at": "yesterday"}]
    assert find_duplicates("gas", 116.4595, 39.9087, incidents, now=NOW) == []
