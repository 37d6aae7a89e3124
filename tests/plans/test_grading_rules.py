"""The grading rules as data: one per incident type, valid, carried by the special plans, and
the reporting duties and re-grading built on them."""
from __future__ import annotations

import pytest

from plans import grading
from plans.model import GRADED, PENDING, REFERRED, IncidentFacts
from plans.schema import check
from plans.taxonomy import INCIDENT_TYPES
from plans.validate import check_grading


def test_every_type_has_one_rule_that_cites_its_document():
    rules = grading.rules()
    assert set(rules) == {t.code for t in INCIDENT_TYPES}
    for code, rule in rules.items():
        assert rule.source.startswith(("《", "食品安全事故分级标准", "北京市")), code
        for crs in rule.levels.values():
            assert all(cr.clause and cr.text for cr in crs), code
        assert rule.levels or rule.referred or rule.judgement, code


@pytest.mark.parametrize("district", ["110101", "110105"])
def test_every_rule_is_a_valid_plan_grading(district):
    for code, rule in grading.rules().items():
        d = rule.to_dict()
        assert check_grading(d, district) == [], code
        problems = [p for p in check({"grading": d}) if p[0] and p[0][0] == "grading"]
        assert problems == [], (code, problems)


def test_each_special_plan_carries_the_rule_of_its_type(corpus):
    for district in ("110101", "110105"):
        for pid in corpus.ids_by_tier("special", district):
            plan = corpus.get(pid)
            assert plan.grading == grading.rule_for(plan.incident_types[0]), pid


def test_social_security_events_are_referred_not_graded_by_a_ladder(corpus):
    act = corpus.activate(IncidentFacts("terrorism", deaths=1), home_district="110101")
    assert act.status == REFERRED and act.to_dict()["level"] is None
    assert act.authority == "东城公安分局" and "分级另行规定" in act.reason
    assert act.level_label == "另行定级（东城公安分局）"
    decide = next(t for t in act.tasks if t.id == "report/level-decision")
    assert decide.department == "police" and "记录定级" in decide.action
    # the commander records the level the authority set, with who and when
    decided = corpus.activate(IncidentFacts("terrorism", deaths=1, decided_level="II", decided_by="张指挥",
                                            decided_at="2026-12-04T10:20:00+08:00"), home_district="110101")
    assert decided.status == GRADED and decided.level == "II" and decided.referred
    assert "东城公安分局定级：重大（II 级）" in decided.reason and "张指挥" in decided.reason
    assert not any(t.id == "report/level-decision" for t in decided.tasks)


def test_a_type_graded_by_judgement_is_pending_with_who_decides(corpus):
    act = corpus.activate(IncidentFacts("snow_fog_cold"), home_district="110105")
    assert act.status == PENDING and act.level == "IV" and act.level_label == "待研判"
    assert act.authority == "区城市管理委" and "report/level-decision" in {t.id for t in act.tasks}


def test_the_same_number_reads_differently_by_document():
    """超过100人 excludes 100 (public health); 100人以上 includes it (food safety)."""
    def lv(code, **given):
        return grading.assess(grading.rule_for(code), grading.incident_facts(code, given), "110105").level
    assert lv("public_health", disease="食物中毒", cases=100, deaths=0) == "IV"
    assert lv("public_health", disease="食物中毒", cases=101, deaths=0) == "III"
    assert lv("food_safety", cases=100, deaths=0) == "III"
    assert lv("food_safety", cases=40, deaths=0) == "IV"       # not 较大: 30—99 is 一般
    assert lv("environmental", direct_loss_yuan=20_000_000) == "II"
    assert lv("production_safety", direct_loss_yuan=20_000_000) == "III"


def _duties(act) -> dict:
    return {t.id: t for t in act.tasks if t.id.startswith("report/")}


def test_the_reporting_chain_is_in_the_checklist_at_every_level(corpus):
    for deaths, level in ((1, "IV"), (4, "III"), (12, "II"), (31, "I")):
        act = corpus.activate(IncidentFacts("hazchem", deaths=deaths))
        duties = _duties(act)
        assert act.level == level
        assert duties["report/accident-unit-report"].deadline_minutes == 60
        city = duties["report/accident-report-city"]
        assert "北京市应急管理局" in city.action and city.deadline_minutes == 120 and "第十条" in city.basis
        assert ("report/accident-report-state" in duties) == (level in ("I", "II"))


