"""Deterministic generator of the demo plan corpus of both districts: 1+41+144+N each.

    python -m plans.corpus --out resources/plans                 # the shipped corpus
    python -m plans.corpus --enterprises 10000 --out /tmp/plans  # benchmark scale (朝阳's N)

The same seed always writes byte-identical files. Every generated plan carries `sample: true`
and is shown as 示例 wherever it appears: the structure and names are real (special-plan
lists, departments, streets, boundaries; see resources/plans/SOURCE.md), the bodies are
invented. Phone numbers have the visibly fictitious form 010-0000 0NNN (no Beijing number
starts with 0) and no plan carries a real document number.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

from plans import corpus_dongcheng as dc
from plans.corpus_data import (ALL, CHAPTERS, DEFAULT_SITE_ACTIONS, DUTIES, SITE_ACTIONS,
                               SITE_TYPES, SPECIAL, TYPE_ACTIONS, UP_II, UP_III, WARNINGS)
from plans.corpus_duties import duties_for
from plans.model import LEVEL_NAMES, SCHEMA_VERSION
from plans.registry import DISTRICTS, SITE_KINDS, departments
from plans.taxonomy import incident_type

SEED = 20261121
DEPARTMENT_PLANS = 144
SAMPLE = "示例"


@dataclass(frozen=True)
class Profile:
    """What differs between the districts' generated systems."""
    code: str
    special: list
    master_sections: list
    enterprises: int                       # N shipped
    site_weights: dict = field(default_factory=dict)   # override SITE_TYPES weights
    street_plans: bool = False              # a department plan for each 街道 (东城)

    @property
    def name(self) -> str:
        return DISTRICTS[self.code].name

    @property
    def short(self) -> str:
        return self.name.removesuffix("区")

    @property
    def slug(self) -> str:
        return DISTRICTS[self.code].slug

    @property
    def master_id(self) -> str:
        return f"{self.slug}-master"


PROFILES: dict[str, Profile] = {
    "110105": Profile("110105", SPECIAL, dc.MASTER_SECTIONS_CHAOYANG, 360,
                      {"heritage_site": 1, "courtyard": 1}),
    "110101": Profile("110101", dc.SPECIAL, dc.MASTER_SECTIONS, 120,
                      {"hazchem_site": 0, "gas_station": 1, "underpass": 2, "construction_site": 5,
                       "data_centre": 1, "heritage_site": 10, "courtyard": 14, "hotel": 10},
                      street_plans=True),
}


def source_text(pr: Profile) -> str:
    return (f"{SAMPLE}：演示用生成内容，非{pr.name}正式预案。预案名称、牵头部门和章节结构参照公开资料"
            "（见 resources/plans/SOURCE.md），正文为虚构")


class Phones:
    """Visibly fictitious duty numbers, 010-0000 0001 upwards: unique, never dialable."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"010-0000 {self.n:04d}"


def special_ids(pr: Profile) -> dict[int, str]:
    """Row number -> plan id: by the first incident type, the row number where two share one."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for row in pr.special:
        base = "disaster_relief" if len(row[3]) > 3 else row[3][0]
        pid = f"{pr.slug}-special-{base}"
        if pid in taken:
            pid = f"{pr.slug}-special-{base}-{row[0]:02d}"
        taken.add(pid)
        out[row[0]] = pid
    return out


def _dates(rng: random.Random, start: date, span_days: int) -> tuple[str, str]:
    eff = start + timedelta(days=rng.randint(0, span_days))
    return eff.isoformat(), eff.replace(year=eff.year + 3).isoformat() if not (eff.month == 2 and eff.day == 29) \
        else date(eff.year + 3, 2, 28).isoformat()


def _dn(code: str, district: str) -> str:
    return departments(district)[code].name


class Yuan(float):
    """A money bound, written 5.0e+07 rather than 50000000: eight bare digits read like a
    Beijing telephone number, and demo files must hold nothing that looks dialable."""


def _yuan_yaml(dumper: yaml.Dumper, v: Yuan) -> yaml.ScalarNode:
    text = f"{v:.1e}" if float(f"{v:.1e}") == v else f"{v:.6e}"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


class _Dumper(yaml.CSafeDumper):
    pass


_Dumper.add_representer(Yuan, _yuan_yaml)


