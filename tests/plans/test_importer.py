"""Importing real plan documents: chapters, grading criteria, actions, completeness report."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from plans.importer import import_document
from plans.importer_criteria import grade

DATA = Path(__file__).parent / "data" / "import"
NATIONAL = DATA / "national_master_plan_2025.txt"
ORDER_493 = DATA / "state_council_order_493.txt"
ENTERPRISE = DATA / "enterprise_gas_station_plan.txt"
ALL_CHAPTERS_BUT_ANNEX = ["总则", "组织指挥体系", "监测预警", "应急响应", "后期处置", "应急保障", "预案管理"]


def ladder(result) -> dict:
    """The draft's grading as level -> conditions (the importer writes one condition per criterion)."""
    return {lv: [cr["when"][0] for cr in crs] for lv, crs in result.draft["grading"]["levels"].items()}


def strip_heading_numbers(text: str) -> str:
    """What a careless PDF/Word conversion leaves: headings without their numbers."""
    number = re.compile(r"^(\s*(?:#+\s*)?(?:\*\*)?)(?:\d+(?:\.\d+)*|第[一二三四五六七八九十]+章)[\s　]+",
                        re.M)
    return number.sub(r"\1", text)


def test_national_master_plan_chapters_found_and_annex_reported_missing():
    result = import_document(NATIONAL)
    assert result.report["found"] == ALL_CHAPTERS_BUT_ANNEX
    assert result.report["missing"] == ["附则"]  # the 2025 plan ends with 5 预案管理
    assert result.draft["title"] == "国家突发事件总体应急预案"
    assert result.draft["tier"] == "master"
    titles = [c["title"] for c in result.draft["sections"]]
    assert titles[:3] == ["总则", "总体要求", "适用范围"]
    assert "3.3.5" in [c["id"] for c in result.draft["sections"]]
    assert result.draft["district_command_levels"] == ["TODO-REVIEW"]
    # §8 of 国办发〔2024〕5号 lists what a 总体预案 must cover; the national plan has all of it
    assert result.report["missing_required"] == []
    assert {r["item"] for r in result.report["requirements"]} >= {"事件分类分级", "预案管理", "恢复重建"}


def test_national_plan_text_is_kept_under_its_heading():
    result = import_document(NATIONAL)
    sections = {c["title"]: c for c in result.draft["sections"]}
    assert "红色、橙色、黄色、蓝色" in sections["预警"]["text"]
    chapters = {s["title"]: s["chapter"] for s in result.report["sections"]}
    assert chapters["预警"] == "监测预警" and chapters["恢复与重建"] == "后期处置"


def test_headings_without_numbers_still_give_the_chapters(tmp_path):
    stripped = tmp_path / "national_no_numbers.txt"
    stripped.write_text(strip_heading_numbers(NATIONAL.read_text(encoding="utf-8")), "utf-8")
    assert "1.1" not in stripped.read_text(encoding="utf-8")
    result = import_document(stripped)
    assert result.report["found"] == ALL_CHAPTERS_BUT_ANNEX
    assert any("没有标题编号" in note for note in result.report["notes"])
    chapters = {c["title"]: c["chapter"] for c in result.report["sections"]}
    assert chapters["总则"] == "总则" and chapters["应急保障"] == "应急保障"
    assert chapters["信息发布与舆论引导"] == "应急响应"  # inherits from 处置与救援 above it


def test_gb18030_text_is_detected(tmp_path):
    legacy = tmp_path / "order493_gbk.txt"
    legacy.write_bytes(ORDER_493.read_text(encoding="utf-8").encode("gb18030"))
    result = import_document(legacy)
    assert result.draft["title"] == "生产安全事故报告和调查处理条例"
    assert result.report["criteria"] == 4


