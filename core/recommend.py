"""Unit recommendation and coverage (pure Python, no Qt): which units to send, and what the
district is left with afterwards.

Travel-time model (documented in docs/incident_command.md):
- road distance = straight-line distance x DETOUR (1.3: Beijing's grid of ring and radial
  roads makes trips ~25-35 % longer than the crow flies);
- speed by ring-road zone of the trip's midpoint (distance from Tiananmen, the rings being
  roughly concentric) and by time of day (Beijing time; peaks 07:00-09:30 and 17:00-19:30),
  emergency vehicles with lights and siren, see ZONES;
- plus TURNOUT_S (60 s) for the crew to get rolling.
The floor every estimate is compared with: straight-line distance at FLOOR_KMH (30 km/h).

Districts (issue 16): the incident's district answers first. Its own units (and units that
belong to no district) are ranked before any other district's; an incident within
BOUNDARY_M of another district may also be given that neighbour's units on equal terms;
elsewhere another district's units come only after every own unit of the kind.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

from maps import geo

DETOUR = 1.3
TURNOUT_S = 60.0
FLOOR_KMH = 30.0
CENTRE = (116.3975, 39.9087)  # Tiananmen, the centre of the ring roads
# (outer radius in metres, zone name, speed km/h off-peak, speed km/h at peak)
ZONES = (
    (4_500.0, "二环内", 24.0, 16.0),
    (7_500.0, "二至三环", 30.0, 20.0),
    (11_000.0, "三至四环", 34.0, 24.0),
    (15_500.0, "四至五环", 40.0, 28.0),
    (math.inf, "五环外", 48.0, 36.0),
)
PEAKS = ((7 * 60, 9 * 60 + 30), (17 * 60, 19 * 60 + 30))  # minutes of the Beijing day
BEIJING = timezone(timedelta(hours=8))
CRITICAL_KINDS = ("fire_engine", "ambulance")
BOUNDARY_M = 500.0   # plans.library.BOUNDARY_METRES: both districts' units near the boundary


def is_peak(now: datetime) -> bool:
    """True in Beijing's morning and evening rush hours."""
    local = now.astimezone(BEIJING)
    minute = local.hour * 60 + local.minute
    return any(a <= minute < b for a, b in PEAKS)


def _zone_speeds(radius_m: np.ndarray, peak: bool) -> tuple[np.ndarray, np.ndarray]:
    """(zone index, speed in m/s) for each distance from the centre."""
    edges = np.array([z[0] for z in ZONES])
    idx = np.searchsorted(edges, radius_m, side="right").clip(0, len(ZONES) - 1)
    kmh = np.array([z[3] if peak else z[2] for z in ZONES])[idx]
    return idx, kmh / 3.6


def travel(from_lon, from_lat, to_lon: float, to_lat: float, now: datetime):
    """Vectorised travel estimate from points to one destination (or, arrays that broadcast,
    to many): (straight-line m, road m, eta s, zone index) arrays. Distances are maps.geo's."""
    flon, flat = np.asarray(from_lon, dtype=float), np.asarray(from_lat, dtype=float)
    straight = geo.distances_m(to_lon, to_lat, flon, flat)
    mid_r = geo.distances_m(CENTRE[0], CENTRE[1], (flon + to_lon) / 2, (flat + to_lat) / 2)
    zone, speed = _zone_speeds(mid_r, is_peak(now))
    road = straight * DETOUR
    return straight, road, TURNOUT_S + road / speed, zone


def eta_one(from_lon: float, from_lat: float, to_lon: float, to_lat: float, now: datetime) -> float:
    """The estimate for one trip, in seconds (the scalar form of `travel`)."""
    return float(travel([from_lon], [from_lat], to_lon, to_lat, now)[2][0])


@dataclass(frozen=True)
class Candidate:
    """One unit proposed for an incident, with the numbers that explain the choice."""

    unit_id: str
    callsign: str
    kind: str
    straight_m: float
    road_m: float
    eta_s: float
    floor_eta_s: float  # straight line at FLOOR_KMH, the naive estimate
    zone: str
    rank: int           # 1 = the quickest of its kind
    district: str = ""  # the unit's district (adcode; "" when it belongs to none)
    basis: str = ""     # why its district may answer: own | neighbour (near the boundary) | other


