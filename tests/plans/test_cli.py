"""`python -m console plans ...` in a real subprocess: exit codes, Chinese text, JSON keys."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plans.conftest import SPECIAL, write

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", "plans", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_check_shipped_corpus_json():
    r = run("check", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for code in ("110101", "110105"):   # each district its own 1+41+144+N
        c = out["by_district"][code]
        assert (c["master"], c["special"], c["department"]) == (1, 41, 144) and c["enterprise"] >= 100, code
    assert out["errors"] == []


def test_check_bad_dir_exits_1_with_file_line(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("department: gas_company", "department: gasco"))
    r = run("check", str(plan_dir))
    assert r.returncode == 1
    assert "special/special-gas-test.yaml:24: actions[0].department: 未知部门 'gasco'" in r.stdout
    assert "总体应急预案 1" in r.stdout
    js = json.loads(run("check", str(plan_dir), "--json").stdout)
    assert js["errors"][0] == {"file": "special/special-gas-test.yaml", "line": 24,
                               "field": "actions[0].department", "message": js["errors"][0]["message"]}


def test_activate_json_grades_ii_by_chinese_type_name():
    r = run("activate", "--type", "危险化学品事故", "--deaths", "12", "--json", "--index", "none")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["level"] == "II" and "死亡 12 人 ≥ 10 人" in out["reason"]
    assert {"plan_id", "title", "tier"} <= set(out["plans"][0])
    assert {"department", "action", "deadline_minutes"} <= set(out["tasks"][0])
    assert any(t["action"].startswith("接报后30分钟内") for t in out["tasks"])


def test_activate_human_output_and_bad_type(tmp_path):
    r = run("activate", "--type", "gas", "--deaths", "4", "--at", "116.47,39.99", "--index", str(tmp_path / "i.db"))
    assert r.returncode == 0 and "响应级别: III 级 · 较大" in r.stdout and "任务清单" in r.stdout
    assert "依据：《生产安全事故报告和调查处理条例》第十条第一款" in r.stdout        # a report to the city at 较大
    bad = run("activate", "--type", "volcano", "--index", "none")
    assert bad.returncode == 2 and "volcano" in bad.stderr and "hazchem" in bad.stderr


def test_search_json(tmp_path):
    r = run("search", "燃气", "--limit", "3", "--json", "--index", str(tmp_path / "i.db"))
    hits = json.loads(r.stdout)["hits"]
    assert len(hits) == 3 and hits[0]["plan_id"] == "chaoyang-special-gas"
    assert {"plan_id", "title", "tier", "snippet"} <= set(hits[0]) and "【燃气】" in hits[0]["snippet"]


def test_lint_json():
    out = json.loads(run("lint", "--json").stdout)
    assert out["counts"]["uncovered_type"] == 0
    assert out["counts"]["dept_without_plan"] >= 1
    kinds = {f["kind"] for f in out["findings"]}
    assert "review_overdue" in kinds


def test_import_without_importer_is_a_clear_error():
    """A build without the (optional) importer says so and exits 2; here the importer is hidden
    from the CLI's process, so the test runs where the importer is installed too."""
    code = ("import runpy, sys; sys.modules['plans.importer'] = None; "
            "sys.argv = ['console', 'plans', 'import', 'x.txt']; runpy.run_module('console', run_name='__main__')")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == "错误: 预案文档导入模块（plans.importer）未安装；此版本无法导入文档"


def test_activate_marks_a_negative_count_pending_and_shows_the_warning():
    """A negative count is a plausible typing mistake: the incident still files, graded 待研判."""
    r = run("activate", "--type", "gas", "--deaths", "-3", "--json", "--index", "none")
    assert r.returncode == 0 and "死亡 -3：不能为负数" in r.stderr
    out = json.loads(r.stdout)
    assert out["level"] is None and out["status"] == "pending" and out["working_level"] == "IV"
    assert any("补报定级所需事实" in t["action"] for t in out["tasks"])
    r = run("activate", "--type", "燃气事故", "--reading", "gas_lel=30", "--index", "none")
    assert r.returncode == 0 and "预警: 可燃气体浓度 30 %LEL ≥ 25 %LEL（黄色预警）" in r.stdout


