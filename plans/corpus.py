"""Deterministic generator of the Chaoyang 1+41+144+N plan corpus.

    python -m plans.corpus --out resources/plans                 # the shipped corpus (N = 360)
    python -m plans.corpus --enterprises 10000 --out /tmp/plans  # benchmark scale

The same seed always writes byte-identical files. Names of special plans and their lead
departments come from the Chaoyang draft list; enterprise sites are random points inside the
real district boundary, each with the street maps.places assigns to it. Phone numbers are
fictional duty-room numbers (no personal data).
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

from plans.corpus_data import (ALL, CHAPTERS, DEFAULT_SITE_ACTIONS, DUTIES, GRADING, SITE_ACTIONS,
                               SITE_TYPES, SPECIAL, TYPE_ACTIONS, UP_II, UP_III, WARNINGS)
from plans.model import LEVEL_NAMES
from plans.registry import SITE_KINDS, departments
from plans.taxonomy import incident_type

SEED = 20261121
MASTER_ID = "master-chaoyang"
DEPARTMENT_PLANS = 144
SOURCE = "朝阳区应急预案体系语料（由 plans.corpus 生成；名称与牵头部门依据朝阳区专项预案目录草案）"


def special_id(row: tuple) -> str:
    return "special-disaster_relief" if row[0] == 10 else f"special-{row[3][0]}"


def _phone(rng: random.Random) -> str:
    return f"010-{rng.randint(6500, 8599)} {rng.randint(1000, 9999)}"


def _dates(rng: random.Random, start: date, span_days: int) -> tuple[str, str]:
    eff = start + timedelta(days=rng.randint(0, span_days))
    return eff.isoformat(), eff.replace(year=eff.year + 3).isoformat() if not (eff.month == 2 and eff.day == 29) \
        else date(eff.year + 3, 2, 28).isoformat()


def _dn(code: str) -> str:
    return departments()[code].name


def _grading(key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"I": [], "II": [], "III": [], "IV": []}
    for metric_ladder in GRADING[key]:
        for lv, cond in metric_ladder.items():
            out[lv].append(dict(cond))
    return {lv: cs for lv, cs in out.items() if cs}


def _warnings(code: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for ladder in WARNINGS[code]:
        for colour in ("red", "orange", "yellow", "blue"):
            if colour in ladder:
                out.setdefault(colour, []).append(dict(ladder[colour]))
    return out


def _sections(title: str, type_name: str, lead: str, extra: str = "") -> list[dict]:
    texts = {
        "总则": f"为规范和指导朝阳区{type_name}应对工作，最大程度减少人员伤亡和财产损失，依据《中华人民共和国突发事件应对法》"
              f"《突发事件应急预案管理办法》和《北京市朝阳区突发事件总体应急预案》，制定本预案。{extra}",
        "组织指挥体系": f"区应急委统一领导{type_name}应对工作，{_dn(lead)}牵头，设立现场指挥部，下设综合协调组、抢险救援组、"
                  "医疗救治组、治安交通组、宣传报道组、后勤保障组。",
        "监测预警": "预警级别由低到高分为蓝色、黄色、橙色、红色。各成员单位加强监测，发现险情及时报告区应急局，"
                "预警信息通过广播、电视、短信和网格员逐户通知。",
        "应急响应": "响应分为四级。事发地街乡立即开展先期处置；区应急局接报后30分钟内向区委、区政府电话报告，1小时内书面报告；"
                "较大以上事件成立现场指挥部，重大以上事件启动区级总体应急预案并报告市应急局。",
        "后期处置": "做好善后处置、调查评估和恢复重建，受灾群众妥善安置，事件调查报告报区政府。",
        "应急保障": "区财政局保障应急资金，区应急局统筹救援队伍和物资储备，通信运营企业保障应急通信。",
        "附则": f"本预案由{_dn(lead)}负责解释，自印发之日起施行，至少每3年评估一次。",
    }
    return [{"id": f"ch{i + 1}", "title": t, "text": texts[t]} for i, t in enumerate(CHAPTERS)]


def _special(row: tuple, rng: random.Random) -> dict:
    no, category, title, types, lead, supporting, gkey, res = row
    tname = title.removeprefix("朝阳区").removesuffix("应急预案").removesuffix("应急救援预案")
    actions = [
        {"id": "a01", "levels": ALL, "role": "事发地街乡", "action": "立即组织先期处置，控制现场，疏散转移受威胁群众，并向区应急局报告",
         "deadline_minutes": 15},
        {"id": "a02", "levels": ALL, "department": "emergency", "action": "接报后30分钟内向区委、区政府电话报告，1小时内书面报告",
         "deadline_minutes": 30},
        {"id": "a03", "levels": ALL, "department": lead, "action": f"赶赴现场核实{tname}情况，组织开展处置",
         "deadline_minutes": 30},
    ]
    for k, (dep, text, minutes, lv) in enumerate(TYPE_ACTIONS.get(types[0], ())):
        actions.append({"id": f"t{k + 1:02d}", "levels": lv, "department": dep, "action": text,
                        "deadline_minutes": minutes})
    for k, dep in enumerate(supporting):
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
    return {
        "schema": 1, "id": special_id(row), "title": title, "tier": "special",
        "issuing_body": "朝阳区人民政府办公室", "lead_department": lead,
        "supporting_departments": [s for s in supporting if s != lead],
        "parents": [MASTER_ID], "incident_types": types,
        "version": f"{eff[:4]}版", "effective": eff, "review_by": rev, "source": SOURCE,
        "scope": f"适用于朝阳区行政区域内{tname}的预防和应对工作（{category}类）。",
        "grading": _grading(gkey),
        "warning_levels": {c: f"{cn}预警：预计可能发生{LEVEL_NAMES[lv]}{tname}" for c, cn, lv in
                           (("red", "红色", "I"), ("orange", "橙色", "II"), ("yellow", "黄色", "III"),
                            ("blue", "蓝色", "IV"))},
        **({"warning_criteria": _warnings(types[0])} if types[0] in WARNINGS and no != 10 else {}),
        "command": {"headquarters": f"朝阳区{tname}应急指挥部（总指挥由分管副区长担任，办公室设在{_dn(lead)}）",
                    "groups": groups},
        "actions": actions, "resources": resources,
        "contacts": [{"role": f"{_dn(lead)}值班室", "phone": _phone(rng)},
                     {"role": "区应急局总值班室", "phone": "010-6509 0000"}],
        "sections": _sections(title, tname, lead),
    }


def _master(rng: random.Random) -> dict:
    eff = "2022-05-05"
    return {
        "schema": 1, "id": MASTER_ID, "title": "朝阳区突发事件总体应急预案", "tier": "master",
        "issuing_body": "北京市朝阳区人民政府", "lead_department": "emergency_committee",
        "supporting_departments": ["emergency", "district_gov", "publicity", "police", "health", "fire_rescue"],
        "parents": [], "incident_types": [], "version": "2022年修订（朝政发〔2022〕3号）",
        "effective": eff, "review_by": "2025-05-05",
        "source": "北京市朝阳区突发事件总体应急预案（2022）章节结构；内容为语料生成",
        "scope": "适用于朝阳区行政区域内自然灾害、事故灾难、公共卫生事件和社会安全事件的应对工作。",
        "grading": _grading("accident"),
        "district_command_levels": ["I", "II"],
        "warning_levels": {"red": "一级（红色）预警：可能发生特别重大突发事件", "orange": "二级（橙色）预警：可能发生重大突发事件",
                           "yellow": "三级（黄色）预警：可能发生较大突发事件", "blue": "四级（蓝色）预警：可能发生一般突发事件"},
        "command": {"headquarters": "朝阳区突发事件应急委员会（区应急委），主任由区长担任",
                    "groups": [{"name": "综合协调组", "lead": "emergency", "duties": "信息汇总和综合协调"},
                               {"name": "新闻宣传组", "lead": "publicity", "duties": "信息发布和舆论引导"},
                               {"name": "治安保卫组", "lead": "police", "duties": "现场警戒和治安维护"},
                               {"name": "医疗救治组", "lead": "health", "duties": "伤员救治和卫生防疫"}]},
        "actions": [
            {"id": "m01", "levels": UP_II, "department": "district_gov",
             "action": "区委、区政府主要领导赶赴现场，成立区突发事件应急指挥部，统一指挥处置", "deadline_minutes": 60},
            {"id": "m02", "levels": UP_II, "department": "emergency",
             "action": "事发后30分钟内电话报告、1小时内书面报告市委、市政府和市应急局", "deadline_minutes": 30},
            {"id": "m03", "levels": UP_II, "department": "emergency_committee",
             "action": "召开区应急委会议，调度各成员单位和街乡力量", "deadline_minutes": 120},
            {"id": "m04", "levels": UP_II, "department": "finance", "action": "启动应急资金快速拨付程序",
             "deadline_minutes": 240},
        ],
        "contacts": [{"role": "区应急局总值班室", "phone": "010-6509 0000"}],
        "sections": [{"id": f"ch{i + 1}", "title": t, "text": txt} for i, (t, txt) in enumerate([
            ("总则", "朝阳区面积470.8平方公里，辖24个街道、19个地区（乡），常住人口345万。突发事件分为自然灾害、事故灾难、"
                   "公共卫生事件和社会安全事件四类，按照社会危害程度、影响范围等因素分为特别重大、重大、较大和一般四级。"
                   "本区应急预案体系由总体应急预案、专项应急预案、部门应急预案和企事业单位应急预案组成（1+41+144+N）。"),
            ("组织机构与职责", "区应急委统一领导全区突发事件应对工作，区应急委办公室设在区应急局。各专项指挥部、街乡和重点地区应急机构按职责开展工作。"),
            ("监测预警", "建立风险防控和监测网络，预警级别分为一级、二级、三级和四级，分别用红色、橙色、黄色和蓝色标示。"),
            ("应急处置与救援", "事发地街乡和有关部门接报后立即先期处置。一般和较大突发事件由区专项指挥部组织处置；"
                        "重大和特别重大突发事件由区委、区政府统一指挥，并在市级指挥机构领导下开展处置。"),
            ("恢复与重建", "做好善后处置、社会救助、调查评估和恢复重建工作。"),
            ("应急保障", "做好指挥系统、救援队伍、物资、资金、通信、交通运输、医疗卫生和治安保障。"),
            ("附则", "本预案由区应急局负责解释，至少每3年评估修订一次。"),
        ])],
    }


def _department_plans(rng: random.Random) -> list[dict]:
    """One plan for each lead department and special plan, then supporting departments, to 144."""
    pairs: list[tuple[str, tuple]] = []
    seen: set[tuple[str, str]] = set()
    for row in SPECIAL:
        if (row[4], special_id(row)) not in seen:
            seen.add((row[4], special_id(row)))
            pairs.append((row[4], row))
    depth = 0
    while len(pairs) < DEPARTMENT_PLANS:
        for row in SPECIAL:
            if depth < len(row[5]) and len(pairs) < DEPARTMENT_PLANS:
                dep = row[5][depth]
                if (dep, special_id(row)) not in seen:
                    seen.add((dep, special_id(row)))
                    pairs.append((dep, row))
        depth += 1
    out = []
    for dep, row in pairs:
        d = departments()[dep]
        tname = row[2].removeprefix("朝阳区").removesuffix("应急预案").removesuffix("应急救援预案")
        eff, rev = _dates(rng, date(2023, 6, 1), 1100)
        duty = DUTIES.get(dep, f"按照职责做好{tname}应对工作")
        out.append({
            "schema": 1, "id": f"dept-{dep}-{special_id(row).removeprefix('special-')}",
            "title": f"{d.full_name}{tname}部门应急预案", "tier": "department", "issuing_body": d.full_name,
            "lead_department": dep, "supporting_departments": [], "parents": [special_id(row)],
            "incident_types": list(row[3]), "version": f"{eff[:4]}版", "effective": eff, "review_by": rev,
            "source": SOURCE,
            "scope": f"适用于{d.name}参与{tname}应对工作。",
            "command": {"headquarters": f"{d.name}{tname}应急领导小组（组长由主要负责人担任）",
                        "groups": [{"name": "现场工作组", "lead": dep, "duties": duty}]},
            "actions": [
                {"id": "d01", "levels": ALL, "role": f"{d.name}值班室", "action": "接报后立即报告本单位主要负责人和分管负责人",
                 "deadline_minutes": 10},
                {"id": "d02", "levels": ALL, "role": f"{d.name}应急队伍", "action": f"集结待命，{duty}",
                 "deadline_minutes": 30},
                {"id": "d03", "levels": UP_III, "role": f"{d.name}分管负责人", "action": "赶赴现场指挥部，报到并接受统一调度",
                 "deadline_minutes": 60},
                {"id": "d04", "levels": UP_II, "role": f"{d.name}主要负责人", "action": "到岗指挥，每2小时向区应急指挥部报告工作进展",
                 "deadline_minutes": 120},
            ],
            "contacts": [{"role": f"{d.name}值班室", "phone": _phone(rng)}],
            "sections": [{"id": "ch1", "title": "职责", "text": f"{d.full_name}在{tname}应对中负责：{duty}。"}],
        })
    return out


def enterprise_sites(n: int, seed: int = SEED) -> tuple[np.ndarray, list[str]]:
    """n points inside Chaoyang and the street of each (same answer as maps.places.locate)."""
    from maps.districts import load_district, random_points_in
    from maps.places import street_of_points
    district = load_district("110105")
    rng = np.random.default_rng(seed)
    pts = np.round(random_points_in(district, n, rng), 6)   # files keep 6 decimals (~0.1 m)
    outside = np.flatnonzero(~district.contains(pts[:, 0], pts[:, 1]))
    while len(outside):   # rounding pushed a point near the boundary out: draw a replacement
        pts[outside] = np.round(random_points_in(district, len(outside), rng), 6)
        outside = np.flatnonzero(~district.contains(pts[:, 0], pts[:, 1]))
    return pts, street_of_points("110105", pts[:, 0], pts[:, 1])


def _enterprise_plans(n: int, rng: random.Random) -> list[dict]:
    kinds = list(SITE_TYPES)
    weights = [SITE_TYPES[k][0] for k in kinds]
    pts, streets = enterprise_sites(n)
    out = []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        _, regulator, types, names, res = SITE_TYPES[kind]
        street = streets[i]
        short = street.removesuffix("街道").removesuffix("地区")
        name = rng.choice(names).format(s=short, n=rng.randint(1, 9))
        lon, lat = float(pts[i, 0]), float(pts[i, 1])
        # Most plans are current; a few are past their 3-year review, as in any real system.
        eff, rev = _dates(rng, date(2022, 9, 1) if rng.random() < 0.06 else date(2024, 1, 1), 900)
        spec = f"special-{types[0]}"
        actions = [{"id": f"e{k + 1:02d}", "levels": ALL, "role": role, "action": text, "deadline_minutes": m}
                   for k, (role, text, m) in enumerate(SITE_ACTIONS.get(kind, DEFAULT_SITE_ACTIONS))]
        out.append({
            "schema": 1, "id": f"ent-{kind.replace('_', '-')}-{i + 1:05d}",
            "title": f"{name}突发事件综合应急预案", "tier": "enterprise", "issuing_body": name,
            "lead_department": regulator, "supporting_departments": [], "parents": [spec],
            "incident_types": types, "version": f"V{eff[2:4]}.{rng.randint(1, 3)}",
            "effective": eff, "review_by": rev, "source": SOURCE,
            "site": {"lon": lon, "lat": lat, "address": f"北京市朝阳区{street}{rng.randint(1, 300)}号", "street": street,
                     "kind": kind},
            "command": {"headquarters": f"{name}应急指挥部（单位主要负责人任总指挥）"},
            "actions": actions,
            "resources": [{"kind": k, "count": c} for k, c in res.items()],
            "contacts": [{"role": f"{name}值班室", "phone": _phone(rng)}],
            "sections": [{"id": "ch1", "title": "风险分析", "text": f"本单位为{SITE_KINDS[kind]}，主要风险为"
                          + "、".join(incident_type(t).name for t in types) + "。"}],
        })
    return out


def _dump(d: dict) -> str:
    return yaml.dump(d, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=4096)


def generate(out: Path, enterprises: int = 360, seed: int = SEED) -> dict[str, int]:
    """Write the corpus under out/{master,special,department,enterprise}/<id>.yaml; returns counts."""
    out = Path(out)
    rng = random.Random(seed)
    tiers: dict[str, list[dict]] = {
        "master": [_master(rng)],
        "special": [_special(row, rng) for row in SPECIAL],
        "department": _department_plans(rng),
        "enterprise": _enterprise_plans(enterprises, rng),
    }
    for tier, docs in tiers.items():
        d = out / tier
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("*.yaml"):
            old.unlink()
        for doc in docs:
            (d / f"{doc['id']}.yaml").write_text(_dump(doc), encoding="utf-8")
    return {t: len(v) for t, v in tiers.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m plans.corpus", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path, help="directory to write (tier folders are replaced)")
    ap.add_argument("--enterprises", type=int, default=360, help="number of enterprise plans (N)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    counts = generate(args.out, args.enterprises, args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
