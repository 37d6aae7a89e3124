"""The list panels show the live picture and share the selection."""
import re
from datetime import datetime

from core.connection import ConnectionState, Link
from core.state import LiveState
from widgets.connection_status import ConnectionStatus
from widgets.incident_list import IncidentList
from widgets.sensor_panel import SensorPanel
from widgets.timeline import TimelinePanel
from widgets.unit_board import UnitBoard

INCIDENTS = [
    {"id": "INC-1", "type": "gas", "title": "燃气泄漏", "level": "III", "status": "active",
     "lon": 116.46, "lat": 39.91, "reported_at": "2026-11-21T08:00:00+00:00", "street": "建外街道"},
    {"id": "INC-2", "type": "fire", "title": "居民楼火情", "level": "IV", "status": "closed",
     "lon": 116.47, "lat": 39.92, "reported_at": "2026-11-21T09:00:00+00:00"},
]


def test_incident_list_filters_by_status_and_selects_everywhere(qtbot):
    state = LiveState()
    state.replace("incidents", INCIDENTS)
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    assert panel.visible_ids() == ["INC-1"]  # active only by default
    panel._status.setCurrentIndex(panel._status.findData(""))
    assert sorted(panel.visible_ids()) == ["INC-1", "INC-2"]
    with qtbot.waitSignal(state.selection_changed):
        panel.table.selectRow(panel.visible_ids().index("INC-2"))
    assert state.selection == ("incidents", "INC-2")
    state.select("incidents", "INC-1")
    current = panel.table.currentIndex()
    assert panel.table.model().data(current.siblingAtColumn(0)) == "INC-1"


def test_incident_list_follows_live_changes(qtbot):
    state = LiveState()
    state.replace("incidents", INCIDENTS)
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    state.apply("incidents", [{**INCIDENTS[1], "id": "INC-3", "status": "active"}])
    state.apply("incidents", [{"id": "INC-1", "status": "closed"}])
    qtbot.waitUntil(lambda: panel.visible_ids() == ["INC-3"])


def test_incident_list_says_when_a_level_is_not_graded(qtbot):
    """A referred or pending incident works at IV, but the list must not claim it is 一般."""
    from PySide6.QtCore import Qt

    from widgets.labels import NEUTRAL_COLOUR
    state = LiveState()
    state.replace("incidents", [
        {**INCIDENTS[0], "id": "INC-7", "type": "terrorism", "level": "IV", "facts": {"grading_status": "referred"}},
        {**INCIDENTS[0], "id": "INC-8", "type": "public_health", "level": "IV", "facts": {"grading_status": "pending"}},
        {**INCIDENTS[0], "id": "INC-9", "level": "III", "facts": {"grading_status": "graded"}},
    ])
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    model = panel.table.model()
    shown = {}
    for row in range(model.rowCount()):
        rid = model.data(model.index(row, 0))
        shown[rid] = (model.data(model.index(row, 1)), model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole))
    assert shown["INC-7"][0] == "另行定级" and shown["INC-8"][0] == "待研判"
    assert shown["INC-9"][0] != shown["INC-8"][0] and "III" in shown["INC-9"][0]
    for rid in ("INC-7", "INC-8"):
        assert shown[rid][1].color().name() == NEUTRAL_COLOUR
    assert shown["INC-9"][1].color().name() != NEUTRAL_COLOUR


def test_sensor_panel_lists_only_abnormal_sensors_alarms_first(qtbot):
    state = LiveState()
    state.replace("sensors", [
        {"id": "S1", "kind": "co", "state": "normal", "value": 3, "unit": "ppm"},
        {"id": "S2", "kind": "gas", "state": "warning", "value": 12, "unit": "%LEL"},
        {"id": "S3", "kind": "co", "state": "alarm", "value": 80, "unit": "ppm"},
    ])
    panel = SensorPanel(state)
    qtbot.addWidget(panel)
    assert panel.visible_ids() == ["S3", "S2"]
    assert panel.counts()["normal"] == 1 and panel.counts()["alarm"] == 1
    state.apply("sensors", [{"id": "S1", "state": "alarm", "value": 120}])
    qtbot.waitUntil(lambda: set(panel.visible_ids()) == {"S1", "S2", "S3"})


def test_unit_board_summarises_availability(qtbot):
    state = LiveState()
    state.replace("units", [{"id": "U1", "callsign": "消防车001", "kind": "fire_engine", "status": "available"},
                            {"id": "U2", "callsign": "救护车002", "kind": "ambulance", "status": "en_route"}])
    board = UnitBoard(state)
    qtbot.addWidget(board)
    assert "1" in board._summary.text() and "2" in board._summary.text()
    board._kind.setCurrentIndex(board._kind.findData("ambulance"))
    assert board.visible_ids() == ["U2"]


