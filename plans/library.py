"""PlanLibrary: the one object the console, widgets and CLI use to reach the plans.

    lib = PlanLibrary.open("resources/plans", index_path=default_index_path())
    lib.counts()                       # {"master": 1, "special": 41, "department": 144, "enterprise": N}
    lib.errors, lib.skipped            # what was wrong, what was left out and why
    lib.search("燃气", tier="special")  # -> list[Hit]
    act = lib.activate(IncidentFacts("hazchem", deaths=12))   # level II, plans, tasks
    lib.regrade(act, IncidentFacts("hazchem", deaths=31)).added

Opening is incremental: files whose stat (or, if touched, hash) matches the index are not
read again; when nothing changed the plans come from the index and no YAML is parsed.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from dataclasses import replace

from plans.activation import Activator, regrade, task_order
from plans.index import PlanIndex
from plans.loader import TIER_DIRS, FileResult, finish
from plans.parallel import load_many
from plans.model import (TIER_NAMES, TIERS, Activation, Hit, IncidentFacts, Plan, PlanError, Regrade,
                         Skipped, Task)
from plans.registry import DEFAULT_DISTRICT, DISTRICTS, department_code, department_name, district_info
from plans.taxonomy import incident_type
from plans.text import match_query, original_first, query_terms, snippet

DEFAULT_PLANS_DIR = Path(__file__).resolve().parent.parent / "resources" / "plans"


def default_index_path() -> Path:
    """Where the console keeps its plan index: the user data directory."""
    import platformdirs
    return Path(platformdirs.user_data_dir("emergency-console", appauthor=False)) / "plans-index.sqlite"


class PlanSet(Mapping):
    """plan id -> Plan. After a warm start the values are file names, read from the index and
    decoded on first access, so that opening 10,000 plans reads no plan bodies."""

    def __init__(self, items: dict[str, Plan | str], fetch: Callable[[list[str]], dict[str, str]] | None = None):
        self._items = items
        self._fetch = fetch

    def __getitem__(self, key: str) -> Plan:
        v = self._items[key]
        if isinstance(v, str):
            v = self._items[key] = Plan.from_dict(json.loads(self._fetch([v])[v]), v)
        return v

    def values(self):  # one query for all still-undecoded plans, not one per plan
        todo = [v for v in self._items.values() if isinstance(v, str)]
        if len(todo) > 1:
            data = self._fetch(todo)
            for k, v in self._items.items():
                if isinstance(v, str):
                    self._items[k] = Plan.from_dict(json.loads(data[v]), v)
        return super().values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items


def _scan(plans_dir: Path) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    cut = len(str(plans_dir)) + 1
    for tier in TIER_DIRS:
        base = plans_dir / tier
        if not base.is_dir():
            continue
        stack = [str(base)]
        while stack:
            with os.scandir(stack.pop()) as it:
                for e in it:
                    if e.is_dir():
                        stack.append(e.path)
                    elif e.name.endswith(".yaml"):
                        st = e.stat()
                        out[e.path[cut:].replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size)
    return dict(sorted(out.items()))


class PlanLibrary:
    """The loaded, validated and indexed plan set. Build with PlanLibrary.open()."""

    def __init__(self, plans_dir: Path, index: PlanIndex, plans: PlanSet, meta: dict[str, tuple],
                 errors: list[PlanError], skipped: list[Skipped], parsed: int):
        self.plans_dir = plans_dir
        self.plans = plans
        self.errors = errors
        self.skipped = skipped
        self.parsed_files = parsed     # how many files this open had to parse (0 on a warm start)
        self._index = index
        self._meta = meta              # plan id -> (tier, lead, types, lon, lat, district)
        self._activators: dict[str, Activator] = {}
        self._districts: list[str] | None = None
        self.home_district = DEFAULT_DISTRICT   # the district the console serves (settings)

    @classmethod
    def open(cls, plans_dir: str | os.PathLike | None = None,
             index_path: str | os.PathLike | None = None) -> "PlanLibrary":
        """Load plans_dir (default: the shipped corpus) through the index at index_path.

        index_path None keeps the index in memory (everything is parsed). Raises
        FileNotFoundError when plans_dir does not exist.
        """
        plans_dir = Path(plans_dir or DEFAULT_PLANS_DIR).resolve()
        if not plans_dir.is_dir():
            raise FileNotFoundError(f"{plans_dir}: 预案目录不存在；应为包含 master/ special/ department/ "
                                    "enterprise/ 子目录的预案目录")
        index = PlanIndex(Path(index_path) if index_path is not None else None)
        files = _scan(plans_dir)
        stored = index.file_states(str(plans_dir))
        changed: dict[str, bytes | None] = {}
        stats: dict[str, tuple[int, int, str]] = {}
        touched: list[str] = []
        if not stored:   # cold: every file is new; the loaders read and hash them (in parallel)
            changed = dict.fromkeys(files)
        for rel, (m, s) in files.items() if stored else ():
            old = stored.get(rel)
            if old is not None and old[0] == m and old[1] == s:
                continue
            try:
                raw = (plans_dir / rel).read_bytes()
            except OSError:
                raw = b""
            h = hashlib.sha1(raw).hexdigest()
            stats[rel] = (m, s, h)
            if old is not None and old[2] == h:
                touched.append(rel)
            else:
                changed[rel] = raw
        removed = [f for f in stored if f not in files]
        if not changed and not removed and stored:
            if touched:
                index.write(str(plans_dir), stats, {}, [], _kept_files(index), *index.result(), touched=touched)
            return cls._warm(plans_dir, index)
        return cls._rebuild(plans_dir, index, files, stats, changed, removed, touched)

    @classmethod
    def _warm(cls, plans_dir: Path, index: PlanIndex) -> "PlanLibrary":
        errors, skipped = index.result()
        items: dict[str, Plan | str] = {}
        meta: dict[str, tuple] = {}
        for pid, f, tier, lead, types, lon, lat, dist in index.kept_rows():
            items[pid] = f
            meta[pid] = (tier, lead, tuple(types.split()) if types else (), lon, lat, dist)
        return cls(plans_dir, index, PlanSet(items, index.plan_json), meta, errors, skipped, 0)

    @classmethod
    def _rebuild(cls, plans_dir: Path, index: PlanIndex, files: dict, stats: dict, changed: dict[str, bytes | None],
                 removed: list[str], touched: list[str]) -> "PlanLibrary":
        results: list[FileResult] = []
        fresh: dict[str, tuple] = {}
        for r in load_many(plans_dir, list(changed.items())):
            if r.file not in stats:
                stats[r.file] = (*files[r.file], r.sha1)
            results.append(r)
            fresh[r.file] = (r.plan, r.errors, r.data if r.plan is not None else {"id": r.declared_id},
                             r.data_json, r.clauses)
        unchanged = [f for f in files if f not in changed]
        for rel, (data, errs, pid) in index.stored(unchanged).items():
            plan = Plan.from_dict(json.loads(data), rel) if data else None
            results.append(FileResult(rel, plan, [PlanError(**e) for e in json.loads(errs or "[]")],
                                      declared_id=pid if plan is None else None))
        results.sort(key=lambda r: r.file)
        final = finish(results, plans_dir)
        kept_files = {p.file for p in final.plans.values()}
        index.write(str(plans_dir), stats, fresh, removed, kept_files, final.errors, final.skipped, touched)
        meta = {pid: (p.tier, p.lead_department, p.incident_types,
                      p.site.lon if p.site else None, p.site.lat if p.site else None, p.district)
                for pid, p in final.plans.items()}
        # plans parsed in workers are heads: their full Plan is decoded from the index on demand
        items = {pid: (p if isinstance(p, Plan) else p.file) for pid, p in final.plans.items()}
        return cls(plans_dir, index, PlanSet(items, index.plan_json), meta, final.errors, final.skipped,
                   len(changed))

    def close(self) -> None:
        self._index.close()

    # --- queries ------------------------------------------------------------------------------
    def get(self, plan_id: str) -> Plan | None:
        return self.plans.get(plan_id)

    def counts(self, district: str | None = None) -> dict[str, int]:
        """Plans kept per tier (of one district, or all), always with all four tiers."""
        out = dict.fromkeys(TIERS, 0)
        for tier, *_, dist in self._meta.values():
            if district is None or dist == district:
                out[tier] += 1
        return out

    def districts(self) -> list[str]:
        """Adcodes of the districts that have plans in this library, known order."""
        if self._districts is None:   # the kept plans never change after opening
            have = {m[5] for m in self._meta.values()}
            self._districts = [d for d in DISTRICTS if d in have]
        return list(self._districts)

    def district_of(self, plan_id: str) -> str | None:
        m = self._meta.get(plan_id)
        return m[5] if m else None

    def ids_by_tier(self, tier: str, district: str | None = None) -> list[str]:
        return sorted(pid for pid, m in self._meta.items()
                      if m[0] == tier and (district is None or m[5] == district))

    def search(self, query: str, limit: int = 20, tier: str | None = None, department: str | None = None,
               incident_type: str | None = None, street: str | None = None,
               district: str | None = None) -> list[Hit]:
        """Clauses matching every word of `query` (any length of Chinese), best first.

        Filters take codes or Chinese names (tier 专项应急预案, department 区应急局, type 燃气事故).
        An empty query with filters lists the matching plans by title. Raises KeyError for an
        unknown district, department or incident type.
        """
        dist = district_info(district).code if district else None
        filters = {
            "district": dist,
            "tier": _tier_code(tier) if tier else None,
            "department": department_code(department, dist) if department else None,
            "incident_type": _type_code(incident_type) if incident_type else None,
            "street": street or None,
        }
        match = match_query(query or "")
        if limit <= 0 or (match is None and not any(filters.values())):
            return []
        terms = query_terms(query or "")
        hits = []
        # A bigram phrase can, rarely, straddle two runs of text ("燃气，气泄" for 燃气泄): such
        # rows show no real match and are dropped, so fetch a few spare rows.
        for pid, t, title, clause, section, body, order, dist, sample in self._index.search(
                match, max(1, limit) + 10, filters):
            snip, spans = snippet(body, terms)
            if terms and not spans:
                continue
            hits.append(Hit(pid, title, t, clause, section, snip, spans, body, float(order), dist or "",
                            bool(sample)))
        return original_first(hits, query or "")[:limit]   # the words typed before their thesaurus expansions

    # --- activation ---------------------------------------------------------------------------
    def _act(self, district: str) -> Activator:
        act = self._activators.get(district)
        if act is None:
            meta = {pid: m[:5] for pid, m in self._meta.items() if m[5] == district}
            act = self._activators[district] = Activator(self.plans.__getitem__, meta, district)
        return act

    def incident_district(self, facts: IncidentFacts, home_district: str | None = None) -> str:
        """The district whose plans govern an incident: its own `district`, else the district at
        its point, else the console's. Raises OutsideDistricts for a point outside them all."""
        if facts.district:
            return district_info(facts.district).code
        if facts.lon is not None and facts.lat is not None:
            found = locate(facts.lon, facts.lat)
            if found is None:
                raise OutsideDistricts(facts.lon, facts.lat)
            return found
        return district_info(home_district or self.home_district).code

    def activate(self, facts: IncidentFacts, home_district: str | None = None) -> Activation:
        """Response level, applicable plans and the task checklist for an incident, under the
        plan system of the incident's district (see incident_district).

        An incident outside the console's district (home_district, default self.home_district)
        is flagged and its checklist gains a 通报 task to that district's 应急管理局. Raises
        KeyError (with the valid codes) for an unknown incident type or district, and
        OutsideDistricts for a point in neither district.
        """
        home = district_info(home_district or self.home_district).code
        district = self.incident_district(facts, home)
        if district not in self.districts():
            raise KeyError(f"没有{DISTRICTS[district].name}的预案；请导入该区预案体系，或确认事发位置")
        act = self._act(district).activate(facts)
        near: tuple[str, ...] = ()
        if facts.lon is not None and facts.lat is not None:
            near = tuple(d for d in near_districts(facts.lon, facts.lat) if d != district)
        tasks = act.tasks
        outside = district != home
        if outside:
            tasks = tuple(sorted((*(_qualified(t, district) for t in tasks), self._notify_task(home, district, act)),
                                 key=task_order))
        sample = bool(act.plans) and all(self.plans[r.plan_id].sample for r in act.plans if r.plan_id in self.plans)
        return replace(act, tasks=tasks, district_code=district, district_name=DISTRICTS[district].name,
                       home_district=home, outside_district=outside, near_boundary=near, sample=sample)

    def _notify_task(self, home: str, district: str, act: Activation) -> Task:
        """通报 to the incident district's emergency bureau. Basis: 国家突发事件总体应急预案（2025）
        3.3.1(2) "按规定报告并通报相关方面"; the 30-minute deadline follows Beijing's rule of a
        telephone report within 30 minutes of receipt (K: domain knowledge, applied to 通报 too)."""
        masters = self.ids_by_tier("master", home)
        plan_id = masters[0] if masters else f"{DISTRICTS[home].slug}-master"
        dname = DISTRICTS[district].name
        return Task(f"{plan_id}/notify-{district}", plan_id, "emergency", department_name("emergency", home),
                    f"向{dname}应急管理局通报：事发地在{dname}辖区，非本区；通报时间、地点、事件性质、"
                    "伤亡和已采取的措施，并商定由哪个区牵头处置", NOTIFY_MINUTES, act.level)

    def regrade(self, previous: Activation, facts: IncidentFacts) -> Regrade:
        """Re-grade with new facts; `.added` holds only the tasks the new level adds."""
        return regrade(previous, self.activate(facts, previous.home_district or None))

    def nearby(self, lon: float, lat: float, radius_m: float = 1000.0) -> list[tuple[str, float]]:
        """Enterprise plan ids within radius_m of a point, nearest first, with distances."""
        district = locate(lon, lat) or self.home_district
        return self._act(district).nearby(lon, lat, radius_m)


