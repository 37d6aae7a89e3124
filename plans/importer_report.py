"""What a plan must contain, and whether an imported document does.

Government plans are checked against 突发事件应急预案管理办法 (国办发〔2024〕5号): §8 for
总体预案, §10 for 市县级专项/部门预案, §16 for 单位预案. Enterprise plans are also checked
against GB/T 29639-2020 (综合应急预案 + 专项应急预案 + 现场处置方案 + 附件).
An item counts as present when a heading names it ("heading") or, more weakly, when the
body text mentions it ("text"); only absent items are reported missing.
"""
from __future__ import annotations

import re

from plans.importer_structure import Section

GB_2024_5 = "国办发〔2024〕5号"
GB_T_29639 = "GB/T 29639-2020"

# (item, words that show it) per clause
MASTER_ITEMS = (  # §8
    ("总体要求", ("总体要求", "指导思想", "工作原则")),
    ("事件分类分级", ("分类分级", "事件分级", "分级标准")),
    ("预案体系构成", ("预案体系",)),
    ("组织指挥体系与职责", ("组织指挥体系", "组织机构", "指挥体系", "指挥机构")),
    ("风险防控", ("风险防控", "风险防范", "风险管控")),
    ("监测预警", ("监测", "预警")),
    ("处置救援", ("处置", "救援")),
    ("应急保障", ("应急保障", "保障")),
    ("恢复重建", ("恢复重建", "恢复与重建", "善后")),
    ("预案管理", ("预案管理", "预案演练", "预案修订", "评估与修订")),
)
LOCAL_ITEMS = (  # §10, 市县级专项和部门预案
    ("组织指挥机制", ("组织指挥", "指挥部", "指挥机构", "组织机构")),
    ("风险管控", ("风险管控", "风险防控", "风险防范", "隐患")),
    ("监测预警", ("监测", "预警")),
    ("信息报告", ("信息报告", "信息报送", "报告")),
    ("组织自救互救", ("自救互救", "自救", "互救")),
    ("应急处置措施", ("处置措施", "应急处置")),
    ("现场管控", ("现场管控", "现场管理", "现场指挥", "警戒", "交通管制")),
    ("队伍物资保障", ("队伍", "物资")),
)
UNIT_ITEMS = (  # §16, 单位应急预案
    ("应急响应责任人", ("责任人", "负责人", "总指挥")),
    ("风险隐患监测", ("风险", "隐患", "监测")),
    ("主要任务", ("主要任务", "职责", "任务")),
    ("信息报告", ("信息报告", "报告")),
    ("预警和应急响应", ("预警", "响应")),
    ("应急处置措施", ("处置措施", "应急处置")),
    ("人员疏散转移", ("疏散", "转移", "撤离")),
    ("应急资源调用", ("物资", "装备", "资源")),
)
ENTERPRISE_PARTS = (  # GB/T 29639-2020 §5–§8 and annexes
    ("综合应急预案", ("综合应急预案",)),
    ("专项应急预案", ("专项应急预案", "专项预案")),
    ("现场处置方案", ("现场处置方案", "处置方案")),
    ("附件", ("附件",)),
    ("应急组织机构及职责", ("组织机构", "职责")),
    ("应急物资装备清单", ("物资装备", "物资清单", "装备清单")),
    ("有关应急部门、机构或人员的联系方式", ("联系方式", "联系电话", "通讯录")),
    ("风险评估结果", ("风险评估",)),
    ("注意事项", ("注意事项",)),
)

_ENTERPRISE = re.compile(r"本单位|本公司|我公司|本企业|我单位|本厂|本院|本校|生产经营单位|有限公司|"
                         r"有限责任公司|股份公司|车间|厂区|班组")


def plan_kind(title: str, text: str) -> str:
    """master / special / department / enterprise as the wording suggests."""
    hits = len(_ENTERPRISE.findall(text))
    if re.search(r"有限公司|集团|厂|医院|学校|商场|酒店|车站|工地", title) or hits >= 5:
        return "enterprise"
    if "总体应急预案" in title or "总体预案" in title:
        return "master"
    if re.search(r"局|委|办|部门", title) and "专项" not in title:
        return "department"
    return "special"


def requirements(kind: str, sections: list[Section], text: str, title: str = "") -> list[dict]:
    """Every required item for this kind of plan, with where (if anywhere) it was found."""
    if kind == "master":
        groups = [(GB_2024_5 + " 第八条", MASTER_ITEMS)]
    elif kind == "enterprise":
        groups = [(GB_2024_5 + " 第十六条", UNIT_ITEMS), (GB_T_29639, ENTERPRISE_PARTS)]
    else:
        groups = [(GB_2024_5 + " 第十条", LOCAL_ITEMS)]
    headings = "\n".join([title] + [s.title for s in sections])
    result = []
    for source, items in groups:
        for item, words in items:
            found = ("heading" if any(w in headings for w in words)
                     else "text" if any(w in text for w in words) else None)
            result.append({"item": item, "source": source, "found": found})
    return result
