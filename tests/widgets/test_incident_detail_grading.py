"""The incident detail shows the level honestly (待研判 and 另行定级 claim none, and say why
and what to do), the facts as the regulations count them (an older record's 受伤 is 受伤,
never 重伤), and the level an authority decided with who and when."""
from __future__ import annotations

from core import regrade as rg
from core.state import LiveState
from widgets.incident_detail import IncidentDetail


def _detail(qtbot, library, incident: dict) -> IncidentDetail:
    state = LiveState()
    state.apply("incidents", [incident], [])
    detail = IncidentDetail(state)
    detail.grade = lambda inc: library.activate(rg.facts_of(inc))
    qtbot.addWidget(detail)
    detail.show_incident(incident["id"])
    return detail


def _rows(detail) -> dict[str, str]:
    from PySide6.QtWidgets import QFormLayout
    out = {}
    for r in range(detail.facts.rowCount()):
        label = detail.facts.itemAt(r, QFormLayout.ItemRole.LabelRole)
        field = detail.facts.itemAt(r, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None:
            out[label.widget().text()] = field.widget().text()
    return out


def _incident(type_, facts, level="IV"):
    return {"id": "INC-7", "type": type_, "title": "测试", "level": level, "status": "active",
            "lon": 116.4595, "lat": 39.9087, "district": "110105", "facts": facts}


def test_an_older_records_injured_shows_as_injured_not_as_serious(qtbot, library):
    detail = _detail(qtbot, library, _incident("gas", {"deaths": 1, "injured": 12, "loss_yuan": 9_999_999,
                                                      "caller": "王先生"}))
    rows = _rows(detail)
    assert rows["受伤"] == "12 人" and "重伤（含急性中毒）" not in rows
    assert rows["直接经济损失"] == "999.9999 万元" and rows["报警人"] == "王先生"
    assert "injured" not in rows and "loss_yuan" not in rows
    assert "IV级 一般" in detail.title_label.text()


def test_a_disease_the_rules_do_not_know_shows_pending_with_what_is_missing(qtbot, library):
    detail = _detail(qtbot, library, _incident("public_health", {"cases": 12, "disease": "登革热"}))
    assert "待研判" in detail.title_label.text() and "IV级" not in detail.title_label.text()
    rows = _rows(detail)
    assert rows["定级"].startswith("待研判") and "登革热" in rows["定级说明"]
    assert rows["病种"] == "登革热" and rows["病例（中毒）人数"] == "12 人"


def test_a_referred_incident_names_its_authority_and_where_to_record_the_level(qtbot, library):
    detail = _detail(qtbot, library, _incident("terrorism", {"deaths": 1}))
    authority = detail.activation.authority
    assert f"另行定级（{authority}）" in detail.title_label.text()
    assert "更新事实/重新定级" in _rows(detail)["记录定级"]


def test_a_recorded_level_shows_with_who_and_when(qtbot, library):
    detail = _detail(qtbot, library, _incident("terrorism", {
        "deaths": 1, "decided_level": "II", "decided_by": "李指挥", "decided_at": "2026-07-01T10:00:00+08:00"},
        level="II"))
    assert detail.activation.graded and "II级 重大" in detail.title_label.text()
    rows = _rows(detail)
    assert rows["主管部门定级"] == "II级 重大（李指挥，2026-07-01T10:00:00+08:00）"
    assert "记录定级" not in rows and "decided_level" not in rows
