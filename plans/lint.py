"""System-wide gaps in a plan set: what a plan manager should fix before the next drill.

Findings (kind):
  uncovered_type      an incident type no special plan covers
  review_overdue      a plan past its review date or 3 years since it took effect (国办发〔2024〕5号)
  dept_without_plan   a department that special/master plans mobilise but that has no department plan
  site_outside        an enterprise site outside the district (the loader also rejects it)
  site_street         an enterprise site whose street is not the street at its coordinates
  todo_review         a TODO-REVIEW marker the importer left for a person to check
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import numpy as np

from plans.library import PlanLibrary
from plans.registry import department_name
from plans.taxonomy import INCIDENT_TYPES
from plans.validate import DISTRICT_ADCODE, review_overdue

TODO_MARK = "TODO-REVIEW"
KINDS = {
    "uncovered_type": "事件类型无专项预案覆盖",
    "review_overdue": "预案超过评估期限",
    "dept_without_plan": "被调动部门无部门预案",
    "site_outside": "单位位置在辖区外",
    "site_street": "单位所在街乡与坐标不符",
    "todo_review": "导入草稿待人工复核",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    message: str
    plan_id: str | None = None
    file: str | None = None
    line: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}[{KINDS[self.kind]}] {self.message}"


def lint(lib: PlanLibrary, today: date | None = None) -> list[Finding]:
    """Every finding over the plans of `lib`, grouped by kind in the order of KINDS."""
    today = today or date.today()
    plans = list(lib.plans.values())
    out: list[Finding] = []
    covered = {t for p in plans if p.tier == "special" for t in p.incident_types}
    for t in INCIDENT_TYPES:
        if t.code not in covered:
            out.append(Finding("uncovered_type", f"{t.name}（{t.code}）没有专项预案；应编制专项预案或在现有专项预案中列出"))
    for p in sorted(plans, key=lambda p: p.file):
        if review_overdue(p, today):
            out.append(Finding("review_overdue", f"《{p.title}》{p.effective} 生效，评估日期 {p.review_by} 已过；"
                                                 "应组织评估并修订（至少每 3 年一次）", p.id, p.file))
    with_plan = {p.lead_department for p in plans if p.tier == "department"}
    mobilised: dict[str, str] = {}
    for p in plans:
        if p.tier in ("special", "master"):
            for a in p.actions:
                if a.department and a.department not in mobilised:
                    mobilised[a.department] = p.id
    for dep, by in sorted(mobilised.items()):
        if dep not in with_plan:
            out.append(Finding("dept_without_plan", f"{department_name(dep)}（{dep}）在 {by} 等预案中承担处置任务，"
                                                    "但没有部门应急预案；应编制部门预案", by))
    for e in lib.errors:
        if e.field == "site" and "不在" in e.message:
            out.append(Finding("site_outside", e.message, None, e.file, e.line))
    out.extend(_street_mismatches([p for p in plans if p.site is not None]))
    out.extend(_todo_markers(lib))
    order = list(KINDS)
    return sorted(out, key=lambda f: order.index(f.kind))


def _street_mismatches(sited: list) -> list[Finding]:
    if not sited:
        return []
    from maps.places import street_of_points
    names = street_of_points(DISTRICT_ADCODE, np.array([p.site.lon for p in sited]),
                             np.array([p.site.lat for p in sited]))
    return [Finding("site_street", f"《{p.title}》写的是 {p.site.street}，坐标位于 {n}；应核对地址或坐标", p.id, p.file)
            for p, n in zip(sited, names) if n != p.site.street]


def _todo_markers(lib: PlanLibrary) -> list[Finding]:
    out = []
    for path in sorted(lib.plans_dir.rglob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if TODO_MARK not in text:
            continue
        rel = path.relative_to(lib.plans_dir).as_posix()
        for n, line in enumerate(text.splitlines(), 1):
            if TODO_MARK in line:
                out.append(Finding("todo_review", f"待复核: {line.strip()[:80]}；应由预案管理人员核实后删除标记",
                                   None, rel, n))
    return out
