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
    assert {f.plan_id for f in found if f.kind == "review_overdue"} == {"master-test", "special-gas-test", "ent-test-1"}
    assert not [f for f in lint(lib, today=date(2026, 1, 1)) if f.kind == "review_overdue"]
    dep = [f for f in found if f.kind == "dept_without_plan"]
    assert [f.plan_id for f in dep] == ["special-gas-test"] and "燃气集团朝阳分公司" in dep[0].message
    todo = [f for f in found if f.kind == "todo_review"]
    assert ("special/todo.yaml", 1) in {(f.file, f.line) for f in todo}


def test_lint_reports_sites_outside_and_wrong_street(plan_dir):
    text = (plan_dir / "enterprise/ent-test-1.yaml").read_text(encoding="utf-8")
    write(plan_dir, "enterprise/ent-test-2.yaml", text.replace("ent-test-1", "ent-test-2").replace("116.4700", "116.2"))
    write(plan_dir, "enterprise/ent-test-3.yaml", text.replace("ent-test-1", "ent-test-3").replace("39.9950", "39.9150"))
    found = lint(PlanLibrary.open(plan_dir), today=date(2025, 6, 1))
    outside = [f for f in found if f.kind == "site_outside"]
    assert [(f.file, f.line) for f in outside] == [("enterprise/ent-test-2.yaml", 14)]
    assert [f.plan_id for f in found if f.kind == "site_street"] == ["ent-test-3"]
