"""Re-grading a live incident (no Qt): its facts as the plans read them, the facts payload of
the update command, the metrics its grading plan uses, and its level history with why.

The reason of each grading travels in the incident's facts under REASON_KEY, inside the same
update_incident command that changes the level: one command, one timeline event saying who,
when, from which level to which, and why.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from plans.model import LEVELS, IncidentFacts
from plans.registry import DISTRICTS, METRICS

REASON_KEY = "grading_reason"       # 定级依据: why the level is what it is
SENSOR_KEY = "sensor_id"            # an incident filed from a sensor follows its readings
# the plans' metric a sensor kind's reading is
SENSOR_METRICS = {"gas": "gas_lel", "co": "co_ppm", "water_level": "water_depth_cm"}
COUNT_FIELDS = ("deaths", "injured", "affected", "evacuated")
_NUMERIC_FIELDS = (*COUNT_FIELDS, "loss_yuan")


def _number(value) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def facts_of(incident: dict) -> IncidentFacts:
    """What the plans grade on, from an incident record: counts and loss at the top of its
    facts, readings (rainfall_mm, gas_lel…) under "readings" or at the top level."""
    facts = incident.get("facts") or {}
    counts = {}
    for name in _NUMERIC_FIELDS:
        v = _number(facts.get(name))
        if v is not None:
            counts[name] = v if name == "loss_yuan" else int(v)
    readings = {k: float(v) for k, v in (facts.get("readings") or {}).items() if _number(v) is not None}
    for k, v in facts.items():
        if k in METRICS and k not in _NUMERIC_FIELDS and k != "casualties" and _number(v) is not None:
            readings.setdefault(k, float(v))
    return IncidentFacts(incident_type=incident.get("type") or facts.get("incident_type") or "other",
                         lon=incident.get("lon"), lat=incident.get("lat"), district=district_of(incident),
                         readings=readings, **counts)


def district_of(incident: dict) -> str | None:
    """The incident's district as the server recorded it (an adcode of a district with plans),
    else None: then its point decides (plans.library.PlanLibrary.incident_district)."""
    code = incident.get("district")
    return code if code in DISTRICTS else None


def facts_payload(facts: IncidentFacts, reason: str | None = None) -> dict:
    """The facts part of update_incident: every known fact (None means "not reported" and is
    left out), with the grading reason when given."""
    out = {k: v for k, v in asdict(facts).items()
           if k not in ("incident_type", "lon", "lat", "district") and v not in (None, {}, ())}
    if reason:
        out[REASON_KEY] = reason
    return out


def describe_change(before: dict, after: dict) -> str:
    """The graded facts that differ between two records of an incident, for a person:
    e.g. "死亡 未报告 → 4 人；积水深度 20 厘米 → 35 厘米"."""
    from plans.registry import format_amount

    old, new = facts_of(before), facts_of(after)
    parts = []
    for metric in METRICS:
        a, b = old.value(metric), new.value(metric)
        if a != b and metric != "casualties":
            fa = format_amount(metric, a) if a is not None else "未报告"
            fb = format_amount(metric, b) if b is not None else "未报告"
            parts.append(f"{METRICS[metric].name} {fa} → {fb}")
    return "；".join(parts)


def grading_metrics(library, activation) -> list[str]:
    """The metrics the incident type's grading plan decides on (its special plan's, else the
    master plan's), in registry order; the counts the intake form asks for come first."""
    used: set[str] = set()
    for ref in activation.plans:
        if ref.tier in ("special", "master"):
            plan = library.get(ref.plan_id)
            if plan is not None:
                used |= {c.metric for conds in plan.grading.values() for c in conds}
            if used:
                break
    extra = [m for m in METRICS if m in used and m not in (*_NUMERIC_FIELDS, "casualties")]
    return [*COUNT_FIELDS, "loss_yuan", *extra]


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


def level_history(record: dict) -> list[LevelChange]:
    """Each grading of an incident from its server timeline: the level at report, then every
    change with who, when and why (the reason sent with it, if any)."""
    out: list[LevelChange] = []
    for ev in record.get("timeline") or []:
        detail = ev.get("detail") or {}
        if ev.get("type") == "incident.created":
            rec = (ev.get("upsert") or [{}])[0]
            out.append(LevelChange(ev.get("at", ""), None, rec.get("level", ""), ev.get("operator") or "",
                                   (rec.get("facts") or {}).get(REASON_KEY, "")))
        elif ev.get("type") == "incident.updated" and "level" in detail:
            out.append(LevelChange(ev.get("at", ""), detail["level"].get("from"), detail["level"].get("to", ""),
                                   ev.get("operator") or "", (detail.get("facts") or {}).get(REASON_KEY, "")))
    return out