@dataclass(frozen=True)
class Jurisdiction:
    """Whose units answer an incident: its district and the districts within BOUNDARY_M."""

    district: str | None             # None: unknown (outside the shipped districts, no record)
    near: tuple[str, ...] = ()       # other districts within BOUNDARY_M of the incident

    def basis(self, unit: dict) -> str:
        d = unit.get("district") or ""
        if not self.district or not d or d == self.district:
            return "own"
        return "neighbour" if d in self.near else "other"

    def tier(self, unit: dict) -> int:
        """0: own and, near the boundary, the neighbour's; 1: other districts' (last)."""
        return 1 if self.basis(unit) == "other" else 0


def jurisdiction(incident: dict) -> Jurisdiction:
    """The incident's district (its record's, else the district at its point) and its
    neighbours within BOUNDARY_M."""
    from maps.districts import districts_near
    from maps.geo import district_at

    lon, lat = incident.get("lon"), incident.get("lat")
    district = incident.get("district") or None
    if lon is None or lat is None:
        return Jurisdiction(district)
    if district is None:
        district = district_at(lon, lat)
    near = tuple(d for d in districts_near(lon, lat, BOUNDARY_M) if d != district)
    return Jurisdiction(district, near)


@dataclass
class Recommendation:
    incident_id: str
    picks: list[Candidate] = field(default_factory=list)
    alternatives: dict[str, list[Candidate]] = field(default_factory=dict)  # kind -> next ones
    shortfall: dict[str, int] = field(default_factory=dict)  # kind -> units missing
    peak: bool = False
    district: str | None = None      # the incident's district, whose units come first
    near: tuple[str, ...] = ()       # neighbours within BOUNDARY_M, whose units may be proposed too


def _available(units: Iterable[dict], exclude: set[str]) -> list[dict]:
    return [u for u in units if u.get("status") == "available" and u["id"] not in exclude
            and u.get("lon") is not None and u.get("lat") is not None]


def recommend(incident: dict, required: dict[str, int], units: Iterable[dict],
              now: datetime | None = None, exclude: Iterable[str] = (),
              alternatives: int = 3) -> Recommendation:
    """For each unit kind the plans require, the `count` available units with the shortest
    estimated travel time to the incident (ties broken by unit id), plus a few alternatives
    per kind for the dispatcher to swap in."""
    now = now or datetime.now(timezone.utc)
    excluded = set(exclude)
    pool = _available(units, excluded)
    where = jurisdiction(incident)
    rec = Recommendation(incident.get("id", ""), peak=is_peak(now), district=where.district, near=where.near)
    by_kind: dict[str, list[int]] = {}
    for i, u in enumerate(pool):
        by_kind.setdefault(u.get("kind", ""), []).append(i)
    trips = _trips(incident, pool, now)     # every available unit's, in one vectorised call
    for kind, count in required.items():
        if count <= 0:
            continue
        idx = by_kind.get(kind, [])
        ranked = _ranked([pool[i] for i in idx], tuple(a[idx] for a in trips), where)
        rec.picks.extend(ranked[:count])
        rec.alternatives[kind] = ranked[count:count + alternatives]
        if len(ranked) < count:
            rec.shortfall[kind] = count - len(ranked)
    return rec


def rank_units(incident: dict, units: Sequence[dict], now: datetime,
               where: Jurisdiction | None = None) -> list[Candidate]:
    """Every given unit as a Candidate: the incident district's (and, near the boundary, the
    neighbour's) quickest first, then other districts' quickest first (ties: unit id)."""
    if not units:
        return []
    return _ranked(units, _trips(incident, units, now), where or jurisdiction(incident))


def _trips(incident: dict, units: Sequence[dict], now: datetime) -> tuple:
    return travel([u["lon"] for u in units], [u["lat"] for u in units], incident["lon"], incident["lat"], now)


