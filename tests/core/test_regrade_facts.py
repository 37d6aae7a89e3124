"""core.regrade without a screen: an incident's facts as the plans grade them (older
records' keys under their present names), the facts payload, the facts to ask for a type, and
the level history with who, when and why."""
from __future__ import annotations

from core import regrade as rg
from plans.grading import facts_for
from plans.library import PlanLibrary
from plans.registry import COMMON_FACTS


def test_facts_of_reads_the_codes_at_the_top_level_and_ignores_text():
    inc = {"type": "public_health", "lon": 116.45, "lat": 39.92,
           "facts": {"deaths": "2", "serious_injuries": 1, "injuries": 7, "caller": "张先生", "cases": 35,
                     "disease": "霍乱", "direct_loss_yuan": 9_999_999, "grading_reason": "x", "affected": None}}
    f = rg.facts_of(inc)
    assert (f.deaths, f.serious_injuries, f.injuries, f.affected) == (2, 1, 7, None)
    assert f.direct_loss_yuan == 9_999_999
    assert f.readings == {"cases": 35.0} and f.attributes == {"disease": "霍乱"}
    assert f.value("casualties") == 3 and f.incident_type == "public_health"
    payload = rg.facts_payload(f, "霍乱 35 例")
    assert payload == {"deaths": 2, "serious_injuries": 1, "injuries": 7, "direct_loss_yuan": 9_999_999,
                       "cases": 35, "disease": "霍乱", rg.REASON_KEY: "霍乱 35 例"}


def test_old_records_read_injured_as_injuries_and_loss_yuan_as_direct_loss():
    """The old intake's 受伤 was everyone hurt: it is never read as 重伤."""
    old = {"type": "gas", "facts": {"deaths": 1, "injured": 12, "loss_yuan": 2_000_000,
                                    "readings": {"water_depth_cm": 20, "gas_lel": 30}}}
    f = rg.facts_of(old)
    assert (f.injuries, f.serious_injuries, f.direct_loss_yuan) == (12, None, 2_000_000)
    assert f.readings == {"water_depth_cm": 20.0, "gas_lel": 30.0}
    payload = rg.facts_payload(f)
    assert "injured" not in payload and "loss_yuan" not in payload and "readings" not in payload
    assert payload["injuries"] == 12 and payload["gas_lel"] == 30.0
    # a record updated since holds both: the present key wins; one cleared (None) hides the old
    newer = {"type": "gas", "facts": {**old["facts"], "injuries": 3, "gas_lel": None}}
    f = rg.facts_of(newer)
    assert f.injuries == 3 and "gas_lel" not in f.readings and f.readings["water_depth_cm"] == 20.0


def test_a_fact_set_back_to_unreported_is_cleared_in_the_update():
    inc = {"type": "gas", "facts": {"deaths": 1, "injured": 4, "caller": "甲"}}
    f = rg.facts_of({"type": "gas", "facts": {"deaths": 1}})
    assert rg.cleared(inc, f) == {"injuries": None}


def test_decided_level_is_read_and_written_with_who_and_when():
    inc = {"type": "terrorism", "facts": {"deaths": 1, "decided_level": "II", "decided_by": "李指挥",
                                          "decided_at": "2026-07-01T10:00:00+08:00"}}
    f = rg.facts_of(inc)
    assert (f.decided_level, f.decided_by, f.decided_at) == ("II", "李指挥", "2026-07-01T10:00:00+08:00")
    payload = rg.facts_payload(f)
    assert payload["decided_level"] == "II" and payload["decided_by"] == "李指挥"
    assert rg.facts_of({"type": "terrorism", "facts": {"decided_level": "V"}}).decided_level is None


def test_grading_metrics_are_the_common_facts_then_the_types_own():
    lib = PlanLibrary.open()
    try:
        for code, own in (("public_health", {"cases", "disease"}), ("earthquake", {"magnitude"}),
                          ("flood", {"warning_colour"}), ("gas", set())):
            act = lib.activate(rg.facts_of({"type": code, "facts": {}}))
            metrics = rg.grading_metrics(lib, act)
            assert tuple(metrics[:len(COMMON_FACTS)]) == COMMON_FACTS
            assert own <= set(metrics[len(COMMON_FACTS):]), code
            assert tuple(metrics) == facts_for(code), code
        assert rg.decidable(lib, lib.activate(rg.facts_of({"type": "terrorism", "facts": {}})))
        assert not rg.decidable(lib, lib.activate(rg.facts_of({"type": "gas", "facts": {}})))
    finally:
        lib.close()


def test_describe_change_names_the_graded_facts_that_moved():
    before = {"type": "flood", "facts": {"deaths": 0, "warning_colour": "黄", "caller": "甲", "injured": 2}}
    after = {"type": "flood", "facts": {"deaths": 0, "injuries": 2, "serious_injuries": 1,
                                        "warning_colour": "红", "caller": "乙"}}
    assert rg.describe_change(before, after) == "重伤（含急性中毒） 未报告 → 1 人；预警颜色 黄 → 红"


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


def test_a_recorded_decision_is_in_the_level_history_even_when_the_level_stays():
    record = {"timeline": [
        {"type": "incident.created", "at": "t0", "operator": "接警员", "upsert": [{"level": "IV", "facts": {}}]},
        {"type": "incident.updated", "at": "t1", "operator": "李指挥", "detail": {
            "facts": {"decided_level": "IV", "decided_by": "李指挥", rg.REASON_KEY: "公安分局定级：一般"}}},
    ]}
    record["timeline"][1]["detail"]["facts"]["decided_at"] = "2026-07-01T10:00:00+08:00"
    record["timeline"].append(   # a later update carries the decision along: not recorded again
        {"type": "incident.updated", "at": "t2", "operator": "值班员", "detail": {
            "facts": {"injuries": 3, "decided_level": "IV", "decided_by": "李指挥",
                      "decided_at": "2026-07-01T10:00:00+08:00"}}})
    (_, decided) = rg.level_history(record)
    assert (decided.before, decided.after, decided.operator, decided.decided) == ("IV", "IV", "李指挥", True)
