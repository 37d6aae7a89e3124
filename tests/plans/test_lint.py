"""System lint finds the gaps a plan manager must close."""
from __future__ import annotations

from datetime import date

from plans.library import PlanLibrary
from plans.lint import lint

from tests.plans.conftest import write


def test_lint_small_set(plan_dir):
    write(plan_dir, "special/todo.yaml", "# TODO-REVIEW: 分级标准未在原文中找到\nschema: 1\n")
    lib = PlanLibrary.open(plan_dir)
    found = lint(lib, today=date(2028, 6, 1))
    kinds = [f.kind for f in found]
    assert kinds.count("uncovered_type") == 39          # only gas has a special plan here
    assert {f.plan_id for f in found if f.kind == "review_overdue"} == {"master-test", "chaoyang-special-gas-test", "ent-test-1"}
    assert not [f for f in lint(lib, today=date(2026, 1, 1)) if f.kind == "review_overdue"]
    dep = [f for f in found if f.kind == "dept_without_plan"]
    assert [f.plan_id for f in dep] == ["chaoyang-special-gas-test"] and "燃气集团朝阳分公司" in dep[0].message
    todo = [f for f in found if f.kind == "todo_review"]
    assert ("special/todo.yaml", 1) in {(f.file, f.line) for f in todo}


def test_lint_reports_sites_outside_and_wrong_street(plan_dir):
    text = (plan_dir / "enterprise/ent-test-1.yaml").read_text(encoding="utf-8")
    write(plan_dir, "enterprise/ent-test-2.yaml", text.replace("ent-test-1", "ent-test-2").replace("116.4700", "116.2"))
    write(plan_dir, "enterprise/ent-test-3.yaml", text.replace("ent-test-1", "ent-test-3").replace("39.9950", "39.9150"))
    found = lint(PlanLibrary.open(plan_dir), today=date(2025, 6, 1))
    outside = [f for f in found if f.kind == "site_outside"]
    assert [(f.file, f.line) for f in outside] == [("enterprise/ent-test-2.yaml", 15)]
    assert [f.plan_id for f in found if f.kind == "site_street"] == ["ent-test-3"]


def test_lint_keeps_demo_content_honest(plan_dir):
    """A 示例 plan may not carry a number someone could dial or a document number; generated
    content without the mark is found too."""
    text = (plan_dir / "special/special-gas-test.yaml").read_text(encoding="utf-8")
    write(plan_dir, "special/special-gas-test.yaml", text.replace("source: 测试", "source: 测试\nsample: true\n"
                                                                   "contacts:\n- {role: 值班室, phone: 010-6509 1234}\n"
                                                                   "version_note: x").replace("version_note: x\n", "")
          .replace("version: '1'", "version: 2022年修订（朝政发〔2022〕3号）"))
    master = (plan_dir / "master/master-test.yaml").read_text(encoding="utf-8")
    write(plan_dir, "master/master-test.yaml", master.replace("source: 测试", "source: 示例：演示用生成内容"))
    found = lint(PlanLibrary.open(plan_dir), today=date(2025, 6, 1))
    by_kind = {f.kind: f for f in found}
    assert "010-6509 1234" in by_kind["dialable_phone"].message
    assert "朝政发〔2022〕3号" in by_kind["doc_number"].message
    assert by_kind["sample_unmarked"].plan_id == "master-test"
    # the fictitious form passes
    write(plan_dir, "special/special-gas-test.yaml", text.replace("source: 测试", "source: 测试\nsample: true\n"
                                                                   "contacts:\n- {role: 值班室, phone: 010-0000 0001}"))
    assert "dialable_phone" not in {f.kind for f in lint(PlanLibrary.open(plan_dir), today=date(2025, 6, 1))}


def test_lint_gives_no_advice_that_makes_no_sense():
    """The district government writes no department plan; 东城 has no forest to need a forest-fire plan."""
    lib = PlanLibrary.open(None, None)
    found = lint(lib, today=date(2025, 6, 1))
    dep = [f for f in found if f.kind == "dept_without_plan"]
    assert not any("（district_gov）" in f.message or "（emergency_committee）" in f.message
                   or "（street_offices）" in f.message for f in dep)
    assert not any(f.kind == "uncovered_type" for f in found)
    assert lint(lib, today=date(2025, 6, 1), district="110101")   # per district


def test_a_plan_of_an_unknown_district_or_department_is_named_with_its_line(plan_dir):
    text = (plan_dir / "special/special-gas-test.yaml").read_text(encoding="utf-8")
    write(plan_dir, "special/special-gas-test.yaml", text.replace("district: '110105'", "district: '110108'"))
    lib = PlanLibrary.open(plan_dir)
    e = next(e for e in lib.errors if e.file == "special/special-gas-test.yaml")
    assert (e.field, e.line) == ("district", 5) and "110101" in e.message
    assert lib.counts()["master"] == 1                       # the rest still loads
    # a 东城 plan may only name 东城's departments: 朝阳 has an 农业农村局, 东城 has none
    write(plan_dir, "special/special-gas-test.yaml", text.replace("district: '110105'", "district: '110101'")
          .replace("department: gas_company", "department: agriculture"))
    e = next(e for e in PlanLibrary.open(plan_dir).errors if e.file == "special/special-gas-test.yaml")
    assert e.field == "actions[0].department" and "东城区没有此部门" in e.message