NOTIFY_MINUTES = 30
BOUNDARY_METRES = 500.0   # issue 16: within 500 m of another district, both districts' units may help


class OutsideDistricts(ValueError):
    """A point in none of the districts whose plans the console has."""

    def __init__(self, lon: float, lat: float):
        names = "、".join(d.name for d in DISTRICTS.values())
        super().__init__(f"事发位置 ({lon:.5f}, {lat:.5f}) 不在{names}范围内；请核对经纬度（WGS84），"
                         "或将事件移交属地区处置")
        self.lon, self.lat = lon, lat


def locate(lon: float, lat: float) -> str | None:
    """Adcode of the district at a point (maps.geo), or None."""
    from maps.geo import district_at
    return district_at(lon, lat)


def near_districts(lon: float, lat: float) -> list[str]:
    from maps.districts import districts_near
    return districts_near(lon, lat, BOUNDARY_METRES)


def _qualified(t: Task, district: str) -> Task:
    """A task of another district's plan names its department with the district: 区应急局 → 东城区应急局."""
    name = t.department_name
    if t.department and name.startswith("区"):
        return replace(t, department_name=DISTRICTS[district].name + name[1:])
    return t


def _kept_files(index: PlanIndex) -> set[str]:
    return {row[1] for row in index.kept_rows()}


def _tier_code(tier: str) -> str:
    if tier in TIERS:
        return tier
    for code, name in TIER_NAMES.items():
        if tier in (name, name.removesuffix("应急预案")):
            return code
    raise KeyError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")


def _type_code(t: str) -> str:
    return incident_type(t).code
