"""Grading an incident by the rule that governs its type, and saying why (no Qt).

The rules are data: resources/grading/rules.yaml holds, per rule, the document, its clauses
and their criteria (the special plans carry the same rule in their `grading`, written there by
the corpus generator). `assess` reads a rule and the facts of an incident and returns the
level with the fact, threshold, level and clause that decide it, the facts given that the
rule does not grade on, or why it cannot grade (待研判) or must not (另行定级).

Reporting duties — who reports to whom, by phone and in writing, within how long — are in
resources/grading/reporting.yaml and become checklist tasks at every level where they apply.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from plans.model import BOUND_SIGNS, GRADED, LEVEL_NAMES, LEVELS, PENDING, REFERRED, Condition, Criterion, \
    GradingRule, IncidentFacts, Task
from plans.registry import COMMON_FACTS, METRICS, department_name, departments, format_amount, format_number
from plans.taxonomy import incident_type

GRADING_DIR = Path(__file__).resolve().parent.parent / "resources" / "grading"
RULES_FILE = GRADING_DIR / "rules.yaml"
REPORTING_FILE = GRADING_DIR / "reporting.yaml"

# Readings that raise warnings (plans' warning_criteria), not grading facts: never listed as unused.
_SENSOR_READINGS = frozenset({"gas_lel", "co_ppm", "aqi"})
# Composite facts and the facts they are made of.
_COMPOSITES = {"casualties": ("deaths", "serious_injuries"), "deaths_and_missing": ("deaths", "missing"),
               "deaths_and_critical": ("deaths", "critical")}
# Plausible ranges: a value outside is an input mistake, not a fact (grading is 待研判).
_RANGES: dict[str, tuple[float, float]] = {
    "magnitude": (0.0, 10.0), "loss_gdp_pct": (0.0, 100.0), "load_loss_pct": (0.0, 100.0),
    "users_out_pct": (0.0, 100.0), "water_depth_cm": (0.0, 2000.0), "rainfall_mm": (0.0, 2000.0),
}
_MAX_COUNT = 30_000_000          # more people than live in Beijing
_MAX_MONEY = 1e13                # ten trillion yuan


@dataclass(frozen=True)
class Assessment:
    status: str                   # graded | referred | pending
    level: str                    # the level graded; IV (先期处置) when referred or pending
    criterion: Criterion | None
    reason: str
    source: str = ""
    authority: str = ""           # referred: who sets the level (display name)
    unused: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@cache
def rules() -> dict[str, GradingRule]:
    """Incident type code -> the rule that grades it (resources/grading/rules.yaml)."""
    data = yaml.load(RULES_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out: dict[str, GradingRule] = {}
    for key, d in data["rules"].items():
        rule = GradingRule.from_dict(d)
        for t in d["types"]:
            if t in out:
                raise ValueError(f"{RULES_FILE.name}: type {t!r} graded by two rules (second: {key})")
            out[t] = rule
    return out


def rule_for(code: str) -> GradingRule | None:
    return rules().get(incident_type(code).code)


def facts_for(code: str, rule: GradingRule | None = None) -> tuple[str, ...]:
    """The facts an intake form asks for an incident type: the common counts, then the
    event-specific facts its rule grades on (病例数 and 病种, 震级, 预警颜色…)."""
    rule = rule or rule_for(code)
    extra = []
    for m in (rule.metrics if rule else ()):
        for part in _COMPOSITES.get(m, (m,)):
            if part not in COMMON_FACTS and part not in extra:
                extra.append(part)
    return (*COMMON_FACTS, *extra)


def fact_problems(facts: IncidentFacts) -> list[str]:
    """Values no rule can use: negative or absurd numbers, a choice not in the registry."""
    out = []
    for name, v in facts.given().items():
        m = METRICS.get(name)
        label = m.name if m else name
        if isinstance(v, str):
            continue          # a choice: the rule that reads it says whether it knows the value
        if isinstance(v, float) and not math.isfinite(v):
            out.append(f"{label} {v}：不是有限的数")
        elif v < 0:
            out.append(f"{label} {format_number(v)}：不能为负数")
        elif m is not None and m.kind == "count" and (v != int(v) or v > _MAX_COUNT):
            out.append(f"{label} {format_number(v)}：应为不超过 {_MAX_COUNT} 的整数人数")
        elif m is not None and m.kind == "money" and v > _MAX_MONEY:
            out.append(f"{label} {format_number(v)} 元：超出可信范围，请核实")
        elif name in _RANGES and not _RANGES[name][0] <= v <= _RANGES[name][1]:
            lo, hi = _RANGES[name]
            unit = m.unit if m else ""
            out.append(f"{label} {format_number(v)}：应在 {format_number(lo)}–{format_number(hi)}{unit} 之间")
    return out


def assess(rule: GradingRule | None, facts: IncidentFacts, district: str | None = None) -> Assessment:
    """Grade `facts` by `rule`: the highest level with a criterion that holds; IV when none."""
    if rule is None:
        return Assessment(PENDING, "IV", None, "待研判：此类事件没有可用的分级规则，先按一般（IV 级）先期处置",
                          missing=("分级规则",))
    authority = authority_name(rule, district)
    problems = fact_problems(facts)
    if rule.referred or rule.judgement:
        return _referred(rule, facts, authority, problems)
    problems += _missing(rule, facts)
    unused = _unused(rule, facts)
    if problems:
        return Assessment(PENDING, "IV", None,
                          "待研判：" + "；".join(problems) + "。先按一般（IV 级）先期处置，核实后重新定级",
                          rule.source, unused=unused, missing=tuple(problems))
    for lv in LEVELS:
        held = [cr for cr in rule.levels.get(lv, ()) if all(c.holds(facts.value(c.metric)) for c in cr.conditions)]
        if held:
            return Assessment(GRADED, lv, held[0], _because(held, facts, lv, rule) + _unused_text(unused),
                              rule.source, unused=unused)
    return Assessment(GRADED, "IV", None, _below(rule, facts) + _unused_text(unused), rule.source, unused=unused)


def authority_name(rule: GradingRule, district: str | None) -> str:
    """Who sets the level of a referred or judged type, by the district's own name for it."""
    if not rule.authority:
        return rule.authority_name
    if district and rule.authority in departments(district):
        return department_name(rule.authority, district)
    return rule.authority_name or rule.authority


