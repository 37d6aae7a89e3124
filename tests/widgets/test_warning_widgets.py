"""The compose dialog and the warnings panel on a real WarningFlow over a LiveState (no server:
alerts are put into the alerts layer as the sync engine would)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from cap import Area, EarlyWarning, IdentifierMaker, issue, issuer_code, now_bj, parse_alert, to_xml
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker
from console.warning_flow import WarningFlow
from widgets.warning_list import WarningList

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "cap"


@pytest.fixture
def make_flow(qtbot):
    def make(drill: bool = False, operator: str = "王值班", data_dir=None, signed_in=None):
        state = LiveState()
        panel = WarningList(state)
        qtbot.addWidget(panel)
        # what a WarningFlow is given (console/services.Ui): no server and no map here
        window = QWidget()  # dialogs need a real parent
        qtbot.addWidget(window)
        window.panels, window.central = {"warnings": panel}, None
        window.when_panel = lambda name, attach: attach(window.panels[name])
        settings = Settings(drill_mode=drill, operator=operator)
        who = signed_in if signed_in is not None else {}
        return (WarningFlow(state, CommandTracker(), lambda: settings, window, data_dir,
                            signed_in=lambda: who.get("answer")), panel, state)
    return make


def _as(who: dict, name: str, role: str) -> None:
    """Sign `name` in (what the server's sign-in answer says of the operator)."""
    who["answer"] = {"operator": {"name": name, "display_name": name, "role": role}}


def _published(state: LiveState, w: EarlyWarning, when=None) -> str:
    issued = issue(w, IdentifierMaker(issuer_code("110105")), now=when or now_bj())
    xml = to_xml(issued)
    state.apply("alerts", [{"id": issued.identifier, "xml": xml, "sender": issued.sender}])
    return issued.identifier


def test_composer_builds_areas_from_streets_and_grid_cells_and_reports_gaps(make_flow, qtbot):
    flow, panel, _ = make_flow()
    dialog = flow.open_composer()
    qtbot.addWidget(dialog)
    dialog.headline_edit.setText("三里屯地区大风蓝色预警")
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData("蓝"))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()  # no drawing on the map yet
    assert "地图上还没有绘制区域" in dialog.error_label.text() and not flow.drafts
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findData("streets"))
    save.click()
    assert "至少选择一个街乡" in dialog.error_label.text()
    dialog.street_list.item(0).setSelected(True)
    dialog.street_list.item(1).setSelected(True)
    names = [dialog.street_list.item(i).text() for i in (0, 1)]
    save.click()
    (draft,) = flow.drafts.values()
    assert draft.areas[0].desc == "、".join(names) and len(draft.areas[0].polygons) >= 2
    assert draft.drafted_by == "王值班" and draft.status == "Actual" and draft.colour == "蓝"

    dialog = flow.open_composer()
    qtbot.addWidget(dialog)
    dialog.headline_edit.setText("网格内积水")
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findData("grid"))
    dialog.grid_edit.setText("110105-999-999x")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "110105-999-999x" in dialog.error_label.text()
    from maps.places import grid_id

    dialog.grid_edit.setText(grid_id("110105", 116.45, 39.93))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert len(flow.drafts) == 2
    assert [r["status"] for r in panel.rows()] == ["草稿，待审核", "草稿，待审核"]


def test_drill_mode_forces_exercise(make_flow, qtbot):
    flow, _, _ = make_flow(drill=True)
    dialog = flow.open_composer()
    qtbot.addWidget(dialog)
    assert dialog.exercise_check.isChecked() and not dialog.exercise_check.isEnabled()
    draft = flow.save_draft(EarlyWarning(type="fire", colour="橙", headline="h", status="Actual",
                                         areas=(Area("a", circles=((116.4, 39.9, 100.0),)),)))
    assert flow.drafts[draft].status == "Exercise"