@pytest.mark.parametrize("args, says", [
    (("--fact", "sevrity=3"), "sevrity"),                     # an unknown fact name
    (("--fact", "deaths=three"), "deaths"),                   # a malformed value
    (("--fact", "deaths"), "名称=值"),
    (("--deaths", "3x"), "deaths"),
])
def test_activate_unknown_fact_or_malformed_value_exits_2_naming_it(args, says):
    r = run("activate", "--type", "gas", *args, "--index", "none")
    assert r.returncode == 2 and says in r.stderr


def test_activate_json_keys_for_each_kind_of_rule():
    food = json.loads(run("activate", "--type", "food_safety", "--fact", "cases=40", "--fact", "deaths=0",
                          "--json", "--index", "none").stdout)
    assert food["level"] == "IV" and food["referred"] is False and food["authority"] is None
    assert food["criterion"]["source"].endswith("四（2）") and "病例（中毒）人数 40 人" in food["reason"]
    attack = json.loads(run("activate", "--type", "terrorism", "--fact", "deaths=1", "--json",
                            "--index", "none").stdout)
    assert attack["level"] is None and attack["referred"] is True and attack["authority"] == "朝阳公安分局"
    assert "分级另行规定" in attack["reason"] and attack["criterion"] is None
    cholera = json.loads(run("activate", "--type", "public_health", "--fact", "disease=霍乱", "--fact", "cases=30",
                             "--json", "--index", "none").stdout)
    assert cholera["level"] == "II" and "1.3 重大（4）" in cholera["criterion"]["source"]
    dengue = run("activate", "--type", "public_health", "--fact", "disease=登革热", "--fact", "cases=30",
                 "--json", "--index", "none")
    assert dengue.returncode == 0 and json.loads(dengue.stdout)["status"] == "pending" and "登革热" in dengue.stderr


def test_activate_earthquake_needs_the_epicentre():
    blind = json.loads(run("activate", "--type", "earthquake", "--fact", "magnitude=5.2", "--json",
                           "--index", "none").stdout)
    assert blind["status"] == "pending" and any("人口密集" in m for m in blind["missing"])
    placed = json.loads(run("activate", "--type", "earthquake", "--fact", "magnitude=5.2", "--at", "116.47,39.92",
                            "--json", "--index", "none").stdout)
    assert placed["level"] == "II" and "人口密集" in placed["reason"]


def test_activate_help_lists_the_fact_names():
    r = run("activate", "--help")
    assert r.returncode == 0
    for name in ("deaths", "missing", "serious_injuries", "injuries", "direct_loss_yuan", "cases", "disease",
                 "magnitude", "warning_colour", "water_depth_cm", "rainfall_mm"):
        assert f"  {name} " in r.stdout, name


def test_index_builds_the_index_a_console_then_opens_warm(plan_dir, tmp_path):
    """`plans index` (run by a deployment, or by the console on its first start) leaves an
    index from which the library opens without parsing a plan; a broken plan does not stop it."""
    from plans import loader
    from plans.library import PlanLibrary

    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("department: gas_company", "department: gasco"))
    index = tmp_path / "idx.sqlite"
    r = run("index", "--dir", str(plan_dir), "--index", str(index), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["errors"] == 1 and out["counts"]["master"] == 1
    before = loader.PARSE_CALLS["count"]
    lib = PlanLibrary.open(plan_dir, index)
    assert lib.parsed_files == 0 and loader.PARSE_CALLS["count"] == before
    assert len(lib.errors) == 1 and "gasco" in str(lib.errors[0])
    lib.close()