def _referred(rule: GradingRule, facts: IncidentFacts, authority: str, problems: list[str]) -> Assessment:
    basis = f"{rule.source}：{rule.note}" if rule.note else f"{rule.source}：分级另行规定"
    if facts.decided_level in LEVELS:
        lv = facts.decided_level
        who = "，".join(x for x in (facts.decided_by and f"{facts.decided_by} 记录",
                                    facts.decided_at and f"于 {facts.decided_at}") if x)
        return Assessment(GRADED, lv, None,
                          f"{authority or '主管部门'}定级：{LEVEL_NAMES[lv]}（{lv} 级）" + (f"（{who}）" if who else "")
                          + f"；{basis}", rule.source, authority)
    head = "待研判" if rule.judgement else "另行定级"
    reason = (f"{head}：{basis}。由{authority or '主管部门'}研判定级，指挥长记录其定级结果；"
              "已启动专项预案，先按一般（IV 级）先期处置")
    if problems:
        reason += "；另需核实：" + "；".join(problems)
    missing = (f"{authority or '主管部门'}定级",) if rule.judgement else ()
    return Assessment(PENDING if rule.judgement else REFERRED, "IV", None, reason, rule.source, authority,
                      missing=missing + tuple(problems))


def _missing(rule: GradingRule, facts: IncidentFacts) -> list[str]:
    out = []
    for fact, need in rule.requires.items():
        v = facts.value(fact)
        if v is not None and facts.value(need) is None:
            out.append(f"已报{METRICS[fact].name} {format_amount(fact, v)}，缺少{METRICS[need].name}"
                       f"（{_need_hint(need)}），无法按{rule.source}定级")
    for metric in rule.metrics:
        m = METRICS.get(metric)
        v = facts.value(metric)
        if m is None or m.kind != "choice" or v is None:
            continue
        known = rule.choices(metric)
        if known and str(v) not in known and str(v) not in m.choices:
            out.append(f"{m.name} “{v}” 不在{rule.source}分级所列（{'、'.join(known)}）之中，"
                       "请按其他适用预案研判")
    return out


