"""Grading at every boundary, activation on realistic incidents, and re-grading diffs."""
from __future__ import annotations

import pytest

from plans.model import IncidentFacts

HAZCHEM = "危险化学品事故"


def level(lib, **kw) -> str:
    kw.setdefault("incident_type", "hazchem")
    return lib.activate(IncidentFacts(**kw)).level


@pytest.mark.parametrize("deaths, expected", [(0, "IV"), (2, "IV"), (3, "III"), (9, "III"), (10, "II"),
                                              (29, "II"), (30, "I"), (300, "I")])
def test_deaths_boundaries_493(corpus, deaths, expected):
    assert level(corpus, deaths=deaths) == expected


@pytest.mark.parametrize("serious, expected", [(9, "IV"), (10, "III"), (49, "III"), (50, "II"),
                                               (99, "II"), (100, "I")])
def test_serious_injury_boundaries_493(corpus, serious, expected):
    assert level(corpus, serious_injuries=serious) == expected


def test_injuries_that_are_not_serious_do_not_grade(corpus):
    """12 hurt, none seriously: a crowd crush stays 一般, and the reason says why."""
    act = corpus.activate(IncidentFacts("crowd_crush", deaths=0, serious_injuries=0, injuries=12))
    assert act.level == "IV"
    assert "受伤 12 人：不作为定级依据" in act.reason and "重伤（含急性中毒） 0 人 < 10 人" in act.reason


@pytest.mark.parametrize("loss, expected", [(9_999_999, "IV"), (10_000_000, "III"), (49_999_999, "III"),
                                            (50_000_000, "II"), (99_999_999, "II"), (100_000_000, "I")])
def test_direct_loss_boundaries_493(corpus, loss, expected):
    assert level(corpus, direct_loss_yuan=loss) == expected


def test_money_in_a_reason_is_the_number_as_given():
    """9,999,999 元 is 999.9999 万元 — never rounded up to the threshold it is below."""
    from plans.grading import assess, rule_for
    judged = assess(rule_for("production_safety"), IncidentFacts("production_safety", direct_loss_yuan=9_999_999))
    assert judged.reason.startswith("直接经济损失 999.9999 万元 < 1000 万元 → 一般（IV 级），"
                                    "依据《生产安全事故报告和调查处理条例》（国务院令第493号）第三条第一款第（四）项")


def test_the_highest_level_any_criterion_reaches_decides(corpus):
    act = corpus.activate(IncidentFacts(HAZCHEM, deaths=2, serious_injuries=12, direct_loss_yuan=60_000_000))
    assert act.level == "II"
    assert act.reason.startswith("直接经济损失 6000 万元 ≥ 5000 万元、< 1 亿元 → 重大（II 级），依据《生产安全事故报告")


def test_reason_names_the_deciding_criterion(corpus):
    act = corpus.activate(IncidentFacts(HAZCHEM, deaths=12))
    assert act.level == "II" and act.level_name == "重大"
    assert act.reason.startswith("死亡 12 人 ≥ 10 人、< 30 人 → 重大（II 级），依据《生产安全事故报告和调查处理条例》"
                                 "（国务院令第493号）第三条第一款第（二）项")
    assert act.criterion.metrics == ("deaths",) and act.criterion.conditions[0].min == 10
    assert act.to_dict()["criterion"]["source"] == "《生产安全事故报告和调查处理条例》（国务院令第493号）第三条第一款第（二）项"


def test_below_every_threshold_is_level_iv_with_why(corpus):
    act = corpus.activate(IncidentFacts("hazchem", deaths=1, serious_injuries=2))
    assert act.level == "IV"
    assert "死亡 1 人 < 3 人" in act.reason and "一般（IV 级）" in act.reason


def test_unknown_type_is_a_clear_error(corpus):
    with pytest.raises(KeyError, match="unknown incident type 'lava'"):
        corpus.activate(IncidentFacts("lava"))


@pytest.mark.parametrize("colour, expected", [("蓝", "IV"), ("黄", "III"), ("橙", "II"), ("红", "I")])
def test_flood_response_follows_the_warning(corpus, colour, expected):
    """A red warning never sits with a lower response than Beijing's flood rule gives it."""
    for kind in ("flood", "waterlogging"):
        act = corpus.activate(IncidentFacts(kind, deaths=0, attributes={"warning_colour": colour}))
        assert act.level == expected and "北京市防汛应急预案" in act.reason
        assert "死亡 0 人：不作为定级依据" in act.reason      # no "graded by deaths" for a flood


def test_water_depth_alone_warns_but_does_not_grade_a_flood(corpus):
    act = corpus.activate(IncidentFacts("waterlogging", readings={"water_depth_cm": 80}))
    assert act.level == "IV" and "预警颜色" in act.reason


def _site(corpus, kind: str):
    pid = next(pid for pid in corpus.ids_by_tier("enterprise", "110105") if pid.startswith(f"chaoyang-ent-{kind}-"))
    return corpus.get(pid)


def _task_ids(act) -> set[str]:
    return {t.id for t in act.tasks}


def test_gas_explosion_in_old_residential_compound(corpus):
    site = _site(corpus, "residential")
    act = corpus.activate(IncidentFacts("gas", deaths=1, serious_injuries=6, affected=400,
                                        lon=site.site.lon + 0.0003, lat=site.site.lat))
    assert act.level == "IV" and not act.district_command
    ids = [p.plan_id for p in act.plans]
    assert "chaoyang-special-gas" in ids and "chaoyang-master" not in ids
    assert site.id in ids                                   # the compound's own plan, near the blast
    ref = next(p for p in act.plans if p.plan_id == site.id)
    assert 0 < ref.distance_m < 50
    assert f"{site.id}/e01" in _task_ids(act)               # the property's duty officer evacuates
    # the gas company's own department plan says what it does: shut the valves, within 30 minutes
    cut = next(t for t in act.tasks if t.plan_id == "chaoyang-dept-gas_company-gas" and "切断气源" in t.action)
    assert (cut.department_name, cut.deadline_minutes) == ("燃气集团朝阳分公司", 30)
    assert act.resources["gas_repair"] >= 2
    assert [t.deadline_minutes for t in act.tasks] == sorted(t.deadline_minutes for t in act.tasks)


