"""Each kind of validation error names file, line and field, and never stops the other files."""
from __future__ import annotations

import json

from plans.library import PlanLibrary
from plans.schema import SCHEMA_FILE, export_json_schema

from tests.plans.conftest import ENTERPRISE, MASTER, SPECIAL, write


def _open(d):
    return PlanLibrary.open(d)


def _only_error(lib):
    assert len(lib.errors) == 1, [str(e) for e in lib.errors]
    return lib.errors[0]


def test_valid_set_loads_clean(plan_dir):
    lib = _open(plan_dir)
    assert lib.errors == [] and lib.skipped == []
    assert lib.counts() == {"master": 1, "special": 1, "department": 0, "enterprise": 1}


def test_syntax_error_reports_line_and_keeps_other_files(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("tier: special\n", "tier: [special\n"))
    lib = _open(plan_dir)
    e = lib.errors[0]
    assert e.file == "special/special-gas-test.yaml" and e.field == "(YAML)"
    assert 4 <= e.line <= 6, str(e)
    assert "master-test" in lib.plans            # the other files still load
    assert [s.file for s in lib.skipped] == ["special/special-gas-test.yaml"]
    assert str(e).startswith("special/special-gas-test.yaml:")


def test_missing_required_field(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER.replace("title: 测试区突发事件总体应急预案\n", ""))
    e = _only_error(_open(plan_dir))
    assert (e.file, e.field) == ("master/master-test.yaml", "title")
    assert "缺少必填字段" in e.message and "；应" in e.message


def test_wrong_type_names_its_line(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("deadline_minutes: 30", "deadline_minutes: 半小时"))
    e = _only_error(_open(plan_dir))
    assert e.field == "actions[0].deadline_minutes" and e.line == 24
    assert "不是整数" in e.message


def test_unknown_field_and_bad_enum(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER.replace("tier: master", "tier: overall") + "owner: 张三\n")
    lib = _open(plan_dir)
    by_field = {e.field: e for e in lib.errors}
    assert by_field["tier"].line == 4 and "master" in by_field["tier"].message
    assert by_field["owner"].line == 14 and "未知字段" in by_field["owner"].message


def test_duplicate_key(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER + "version: '2'\n")
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("version", 14) and "重复" in e.message


def test_unknown_department(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("department: gas_company", "department: gas_co"))
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("actions[0].department", 24)
    assert "未知部门 'gas_co'" in e.message and "departments/110105.yaml" in e.message


def test_unknown_incident_type(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("incident_types: [gas]", "incident_types: [gas_leak]"))
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("incident_types[0]", 9) and "gas_leak" in e.message


def test_unknown_parent(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("parents: [master-test]", "parents: [master-x]"))
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("parents[0]", 8) and "master-x" in e.message


def test_parent_cycle(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER.replace("incident_types: []", "incident_types: []\nparents: [ent-test-1]"))
    lib = _open(plan_dir)
    cyc = [e for e in lib.errors if "循环" in e.message]
    assert cyc and all(e.field.startswith("parents[") and e.line > 0 for e in cyc)
    assert "master-test" in cyc[0].message and "→" in cyc[0].message
    assert {s.file for s in lib.skipped} >= {"master/master-test.yaml"}


def test_duplicate_id_keeps_the_first(plan_dir):
    write(plan_dir, "special/zz-copy.yaml", SPECIAL)
    lib = _open(plan_dir)
    e = _only_error(lib)
    assert (e.file, e.field, e.line) == ("special/zz-copy.yaml", "id", 2)
    assert "special/special-gas-test.yaml" in e.message
    assert lib.get("chaoyang-special-gas-test").file == "special/special-gas-test.yaml"


def test_enterprise_without_location(plan_dir):
    text = ENTERPRISE.split("site:")[0]
    write(plan_dir, "enterprise/ent-test-1.yaml", text)
    e = _only_error(_open(plan_dir))
    assert e.field == "site" and "enterprise" in e.message


def test_enterprise_outside_district(plan_dir):
    write(plan_dir, "enterprise/ent-test-1.yaml",
          ENTERPRISE.replace("116.4700", "116.3000").replace("{street}", "望京街道"))
    lib = _open(plan_dir)
    e = _only_error(lib)
    assert (e.field, e.line) == ("site", 15) and "不在朝阳区" in e.message
    assert "ent-test-1" not in lib.plans


