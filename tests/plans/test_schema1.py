"""Schema-1 plan files (grading as a ladder) still load, converted, and grade by their own ladder
with the plan named as the source; a schema-1 file with the new grading, or an unknown format
version, is refused with file:line and what to change."""
from __future__ import annotations

import pytest

from plans.library import PlanLibrary
from plans.model import IncidentFacts

from tests.plans.conftest import SPECIAL, write

FILE = "special/special-gas-test.yaml"
SOURCE = f"本预案《测试燃气事故应急预案》（{FILE}）的分级标准"

# A special plan as the loader took it before ed826b9: schema 1, grading a ladder per level,
# with the fact names of that time (injured, loss_yuan). The ladder is the old generator's gas
# ladder: 493's accident thresholds plus people affected, which no regulation grades gas on.
OLD_LADDER = """\
grading:
  I:
  - metric: deaths
    min: 30
  - metric: injured
    min: 100
  - metric: loss_yuan
    min: 1.0e+08
  - metric: affected
    min: 30000
  II:
  - metric: deaths
    min: 10
    max: 30
  - metric: injured
    min: 50
    max: 100
  - metric: loss_yuan
    min: 5.0e+07
    max: 1.0e+08
  - metric: affected
    min: 10000
    max: 30000
  III:
  - metric: deaths
    min: 3
    max: 10
  - metric: injured
    min: 10
    max: 50
  - metric: loss_yuan
    min: 1.0e+07
    max: 5.0e+07
  - metric: affected
    min: 3000
    max: 10000
  IV:
  - metric: deaths
    max: 3
  - metric: injured
    max: 10
  - metric: loss_yuan
    max: 1.0e+07
  - metric: affected
    max: 3000
"""
_NEW_GRADING = SPECIAL[SPECIAL.index("grading:"):SPECIAL.index("actions:")]
OLD_SPECIAL = SPECIAL.replace("schema: 2", "schema: 1").replace(_NEW_GRADING, OLD_LADDER)
LADDER_LINE = OLD_SPECIAL.splitlines().index("grading:") + 1


@pytest.fixture
def old_plan_dir(plan_dir):
    write(plan_dir, FILE, OLD_SPECIAL)
    return plan_dir


def test_an_old_ladder_file_loads_as_a_rule_with_the_plan_as_its_source(old_plan_dir):
    lib = PlanLibrary.open(old_plan_dir)
    assert lib.errors == [] and lib.skipped == []
    rule = lib.get("chaoyang-special-gas-test").grading
    assert rule.source == SOURCE
    assert "本预案自己的分级阶梯" in rule.note and "min" in rule.boundary
    # one criterion per condition; the fact names of today (injured meant 重伤（含急性中毒）)
    ii = rule.levels["II"]
    assert [cr.metrics for cr in ii] == [("deaths",), ("serious_injuries",), ("direct_loss_yuan",), ("affected",)]
    assert (ii[0].conditions[0].min, ii[0].conditions[0].max) == (10, 30)
    assert ii[0].clause == "（II 级第 1 项）" and ii[0].text == "死亡 ≥ 10 人、< 30 人"
    assert ii[2].text == "直接经济损失 ≥ 5000 万元、< 1 亿元"


@pytest.mark.parametrize("affected, level", [(9_999, "III"), (10_000, "II"), (10_001, "II")])
def test_it_grades_by_its_own_ladder_at_below_and_above_a_threshold(old_plan_dir, affected, level):
    """受影响人口 10,000 is II on this plan's ladder; no regulation grades gas on it (493 would
    say IV and list it as not graded on), so the level shows whose ladder decided."""
    lib = PlanLibrary.open(old_plan_dir)
    act = lib.activate(IncidentFacts("gas", affected=affected))
    assert act.level == level and act.graded
    assert act.source == SOURCE
    clause = "（III 级第 4 项）" if level == "III" else "（II 级第 4 项）"
    sign = "≥ 3000 人、< 10000 人" if level == "III" else "≥ 10000 人、< 30000 人"
    assert act.reason == f"受影响人口 {affected} 人 {sign} → {act.level_name}（{level} 级），依据{SOURCE}{clause}"
    assert act.to_dict()["criterion"]["source"] == SOURCE + clause


@pytest.mark.parametrize("serious, level", [(49, "III"), (50, "II"), (51, "II")])
def test_a_renamed_fact_grades_under_its_new_name(old_plan_dir, serious, level):
    lib = PlanLibrary.open(old_plan_dir)
    act = lib.activate(IncidentFacts("gas", serious_injuries=serious))
    assert act.level == level and act.source == SOURCE


