"""Re-grading a live incident through the real server: Ctrl+G, facts edited, old -> new level
with the criterion, confirmed; the level, the reason and the added tasks reach the server and
come back; a downgrade needs a reason; facts arriving from elsewhere propose a re-grading;
a refused re-grading is told to the officer; for a type another authority grades, the
commander records the level it decided, with who and when."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from core import commands
from core import regrade as rg
from plans.model import IncidentFacts

GRADED_TYPES = ("gas", "fire", "hazchem", "special_equipment")   # graded by deaths (国务院令493 and sector rules)


def _tasks_on_server(state, incident_id):
    return {t["id"]: t for t in state.records("tasks").values() if t.get("incident_id") == incident_id}


def _activated_incident(shell, qtbot):
    """An active incident of a type graded by casualties, its plans activated at IV."""
    state = shell.state
    inc = next(r for r in state.records("incidents").values()
               if r["status"] == "active" and r["type"] in GRADED_TYPES)
    activation = shell.plan_library.activate(IncidentFacts(incident_type=inc["type"], lon=inc["lon"], lat=inc["lat"]))
    assert activation.level == "IV"
    shell.activation.activate(activation, inc["id"])
    qtbot.waitUntil(lambda: len(_tasks_on_server(state, inc["id"])) == len(activation.tasks)
                    and state.get("incidents", inc["id"])["level"] == "IV", timeout=30_000)
    state.select("incidents", inc["id"])
    return inc["id"], activation


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _timeline(detail):
    m = detail.timeline_model
    return [m.data(m.index(r, 2)) for r in range(m.rowCount())]


@pytest.mark.timeout(240)
def test_regrade_up_then_down_with_reason_through_the_server(make_shell, qtbot):
    shell = make_shell()
    state, window, flow = shell.state, shell.window, shell.incidents
    inc_id, first = _activated_incident(shell, qtbot)
    checklist = window.panel("checklist")
    me = shell.signed_in["operator"]   # the server records who acted from the sign-in token

    # Ctrl+G on the main window opens 更新事实/重新定级 for the selected incident
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = flow.regrade.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert not _ok(dialog).isEnabled()            # nothing changed yet
    dialog.spins["deaths"].setValue(12)
    assert "IV" in dialog.level_label.text() and "II级" in dialog.level_label.text().split("→")[1]
    assert "死亡 12 人 ≥ 10 人" in dialog.criterion_label.text()
    assert dialog.added.count() > 0 and _ok(dialog).isEnabled()
    expected = dialog.regrade().current
    with qtbot.waitSignal(flow.regrade.regrade_sent, timeout=5000) as sent:
        _ok(dialog).click()
    assert sent.args == [inc_id, "IV", "II"]

    # the checklist gains the added tasks at once, statuses kept ...
    assert checklist.activation.level == "II"
    assert {t.id for t in first.tasks} < {t.id for t in checklist.activation.tasks}
    # ... and the server holds the level, the facts with the reason, and every task
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["level"] == "II"
                    and len(_tasks_on_server(state, inc_id)) == len(expected.tasks), timeout=30_000)
    facts = state.get("incidents", inc_id)["facts"]
    assert facts["deaths"] == 12 and "死亡 12 人" in facts[rg.REASON_KEY]

    # a downgrade: Ctrl+G, casualties corrected to 0: refused locally until a reason is typed
    flow.regrade.action.trigger()
    qtbot.waitUntil(dialog.isVisible)
    dialog.spins["deaths"].setValue(0)
    assert dialog.is_downgrade() and not _ok(dialog).isEnabled()
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)   # Enter without a reason does nothing
    assert dialog.isVisible()
    assert dialog.removed.count() > 0
    dialog.reason_edit.setText("经医院核实无人死亡")
    assert _ok(dialog).isEnabled()
    with qtbot.waitSignal(flow.regrade.regrade_sent, timeout=5000):
        _ok(dialog).click()
    dropped = [f"{inc_id}/{t.id}"[:64] for t in shell.plan_library.regrade(expected, IncidentFacts(
        incident_type=expected.facts.incident_type, deaths=0, lon=expected.facts.lon, lat=expected.facts.lat)).removed]
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["level"] == "IV"
                    and all(_tasks_on_server(state, inc_id)[t]["status"] == "not_applicable" for t in dropped),
                    timeout=30_000)

    # the detail: level history with who, when and why; the timeline says it too
    detail = window.panel("incident_detail")
    flow.actions["detail"].trigger()
    qtbot.waitUntil(lambda: detail.levels.count() >= 2 and any("经医院核实" in detail.levels.item(i).text()
                                                                for i in range(detail.levels.count())), timeout=30_000)
    history = [detail.levels.item(i).text() for i in range(detail.levels.count())]
    assert any("IV级" in h.split("→")[0] and "II级" in h.split("→")[1] and "死亡 12 人" in h and me["display_name"] in h
               for h in history)
    assert any("重新定级" in t and "经医院核实无人死亡" in t for t in _timeline(detail))


@pytest.mark.timeout(240)
def test_facts_from_elsewhere_propose_a_regrade_and_a_refusal_is_told(make_shell, qtbot):
    shell = make_shell()
    state, flow = shell.state, shell.incidents
    inc_id, _first = _activated_incident(shell, qtbot)

    # a drill / another seat reports casualties: the console proposes the new level, asks first
    with qtbot.waitSignal(flow.regrade.proposal_shown, timeout=30_000):
        shell.sync.submit(commands.update_incident(inc_id, facts={"deaths": 4}, operator="演练导调"))
    dialog = flow.regrade.dialog
    assert dialog.isVisible() and "III级" in dialog.level_label.text().split("→")[1]
    assert "死亡 未报告 → 4 人" in dialog.source_label.text() or "死亡 0 人 → 4 人" in dialog.source_label.text()
    assert dialog.added.count() > 0           # the III tasks the IV checklist lacks
    assert state.get("incidents", inc_id)["level"] == "IV"     # nothing sent before confirming

    # meanwhile the incident is closed elsewhere: the confirmation is refused, and said so
    shell.sync.submit(commands.close_incident(inc_id, summary="误报"))
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["status"] == "closed", timeout=30_000)
    with qtbot.waitSignal(flow.regrade.regrade_refused, timeout=30_000) as refused:
        _ok(dialog).click()
    assert "结案" in refused.args[1]
    assert "重新定级未被接受" in flow.regrade.last_refusal and "结案" in flow.regrade.last_refusal
    detail = shell.window.panel("incident_detail")
    assert detail.notice.isVisible() and "结案" in detail.notice.text()
    assert state.get("incidents", inc_id)["level"] == "IV"


@pytest.mark.timeout(240)
def test_an_incident_filed_from_a_sensor_carries_its_reading_and_is_graded_by_the_flood_rules(make_shell, qtbot):
    """积水深度 is shown and kept, but the Beijing flood rules grade by the warning colour: a
    deeper reading proposes no new level; the colour does, in the same dialog."""
    import requests

    shell = make_shell()
    state, flow = shell.state, shell.incidents
    sensor = next(s for s in state.records("sensors").values()
                  if s["kind"] == "water_level" and flow.place_from_text(f"{s['lon']:.6f},{s['lat']:.6f}"))
    # filed from the sensor's alarm: the form carries the link and the reading as 积水深度
    requests.post(f"{shell.embedded.url}/api/v1/readings", headers=shell.embedded.auth_headers(), json=[{"sensor_id": sensor["id"], "value": 20.0}],
                  timeout=10).raise_for_status()
    qtbot.waitUntil(lambda: state.get("sensors", sensor["id"])["value"] == 20.0, timeout=30_000)
    flow.new_incident_from_sensor(sensor["id"])
    form = shell.incidents.form
    form.type_combo.setCurrentIndex(form.type_combo.findData("waterlogging"))
    assert form.fact_fields.fields["warning_colour"].isVisibleTo(form)
    filed = form.incident()
    assert filed["facts"]["sensor_id"] == sensor["id"] and filed["facts"]["water_depth_cm"] == 20.0
    assert filed["level"] == "IV" and "积水深度 20 厘米：不作为定级依据" in filed["facts"][rg.REASON_KEY]
    before = set(state.records("incidents"))
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # 确认立案
    qtbot.waitUntil(lambda: bool(set(state.records("incidents")) - before), timeout=30_000)
    (inc_id,) = set(state.records("incidents")) - before

    # the underpass fills: 80 cm is not a grading criterion of the flood rules: nothing to ask
    with qtbot.assertNotEmitted(flow.regrade.proposal_shown, wait=1500):
        requests.post(f"{shell.embedded.url}/api/v1/readings", headers=shell.embedded.auth_headers(), json=[{"sensor_id": sensor["id"], "value": 80.0}],
                      timeout=10).raise_for_status()
        qtbot.waitUntil(lambda: state.get("sensors", sensor["id"])["value"] == 80.0, timeout=30_000)
    # a 黄色预警 is: 三级应急响应, with the clause
    dialog = flow.regrade.open_dialog(inc_id)
    assert dialog.spins["warning_colour"].isVisibleTo(dialog) and not dialog.decide_box.isVisibleTo(dialog)
    colour = dialog.spins["warning_colour"]
    colour.setCurrentIndex(colour.findData("黄"))
    assert "III级" in dialog.level_label.text().split("→")[1] and "预警颜色 黄" in dialog.criterion_label.text()
    assert "积水深度 20 厘米：不作为定级依据" in dialog.criterion_label.text()
    _ok(dialog).click()
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["level"] == "III", timeout=30_000)
    facts = state.get("incidents", inc_id)["facts"]
    assert facts["warning_colour"] == "黄" and facts["water_depth_cm"] == 20.0


@pytest.mark.timeout(240)
def test_a_terrorist_attack_is_referred_and_the_commander_records_the_level_decided(make_shell, qtbot):
    from datetime import datetime, timedelta, timezone

    shell = make_shell()
    state, flow, window = shell.state, shell.incidents, shell.window
    me = shell.signed_in["operator"]
    before = set(state.records("incidents"))
    shell.sync.submit(commands.create_incident("terrorism", "某商场持刀伤人", 116.4595, 39.9087, "IV",
                                               facts={"deaths": 1, "injuries": 3}))
    qtbot.waitUntil(lambda: bool(set(state.records("incidents")) - before), timeout=30_000)
    (inc_id,) = set(state.records("incidents")) - before
    state.select("incidents", inc_id)
    # the special plan starts at once (先期处置, IV), with the task of recording the decided level
    first = shell.plan_library.activate(rg.facts_of(state.get("incidents", inc_id)))
    assert first.status == "referred" and "report/level-decision" in {t.id for t in first.tasks}
    shell.activation.activate(first, inc_id)
    qtbot.waitUntil(lambda: len(_tasks_on_server(state, inc_id)) == len(first.tasks), timeout=30_000)

    # the detail says 另行定级 with the authority, and where to record the level
    detail = window.panel("incident_detail")
    flow.actions["detail"].trigger()
    qtbot.waitUntil(lambda: detail.incident_id == inc_id and detail.activation is not None, timeout=30_000)
    authority = detail.activation.authority
    assert detail.activation.status == "referred" and authority
    assert f"另行定级（{authority}）" in detail.title_label.text() and "一般" not in detail.title_label.text()

    # 更新事实/重新定级 offers 记录定级; the level picked goes to the server with who and when
    dialog = flow.regrade.open_dialog(inc_id)
    assert dialog.decide_box.isVisibleTo(dialog) and authority in dialog.decide_label.text()
    assert f"另行定级（{authority}）" in dialog.level_label.text()
    assert not _ok(dialog).isEnabled()
    dialog.decide_combo.setCurrentIndex(dialog.decide_combo.findData("II"))
    assert "II级" in dialog.level_label.text().split("→")[1]
    assert authority in dialog.criterion_label.text() and me["display_name"] in dialog.criterion_label.text()
    with qtbot.waitSignal(flow.regrade.regrade_sent, timeout=5000) as sent:
        _ok(dialog).click()
    assert sent.args == [inc_id, "IV", "II"]
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["level"] == "II", timeout=30_000)
    facts = state.get("incidents", inc_id)["facts"]
    assert facts["decided_level"] == "II" and facts["decided_by"] == me["display_name"]
    at = datetime.fromisoformat(facts["decided_at"])
    assert abs(datetime.now(timezone.utc) - at) < timedelta(minutes=5)
    assert facts["injuries"] == 3 and facts["deaths"] == 1
    # recording the level is the decision task done, not dropped
    decision = f"{inc_id}/report/level-decision"[:64]
    qtbot.waitUntil(lambda: _tasks_on_server(state, inc_id)[decision]["status"] == "done", timeout=30_000)
    assert authority in facts[rg.REASON_KEY] and me["display_name"] in facts[rg.REASON_KEY]

    # the level history shows who recorded it, and when
    flow.refresh_detail()
    qtbot.waitUntil(lambda: any("记录定级" in detail.levels.item(i).text() for i in range(detail.levels.count())),
                    timeout=30_000)
    line = next(detail.levels.item(i).text() for i in range(detail.levels.count())
                if "记录定级" in detail.levels.item(i).text())
    assert "II级" in line and me["display_name"] in line and authority in line
    assert "另行定级" not in detail.title_label.text() and "II级" in detail.title_label.text()