def _ranked(units: Sequence[dict], trips: tuple, where: Jurisdiction) -> list[Candidate]:
    straight, road, eta, zone = trips
    order = sorted(range(len(units)),
                   key=lambda i: (where.tier(units[i]), round(float(eta[i]), 6), units[i]["id"]))
    out = []
    for rank, i in enumerate(order, 1):
        u = units[i]
        out.append(Candidate(u["id"], u.get("callsign") or u["id"], u.get("kind", ""),
                             float(straight[i]), float(road[i]), float(eta[i]),
                             float(straight[i]) / (FLOOR_KMH / 3.6), ZONES[int(zone[i])][1], rank,
                             u.get("district") or "", where.basis(u)))
    return out


# -- coverage -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StreetPoint:
    code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class CoverageGap:
    """A street with no available unit of `kind` within the limit, and what would fix it."""

    street: StreetPoint
    kind: str
    best_eta_s: float | None         # quickest available unit of that kind now (None: none left)
    move_unit_id: str | None         # the unit to move up to the street, if one helps
    move_eta_s: float | None         # that unit's estimate once it stands at the street


def street_points() -> list[StreetPoint]:
    """A representative point of every street area of both districts (maps.places)."""
    from maps.districts import districts
    from maps.places import street_areas

    out = []
    for d in districts():
        for code, name, geom in street_areas(d.adcode):
            if geom.is_empty:
                continue
            p = geom.representative_point()
            out.append(StreetPoint(code, name, float(p.x), float(p.y)))
    return out


def _eta_matrix(streets: Sequence[StreetPoint], units: Sequence[dict], now: datetime) -> np.ndarray:
    """(streets x units) travel estimates in seconds."""
    if not units or not streets:
        return np.zeros((len(streets), len(units)))
    lon = np.array([[u["lon"] for u in units]])
    lat = np.array([[u["lat"] for u in units]])
    # every street against every unit in one broadcast call: rows streets, columns units
    return travel(lon, lat, np.array([[s.lon] for s in streets]), np.array([[s.lat] for s in streets]), now)[2]


def coverage_gaps(streets: Sequence[StreetPoint], units: Iterable[dict], minutes: float = 8.0,
                  kinds: Sequence[str] = CRITICAL_KINDS, now: datetime | None = None,
                  exclude: Iterable[str] = ()) -> list[CoverageGap]:
    """Streets left without an available unit of a critical kind within `minutes`, each with a
    move-up suggestion: the available unit of that kind that, standing at the street's point,
    leaves the fewest streets uncovered (ties: the quicker trip)."""
    now = now or datetime.now(timezone.utc)
    limit = minutes * 60.0
    pool = _available(units, set(exclude))
    gaps = []
    for kind in kinds:
        group = [u for u in pool if u.get("kind") == kind]
        etas = _eta_matrix(streets, group, now)
        best = etas.min(axis=1) if group else np.full(len(streets), np.inf)
        covered = best <= limit
        for si in np.flatnonzero(~covered):
            street = streets[si]
            move = _move_up(streets, group, etas, int(si), limit, now)
            gaps.append(CoverageGap(street, kind, None if not group else float(best[si]), *move))
    return gaps


def _move_up(streets, group, etas, si, limit, now) -> tuple[str | None, float | None]:
    if not group:
        return None, None
    target = streets[si]
    # the unit moved stands at the target street: its row of estimates changes
    from_target = _eta_matrix(streets, [{"lon": target.lon, "lat": target.lat}], now)[:, 0]
    best_choice = None
    for ui in np.argsort(etas[si])[:8]:  # the few nearest are the sensible ones to move
        others = np.delete(etas, ui, axis=1)
        best = np.minimum(others.min(axis=1) if others.shape[1] else np.inf, from_target)
        uncovered = int((best > limit).sum())
        key = (uncovered, float(etas[si, ui]))
        if best_choice is None or key < best_choice[0]:
            best_choice = (key, group[ui]["id"], float(etas[si, ui]))
    return best_choice[1], best_choice[2]
