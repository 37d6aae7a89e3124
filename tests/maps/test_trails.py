"""maps.trails without a screen: a bounded ring per unit, the window, repeated reports."""
from __future__ import annotations

import pytest

from maps.trails import Trails


def test_trail_keeps_moves_in_the_window_and_is_bounded():
    tr = Trails(minutes=1, max_points=5)
    assert tr.record("U1", 116.40, 39.90, 0.0)
    assert not tr.record("U1", 116.40, 39.90, 1.0)        # the same place again adds nothing
    for i in range(1, 8):
        tr.record("U1", 116.40 + i * 0.001, 39.90, float(i * 10))
    pts = tr.trail("U1", now=70.0)
    assert len(pts) == 5 and pts[-1] == (70.0, pytest.approx(116.407), 39.90)   # bounded: the newest 5
    assert [p[0] for p in tr.trail("U1", now=115.0)] == [60.0, 70.0]          # older than 60 s: not drawn
    assert tr.trail("nobody", now=0.0) == []


def test_prune_forgets_old_points_but_not_the_last_known_place():
    tr = Trails(minutes=1)
    tr.record("U1", 116.40, 39.90, 0.0)
    tr.record("U1", 116.41, 39.90, 10.0)
    tr.prune(now=500.0)
    assert tr.trail("U1", now=500.0) == [] and len(tr) == 1
    assert tr.record("U1", 116.42, 39.90, 501.0)
    assert tr.trail("U1", now=501.0) == [(501.0, 116.42, 39.90)]
    with pytest.raises(ValueError, match="minutes"):
        Trails(minutes=0)
