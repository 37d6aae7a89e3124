"""The draft plan an import produces, shaped like a schema-2 plan file (plans/schema.py).

Whatever the text did not settle is the string ``TODO-REVIEW`` in the field itself, so the
plan loader and linter reject the draft at exactly the spots an author must fill in, and
the ``review`` list says why in ``field: problem`` form.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from plans.importer_structure import Section
from plans.model import SCHEMA_VERSION
from plans.taxonomy import INCIDENT_TYPES

REVIEW = "TODO-REVIEW"
ALL_LEVELS = ["I", "II", "III", "IV"]
COLOURS = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}

try:  # the department registry of the plan core (resources/plans/departments/)
    from plans.registry import department_code as _department_code
except ImportError:  # pragma: no cover - only before the core's registry exists
    _department_code = None


def department_code(name: str, district: str | None = None) -> str | None:
    """The registry code of a department named in the text, or None if it is not listed."""
    if _department_code is None:
        return None
    try:
        return _department_code(name, district)
    except (KeyError, OSError):
        return None


def build_draft(path: Path, title: str, kind: str, text: str, sections: list[Section],
                criteria: list[dict], found_actions: list[dict], departments: list[str],
                notes: list[str], district: str = "110105") -> dict:
    """Assemble the schema-2 draft; appends per-field review notes to `notes`."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    codes = [(name, department_code(name, district)) for name in departments]
    lead = next((code for _, code in codes if code), None)
    draft: dict = {
        "schema": SCHEMA_VERSION,
        "id": REVIEW,
        "title": title or REVIEW,
        "tier": kind,
        "district": district,
        "issuing_body": REVIEW,
        "lead_department": lead or REVIEW,
        "supporting_departments": [c for _, c in codes if c and c != lead],
        "parents": [],
        "incident_types": [t.code for t in INCIDENT_TYPES if t.name.split("（")[0] in title],
        "version": REVIEW,
        "effective": _effective_date(text) or REVIEW,
        "review_by": REVIEW,
        "source": f"{path.name} (sha256 {digest[:16]})",
    }
    notes.append(f"tier: 按文字推断为 {kind}，请确认")
    if lead:
        lead_name = next(name for name, code in codes if code == lead)
        notes.append(f"lead_department: 取正文中第一个写明“负责”的部门“{lead_name}”（{lead}），请确认")
    unresolved = [name for name, code in codes if code is None]
    if unresolved:
        notes.append("supporting_departments: 以下部门不在部门名录中，请改为部门代码或删除：" + "、".join(unresolved))
    if not draft["incident_types"]:
        notes.append("incident_types: 未能从标题判断适用的事件类型，请填写")
    scope = next((s.text for s in sections if "适用范围" in s.title and s.text), "")
    if scope:
        draft["scope"] = scope
    if criteria:
        draft["grading"] = {"source": f"本预案（{draft.get('title') or '导入文件'}）分级标准",
                            "levels": {c["level"]: [{"when": [cond], "clause": f"第{c['line']}行"}
                                                    for cond in c["any"]] for c in criteria}}
        for c in criteria:
            notes.append(f"grading.{c['level']}: 摘自第{c['line']}行“{c['source_text'][:60]}”，请核对")
    warnings = _warning_levels(text)
    if warnings:
        draft["warning_levels"] = warnings
    command = _command(departments, found_actions)
    if command:
        draft["command"] = command
    draft["actions"] = [_action(i, a, notes) for i, a in enumerate(found_actions, start=1)]
    if kind == "enterprise":
        draft["site"] = {"lon": REVIEW, "lat": REVIEW, "address": REVIEW, "street": REVIEW}
        notes.append("site: 企事业单位预案须填写位置（坐标、地址、街乡）")
    if kind == "master":
        draft["district_command_levels"] = [REVIEW]
        notes.append("district_command_levels: 请填写需要区级统一指挥的响应级别")
    draft["sections"] = []
    used: set[str] = set()
    for i, s in enumerate(sections, start=1):
        sid = _section_id(s, i)
        sid = sid if sid not in used else f"{sid}-{i}"
        used.add(sid)
        draft["sections"].append({"id": sid, "title": s.title, "text": s.text})
    return draft


def _action(index: int, found: dict, notes: list[str]) -> dict:
    action: dict = {"id": f"a{index}",
                    "levels": [found["level"]] if found["level"] else [REVIEW],
                    "action": found["action"],
                    "deadline_minutes": found["deadline_minutes"] or REVIEW}
    code = department_code(found["subject"]) if found["subject"] else None
    if code:
        action["department"] = code
    else:
        action["role"] = found["subject"] or REVIEW
    where = f"actions[{index - 1}]"
    if found["level"] is None:
        notes.append(f"{where}.levels: 第{found['line']}行的措施未写明响应级别，请填写")
    if found["deadline_minutes"] is None:
        hint = "（原文要求立即执行）" if found["immediate"] else ""
        notes.append(f"{where}.deadline_minutes: 原文未写时限{hint}，请填写分钟数")
    if found["subject"] is None:
        notes.append(f"{where}.role: 第{found['line']}行未能识别责任部门，请填写部门代码或角色")
    return action


def _command(departments: list[str], actions: list[dict]) -> dict | None:
    names = departments + [a["subject"] for a in actions if a["subject"]]
    hq = next((n for n in names if re.search(r"指挥部|指挥机构|应急委", n)), None)
    groups = list(dict.fromkeys(n for n in names if n.endswith("组") and n != hq))
    if hq is None and not groups:
        return None
    return {"headquarters": hq or REVIEW,
            "groups": [{"name": g, "lead": REVIEW} for g in groups]}


def _warning_levels(text: str) -> dict[str, str]:
    out = {}
    for code, colour in COLOURS.items():
        m = re.search(rf"[^。\n]*{colour}预警[^。\n]*", text)
        if m:
            out[code] = m.group(0).strip()[:120]
    return out


def _section_id(section: Section, index: int) -> str:
    number = re.sub(r"[^0-9.]", "", section.number).strip(".")
    return number if number and re.match(r"^\d", number) else f"s{index}"


def _effective_date(text: str) -> str | None:
    m = re.search(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行", text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
