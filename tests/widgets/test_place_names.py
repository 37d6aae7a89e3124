"""Issue 20: every row says where. The 街乡 column was empty for every sensor and camera,
cameras were named 视频点位02999, the alarm list had no location, the timeline named sensors
by id. Real district data (maps.places), real widgets."""
from __future__ import annotations

from core.alarm_rules import RuleEngine, load_rules
from core.alarms import AlarmBook
from core.connection import ConnectionState
from core.state import LiveState
from widgets import place_names
from widgets.alarm_panel import AlarmPanel
from widgets.camera_list import CameraList
from widgets.sensor_panel import SensorPanel
from widgets.timeline import TimelinePanel

SANLITUN = {"lon": 116.4470, "lat": 39.9300}      # 朝阳区 三里屯街道


def _cell(panel, record_id: str, column: int) -> str:
    model = panel.model
    model.flush_now()
    return model.data(model.index(model.row_of(record_id), column))


def test_sensors_and_cameras_say_their_street_and_community(qtbot):
    state = LiveState()
    state.replace("sensors", [{"id": "S000001", "kind": "co", "state": "alarm", "value": 60, "unit": "ppm",
                               "district": "110105", **SANLITUN}])
    state.replace("cameras", [{"id": "C02999", "name": "视频点位02999", "district": "110105", **SANLITUN},
                              {"id": "C00001", "name": "三里屯路口东", "district": "110105", **SANLITUN}])
    sensors, cameras = SensorPanel(state), CameraList(state)
    qtbot.addWidget(sensors)
    qtbot.addWidget(cameras)
    where = _cell(sensors, "S000001", 4)
    assert where.startswith("三里屯街道 · ") and where.endswith("社区")
    assert _cell(cameras, "C02999", 1) == place_names.community(state.get("cameras", "C02999")) + "摄像头"
    assert "视频点位" not in _cell(cameras, "C02999", 1)
    assert _cell(cameras, "C00001", 1) == "三里屯路口东"      # a real name is kept
    assert _cell(cameras, "C02999", 3) == "三里屯街道"


def test_alarms_and_the_timeline_name_the_sensor_s_place(qtbot):
    state = LiveState()
    sensor = {"id": "S000002", "kind": "co", "state": "normal", "value": 1, "unit": "ppm",
              "district": "110105", **SANLITUN}
    state.replace("sensors", [sensor])
    rules = load_rules()
    engine, book = RuleEngine(rules), AlarmBook(rules)
    panel = AlarmPanel(book, sensor_of=lambda sid: state.get("sensors", sid))
    timeline = TimelinePanel(state, ConnectionState())
    qtbot.addWidget(panel)
    qtbot.addWidget(timeline)
    book.apply(engine.feed("S000002", "co", 200.0, 1000.0))
    qtbot.waitUntil(lambda: panel.table_model.rowCount() >= 1, timeout=2_000)
    location = panel.table_model.data(panel.table_model.index(0, panel.table_model.headers.index("位置")))
    assert location.startswith("三里屯街道 · ")
    assert "三里屯街道" in panel.banner.text() and "S000002" in panel.banner.text()
    state.apply("sensors", [{"id": "S000002", "state": "alarm", "value": 200.0}])
    assert timeline.entries()[0].split("  ", 1)[1].startswith("传感器 三里屯街道 · ")