def test_unknown_street(plan_dir):
    write(plan_dir, "enterprise/ent-test-1.yaml", ENTERPRISE.replace("{street}", "王府井街道"))
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("site.street", 18)


def test_grading_bounds_must_be_ordered(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml",
          SPECIAL.replace("{metric: deaths, min: 10, max: 30}", "{metric: deaths, min: 30, max: 10}"))
    e = _only_error(_open(plan_dir))
    assert e.field == "grading.levels.II[0].when[0]" and e.line == 20
    assert "不大于下限" in e.message


def test_grading_choice_needs_known_values(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml",
          SPECIAL.replace("{metric: deaths, min: 3, max: 10}", "{metric: warning_colour, one_of: [紫]}")
                 .replace("{metric: deaths, max: 3}", "{metric: disease}"))
    msgs = {e.field: e.message for e in _open(plan_dir).errors}
    assert "紫" in msgs["grading.levels.III[0].when[0].one_of"] and "红" in msgs["grading.levels.III[0].when[0].one_of"]
    assert "one_of" in msgs["grading.levels.IV[0].when[0]"]


def test_grading_names_its_source(plan_dir):
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL.replace("  source: 《测试条例》\n", ""))
    e = _only_error(_open(plan_dir))
    assert e.field == "grading.source" and "缺少" in e.message


def test_a_referred_rule_names_an_authority_the_district_knows(plan_dir):
    referred = ("grading:\n  source: 《国家突发事件总体应急预案》\n  referred: true\n  authority: no_such_body\n"
                "  note: 社会安全事件分级另行规定\n")
    a = SPECIAL.index("grading:")
    b = SPECIAL.index("actions:")
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL[:a] + referred + SPECIAL[b:])
    msgs = {e.field: e.message for e in _open(plan_dir).errors}
    assert "no_such_body" in msgs["grading.authority"]


def test_actions_need_owner_and_unique_ids(plan_dir):
    extra = ("- {id: a01, levels: [IV], action: 重复编号, deadline_minutes: 5}\n")
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL + extra)
    msgs = {e.field: e for e in _open(plan_dir).errors}
    assert msgs["actions[1]"].line == 25 and "role" in msgs["actions[1]"].message
    assert "重复" in msgs["actions[1].id"].message


def test_dates_must_exist_and_review_follow_effect(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER.replace("'2025-01-01'", "'2025-02-30'"))
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("effective", 10) and "不是有效日期" in e.message
    write(plan_dir, "master/master-test.yaml", MASTER.replace("'2028-01-01'", "'2024-01-01'"))
    e = _only_error(_open(plan_dir))
    assert e.field == "review_by" and "3 年" in e.message


def test_unquoted_dates_are_accepted(plan_dir):
    write(plan_dir, "master/master-test.yaml", MASTER.replace("'2025-01-01'", "2025-01-01"))
    lib = _open(plan_dir)
    assert lib.errors == [] and lib.get("master-test").effective == "2025-01-01"


def test_not_a_mapping_and_not_utf8(plan_dir):
    write(plan_dir, "special/list.yaml", "- a\n- b\n")
    (plan_dir / "special" / "gbk.yaml").write_bytes("title: 燃气".encode("gbk"))
    lib = _open(plan_dir)
    msgs = {e.file: e.message for e in lib.errors}
    assert "映射" in msgs["special/list.yaml"]
    assert "UTF-8" in msgs["special/gbk.yaml"]
    assert lib.counts()["special"] == 1


def test_json_schema_file_is_current():
    """plan.schema.json is what plans/schema.py exports (regenerate with export_json_schema)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_json_schema()
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["properties"]["tier"]["enum"] == ["master", "special", "department", "enterprise"]
    assert "gas" in schema["properties"]["incident_types"]["items"]["enum"]


def test_warning_criteria_overlap(plan_dir):
    extra = ("warning_criteria:\n"
             "  blue: [{metric: gas_lel, min: 10, max: 25}]\n"
             "  yellow: [{metric: gas_lel, min: 20, max: 50}]\n"
             "  orange: [{metric: gas_lel, min: 50}]\n")
    write(plan_dir, "special/special-gas-test.yaml", SPECIAL + extra)
    e = _only_error(_open(plan_dir))
    assert (e.field, e.line) == ("warning_criteria.yellow[0].min", 27)
    assert "黄色" in e.message and "蓝色" in e.message and "重叠" in e.message
