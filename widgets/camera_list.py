"""Camera list: find a camera by number or name; selecting it shows it on the map."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from core.state import LiveState
from widgets import place_names
from widgets.record_panel import RecordPanel
from widgets.record_table import Column, RecordTableModel


def _direction(rec: dict) -> str:
    d = rec.get("direction")
    return "" if d is None else f"{d}°"


class CameraList(RecordPanel):
    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("编号"), lambda r: r["id"]),
            Column(self.tr("名称"), place_names.camera_name),   # its place, not 视频点位02999
            Column(self.tr("朝向"), _direction),
            Column(self.tr("街乡"), place_names.street),
        ]
        super().__init__(state, RecordTableModel(state, "cameras", columns), parent)
        self._search = QLineEdit(self)
        self._search.setPlaceholderText(self.tr("按编号或名称查找摄像头"))
        self._search.setClearButtonEnabled(True)
        self.layout_.insertWidget(0, self._search)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._search.textChanged.connect(lambda _t: self._debounce.start())

    def _on_debounce_timeout(self) -> None:
        text = self._search.text().strip()
        self.model.set_filter(lambda r: not text or text in r["id"] or text in r.get("name", "")
                              or text in place_names.camera_name(r) or text in place_names.street(r))
