"""Re-grading a live incident (no Qt): its facts as the plans read them, the facts payload of
the update command, the facts its grading rule uses, and its level history with why.

An incident record keeps its facts at the top level of `incident["facts"]` under the codes of
plans.registry.METRICS (numbers and choices: deaths, serious_injuries, injuries,
direct_loss_yuan, cases, disease, warning_colour…), beside the free text of the report
(caller, description…). Older records used other keys: a "readings" dict of numbers, and the
keys of plans.registry.LEGACY_FACTS ("injured" was the intake's 受伤, read as injuries —
never as 重伤; "loss_yuan" is direct_loss_yuan). They are read under the new names, the new
key winning where both are present; the payloads written here use only the new keys.

A referred or judged type (社会安全事件: 分级另行规定; 干旱, 网络安全…: 研判) is graded by
the level its authority decided, as the commander recorded it: DECIDED_KEYS in the facts.

The reason of each grading travels in the incident's facts under REASON_KEY, inside the same
update_incident command that changes the level: one command, one timeline event saying who,
when, from which level to which, and why.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from plans.grading import facts_for, incident_facts, rule_for
from plans.model import LEVEL_NAMES, LEVELS, IncidentFacts
from plans.registry import COMMON_FACTS, DISTRICTS, LEGACY_FACTS, METRICS, format_amount

REASON_KEY = "grading_reason"       # 定级依据: why the level is what it is
SENSOR_KEY = "sensor_id"            # an incident filed from a sensor follows its readings
# the plans' metric a sensor kind's reading is
SENSOR_METRICS = {"gas": "gas_lel", "co": "co_ppm", "water_level": "water_depth_cm"}
# The level a referred or judged type's authority set, who recorded it and when (ISO time).
DECIDED_KEYS = ("decided_level", "decided_by", "decided_at")
STATUS_KEY = "grading_status"      # graded | referred | pending: whether the record's level is graded
# The counts every intake asks for (whole people): integer spin boxes, integer payloads.
COUNT_FIELDS = tuple(c for c in COMMON_FACTS if METRICS[c].kind == "count")
# Facts the plans compute from others (never stored, never asked for).
COMPOSITES = frozenset({"casualties", "deaths_and_missing", "deaths_and_critical"})


def _number(value) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _fact_value(metric: str, value) -> float | str | None:
    """A stored value as the plans read it: a choice as text, anything else as a number;
    None for a value that is not one (blank, text where a number is meant)."""
    m = METRICS[metric]
    if m.kind == "choice":
        text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
        return text or None
    return _number(value)


def stored_facts(facts: dict) -> dict[str, float | str]:
    """The graded facts of an incident's stored facts, by METRICS code: the old "readings"
    dict and the LEGACY_FACTS keys first, the top-level keys over them (a key present at the
    top level, even as None — a fact cleared —, hides the old one)."""
    out: dict[str, float | str] = {}
    for k, v in (facts.get("readings") or {}).items() if isinstance(facts.get("readings"), dict) else ():
        if k in METRICS and k not in COMPOSITES and k not in facts:
            value = _fact_value(k, v)
            if value is not None:
                out[k] = value
    for old, new in LEGACY_FACTS.items():
        if old in facts and new not in facts:
            value = _fact_value(new, facts[old])
            if value is not None:
                out[new] = value
    for k, v in facts.items():
        if k in METRICS and k not in COMPOSITES:
            value = _fact_value(k, v)
            if value is None:
                out.pop(k, None)
            else:
                out[k] = value
    return out


def facts_of(incident: dict) -> IncidentFacts:
    """What the plans grade on, from an incident record (see the module's note on keys), with
    the level an authority decided if the commander recorded one."""
    facts = incident.get("facts") or {}
    out = incident_facts(incident.get("type") or facts.get("incident_type") or "other", stored_facts(facts),
                         lon=incident.get("lon"), lat=incident.get("lat"), district=district_of(incident))
    decided = facts.get("decided_level")
    if decided in LEVELS:
        out = replace(out, decided_level=decided, decided_by=str(facts.get("decided_by") or ""),
                      decided_at=str(facts.get("decided_at") or ""))
    return out


def district_of(incident: dict) -> str | None:
    """The incident's district as the server recorded it (an adcode of a district with plans),
    else None: then its point decides (plans.library.PlanLibrary.incident_district)."""
    code = incident.get("district")
    return code if code in DISTRICTS else None


def facts_payload(facts: IncidentFacts, reason: str | None = None, status: str | None = None) -> dict:
    """The facts part of update_incident: every known fact under its METRICS code (numbers
    and choices; None means "not reported" and is left out; counts as whole numbers), the
    level an authority decided with who and when, and the grading reason when given."""
    out: dict = {}
    for k, v in facts.given().items():
        m = METRICS.get(k)
        if m is not None and m.kind == "count" and not isinstance(v, str) and float(v).is_integer():
            v = int(v)
        out[k] = v
    if facts.decided_level in LEVELS:
        out["decided_level"] = facts.decided_level
        if facts.decided_by:
            out["decided_by"] = facts.decided_by
        if facts.decided_at:
            out["decided_at"] = facts.decided_at
    if reason:
        out[REASON_KEY] = reason
    if status:
        out[STATUS_KEY] = status     # lists show 待研判 / 另行定级 instead of the working level IV
    return out


def cleared(incident: dict, facts: IncidentFacts) -> dict:
    """None for each graded fact the record holds that `facts` no longer report: the server
    merges facts, so a fact set back to 未报告 must be sent as None to be cleared."""
    now = facts_payload(facts)
    old = {**stored_facts(incident.get("facts") or {}),
           **{k: v for k, v in (incident.get("facts") or {}).items() if k in DECIDED_KEYS and v is not None}}
    return {k: None for k in old if k not in now}


def _shown(metric: str, value) -> str:
    if metric == "decided_level":
        return f"{LEVEL_NAMES[value]}（{value} 级）" if value in LEVEL_NAMES else "未记录"
    return format_amount(metric, value) if value is not None else "未报告"


def describe_change(before: dict, after: dict) -> str:
    """The graded facts that differ between two records of an incident, for a person:
    e.g. "死亡 未报告 → 4 人；预警颜色 黄 → 红"."""
    old, new = facts_of(before), facts_of(after)
    a, b = old.given(), new.given()
    parts = []
    for metric in METRICS:
        if metric in COMPOSITES or a.get(metric) == b.get(metric):
            continue
        parts.append(f"{METRICS[metric].name} {_shown(metric, a.get(metric))} → {_shown(metric, b.get(metric))}")
    if old.decided_level != new.decided_level:
        parts.append(f"主管部门定级 {_shown('decided_level', old.decided_level)} → "
                     f"{_shown('decided_level', new.decided_level)}")
    return "；".join(parts)


def grading_rule(library, activation):
    """The rule that grades the activation's type: its special plan's (as the activation
    read it), else the national or Beijing rule of resources/grading."""
    for ref in activation.plans:
        if ref.tier == "special":
            plan = library.get(ref.plan_id) if library is not None else None
            if plan is not None and plan.grading is not None:
                return plan.grading
    return rule_for(activation.incident_type)


def grading_metrics(library, activation) -> list[str]:
    """The facts to ask for the activation's type: the common counts (COMMON_FACTS, in their
    order), then the event-specific facts its grading rule reads (plans.grading.facts_for)."""
    return list(facts_for(activation.incident_type, grading_rule(library, activation)))


def decidable(library, activation) -> bool:
    """Whether the type's level is set by an authority (referred or judged): the commander
    records it (记录定级)."""
    rule = grading_rule(library, activation)
    return rule is not None and (rule.referred or rule.judgement)


def direction(old: str | None, new: str) -> int:
    """+1 when `new` is a higher response (I is highest), -1 lower, 0 the same."""
    if old not in LEVELS:
        return 1
    return (LEVELS.index(old) > LEVELS.index(new)) - (LEVELS.index(old) < LEVELS.index(new))


@dataclass(frozen=True)
class LevelChange:
    at: str
    before: str | None       # None for the level given at report
    after: str
    operator: str
    reason: str
    decided: bool = False    # the commander recorded the level an authority decided (记录定级)


def level_history(record: dict) -> list[LevelChange]:
    """Each grading of an incident from its server timeline: the level at report, then every
    change with who, when and why (the reason sent with it, if any), and every level recorded
    as an authority's decision, even one that leaves the level as it was."""
    out: list[LevelChange] = []
    current: str | None = None
    recorded: tuple | None = None    # the decision last recorded: later updates carry it along
    for ev in record.get("timeline") or []:
        detail = ev.get("detail") or {}
        if ev.get("type") == "incident.created":
            rec = (ev.get("upsert") or [{}])[0]
            current = rec.get("level", "")
            out.append(LevelChange(ev.get("at", ""), None, current, ev.get("operator") or "",
                                   (rec.get("facts") or {}).get(REASON_KEY, "")))
        elif ev.get("type") == "incident.updated":
            facts = detail.get("facts") or {}
            decision = (facts.get("decided_level"), facts.get("decided_at"))
            decided = decision[0] in LEVELS and decision != recorded
            if decided:
                recorded = decision
            if "level" in detail:
                current = detail["level"].get("to", "")
                out.append(LevelChange(ev.get("at", ""), detail["level"].get("from"), current,
                                       ev.get("operator") or "", facts.get(REASON_KEY, ""), decided))
            elif decided:
                out.append(LevelChange(ev.get("at", ""), current, facts["decided_level"], ev.get("operator") or "",
                                       facts.get(REASON_KEY, ""), True))
    return out
