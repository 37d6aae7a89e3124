"""AVL trails: each unit's recent positions, kept by the console (no Qt).

The server stores only a unit's latest position (its event log holds the rest for a while,
not as a queryable track), so the console keeps a bounded ring per unit from the positions
it receives: at most MAX_POINTS per unit, none older than the window. Times are the moments
the console received them (seconds since the epoch), the same clock the page fades by.
"""
from __future__ import annotations

from collections import deque

TRAIL_MINUTES = 10.0
MAX_POINTS = 600          # a position every second for 10 minutes
_SAME = 1e-7              # degrees (~1 cm): a repeated report of the same place adds nothing


class Trails:
    """Recent positions per unit: record() as positions arrive, trail() to draw."""

    def __init__(self, minutes: float = TRAIL_MINUTES, max_points: int = MAX_POINTS) -> None:
        if minutes <= 0 or max_points < 2:
            raise ValueError(f"Trails: minutes={minutes}, max_points={max_points}; "
                             "expected minutes > 0 and max_points >= 2")
        self.window_s = minutes * 60.0
        self._max = max_points
        self._rings: dict[str, deque] = {}

    def record(self, unit_id: str, lon: float, lat: float, t: float) -> bool:
        """Note a unit's position at time t; True if it moved (a new trail point)."""
        ring = self._rings.get(unit_id)
        if ring is None:
            ring = self._rings[unit_id] = deque(maxlen=self._max)
        elif abs(ring[-1][1] - lon) < _SAME and abs(ring[-1][2] - lat) < _SAME:
            return False
        ring.append((t, lon, lat))
        return True

    def trail(self, unit_id: str, now: float) -> list[tuple[float, float, float]]:
        """(t, lon, lat) of the unit within the window before `now`, oldest first."""
        ring = self._rings.get(unit_id)
        if not ring:
            return []
        start = now - self.window_s
        return [p for p in ring if p[0] >= start]

    def prune(self, now: float) -> None:
        """Forget points older than the window, except each unit's last known position (a
        unit that stood still is not moved to wherever it reports next)."""
        start = now - self.window_s
        for ring in self._rings.values():
            while len(ring) > 1 and ring[0][0] < start:
                ring.popleft()

    def __len__(self) -> int:
        return len(self._rings)
