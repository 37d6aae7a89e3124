"""The drill clock: pace changes and pauses map wall moments back to drill seconds."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from drills.clock import DrillClock

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)


class Wall:
    """A wall clock the test moves by hand (the drill clock reads it through `now`)."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at

    def step(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def test_speed_changes_and_pauses_are_remembered_for_every_moment():
    wall = Wall()
    clock = DrillClock(5.0, now=wall)
    wall.step(10)                       # 50 drill s at 5x
    clock.set_speed(20.0)
    wall.step(3)                        # +60 -> 110
    clock.pause()
    wall.step(100)                      # paused: stays 110
    assert clock.seconds() == 110
    assert clock.wall_seconds_until(200) is None
    clock.resume()
    wall.step(1)                        # +20 -> 130
    assert clock.seconds() == 130
    assert clock.wall_seconds_until(150) == pytest.approx(1.0)
    # Any earlier wall moment still maps to the drill second it stood for.
    assert clock.seconds(T0 + timedelta(seconds=4)) == 20
    assert clock.seconds(T0 + timedelta(seconds=12)) == 50 + 40
    assert clock.seconds(T0 + timedelta(seconds=60)) == 110
    assert clock.drill_time(T0 + timedelta(seconds=12)) == T0 + timedelta(seconds=90)


def test_a_paused_clock_takes_the_new_speed_when_it_resumes():
    wall = Wall()
    clock = DrillClock(1.0, now=wall)
    clock.pause()
    clock.set_speed(20.0)
    wall.step(5)
    assert clock.seconds() == 0
    clock.resume()
    wall.step(2)
    assert clock.seconds() == 40


def test_a_speed_that_is_not_positive_is_refused():
    with pytest.raises(ValueError, match="positive"):
        DrillClock(0)


def test_wall_at_is_the_inverse_of_seconds_across_pauses():
    wall = Wall()
    clock = DrillClock(20.0, now=wall)
    wall.step(2)                        # 40
    clock.pause()
    wall.step(30)
    clock.resume()
    clock.set_speed(5.0)
    wall.step(4)                        # 60
    for drill_s in (0, 17.5, 40, 50, 60, 75):
        assert clock.seconds(clock.wall_at(drill_s)) == pytest.approx(drill_s)
    assert clock.wall_at(50) == T0 + timedelta(seconds=2 + 30 + 2)
