"""Incident facts -> response level -> the plans that apply -> the task checklist.

The level comes from the grading rule the special plan for the incident type carries (the
national or Beijing rule of resources/grading/rules.yaml when no special plan covers the type),
read by plans.grading: the highest level with a criterion that holds, with its clause. The
reporting duties of the level (plans.grading.duty_tasks) join the plans' tasks. Tasks carry
stable ids ("<plan_id>/<action id>", "report/<duty id>") so that re-grading can say what was added.
"""
from __future__ import annotations

from typing import Callable, Mapping

from dataclasses import replace

from maps import geo
from plans import grading
from plans.grading import condition_text
from plans.model import (GRADED, LEVEL_NAMES, LEVELS, WARNING_COLOURS, Activation, Condition, IncidentFacts, Plan, PlanRef,
                         Regrade, Task)
from plans.registry import DEFAULT_DISTRICT, DISTRICTS, department_name, departments
from plans.taxonomy import incident_type

NEAR_METRES = 1000.0
MAX_NEARBY = 10


def warn(criteria: dict[str, tuple[Condition, ...]], facts: IncidentFacts) -> tuple[str | None, str]:
    """(colour, reason) of the highest warning whose reading condition holds, or (None, "")."""
    for colour in WARNING_COLOURS:   # red first
        for c in criteria.get(colour, ()):
            v = facts.value(c.metric)
            if c.holds(v):
                bound = replace(c, max=None, upto=None) if (c.min is not None or c.above is not None) else c
                return colour, f"{condition_text(bound, v)}（{WARNING_COLOURS[colour]}预警）"
    return None, ""


def _lowest_level(levels: tuple[str, ...]) -> str:
    return max(levels, key=LEVELS.index)


class Activator:
    """Precomputed lookups over the kept plans; built once per library, cheap per call."""

    def __init__(self, get: Callable[[str], Plan], meta: Mapping[str, tuple], district: str = DEFAULT_DISTRICT):
        # meta: plan_id -> (tier, lead, types tuple, lon, lat), the plans of one district
        self._get = get
        self.district = district
        self._cache: dict[tuple[str, str], tuple] = {}
        self.master_id = next((pid for pid, m in meta.items() if m[0] == "master"), None)
        self.specials: dict[str, list[str]] = {}
        self.dept_plans: dict[str, list[str]] = {}     # department code -> plan ids
        ent_ids, ent_xy = [], []
        ranked: dict[str, list[tuple[bool, int, str]]] = {}
        for pid, (tier, lead, types, lon, lat) in sorted(meta.items()):
            if tier == "special":
                for i, t in enumerate(types):
                    # the most specific plan grades: t listed first, fewest types (relief plans
                    # covering many types follow)
                    ranked.setdefault(t, []).append((i > 0, len(types), pid))
            elif tier == "department":
                self.dept_plans.setdefault(lead, []).append(pid)
            elif tier == "enterprise" and lon is not None:
                ent_ids.append(pid)
                ent_xy.append((lon, lat))
        self.specials = {t: [pid for *_, pid in sorted(v)] for t, v in ranked.items()}
        import numpy as np   # here, not at import: a warm start should not pay for numpy
        self._np = np
        self.ent_ids = ent_ids
        self.ent_xy = np.array(ent_xy, dtype=float).reshape(-1, 2)

    def nearby(self, lon: float, lat: float, radius_m: float = NEAR_METRES) -> list[tuple[str, float]]:
        """Enterprise plans within radius_m of a point, nearest first (maps.geo's metres)."""
        if not len(self.ent_xy):
            return []
        np = self._np
        d = geo.distances_m(lon, lat, self.ent_xy[:, 0], self.ent_xy[:, 1])
        idx = np.flatnonzero(d <= radius_m)
        idx = idx[np.argsort(d[idx], kind="stable")]
        return [(self.ent_ids[i], float(d[i])) for i in idx]

    def activate(self, facts: IncidentFacts) -> Activation:
        code = incident_type(facts.incident_type).code
        specials = self.specials.get(code, ())
        special = self._get(specials[0]) if specials else None
        rule = special.grading if special is not None and special.grading is not None else grading.rule_for(code)
        facts = self._with_place(rule, facts)
        judged = grading.assess(rule, facts, self.district)
        level = judged.level
        refs, tasks, resources, district = self._core(code, level)
        refs, tasks, resources = list(refs), list(tasks), dict(resources)
        if facts.lon is not None and facts.lat is not None:
            on_site: Plan | None = None
            for pid, dist in self.nearby(facts.lon, facts.lat)[:MAX_NEARBY]:
                p = self._get(pid)
                covers = code in p.incident_types
                refs.append(PlanRef(p.id, p.title, p.tier,
                                    f"事发地附近单位预案（{dist:.0f} 米{'' if covers else '，未列此类事件'}）", dist))
                if on_site is None and covers:
                    on_site = p
            if on_site is not None:
                _collect(on_site, level, tasks, resources)
        tasks.extend(grading.duty_tasks(code, level, facts, self.district))
        tasks.extend(_decision_tasks(rule, judged, self.district))
        tasks.sort(key=task_order)
        warning, why = warn(special.warning_criteria if special else {}, facts)
        return Activation(facts, code, level, LEVEL_NAMES[level], judged.reason, judged.criterion, tuple(refs),
                          tuple(tasks), resources, district, warning, why, status=judged.status,
                          authority=judged.authority, source=judged.source, unused=judged.unused,
                          missing=judged.missing)

    def _with_place(self, rule, facts: IncidentFacts) -> IncidentFacts:
        """The population density of an earthquake's epicentre from where it is on the map: the
        districts' own (registry.DistrictInfo.density); without a point it stays unknown."""
        if rule is None or "population_density" not in rule.requires.values() \
                or facts.value("population_density") is not None or facts.lon is None or facts.lat is None:
            return facts
        density = DISTRICTS[self.district].density if self.district in DISTRICTS else ""
        return replace(facts, attributes={**facts.attributes, "population_density": density}) if density else facts

    def _core(self, code: str, level: str) -> tuple:
        """Plans, tasks and resources that depend only on type and level (cached)."""
        key = (code, level)
        if key in self._cache:
            return self._cache[key]
        specials = [self._get(pid) for pid in self.specials.get(code, ())]
        master = self._get(self.master_id) if self.master_id else None
        district = bool(master and level in master.district_command_levels)
        tname = incident_type(code).name
        refs: list[PlanRef] = []
        applied: list[Plan] = []
        if district:
            refs.append(PlanRef(master.id, master.title, master.tier, f"{level} 级响应，启动区级总体应急预案"))
            applied.append(master)
        for p in specials:
            refs.append(PlanRef(p.id, p.title, p.tier, f"专项预案：{tname}"))
            applied.append(p)
        mobilised: dict[str, None] = {}
        for p in specials:   # a special plan's lead and supporting departments act under their own plans
            for dep in (p.lead_department, *p.supporting_departments):
                mobilised.setdefault(dep)
        for p in applied:
            for a in p.actions_at(level):
                if a.department:
                    mobilised.setdefault(a.department)
        special_ids = {p.id for p in specials}
        for dep in mobilised:
            for pid in self.dept_plans.get(dep, ()):
                p = self._get(pid)
                if special_ids.intersection(p.parents) or (not p.parents and not p.incident_types) \
                        or code in p.incident_types:
                    refs.append(PlanRef(p.id, p.title, p.tier,
                                        f"部门预案：{department_name(dep, self.district)}已调动"))
                    applied.append(p)
        tasks: list[Task] = []
        resources: dict[str, int] = {}
        for p in applied:
            _collect(p, level, tasks, resources)
        tasks.sort(key=task_order)
        out = self._cache[key] = (tuple(refs), tuple(tasks), resources, district)
        return out