def test_order_493_thresholds_exact():
    grading = ladder(import_document(ORDER_493))
    by_level = {lv: {cond["metric"]: cond for cond in conds} for lv, conds in grading.items()}
    assert list(grading) == ["I", "II", "III", "IV"]
    assert by_level["I"] == {"deaths": {"metric": "deaths", "min": 30},
                             "serious_injuries": {"metric": "serious_injuries", "min": 100},
                             "direct_loss_yuan": {"metric": "direct_loss_yuan", "min": 100_000_000}}
    assert by_level["II"]["deaths"] == {"metric": "deaths", "min": 10, "max": 30}
    assert by_level["II"]["serious_injuries"] == {"metric": "serious_injuries", "min": 50, "max": 100}
    assert by_level["II"]["direct_loss_yuan"] == {"metric": "direct_loss_yuan", "min": 50_000_000, "max": 100_000_000}
    assert by_level["III"]["deaths"] == {"metric": "deaths", "min": 3, "max": 10}
    assert by_level["III"]["direct_loss_yuan"] == {"metric": "direct_loss_yuan", "min": 10_000_000, "max": 50_000_000}
    assert by_level["IV"]["deaths"] == {"metric": "deaths", "max": 3}
    review = "\n".join(import_document(ORDER_493).draft["review"])
    assert "grading.I: 摘自第" in review and "30人以上死亡" in review  # where to check it
    # the fines of 第三十七条 (10万元以上20万元以下的罚款) are not grading criteria
    assert all(cond.get("min") != 100_000 for conds in grading.values() for cond in conds)


@pytest.mark.parametrize("facts, level", [
    ({"deaths": 30}, "I"), ({"deaths": 29}, "II"), ({"deaths": 10}, "II"), ({"deaths": 9}, "III"),
    ({"deaths": 3}, "III"), ({"deaths": 2}, "IV"), ({"deaths": 0}, "IV"),
    ({"serious_injuries": 100}, "I"), ({"serious_injuries": 99}, "II"),
    ({"serious_injuries": 50}, "II"), ({"serious_injuries": 49}, "III"),
    ({"serious_injuries": 10}, "III"), ({"serious_injuries": 9}, "IV"),
    ({"direct_loss_yuan": 100_000_000}, "I"), ({"direct_loss_yuan": 99_999_999}, "II"),
    ({"direct_loss_yuan": 50_000_000}, "II"), ({"direct_loss_yuan": 49_999_999}, "III"),
    ({"direct_loss_yuan": 10_000_000}, "III"), ({"direct_loss_yuan": 9_999_999}, "IV"),
    ({"deaths": 2, "serious_injuries": 50}, "II"),  # any one criterion decides
])
def test_order_493_grading_at_every_boundary(facts, level):
    assert grade(ladder(import_document(ORDER_493)), facts) == level


def test_order_493_actions_carry_department_and_time_limit():
    draft = import_document(ORDER_493).draft
    actions = draft["actions"]
    report = next(a for a in actions if a.get("role") == "单位负责人")
    assert report["deadline_minutes"] == 60
    assert "1小时内" in report["action"]
    immediate = actions.index(next(a for a in actions if a.get("role") == "事故现场有关人员"))
    assert actions[immediate]["deadline_minutes"] == "TODO-REVIEW"
    assert (f"TODO-REVIEW actions[{immediate}].deadline_minutes: 原文未写时限（原文要求立即执行），"
            "请填写分钟数") in draft["review"]
    assert not any("罚款" in a["action"] for a in actions)


def test_enterprise_plan_checked_against_gbt_29639(tmp_path):
    result = import_document(ENTERPRISE)
    assert result.draft["tier"] == "enterprise"
    missing = result.report["missing_required"]
    assert "现场处置方案（GB/T 29639-2020）" in missing
    assert not any(m.startswith("附件") for m in missing)
    assert any(note.startswith("site:") for note in result.report["notes"])
    assert result.draft["site"]["street"] == "TODO-REVIEW"
    actions: dict[str, dict] = {}
    for action in result.draft["actions"]:
        actions.setdefault(action["role"], action)
    assert actions["安全部"]["deadline_minutes"] == 15
    assert actions["抢险组"]["deadline_minutes"] == 10 and actions["抢险组"]["levels"] == ["III"]
    assert actions["警戒疏散组"]["levels"] == ["I"]
    assert actions["值班员"]["levels"] == ["TODO-REVIEW"]
    assert result.draft["command"]["headquarters"] == "应急指挥部"
    assert [g["name"] for g in result.draft["command"]["groups"]] == ["抢险组", "警戒疏散组"]