def _need_hint(metric: str) -> str:
    return {"population_density": "请在地图上标出震中，或报告震中是人口密集地区还是较密集地区",
            "disease": "请选择病种"}.get(metric, "请补报")


def _unused(rule: GradingRule, facts: IncidentFacts) -> tuple[str, ...]:
    used: set[str] = set()
    for m in rule.metrics:
        used.update(_COMPOSITES.get(m, (m,)))
    out = []
    for name, v in facts.given().items():
        if name in used or name in _SENSOR_READINGS or name not in METRICS:
            continue
        out.append(f"{METRICS[name].name} {format_amount(name, v)}：不作为定级依据")
    return tuple(out)


def _unused_text(unused: tuple[str, ...]) -> str:
    return f"（{'；'.join(unused)}）" if unused else ""


def condition_text(c: Condition, value: float | str | None) -> str:
    """"死亡 12 人 ≥ 10 人", "病种 霍乱", "中毒人数 101 人 > 100 人"."""
    name = METRICS[c.metric].name if c.metric in METRICS else c.metric
    if c.one_of:
        return f"{name} {value}" if value is not None else f"{name} 为 {'或'.join(c.one_of)}"
    got = format_amount(c.metric, value) if value is not None else "未报告"
    return f"{name} {got} " + "、".join(f"{BOUND_SIGNS[k]} {format_amount(c.metric, v)}" for k, v in c.bounds())


def _because(held: list[Criterion], facts: IncidentFacts, lv: str, rule: GradingRule) -> str:
    """Every criterion of the deciding level that holds, each fact against its threshold."""
    parts: list[str] = []
    for cr in held:
        what = "，且".join(condition_text(c, facts.value(c.metric)) for c in cr.conditions) or cr.text
        if what not in parts:
            parts.append(what)
    clauses = "、".join(dict.fromkeys(cr.clause for cr in held if cr.clause))
    return f"{'；'.join(parts)} → {LEVEL_NAMES[lv]}（{lv} 级），依据{rule.source}{clauses}"


def _below(rule: GradingRule, facts: IncidentFacts) -> str:
    """IV because no criterion holds: each given number against the lowest threshold of 较大
    (and of 一般, when it is below that too), among the criteria that apply to this incident
    (those whose choices — disease, equipment, density… — match it)."""
    iii = _short_of(rule, facts, "III")
    iv = _short_of(rule, facts, "IV")
    if not iii and not iv:
        wanted = "、".join(dict.fromkeys(METRICS[m].name for m in rule.metrics if m in METRICS))
        return (f"未报告{rule.source}定级所需事实（{wanted}），先按一般（IV 级）先期处置，"
                "报告后重新定级")
    text = "；".join(iii) + " → 未达到较大（III 级）标准" if iii else "未达到较大（III 级）标准"
    if iv:
        return f"{text}；{'；'.join(iv)}，亦未达到一般（IV 级）标准，仍由区级按一般（IV 级）响应，依据{rule.source}"
    return f"{text}，按一般（IV 级）响应，依据{rule.source}"


def _short_of(rule: GradingRule, facts: IncidentFacts, lv: str) -> list[str]:
    """"死亡 2 人 < 3 人" for each given number below the lowest bound of an applicable criterion."""
    lowest: dict[str, tuple[float, bool]] = {}     # metric -> (bound, exclusive)
    for cr in rule.levels.get(lv, ()):
        if not all(c.holds(facts.value(c.metric)) for c in cr.conditions if c.one_of):
            continue
        for c in cr.conditions:
            v = facts.value(c.metric)
            bound = c.min if c.min is not None else c.above
            if c.one_of or bound is None or v is None or isinstance(v, str):
                continue
            if (c.min is not None and v >= c.min) or (c.above is not None and v > c.above):
                continue                  # not short of this bound (it failed on another side)
            if c.metric not in lowest or bound < lowest[c.metric][0]:
                lowest[c.metric] = (bound, c.above is not None and c.min is None)
    out = []
    for metric, (bound, exclusive) in lowest.items():
        v = facts.value(metric)
        name = METRICS[metric].name
        if exclusive:
            out.append(f"{name} {format_amount(metric, v)}，未超过 {format_amount(metric, bound)}")
        else:
            out.append(f"{name} {format_amount(metric, v)} < {format_amount(metric, bound)}")
    return out


