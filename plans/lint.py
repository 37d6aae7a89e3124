"""System-wide gaps in a plan set: what a plan manager should fix before the next drill.

Findings (kind):
  uncovered_type      an incident type no special plan covers
  review_overdue      a plan past its review date or 3 years since it took effect (国办发〔2024〕5号)
  dept_without_plan   a department that special/master plans mobilise but that has no department plan
  site_outside        an enterprise site outside the district (the loader also rejects it)
  site_street         an enterprise site whose street is not the street at its coordinates
  duplicate_site      two enterprise plans for one site (the loader keeps the first)
  dialable_phone      a demo (示例) plan with a phone number that could be dialled
  doc_number          a demo plan carrying a document number (文号) as if it were issued
  sample_unmarked     a plan whose source says it is generated or a demo, without `sample: true`
  todo_review         a TODO-REVIEW marker the importer left for a person to check
Findings are per district: each district's system is checked against its own departments,
streets and incident types (a type that cannot occur in a district is not a gap there).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np

from plans.library import PlanLibrary
from plans.registry import DISTRICTS, department_name, departments
from plans.taxonomy import INCIDENT_TYPES
from plans.validate import review_overdue

TODO_MARK = "TODO-REVIEW"
KINDS = {
    "uncovered_type": "事件类型无专项预案覆盖",
    "review_overdue": "预案超过评估期限",
    "dept_without_plan": "被调动部门无部门预案",
    "site_outside": "单位位置在辖区外",
    "site_street": "单位所在街乡与坐标不符",
    "duplicate_site": "同一单位有两份预案",
    "dialable_phone": "示例预案含可拨打的电话",
    "doc_number": "示例预案含文号",
    "sample_unmarked": "生成内容未标示例",
    "todo_review": "导入草稿待人工复核",
}
# Types that cannot occur in a district (no forest, no farmland…): not a gap in its system.
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "110101": {"forest_fire": "辖区无林区", "agri_pest": "辖区无农业生产", "drought": "辖区无农业灌溉",
               "forest_pest": "辖区无林区（公园绿地由园林部门日常养护）"},
    "110105": {},
}
# A number someone could dial: Beijing fixed lines (8 digits, first 2–9, optional 010), mobiles.
_DIALABLE = re.compile(r"^(?:\+?86[ -]?)?(?:010[ -]?)?[2-9]\d{3}[ -]?\d{4}$|^1[3-9]\d{9}$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号")
_GENERATED = ("示例", "演示", "生成")


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


def lint(lib: PlanLibrary, today: date | None = None, district: str | None = None) -> list[Finding]:
    """Every finding over the plans of `lib` (or of one district), grouped by kind in the order of KINDS."""
    today = today or date.today()
    everything = list(lib.plans.values())
    codes = [district] if district else lib.districts()
    out: list[Finding] = []
    for code in codes:
        out.extend(_district_findings(code, [p for p in everything if p.district == code], today))
    for e in lib.errors:
        if e.field == "site" and "不在" in e.message:
            out.append(Finding("site_outside", e.message, None, e.file, e.line))
        elif e.field == "site" and "同一地点" in e.message:
            out.append(Finding("duplicate_site", e.message, None, e.file, e.line))
    for p in sorted(everything, key=lambda p: p.file):
        if district is None or p.district == district:
            out.extend(_sample_findings(p))
    out.extend(_todo_markers(lib))
    order = list(KINDS)
    return sorted(out, key=lambda f: order.index(f.kind))


def _district_findings(code: str, plans: list, today: date) -> list[Finding]:
    out: list[Finding] = []
    name = DISTRICTS[code].name
    covered = {t for p in plans if p.tier == "special" for t in p.incident_types}
    skip = NOT_APPLICABLE.get(code, {})
    for t in INCIDENT_TYPES:
        if t.code not in covered and t.code not in skip:
            out.append(Finding("uncovered_type", f"{name}：{t.name}（{t.code}）没有专项预案；应编制专项预案或在现有专项预案中列出"))
    for p in sorted(plans, key=lambda p: p.file):
        if review_overdue(p, today):
            out.append(Finding("review_overdue", f"《{p.title}》{p.effective} 生效，评估日期 {p.review_by} 已过；"
                                                 "应组织评估并修订（至少每 3 年一次）", p.id, p.file))
    with_plan = {p.lead_department for p in plans if p.tier == "department"}
    registry = departments(code)
    mobilised: dict[str, str] = {}
    for p in plans:
        if p.tier in ("special", "master"):
            for a in p.actions:
                if a.department and a.department not in mobilised:
                    mobilised[a.department] = p.id
    for dep, by in sorted(mobilised.items()):
        if dep not in with_plan and not (dep in registry and registry[dep].no_plan):
            dname = department_name(dep, code)
            who = name + dname[1:] if dname.startswith("区") else f"{name}{dname}"
            title = next(p.title for p in plans if p.id == by)
            out.append(Finding("dept_without_plan", f"{who}（{dep}）在《{title}》等预案中"
                                                    "承担处置任务，但没有部门应急预案；应编制部门预案", by))
    out.extend(_street_mismatches(code, [p for p in plans if p.site is not None]))
    return out


def _sample_findings(p) -> list[Finding]:
    out = []
    if p.sample:
        for c in p.contacts:
            if _DIALABLE.match(c.phone.strip()):
                out.append(Finding("dialable_phone", f"《{p.title}》联系人 {c.role} 的电话 {c.phone} 可以拨通；示例数据应使用"
                                                     "虚构格式（如 010-0000 0001）", p.id, p.file))
        texts = [p.version, p.source, p.title, *(s.text for s in p.sections)]
        for t in texts:
            m = _DOC_NUMBER.search(t)
            if m:
                out.append(Finding("doc_number", f"《{p.title}》写有文号 {m.group(0)}，但内容是示例；应删除文号，"
                                                 "文号只属于真实印发的文件", p.id, p.file))
                break
    elif any(w in p.source for w in _GENERATED):
        out.append(Finding("sample_unmarked", f"《{p.title}》的来源说明是生成或演示内容，但没有 sample: true；"
                                              "应加上 sample: true，使它处处显示为示例", p.id, p.file))
    return out


def _street_mismatches(code: str, sited: list) -> list[Finding]:
    if not sited:
        return []
    from maps.places import street_of_points
    names = street_of_points(code, np.array([p.site.lon for p in sited]),
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