def test_draft_yaml_round_trips_and_marks_uncertain_values(tmp_path):
    result = import_document(ENTERPRISE)
    draft = yaml.safe_load(result.to_yaml())
    assert draft == result.draft
    assert draft["schema"] == 2
    assert draft["id"] == "TODO-REVIEW" and draft["issuing_body"] == "TODO-REVIEW"
    assert draft["review"] and all(note.startswith("TODO-REVIEW") for note in draft["review"])
    assert draft["source"].startswith(ENTERPRISE.name)
    assert draft["scope"].startswith("本预案适用于本公司")
    assert [s["id"] for s in draft["sections"]][:3] == ["1", "1.1", "1.2"]


@pytest.mark.parametrize("text, expected", [
    ("特别重大（Ⅰ级）：造成死亡（含失踪）30人以上，或紧急转移安置10万人以上。",
     [{"metric": "deaths", "min": 30}, {"metric": "evacuated", "min": 100_000}]),
    ("较大事故：死亡3至9人，或者直接经济损失1000万元以上5000万元以下。",
     [{"metric": "deaths", "min": 3, "max": 10},
      {"metric": "direct_loss_yuan", "min": 10_000_000, "max": 50_000_000}]),
    ("重大突发事件：造成超过10人死亡。", [{"metric": "deaths", "min": 11}]),
    ("一般事件：死亡三人以下。", [{"metric": "deaths", "max": 3}]),
])
def test_criteria_phrasings(tmp_path, text, expected):
    doc = tmp_path / "plan.txt"
    doc.write_text("某区专项应急预案\n事件分级\n" + text + "\n", encoding="utf-8")
    grading = ladder(import_document(doc))
    assert len(grading) == 1 and next(iter(grading.values())) == expected


