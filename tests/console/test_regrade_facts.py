"""console.regrade without a screen: an incident's facts as the plans grade them, the facts
payload, and the level history with who, when and why."""
from __future__ import annotations

from console import regrade as rg
from plans.library import PlanLibrary


def test_facts_of_reads_counts_readings_and_ignores_text():
    inc = {"type": "waterlogging", "lon": 116.45, "lat": 39.92,
           "facts": {"deaths": "2", "injured": 1, "caller": "张先生", "water_depth_cm": 35,
                     "readings": {"rainfall_mm": 80}, "grading_reason": "x", "affected": None}}
    f = rg.facts_of(inc)
    assert (f.deaths, f.injured, f.affected) == (2, 1, None)
    assert f.readings == {"rainfall_mm": 80.0, "water_depth_cm": 35.0}
    assert f.value("casualties") == 3 and f.incident_type == "waterlogging"
    payload = rg.facts_payload(f, "因积水加深升级")
    assert payload == {"deaths": 2, "injured": 1, "readings": {"rainfall_mm": 80.0, "water_depth_cm": 35.0},
                       rg.REASON_KEY: "因积水加深升级"}


def test_grading_metrics_are_those_of_the_types_plan():
    lib = PlanLibrary.open()
    try:
        act = lib.activate(rg.facts_of({"type": "waterlogging", "facts": {}}))
        metrics = rg.grading_metrics(lib, act)
        assert metrics[:5] == ["deaths", "injured", "affected", "evacuated", "loss_yuan"]
        plan = lib.get(next(p.plan_id for p in act.plans if p.tier == "special"))
        used = {c.metric for conds in plan.grading.values() for c in conds}
        assert set(metrics[5:]) == used - {"deaths", "injured", "affected", "evacuated", "loss_yuan", "casualties"}
    finally:
        lib.close()


def test_describe_change_names_the_graded_facts_that_moved():
    before = {"type": "waterlogging", "facts": {"deaths": 0, "water_depth_cm": 20, "caller": "甲"}}
    after = {"type": "waterlogging", "facts": {"deaths": 0, "injured": 2, "water_depth_cm": 35, "caller": "乙"}}
    assert rg.describe_change(before, after) == "重伤（含急性中毒） 未报告 → 2 人；积水深度 20 厘米 → 35 厘米"


def test_direction_and_level_history():
    assert rg.direction("IV", "II") == 1 and rg.direction("I", "III") == -1 and rg.direction("III", "III") == 0
    record = {"timeline": [
        {"type": "incident.created", "at": "t0", "operator": "接警员", "upsert": [{"level": "IV", "facts": {}}]},
        {"type": "incident.updated", "at": "t1", "operator": None, "detail": {"facts": {"deaths": 1}}},
        {"type": "incident.updated", "at": "t2", "operator": "值班员", "detail": {
            "level": {"from": "IV", "to": "III"}, "facts": {"deaths": 4, rg.REASON_KEY: "死亡 4 人 ≥ 3 人"}}},
    ]}
    h = rg.level_history(record)
    assert [(c.before, c.after, c.operator, c.reason) for c in h] == [
        (None, "IV", "接警员", ""), ("IV", "III", "值班员", "死亡 4 人 ≥ 3 人")]
