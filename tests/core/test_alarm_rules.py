"""Alarm rules: the shipped file loads, thresholds hold at their boundaries with hysteresis,
rate of rise, coded elevator faults, offline detection, and clear errors for bad files."""
from __future__ import annotations

import random

import pytest

from core.alarm_rules import DEFAULT_RULES, RuleEngine, RulesError, load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules(DEFAULT_RULES)


def fired(transitions):
    return [(t.rule.id, t.active) for t in transitions]


def test_shipped_rules_cover_every_sensor_kind(rules):
    assert set(rules.kinds) == {"co", "gas", "smoke", "water_level", "elevator", "air_quality"}
    assert rules.kinds["co"].incident_type == "gas"
    assert (50.0, "alarm") in rules.thresholds("co")


def test_threshold_raises_at_value_and_clears_only_below_clear(rules):
    eng = RuleEngine(rules)
    assert eng.feed("c1", "co", 49.9, 0) == [] or "co_alarm" not in eng.active("c1")
    assert fired(eng.feed("c1", "co", 50.0, 60)) == [("co_alarm", True)]
    assert eng.feed("c1", "co", 40.0, 120) == []           # between clear and raise: still on
    assert fired(eng.feed("c1", "co", 39.9, 180)) == [("co_alarm", False)]
    assert "co_warning" in eng.active("c1")                 # 39.9 is still above the warning's clear


def test_noise_around_the_threshold_does_not_flap(rules):
    eng = RuleEngine(rules)
    rng = random.Random(7)
    changes = []
    for i in range(500):   # gas around 25 %LEL with ±3 noise: raise once, never clear (clear 20)
        changes += [t for t in eng.feed("g1", "gas", 25 + rng.uniform(-3, 3), i * 60)
                    if t.rule.id == "gas_alarm"]
    assert [t.active for t in changes] == [True]


def test_rate_of_rise(rules):
    eng = RuleEngine(rules)
    for i, v in enumerate([5, 6, 5, 6]):                   # flat: no rise alarm
        assert "co_rise" not in eng.active("c2") and not [t for t in eng.feed("c2", "co", v, i * 60)
                                                          if t.rule.id == "co_rise"]
    got = fired(eng.feed("c2", "co", 22, 240))             # +17 ppm in one minute, still < 25
    assert got == [("co_rise", True)]
    later = [x for at in (300, 360, 600) for x in fired(eng.feed("c2", "co", 22, at))
             if x[0] == "co_rise"]
    assert later == [("co_rise", False)]                   # steady again: cleared once
    assert "co_rise" not in eng.active("c2")


def test_elevator_codes(rules):
    eng = RuleEngine(rules)
    assert eng.feed("e1", "elevator", 0, 0) == []
    assert fired(eng.feed("e1", "elevator", 1, 60)) == [("elevator_trapped", True)]
    assert sorted(fired(eng.feed("e1", "elevator", 2, 120))) == [("elevator_stopped", True),
                                                                ("elevator_trapped", False)]


def test_offline_after_n_intervals_and_back(rules):
    eng = RuleEngine(rules)
    eng.feed("w1", "water_level", 3, 0)
    assert eng.check_offline(rules.interval_s * 3 - 1) == []
    assert fired(eng.check_offline(rules.interval_s * 3)) == [("offline", True)]
    assert eng.check_offline(rules.interval_s * 10) == []  # reported once
    assert fired(eng.feed("w1", "water_level", 3, rules.interval_s * 11)) == [("offline", False)]


def test_bad_rules_say_file_line_field_and_expectation(tmp_path):
    text = """interval_s: 60
offline_after: 3
kinds:
  co:
    incident_type: gas
    rules:
      - {id: a, name: x, level: alarm, raise: 50, clear: 60}
      - {id: b, name: y, level: loud, raise: 10, clear: 5}
      - {id: a, name: z, level: alarm, rise_per_min: -1}
"""
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path / "r.yaml", text=text)
    msg = str(err.value)
    assert "r.yaml:7: kinds.co.rules[0].clear: 60 is not below raise 50" in msg
    assert "r.yaml:8: kinds.co.rules[1].level: 'loud' is not a level; expected warning or alarm" in msg
    assert "r.yaml:9: kinds.co.rules[2].id: 'a' used twice" in msg
    assert "rules[2].rise_per_min: '-1' is not a positive number" in msg


def test_yaml_syntax_error_has_line(tmp_path):
    with pytest.raises(RulesError, match=r"r.yaml:4: YAML syntax"):
        load_rules(tmp_path / "r.yaml", text="kinds:\n  co:\n    rules: [\n")


def test_saved_rules_read_back_the_same(rules, tmp_path):
    from core.alarm_rules import dump_rules

    path = tmp_path / "alarm_rules.yaml"
    path.write_text(dump_rules(rules), encoding="utf-8")
    assert load_rules(path) == rules


def test_new_rules_take_effect_on_the_latest_readings(rules):
    from dataclasses import replace

    eng = RuleEngine(rules)
    eng.feed("c1", "co", 30.0, 0)       # co_warning (25) holds, co_alarm (50) does not
    eng.feed("g1", "gas", 12.0, 0)      # gas_warning (10) holds
    assert eng.active("c1") == {"co_warning"} and eng.active("g1") == {"gas_warning"}
    co = rules.kinds["co"]
    lowered = replace(co, rules=tuple(replace(r, raise_at=28.0, clear_below=22.0)
                                      if r.id == "co_alarm" else r for r in co.rules))
    kinds = {**rules.kinds, "co": lowered}
    kinds["gas"] = replace(rules.kinds["gas"], rules=tuple(
        r for r in rules.kinds["gas"].rules if r.id != "gas_warning"))
    changes = eng.set_rules(replace(rules, kinds=kinds), at=60)
    assert sorted((t.sensor_id, t.rule.id, t.active) for t in changes) == [
        ("c1", "co_alarm", True),        # 30 now reaches the lowered alarm threshold
        ("g1", "gas_warning", False)]    # a removed rule's alarm clears
    assert eng.active("c1") == {"co_warning", "co_alarm"} and eng.active("g1") == set()
    # hysteresis carries over: 25 is above the new clear (22), so the alarm stays on
    assert eng.feed("c1", "co", 25.0, 120) == [] and "co_alarm" in eng.active("c1")
    assert fired(eng.feed("c1", "co", 21.0, 180)) == [("co_alarm", False)]
