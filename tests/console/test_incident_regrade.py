"""Re-grading a live incident through the real server: Ctrl+G, facts edited, old -> new level
with the criterion, confirmed; the level, the reason and the added tasks reach the server and
come back; a downgrade needs a reason; facts arriving from elsewhere propose a re-grading;
a refused re-grading is told to the officer."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from console import commands
from console import regrade as rg
from plans.model import IncidentFacts

GRADED_TYPES = ("gas", "fire", "hazchem", "waterlogging", "special_equipment")


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
def test_an_incident_filed_from_a_sensor_follows_its_readings(make_shell, qtbot):
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
    form = shell.incident_form
    form.type_combo.setCurrentIndex(form.type_combo.findData("waterlogging"))
    filed = form.incident()
    assert filed["facts"]["sensor_id"] == sensor["id"] and filed["facts"]["water_depth_cm"] == 20.0
    assert filed["level"] == "IV"
    before = set(state.records("incidents"))
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(set(state.records("incidents")) - before), timeout=30_000)
    (inc_id,) = set(state.records("incidents")) - before

    # the underpass fills: 80 cm through the server's readings API -> the console proposes III
    with qtbot.waitSignal(flow.regrade.proposal_shown, timeout=30_000):
        requests.post(f"{shell.embedded.url}/api/v1/readings", headers=shell.embedded.auth_headers(), json=[{"sensor_id": sensor["id"], "value": 80.0}],
                      timeout=10).raise_for_status()
    dialog = flow.regrade.dialog
    assert sensor["id"] in dialog.source_label.text() and "80" in dialog.source_label.text()
    assert "III级" in dialog.level_label.text().split("→")[1] and "积水深度 80 厘米" in dialog.criterion_label.text()
    assert dialog.spins["water_depth_cm"].value() == 80.0
    _ok(dialog).click()
    qtbot.waitUntil(lambda: state.get("incidents", inc_id)["level"] == "III", timeout=30_000)
    # later readings at the same level ask nothing more
    with qtbot.assertNotEmitted(flow.regrade.proposal_shown, wait=1500):
        requests.post(f"{shell.embedded.url}/api/v1/readings", headers=shell.embedded.auth_headers(), json=[{"sensor_id": sensor["id"], "value": 85.0}],
                      timeout=10).raise_for_status()
        qtbot.waitUntil(lambda: state.get("sensors", sensor["id"])["value"] == 85.0, timeout=30_000)