def test_below_defined_inclusive_is_honoured(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("某区专项应急预案\n一般事件：死亡3人以下。\n本预案所称“以上”含本数，“以下”含本数。\n",
                   encoding="utf-8")
    result = import_document(doc)
    assert ladder(result) == {"IV": [{"metric": "deaths", "max": 4}]}
    assert not any("是否含本数" in note for note in result.report["notes"])


def test_missing_boundary_definition_is_flagged(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("某区专项应急预案\n重大事件：死亡10人以上30人以下。\n", encoding="utf-8")
    notes = import_document(doc).report["notes"]
    assert any("是否含本数" in note for note in notes)
    assert any("未找到以下级别" in note for note in notes)


def test_core_loader_rejects_the_draft_exactly_where_review_is_needed(tmp_path):
    from plans.loader import load_file

    draft_file = tmp_path / "draft.yaml"
    draft_file.write_text(import_document(ENTERPRISE).to_yaml(), encoding="utf-8")
    loaded = load_file(draft_file, "enterprise/draft.yaml", draft_file.read_text(encoding="utf-8"))
    assert loaded.plan is None
    fields = {e.field for e in loaded.errors}
    assert {"id", "lead_department", "effective", "review_by", "actions[0].levels[0]",
            "actions[0].deadline_minutes", "site.lon", "review"} <= fields
    assert "actions[1].deadline_minutes" not in fields  # 15分钟内 was read from the text
    assert all(e.line > 0 for e in loaded.errors if e.field != "review")


def test_a_reviewed_draft_loads_as_a_plan(tmp_path):
    from plans.loader import load_file

    draft = import_document(ENTERPRISE).draft
    draft.pop("review")
    draft.update(id="chaoyang-ent-demo-gas-storage", issuing_body="北京示例燃气储配有限公司",
                 lead_department="urban_mgmt", version="1", effective="2024-01-01",
                 review_by="2027-01-01")
    draft["site"] = {"lon": 116.52, "lat": 39.93, "address": "北京市朝阳区示例路1号",
                     "street": "高碑店地区", "kind": "gas_station"}
    for group in draft["command"]["groups"]:
        group["lead"] = "emergency"
    for action in draft["actions"]:
        if action["levels"] == ["TODO-REVIEW"]:
            action["levels"] = ["I", "II", "III"]
        if action["deadline_minutes"] == "TODO-REVIEW":
            action["deadline_minutes"] = 5
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_file(path, "enterprise/reviewed.yaml", path.read_text(encoding="utf-8"))
    assert loaded.errors == []
    plan = loaded.plan
    assert [a.deadline_minutes for a in plan.actions_at("III")][:3] == [5, 15, 60]
    assert plan.sections[0].title == "总则"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_bom_with_windows_line_ends(tmp_path, encoding):
    text = ORDER_493.read_text(encoding="utf-8").replace("\n", "\r\n")
    doc = tmp_path / f"order493_{encoding}.txt"
    doc.write_bytes(text.encode(encoding))
    result = import_document(doc)
    assert result.draft["title"] == "生产安全事故报告和调查处理条例"
    assert result.report["found"] == ["总则", "附则"] and result.report["criteria"] == 4


def test_district_plan_with_chinese_numbering():
    result = import_document(DATA / "district_flood_plan_sample.txt")
    assert result.report["missing"] == []
    assert result.draft["incident_types"] == ["flood"]
    assert ladder(result) == {
        "I": [{"metric": "deaths", "min": 10}, {"metric": "evacuated", "min": 50_000}],
        "II": [{"metric": "deaths", "min": 5, "max": 10}, {"metric": "evacuated", "min": 10_000, "max": 50_000}],
    }
    assert "grading: 未找到以下级别的分级条件：较大、一般" in result.report["notes"]
    by_text = {a["action"]: a for a in result.draft["actions"]}
    water = by_text["区水务局应当在1小时内派出排水抢险队伍。"]
    assert water == {"id": water["id"], "levels": ["IV"], "action": water["action"],
                     "deadline_minutes": 60, "department": "water"}  # code from the registry
    commander = by_text["区防汛指挥部总指挥应当立即到岗指挥。"]
    assert commander["levels"] == ["I"] and commander["role"] == "区防汛指挥部总指挥"
    assert result.draft["warning_levels"]["red"].startswith("发布红色预警时")
    assert any(n.startswith("lead_department: 取正文中第一个") for n in result.report["notes"])


def test_markdown_grading_table_in_a_text_file(tmp_path):
    doc = tmp_path / "plan.md"
    doc.write_text("# 某区燃气事故应急预案\n\n## 事件分级\n\n"
                   "| 级别 | 死亡人数 | 直接经济损失 |\n|---|---|---|\n"
                   "| 较大 | 3人以上10人以下 | 1000万元以上5000万元以下 |\n"
                   "| 一般 | 3人以下 | 1000万元以下 |\n\n本预案所称“以上”含本数，“以下”不含本数。\n",
                   encoding="utf-8")
    grading = ladder(import_document(doc))
    assert grading == {"III": [{"metric": "deaths", "min": 3, "max": 10},
                               {"metric": "direct_loss_yuan", "min": 10_000_000, "max": 50_000_000}],
                       "IV": [{"metric": "deaths", "max": 3}, {"metric": "direct_loss_yuan", "max": 10_000_000}]}


def test_regulation_without_chapter_numbers_keeps_chapters_and_thresholds(tmp_path):
    stripped = tmp_path / "order493_no_numbers.txt"
    stripped.write_text(strip_heading_numbers(ORDER_493.read_text(encoding="utf-8")), "utf-8")
    assert "第一章" not in stripped.read_text(encoding="utf-8")
    result = import_document(stripped)
    assert result.report["found"] == ["总则", "附则"]
    assert grade(ladder(result), {"deaths": 10}) == "II"