def test_timeline_narrates_what_changed_not_every_reading(qtbot):
    state, conn = LiveState(), ConnectionState()
    state.replace("incidents", INCIDENTS)
    state.replace("units", [{"id": "U1", "callsign": "消防车001", "status": "available"}])
    panel = TimelinePanel(state, conn)
    qtbot.addWidget(panel)
    state.apply("incidents", [{"id": "INC-1", "level": "II"}])
    state.apply("units", [{"id": "U1", "lon": 116.5}])          # a position: not an event
    state.apply("units", [{"id": "U1", "status": "en_route"}])
    conn.set_link(Link.RECONNECTING)
    entries = panel.entries()
    assert len(entries) == 3
    assert "INC-1" in entries[2] and "II" in entries[2]
    assert "消防车001" in entries[1] and "途中" in entries[1]
    assert "连接中断" in entries[0] and "重连" in entries[0]


def test_timeline_tells_a_dispatch_in_one_line_that_follows_the_unit(qtbot):
    """Issue 20: each dispatched unit added four lines (92 for 23 units)."""
    state, conn = LiveState(), ConnectionState()
    state.replace("incidents", INCIDENTS)
    state.replace("units", [{"id": "U1", "callsign": "消防车001", "status": "available"},
                            {"id": "U2", "callsign": "救护车002", "status": "available"}])
    panel = TimelinePanel(state, conn)
    qtbot.addWidget(panel)
    for status in ("dispatched", "en_route", "on_scene"):
        state.apply("units", [{"id": "U1", "status": status, "incident_id": "INC-1",
                               "dispatched_by": "dispatcher_1"}])
    state.apply("units", [{"id": "U2", "status": "dispatched", "incident_id": "INC-1"}])
    entries = panel.entries()
    assert len(entries) == 2
    assert "调派 救护车002 → INC-1" in entries[0]
    assert "调派 消防车001 → INC-1（dispatcher_1） · 途中" in entries[1] and "到场" in entries[1]
    state.apply("units", [{"id": "U1", "status": "available", "incident_id": None}])
    assert len(panel.entries()) == 2 and re.search(r" · 可调派 \d\d:\d\d$", panel.entries()[1])
    state.apply("units", [{"id": "U1", "status": "out_of_service"}])   # no dispatch: its own line
    assert len(panel.entries()) == 3


def test_timeline_tells_an_outage_in_one_line_and_not_each_command(qtbot):
    """Issue 20: 已连接 repeated after each command; 连接中断 six times in one reconnect."""
    state, conn = LiveState(), ConnectionState()
    panel = TimelinePanel(state, conn)
    qtbot.addWidget(panel)
    conn.set_link(Link.ONLINE)
    for n in (1, 0, 1, 0):       # commands queued and answered: no connection event
        conn.set_queued(n)
    assert len(panel.entries()) == 1 and panel.entries()[0].endswith("已连接指挥中心服务器")
    conn.set_link(Link.RECONNECTING)
    began = conn.offline_since.strftime("%H:%M:%S")
    conn.set_link(Link.OFFLINE)
    conn.set_queued(2)
    conn.set_link(Link.RECONNECTING)
    conn.set_link(Link.OFFLINE)
    assert len(panel.entries()) == 2
    assert panel.entries()[0].endswith(f"与服务器的连接中断（{began} 起），离线：使用本机已有数据继续工作")
    conn.set_link(Link.ONLINE)
    entries = panel.entries()
    assert len(entries) == 2
    assert entries[0].startswith(began) and f"与服务器的连接中断 {began} – " in entries[0]
    assert entries[0].endswith("秒），已恢复")
    conn.set_link(Link.RECONNECTING)   # a second outage is a second line
    assert len(panel.entries()) == 3


def test_connection_status_shows_offline_since_and_queue(qtbot):
    conn = ConnectionState()
    widget = ConnectionStatus(conn)
    qtbot.addWidget(widget)
    conn.set_link(Link.ONLINE)
    assert widget.text() == "在线"
    conn.set_link(Link.OFFLINE)
    conn.set_queued(3)
    since = conn.offline_since.strftime("%H:%M")
    assert widget.text() == f"离线（自 {since} 起） 待发送命令：3"
    assert abs((datetime.now().astimezone() - conn.offline_since).total_seconds()) < 60
    conn.set_link(Link.ONLINE)
    assert widget.text().startswith("在线")


def test_level_names_in_english_follow_one_scale(qapp):
    """Issue 20: "III major / II serious" put 较大 above 重大. In English the four levels read
    extremely serious > serious > relatively serious > general, as China's translations of the
    grading (特别重大 / 重大 / 较大 / 一般) do."""
    from console.i18n import install_translator
    from widgets import labels

    install_translator(qapp, "en")
    try:
        assert [labels.level(c) for c in ("I", "II", "III", "IV")] == [
            "Level I (extremely serious)", "Level II (serious)", "Level III (relatively serious)",
            "Level IV (general)"]
    finally:
        install_translator(qapp, "zh")
    assert labels.level("III") == "III级 较大"
