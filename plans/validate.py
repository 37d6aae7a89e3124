"""Checks beyond the schema: registries, grading consistency, sites, and cross-file rules.

Per-file checks return (path, message) pairs that the loader turns into `file:line` errors;
cross-file checks (duplicate ids, unknown parents, parent cycles, sites outside the district)
run over the plans that passed, and ask a LineFinder for lines only when something is wrong.
"""
from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Callable

from plans import schema
from plans.model import WARNING_COLOURS, Plan, PlanError
from plans.registry import DISTRICTS, METRICS, departments, format_amount



def _dept_problem(code: Any, district: str, path: tuple, out: list) -> None:
    if isinstance(code, str) and code not in departments(district):
        name = DISTRICTS[district].name
        out.append((path, f"未知部门 {code!r}（{name}没有此部门）；应为 departments/{district}.yaml 中{name}的部门代码"
                          f"（如 emergency 区应急局、fire_rescue 区消防救援支队）"))


def check_plan_data(d: dict) -> list[tuple[tuple, str]]:
    """Schema problems, then (if the shape is right) registry and consistency problems."""
    out = schema.check_fast(d)
    if out:
        return out
    dist = d["district"]
    _dept_problem(d["lead_department"], dist, ("lead_department",), out)
    for i, c in enumerate(d.get("supporting_departments", ())):
        _dept_problem(c, dist, ("supporting_departments", i), out)
    for i, g in enumerate((d.get("command") or {}).get("groups", ())):
        _dept_problem(g["lead"], dist, ("command", "groups", i, "lead"), out)
        for j, m in enumerate(g.get("members", ())):
            _dept_problem(m, dist, ("command", "groups", i, "members", j), out)
    seen: dict[str, int] = {}
    for i, a in enumerate(d.get("actions", ())):
        if "department" in a:
            _dept_problem(a["department"], dist, ("actions", i, "department"), out)
        elif "role" not in a:
            out.append((("actions", i), "既无 department 也无 role；应写明负责的部门代码或角色"))
        if a["id"] in seen:
            out.append((("actions", i, "id"), f"动作编号 {a['id']!r} 与第 {seen[a['id']] + 1} 个动作重复；"
                                              "应在本预案内唯一（任务编号由它生成）"))
        seen.setdefault(a["id"], i)
    for key in ("effective", "review_by"):
        try:
            date.fromisoformat(d[key])
        except ValueError:
            out.append(((key,), f"不是有效日期 {d[key]!r}；应为真实存在的日期 YYYY-MM-DD"))
    if not out and d["review_by"] <= d["effective"]:
        out.append((("review_by",), f"评估日期 {d['review_by']} 不晚于生效日期 {d['effective']}；"
                                    "应在生效之后（至少每 3 年评估一次）"))
    if d["tier"] == "special" and not d["incident_types"]:
        out.append((("incident_types",), "专项预案未列出事件类型；应至少列出一个类型代码"))
    out.extend(check_grading(d.get("grading") or {}, d.get("district", "")))
    out.extend(check_warnings(d.get("warning_criteria") or {}))
    return out


_WARN_LOW_TO_HIGH = ("blue", "yellow", "orange", "red")


def check_grading(grading: dict, district: str = "") -> list[tuple[tuple, str]]:
    """Each condition has a bound (min < max) or a list of values the fact can take; a referred
    rule names an authority the district knows. Gaps between levels are the documents' own
    (e.g. 食物中毒 30—99人 and 超过100人): the labelled cases test them, not this check."""
    out: list[tuple[tuple, str]] = []
    if (grading.get("referred") or grading.get("judgement")) and district in DISTRICTS \
            and grading.get("authority") not in departments(district) and not grading.get("authority_name"):
        out.append((("grading", "authority"), f"未知部门 {grading.get('authority')!r}；应为 departments/"
                                              f"{district}.yaml 中的部门代码"))
    for lv, crs in (grading.get("levels") or {}).items():
        for i, cr in enumerate(crs):
            for j, c in enumerate(cr["when"]):
                path = ("grading", "levels", lv, i, "when", j)
                m = METRICS[c["metric"]]
                bounds = [k for k in ("min", "above", "max", "upto") if c.get(k) is not None]
                if m.kind == "choice":
                    if not c.get("one_of"):
                        out.append((path, f"{m.name} 是选择项；应给出 one_of（如 {'、'.join(m.choices[:3])}）"))
                    elif bad := [v for v in c["one_of"] if v not in m.choices]:
                        out.append((path + ("one_of",), f"{m.name} 没有取值 {'、'.join(map(str, bad))}；"
                                                        f"应为 {'、'.join(m.choices)} 之一"))
                    continue
                if not bounds:
                    out.append((path, f"{m.name} 既无下限（min/above）也无上限（max/upto）；应至少给出一个界限"))
                    continue
                lo = c.get("min") if c.get("min") is not None else c.get("above")
                hi = c.get("max") if c.get("max") is not None else c.get("upto")
                if ("min" in bounds and "above" in bounds) or ("max" in bounds and "upto" in bounds):
                    out.append((path, f"{m.name} 同时给出两个下限或两个上限；每边只应有一个"))
                elif lo is not None and hi is not None and lo >= hi:
                    out.append((path, f"{m.name} 上限 {hi:g} 不大于下限 {lo:g}；应下限 < 上限"))
    return out