def test_rainstorm_waterlogging_in_underpass(corpus):
    site = _site(corpus, "underpass")
    act = corpus.activate(IncidentFacts("waterlogging", evacuated=200, readings={"water_depth_cm": 80},
                                        attributes={"warning_colour": "黄"}, lon=site.site.lon, lat=site.site.lat))
    assert act.level == "III" and "预警颜色 黄 → 较大（III 级）" in act.reason
    assert site.id in [p.plan_id for p in act.plans]
    close = next(t for t in act.tasks if t.plan_id == "chaoyang-dept-traffic_police-waterlogging"
                 and "禁止车辆涉水" in t.action)
    assert close.department_name == "朝阳交通支队" and close.deadline_minutes == 15
    assert "chaoyang-special-waterlogging/a10" in _task_ids(act)     # III: a field headquarters
    assert act.resources["water_pump"] == 3 + 8 + 2          # special plan (both tiers of need) + the underpass


def test_hazchem_leak_at_an_enterprise(corpus):
    site = _site(corpus, "hazchem-site")
    act = corpus.activate(IncidentFacts(HAZCHEM, deaths=12, serious_injuries=30, lon=site.site.lon, lat=site.site.lat))
    assert act.level == "II" and act.district_command
    ids = [p.plan_id for p in act.plans]
    assert ids[:2] == ["chaoyang-master", "chaoyang-special-hazchem"]
    assert "chaoyang-dept-ecology-hazchem" in ids and site.id in ids
    tasks = {t.id: t for t in act.tasks}
    assert tasks["chaoyang-special-hazchem/a02"].deadline_minutes == 30                # report to the district
    assert tasks["chaoyang-special-hazchem/a02"].department_name == "区应急局"
    assert "chaoyang-master/m01" in tasks and "chaoyang-special-hazchem/a13" in tasks   # district command, city report
    assert f"{site.id}/e01" in tasks
    assert act.resources["hazmat"] == 2 + 6 + 1


def test_crowd_crush_at_a_stadium(corpus):
    site = _site(corpus, "stadium")
    act = corpus.activate(IncidentFacts("拥挤踩踏", deaths=3, serious_injuries=20, lon=site.site.lon, lat=site.site.lat))
    assert act.level == "III"
    ids = [p.plan_id for p in act.plans]
    assert "chaoyang-special-crowd_crush" in ids and site.id in ids
    tasks = {t.id: t for t in act.tasks}
    assert tasks["chaoyang-dept-police-crowd_crush/d01"].deadline_minutes == 10   # police stop the inflow
    assert tasks[f"{site.id}/e01"].action.startswith("发现人员拥挤立即限流")


def test_regrade_adds_only_new_tasks(corpus):
    before = corpus.activate(IncidentFacts("gas", deaths=2))
    change = corpus.regrade(before, IncidentFacts("gas", deaths=4))
    assert (before.level, change.current.level) == ("IV", "III") and change.level_changed
    assert change.added and not change.removed
    assert not _task_ids(before) & {t.id for t in change.added}
    assert _task_ids(before) | {t.id for t in change.added} == _task_ids(change.current)
    assert "chaoyang-special-gas/a10" in {t.id for t in change.added}           # field headquarters at III


def test_regrade_to_ii_brings_the_master_plan_and_same_level_adds_nothing(corpus):
    iii = corpus.activate(IncidentFacts("gas", deaths=4))
    up = corpus.regrade(iii, IncidentFacts("gas", deaths=11))
    assert "chaoyang-master" in [p.plan_id for p in up.added_plans]
    assert "chaoyang-master/m02" in {t.id for t in up.added}
    same = corpus.regrade(up.current, IncidentFacts("gas", deaths=12))
    assert same.added == () and same.removed == () and not same.level_changed
    down = corpus.regrade(up.current, IncidentFacts("gas", deaths=1))
    assert "chaoyang-master/m02" in {t.id for t in down.removed} and not down.added


def test_type_without_special_plan_grades_by_its_national_rule(plan_dir):
    from plans.library import PlanLibrary
    lib = PlanLibrary.open(plan_dir)
    act = lib.activate(IncidentFacts("fire", deaths=10))
    assert act.level == "II" and "火灾等级标准" in act.reason and act.district_command


@pytest.mark.parametrize("lel, colour", [(5, None), (10, "blue"), (24.9, "blue"), (25, "yellow"),
                                         (50, "orange"), (100, "red")])
def test_sensor_readings_give_the_warning_colour(corpus, lel, colour):
    act = corpus.activate(IncidentFacts("gas", readings={"gas_lel": lel}))
    assert act.warning == colour
    if colour == "yellow":
        assert act.warning_reason == "可燃气体浓度 25 %LEL ≥ 25 %LEL（黄色预警）"
    assert act.level == "IV"          # a reading alone warns; it does not grade the incident


def test_co_reading_in_a_heating_incident(corpus):
    act = corpus.activate(IncidentFacts("heating", readings={"co_ppm": 260}))
    assert act.warning == "orange" and "一氧化碳浓度 260 ppm" in act.warning_reason
    assert act.to_dict()["warning"] == "orange"
