"""Plan records and the results of loading, searching and activating plans.

Plain dataclasses, no Qt: the console, the widgets and the server all share them. A Plan is
built from one validated YAML file (schema 1, see plans/schema.py); `Plan.from_dict` and
`Plan.to_dict` round-trip through the JSON the index stores, so a warm start parses no YAML.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TIERS: tuple[str, ...] = ("master", "special", "department", "enterprise")
TIER_NAMES: dict[str, str] = {
    "master": "总体应急预案", "special": "专项应急预案",
    "department": "部门应急预案", "enterprise": "企事业单位应急预案",
}
# Highest first: activation takes the first level whose criteria hold.
LEVELS: tuple[str, ...] = ("I", "II", "III", "IV")
LEVEL_NAMES: dict[str, str] = {"I": "特别重大", "II": "重大", "III": "较大", "IV": "一般"}
WARNING_COLOURS: dict[str, str] = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}


@dataclass(frozen=True, slots=True)
class PlanError:
    """One problem in one plan file, phrased for the plan's author."""
    file: str
    line: int          # 1-based; 0 when the problem has no single line (e.g. a parent cycle)
    field: str         # dotted path, e.g. "grading.II[0].min"
    message: str       # "what is wrong; what is expected"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Condition:
    """metric in [min, max): lower bound inclusive (以上), upper bound exclusive (以下)."""
    metric: str
    min: float | None = None
    max: float | None = None

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.min is not None and value < self.min:
            return False
        return self.max is None or value < self.max


@dataclass(frozen=True, slots=True)
class Action:
    id: str                      # unique within the plan; task ids are "<plan_id>/<id>"
    levels: tuple[str, ...]      # response levels at which the action applies
    action: str
    deadline_minutes: int        # from activation
    department: str | None = None  # department code (resources/plans/departments/<district>.yaml)
    role: str | None = None        # a role when no department is meant (事发地街乡, 现场指挥部…)


@dataclass(frozen=True, slots=True)
class ResourceNeed:
    kind: str                    # maps.scene.UNIT_KINDS key
    count: int
    levels: tuple[str, ...] = LEVELS


@dataclass(frozen=True, slots=True)
class Contact:
    role: str
    phone: str