def _collect(p: Plan, level: str, tasks: list[Task], resources: dict[str, int]) -> None:
    for a in p.actions_at(level):
        tasks.append(Task(f"{p.id}/{a.id}", p.id, a.department,
                          department_name(a.department, p.district) if a.department else (a.role or ""),
                          a.action, a.deadline_minutes, _lowest_level(a.levels)))
    for r in p.resources:
        if level in r.levels:
            resources[r.kind] = resources.get(r.kind, 0) + r.count


def _decision_tasks(rule, judged: "grading.Assessment", district: str) -> list[Task]:
    """What the checklist asks while the level is not decided: the authority's decision to record
    (referred or judged types), or the facts to report again (待研判 for missing or wrong facts)."""
    if judged.status == GRADED:
        return []
    if rule is not None and (rule.referred or rule.judgement):
        code = rule.authority if rule.authority in departments(district) else None
        return [Task("report/level-decision", "", code, judged.authority or "主管部门",
                     f"研判并告知定级结果，指挥长在控制台记录定级（谁、何时）；{rule.note or rule.source}", 60, "IV",
                     f"{rule.source}；时限为本中心默认值")]
    return [Task("report/grading-facts", "", None, "值班员",
                 "核实并补报定级所需事实：" + "；".join(judged.missing), 30, "IV",
                 f"{judged.source or '分级规则'}；时限为本中心默认值")]


def task_order(t: Task) -> tuple:
    return (t.deadline_minutes, t.department_name, t.id)


def regrade(previous: Activation, current: Activation) -> Regrade:
    """What changed between two activations of the same incident."""
    before = {t.id for t in previous.tasks}
    after = {t.id for t in current.tasks}
    plans_before = {p.plan_id for p in previous.plans}
    return Regrade(previous, current,
                   added=tuple(t for t in current.tasks if t.id not in before),
                   removed=tuple(t for t in previous.tasks if t.id not in after),
                   added_plans=tuple(p for p in current.plans if p.plan_id not in plans_before))
