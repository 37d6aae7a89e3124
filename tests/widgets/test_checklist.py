"""Checklist panel: level and why, tasks by department, countdown, overdue, status round trip."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from plans.model import IncidentFacts
from widgets.checklist import COL_DEADLINE, COL_STATUS, COL_TASK, COL_WHO, OVERDUE_BACKGROUND, ChecklistPanel



@pytest.fixture
def panel(qtbot):
    widget = ChecklistPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def _task_rows(panel):
    rows = []
    for g in range(panel.tree.topLevelItemCount()):
        group = panel.tree.topLevelItem(g)
        rows.extend(group.child(i) for i in range(group.childCount()))
    return rows


def test_level_reason_plans_and_tasks_grouped_by_department(panel, library):
    activation = library.activate(IncidentFacts("hazchem", deaths=12))
    panel.set_activation(activation, datetime.now(timezone.utc))
    assert panel.level_label.text().startswith("II")
    assert panel.reason_label.text() == activation.reason and "12" in activation.reason
    assert activation.plans[0].title in panel.plans_label.text()
    assert panel.resources_label.text().startswith("需调集：")
    assert f"消防车 {activation.resources['fire_engine']}" in panel.resources_label.text()
    departments = {t.department_name or t.department for t in activation.tasks}
    assert panel.tree.topLevelItemCount() == len(departments)
    assert len(_task_rows(panel)) == len(activation.tasks)
    first = _task_rows(panel)[0]
    assert first.text(COL_DEADLINE).startswith("剩余")
    assert first.text(COL_STATUS) == "待处理"


def test_overdue_tasks_stand_out_and_come_first(panel, library):
    activation = library.activate(IncidentFacts("hazchem", deaths=12))
    shortest = min(t.deadline_minutes for t in activation.tasks)
    longest = max(t.deadline_minutes for t in activation.tasks)
    assert shortest < longest  # the corpus has tasks with different deadlines
    started = datetime.now(timezone.utc) - timedelta(minutes=shortest, seconds=30)
    panel.set_activation(activation, started)
    late = panel.task_item(next(t.id for t in activation.tasks if t.deadline_minutes == shortest))
    on_time = panel.task_item(next(t.id for t in activation.tasks if t.deadline_minutes == longest))
    assert late.text(COL_DEADLINE).startswith("超时")
    assert late.background(COL_TASK).color() == OVERDUE_BACKGROUND
    assert not late.icon(COL_TASK).isNull()
    assert on_time.text(COL_DEADLINE).startswith("剩余")
    assert on_time.background(COL_TASK).color() != OVERDUE_BACKGROUND
    group = late.parent()
    assert group.child(0) is late  # sorted to the top of its department
    assert panel.tree.topLevelItem(0).text(0).endswith("项超时")
    assert "超时 " in panel.summary_label.text() and "超时 0" not in panel.summary_label.text()


def test_status_change_is_requested_then_confirmed(qtbot, panel, library):
    activation = library.activate(IncidentFacts("hazchem", deaths=12))
    panel.set_activation(activation, datetime.now(timezone.utc) - timedelta(hours=12))
    row = _task_rows(panel)[0]
    task_id = row.data(0, Qt.ItemDataRole.UserRole)
    panel.tree.setCurrentItem(row)
    panel.note_edit.setText("已到场")
    with qtbot.waitSignal(panel.task_status_change_requested) as blocker:
        qtbot.mouseClick(panel.status_buttons["done"], Qt.MouseButton.LeftButton)
    assert blocker.args == [task_id, "done", "已到场"]
    assert "待确认" in panel.task_item(task_id).text(COL_STATUS)
    at = datetime.now(timezone.utc)
    panel.set_task_status(task_id, "done", "值班员甲", at)
    item = panel.task_item(task_id)
    assert item.text(COL_STATUS) == "已完成"
    assert item.text(COL_WHO) == f"值班员甲 · {at.astimezone().strftime('%H:%M')}"
    assert item.background(COL_TASK).color() != OVERDUE_BACKGROUND  # done is never overdue
    assert item.text(COL_DEADLINE) == "—"


def test_regrade_adds_the_new_tasks_marked_and_keeps_statuses(panel, library):
    facts = IncidentFacts("gas", deaths=2)
    first = library.activate(facts)
    panel.set_activation(first, datetime.now(timezone.utc))
    kept = first.tasks[0].id
    panel.set_task_status(kept, "in_progress", "值班员乙", datetime.now(timezone.utc))
    regrade = library.regrade(first, IncidentFacts("gas", deaths=4))
    assert regrade.current.level == "III" and regrade.added
    added = panel.apply_regrade(regrade)
    assert set(added) == {t.id for t in regrade.added}
    assert panel.task_item(added[0]).text(COL_TASK).startswith("［新增］")
    assert panel.task_item(kept).text(COL_STATUS) == "处理中"
    assert not panel.task_item(kept).text(COL_TASK).startswith("［新增］")
    assert "由 IV 级调整为 III 级" in panel.reason_label.text()
    assert panel.level_label.text().startswith("III")


def test_a_task_running_out_of_time_turns_red_while_shown(qtbot, panel, library):
    activation = library.activate(IncidentFacts("hazchem", deaths=12))
    shortest = min(t.deadline_minutes for t in activation.tasks)
    task = next(t for t in activation.tasks if t.deadline_minutes == shortest)
    started = datetime.now(timezone.utc) - timedelta(minutes=shortest) + timedelta(seconds=1.5)
    panel.set_activation(activation, started)
    assert panel.task_item(task.id).text(COL_DEADLINE).startswith("剩余 00:0")
    qtbot.waitUntil(lambda: panel.task_item(task.id).text(COL_DEADLINE).startswith("超时"), timeout=5000)
    assert panel.task_item(task.id).background(COL_TASK).color() == OVERDUE_BACKGROUND


# -- 示例 marks (issue 16) ----------------------------------------------------------------------

def test_tasks_of_demo_plans_carry_the_sample_badge_and_name_their_plan(qtbot, library):
    from widgets.checklist import COL_PLAN
    panel = ChecklistPanel(library)
    qtbot.addWidget(panel)
    panel.show()
    activation = library.activate(IncidentFacts("gas", deaths=3))
    assert activation.sample
    panel.set_activation(activation, datetime.now(timezone.utc))
    assert panel.sample_label.isVisible() and "示例" in panel.sample_label.text()
    titles = {p.title for p in activation.plans}
    duties = 0
    for row in _task_rows(panel):
        task = panel._tasks[row.data(0, Qt.ItemDataRole.UserRole)].task
        if not task.plan_id:    # a reporting duty of the regulations: its clause, never 示例
            duties += 1
            assert task.basis and row.text(COL_PLAN) == task.basis and row.icon(COL_PLAN).isNull()
            continue
        assert row.text(COL_PLAN) == library.get(task.plan_id).title
        assert not row.icon(COL_PLAN).isNull() and "演示用生成内容" in row.toolTip(COL_PLAN)
        for col in range(panel.tree.columnCount()):   # a title, never the internal id
            assert task.plan_id not in row.text(col) + row.toolTip(col)
    assert duties > 0
    assert titles & {row.text(COL_PLAN) for row in _task_rows(panel)}


def test_without_a_library_the_activation_still_names_and_marks_its_plans(panel, library):
    from widgets.checklist import COL_PLAN
    activation = library.activate(IncidentFacts("hazchem", deaths=12))
    panel.set_activation(activation, datetime.now(timezone.utc))
    rows = [r for r in _task_rows(panel) if panel._tasks[r.data(0, Qt.ItemDataRole.UserRole)].task.plan_id]
    assert rows and all(not r.icon(COL_PLAN).isNull() for r in rows)
    assert all("chaoyang-" not in r.toolTip(COL_TASK) for r in _task_rows(panel))


def test_tasks_of_an_imported_plan_show_no_sample_mark(qtbot, tmp_path):
    from widgets.checklist import COL_PLAN
    from tests.widgets.imported_plans import open_imported_library
    imported = open_imported_library(tmp_path)
    panel = ChecklistPanel(imported)
    qtbot.addWidget(panel)
    panel.show()
    activation = imported.activate(IncidentFacts("gas", deaths=3))
    panel.set_activation(activation, datetime.now(timezone.utc))
    rows = _task_rows(panel)
    assert rows and not panel.sample_label.isVisible()
    assert all(r.icon(COL_PLAN).isNull() and r.text(COL_PLAN) for r in rows)
    assert "示例" not in panel.plans_label.text()
    imported.close()


# -- grading shown honestly (issue 17) ----------------------------------------------------------

def test_a_referred_incident_claims_no_level_and_names_who_sets_it(panel, library):
    from widgets.labels import NEUTRAL_COLOUR
    activation = library.activate(IncidentFacts("terrorism", deaths=1, lon=116.45, lat=39.92))
    assert activation.status == "referred"
    panel.set_activation(activation, datetime.now(timezone.utc))
    assert panel.level_label.text().startswith("另行定级") and activation.authority in panel.level_label.text()
    assert "先期处置" in panel.level_label.text() and "一般" not in panel.level_label.text()
    assert NEUTRAL_COLOUR in panel.level_label.styleSheet()
    assert panel.reason_label.text() == activation.reason and "另行规定" in activation.reason


def test_a_pending_grading_says_what_is_missing(panel, library):
    activation = library.activate(IncidentFacts("drought", lon=116.45, lat=39.92))
    assert activation.status == "pending"
    panel.set_activation(activation, datetime.now(timezone.utc))
    assert panel.level_label.text().startswith("待研判")
    assert activation.reason in panel.reason_label.text()
    assert all(m in panel.reason_label.text() for m in activation.missing)


def test_reporting_duties_show_the_clause_that_requires_them(panel, library):
    from widgets.checklist import COL_PLAN
    activation = library.activate(IncidentFacts("gas", deaths=3, lon=116.45, lat=39.92))
    assert activation.level == "III"
    duties = [t for t in activation.tasks if t.id.startswith("report/")]
    assert duties, "at 较大 the checklist has the reporting chain"
    panel.set_activation(activation, datetime.now(timezone.utc))
    row = panel.task_item(duties[0].id)
    assert row.text(COL_PLAN) == duties[0].basis and duties[0].basis in row.toolTip(COL_TASK)