@dataclass(frozen=True, slots=True)
class WorkingGroup:
    name: str
    lead: str                    # department code
    members: tuple[str, ...] = ()
    duties: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    lon: float
    lat: float
    address: str
    street: str
    kind: str = ""               # hospital, school, mall, metro_station, hazchem_site, ...


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    tier: str
    issuing_body: str
    lead_department: str
    version: str
    effective: str               # ISO date
    review_by: str               # ISO date
    source: str
    file: str = ""               # path relative to the plans directory
    supporting_departments: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    incident_types: tuple[str, ...] = ()
    scope: str = ""
    grading: dict[str, tuple[Condition, ...]] = field(default_factory=dict)
    warning_levels: dict[str, str] = field(default_factory=dict)
    warning_criteria: dict[str, tuple[Condition, ...]] = field(default_factory=dict)
    headquarters: str = ""
    groups: tuple[WorkingGroup, ...] = ()
    actions: tuple[Action, ...] = ()
    resources: tuple[ResourceNeed, ...] = ()
    contacts: tuple[Contact, ...] = ()
    site: Site | None = None
    sections: tuple[Section, ...] = ()
    district_command_levels: tuple[str, ...] = ()   # master plan: levels that call for district command
    district: str = "110105"     # adcode of the district whose plan system this plan belongs to
    sample: bool = False         # generated demo content: shown as 示例 wherever the plan appears

    @property
    def departments(self) -> tuple[str, ...]:
        """Lead first, then supporting departments, then any other department with an action."""
        seen = dict.fromkeys((self.lead_department, *self.supporting_departments))
        for a in self.actions:
            if a.department:
                seen.setdefault(a.department)
        return tuple(seen)

    def actions_at(self, level: str) -> list[Action]:
        return [a for a in self.actions if level in a.levels]

    def to_dict(self) -> dict[str, Any]:
        """The plan as schema-1 data (what a YAML file holds), plus `file`."""
        d: dict[str, Any] = {
            "schema": 1, "id": self.id, "title": self.title, "tier": self.tier, "district": self.district,
            "issuing_body": self.issuing_body, "lead_department": self.lead_department,
            "supporting_departments": list(self.supporting_departments),
            "parents": list(self.parents), "incident_types": list(self.incident_types),
            "version": self.version, "effective": self.effective, "review_by": self.review_by,
            "source": self.source, "file": self.file,
        }
        if self.scope:
            d["scope"] = self.scope
        if self.grading:
            d["grading"] = {lv: [_cond_dict(c) for c in cs] for lv, cs in self.grading.items()}
        if self.warning_levels:
            d["warning_levels"] = dict(self.warning_levels)
        if self.warning_criteria:
            d["warning_criteria"] = {c: [_cond_dict(x) for x in cs] for c, cs in self.warning_criteria.items()}
        if self.headquarters or self.groups:
            d["command"] = {"headquarters": self.headquarters,
                            "groups": [_drop_empty(asdict(g)) for g in self.groups]}
        if self.actions:
            d["actions"] = [_drop_empty(asdict(a)) for a in self.actions]
        if self.resources:
            d["resources"] = [asdict(r) for r in self.resources]
        if self.contacts:
            d["contacts"] = [asdict(c) for c in self.contacts]
        if self.site:
            d["site"] = asdict(self.site)
        if self.sections:
            d["sections"] = [asdict(s) for s in self.sections]
        if self.district_command_levels:
            d["district_command_levels"] = list(self.district_command_levels)
        if self.sample:
            d["sample"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], file: str = "") -> "Plan":
        """Build from validated schema-1 data (no checks here: see plans.schema)."""
        cmd = d.get("command") or {}
        site = d.get("site")
        return cls(
            id=d["id"], title=d["title"], tier=d["tier"], issuing_body=d["issuing_body"],
            lead_department=d["lead_department"], version=str(d["version"]),
            effective=str(d["effective"]), review_by=str(d["review_by"]), source=d["source"],
            file=file or d.get("file", ""),
            supporting_departments=tuple(d.get("supporting_departments") or ()),
            parents=tuple(d.get("parents") or ()),
            incident_types=tuple(d.get("incident_types") or ()),
            scope=d.get("scope", ""),
            grading={lv: tuple(Condition(c["metric"], c.get("min"), c.get("max")) for c in cs)
                     for lv, cs in (d.get("grading") or {}).items()},
            warning_levels=dict(d.get("warning_levels") or {}),
            warning_criteria={c: tuple(Condition(x["metric"], x.get("min"), x.get("max")) for x in cs)
                              for c, cs in (d.get("warning_criteria") or {}).items()},
            headquarters=cmd.get("headquarters", ""),
            groups=tuple(WorkingGroup(g["name"], g["lead"], tuple(g.get("members") or ()),
                                      g.get("duties", "")) for g in cmd.get("groups") or ()),
            actions=tuple(Action(a["id"], tuple(a["levels"]), a["action"], int(a["deadline_minutes"]),
                                 a.get("department"), a.get("role"))
                          for a in d.get("actions") or ()),
            resources=tuple(ResourceNeed(r["kind"], int(r["count"]), tuple(r.get("levels") or LEVELS))
                            for r in d.get("resources") or ()),
            contacts=tuple(Contact(c["role"], c["phone"]) for c in d.get("contacts") or ()),
            site=Site(float(site["lon"]), float(site["lat"]), site["address"], site["street"],
                      site.get("kind", "")) if site else None,
            sections=tuple(Section(s["id"], s["title"], s["text"]) for s in d.get("sections") or ()),
            district_command_levels=tuple(d.get("district_command_levels") or ()),
            district=str(d["district"]), sample=bool(d.get("sample", False)),
        )


def _cond_dict(c: Condition) -> dict:
    d: dict[str, Any] = {"metric": c.metric}
    if c.min is not None:
        d["min"] = c.min
    if c.max is not None:
        d["max"] = c.max
    return d


