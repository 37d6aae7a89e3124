"""Response actions in plan text: who must do what, and by when.

A sentence is an action when it carries an obligation (应当 / 应 / 必须 / 负责 / 立即 …).
The department is the subject before that word when it looks like an organisation or role;
otherwise it is left as TODO-REVIEW for the plan author.
"""
from __future__ import annotations

import re

from plans.importer_numbers import deadline_minutes
from plans.importer_structure import Section

# Words containing 应 that carry no obligation.
_NOT_MODAL = re.compile(r"应急|应对|响应|供应|相应|对应|适应|反应|应用|呼应|应变|应征|应答|理应|须知|负责人|负责同志|负责的|负责调查|负责处置的")
_MODAL = re.compile(r"应当|应该|必须|负责|立即|第一时间|迅速|应|须")
_IMMEDIATE = re.compile(r"立即|第一时间|迅速|马上|即刻")
_SENTENCE = re.compile(r"(?<=[。；;！!])")
_ORG = re.compile(
    r"(部门|委员会|指挥部|指挥机构|办公室|管理局|人民政府|政府|党委|委|局|办|中心|支队|大队|中队|"
    r"队伍|救援队|队|公司|单位|街道|乡镇|乡|镇|医院|小组|工作组|专家组|组|所|站|部|处|科|室|"
    r"负责人|责任人|人员|值班员|同志|机构|机关|总指挥|副总指挥|指挥长|组长|主任|社区|村|居委会|物业|企业|学校|群众|公众|各地)$")
_LIST_MARK = re.compile(r"^(?:[（(][0-9一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百零]+条|\d+[.、])\s*")
_NOT_SUBJECT = re.compile(r"由|可以|向|对|将|把|在|如|按照|根据")
_PENALTY = re.compile(r"罚款|处分|追究.{0,6}责任|刑事|[的]$|[：:]$|下列")
_LEAD_IN = re.compile(r"^(由|并|同时|其中|另外|此外|必要时|原则上|情况紧急时|突发事件发生后|事发后)")
_LEVEL_HEADING = {"I": re.compile(r"一级|Ⅰ级|I级|特别重大"), "II": re.compile(r"二级|Ⅱ级|II级|(?<!特别)重大"),
                  "III": re.compile(r"三级|Ⅲ级|III级|较大"), "IV": re.compile(r"四级|Ⅳ级|IV级|一般")}
# Chapters whose obligations are standing duties, not steps taken in a response.
STANDING = {"总则", "预案管理", "附则", "应急保障", "组织指挥体系"}
MAX_ACTION_CHARS = 200


def _is_obligation(sentence: str) -> re.Match[str] | None:
    return _MODAL.search(_NOT_MODAL.sub(lambda m: "＿" * len(m.group(0)), sentence))


def subject_of(sentence: str, modal_at: int) -> str | None:
    """The organisation or role before the obligation word, or None if it is not one."""
    clauses = re.split(r"[，,：:。；;]", _LIST_MARK.sub("", sentence[:modal_at]))
    for candidate in (clauses[-1], clauses[0]):
        candidate = _LEAD_IN.sub("", _LIST_MARK.sub("", candidate.strip())).strip()
        candidate = re.sub(r"(接到.{0,12}后|接报后|获悉后|发生后|收到.{0,12}后|发现.{0,12}后)$", "",
                           candidate).strip()
        if 2 <= len(candidate) <= 30 and _ORG.search(candidate) \
                and not _NOT_SUBJECT.search(candidate):
            return candidate
    return None


def level_of(section: Section | None, heading_path: list[str]) -> str | None:
    """Response level an action belongs to, when its heading says so (四级响应 -> IV)."""
    for title in reversed(heading_path):
        if "响应" not in title and "级" not in title:
            continue
        for level, pattern in _LEVEL_HEADING.items():
            if pattern.search(title):
                return level
    return None


def extract_actions(sections: list[Section]) -> tuple[list[dict], list[str]]:
    """Actions from the response-related sections, and departments named with duties."""
    actions: list[dict] = []
    departments: list[str] = []
    path: dict[int, str] = {}
    for section in sections:
        depth = section.depth or 9
        path = {d: t for d, t in path.items() if d < depth}
        path[depth] = section.title
        level = level_of(section, [path[d] for d in sorted(path)])
        for line in section.body:
            for sentence in _SENTENCE.split(line.text):
                sentence = sentence.strip()
                m = _is_obligation(sentence) if len(sentence) >= 6 else None
                if m is None:
                    continue
                subject = subject_of(sentence, m.start())
                if subject and m.group(0) == "负责" and subject not in departments:
                    departments.append(subject)
                if section.chapter in STANDING or _PENALTY.search(sentence.rstrip("；;。")):
                    continue
                actions.append(_action(sentence, subject, level, section, line.no))
    return actions, departments


def _action(sentence: str, subject: str | None, level: str | None, section: Section,
            line_no: int) -> dict:
    """An action as found in the text; importer_draft turns it into a plan file's form."""
    return {
        "subject": subject,
        "action": sentence[:MAX_ACTION_CHARS],
        "deadline_minutes": deadline_minutes(sentence),
        "level": level,
        "immediate": bool(_IMMEDIATE.search(sentence)),
        "section": section.title,
        "line": line_no,
    }
