"""Incident list filters and the unit board's time in status with overdue highlighting."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.state import LiveState
from widgets.incident_list import IncidentList
from widgets.unit_board import UnitBoard


def _ago(minutes: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(minutes=minutes)).isoformat()


def test_incident_list_filters_by_type_and_street(qtbot):
    state = LiveState()
    state.replace("incidents", [
        {"id": "A", "type": "gas", "level": "IV", "status": "active", "street": "建外街道", "reported_at": _ago(5)},
        {"id": "B", "type": "fire", "level": "III", "status": "active", "street": "建外街道", "reported_at": _ago(9)},
        {"id": "C", "type": "gas", "level": "IV", "status": "active", "street": "朝外街道", "reported_at": _ago(7)},
        {"id": "D", "type": "gas", "level": "IV", "status": "closed", "street": "建外街道", "reported_at": _ago(8)}])
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    assert panel.visible_ids() == ["A", "C", "B"]  # active, newest first
    panel.set_filters(type_="gas")
    assert panel.visible_ids() == ["A", "C"]
    panel.set_filters(street="建外")
    assert panel.visible_ids() == ["A"]
    panel.set_filters(status="")
    assert panel.visible_ids() == ["A", "D"]


def test_unit_board_counts_time_in_status_not_position_reports_and_flags_overdue(qtbot):
    state = LiveState()
    state.replace("units", [
        {"id": "U1", "callsign": "消防车1", "kind": "fire_engine", "status": "en_route", "updated_at": _ago(20)},
        {"id": "U2", "callsign": "消防车2", "kind": "fire_engine", "status": "en_route", "updated_at": _ago(5)},
        {"id": "U3", "callsign": "救护车3", "kind": "ambulance", "status": "available", "updated_at": _ago(300)}])
    board = UnitBoard(state)
    qtbot.addWidget(board)
    assert board.overdue_ids() == ["U1"]  # en route 20 min > 15 min; available never overdue
    assert "超时" in board._since_text(state.get("units", "U1")) and "超时" in board._summary.text()
    # a position report moves updated_at but not the status: the clock keeps running
    state.apply("units", [{"id": "U1", "lon": 116.4, "lat": 39.9, "updated_at": _ago(0)}])
    assert board.overdue_ids() == ["U1"]
    # on scene: a new status, the clock restarts, no longer overdue
    state.apply("units", [{"id": "U1", "status": "on_scene", "updated_at": _ago(0)}])
    assert board.overdue_ids() == []
    assert board._since_text(state.get("units", "U1")) == "0:00"
    board._only.setCurrentIndex(board._only.findData("en_route"))
    assert board.visible_ids() == ["U2"]


def test_typed_place_by_coordinates_or_street_name(make_shell):
    shell = make_shell()
    flow = shell.incidents
    by_coords = flow.place_from_text("116.4595，39.9087")  # a full-width comma is fine too
    assert by_coords["street_name"] == "建外街道" and by_coords["grid_id"]
    by_name = flow.place_from_text("建外")
    assert by_name["street_name"] == "建外街道"
    assert flow.place_from_text("上海市") is None
    assert flow.place_from_text("121.47,31.23") is None  # outside both districts
    assert flow.place_from_text("116.5008, 40.0687")["district_name"] == "朝阳区"  # north of 40°


def test_ctrl_n_with_a_sensor_selected_asks_where_and_never_files_from_its_alarm(make_shell, qtbot):
    """Issue 20: Ctrl+N after clicking a sensor opened a form pre-filled from that (offline,
    normal) sensor, and the next Return filed a false 燃气事故. Now Ctrl+N always asks where,
    offering the sensor's place; the alarm panel's 立案 is the way to file from a sensor."""
    from PySide6.QtCore import Qt

    shell = make_shell()
    flow = shell.incidents
    sensor = next(s for s in shell.state.records("sensors").values() if s["kind"] == "gas")
    shell.state.select("sensors", sensor["id"])
    flow.actions["new"].trigger()
    qtbot.waitUntil(lambda: flow.place_dialog is not None and flow.place_dialog.isVisible())
    assert flow.form is None or not flow.form.isVisible()
    assert flow.place_dialog.textValue() == f"{sensor['lon']:.6f},{sensor['lat']:.6f}"
    qtbot.keyClick(flow.place_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.form is not None and flow.form.isVisible())
    assert flow.form.type_combo.currentData() != "gas" or not flow.form.type_combo.currentData()
    assert sensor["id"] not in flow.form.description.toPlainText()
    flow.form.close()
    flow.new_incident_from_sensor(sensor["id"])   # the deliberate way: pre-filled from the alarm
    form = flow.form
    qtbot.waitUntil(form.isVisible)
    assert form.type_combo.currentData() == "gas"
    assert sensor["id"] in form.description.toPlainText()
    assert f"{sensor['lon']:.6f}" in form.place_label.text()