def _drop_empty(d: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items() if v not in (None, "", ())}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not loaded, and why (its errors are in PlanLibrary.errors)."""
    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a clause of a plan with the match marked."""
    plan_id: str
    title: str
    tier: str
    clause: str          # clause id inside the plan: "title", "scope", "section:<id>",
                         # "grading:<level>", "action:<id>", "command", "site"
    section: str         # human label of the clause, e.g. "应急响应 · II 级"
    snippet: str         # text around the match with each match in 【】
    spans: tuple[tuple[int, int], ...]  # (start, end) of each match in `text`
    text: str            # the clause text the spans refer to
    score: float
    district: str = ""   # adcode of the plan's district
    sample: bool = False  # generated demo plan: show 示例

    def to_dict(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        return d


@dataclass(frozen=True)
class IncidentFacts:
    """What is known about an incident; None means not reported (not zero)."""
    incident_type: str                    # code from plans.taxonomy (or its Chinese name)
    deaths: int | None = None
    injured: int | None = None            # serious injuries incl. acute poisoning
    loss_yuan: float | None = None        # direct economic loss
    affected: int | None = None           # people (or households) affected
    evacuated: int | None = None
    readings: dict[str, float] = field(default_factory=dict)   # rainfall_mm, water_depth_cm, gas_lel…
    lon: float | None = None
    lat: float | None = None
    district: str | None = None           # adcode; None: the district at (lon, lat), else the console's

    def value(self, metric: str) -> float | None:
        if metric == "casualties":
            if self.deaths is None and self.injured is None:
                return self.readings.get("casualties")
            return (self.deaths or 0) + (self.injured or 0)
        v = getattr(self, metric, None) if metric in _FACT_FIELDS else None
        return v if v is not None else self.readings.get(metric)


_FACT_FIELDS = frozenset({"deaths", "injured", "loss_yuan", "affected", "evacuated"})


@dataclass(frozen=True, slots=True)
class PlanRef:
    plan_id: str
    title: str
    tier: str
    why: str                               # e.g. "专项预案：危险化学品事故"
    distance_m: float | None = None        # enterprise plans near the incident


@dataclass(frozen=True, slots=True)
class Task:
    id: str               # "<plan_id>/<action id>": stable across re-grading
    plan_id: str
    department: str | None   # department code, or None for a role
    department_name: str     # display name of the department, or the role
    action: str
    deadline_minutes: int
    level: str            # lowest level at which this action starts applying (for display)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Activation:
    facts: IncidentFacts
    incident_type: str               # resolved code
    level: str                       # I | II | III | IV
    level_name: str                  # 特别重大 / 重大 / 较大 / 一般
    reason: str                      # e.g. "死亡 12 人 ≥ 10 人（重大，II 级）"
    criterion: Condition | None      # the condition that decided; None when IV by default
    plans: tuple[PlanRef, ...]
    tasks: tuple[Task, ...]          # ordered by deadline, then department
    resources: dict[str, int]        # unit kind -> count summed over the applicable plans
    district_command: bool           # the master plan applies
    warning: str | None = None       # red | orange | yellow | blue from the readings, if any holds
    warning_reason: str = ""         # e.g. "可燃气体浓度 30 %LEL ≥ 25 %LEL（黄色预警）"
    district_code: str = ""          # the district whose plan system graded the incident
    district_name: str = ""
    home_district: str = ""          # the district the console serves
    outside_district: bool = False   # the incident is in another district than the console's
    near_boundary: tuple[str, ...] = ()   # other districts within 500 m of the incident
    sample: bool = False             # every plan applied is generated demo content (示例)

    def to_dict(self) -> dict:
        return {
            "incident_type": self.incident_type, "level": self.level, "level_name": self.level_name,
            "reason": self.reason,
            "criterion": _cond_dict(self.criterion) if self.criterion else None,
            "plans": [asdict(p) for p in self.plans],
            "tasks": [t.to_dict() for t in self.tasks],
            "resources": dict(self.resources), "district_command": self.district_command,
            "warning": self.warning, "warning_reason": self.warning_reason,
            "district_code": self.district_code, "district_name": self.district_name,
            "home_district": self.home_district, "outside_district": self.outside_district,
            "near_boundary": list(self.near_boundary), "sample": self.sample,
        }


@dataclass(frozen=True)
class Regrade:
    """The change from a previous activation: tasks added (and no longer required)."""
    previous: Activation
    current: Activation
    added: tuple[Task, ...]
    removed: tuple[Task, ...]
    added_plans: tuple[PlanRef, ...]

    @property
    def level_changed(self) -> bool:
        return self.previous.level != self.current.level
