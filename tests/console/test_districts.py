"""Issue 16 in the running console: it serves one district (settings, --district, preferences),
and each incident is handled under its own district's plans: flagged when it is another
district's, with a 通报 task, a timeline line and a recorded reason for taking it."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from core import regrade as rg
from console.cli import build_gui_parser
from console.settings import SettingsStore
from core.settings import Settings
from plans.model import IncidentFacts

DONGCHENG = (116.417, 39.928)      # 东城, not within 500 m of 朝阳
HAIDIAN = (116.30, 39.96)          # in neither district


# -- no screen needed ------------------------------------------------------------------------
def test_the_district_is_a_typed_setting_with_a_default_and_a_fallback(tmp_path):
    assert Settings().district == "110105"
    path = tmp_path / "settings.ini"
    SettingsStore(path).save(replace(Settings(), district="110101"))
    assert SettingsStore(path).load().district == "110101"
    path.write_text("[settings]\ndistrict=110108\ntheme=light\n", encoding="utf-8")
    s = SettingsStore(path).load()
    assert s.district == "110105" and s.theme == "light"   # a district it cannot serve: the default


def test_district_on_the_command_line_and_a_clear_error_for_a_bad_one(capsys):
    parser = build_gui_parser()
    assert parser.parse_args(["--district", "110101"]).district == "110101"
    assert parser.parse_args(["--district", "朝阳"]).district == "110105"
    assert parser.parse_args([]).district is None   # the settings decide
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["--district", "110108"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "110108" in err and "110101 (东城区)" in err and "110105 (朝阳区)" in err


def test_incident_facts_carry_the_recorded_district_but_the_update_payload_does_not():
    inc = {"type": "gas", "lon": DONGCHENG[0], "lat": DONGCHENG[1], "district": "110101",
           "facts": {"deaths": 1}}
    f = rg.facts_of(inc)
    assert (f.district, f.lon, f.lat) == ("110101", *DONGCHENG)
    assert rg.facts_of({**inc, "district": "110108"}).district is None   # unknown: the point decides
    assert rg.facts_payload(f) == {"deaths": 1}


# -- the running console ------------------------------------------------------------------------
def _status_label(window) -> QLabel:
    return window.findChild(QLabel, "home_district")


def test_the_console_names_its_district_and_switching_takes_effect_at_once(make_shell, run_coro):
    shell = make_shell(wait_for_data=False)
    window = shell.window
    assert window.windowTitle() == "应急指挥控制台 · 朝阳区"
    assert _status_label(window).text() == "本区：朝阳区"
    lib = shell.plan_library
    assert lib.home_district == "110105"
    assert lib.activate(IncidentFacts("gas", lon=DONGCHENG[0], lat=DONGCHENG[1])).outside_district
    # 设置 → 首选项 chooses 东城: title, status bar and plan library follow without a restart
    shell.apply_settings(replace(shell.settings, district="110101"))
    assert window.windowTitle() == "应急指挥控制台 · 东城区"
    assert _status_label(window).text() == "本区：东城区"
    assert lib.home_district == "110101"
    assert not lib.activate(IncidentFacts("gas", lon=DONGCHENG[0], lat=DONGCHENG[1])).outside_district
    assert SettingsStore(shell.paths.settings_file).load().district == "110101"   # kept for next time


def test_district_from_the_command_line(make_shell, run_coro):
    shell = make_shell("--district", "110101", "--lang", "en", wait_for_data=False)
    assert shell.window.windowTitle() == "Emergency Command Console · Dongcheng District"
    assert _status_label(shell.window).text() == "Home district: Dongcheng District"
    assert shell.plan_library.home_district == "110101"


def test_a_place_outside_both_districts_asks_again_keeping_what_was_typed(make_shell, qtbot):
    shell = make_shell(wait_for_data=False)
    flow = shell.incidents
    flow.ask_place()
    first = flow.place_dialog
    first.setTextValue("116.30,39.96")
    first.accept()
    qtbot.waitUntil(lambda: flow.place_dialog is not first and flow.place_dialog.isVisible())
    again = flow.place_dialog
    assert again.textValue() == "116.30,39.96"
    assert "116.30000" in again.labelText() and "不在朝阳区、东城区范围内" in again.labelText()
    assert "请核对经纬度" in again.labelText()
    assert "116.30000" in shell.window.statusBar().currentMessage()
    assert shell.incidents.form is None   # nothing was filed
    again.setTextValue("116.4595,39.9087")   # corrected: the form opens
    again.accept()
    qtbot.waitUntil(lambda: shell.incidents.form is not None)
    again.close()


def _timeline(detail) -> list[str]:
    m = detail.timeline_model
    return [m.data(m.index(r, 2)) for r in range(m.rowCount())]


@pytest.mark.timeout(240)
def test_an_incident_in_the_other_district_is_flagged_notified_and_may_be_taken(make_shell, qtbot, run_coro):
    shell = make_shell()
    state, flow = shell.state, shell.incidents
    from maps.places import place_dict

    # filed in 东城 from a 朝阳 console: it is 东城's (the server places it there)
    flow.new_incident(place_dict(*DONGCHENG))
    form = shell.incidents.form
    form.type_combo.setCurrentIndex(form.type_combo.findData("gas"))
    form.title_edit.setText("东四胡同燃气泄漏")
    before = set(state.records("incidents"))
    form.accept()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # 确认立案
    qtbot.waitUntil(lambda: bool(set(state.records("incidents")) - before), timeout=30_000)
    inc_id = (set(state.records("incidents")) - before).pop()
    incident = state.get("incidents", inc_id)
    assert incident["district"] == "110101"

    # activated under 东城's plans; the checklist has the 通报 task to 东城
    act = shell.plan_library.activate(rg.facts_of(incident))
    assert act.district_code == "110101" and act.outside_district
    notify = [t for t in act.tasks if t.id.endswith("/notify-110101")]
    assert len(notify) == 1 and "东城区应急管理局" in notify[0].action
    shell.activation.activate(act, inc_id)
    checklist = shell.window.panel("checklist")
    assert any(t.id == notify[0].id for t in checklist.activation.tasks)
    qtbot.waitUntil(lambda: state.get("tasks", f"{inc_id}/{notify[0].id}"[:64]) is not None, timeout=30_000)

    # the detail: banner naming the district, the flag in the timeline (once), the take-over
    state.select("incidents", inc_id)
    shell.window.show_panel("incident_detail")
    detail = flow.detail
    qtbot.waitUntil(lambda: detail.incident_id == inc_id)
    assert detail.district_banner.text() == "事发地在东城区，不属本区辖区；已列入向东城区应急管理局通报的任务"
    flag = "事发地在东城区，不属本区（朝阳区）辖区；已列入向东城区应急管理局通报的任务"
    qtbot.waitUntil(lambda: any(flag in line for line in _timeline(detail)), timeout=30_000)
    detail.support_button.click()
    detail.support_dialog.setTextValue("东城区消防力量均在外，本区双井站距离最近")
    detail.support_dialog.accept()
    qtbot.waitUntil(lambda: any("跨区支援" in line and "双井站距离最近" in line for line in _timeline(detail)),
                    timeout=30_000)
    assert sum(flag in line for line in _timeline(detail)) == 1
    assert "跨区支援：本区（朝阳区）接手处置东城区的事件" in detail.district_banner.text()