def test_the_lowest_level_is_the_ladder_s_own_too(old_plan_dir):
    """Schema-1 ladders state IV (deaths < 3): it is graded by that item, not by default."""
    act = PlanLibrary.open(old_plan_dir).activate(IncidentFacts("gas", deaths=2))
    assert act.level == "IV" and act.criterion is not None
    assert act.reason == f"死亡 2 人 < 3 人 → 一般（IV 级），依据{SOURCE}（IV 级第 1 项）"


def test_the_converted_rule_survives_a_warm_start(old_plan_dir, tmp_path):
    index = tmp_path / "index.sqlite"
    PlanLibrary.open(old_plan_dir, index).close()
    warm = PlanLibrary.open(old_plan_dir, index)
    assert warm.parsed_files == 0 and warm.errors == []
    act = warm.activate(IncidentFacts("gas", affected=10_000))
    assert act.level == "II" and act.source == SOURCE


def test_an_old_ladder_is_checked_as_it_was(plan_dir):
    """A gap between two levels was an error in schema 1 and still is, at the line of the bound."""
    text = OLD_SPECIAL.replace("  - metric: deaths\n    min: 3\n    max: 10\n", "  - metric: deaths\n    min: 3\n    max: 9\n")
    write(plan_dir, FILE, text)
    lib = PlanLibrary.open(plan_dir)
    line = text.splitlines().index("    min: 10") + 1
    assert [str(e) for e in lib.errors if e.file == FILE] == [
        f"{FILE}:{line}: grading.II[0].min: 死亡 在 9 人 到 10 人 之间不属于任何级别（III 级较大 上限与 II 级重大 "
        "下限之间有空档）；应为 min: 9"]


def test_an_old_ladder_with_a_fact_it_never_had(plan_dir):
    text = OLD_SPECIAL.replace("  - metric: affected\n    max: 3000\n", "  - metric: cases\n    max: 3000\n"
                                                                        "  - metric: disease\n    max: 1\n")
    write(plan_dir, FILE, text)
    lib = PlanLibrary.open(plan_dir)
    line = text.splitlines().index("  - metric: disease") + 1
    [e] = [str(e) for e in lib.errors if e.file == FILE]
    assert e.startswith(f'{FILE}:{line}: grading.IV[4].metric: 未知取值 "disease"；应为以下之一: deaths, injured, ')


def test_an_old_ladder_problem_and_another_problem_are_both_reported(plan_dir):
    text = OLD_SPECIAL.replace("    min: 30\n", "    min: -30\n", 1).replace("title: 测试燃气事故应急预案", "title: ''")
    write(plan_dir, FILE, text)
    lib = PlanLibrary.open(plan_dir)
    assert [str(e) for e in lib.errors if e.file == FILE] == [
        f"{FILE}:3: title: 为空；应为非空文本",
        f"{FILE}:{LADDER_LINE + 3}: grading.I[0].min: -30 太小；应不小于 0",
    ]


def test_schema_1_with_the_new_grading_is_refused_with_what_to_change(plan_dir):
    write(plan_dir, FILE, SPECIAL.replace("schema: 2", "schema: 1"))
    lib = PlanLibrary.open(plan_dir)
    assert [str(e) for e in lib.errors if e.file == FILE] == [
        f"{FILE}:1: schema: schema 1 的文件不能使用新格式的分级标准（grading 含 source, boundary, note, levels）；"
        "应改为 schema: 2，或按 schema 1 写分级阶梯（I/II/III/IV 下列出条件）"]
    assert "chaoyang-special-gas-test" not in lib.plans


@pytest.mark.parametrize("version", ["3", "'2'", "0"])
def test_an_unknown_format_version_is_refused(plan_dir, version):
    write(plan_dir, FILE, SPECIAL.replace("schema: 2", f"schema: {version}"))
    lib = PlanLibrary.open(plan_dir)
    shown = '"2"' if version == "'2'" else version
    assert [str(e) for e in lib.errors if e.file == FILE] == [
        f"{FILE}:1: schema: 格式版本 {shown} 不受支持；应为 2（本版格式），或 1（旧格式，分级阶梯在加载时转换）"]


def test_schema_1_files_without_grading_load_unchanged(plan_dir):
    from tests.plans.conftest import MASTER
    write(plan_dir, "master/master-test.yaml", MASTER.replace("schema: 2", "schema: 1"))
    lib = PlanLibrary.open(plan_dir)
    assert lib.errors == [] and lib.get("master-test").grading is None
    assert lib.get("master-test").to_dict()["schema"] == 2