def check_warnings(criteria: dict[str, list[dict]]) -> list[tuple[tuple, str]]:
    """Warning colours follow the same rule, blue < yellow < orange < red."""
    return check_ladder(criteria, "warning_criteria", _WARN_LOW_TO_HIGH, lambda c: WARNING_COLOURS[c])


def check_ladder(ladder: dict[str, list[dict]], key: str, order: tuple[str, ...],
                 label: Callable[[str], str]) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    by_metric: dict[str, list[tuple[str, int, dict]]] = {}
    for lv in order:
        per_level: set[str] = set()
        for i, c in enumerate(ladder.get(lv, ())):
            m = c["metric"]
            lo, hi = c.get("min"), c.get("max")
            if lo is None and hi is None:
                out.append(((key, lv, i), f"{m} 既无 min 也无 max；应至少给出一个界限"))
                continue
            if lo is not None and hi is not None and lo >= hi:
                out.append(((key, lv, i, "max"), f"max {hi} 不大于 min {lo}；应 min < max"
                                                 "（下限含本数，上限不含）"))
                continue
            if m in per_level:
                out.append(((key, lv, i, "metric"), f"{m} 在 {label(lv)} 出现两次；每级每个指标只应有一个区间"))
                continue
            per_level.add(m)
            by_metric.setdefault(m, []).append((lv, i, c))
    for m, seq in by_metric.items():
        name = METRICS[m].name
        for (lv_lo, _, lo), (lv_hi, j, hi) in zip(seq, seq[1:]):
            skipped = order[order.index(lv_lo) + 1:order.index(lv_hi)]
            lo_max, hi_min = lo.get("max"), hi.get("min") or 0
            path = (key, lv_hi, j, "min")
            a, b = label(lv_lo), label(lv_hi)
            if skipped:
                out.append((path, f"{name} 在 {a} 和 {b} 有区间，但 {'/'.join(map(label, skipped))} 没有，"
                                  "中间出现空档；应为每个中间级别给出区间"))
            elif lo_max is None:
                out.append((path, f"{name} 的 {a} 区间无上限，与 {b}（{_fmt(m, hi_min)} 起）重叠；"
                                  f"应为 {a} 设 max: {hi_min:g}"))
            elif hi_min < lo_max:
                out.append((path, f"{name} 的 {b} 下限 {_fmt(m, hi_min)} 低于 {a} 上限 "
                                  f"{_fmt(m, lo_max)}，两级重叠；应为 min: {lo_max:g}"))
            elif hi_min > lo_max:
                out.append((path, f"{name} 在 {_fmt(m, lo_max)} 到 {_fmt(m, hi_min)} 之间不属于任何级别"
                                  f"（{a} 上限与 {b} 下限之间有空档）；应为 min: {lo_max:g}"))
        top_lv, top_i, top = seq[-1]
        if top.get("max") is not None:
            out.append(((key, top_lv, top_i, "max"),
                        f"{name} 最高一级（{label(top_lv)}）有上限 {_fmt(m, top['max'])}，"
                        "更大的值不属于任何级别；应删除 max"))
    return out


def _fmt(metric: str, v: float) -> str:
    return format_amount(metric, v)


@cache
def _district(adcode: str):
    from maps.districts import load_district
    return load_district(adcode)


@cache
def district_streets(adcode: str) -> frozenset[str]:
    from maps.districts import streets
    return frozenset(s["name"] for s in streets(adcode))


def sites_inside(lon, lat, adcode: str):
    """Which points lie inside the district's boundary (vectorised)."""
    return _district(adcode).contains(lon, lat)


