"""Alarm panel: a new alarm shows (and flashes) within the coalescing interval; acknowledge
with a comment, silence, create an incident; no sound unless allowed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.alarm_rules import RuleEngine, load_rules
from core.alarms import ACKNOWLEDGED, AlarmBook
from plans.model import IncidentFacts
from widgets.alarm_panel import FLUSH_MS, AlarmPanel


@pytest.fixture()
def panel(qtbot):
    rules = load_rules()
    eng, book = RuleEngine(rules), AlarmBook(rules)
    w = AlarmPanel(book, clock=lambda: 5000.0)
    qtbot.addWidget(w)
    w.show()
    return w, eng, book


def cell(w, row, col):
    return w.table_model.index(row, col).data()


def test_new_alarm_visible_and_flashing_within_the_flush_interval(qtbot, panel):
    w, eng, book = panel
    assert w.table_model.rowCount() == 0
    with qtbot.waitSignal(w.alarms_shown, timeout=FLUSH_MS * 5) as shown:
        book.apply(eng.feed("e-7", "elevator", 1, 4990))
    assert shown.args[0] == ["e-7/elevator_trapped"]
    assert w.table_model.rowCount() == 1
    assert cell(w, 0, 0) == "新告警" and cell(w, 0, 2) == "e-7" and "电梯困人" in cell(w, 0, 4)
    assert w.flashing and "e-7" in w.banner.text() and "#d7191c" in w.banner.styleSheet()
    qtbot.waitUntil(lambda: not w.flashing and not w._flash_timer.isActive(), timeout=4000)


def test_acknowledge_with_comment_then_clear(qtbot, panel):
    w, eng, book = panel
    book.apply(eng.feed("c-1", "co", 60, 4900))
    qtbot.waitUntil(lambda: w.table_model.rowCount() == 2)
    assert w.select_alarm("c-1/co_alarm")
    assert "一氧化碳浓度超限 ≥ 50（低于 40 解除）" in [cell(w, r, 4) for r in range(2)]
    assert w.ack_button.isEnabled()
    w.comment.setText("已派燃气公司")   # QTest cannot type Chinese
    qtbot.mouseClick(w.ack_button, Qt.MouseButton.LeftButton)
    assert book.get("c-1/co_alarm").state == ACKNOWLEDGED
    qtbot.waitUntil(lambda: "已派燃气公司" in [cell(w, r, 8) for r in range(2)])
    assert not w.ack_button.isEnabled() and w.comment.text() == ""
    book.apply(eng.feed("c-1", "co", 5, 4960))
    qtbot.waitUntil(lambda: "已解除✓" in [cell(w, r, 0) for r in range(2)])


def test_silence_and_incident_request(qtbot, panel):
    w, eng, book = panel
    book.apply(eng.feed("w-3", "water_level", 30, 4950))
    qtbot.waitUntil(lambda: w.table_model.rowCount() == 2)
    w.select_alarm("w-3/water_alarm")
    w.minutes.setValue(15)
    qtbot.mouseClick(w.silence_button, Qt.MouseButton.LeftButton)
    assert book.get("w-3/water_alarm").silenced_until == 5000 + 15 * 60
    with qtbot.waitSignal(w.incident_requested) as req:
        qtbot.mouseClick(w.incident_button, Qt.MouseButton.LeftButton)
    assert req.args == ["w-3"]


def test_no_beep_unless_sound_allowed(qtbot, panel, monkeypatch):
    w, eng, book = panel
    beeps = []
    monkeypatch.setattr("widgets.alarm_panel.QApplication.beep", lambda: beeps.append(1))
    with qtbot.waitSignal(w.alarms_shown, timeout=1000):
        book.apply(eng.feed("e-1", "elevator", 1, 4990))
    assert beeps == []
    w.sound = True
    with qtbot.waitSignal(w.alarms_shown, timeout=1000):
        book.apply(eng.feed("e-2", "elevator", 1, 4990))
    assert beeps == [1]


# -- the flow: LiveState -> rules -> book -> panel -> trends ------------------------------------
class _Window:
    def __init__(self, panels):
        self.panels = panels

    def when_panel(self, name, attach):
        if name in self.panels:
            attach(self.panels[name])




def test_flow_live_sensor_change_reaches_panel_trends_and_plan(qtbot, tmp_path, library):
    from console.sensor_flow import SensorFlow, load_rules_in
    from core.alarms import AlarmBook
    from core.state import LiveState
    from widgets.sensor_trends import SensorTrends

    state = LiveState()
    state.replace("sensors", [{"id": "co-9", "kind": "co", "state": "normal", "value": 2.0, "unit": "ppm",
                               "lon": 116.45, "lat": 39.92, "updated_at": "2026-11-22T01:00:00+00:00"}])
    book = AlarmBook(load_rules_in(None))
    panel = AlarmPanel(book)
    trends = SensorTrends(state, rules=book.rules)
    qtbot.addWidget(panel)
    qtbot.addWidget(trends)
    flow = SensorFlow(state, book, _Window({"alarms": panel, "trends": trends}), plans=lambda: library)
    assert panel.table_model.rowCount() == 0
    with qtbot.waitSignal(panel.alarms_shown, timeout=2000):
        state.apply("sensors", [{"id": "co-9", "kind": "co", "state": "alarm", "value": 64.0, "unit": "ppm",
                                 "lon": 116.45, "lat": 39.92, "updated_at": "2026-11-22T01:01:00+00:00"}])
    assert "co-9/co_alarm" in [a.id for a in panel.table_model.rows]
    panel.select_alarm("co-9/co_alarm")
    assert state.selection == ("sensors", "co-9") and trends.sensors() == ["co-9"]
    assert panel.suggestion.text().startswith("建议：一般响应（IV 级），启动 《朝阳区燃气事故应急预案》")
    assert "一氧化碳浓度 64 ppm ≥ 50 ppm（黄色预警）" in panel.suggestion.text()
    state.select("incidents", "INC-1")       # the operator moves on: a redraw must not steal it
    with qtbot.waitSignal(panel.alarms_shown, timeout=2000):
        state.apply("sensors", [{"id": "co-9b", "kind": "co", "value": 70.0, "unit": "ppm"}])
    assert state.selection == ("incidents", "INC-1") and panel.current_alarm_id() == "co-9/co_alarm"
    act = flow.suggestion("co-9/co_alarm")
    assert act.incident_type == "gas" and act.level == "IV" and act.warning == "yellow"
    assert "依据" in panel.suggestion.toolTip() and act.reason in panel.suggestion.toolTip()
    # casualties reported with the alarm: 重伤 grades, 受伤 does not
    assert flow.suggestion("co-9/co_alarm", injuries=12).level == "IV"
    assert flow.suggestion("co-9/co_alarm", serious_injuries=12).level == "III"
    # a sensor gone silent is for the maintenance view: no flash, not in the alarm queue
    with qtbot.assertNotEmitted(panel.alarms_shown, wait=FLUSH_MS * 4):
        state.apply("sensors", [{"id": "co-9", "kind": "co", "state": "offline", "value": 64.0,
                                 "unit": "ppm", "lon": 116.45, "lat": 39.92}])
    assert book.get("co-9/offline").rule_name == "传感器离线"
    qtbot.waitUntil(lambda: panel.maintenance_button.text() == "设备维护：1 个传感器离线", timeout=2000)
    assert "co-9/offline" not in [a.id for a in panel.table_model.rows]
    panel.maintenance_button.click()
    assert [a.id for a in panel.table_model.rows] == ["co-9/offline"]
    assert panel.maintenance_button.text() == "返回告警队列"
    panel.maintenance_button.click()
    assert "co-9/offline" not in [a.id for a in panel.table_model.rows]


def test_flow_takes_a_large_snapshot_in_chunks_in_order(qtbot):
    from console.sensor_flow import CHUNK, SensorFlow, load_rules_in
    from core.alarms import AlarmBook
    from core.state import LiveState

    state = LiveState()
    book = AlarmBook(load_rules_in(None))
    flow = SensorFlow(state, book)
    n = CHUNK * 3 + 7
    recs = [{"id": f"g-{i}", "kind": "gas", "state": "normal", "value": 30.0 if i % 1000 == 0 else 1.0,
             "unit": "%LEL", "updated_at": "2026-11-22T01:00:00+00:00"} for i in range(n)]
    state.replace("sensors", recs)
    assert flow.pending() == n                  # nothing evaluated yet: the UI got its turn
    state.apply("sensors", [{"id": "g-0", "kind": "gas", "value": 1.0,
                             "updated_at": "2026-11-22T01:01:00+00:00"}])   # after the snapshot
    qtbot.waitUntil(lambda: flow.pending() == 0, timeout=10_000)
    assert book.get("g-0/gas_alarm").state == "cleared"          # raised by the snapshot, then cleared
    assert book.get("g-15000/gas_alarm").state == "new"
    assert sum(1 for a in book.alarms() if a.rule_id == "gas_alarm") == n // 1000 + 1


def test_rules_edited_in_the_console_work_at_once_are_kept_and_audited(qtbot, tmp_path, caplog):
    from core.alarm_rules import DEFAULT_RULES, load_rules
    from core.audit import ConsoleAudit
    from console.sensor_flow import SensorFlow, load_rules_in
    from core.alarms import AlarmBook
    from core.state import LiveState
    from widgets.alarm_rules_dialog import CLEAR, KIND, RAISE
    from widgets.sensor_trends import SensorTrends

    state = LiveState()
    state.replace("sensors", [{"id": "co-1", "kind": "co", "state": "warning", "value": 30.0, "unit": "ppm",
                               "lon": 116.45, "lat": 39.92, "updated_at": "2026-11-22T01:00:00+00:00"}])
    audit = ConsoleAudit(tmp_path / "audit.sqlite")
    book = AlarmBook(load_rules_in(tmp_path))
    panel, trends = AlarmPanel(book), SensorTrends(state, rules=book.rules)
    qtbot.addWidget(panel)
    qtbot.addWidget(trends)
    flow = SensorFlow(state, book, _Window({"alarms": panel, "trends": trends}), data_dir=tmp_path, audit=audit)
    trends.add_sensor("co-1")
    assert book.get("co-1/co_alarm") is None and 50.0 in trends.threshold_values()

    dialog = flow.edit_rules(None)   # deletes itself on closing
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, KIND).data(Qt.ItemDataRole.UserRole)[1] == "co_alarm")
    dialog.table.item(row, RAISE).setText("28")       # the district lowers the CO alarm level
    dialog.table.item(row, CLEAR).setText("22")
    dialog.accept()

    alarm = book.get("co-1/co_alarm")                 # 30 ppm is an alarm now, without a new reading
    assert alarm is not None and alarm.state == "new"
    qtbot.waitUntil(lambda: alarm.id in [a.id for a in panel.table_model.rows], timeout=2000)
    shown = [a.id for a in panel.table_model.rows].index(alarm.id)
    assert "≥ 28（低于 22 解除）" in panel.table_model.data(panel.table_model.index(shown, 4))
    assert 28.0 in trends.threshold_values() and 50.0 not in trends.threshold_values()
    saved = tmp_path / "alarm_rules.yaml"
    assert load_rules(saved).rule("co_alarm").raise_at == 28
    entry = audit.entries()[-1]
    assert entry["action"] == "alarm_rules_changed" and str(saved) in entry["detail"]
    assert audit.verify()[1] is None

    assert load_rules_in(tmp_path).rule("co_alarm").raise_at == 28   # the next start of this console
    saved.write_text("kinds: [broken", encoding="utf-8")   # someone broke the file by hand
    with caplog.at_level("ERROR"):
        assert load_rules_in(tmp_path) == load_rules(DEFAULT_RULES)
    assert "alarm_rules.yaml" in caplog.text
    audit.close()


def test_a_suggestion_that_is_not_graded_claims_no_level(qtbot, panel, library):
    w, _, _ = panel
    activation = library.activate(IncidentFacts("terrorism", deaths=1, lon=116.45, lat=39.92))
    w.show_suggestion(activation)
    text = w.suggestion.text()
    assert text.startswith(f"建议：另行定级（{activation.authority}），先按 IV 级先期处置，启动 《")
    assert "一般响应" not in text and "另行规定" in w.suggestion.toolTip()
    w.show_suggestion(None)
    assert w.suggestion.text() == "" and w.suggestion.toolTip() == ""
