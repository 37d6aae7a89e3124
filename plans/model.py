"""Plan records and the results of loading, searching and activating plans.

Plain dataclasses, no Qt: the console, the widgets and the server all share them. A Plan is
built from one validated YAML file (schema 2, see plans/schema.py); `Plan.from_dict` and
`Plan.to_dict` round-trip through the JSON the index stores, so a warm start parses no YAML.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The plan file format: 2 since grading is a GradingRule (ed826b9); schema-1 files, whose
# grading is a ladder, are converted on load (plans/schema1.py).
SCHEMA_VERSION = 2
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


BOUND_KINDS: tuple[str, ...] = ("min", "above", "max", "upto")
BOUND_SIGNS: dict[str, str] = {"min": "≥", "above": ">", "max": "<", "upto": "≤"}


@dataclass(frozen=True, slots=True)
class Condition:
    """One test of one fact. Numbers: lower bound `min` inclusive (以上) or `above` exclusive
    (超过); upper bound `max` exclusive (以下, the regulations' usual convention) or `upto`
    inclusive (where a document counts 以下 with the number, e.g. "9人以下" beside "10—49人").
    Choices: the value is one of `one_of` (a disease, a warning colour…)."""
    metric: str
    min: float | None = None
    max: float | None = None
    above: float | None = None
    upto: float | None = None
    one_of: tuple[str, ...] = ()

    def bounds(self) -> list[tuple[str, float]]:
        """(kind, value) of each bound given, lower first: min (以上), above (超过), max (以下),
        upto (以下含本数). What every rendering of a condition iterates."""
        return [(k, v) for k in BOUND_KINDS if (v := getattr(self, k)) is not None]

    def holds(self, value: float | str | None) -> bool:
        if value is None:
            return False
        if self.one_of:
            return str(value) in self.one_of
        if isinstance(value, str):
            return False
        if self.min is not None and value < self.min:
            return False
        if self.above is not None and value <= self.above:
            return False
        if self.upto is not None and value > self.upto:
            return False
        return self.max is None or value < self.max


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of a level: every condition holds (e.g. 病种 霍乱 and 病例 ≥ 30), with
    the clause of the source document that states it."""
    conditions: tuple[Condition, ...]
    clause: str = ""             # e.g. "第三条第一款第（二）项"
    text: str = ""               # the criterion as the document puts it, in short

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(c.metric for c in self.conditions)


@dataclass(frozen=True)
class GradingRule:
    """How an incident type is graded, as its governing document lays it out.

    `levels` maps I..IV to criteria (any one suffices; the highest level with one that holds
    decides). `requires`: a fact that cannot be read without another (magnitude needs the
    population density of the epicentre; cases need the disease): given without it, grading
    is 待研判. A referred rule grades nothing: another authority sets the level (社会安全事件
    分级另行规定) and the commander records it.
    """
    source: str = ""             # 《生产安全事故报告和调查处理条例》（国务院令第493号）
    levels: dict[str, tuple[Criterion, ...]] = field(default_factory=dict)
    boundary: str = ""           # the document's convention for 以上/以下, with its clause
    requires: dict[str, str] = field(default_factory=dict)
    referred: bool = False
    authority: str = ""          # department code of the authority that sets the level
    note: str = ""               # e.g. why the rule applies to this type
    judgement: bool = False      # no computable criteria: 待研判 until the authority sets the level
    authority_name: str = ""     # the authority's name where a district has no such department code

    @property
    def metrics(self) -> tuple[str, ...]:
        """Every fact the rule reads, in first-use order."""
        seen: dict[str, None] = {}
        for lv in LEVELS:
            for cr in self.levels.get(lv, ()):
                for m in cr.metrics:
                    seen.setdefault(m)
        for need in self.requires.values():
            seen.setdefault(need)
        return tuple(seen)

    def choices(self, metric: str) -> tuple[str, ...]:
        """The values of a choice fact that some criterion names (the diseases the rule knows)."""
        seen: dict[str, None] = {}
        for crs in self.levels.values():
            for cr in crs:
                for c in cr.conditions:
                    if c.metric == metric:
                        for v in c.one_of:
                            seen.setdefault(v)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source}
        if self.boundary:
            d["boundary"] = self.boundary
        if self.referred or self.judgement:
            d["referred" if self.referred else "judgement"] = True
            d["authority"] = self.authority
            if self.authority_name:
                d["authority_name"] = self.authority_name
        if self.note:
            d["note"] = self.note
        if self.requires:
            d["requires"] = dict(self.requires)
        if self.levels:
            d["levels"] = {lv: [_criterion_dict(c) for c in crs] for lv, crs in self.levels.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "GradingRule":
        return cls(source=d.get("source", ""),
                   levels={lv: tuple(Criterion(tuple(_condition(x) for x in c["when"]), c.get("clause", ""),
                                               c.get("text", "")) for c in crs)
                           for lv, crs in (d.get("levels") or {}).items()},
                   boundary=d.get("boundary", ""), requires=dict(d.get("requires") or {}),
                   referred=bool(d.get("referred", False)), authority=d.get("authority", ""),
                   note=d.get("note", ""), judgement=bool(d.get("judgement", False)),
                   authority_name=d.get("authority_name", ""))


def _condition(x: dict[str, Any]) -> Condition:
    return Condition(x["metric"], x.get("min"), x.get("max"), x.get("above"), x.get("upto"),
                     tuple(str(v) for v in x.get("one_of") or ()))


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    d: dict[str, Any] = {"when": [_cond_dict(x) for x in c.conditions]}
    if c.clause:
        d["clause"] = c.clause
    if c.text:
        d["text"] = c.text
    return d


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
    grading: GradingRule | None = None   # special and master plans: how incidents are graded
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
        """The plan as schema-2 data (what a YAML file holds), plus `file`."""
        d: dict[str, Any] = {
            "schema": SCHEMA_VERSION, "id": self.id, "title": self.title, "tier": self.tier, "district": self.district,
            "issuing_body": self.issuing_body, "lead_department": self.lead_department,
            "supporting_departments": list(self.supporting_departments),
            "parents": list(self.parents), "incident_types": list(self.incident_types),
            "version": self.version, "effective": self.effective, "review_by": self.review_by,
            "source": self.source, "file": self.file,
        }
        if self.scope:
            d["scope"] = self.scope
        if self.grading is not None:
            d["grading"] = self.grading.to_dict()
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
        """Build from validated schema-2 data (no checks here: see plans.schema)."""
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
            grading=GradingRule.from_dict(d["grading"]) if d.get("grading") else None,
            warning_levels=dict(d.get("warning_levels") or {}),
            warning_criteria={c: tuple(_condition(x) for x in cs)
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
    d: dict[str, Any] = {"metric": c.metric, **dict(c.bounds())}
    if c.one_of:
        d["one_of"] = list(c.one_of)
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
    """What is known about an incident; None means not reported (not zero).

    The counts are kept apart as the regulations count them: 重伤（含急性中毒） grades where a
    rule says 重伤; 受伤 (everyone hurt, minor injuries too) is shown but grades nothing there.
    Event-specific numbers (cases, magnitude, water_depth_cm, sensor readings…) are in
    `readings`; event-specific choices (disease, warning_colour, population_density…) in
    `attributes`. Names are the codes of plans.registry.METRICS.
    """
    incident_type: str                    # code from plans.taxonomy (or its Chinese name)
    deaths: int | None = None
    serious_injuries: int | None = None   # 重伤（含急性中毒）
    direct_loss_yuan: float | None = None
    affected: int | None = None           # people affected
    evacuated: int | None = None          # 紧急疏散转移
    readings: dict[str, float] = field(default_factory=dict)   # rainfall_mm, cases, magnitude, gas_lel…
    lon: float | None = None
    lat: float | None = None
    district: str | None = None           # adcode; None: the district at (lon, lat), else the console's
    missing: int | None = None            # 失踪
    injuries: int | None = None           # 受伤: everyone hurt
    attributes: dict[str, str] = field(default_factory=dict)   # disease, warning_colour…
    decided_level: str | None = None      # referred types: the level the authority set, as recorded
    decided_by: str = ""                  # who recorded it, and when (ISO time)
    decided_at: str = ""

    def value(self, metric: str) -> float | str | None:
        if metric == "casualties":
            if self.deaths is None and self.serious_injuries is None:
                return self.readings.get("casualties")
            return (self.deaths or 0) + (self.serious_injuries or 0)
        if metric in ("deaths_and_missing", "deaths_and_critical"):
            other = self.missing if metric == "deaths_and_missing" else self.readings.get("critical")
            if self.deaths is None and other is None:
                return None
            return (self.deaths or 0) + (other or 0)
        if metric in _FACT_FIELDS:
            v = getattr(self, metric)
            if v is not None:
                return v
        if metric in self.attributes:
            return self.attributes[metric]
        return self.readings.get(metric)

    def given(self) -> dict[str, float | str]:
        """Every fact reported, by name (fields, readings and attributes)."""
        out: dict[str, float | str] = {f: getattr(self, f) for f in _FACT_FIELDS if getattr(self, f) is not None}
        out.update({k: v for k, v in self.readings.items() if k not in out})
        out.update({k: v for k, v in self.attributes.items() if k not in out})
        return out


_FACT_FIELDS = ("deaths", "missing", "serious_injuries", "injuries", "direct_loss_yuan", "evacuated", "affected")


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
    basis: str = ""       # the rule that requires it (reporting duties): document and clause

    def to_dict(self) -> dict:
        return asdict(self)


GRADED, REFERRED, PENDING = "graded", "referred", "pending"


@dataclass(frozen=True)
class Activation:
    facts: IncidentFacts
    incident_type: str               # resolved code
    level: str                       # I | II | III | IV: the level graded, or IV (先期处置) while
                                     # referred or pending: the level the checklist works at
    level_name: str                  # 特别重大 / 重大 / 较大 / 一般
    reason: str                      # fact, threshold, level and clause, e.g. "死亡 12 人 ≥ 10 人 → 重大（II 级），依据…"
    criterion: Criterion | None      # the criterion that decided; None when nothing decided
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
    status: str = GRADED             # graded | referred (another authority sets the level) | pending (待研判)
    authority: str = ""              # referred: who sets the level (e.g. 区公安分局)
    source: str = ""                 # the document whose rule graded (or refers) the incident
    unused: tuple[str, ...] = ()     # facts given that the rule does not grade on, as text
    missing: tuple[str, ...] = ()    # pending: what is missing or wrong, as text

    @property
    def graded(self) -> bool:
        return self.status == GRADED

    @property
    def referred(self) -> bool:
        return self.status == REFERRED or (self.status == GRADED and self.facts.decided_level is not None)

    @property
    def level_label(self) -> str:
        """What a person reads for the level: "II 级 · 重大", "待研判", "另行定级（区公安分局）"."""
        if self.status == PENDING:
            return "待研判"
        if self.status == REFERRED:
            return f"另行定级（{self.authority}）" if self.authority else "另行定级"
        return f"{self.level} 级 · {self.level_name}"

    def to_dict(self) -> dict:
        crit = None
        if self.criterion is not None:
            crit = {"conditions": [_cond_dict(c) for c in self.criterion.conditions],
                    "clause": self.criterion.clause, "text": self.criterion.text,
                    "source": f"{self.source}{self.criterion.clause}"}
        return {
            "incident_type": self.incident_type,
            "level": self.level if self.graded else None, "level_name": self.level_name if self.graded else None,
            "working_level": self.level, "status": self.status,
            "referred": self.referred, "authority": self.authority or None,
            "reason": self.reason, "criterion": crit, "source": self.source,
            "unused_facts": list(self.unused), "missing": list(self.missing),
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
