"""Every kind of schema error, as the author reads it: file:line: field: what is wrong；what is
expected, in Chinese; and a file with several problems gets one error for each."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from plans import loader, schema
from plans.library import PlanLibrary

from tests.plans.conftest import MASTER, SPECIAL, write

SPECIAL_FILE = "special/special-gas-test.yaml"
MASTER_FILE = "master/master-test.yaml"
ACTION = "- {id: a01, levels: [I, II, III, IV], department: gas_company, action: 切断气源, deadline_minutes: 30}"


def _errors(plan_dir: Path, rel: str, text: str) -> list[str]:
    """The errors of the file written (a rejected plan's children have theirs: not looked at here)."""
    write(plan_dir, rel, text)
    lib = PlanLibrary.open(plan_dir)
    try:
        return [str(e) for e in lib.errors if e.file == rel]
    finally:
        lib.close()


def _special(old: str, new: str) -> str:
    assert old in SPECIAL, old
    return SPECIAL.replace(old, new)


CASES = [
    # type
    ("type", _special("deadline_minutes: 30", "deadline_minutes: 半小时"),
     f'{SPECIAL_FILE}:24: actions[0].deadline_minutes: 值 "半小时" 不是整数；应为整数'),
    # const: the format version, and any other constant
    ("const", _special("schema: 2", "schema: 3"),
     f"{SPECIAL_FILE}:1: schema: 格式版本 3 不受支持；应为 2（本版格式），或 1（旧格式，分级阶梯在加载时转换）"),
    # enum
    ("enum", _special("incident_types: [gas]", "incident_types: [gas_leak]"),
     f'{SPECIAL_FILE}:9: incident_types[0]: 未知取值 "gas_leak"；应为以下之一: '
     "flood, waterlogging, drought, earthquake, geological, forest_fire, forest_pest, meteorological, "
     "snow_fog_cold, air_pollution …（共 40 个）"),
    # minLength
    ("minLength", _special("title: 测试燃气事故应急预案", "title: ''"),
     f"{SPECIAL_FILE}:3: title: 为空；应为非空文本"),
    # pattern, with the field's own title as what is expected
    ("pattern", _special("id: chaoyang-special-gas-test", "id: Gas Test"),
     f'{SPECIAL_FILE}:2: id: 格式不对: "Gas Test"；应为预案编号（如 special-hazchem）'),
    ("pattern hint", _special("review_by: '2028-01-01'", "review_by: '2028/01/01'"),
     f'{SPECIAL_FILE}:12: review_by: 格式不对: "2028/01/01"；应为日期 YYYY-MM-DD'),
    # minimum / maximum
    ("minimum", _special("deadline_minutes: 30", "deadline_minutes: 0"),
     f"{SPECIAL_FILE}:24: actions[0].deadline_minutes: 0 太小；应不小于 1"),
    ("maximum", _special("deadline_minutes: 30", "deadline_minutes: 50000"),
     f"{SPECIAL_FILE}:24: actions[0].deadline_minutes: 50000 太大；应不大于 43200"),
    # minItems
    ("minItems", _special("levels: [I, II, III, IV]", "levels: []"),
     f"{SPECIAL_FILE}:24: actions[0].levels: 至少需要 1 项；现在是空列表"),
    # uniqueItems: each repeat at its own place
    ("uniqueItems", _special("incident_types: [gas]", "incident_types: [gas, gas, gas]"),
     f'{SPECIAL_FILE}:9: incident_types[1]: 重复项 "gas"；每项只应出现一次',
     f'{SPECIAL_FILE}:9: incident_types[2]: 重复项 "gas"；每项只应出现一次'),
    # required: at the mapping that lacks it
    ("required", _special("issuing_body: 测试区人民政府办公室\n", ""),
     f"{SPECIAL_FILE}:1: issuing_body: 缺少必填字段；应填写文本"),
    ("required in a nested mapping", _special("department: gas_company, action: 切断气源, ", "department: gas_company, "),
     f"{SPECIAL_FILE}:24: actions[0].action: 缺少必填字段；应填写文本"),
    # required by the tier (allOf/if/then)
    ("required by tier", SPECIAL.split("actions:")[0],
     f"{SPECIAL_FILE}:1: actions: tier 为 special 的预案缺少此字段；应填写列表"),
    # additionalProperties
    ("additionalProperties", _special("grading:\n  source: 《测试条例》", "grading:\n  source: 《测试条例》\n  sources: 重复"),
     f'{SPECIAL_FILE}:16: grading.sources: 未知字段 "sources"；应为以下之一: source, boundary, note, referred, '
     "judgement, authority, authority_name, requires, levels"),
    # propertyNames (a fact that needs another names both by code)
    ("propertyNames", _special("  note: 测试用分级标准\n", "  note: 测试用分级标准\n  requires: {deaths_total: deaths}\n"),
     f'{SPECIAL_FILE}:18: grading.requires.deaths_total: 未知字段 "deaths_total"；应为以下之一: deaths, missing, '
     "serious_injuries, injuries, direct_loss_yuan, evacuated, affected, casualties, deaths_and_missing, cases …（共 52 个）"),
    ("additionalProperties as a schema", _special("  note: 测试用分级标准\n", "  note: 测试用分级标准\n  requires: {magnitude: density}\n"),
     f'{SPECIAL_FILE}:18: grading.requires.magnitude: 未知取值 "density"；应为以下之一: deaths, missing, '
     "serious_injuries, injuries, direct_loss_yuan, evacuated, affected, casualties, deaths_and_missing, cases …（共 52 个）"),
    # anyOf: a grading rule needs levels, or who sets the level
    ("anyOf", SPECIAL[:SPECIAL.index("grading:")] + "grading:\n  source: 《测试条例》\nactions:\n" + ACTION + "\n",
     f"{SPECIAL_FILE}:14: grading: 既没有各级标准（levels），也没有写明由谁定级；应给出 levels，或 referred: true"
     "（另行定级）/ judgement: true（研判定级）及 authority（部门代码）"),
    # values YAML has but JSON has not: a set, a key that is not text
    ("a set", SPECIAL + "scope: !!set {b, a}\n",
     f'{SPECIAL_FILE}:25: scope: 值 ["a", "b"] 不是文本；应为文本'),
    ("a number as a key", SPECIAL + "2025: 修订\n",
     f'{SPECIAL_FILE}:25: 2025: 未知字段 "2025"；应为以下之一: schema, id, title, tier, district, sample, '
     "issuing_body, lead_department, supporting_departments, parents, incident_types, version, effective, "
     "review_by, source, scope, grading, warning_levels, warning_criteria, command, actions, resources, contacts, "
     "site, sections, district_command_levels"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_schema_error_as_the_author_reads_it(plan_dir, case):
    _, text, *expected = case
    assert _errors(plan_dir, SPECIAL_FILE, text) == expected


def test_a_date_where_text_is_expected(tmp_path, monkeypatch):
    """PyYAML (the fallback parser) reads `2024-01-01` as a date: outside the date fields that
    is not text, and the error shows it as written."""
    monkeypatch.setattr(loader, "yaml_rs", None)
    r = loader.load_file(tmp_path / "x.yaml", "x.yaml", SPECIAL + "scope: 2024-01-01\n")
    assert [str(e) for e in r.errors] == ['x.yaml:25: scope: 值 "2024-01-01" 不是文本；应为文本']
    assert schema.check({**_valid(), "scope": datetime.date(2024, 1, 1)}) == \
        [(("scope",), '值 "2024-01-01" 不是文本；应为文本')]


def test_an_alias_that_contains_itself_is_an_error_not_a_crash(tmp_path, monkeypatch):
    """PyYAML builds a list that holds itself (yaml-rs reads the alias as null)."""
    monkeypatch.setattr(loader, "yaml_rs", None)
    r = loader.load_file(tmp_path / "x.yaml", "x.yaml", SPECIAL + "scope: &loop [*loop]\n")
    assert r.plan is None
    assert [str(e) for e in r.errors] == [
        "x.yaml:1: (文件): 嵌套过深或自我引用（别名 * 指向自身），无法校验；应为由映射、列表、文本和数字组成的普通 YAML 文档"]


def test_a_missing_tier_is_one_error_not_every_tier_s_fields(plan_dir):
    assert _errors(plan_dir, MASTER_FILE, MASTER.replace("tier: master\n", "")) == [
        f"{MASTER_FILE}:1: tier: 缺少必填字段；应填写以下之一: master, special, department, enterprise"]


def test_two_independent_errors_are_both_reported_top_to_bottom(plan_dir):
    text = _special("title: 测试燃气事故应急预案", "title: ''").replace("deadline_minutes: 30", "deadline_minutes: 半小时")
    assert _errors(plan_dir, SPECIAL_FILE, text) == [
        f"{SPECIAL_FILE}:3: title: 为空；应为非空文本",
        f'{SPECIAL_FILE}:24: actions[0].deadline_minutes: 值 "半小时" 不是整数；应为整数',
    ]
    lib = PlanLibrary.open(plan_dir)
    assert [s.file for s in lib.skipped] == [SPECIAL_FILE] and "master-test" in lib.plans


def test_registry_checks_wait_for_the_right_shape(plan_dir):
    """An unknown department is only looked up once the file has the schema's shape: with a
    type error beside it, the type error is what is reported (fix it, and the next check runs)."""
    text = _special("department: gas_company", "department: gas_co").replace("title: 测试燃气事故应急预案", "title: 3")
    assert _errors(plan_dir, SPECIAL_FILE, text) == [f"{SPECIAL_FILE}:3: title: 值 3 不是文本；应为文本"]
    text = _special("department: gas_company", "department: gas_co")
    [e] = _errors(plan_dir, SPECIAL_FILE, text)
    assert e.startswith(f"{SPECIAL_FILE}:24: actions[0].department: 未知部门 'gas_co'（朝阳区没有此部门）")


def _valid() -> dict:
    import yaml
    return schema.normalise(yaml.safe_load(SPECIAL))


def test_a_keyword_without_its_own_message_still_says_what_and_where():
    """Our schema uses no maxLength; a schema that does still gets a Chinese error at its path."""
    checker = schema.Checker({"type": "object", "properties": {"a": {"type": "string", "maxLength": 2}}})
    [(path, message)] = checker.check({"a": "abc"})
    assert path == ("a",) and message.startswith("不符合 plan.schema.json 的 maxLength 规定（") and "；应" in message


def test_a_value_the_validator_cannot_read_is_never_taken_as_valid():
    """A key that is not text makes the validator refuse the document; if, as text, it breaks no
    rule, the document is still not passed as valid."""
    checker = schema.Checker({"type": "object"})
    assert checker.check_fast({1: "x"}) == [((), "含无法识别的值；应为由映射、列表、文本和数字组成的 YAML 文档")]
    assert checker.check_fast({"1": "x"}) == []