# --- reporting duties --------------------------------------------------------------------------

@dataclass(frozen=True)
class Duty:
    id: str
    levels: tuple[str, ...]
    action: str
    deadline_minutes: dict[str, int]   # level -> minutes from activation
    basis: str
    categories: tuple[str, ...] = ()   # incident categories (taxonomy.CATEGORIES keys); () = all
    types: tuple[str, ...] = ()        # incident types; () = every type of the categories
    department: str | None = None
    role: str | None = None
    when: str = ""                     # "casualties": only when someone died, is missing or hurt


@cache
def duties() -> tuple[Duty, ...]:
    data = yaml.load(REPORTING_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out = []
    for d in data["duties"]:
        dl = d["deadline_minutes"]
        levels = tuple(d.get("levels") or LEVELS)
        out.append(Duty(d["id"], levels, d["action"],
                        {lv: int(dl[lv] if isinstance(dl, dict) else dl) for lv in levels},
                        d["basis"], tuple(d.get("categories") or ()), tuple(d.get("types") or ()),
                        d.get("department"), d.get("role"), d.get("when", "")))
    return tuple(out)


def duty_tasks(code: str, level: str, facts: IncidentFacts, district: str) -> list[Task]:
    """The reporting (and casualty) duties of an incident at a level, as checklist tasks."""
    t = incident_type(code)
    hurt = any((facts.value(k) or 0) > 0 for k in ("deaths", "missing", "serious_injuries", "injuries")
               if not isinstance(facts.value(k), str))
    out = []
    for d in duties():
        if level not in d.levels or (d.categories and t.category not in d.categories) \
                or (d.types and t.code not in d.types) or (d.when == "casualties" and not hurt):
            continue
        who = department_name(d.department, district) if d.department else (d.role or "")
        out.append(Task(f"report/{d.id}", "", d.department, who, d.action, d.deadline_minutes[level],
                        max(d.levels, key=LEVELS.index), d.basis))
    return out


# --- facts as text (the CLI's --fact NAME=VALUE, the labelled cases) ---------------------------

def parse_fact(text: str) -> tuple[str, float | str]:
    """"deaths=3" -> ("deaths", 3.0); "disease=霍乱" -> ("disease", "霍乱").

    ValueError naming the fact when the name is unknown or the value is not a number where a
    number is meant (a negative or absurd number parses: grading marks it 待研判 and says why).
    """
    name, sep, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not sep or not name:
        raise ValueError(f"“{text}” 不是 名称=值 的形式（如 deaths=3）")
    name = {"loss_yuan": "direct_loss_yuan"}.get(name, name)   # "injured" is ambiguous (受伤 or 重伤): not accepted
    m = METRICS.get(name)
    if m is None or name in _COMPOSITES:
        raise ValueError(f"未知事实 {name!r}；应为 {', '.join(k for k in METRICS if k not in _COMPOSITES)} 之一")
    if not raw:
        raise ValueError(f"事实 {name} 没有值（如 {name}=3）")
    if m.kind == "choice":
        return name, raw
    try:
        value = float(raw.replace(",", "").replace("，", ""))
    except ValueError:
        raise ValueError(f"事实 {name}（{m.name}）的值 {raw!r} 不是数字") from None
    if not math.isfinite(value):
        raise ValueError(f"事实 {name}（{m.name}）的值 {raw!r} 不是有限的数")
    return name, value


def incident_facts(incident_type_code: str, given: dict[str, float | str], **where) -> IncidentFacts:
    """IncidentFacts from name -> value (names of METRICS): the common counts in their fields,
    numbers in readings, choices in attributes."""
    fields: dict = {}
    readings: dict[str, float] = {}
    attributes: dict[str, str] = {}
    for name, v in given.items():
        m = METRICS[name]
        if m.kind == "choice":
            attributes[name] = str(v)
        elif name in COMMON_FACTS:
            fields[name] = int(v) if m.kind == "count" and float(v).is_integer() else v
        else:
            readings[name] = float(v)
    return IncidentFacts(incident_type_code, readings=readings, attributes=attributes, **fields, **where)
