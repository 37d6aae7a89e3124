"""Alarm panel: the AlarmBook's alarms with state, rule and time; acknowledge with a comment,
silence for N minutes, create an incident from an alarm; a flash (and, if allowed, a beep) on
a new alarm. Changes are coalesced: the table is redrawn at most every FLUSH_MS."""
from __future__ import annotations

import time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from core.alarm_rules import OFFLINE_RULE, RuleSet
from core.alarms import ACKNOWLEDGED, CLEARED, NEW, Alarm, AlarmBook
from widgets import labels, place_names

FLUSH_MS = 100
FLASH_MS = 250
FLASH_TIMES = 8           # toggles: four red blinks, about two seconds
_LEVEL_COLOURS = {"alarm": "#d7191c", "warning": "#f2c81d"}
_STATE_COLOURS = {NEW: "#d7191c", ACKNOWLEDGED: "#e08a00", CLEARED: "#7d8894"}


class AlarmTableModel(QAbstractTableModel):
    def __init__(self, parent=None, rules: RuleSet | None = None,
                 sensor_of: Callable[[str], dict | None] | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        self.sensor_of = sensor_of     # sensor id -> its record (for where it is), if known
        self.rows: list[Alarm] = []
        self.headers = [self.tr("状态"), self.tr("级别"), self.tr("传感器"), self.tr("类型"),
                        self.tr("规则"), self.tr("读数"), self.tr("时间"), self.tr("位置"), self.tr("确认备注")]
        self._state_names = {NEW: self.tr("新告警"), ACKNOWLEDGED: self.tr("已确认"), CLEARED: self.tr("已解除")}
        self._level_names = {"alarm": self.tr("报警"), "warning": self.tr("预警")}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        a = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            state = self._state_names[a.state] + ("✓" if a.state == CLEARED and a.acked else "")
            value = "" if a.value is None else f"{a.value:g} {a.unit}".strip()
            return (state, self._level_names.get(a.level, a.level), a.sensor_id,
                    labels.sensor_kind(a.kind), self._rule_text(a), value,
                    datetime.fromtimestamp(a.raised_at).strftime("%m-%d %H:%M:%S"), self.where(a.sensor_id),
                    a.ack_comment)[c]
        if role == Qt.ItemDataRole.ForegroundRole:
            if c == 0:
                return QColor(_STATE_COLOURS[a.state])
            if c == 1:
                return QColor(_LEVEL_COLOURS.get(a.level, "#7d8894"))
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def where(self, sensor_id: str) -> str:
        sensor = self.sensor_of(sensor_id) if self.sensor_of is not None else None
        return place_names.where(sensor) if sensor else ""

    def _rule_text(self, a: Alarm) -> str:
        """Rule name (from the rules file) and its condition, in the UI language."""
        if a.rule_id == OFFLINE_RULE:
            return self.tr("传感器离线")
        r = self.rules.rule(a.rule_id) if self.rules is not None else None
        if r is None:
            return f"{a.rule_name} {a.rule_text}".strip()
        if r.shape == "code":
            cond = self.tr("读数 = %1").replace("%1", "/".join(f"{c:g}" for c in r.codes))
        elif r.shape == "rate":
            cond = (self.tr("%1 分钟内上升 > %2/分钟").replace("%1", f"{r.window_s / 60:g}")
                    .replace("%2", f"{r.rise_per_min:g}"))
        else:
            cond = (self.tr("≥ %1（低于 %2 解除）").replace("%1", f"{r.raise_at:g}")
                    .replace("%2", f"{r.clear_below:g}"))
        return f"{a.rule_name} {cond}"

    def set_rules(self, rules: RuleSet | None) -> None:
        """New alarm rules: conditions are shown as they now read."""
        self.beginResetModel()
        self.rules = rules
        self.endResetModel()

    def set_rows(self, rows: list[Alarm]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


class AlarmPanel(QWidget):
    incident_requested = Signal(str)        # sensor_id: create an incident from this alarm
    alarm_selected = Signal(str, str)       # alarm_id, sensor_id: the operator picked an alarm
    alarms_shown = Signal(object)           # list[str] alarm ids newly visible (after a flush)

    def __init__(self, model: AlarmBook, parent: QWidget | None = None, *, sound: bool = False,
                 clock: Callable[[], float] = time.time,
                 sensor_of: Callable[[str], dict | None] | None = None) -> None:
        super().__init__(parent)
        self.book = model
        self.sound = sound
        self._clock = clock
        self._pending_new: list[Alarm] = []
        self.flashing = False
        self._restoring = False
        self._flashes = 0
        self.table_model = AlarmTableModel(self, model.rules, sensor_of)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.banner = QLabel(self)
        self.banner.setObjectName("alarmBanner")
        self.counts = QLabel(self)
        # sensors gone silent are a maintenance matter, not an emergency: they wait in their
        # own view instead of burying the real 预警 (issue 20 opened on 28 传感器离线 alarms)
        self.maintenance_button = QPushButton(self)
        self.maintenance_button.setObjectName("maintenance_view")
        self.maintenance_button.setCheckable(True)
        self.maintenance_button.setFlat(True)
        self.maintenance_button.toggled.connect(lambda _on: self._flush())
        self.suggestion = QLabel(self)      # the plan response the selected alarm suggests
        self.suggestion.setObjectName("alarmSuggestion")
        self.suggestion.setWordWrap(True)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(self.tr("确认备注（处置情况）"))
        self.ack_button = QPushButton(self.tr("确认"), self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 240)
        self.minutes.setValue(10)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.silence_button = QPushButton(self.tr("静音"), self)
        self.incident_button = QPushButton(self.tr("据此立案"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.comment, 1)
        for w in (self.ack_button, self.minutes, self.silence_button, self.incident_button):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.maintenance_button)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.suggestion)
        lay.addLayout(bar)

        self._flush_timer = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._flash_timer = QTimer(self, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self.ack_button.clicked.connect(self._on_ack_clicked)
        self.silence_button.clicked.connect(self._on_silence_clicked)
        self.incident_button.clicked.connect(self._on_incident_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        model.subscribe(self._on_book_changed)
        self._flush()

    # -- book -> table, coalesced ------------------------------------------------------------
    @staticmethod
    def is_maintenance(a: Alarm) -> bool:
        """A sensor that stopped reporting: for the maintenance view, not the alarm queue."""
        return a.rule_id == OFFLINE_RULE

    def _on_book_changed(self, changed: list[Alarm]) -> None:
        self._pending_new += [a for a in changed if a.state == NEW and a.ack_at is None
                              and a.cleared_at is None and not self.is_maintenance(a)]
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        current = self.current_alarm_id()
        every = self.book.alarms()
        maintenance = self.maintenance_button.isChecked()
        rows = [a for a in every if self.is_maintenance(a) == maintenance]
        offline = sum(1 for a in every if self.is_maintenance(a) and a.state != CLEARED)
        self.maintenance_button.setText(
            self.tr("返回告警队列") if maintenance else self.tr("设备维护：%1 个传感器离线").replace("%1", str(offline)))
        # restoring the operator's row is not a new choice: no alarm_selected for it
        self._restoring = True
        try:
            self.table_model.set_rows(rows)
            if current:
                for i, a in enumerate(rows):
                    if a.id == current:
                        self.table.selectRow(i)
                        break
        finally:
            self._restoring = False
        c = {state: sum(1 for a in every if a.state == state and not self.is_maintenance(a))
             for state in (NEW, ACKNOWLEDGED, CLEARED)}
        self.counts.setText(self.tr("新告警 %1　已确认 %2　已解除 %3").replace("%1", str(c[NEW]))
                            .replace("%2", str(c[ACKNOWLEDGED])).replace("%3", str(c[CLEARED])))
        self._update_buttons()
        fresh, self._pending_new = self._pending_new, []
        if fresh:
            now = self._clock()
            newest = max(fresh, key=lambda a: a.raised_at)
            where = self.table_model.where(newest.sensor_id)
            self.banner.setText(self.tr("新告警：%1 %2").replace("%1", f"{where}（{newest.sensor_id}）" if where
                                                                  else newest.sensor_id)
                                .replace("%2", newest.rule_name))
            self._start_flash()
            if self.sound and any(not a.silenced(now) for a in fresh):
                QApplication.beep()
            self.alarms_shown.emit([a.id for a in fresh])

    # -- flash -------------------------------------------------------------------------------
    def _start_flash(self) -> None:
        self._flashes = FLASH_TIMES
        self._set_flash(True)
        self._flash_timer.start()

    def _on_flash_timer_timeout(self) -> None:
        self._flashes -= 1
        self._set_flash(self._flashes > 0 and not self.flashing)
        if self._flashes <= 0:
            self._flash_timer.stop()

    def _set_flash(self, on: bool) -> None:
        self.flashing = on
        self.banner.setStyleSheet("background:#d7191c;color:white;font-weight:bold;padding:4px"
                                  if on else "padding:4px")

    # -- commands ----------------------------------------------------------------------------
    def current_alarm_id(self) -> str | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.table_model.rows):
            return None
        return self.table_model.rows[idx.row()].id

    def select_alarm(self, alarm_id: str) -> bool:
        for i, a in enumerate(self.table_model.rows):
            if a.id == alarm_id:
                self.table.setCurrentIndex(self.table_model.index(i, 0))
                return True
        return False

    def show_suggestion(self, activation) -> None:
        """Show the plan response (a plans Activation, or None) for the selected alarm."""
        if activation is None:
            self.suggestion.clear()
            self.suggestion.setToolTip("")
            return
        titles = "、".join(f"《{p.title}》" for p in activation.plans[:2])
        if getattr(activation, "graded", True):
            text = (self.tr("建议：%1响应（%2 级），启动 %3").replace("%1", activation.level_name)
                    .replace("%2", activation.level).replace("%3", titles))
        else:   # 待研判 / 另行定级: no level is suggested, only the first response
            text = (self.tr("建议：%1，%2，启动 %3").replace("%1", labels.grading(activation))
                    .replace("%2", labels.grading_working(activation)).replace("%3", titles))
        if activation.warning_reason:
            text += self.tr("；%1").replace("%1", activation.warning_reason)
        self.suggestion.setText(text)
        self.suggestion.setToolTip(self.tr("定级依据：%1").replace("%1", labels.grading_reason(activation)))

    def _update_buttons(self) -> None:
        a = self.book.get(self.current_alarm_id() or "")
        self.ack_button.setEnabled(a is not None and not a.acked)
        self.silence_button.setEnabled(a is not None and a.state != CLEARED)
        self.incident_button.setEnabled(a is not None)

    def _on_table_current_row_changed(self, current, _previous) -> None:
        self._update_buttons()
        a = self.book.get(self.current_alarm_id() or "")
        if a is not None and not self._restoring:
            self.alarm_selected.emit(a.id, a.sensor_id)

    def _on_ack_clicked(self) -> None:
        aid = self.current_alarm_id()
        if aid:
            self.book.acknowledge(aid, self.comment.text(), self._clock())
            self.comment.clear()

    def _on_silence_clicked(self) -> None:
        aid = self.current_alarm_id()
        if aid:
            self.book.silence(aid, self.minutes.value(), self._clock())

    def _on_incident_clicked(self) -> None:
        a = self.book.get(self.current_alarm_id() or "")
        if a is not None:
            self.incident_requested.emit(a.sensor_id)
