"""Unit status board: each unit's status, incident and how long since its status changed."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from console.state import LiveState
from widgets import labels
from widgets.record_panel import RecordPanel
from widgets.record_table import Column, RecordTableModel

STATUS_COLOURS = {"available": "#3cb371", "dispatched": "#f2c81d", "en_route": "#f26b1d",
                  "on_scene": "#d7191c", "out_of_service": "#7d8894"}


def _since(rec: dict) -> str:
    stamp = rec.get("status_changed_at") or rec.get("updated_at")
    if not stamp:
        return ""
    try:
        minutes = int((datetime.now(timezone.utc) - datetime.fromisoformat(stamp)).total_seconds() // 60)
    except ValueError:
        return ""
    return f"{minutes // 60}:{minutes % 60:02d}"


class UnitBoard(RecordPanel):
    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("呼号"), lambda r: r.get("callsign", r["id"])),
            Column(self.tr("类型"), lambda r: labels.unit_kind(r.get("kind", ""))),
            Column(self.tr("状态"), lambda r: labels.unit_status(r.get("status", "")),
                   colour=lambda r: STATUS_COLOURS.get(r.get("status", ""))),
            Column(self.tr("事件"), lambda r: r.get("incident_id") or ""),
            Column(self.tr("站点"), lambda r: r.get("station", "")),
            Column(self.tr("状态时长"), _since),
        ]
        super().__init__(state, RecordTableModel(state, "units", columns), parent)
        self._kind = QComboBox(self)
        self._kind.addItem(self.tr("全部类型"), "")
        for code in ("fire_engine", "ladder", "hazmat", "rescue", "ambulance", "police",
                     "gas_repair", "water_pump"):
            self._kind.addItem(labels.unit_kind(code), code)
        self._summary = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self._kind)
        bar.addWidget(self._summary, 1)
        self.layout_.insertLayout(0, bar)
        self._kind.currentIndexChanged.connect(self._on_kind_changed)
        state.layer_changed.connect(self._on_state_layer_changed)
        self._clock = QTimer(self, interval=30_000)  # "time in status" keeps counting
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()
        self._update_summary()

    def _on_kind_changed(self, _index: int) -> None:
        kind = self._kind.currentData()
        self.model.set_filter(lambda r: not kind or r.get("kind") == kind)

    def _on_state_layer_changed(self, layer: str, _upserts: list, _removed: list) -> None:
        if layer == "units":
            self._update_summary()

    def _on_clock_timeout(self) -> None:
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, 5), self.model.index(rows - 1, 5))

    def _update_summary(self) -> None:
        units = self._state.records("units").values()
        available = sum(1 for u in units if u.get("status") == "available")
        self._summary.setText(self.tr("可调派 %1 / 共 %2").replace("%1", str(available))
                              .replace("%2", str(len(units))))