def test_panel_lists_oasis_examples_and_expired_alerts_leave_the_map(make_flow):
    flow, panel, state = make_flow()
    for name in ("cap12_appendixA1_homeland_security_advisory.xml",
                 "cap12_appendixA2_severe_thunderstorm_warning.xml"):
        alert = parse_alert((EXAMPLES / name).read_bytes())
        state.apply("alerts", [{"id": alert.identifier, "xml": alert.xml, "sender": alert.sender}])
    rows = {r["id"]: r for r in panel.rows()}
    assert rows["43b080713727"]["kind_text"] == "外部预警" and rows["43b080713727"]["status"] == "生效中"
    assert rows["KSTO1055887203"]["status"] == "已过期"
    assert panel.table.rowCount() == 2
    shown = {panel.table.item(r, 2).text() for r in range(2)}
    assert shown == {"Homeland Security Sets Code ORANGE", "SEVERE THUNDERSTORM WARNING"}
    assert flow.drawn_records() == set()  # A1 has no geometry, A2 expired in 2003

    now = now_bj()
    live = _published(state, EarlyWarning(type="flood", colour="红", headline="暴雨红色预警",
                                          areas=(Area("全区", circles=((116.45, 39.93, 5000.0),)),),
                                          effective=now - timedelta(hours=2), expires=now + timedelta(hours=1)))
    gone = _published(state, EarlyWarning(type="flood", colour="黄", headline="已过期的预警",
                                          areas=(Area("全区", circles=((116.45, 39.93, 5000.0),)),),
                                          effective=now - timedelta(hours=3), expires=now - timedelta(hours=1)),
                      when=now - timedelta(seconds=1))
    assert flow.drawn_records() == {f"{live}#0c0"}
    # double-click on the row: its area is selected on the map; a map click selects the row
    assert flow.focus(live) and state.selection == ("warning_areas", f"{live}#0c0")
    assert not flow.focus(gone) and "不在地图上" in panel.message.text()
    state.select("", "")
    state.select("warning_areas", f"{live}#0c0")
    assert panel.selected() == ("alert", live)
    rows = {r["id"]: r for r in panel.rows()}
    assert rows[live]["own"] and rows[live]["status"] == "生效中"
    assert rows[gone]["status"] == "已过期"
    # later, the live one expires too: the next refresh takes it off the map
    assert flow.states(now + timedelta(hours=2))[live] == "expired"


def test_panel_buttons_follow_the_selection(make_flow):
    who: dict = {}
    flow, panel, state = make_flow(signed_in=who)
    _as(who, "王值班", "duty_officer")
    draft = flow.save_draft(EarlyWarning(type="gas", colour="黄", headline="h",
                                         areas=(Area("a", circles=((116.4, 39.9, 100.0),)),)))
    assert flow.drafts[draft].drafted_by == "王值班"           # the operator signed in drafts
    assert not panel.approve_button.isEnabled()
    panel.select("draft", draft)
    assert panel.approve_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert not hasattr(panel, "approver_edit")                 # no typed name approves anything
    panel.approve_button.click()                               # the duty officer cannot sign
    assert "须由指挥长" in panel.message.text() and "王值班（值班员）" in panel.message.text()
    who.clear()
    panel.approve_button.click()                               # nobody signed in
    assert "尚未登录" in panel.message.text() and not flow.drafts[draft].approved_by
    _as(who, "赵主任", "commander")                              # 切换用户: the commander
    panel.approve_button.click()
    assert flow.drafts[draft].approved_by == "赵主任" and flow.drafts[draft].approved_at is not None
    assert panel.rows()[0]["people"] == "王值班 / 赵主任"


def test_the_drafter_cannot_approve_even_as_a_commander(make_flow):
    who: dict = {}
    flow, panel, _ = make_flow(signed_in=who)
    _as(who, "李指挥", "commander")
    draft = flow.save_draft(EarlyWarning(type="gas", colour="黄", headline="h",
                                         areas=(Area("a", circles=((116.4, 39.9, 100.0),)),)))
    panel.select("draft", draft)
    panel.approve_button.click()
    assert "起草人不能审核自己的预警" in panel.message.text() and not flow.drafts[draft].approved_by


def test_drafts_and_approvals_survive_a_restart(make_flow, tmp_path):
    who: dict = {}
    flow, _, _ = make_flow(data_dir=tmp_path, signed_in=who)
    draft = flow.save_draft(EarlyWarning(type="flood", colour="橙", headline="暴雨橙色预警",
                                         areas=(Area("a", polygons=(((116.4, 39.9), (116.5, 39.9),
                                                                     (116.5, 40.0), (116.4, 39.9)),)),),
                                         expires=now_bj() + timedelta(hours=3)))
    _as(who, "赵主任", "commander")
    flow.approve(draft)
    again, panel, _ = make_flow(data_dir=tmp_path)  # a new console session on the same data folder
    assert again.drafts == flow.drafts
    assert again.drafts[draft].approved_by == "赵主任"
    assert panel.rows()[0]["status"] == "已审核，待发布"
    (tmp_path / "warning-drafts.json").write_text("{broken", encoding="utf-8")
    third, _, _ = make_flow(data_dir=tmp_path)
    assert third.drafts == {} and (tmp_path / "warning-drafts.bad").exists()
