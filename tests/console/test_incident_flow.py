"""From report to close through the real (embedded) server, driven by the keyboard where a
dispatcher would use it: Ctrl+N, the form, Ctrl+D, Enter, the detail view, export, close-out."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from core import commands
from plans.model import IncidentFacts

PLACE = "116.4595,39.9087"  # 建外街道, by the China World Trade Center


def _new_incident_id(shell, before):
    new = [rid for rid in shell.state.records("incidents") if rid not in before]
    return new[0] if new else None


def _timeline_text(detail) -> list[str]:
    model = detail.timeline_model
    return [model.data(model.index(r, 2)) for r in range(model.rowCount())]


@pytest.mark.timeout(240)
def test_report_dispatch_track_export_and_close(make_shell, qtbot, run_coro, tmp_path):
    shell = make_shell()
    flow, state = shell.incidents, shell.state
    window = shell.window

    # -- intake by keyboard: Ctrl+N, type the coordinates, Enter; fill the form, Enter files it
    flow.actions["new"].trigger()
    qtbot.waitUntil(lambda: flow.place_dialog.isVisible())
    flow.place_dialog.setTextValue(PLACE)
    qtbot.keyClick(flow.place_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.incidents.form is not None and shell.incidents.form.isVisible())
    form = shell.incidents.form
    assert "建外街道" in form.place_label.text()
    form.type_combo.setCurrentIndex(form.type_combo.findData("gas"))
    form.title_edit.setText("国贸东燃气泄漏")
    form.caller_edit.setText("张先生")
    assert form.dup_label.isHidden()  # nothing like it nearby yet
    before = set(state.records("incidents"))
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # 确认立案
    qtbot.waitUntil(lambda: _new_incident_id(shell, before) is not None, timeout=30_000)
    inc_id = _new_incident_id(shell, before)

    # -- a second caller reports the same leak 100 m away: offered for merging, becomes a note
    second = flow.place_from_text("116.4607,39.9088")
    flow.new_incident(second)
    form2 = shell.incidents.form
    form2.type_combo.setCurrentIndex(form2.type_combo.findData("gas"))
    assert form2.dup_label.isVisible() and inc_id in form2.dup_label.text()
    form2.caller_edit.setText("李女士")
    form2.merge_button.click()
    assert not form2.isVisible()

    # -- the plans are activated for it (level and checklist go to the server)
    activation = shell.plan_library.activate(IncidentFacts(incident_type="gas", lon=116.4595, lat=39.9087))
    shell.activation.activate(activation, inc_id)
    qtbot.waitUntil(lambda: sum(1 for t in state.records("tasks").values() if t.get("incident_id") == inc_id)
                    == len(activation.tasks), timeout=30_000)

    # -- Ctrl+D: the proposal for the selected incident; what the plans ask for, with why
    state.select("incidents", inc_id)
    flow.actions["dispatch"].trigger()
    panel = window.panel("dispatch")
    proposed = panel.unit_ids()
    assert proposed and len(proposed) == sum(activation.resources.values()) - sum(
        flow.last_recommendation.shortfall.values())
    kinds = {state.get("units", u)["kind"] for u in proposed}
    assert kinds <= set(activation.resources)
    assert "预计" in panel.tree.topLevelItem(0).text(4) and "km" in panel.tree.topLevelItem(0).text(4)
    # one proposed unit gets committed elsewhere meanwhile: the server will refuse it
    taken = proposed[0]
    other = next(i for i, r in state.records("incidents").items() if r.get("status") != "closed" and i != inc_id)
    shell.sync.submit(commands.dispatch_unit(taken, other))
    qtbot.waitUntil(lambda: state.get("units", taken).get("incident_id") == other, timeout=30_000)
    # Enter in the proposal dispatches every ticked unit
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    refused_row = panel._row_of(taken)
    qtbot.waitUntil(lambda: "被拒绝" in refused_row.text(4), timeout=30_000)
    assert "已在处置" in refused_row.text(4) and other in refused_row.text(4)
    qtbot.waitUntil(lambda: any(u.get("incident_id") == inc_id for u in state.records("units").values()),
                    timeout=30_000)
    assert panel.coverage.count() > 0  # the coverage after the dispatch is shown (gaps or "all covered")
    mine = [u["id"] for u in state.records("units").values() if u.get("incident_id") == inc_id]
    assert taken not in mine

    # -- arrival: the unit reports on scene at the incident; the console says so
    with qtbot.waitSignal(flow.arrival_detected, timeout=30_000) as arrived:
        shell.sync.submit(commands.update_unit_status(mine[0], "on_scene", lon=116.4596, lat=39.9087))
    assert arrived.args == [mine[0], inc_id]
    board = window.panel("units")
    assert board is not None

    # -- the detail view: facts, plans, tasks, units and the server's timeline with who and when
    detail = window.panel("incident_detail")
    with qtbot.waitSignal(flow.record_loaded, timeout=30_000):
        flow.actions["detail"].trigger()
    assert inc_id in detail.title_label.text()
    assert detail.plans.count() >= 1 and detail.tasks.count() == len(activation.tasks)
    assert any("燃气" in detail.plans.item(i).text() for i in range(detail.plans.count()))
    qtbot.waitUntil(lambda: any("到场" in t for t in _timeline_text(detail)), timeout=30_000)
    text = _timeline_text(detail)
    assert any("接报立案" in t for t in text) and any("重复报警" in t and "李女士" in t for t in text)
    assert any("定级" in t or "下发任务" in t for t in text) and any("调派" in t for t in text)
    detail.note_edit.setText("现场已设警戒线")
    qtbot.keyClick(detail.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any("现场已设警戒线" in t for t in _timeline_text(detail)), timeout=30_000)

    # -- export: PDF (its text read back), HTML and CSV
    pdf = run_coro(flow.export(inc_id, "pdf", tmp_path / "r.pdf"))
    html = run_coro(flow.export(inc_id, "html", tmp_path / "r.html"))
    csv_path = run_coro(flow.export(inc_id, "csv", tmp_path / "r.csv"))
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
        assert inc_id in pdf_text and "国贸东燃气泄漏" in pdf_text and "现场已设警戒线" in pdf_text
    assert "国贸东燃气泄漏" in html.read_text(encoding="utf-8")
    assert "现场已设警戒线" in csv_path.read_text(encoding="utf-8-sig")

    # -- close-out: not before the units are released and every open task is resolved or waived
    flow.actions["close"].trigger()
    dialog = flow.close_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok_button.isEnabled()
    assert any("未释放" in p for p in dialog.problems_left())
    assert len(dialog.task_rows) == len(activation.tasks)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts work in the active window
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.committed_units(), timeout=30_000)
    rows = list(dialog.task_rows.values())
    rows[0][0].setCurrentIndex(rows[0][0].findData("done"))
    for choice, reason in rows[1:]:
        choice.setCurrentIndex(choice.findData("not_applicable"))
    assert not dialog.ok_button.isEnabled() and any("缺少理由" in p for p in dialog.problems_left())
    for _choice, reason in rows[1:]:
        reason.setText("泄漏点已关阀，无需实施")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: state.get("incidents", inc_id).get("status") == "closed", timeout=30_000)
    record = run_coro(flow.fetch_record(inc_id))
    statuses = {t["status"] for t in record["tasks"]}
    assert statuses == {"done", "not_applicable"}
    notes = [e["detail"]["text"] for e in record["timeline"] if e["type"] == "incident.note"]
    assert sum("泄漏点已关阀" in n for n in notes) == len(activation.tasks) - 1
    assert record["timeline"][-1]["type"] == "incident.closed"
