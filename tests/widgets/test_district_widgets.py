"""Issue 16 in the widgets: the intake form, the incident detail and the dispatch proposal
say whose an incident is (another district, near a boundary, outside both) on a real screen."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from core import recommend
from core.state import LiveState
from maps.places import place_dict
from maps.scene import build_scene
from widgets.dispatch_panel import DispatchPanel
from widgets.incident_detail import IncidentDetail
from widgets.incident_form import IncidentForm

DONGCHENG = (116.417, 39.928)      # 东城, well inside (not within 500 m of 朝阳)
CHAOYANG = (116.48, 39.92)         # 朝阳, well inside
EDGE = (116.432, 39.92)            # 朝阳, ~300 m from 东城
HAIDIAN = (116.30, 39.96)          # in neither district
NOON = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)


@pytest.fixture
def home_chaoyang(library):
    before = library.home_district
    library.home_district = "110105"
    yield library
    library.home_district = before


def _form(qtbot, library, point):
    form = IncidentForm(library, place_dict(*point))
    qtbot.addWidget(form)
    return form


def test_a_point_outside_both_districts_cannot_be_filed_and_nothing_typed_is_lost(qtbot, home_chaoyang):
    form = _form(qtbot, home_chaoyang, HAIDIAN)
    form.caller_edit.setText("王先生")
    form.description.setPlainText("路口有燃气味")
    form.type_combo.setCurrentIndex(form.type_combo.findData("gas"))
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    text = form.reason_label.text()
    assert "116.30000" in text and "不在" in text and "东城区" in text and "朝阳区" in text  # what, where
    assert "请核对经纬度" in text                                                         # what to do
    filed = []
    form.incident_filed.connect(filed.append)
    form.accept()
    assert form.confirm_box is None   # not even asked: there is nothing it could file
    assert filed == [] and form.caller_edit.text() == "王先生"
    assert form.description.toPlainText() == "路口有燃气味"


def test_an_incident_in_the_other_district_is_flagged_before_it_is_filed(qtbot, home_chaoyang):
    form = _form(qtbot, home_chaoyang, DONGCHENG)
    form.type_combo.setCurrentIndex(form.type_combo.findData("gas"))
    assert form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert form.district_label.isVisibleTo(form)
    assert "事发地在东城区" in form.district_label.text() and "通报" in form.district_label.text()
    assert form.incident()["district"] == "110101"
    near = _form(qtbot, home_chaoyang, EDGE)
    near.type_combo.setCurrentIndex(near.type_combo.findData("gas"))
    assert near.district_label.text() == "距东城区界 500 米内"
    own = _form(qtbot, home_chaoyang, CHAOYANG)
    own.type_combo.setCurrentIndex(own.type_combo.findData("gas"))
    assert not own.district_label.isVisibleTo(own)


def _detail(qtbot, incident: dict, home: str) -> IncidentDetail:
    state = LiveState()
    state.apply("incidents", [incident], [])
    detail = IncidentDetail(state)
    qtbot.addWidget(detail)
    detail.set_home_district(home)
    detail.show_incident(incident["id"])
    return detail


def _incident(point, district=None, **extra):
    return {"id": "INC-1", "type": "gas", "title": "燃气泄漏", "level": "IV", "status": "active",
            "lon": point[0], "lat": point[1], "district": district, **extra}


def test_detail_banner_names_the_district_and_the_commander_may_take_it_with_a_reason(qtbot):
    detail = _detail(qtbot, _incident(DONGCHENG, "110101"), "110105")
    assert detail.district_banner.isVisibleTo(detail)
    assert detail.district_banner.text() == "事发地在东城区，不属本区辖区；已列入向东城区应急管理局通报的任务"
    assert detail.support_button.isVisibleTo(detail)
    asked = []
    detail.support_requested.connect(lambda rid, why: asked.append((rid, why)))
    detail.support_button.click()
    detail.support_dialog.setTextValue("   ")
    detail.support_dialog.accept()
    assert asked == [] and "理由" in detail.notice.text()   # an empty reason is not recorded
    detail.support_button.click()
    detail.support_dialog.setTextValue("东城区力量均在外，本区消防站最近")
    detail.support_dialog.accept()
    assert asked == [("INC-1", "东城区力量均在外，本区消防站最近")]
    # once the note is in the timeline the banner says the incident was taken, and why
    detail.set_record({"id": "INC-1", "timeline": [
        {"type": "incident.note", "at": "2026-11-21T04:00:00+00:00", "operator": "李指挥",
         "detail": {"text": "跨区支援：本区（朝阳区）接手处置东城区的事件；理由：东城区力量均在外"}}]})
    assert "跨区支援：本区（朝阳区）接手处置东城区的事件" in detail.district_banner.text()
    # the console switched to 东城: the same incident is its own, no banner, no take-over
    detail.set_home_district("110101")
    assert detail.district_banner.isHidden() and detail.support_button.isHidden()


def test_detail_marks_an_incident_near_the_boundary_and_one_outside_both(qtbot):
    edge = _detail(qtbot, _incident(EDGE), "110105")   # no district in the record: its point decides
    assert edge.district_banner.text() == "距东城区界 500 米内：两区力量均可调派"
    assert edge.support_button.isHidden()
    away = _detail(qtbot, _incident(HAIDIAN), "110105")
    assert "不在" in away.district_banner.text() and "移交属地区" in away.district_banner.text()
    assert away.support_button.isHidden()


def _units():
    return build_scene().units


def test_dispatch_proposes_the_incident_districts_units_first_and_says_so(qtbot):
    units = _units()
    own = [u for u in units if u["district"] == "110101" and u["kind"] == "ambulance"
           and u["status"] == "available"]
    inc = {"id": "INC-D", "title": "东四燃气爆炸", "lon": DONGCHENG[0], "lat": DONGCHENG[1], "district": "110101"}
    rec = recommend.recommend(inc, {"ambulance": len(own) + 2}, units, now=NOON)
    picks = [c for c in rec.picks]
    assert {c.unit_id for c in picks[:len(own)]} == {u["id"] for u in own}          # all own first
    assert [c.basis for c in picks] == ["own"] * len(own) + ["other"] * 2           # then 朝阳's
    assert rec.district == "110101" and rec.near == ()
    panel = DispatchPanel(LiveState())
    qtbot.addWidget(panel)
    panel.set_proposal(inc, {"ambulance": len(own) + 2}, rec)
    assert "先调派事发地东城区的力量" in panel.header.text()
    assert "其他区力量仅在本区同类力量用尽后列出" in panel.header.text()
    assert panel.tree.topLevelItem(0).text(4).startswith("事发地东城区力量优先；")
    assert panel.tree.topLevelItem(len(own)).text(4).startswith("朝阳区力量（排在东城区同类可调派单位之后）")


def test_near_the_boundary_both_districts_units_compete_on_time(qtbot):
    units = _units()
    inc = {"id": "INC-E", "title": "建国门外燃气泄漏", "lon": EDGE[0], "lat": EDGE[1]}
    pool = [u for u in units if u["kind"] == "ambulance" and u["status"] == "available"]
    ranked = recommend.rank_units(inc, pool, NOON)
    assert [round(c.eta_s, 6) for c in ranked] == sorted(round(c.eta_s, 6) for c in ranked)   # time alone
    assert {c.basis for c in ranked} == {"own", "neighbour"}
    assert all(c.basis == "neighbour" for c in ranked if c.district == "110101")
    rec = recommend.recommend(inc, {"ambulance": 2}, units, now=NOON)
    assert rec.district == "110105" and rec.near == ("110101",)
    panel = DispatchPanel(LiveState())
    qtbot.addWidget(panel)
    panel.set_proposal(inc, {"ambulance": 2}, rec)
    assert "距东城区界500米内，两区力量均可调派" in panel.header.text()
    neighbour = next(c for c in ranked if c.basis == "neighbour")
    assert panel.whose(neighbour) == "事发地距东城区界500米内，东城区力量可一并调派；"


def test_away_from_the_boundary_other_districts_units_come_after_every_own_unit():
    units = _units()
    inc = {"id": "INC-C", "lon": 116.445, "lat": 39.92}   # 朝阳, ~1 km from 东城
    pool = [u for u in units if u["kind"] == "ambulance" and u["status"] == "available"]
    ranked = recommend.rank_units(inc, pool, NOON)
    districts = [c.district for c in ranked]
    first_other = districts.index("110101")
    assert set(districts[:first_other]) == {"110105"} and set(districts[first_other:]) == {"110101"}
    plain = sorted(ranked, key=lambda c: (round(c.eta_s, 6), c.unit_id))
    assert plain != ranked   # a 东城 ambulance is quicker than some 朝阳 ones: the order is by district first