def check_sites(plans: list[Plan], line_for: Callable[[str, tuple], int]) -> list[PlanError]:
    """Enterprise sites must lie inside the plan's own district and name one of its streets;
    no two plans may claim the same site (one unit, one plan)."""
    sited = [p for p in plans if p.site is not None]
    if not sited:
        return []
    import numpy as np
    out = []
    for adcode in sorted({p.district for p in sited}):
        mine = [p for p in sited if p.district == adcode]
        inside = sites_inside(np.array([p.site.lon for p in mine]), np.array([p.site.lat for p in mine]), adcode)
        names = district_streets(adcode)
        dname = DISTRICTS[adcode].name
        x0, y0, x1, y1 = _district(adcode).bbox
        for p, ok in zip(mine, inside):
            if not ok:
                out.append(PlanError(p.file, line_for(p.file, ("site", "lon")), "site",
                                     f"位置 ({p.site.lon:.5f}, {p.site.lat:.5f}) 不在{dname}范围内；应为辖区内的 "
                                     f"WGS84 经纬度（lon 约 {x0:.2f}–{x1:.2f}，lat 约 {y0:.2f}–{y1:.2f}），"
                                     "或把 district 改为单位所在的区"))
            elif p.site.street not in names:
                example = "、".join(sorted(names)[:2])
                out.append(PlanError(p.file, line_for(p.file, ("site", "street")), "site.street",
                                     f"未知街乡 {p.site.street!r}；应为{dname} {len(names)} 个街乡之一（如 {example}）"))
    bad = {e.file for e in out}
    first: dict[tuple, Plan] = {}
    for p in sorted(sited, key=lambda p: p.file):
        if p.file in bad:
            continue
        key = (p.district, p.site.address, round(p.site.lon, 5), round(p.site.lat, 5))
        if key in first:
            out.append(PlanError(p.file, line_for(p.file, ("site",)), "site",
                                 f"与 {first[key].file}（{first[key].title}）是同一地点 {p.site.address}；"
                                 "一个单位只应有一份企事业单位预案：合并为一份，或更正地址和坐标"))
        else:
            first[key] = p
    return out


def cross_check(plans: list[Plan], line_for: Callable[[str, tuple], int], broken: set[str] = frozenset()
                ) -> tuple[dict[str, Plan], list[PlanError], list[tuple[str, str]]]:
    """Duplicate ids, unknown parents and parent cycles. Returns (kept, errors, rejected files).

    `broken` holds ids of plans whose own files were rejected: their children are not blamed
    for a missing parent, the parent's file already carries the error.
    """
    errors: list[PlanError] = []
    rejected: list[tuple[str, str]] = []
    kept: dict[str, Plan] = {}
    for p in sorted(plans, key=lambda p: p.file):
        if p.id in kept:
            msg = f"预案编号 {p.id!r} 已被 {kept[p.id].file} 使用；应为全局唯一的编号"
            errors.append(PlanError(p.file, line_for(p.file, ("id",)), "id", msg))
            rejected.append((p.file, msg))
        else:
            kept[p.id] = p
    for p in list(kept.values()):
        for i, parent in enumerate(p.parents):
            if parent not in kept and parent not in broken:
                errors.append(PlanError(p.file, line_for(p.file, ("parents", i)), f"parents[{i}]",
                                        f"上级预案 {parent!r} 不存在；应为已加载预案的编号（如 chaoyang-master）"))
    # cycles: depth-first over parent links among known plans
    state: dict[str, int] = {}
    for start in kept:
        if state.get(start):
            continue
        stack = [(start, iter(kept[start].parents))]
        trail = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next((q for q in it if q in kept), None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                trail.pop()
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt):] + [nxt]
                for pid in set(cycle[:-1]):
                    p = kept[pid]
                    idx = next(i for i, q in enumerate(p.parents) if q in cycle)
                    errors.append(PlanError(p.file, line_for(p.file, ("parents", idx)), f"parents[{idx}]",
                                            "上级预案形成循环: " + " → ".join(cycle)
                                            + "；应为树状层级（总体 → 专项 → 部门 → 单位）"))
                continue
            if not state.get(nxt):
                state[nxt] = 1
                trail.append(nxt)
                stack.append((nxt, iter(kept[nxt].parents)))
    cyc_files = {e.file for e in errors if "循环" in e.message}
    for pid in [pid for pid, p in kept.items() if p.file in cyc_files]:
        rejected.append((kept[pid].file, "上级预案形成循环"))
        del kept[pid]
    return kept, errors, rejected


def review_overdue(plan: Plan, today: date, years: int = 3) -> bool:
    """True when the plan is past its review date or older than `years` since it took effect."""
    eff = date.fromisoformat(plan.effective)
    try:
        limit = eff.replace(year=eff.year + years)
    except ValueError:   # 29 February
        limit = eff.replace(year=eff.year + years, day=28)
    return today >= min(limit, date.fromisoformat(plan.review_by))