def test_medical_tasks_appear_with_casualties_and_deadlines_scale_with_the_level(corpus):
    none = _duties(corpus.activate(IncidentFacts("gas", deaths=0, serious_injuries=0, injuries=0)))
    assert "report/casualty-medical" not in none
    hurt = _duties(corpus.activate(IncidentFacts("gas", injuries=2)))
    grave = _duties(corpus.activate(IncidentFacts("gas", deaths=12)))
    assert hurt["report/casualty-medical"].deadline_minutes > grave["report/casualty-medical"].deadline_minutes
    env_iv = _duties(corpus.activate(IncidentFacts("environmental", evacuated=100)))
    env_ii = _duties(corpus.activate(IncidentFacts("environmental", evacuated=20_000)))
    assert env_iv["report/environment-report"].deadline_minutes == 240
    assert env_ii["report/environment-report"].deadline_minutes == 120


def test_regrading_uses_the_same_rules_and_the_reason_follows_the_latest_facts(corpus):
    before = corpus.activate(IncidentFacts("public_health", readings={"cases": 5}, attributes={"disease": "霍乱"}))
    assert before.level == "IV" and "病例（中毒）人数 5 人" in before.reason
    change = corpus.regrade(before, IncidentFacts("public_health", readings={"cases": 12},
                                                  attributes={"disease": "霍乱"}))
    assert change.current.level == "III" and change.level_changed
    assert "12 人 ≥ 10 人" in change.current.reason and "1.3 较大（3）" in change.current.reason
    assert change.added and all(t.id not in {x.id for x in before.tasks} for t in change.added)


def test_bad_input_still_files_as_pending_with_what_is_missing(corpus):
    for facts, says in ((IncidentFacts("gas", deaths=-1), "不能为负数"),
                        (IncidentFacts("gas", serious_injuries=10**9), "整数人数"),
                        (IncidentFacts("public_health", readings={"cases": 3}), "缺少病种"),
                        (IncidentFacts("public_health", readings={"cases": 3}, attributes={"disease": "登革热"}),
                         "登革热"),
                        (IncidentFacts("earthquake", readings={"magnitude": 5.0}), "人口密集程度"),
                        (IncidentFacts("earthquake", readings={"magnitude": 12.0}, lon=116.47, lat=39.92), "0–10")):
        act = corpus.activate(facts)
        assert act.status == PENDING and act.level == "IV", facts
        assert any(says in m for m in act.missing), (says, act.missing)
        assert "report/grading-facts" in {t.id for t in act.tasks}


def test_a_placed_earthquake_reads_the_district_as_densely_populated(corpus):
    act = corpus.activate(IncidentFacts("earthquake", readings={"magnitude": 4.0}, lon=116.41, lat=39.93))
    assert act.district_code == "110101" and act.level == "III"
    assert "震中人口密集程度 密集" in act.reason and "3.1（3）" in act.reason


def test_below_every_threshold_the_reason_compares_the_criteria_that_apply():
    def reason(code, **given):
        return grading.assess(grading.rule_for(code), grading.incident_facts(code, given), "110105").reason
    # only the 食物中毒 criteria, not the plague's, and 100 is not 超过100人
    text = reason("public_health", disease="食物中毒", cases=100, deaths=0)
    assert text.startswith("病例（中毒）人数 100 人，未超过 100 人；死亡 0 人 < 1 人 → 未达到较大（III 级）标准")
    assert "< 5 人" not in text and "< 30 人" not in text
    # below 一般 as well: still the district's 一般 response, and it says so
    text = reason("food_safety", cases=20, deaths=0)
    assert "病例（中毒）人数 20 人 < 30 人，亦未达到一般（IV 级）标准，仍由区级按一般（IV 级）响应" in text
    # an earthquake in a densely populated area is compared with the 密集 column only
    assert reason("earthquake", magnitude=3.5, population_density="密集").startswith("震级 3.5 级 < 4 级 → 未达到较大")
