"""The trainer's drill player (演练): open a scenario, start, pause, resume, speed, stop, the
drill clock and the injects still to come. It is the trainer's panel: the trainees' panels
only ever see what has been injected."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from drills.scenario import Inject, format_time

SPEEDS = (1.0, 5.0, 20.0)
KIND_NAMES = {
    "phone_report": QT_TRANSLATE_NOOP("DrillPlayer", "电话报警"),
    "sensor_reading": QT_TRANSLATE_NOOP("DrillPlayer", "传感器读数"),
    "sensor_alarm": QT_TRANSLATE_NOOP("DrillPlayer", "传感器告警"),
    "casualty_update": QT_TRANSLATE_NOOP("DrillPlayer", "伤亡更新"),
    "unit_breakdown": QT_TRANSLATE_NOOP("DrillPlayer", "车辆故障"),
    "camera_dark": QT_TRANSLATE_NOOP("DrillPlayer", "视频黑屏"),
    "network_outage": QT_TRANSLATE_NOOP("DrillPlayer", "网络中断"),
}


def kind_name(kind: str) -> str:
    return QCoreApplication.translate("DrillPlayer", KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def place_text(inj: Inject) -> str:
    if inj.street:
        return inj.street
    return f"{inj.lon:.4f}, {inj.lat:.4f}" if inj.lon is not None else ""


class DrillPlayer(QWidget):
    """Takes the console's DrillFlow (console/drill_flow.py) and calls its commands."""

    def __init__(self, flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.pause_button = QPushButton(self)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button = QPushButton(self)
        self.stop_button.clicked.connect(flow.stop)
        self.speed_buttons = QButtonGroup(self)
        speeds = QHBoxLayout()
        for i, speed in enumerate(SPEEDS):
            b = QPushButton(f"{speed:g}×", self)
            b.setCheckable(True)
            b.setChecked(speed == flow.speed)
            self.speed_buttons.addButton(b, i)
            speeds.addWidget(b)
        self.speed_buttons.idClicked.connect(self._on_speed_buttons_id_clicked)
        self.scripted_check = QCheckBox(self)
        self.clock_label = QLabel("00:00:00", self)
        self.clock_label.setObjectName("drillClock")
        self.clock_label.setStyleSheet("#drillClock { font-size: 20pt; font-weight: bold; }")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.upcoming_list = QTreeWidget(self)
        self.upcoming_list.setRootIsDecorated(False)
        self.upcoming_list.setColumnCount(4)
        self.upcoming_heading = QLabel(self)

        controls = QHBoxLayout()
        for w in (self.start_button, self.pause_button, self.stop_button):
            controls.addWidget(w)
        column = QVBoxLayout(self)
        column.addWidget(self.open_button)
        column.addWidget(self.title_label)
        column.addLayout(controls)
        column.addLayout(speeds)
        column.addWidget(self.scripted_check)
        column.addWidget(self.clock_label)
        column.addWidget(self.status_label)
        column.addWidget(self.upcoming_heading)
        column.addWidget(self.upcoming_list, 1)

        flow.scenario_loaded.connect(self._on_flow_scenario_loaded)
        flow.scenario_rejected.connect(self._on_flow_scenario_rejected)
        flow.state_changed.connect(self._on_flow_state_changed)
        flow.inject_fired.connect(self._on_flow_inject_fired)
        flow.clock_ticked.connect(self._on_flow_clock_ticked)
        flow.message_posted.connect(self.status_label.setText)
        flow.availability_changed.connect(self._refresh)
        self.translate_ui()
        self._refresh()

    def translate_ui(self) -> None:
        self.open_button.setText(self.tr("打开演练剧本…"))
        self.start_button.setText(self.tr("开始"))
        self.stop_button.setText(self.tr("结束并评估"))
        self.scripted_check.setText(self.tr("脚本学员代演（无人值守演示）"))
        self.upcoming_heading.setText(self.tr("即将注入（仅导调可见）"))
        self.upcoming_list.setHeaderLabels([self.tr("时间"), self.tr("类型"), self.tr("地点"), self.tr("内容")])
        self._refresh()

    # -- handlers ----------------------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        from core.paths import RESOURCES

        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开演练剧本"), str(RESOURCES / "scenarios"),
                                              self.tr("演练剧本 (*.yaml *.yml);;所有文件 (*)"))
        if path:
            self.flow.load(path)

    def _on_start_clicked(self) -> None:
        self.flow.start(SPEEDS[max(0, self.speed_buttons.checkedId())], self.scripted_check.isChecked())

    def _on_pause_clicked(self) -> None:
        if self.flow.state == "paused":
            self.flow.resume()
        else:
            self.flow.pause()

    def _on_speed_buttons_id_clicked(self, index: int) -> None:
        self.flow.set_speed(SPEEDS[index])

    def _on_flow_scenario_loaded(self, scenario) -> None:
        self.status_label.setText(self.tr("剧本已通过校验：%1 条注入，时长 %2")
                                  .replace("%1", str(len(scenario.injects)))
                                  .replace("%2", format_time(scenario.duration_s)))
        self.clock_label.setText("00:00:00")
        self._refresh()

    def _on_flow_scenario_rejected(self, path: str, problems: list) -> None:
        self.status_label.setText(self.tr("剧本有误，未载入：") + "\n" + "\n".join(problems))

    def _on_flow_state_changed(self, _state: str) -> None:
        self._refresh()

    def _on_flow_inject_fired(self, inj, t: int) -> None:
        self.status_label.setText(self.tr("已注入 %1：%2").replace("%1", format_time(t))
                                  .replace("%2", kind_name(inj.kind)))
        self.clock_label.setText(format_time(max(t, self.flow.elapsed())))
        self._fill_upcoming()

    def _on_flow_clock_ticked(self, t: float) -> None:
        self.clock_label.setText(format_time(t))

    # -- view --------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        flow, state = self.flow, self.flow.state
        scenario = flow.scenario
        self.title_label.setText(scenario.title if scenario else self.tr("尚未打开剧本"))
        playing = state in ("running", "paused")
        reason = flow.unavailable_reason()
        self.open_button.setEnabled(not playing and state != "stopping")
        self.start_button.setEnabled(scenario is not None and state == "ready" and not reason)
        self.pause_button.setEnabled(playing)
        self.pause_button.setText(self.tr("继续") if state == "paused" else self.tr("暂停"))
        self.stop_button.setEnabled(playing)
        self.scripted_check.setEnabled(not playing and state != "stopping")
        if reason and not playing:
            self.status_label.setText(reason)
            self._reason_shown = True
        elif getattr(self, "_reason_shown", False):  # the drill server is there now
            self.status_label.clear()
            self._reason_shown = False
        self._fill_upcoming()

    def _fill_upcoming(self) -> None:
        self.upcoming_list.clear()
        from widgets.drill_report import inject_summary

        for inj in self.flow.upcoming():
            item = QTreeWidgetItem([format_time(inj.at_s), kind_name(inj.kind), place_text(inj),
                                    inject_summary(inj)])
            item.setToolTip(3, inject_summary(inj))
            self.upcoming_list.addTopLevelItem(item)
