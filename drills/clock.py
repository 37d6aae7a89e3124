"""The drill clock: scenario seconds that run at 1x, 5x or 20x wall speed, pause and resume.

It keeps every change of pace as a segment, so any wall-clock moment of the drill maps back to
drill time (`to_drill`). The console's trainees issue commands stamped with the wall clock;
the review maps those stamps through the same clock, so its figures are in drill seconds
whatever speed the trainer played at and however often the drill was paused.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable


@dataclass(frozen=True)
class Segment:
    wall: datetime      # when this pace began
    drill_s: float      # drill seconds at that moment
    speed: float        # drill seconds per wall second; 0 while paused


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DrillClock:
    """Drill time in seconds since the drill start; `now` may be injected for tests."""

    def __init__(self, speed: float = 1.0, now: Callable[[], datetime] = _utc_now) -> None:
        if not speed > 0:
            raise ValueError(f"speed {speed!r}; expected a positive number of drill seconds per second")
        self._now = now
        self.started = now()
        self.speed = speed
        self.paused = False
        self.segments: list[Segment] = [Segment(self.started, 0.0, speed)]

    def seconds(self, at: datetime | None = None) -> float:
        """Drill seconds at wall time `at` (default: now); before the start, 0."""
        at = at or self._now()
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        seg = self.segments[0]
        for s in self.segments:
            if s.wall <= at:
                seg = s
            else:
                break
        if at <= seg.wall:
            return seg.drill_s
        if math.isinf(seg.speed):
            return seg.drill_s
        return seg.drill_s + (at - seg.wall).total_seconds() * seg.speed

    def drill_time(self, at: datetime) -> datetime:
        """The drill moment (start + drill seconds) that wall time `at` stands for."""
        return self.started + timedelta(seconds=self.seconds(at))

    def wall_at(self, drill_s: float) -> datetime:
        """The wall moment the clock showed `drill_s` (or will, at the present pace): the
        inverse of seconds(), so a stamp made from it maps back to exactly drill_s."""
        seg = self.segments[0]
        for s in self.segments:
            if s.drill_s <= drill_s:
                seg = s
        if seg.speed == 0 or math.isinf(seg.speed):
            return seg.wall
        return seg.wall + timedelta(seconds=(drill_s - seg.drill_s) / seg.speed)

    def _turn(self, speed: float) -> None:
        at = self._now()
        self.segments.append(Segment(at, self.seconds(at), speed))

    def pause(self) -> None:
        if not self.paused:
            self._turn(0.0)
            self.paused = True

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self._turn(self.speed)

    def set_speed(self, speed: float) -> None:
        """Change the pace from now on (a paused clock stays paused, at the new pace later)."""
        if not speed > 0:
            raise ValueError(f"speed {speed!r}; expected a positive number of drill seconds per second")
        self.speed = speed
        if not self.paused:
            self._turn(speed)

    def wall_seconds_until(self, drill_s: float) -> float | None:
        """Wall seconds until the clock shows `drill_s`; None while paused (never, as it is)."""
        if self.paused:
            return None
        left = drill_s - self.seconds()
        if left <= 0 or math.isinf(self.speed):
            return 0.0
        return left / self.speed
