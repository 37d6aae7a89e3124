"""Grading criteria in plan text -> machine-checkable conditions per level.

"特别重大事故，是指造成30人以上死亡，或者…1亿元以上直接经济损失" becomes
``{"level": "I", "any": [{"metric": "deaths", "min": 30}, {"metric": "direct_loss_yuan", "min": 1e8}]}``.
Bounds: ``min`` is inclusive, ``max`` exclusive (as plans.model.Condition). "以上" includes its number and "以下"
excludes it, as 国务院令第493号 §3 defines, unless the document defines "以下" as inclusive.
Counts and money are whole numbers, so "N及以下" becomes ``max: N+1`` and "超过N" ``min: N+1``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.importer_numbers import NUMBER, UNIT, UNITS, as_int_if_whole, parse_number
from plans.importer_read import Line

LEVELS = {"特别重大": "I", "重大": "II", "较大": "III", "一般": "IV",
          "Ⅰ级": "I", "Ⅱ级": "II", "Ⅲ级": "III", "Ⅳ级": "IV"}
LEVEL_NAMES = {"I": "特别重大", "II": "重大", "III": "较大", "IV": "一般"}
_LEVEL = re.compile(r"(特别重大|重大|较大|一般|Ⅰ级|Ⅱ级|Ⅲ级|Ⅳ级)"
                    r"(?=[^，。；]{0,8}?(?:事故|事件|灾害|疫情|险情|污染|停电|火灾|级)|[（(：:，,\s|])")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_CLAUSE = re.compile(r"[，,；;。、]|或者|或|以及|并且")
_QUANTITY = re.compile(
    rf"(?P<pre>不足|不到|少于|低于|超过|多于|高于|达到|达)?\s*(?P<a>{NUMBER})\s*(?P<ua>{UNIT})?"
    rf"(?:\s*(?:至|到|-|—|～|~)\s*(?P<b>{NUMBER})\s*(?P<ub>{UNIT}))?"
    r"\s*(?P<post>及以上|以上|及以下|以下|以内|之间)?")

# metric (codes of plans.registry.METRICS) -> (unit family it is counted in, words naming it).
# Metrics the plan schema has no code for (失踪, 被困) are recognised so that their numbers
# are not pinned on a neighbouring metric, then left out with a review note.
UNSUPPORTED = {"missing": "失踪", "trapped": "被困"}
METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "deaths": ("people", ("死亡", "遇难", "丧生", "罹难")),
    "serious_injuries": ("people", ("重伤", "危重", "重症", "受伤", "伤员")),
    "cases": ("people", ("中毒", "病例")),
    "missing": ("people", ("失踪",)),
    "trapped": ("people", ("被困", "围困")),
    "evacuated": ("people", ("转移安置", "紧急转移", "疏散", "撤离", "转移")),
    "affected_people": ("people", ("受灾", "受影响", "影响人口", "涉及")),
    "direct_loss_yuan": ("yuan", ("经济损失", "损失")),
    "affected": ("households", ("停水", "停电", "停气", "停热", "户")),
    "rainfall_mm": ("mm", ("降雨", "雨量", "降水")),
}
_INTEGER_FAMILIES = {"people", "yuan", "households"}
_NOT_LOSS = re.compile(r"罚款|罚金|奖励|补助|补偿|资金|经费|投资|收入|预算")


@dataclass
class CriteriaResult:
    criteria: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def below_is_inclusive(text: str) -> bool:
    """True when the document defines "以下" as including its number (some plans do)."""
    for m in re.finditer(r"以下[”\"’']?\s*(不包括|不含|包括|含)本数", text):
        return not m.group(1).startswith("不")
    return False


def extract_criteria(lines: list[Line], full_text: str) -> CriteriaResult:
    """Find level statements with numeric thresholds; one criterion per level."""
    result = CriteriaResult()
    inclusive_below = below_is_inclusive(full_text)
    if not re.search(r"以下[”\"’']?\s*(不包括|不含|包括|含)本数", full_text):
        boundary_notes = ["grading: 文件未说明“以上/以下”是否含本数，已按“以上含本数、"
                            "以下不含本数”处理，请核对分级条件的边界"]
    else:
        boundary_notes = []
    by_level: dict[str, dict] = {}
    for line in lines:
        text = line.labelled()
        matches = list(_LEVEL.finditer(text))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            segment = text[m.start():end]
            conditions = _conditions(segment, inclusive_below, result.notes, line.no)
            if not conditions:
                continue
            level = LEVELS[m.group(1)]
            found = by_level.get(level)
            if found is None:
                by_level[level] = {"level": level, "name": LEVEL_NAMES[level], "any": conditions,
                                   "source_text": segment.strip("；;。 "), "line": line.no}
                continue
            known = {c["metric"] for c in found["any"]}
            extra = [c for c in conditions if c["metric"] not in known]
            found["any"].extend(extra)
            result.notes.append(f"grading.{level}: 第{line.no}行再次给出{LEVEL_NAMES[level]}级条件"
                                + ("，已合并新指标" if extra else "，未采用") + "，请核对")
    order = ["I", "II", "III", "IV"]
    result.criteria = [by_level[lv] for lv in order if lv in by_level]
    if result.criteria:
        missing = [LEVEL_NAMES[lv] for lv in order if lv not in by_level]
        if missing:
            result.notes.append("grading: 未找到以下级别的分级条件：" + "、".join(missing))
        result.notes.extend(boundary_notes + check_ladder(result.criteria))
    return result


def condition_holds(condition: dict, value: float) -> bool:
    """True when value meets one extracted condition (min inclusive, max exclusive)."""
    return (value >= condition.get("min", float("-inf"))
            and value < condition.get("max", float("inf")))


def grade(grading: dict[str, list[dict]], facts: dict[str, float]) -> str | None:
    """The highest level whose any-of conditions a set of facts meets, or None."""
    for level in ("I", "II", "III", "IV"):
        if any(c["metric"] in facts and condition_holds(c, facts[c["metric"]])
               for c in grading.get(level, ())):
            return level
    return None


def _conditions(segment: str, inclusive_below: bool, notes: list[str], line_no: int) -> list[dict]:
    conditions: list[dict] = []
    text = _PAREN.sub("", segment)
    for clause in _CLAUSE.split(text):
        metric = _metric_in(clause)
        merged: dict | None = None
        for q in _QUANTITY.finditer(clause):
            unit = q.group("ub") or q.group("ua")
            if unit is None or (q.group("pre") is None and q.group("post") is None
                                and q.group("b") is None):
                continue
            family, scale = UNITS[unit]
            name = metric if metric and METRICS[metric][0] == family else None
            if name is None and family == "yuan" and not _NOT_LOSS.search(clause):
                name = "direct_loss_yuan"  # a table cell "1亿元以上" under a 直接经济损失 column
            if name is None:
                continue
            if name in UNSUPPORTED:
                notes.append(f"grading: 第{line_no}行的“{UNSUPPORTED[name]}”条件没有对应指标，未导入")
                continue
            name = "affected" if name == "affected_people" else name
            bound = _bound(q, scale, family, inclusive_below)
            if bound is None:
                notes.append(f"grading: 第{line_no}行“{q.group(0).strip()}”无法判断上下限")
                continue
            if merged is not None and merged["metric"] == name and not set(bound) & set(merged):
                merged.update(bound)
                continue
            merged = {"metric": name, **bound}
            conditions.append(merged)
    return conditions


def _metric_in(clause: str) -> str | None:
    best: tuple[int, str] | None = None
    for metric, (_, words) in METRICS.items():
        for word in words:
            pos = clause.find(word)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, metric)
    return best[1] if best else None


def _bound(q: re.Match[str], scale: float, family: str, inclusive_below: bool) -> dict | None:
    step = 1 if family in _INTEGER_FAMILIES else 0
    a = parse_number(q.group("a")) * (UNITS[q.group("ua")][1] if q.group("ua") else scale)
    pre, post = q.group("pre"), q.group("post")
    if q.group("b") is not None:  # "3至9人" / "3-9人": both ends included
        b = parse_number(q.group("b")) * scale
        return {"min": _num(a), "max": _num(b + step)}
    if post in ("以上", "及以上") or pre in ("达到", "达"):
        return {"min": _num(a)}
    if pre in ("超过", "多于", "高于"):
        return {"min": _num(a + step)}
    if post == "以下":
        return {"max": _num(a + step)} if inclusive_below else {"max": _num(a)}
    if post in ("及以下", "以内"):
        return {"max": _num(a + step)}
    if pre in ("不足", "不到", "少于", "低于"):
        return {"max": _num(a)}
    return None


def _num(value: float) -> int | float:
    return as_int_if_whole(round(value, 6))


def check_ladder(criteria: list[dict]) -> list[str]:
    """Gaps or overlaps between adjacent levels for the same metric, as review notes."""
    notes = []
    bounds: dict[str, dict[str, dict]] = {}
    for criterion in criteria:
        for cond in criterion["any"]:
            bounds.setdefault(cond["metric"], {})[criterion["level"]] = cond
    order = ["I", "II", "III", "IV"]
    for metric, per_level in bounds.items():
        for higher, lower in zip(order, order[1:]):
            hi, lo = per_level.get(higher), per_level.get(lower)
            if hi is None or lo is None or "min" not in hi or "max" not in lo:
                continue
            if lo["max"] != hi["min"]:
                kind = "重叠" if lo["max"] > hi["min"] else "空档"
                notes.append(f"grading: {metric} 在{LEVEL_NAMES[lower]}与{LEVEL_NAMES[higher]}"
                             f"之间有{kind}（{lo['max']} / {hi['min']}），请核对")
    return notes