def _grading(type_code: str) -> dict:
    """The rule that grades a type (resources/grading/rules.yaml), as the plan file carries it."""
    from plans.grading import rule_for
    from plans.registry import METRICS
    d = rule_for(type_code).to_dict()
    for crs in (d.get("levels") or {}).values():
        for cr in crs:
            for c in cr["when"]:
                if METRICS[c["metric"]].kind == "money":
                    c.update({k: Yuan(c[k]) for k in ("min", "above", "max", "upto") if k in c})
    return d


def _warnings(code: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for ladder in WARNINGS[code]:
        for colour in ("red", "orange", "yellow", "blue"):
            if colour in ladder:
                out.setdefault(colour, []).append(dict(ladder[colour]))
    return out


def _sections(pr: Profile, type_name: str, lead: str) -> list[dict]:
    lead_name = _dn(lead, pr.code)
    texts = {
        "总则": f"为规范和指导{pr.name}{type_name}应对工作，最大程度减少人员伤亡和财产损失，依据《中华人民共和国突发事件应对法》"
              f"《突发事件应急预案管理办法》和《北京市{pr.name}突发事件总体应急预案》，制定本预案（{SAMPLE}）。",
        "组织指挥体系": f"区应急委统一领导{type_name}应对工作，{lead_name}牵头，设立现场指挥部，下设综合协调组、抢险救援组、"
                  "医疗救治组、治安交通组、宣传报道组、后勤保障组。",
        "监测预警": "预警级别由低到高分为蓝色、黄色、橙色、红色。各成员单位加强监测，发现险情及时报告区应急局，"
                "预警信息通过广播、电视、短信和网格员逐户通知。",
        "应急响应": "响应分为四级。事发地街道立即开展先期处置；区应急局接报后30分钟内向区委、区政府电话报告，1小时内书面报告；"
                "较大以上事件成立现场指挥部，重大以上事件启动区级总体应急预案并报告市应急局。",
        "后期处置": "做好善后处置、调查评估和恢复重建，受灾群众妥善安置，事件调查报告报区政府。",
        "应急保障": "区财政局保障应急资金，区应急局统筹救援队伍和物资储备，通信运营企业保障应急通信。",
        "附则": f"本预案由{lead_name}负责解释，自印发之日起施行，至少每3年评估一次。",
    }
    return [{"id": f"ch{i + 1}", "title": t, "text": texts[t]} for i, t in enumerate(CHAPTERS)]


def _tname(title: str, pr: Profile) -> str:
    return title.removeprefix(pr.name).removesuffix("应急预案").removesuffix("应急救援预案")


def _special(row: tuple, pr: Profile, pid: str, own_plans: set[str], rng: random.Random, phone: Phones) -> dict:
    """One special plan. Departments with a plan of their own for this special plan get their
    tasks from it (corpus_duties); the special plan names only the others' share."""
    no, category, title, types, lead, supporting, _grading_key, res = row
    tname = _tname(title, pr)
    actions = [
        {"id": "a01", "levels": ALL, "role": "事发地街道", "action": "立即组织先期处置，控制现场，疏散转移受威胁群众，并向区应急局报告",
         "deadline_minutes": 15},
        {"id": "a02", "levels": ALL, "department": "emergency", "action": "接报后30分钟内向区委、区政府电话报告，1小时内书面报告",
         "deadline_minutes": 30},
        {"id": "a03", "levels": ALL, "department": lead, "action": f"赶赴现场核实{tname}情况，组织开展处置",
         "deadline_minutes": 30},
    ]
    deps = departments(pr.code)
    for k, (dep, text, minutes, lv) in enumerate(TYPE_ACTIONS.get(types[0], ())):
        if dep in deps and dep not in own_plans:
            actions.append({"id": f"t{k + 1:02d}", "levels": lv, "department": dep, "action": text,
                            "deadline_minutes": minutes})
    for k, dep in enumerate(supporting):
        if dep not in own_plans:
            actions.append({"id": f"s{k + 1:02d}", "levels": ALL if k < 2 else UP_III, "department": dep,
                            "action": DUTIES.get(dep, f"按照职责做好{tname}应对保障工作"),
                            "deadline_minutes": 60 if k >= 2 else 30})
    actions += [
        {"id": "a10", "levels": UP_III, "department": lead, "action": f"牵头成立现场指挥部，统一指挥{tname}处置",
         "deadline_minutes": 60},
        {"id": "a11", "levels": UP_III, "department": "publicity", "action": "组织发布事件信息，回应社会关切",
         "deadline_minutes": 300},
        {"id": "a12", "levels": UP_II, "department": "district_gov",
         "action": "区政府主要领导赶赴现场，启动区级总体应急预案，成立区应急指挥部", "deadline_minutes": 60},
        {"id": "a13", "levels": UP_II, "department": "emergency", "action": "向市应急局、市政府报告，请求市级支援",
         "deadline_minutes": 30},
        {"id": "a14", "levels": UP_II, "department": "publicity", "action": "5小时内发布权威信息，24小时内举行新闻发布会",
         "deadline_minutes": 300},
        {"id": "a15", "levels": ["I"], "department": "district_gov", "action": "配合市级现场指挥部开展处置，落实市级指令",
         "deadline_minutes": 120},
    ]
    resources = []
    for kind, (base, extra) in res.items():
        resources.append({"kind": kind, "count": base, "levels": ALL})
        resources.append({"kind": kind, "count": extra, "levels": UP_III})
    groups = [{"name": "综合协调组", "lead": "emergency", "members": [lead], "duties": "信息汇总、综合协调和督促检查"},
              {"name": "抢险救援组", "lead": supporting[0] if supporting else lead,
               "members": supporting[1:3], "duties": "现场抢险救援"}]
    eff, rev = _dates(rng, date(2023, 12, 1), 900)
    wkey = types[0] if types[0] in WARNINGS and len(types) <= 3 else None
    return {
        "schema": SCHEMA_VERSION, "id": pid, "title": title, "tier": "special", "district": pr.code, "sample": True,
        "issuing_body": f"{pr.name}人民政府办公室", "lead_department": lead,
        "supporting_departments": [s for s in supporting if s != lead],
        "parents": [pr.master_id], "incident_types": types,
        "version": f"{eff[:4]}版（{SAMPLE}）", "effective": eff, "review_by": rev, "source": source_text(pr),
        "scope": f"适用于{pr.name}行政区域内{tname}的预防和应对工作（{category}类）。",
        "grading": _grading(types[0]),
        "warning_levels": {c: f"{cn}预警：预计可能发生{LEVEL_NAMES[lv]}{tname}" for c, cn, lv in
                           (("red", "红色", "I"), ("orange", "橙色", "II"), ("yellow", "黄色", "III"),
                            ("blue", "蓝色", "IV"))},
        **({"warning_criteria": _warnings(wkey)} if wkey else {}),
        "command": {"headquarters": f"{pr.name}{tname}应急指挥部（总指挥由分管副区长担任，办公室设在{_dn(lead, pr.code)}）",
                    "groups": groups},
        "actions": actions, "resources": resources,
        "contacts": [{"role": f"{_dn(lead, pr.code)}值班室（{SAMPLE}）", "phone": phone()},
                     {"role": f"区应急局总值班室（{SAMPLE}）", "phone": phone()}],
        "sections": _sections(pr, tname, lead),
    }


def _master(pr: Profile, phone: Phones) -> dict:
    groups = [{"name": "综合协调组", "lead": "emergency", "duties": "信息汇总和综合协调"},
              {"name": "新闻宣传组", "lead": "publicity", "duties": "信息发布和舆论引导"},
              {"name": "治安保卫组", "lead": "police", "duties": "现场警戒和治安维护"},
              {"name": "医疗救治组", "lead": "health", "duties": "伤员救治和卫生防疫"}]
    sections = []
    for i, (title, text) in enumerate(pr.master_sections):
        num = title.split(" ")[0] if title[:1].isdigit() else str(i + 1)
        sections.append({"id": "ch" + num.replace(".", "-"), "title": title, "text": text})
    return {
        "schema": SCHEMA_VERSION, "id": pr.master_id, "title": f"{pr.name}突发事件总体应急预案", "tier": "master",
        "district": pr.code, "sample": True,
        "issuing_body": f"北京市{pr.name}人民政府", "lead_department": "emergency_committee",
        "supporting_departments": ["emergency", "district_gov", "publicity", "police", "health", "fire_rescue"],
        "parents": [], "incident_types": [], "version": f"{SAMPLE}版",
        "effective": "2024-05-06", "review_by": "2027-05-06",
        "source": source_text(pr),
        "scope": f"适用于{pr.name}行政区域内自然灾害、事故灾难、公共卫生事件和社会安全事件的应对工作。",
        "district_command_levels": ["I", "II"],
        "warning_levels": {"red": "一级（红色）预警：可能发生特别重大突发事件", "orange": "二级（橙色）预警：可能发生重大突发事件",
                           "yellow": "三级（黄色）预警：可能发生较大突发事件", "blue": "四级（蓝色）预警：可能发生一般突发事件"},
        "command": {"headquarters": f"{pr.name}突发事件应急委员会（区应急委），主任由区长担任", "groups": groups},
        "actions": [
            {"id": "m01", "levels": UP_II, "department": "district_gov",
             "action": "区委、区政府主要领导赶赴现场，成立区突发事件应急指挥部，统一指挥处置", "deadline_minutes": 60},
            {"id": "m02", "levels": UP_II, "department": "emergency",
             "action": "事发后30分钟内电话报告、1小时内书面报告市委、市政府和市应急局", "deadline_minutes": 30},
            {"id": "m03", "levels": UP_II, "department": "emergency_committee",
             "action": "召开区应急委会议，调度各成员单位和街道力量", "deadline_minutes": 120},
            {"id": "m04", "levels": UP_II, "department": "finance", "action": "启动应急资金快速拨付程序",
             "deadline_minutes": 240},
        ],
        "contacts": [{"role": f"区应急局总值班室（{SAMPLE}）", "phone": phone()}],
        "sections": sections,
    }


def _department_pairs(pr: Profile) -> list[tuple[str, tuple]]:
    """(department, special row) pairs that get a department plan: each special plan's lead,
    then its supporting departments in turn, up to the 144 (less the street plans)."""
    deps = departments(pr.code)
    want = DEPARTMENT_PLANS - (len(_streets(pr)) if pr.street_plans else 0)
    pairs: list[tuple[str, tuple]] = []
    seen: set[tuple[str, int]] = set()

    def take(dep: str, row: tuple) -> None:
        if dep in deps and not deps[dep].no_plan and (dep, row[0]) not in seen and len(pairs) < want:
            seen.add((dep, row[0]))
            pairs.append((dep, row))
    for row in pr.special:
        take(row[4], row)
    depth = 0
    while len(pairs) < want and depth < 12:
        for row in pr.special:
            if depth < len(row[5]):
                take(row[5][depth], row)
        depth += 1
    return pairs


def _duties(dep: str, type_code: str) -> list[tuple[str, int, list[str]]]:
    """A department's tasks for a type: the division of work (corpus_duties), then 东城's own
    departments (corpus_duties_dongcheng)."""
    try:
        return duties_for(dep, type_code)
    except KeyError:
        from plans.corpus_duties_dongcheng import DIVISION_DC
        own = DIVISION_DC[dep]
        return own.get(type_code) or own["*"]


def _street_duties(name: str) -> list[tuple[str, int, list[str]]]:
    from plans.corpus_duties_dongcheng import STREET_DUTIES
    return [(text.format(street=name), minutes, levels) for text, minutes, levels in STREET_DUTIES]


def _streets(pr: Profile) -> list[dict]:
    from maps.districts import streets
    return streets(pr.code)


def _department_plans(pr: Profile, pairs: list[tuple[str, tuple]], ids: dict[int, str], rng: random.Random,
                      phone: Phones) -> list[dict]:
    out = []
    deps = departments(pr.code)
    for dep, row in pairs:
        d = deps[dep]
        tname = _tname(row[2], pr)
        eff, rev = _dates(rng, date(2023, 6, 1), 1100)
        duties = _duties(dep, row[3][0])
        actions = [{"id": f"d{k + 1:02d}", "levels": list(lv), "department": dep, "action": text,
                    "deadline_minutes": minutes} for k, (text, minutes, lv) in enumerate(duties)]
        out.append({
            "schema": SCHEMA_VERSION, "id": f"{pr.slug}-dept-{dep}-{ids[row[0]].removeprefix(pr.slug + '-special-')}",
            "title": f"{d.full_name}{tname}部门应急预案", "tier": "department", "district": pr.code, "sample": True,
            "issuing_body": d.full_name, "lead_department": dep, "supporting_departments": [],
            "parents": [ids[row[0]]], "incident_types": list(row[3]), "version": f"{eff[:4]}版（{SAMPLE}）",
            "effective": eff, "review_by": rev, "source": source_text(pr),
            "scope": f"适用于{d.name}参与{tname}应对工作。",
            "command": {"headquarters": f"{d.name}{tname}应急领导小组（组长由主要负责人担任）",
                        "groups": [{"name": "现场工作组", "lead": dep, "duties": "；".join(a[0] for a in duties[:2])}]},
            "actions": actions,
            "contacts": [{"role": f"{d.name}值班室（{SAMPLE}）", "phone": phone()}],
            "sections": [{"id": "ch1", "title": "职责", "text": f"{d.full_name}在{tname}应对中负责：" +
                          "；".join(a[0] for a in duties) + "。"}],
        })
    if pr.street_plans:
        for st in _streets(pr):
            code = f"street_{st['code']}"
            d = deps[code]
            eff, rev = _dates(rng, date(2023, 6, 1), 1100)
            actions = [{"id": f"j{k + 1:02d}", "levels": list(lv), "department": code, "action": text,
                        "deadline_minutes": minutes} for k, (text, minutes, lv) in enumerate(_street_duties(st["name"]))]
            out.append({
                "schema": SCHEMA_VERSION, "id": f"{pr.slug}-dept-{code}", "title": f"{st['name']}突发事件应急预案",
                "tier": "department", "district": pr.code, "sample": True, "issuing_body": d.full_name,
                "lead_department": code, "supporting_departments": [], "parents": [pr.master_id],
                "incident_types": [], "version": f"{eff[:4]}版（{SAMPLE}）", "effective": eff, "review_by": rev,
                "source": source_text(pr),
                "scope": f"适用于{st['name']}辖区内突发事件的先期处置和属地应对工作。",
                "command": {"headquarters": f"{st['name']}应急指挥部（街道工委书记、办事处主任任总指挥）",
                            "groups": [{"name": "先期处置组", "lead": code, "duties": "属地先期处置、人员疏散和信息报告"}]},
                "actions": actions,
                "contacts": [{"role": f"{st['name']}值班室（{SAMPLE}）", "phone": phone()}],
                "sections": [{"id": "ch1", "title": "职责", "text": f"{d.full_name}负责辖区内突发事件的先期处置，"
                              "组织社区、网格员和物业开展排查、疏散和安置，及时向区应急局报告。"}],
            })
    return out


def enterprise_sites(n: int, seed: int = SEED, district: str = "110105") -> tuple[np.ndarray, list[str]]:
    """n points inside the district and the street of each (same answer as maps.places.locate)."""
    from maps.districts import load_district, random_points_in
    from maps.places import street_of_points
    boundary = load_district(district)
    rng = np.random.default_rng(seed)
    pts = np.round(random_points_in(boundary, n, rng), 6)   # files keep 6 decimals (~0.1 m)
    outside = np.flatnonzero(~boundary.contains(pts[:, 0], pts[:, 1]))
    while len(outside):   # rounding pushed a point near the boundary out: draw a replacement
        pts[outside] = np.round(random_points_in(boundary, len(outside), rng), 6)
        outside = np.flatnonzero(~boundary.contains(pts[:, 0], pts[:, 1]))
    return pts, street_of_points(district, pts[:, 0], pts[:, 1])


def _enterprise_plans(pr: Profile, n: int, ids_by_type: dict[str, str], rng: random.Random,
                      phone: Phones) -> list[dict]:
    kinds = list(SITE_TYPES)
    weights = [pr.site_weights.get(k, SITE_TYPES[k][0]) for k in kinds]
    pts, streets = enterprise_sites(n, SEED + int(pr.code), pr.code)
    deps = departments(pr.code)
    names_taken: set[str] = set()
    numbers_taken: set[tuple[str, int]] = set()
    out = []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        _, regulator, types, patterns, res = SITE_TYPES[kind]
        if regulator not in deps:
            regulator = "emergency"
        street = streets[i]
        short = street.removesuffix("街道").removesuffix("地区")
        for attempt in range(20):   # one plan per unit: names and addresses are never reused
            name = rng.choice(patterns).format(s=short, n=rng.randint(1, 9 + attempt), d=pr.short)
            if name not in names_taken:
                break
        base, k = name, 2
        while name in names_taken:   # a street with many units of one kind: 二分部, 三分部…
            name = f"{base}{'二三四五六七八九'[min(k - 2, 7)]}分部" if k <= 9 else f"{base}第{k}分部"
            k += 1
        names_taken.add(name)
        number = rng.randint(1, 300)
        while (street, number) in numbers_taken:
            number += 1
        numbers_taken.add((street, number))
        lon, lat = float(pts[i, 0]), float(pts[i, 1])
        # Most plans are current; a few are past their 3-year review, as in any real system.
        eff, rev = _dates(rng, date(2022, 9, 1) if rng.random() < 0.06 else date(2024, 1, 1), 900)
        parent = next((ids_by_type[t] for t in types if t in ids_by_type), pr.master_id)
        actions = [{"id": f"e{k + 1:02d}", "levels": ALL, "role": role, "action": text, "deadline_minutes": m}
                   for k, (role, text, m) in enumerate(SITE_ACTIONS.get(kind, DEFAULT_SITE_ACTIONS))]
        out.append({
            "schema": SCHEMA_VERSION, "id": f"{pr.slug}-ent-{kind.replace('_', '-')}-{i + 1:05d}",
            "title": f"{name}突发事件综合应急预案", "tier": "enterprise", "district": pr.code, "sample": True,
            "issuing_body": name, "lead_department": regulator, "supporting_departments": [], "parents": [parent],
            "incident_types": types, "version": f"V{eff[2:4]}.{rng.randint(1, 3)}（{SAMPLE}）",
            "effective": eff, "review_by": rev, "source": source_text(pr),
            "site": {"lon": lon, "lat": lat, "address": f"北京市{pr.name}{street}{number}号（{SAMPLE}地址）",
                     "street": street, "kind": kind},
            "command": {"headquarters": f"{name}应急指挥部（单位主要负责人任总指挥）"},
            "actions": actions,
            "resources": [{"kind": k, "count": c} for k, c in res.items()],
            "contacts": [{"role": f"{name}值班室（{SAMPLE}）", "phone": phone()}],
            "sections": [{"id": "ch1", "title": "风险分析", "text": f"本单位为{SITE_KINDS[kind]}，主要风险为"
                          + "、".join(incident_type(t).name for t in types) + "。"}],
        })
    return out


def _dump(d: dict) -> str:
    return yaml.dump(d, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)


def district_corpus(pr: Profile, enterprises: int, seed: int = SEED) -> dict[str, list[dict]]:
    rng = random.Random(seed + int(pr.code))
    phone = Phones()
    ids = special_ids(pr)
    pairs = _department_pairs(pr)
    own: dict[int, set[str]] = {}
    for dep, row in pairs:
        own.setdefault(row[0], set()).add(dep)
    by_type: dict[str, str] = {}
    for row in pr.special:
        for t in row[3][:1]:
            by_type.setdefault(t, ids[row[0]])
    return {
        "master": [_master(pr, phone)],
        "special": [_special(row, pr, ids[row[0]], own.get(row[0], set()), rng, phone) for row in pr.special],
        "department": _department_plans(pr, pairs, ids, rng, phone),
        "enterprise": _enterprise_plans(pr, enterprises, by_type, rng, phone),
    }


def generate(out: Path, enterprises: int | None = None, seed: int = SEED,
             districts: tuple[str, ...] = tuple(PROFILES)) -> dict[str, int]:
    """Write the corpus under out/<tier>/<district slug>/<id>.yaml; returns counts per tier.

    `enterprises` sets 朝阳's N (benchmark scale); 东城 keeps its own shipped N.
    """
    out = Path(out)
    counts: dict[str, int] = {}
    for tier in ("master", "special", "department", "enterprise"):
        d = out / tier
        if d.is_dir():
            for old in d.rglob("*.yaml"):
                old.unlink()
    for code in districts:
        pr = PROFILES[code]
        n = enterprises if enterprises is not None and code == "110105" else pr.enterprises
        for tier, docs in district_corpus(pr, n, seed).items():
            d = out / tier / pr.slug
            d.mkdir(parents=True, exist_ok=True)
            for doc in docs:
                (d / f"{doc['id']}.yaml").write_text(_dump(doc), encoding="utf-8")
            counts[tier] = counts.get(tier, 0) + len(docs)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m plans.corpus", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="directory to write (tier folders are replaced)")
    ap.add_argument("--enterprises", type=int, default=None, help="朝阳's number of enterprise plans (N)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    counts = generate(args.out, args.enterprises, args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
