"""Sensor overview: counts by state, and the sensors that are not normal (alarms first)."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.state import LiveState
from widgets import labels, place_names
from widgets.record_panel import RecordPanel
from widgets.record_table import Column, RecordTableModel
from widgets.bind import bind

STATE_COLOURS = {"normal": "#3cb371", "warning": "#f2c81d", "alarm": "#d7191c",
                 "offline": "#7d8894", "fault": "#a05cd6"}
_ORDER = {"alarm": 0, "warning": 1, "fault": 2, "offline": 3, "normal": 4}


class SensorPanel(RecordPanel):
    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("状态"), lambda r: labels.sensor_state(r.get("state", "")),
                   colour=lambda r: STATE_COLOURS.get(r.get("state", "")),
                   sort_key=lambda r: _ORDER.get(r.get("state", ""), 9)),
            Column(self.tr("编号"), lambda r: r["id"]),
            Column(self.tr("类型"), lambda r: labels.sensor_kind(r.get("kind", ""))),
            Column(self.tr("读数"), lambda r: f"{r.get('value', '')} {r.get('unit', '')}".strip()),
            Column(self.tr("位置"), place_names.where, sort_key=place_names.street),
        ]
        model = RecordTableModel(state, "sensors", columns, lambda r: r.get("state") != "normal",
                                 flush_ms=300)
        super().__init__(state, model, parent)
        self._counts = QLabel(self)
        self._counts.setObjectName("sensorCounts")
        bar = QHBoxLayout()
        bar.addWidget(self._counts, 1)
        self.layout_.insertLayout(0, bar)
        self.table.sortByColumn(0, self.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
        self._recount = QTimer(self, singleShot=True, interval=500)  # counting 100k is not free
        self._recount.timeout.connect(self._update_counts)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self._update_counts()

    def _on_state_layer_changed(self, layer: str, _upserts: list, _removed: list) -> None:
        if layer == "sensors" and not self._recount.isActive():
            self._recount.start()

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATE_COLOURS, 0)
        for rec in self._state.records("sensors").values():
            out[rec.get("state", "normal")] = out.get(rec.get("state", "normal"), 0) + 1
        return out

    def _update_counts(self) -> None:
        parts = [f'<span style="color:{STATE_COLOURS[s]}">■</span> {labels.sensor_state(s)} {n:,}'
                 for s, n in self.counts().items()]
        self._counts.setText("&nbsp;&nbsp;".join(parts))
