"""Scenario files: the shipped ones are valid and tied to plans; bad ones get file:line errors."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.drills_cli import main
from drills.scenario import INJECT_KINDS, ScenarioError, load_scenario, parse_scenario
from maps.places import locate
from plans.library import PlanLibrary

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "resources" / "scenarios").glob("*.yaml"))

GOOD = """\
id: t
title: 测试
incident_type: gas
expect_plans: [chaoyang-special-gas]
injects:
  - at: "00:00:10"
    id: call
    kind: phone_report
    place: [116.4175, 39.9325]
    injuries: 2
"""


def test_four_scenarios_ship_one_per_required_situation():
    kinds = {load_scenario(p).incident_type for p in SCENARIOS}
    assert len(SCENARIOS) >= 4
    assert {"gas", "waterlogging", "hazchem", "crowd_crush"} <= kinds


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenario_is_at_real_places_and_names_plans_that_exist(path):
    s = load_scenario(path)
    assert any(i.kind == "phone_report" for i in s.injects)
    for inj in s.injects:
        if inj.lon is not None:
            place = locate(inj.lon, inj.lat)
            assert place is not None and place.district_name in ("东城区", "朝阳区")
            assert inj.street == place.street_name
    lib = PlanLibrary.open()
    try:
        for plan_id in s.expect_plans:
            assert lib.get(plan_id) is not None, f"{path.name}: plan {plan_id} is not in the library"
    finally:
        lib.close()
    assert [i.at_s for i in s.injects] == sorted(i.at_s for i in s.injects)


def test_injects_are_read_with_their_times_places_and_counts():
    s = parse_scenario(GOOD.replace('place: [116.4175, 39.9325]', 'place: 东四街道'))
    (call,) = s.injects
    assert (call.at_s, call.kind, call.id, call.injuries, call.street) == (10, "phone_report", "call", 2, "东四街道")
    assert call.serious_injuries is None      # 受伤 is not 重伤


def test_older_files_injured_is_read_as_injuries_never_as_serious_injuries():
    (call,) = parse_scenario(GOOD.replace("injuries: 2", "injured: 2")).injects
    assert (call.injuries, call.serious_injuries) == (2, None)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(GOOD.replace("injuries: 2", "injuries: 2\n    injured: 3"), "z.yaml")
    assert any(p.startswith("z.yaml:11: injects[0].injured: given with injuries; expected only injuries")
               for p in err.value.problems)


def test_a_casualty_update_gives_serious_injuries_apart_from_injuries():
    text = GOOD + """\
  - at: "00:05:00"
    kind: casualty_update
    incident: call
    serious_injuries: 10
    injuries: 25
"""
    (_, update) = parse_scenario(text).injects
    assert (update.deaths, update.serious_injuries, update.injuries) == (None, 10, 25)


def test_every_problem_is_reported_with_its_line_field_and_what_is_expected():
    text = GOOD + """\
  - at: "2 minutes"
    kind: phone_report
    place: [116.20, 39.90]
  - at: "00:03:00"
    kind: meteor_strike
  - at: "00:04:00"
    kind: casualty_update
    incident: nobody
    deaths: many
"""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "x.yaml")
    problems = err.value.problems
    assert any(p.startswith("x.yaml:11: injects[1].at: '2 minutes' is not a time; expected") for p in problems)
    assert any(p.startswith("x.yaml:13: injects[1].place:") and "outside Dongcheng and Chaoyang" in p
               for p in problems)
    assert any(p.startswith("x.yaml:15: injects[2].kind: unknown kind 'meteor_strike'; expected one of")
               for p in problems)
    assert any(p.startswith("x.yaml:18: injects[3].incident: no earlier phone_report with id 'nobody'")
               for p in problems)
    assert any(p.startswith("x.yaml:19: injects[3].deaths:") and "not a number" in p for p in problems)


def test_unknown_street_and_plan_type_are_explained():
    bad = GOOD.replace("gas\n", "volcano\n", 1).replace("[116.4175, 39.9325]", "中关村街道")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(bad, "y.yaml")
    text = str(err.value)
    assert "y.yaml:3: incident_type: unknown incident type 'volcano'" in text
    assert "y.yaml:9: injects[0].place: street '中关村街道' is not in Dongcheng or Chaoyang" in text


def test_drill_check_exit_codes(tmp_path, capsys):
    assert main(["check", *map(str, SCENARIOS)]) == 0
    assert "ok" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace('"00:00:10"', '"00:99:10"'), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert f"{bad}:6: injects[0].at: '00:99:10' is not a time" in capsys.readouterr().err


def test_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read it"):
        load_scenario(tmp_path / "missing.yaml")
    p = tmp_path / "latin.yaml"
    p.write_bytes(b"id: t\ntitle: \xff\xfe\n")
    with pytest.raises(ScenarioError, match=r"latin.yaml:2: file: not UTF-8"):
        load_scenario(p)


def _well_formed(problem: str) -> bool:
    head, _, rest = problem.partition(": ")
    path, _, line = head.rpartition(":")
    return path == "f.yaml" and line.isdigit() and "; expected " in rest


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_any_text_gives_a_scenario_or_a_clear_error(text):
    try:
        parse_scenario(text, "f.yaml")
    except ScenarioError as exc:
        assert exc.problems and all(_well_formed(p) for p in exc.problems), exc.problems


_values = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
                       | st.text(max_size=12) | st.sampled_from(["00:01:00", "东四街道", "gas"]),
                       lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                       max_leaves=8)
_inject = st.fixed_dictionaries({"at": st.sampled_from(["00:00:05", "1:2", "00:10:00"]),
                                 "kind": st.sampled_from(INJECT_KINDS + ("x",))},
                                optional={k: _values for k in ("place", "type", "deaths", "injuries", "serious_injuries",
                                                               "injured", "incident",
                                                               "duration", "sensor_kind", "value", "unit_kind")})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({"id": _values, "title": _values, "incident_type": _values,
                              "expect_plans": _values, "injects": st.lists(_inject, max_size=4) | _values}))
def test_fuzz_structured_garbage_gives_a_scenario_or_a_clear_error(doc):
    try:
        parse_scenario(yaml.safe_dump(doc, allow_unicode=True), "f.yaml")
    except ScenarioError as exc:
        assert exc.problems and all(_well_formed(p) for p in exc.problems), exc.problems
