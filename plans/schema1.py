"""Schema 1 plan files: the old grading ladder, checked as it was, then carried as a rule.

Until schema 2 a plan's `grading` was a ladder: per level I–IV, conditions of which any one
suffices, `{metric, min, max}` with min inclusive (以上) and max exclusive (以下), on the fact
names of that time (`injured` was 重伤（含急性中毒）, `loss_yuan` 直接经济损失). Schema 2 carries
a GradingRule instead (source document, clauses, criteria of several conditions; ed826b9).

A centre's older files still load: the ladder is checked as the schema-1 loader checked it
(its shape; per fact, adjacent levels meet exactly), then becomes a rule whose source is the
plan itself, named with its file, so a commander reading why a level was chosen sees that it
is the plan's own ladder and not a regulation's clause. A schema-1 file whose grading already
has the new shape is refused with what to change.
"""
from __future__ import annotations

from typing import Any

from plans.model import BOUND_SIGNS, LEVEL_NAMES, LEVELS
from plans.registry import METRICS, format_amount
from plans.schema import PLAN_SCHEMA, SCHEMA_VERSION, Checker, Problem
from plans.validate import check_ladder

OLD_VERSION = 1
# The facts a schema-1 ladder could name (plans/registry.py before ed826b9), and the two whose
# codes changed since; the others kept their codes and meaning.
OLD_METRICS = ("deaths", "injured", "casualties", "loss_yuan", "affected", "evacuated", "rainfall_mm",
               "snowfall_mm", "water_depth_cm", "gas_lel", "co_ppm", "magnitude", "burned_ha", "participants",
               "cases", "aqi", "outage_hours")
RENAMED = {"injured": "serious_injuries", "loss_yuan": "direct_loss_yuan"}

_bound = {"type": "number", "minimum": 0}
LADDER_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "title": "分级阶梯（schema 1）：各级下列条件，任一条件成立即为该级",
    "properties": {lv: {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["metric"], "additionalProperties": False,
        "properties": {"metric": {"enum": list(OLD_METRICS)}, "min": _bound, "max": _bound}}}
        for lv in LEVELS},
}
_LADDER = Checker({"type": "object", "properties": {"grading": LADDER_SCHEMA}})
_NEW_KEYS = tuple(PLAN_SCHEMA["properties"]["grading"]["properties"])   # source, levels, referred…
_LOW_TO_HIGH = tuple(reversed(LEVELS))


def upgrade(data: dict, rel: str) -> tuple[dict, list[Problem]]:
    """A schema-1 document as schema 2, with the problems of its ladder (paths as in the file).

    When the ladder has problems the document comes back without `grading`: its problems are
    the ladder's. Other documents come back as they are (an unknown version is the schema
    check's to report).
    """
    version = data.get("schema")
    if version != OLD_VERSION or isinstance(version, bool):
        return data, []
    out = dict(data, schema=SCHEMA_VERSION)
    ladder = data.get("grading")
    if ladder is None:
        return out, []
    if isinstance(ladder, dict) and (new := [k for k in ladder if k in _NEW_KEYS]):
        return out, [(("schema",), f"schema 1 的文件不能使用新格式的分级标准（grading 含 {', '.join(new)}）；"
                                   f"应改为 schema: {SCHEMA_VERSION}，或按 schema 1 写分级阶梯（I/II/III/IV 下列出条件）")]
    problems = _LADDER.check({"grading": ladder})
    if not problems:
        ladder = {lv: [dict(c, metric=RENAMED.get(c["metric"], c["metric"])) for c in cs] for lv, cs in ladder.items()}
        problems = check_ladder(ladder, "grading", _LOW_TO_HIGH, lambda lv: f"{lv} 级{LEVEL_NAMES[lv]}")
    if problems:
        del out["grading"]
        return out, problems
    out["grading"] = _rule(ladder, data.get("title"), rel)
    return out, []


def _rule(ladder: dict[str, list[dict]], title: Any, rel: str) -> dict:
    """The ladder as a schema-2 grading: one criterion per condition, the plan as its source."""
    name = f"《{title}》" if isinstance(title, str) and title else ""
    levels: dict[str, list[dict]] = {}
    for lv in LEVELS:
        for i, c in enumerate(ladder.get(lv, ()), start=1):
            cond = {"metric": c["metric"], **{k: c[k] for k in ("min", "max") if k in c}}
            levels.setdefault(lv, []).append({"when": [cond], "clause": f"（{lv} 级第 {i} 项）", "text": _text(cond)})
    return {
        "source": f"本预案{name}（{rel}）的分级标准",
        "boundary": "“以上”（min）包括本数，“以下”（max）不包括本数（schema 1 分级阶梯的约定）",
        "note": "schema 1 的预案文件：按本预案自己的分级阶梯定级（加载时转换），"
                "不是 resources/grading/rules.yaml 中此类事件所依据的法规条款",
        "levels": levels,
    }


def _text(cond: dict) -> str:
    """"死亡 ≥ 10 人、< 30 人"."""
    m = cond["metric"]
    bounds = "、".join(f"{BOUND_SIGNS[k]} {format_amount(m, cond[k])}" for k in ("min", "max") if k in cond)
    return f"{METRICS[m].name} {bounds}"
