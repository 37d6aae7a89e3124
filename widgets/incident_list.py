"""Incident list: every incident the console knows, filterable by status, level and type."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from core.state import LiveState
from maps.palette import LEVEL_COLOURS
from plans.taxonomy import INCIDENT_TYPES
from widgets import labels
from widgets.record_panel import RecordPanel
from widgets.record_table import Column, RecordTableModel


def _time(rec: dict) -> str:
    try:
        return datetime.fromisoformat(rec["reported_at"]).astimezone().strftime("%m-%d %H:%M")
    except (KeyError, ValueError):
        return ""


def _exercise(rec: dict) -> bool:
    """An exercise (演练) incident: a drill database marks every one (server/handlers.py)."""
    return bool((rec.get("facts") or {}).get("exercise"))


class IncidentList(RecordPanel):
    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("编号"), lambda r: r["id"]),
            # 待研判 / 另行定级 in grey while the level is not graded (the record's IV is only the working level)
            Column(self.tr("等级"), labels.record_level,
                   colour=lambda r: LEVEL_COLOURS.get(r.get("level", "")) if labels.record_graded(r)
                   else labels.NEUTRAL_COLOUR,
                   sort_key=lambda r: "I II III IV".split().index(r["level"]) if r.get("level") in LEVEL_COLOURS else 9),
            Column(self.tr("类型"), lambda r: labels.incident_type_name(r.get("type", ""))),
            # a drill record is marked where the eye lands, so nobody takes it for a live one
            Column(self.tr("标题"), self._title),
            # filed here, not yet confirmed by the server (offline): 待同步, in amber
            Column(self.tr("状态"), self._status_text,
                   colour=lambda r: "#f2c81d" if r.get("pending_sync") else None),
            Column(self.tr("街乡"), lambda r: r.get("street", "")),
            Column(self.tr("报告时间"), _time, sort_key=lambda r: r.get("reported_at", "")),
        ]
        super().__init__(state, RecordTableModel(state, "incidents", columns, self._accepts), parent)
        self._status = QComboBox(self)
        self._status.addItem(self.tr("处置中"), "active")
        self._status.addItem(self.tr("全部"), "")
        self._status.addItem(self.tr("已结束"), "closed")
        self._level = QComboBox(self)
        self._level.addItem(self.tr("全部等级"), "")
        for code in ("I", "II", "III", "IV"):
            self._level.addItem(labels.level(code), code)
        self._type = QComboBox(self)
        self._type.addItem(self.tr("全部类型"), "")
        for t in INCIDENT_TYPES:
            self._type.addItem(labels.incident_type_name(t.code), t.code)
        self._street = QLineEdit(self)
        self._street.setPlaceholderText(self.tr("街乡"))
        self._street.setClearButtonEnabled(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("状态"), self))
        bar.addWidget(self._status)
        bar.addWidget(self._level)
        bar.addWidget(self._type)
        bar.addWidget(self._street)
        bar.addStretch(1)
        self.layout_.insertLayout(0, bar)
        self._status.currentIndexChanged.connect(self._on_filter_changed)
        self._level.currentIndexChanged.connect(self._on_filter_changed)
        self._type.currentIndexChanged.connect(self._on_filter_changed)
        self._street.textChanged.connect(self._on_filter_changed)
        self.table.sortByColumn(6, self.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
        self.model.set_filter(self._accepts)

    def _status_text(self, rec: dict) -> str:
        if rec.get("pending_sync"):
            return self.tr("待同步（未送达服务器）")
        return labels.incident_status(rec.get("status", ""))

    def _title(self, rec: dict) -> str:
        title, mark = rec.get("title", ""), self.tr("【演练】")
        return mark + title if _exercise(rec) and not title.startswith(mark) else title

    def _accepts(self, rec: dict) -> bool:
        status = self._status.currentData() if hasattr(self, "_status") else "active"
        level = self._level.currentData() if hasattr(self, "_level") else ""
        type_ = self._type.currentData() if hasattr(self, "_type") else ""
        street = self._street.text().strip() if hasattr(self, "_street") else ""
        return ((not status or rec.get("status") == status) and (not level or rec.get("level") == level)
                and (not type_ or rec.get("type") == type_) and (not street or street in (rec.get("street") or "")))

    def set_filters(self, status: str | None = None, level: str | None = None, type_: str | None = None,
                    street: str | None = None) -> None:
        """Set filters by code (e.g. from a shortcut or a test); None leaves one as it is."""
        for combo, value in ((self._status, status), (self._level, level), (self._type, type_)):
            if value is not None:
                combo.setCurrentIndex(max(0, combo.findData(value)))
        if street is not None:
            self._street.setText(street)

    def _on_filter_changed(self, *_args) -> None:
        self.model.set_filter(self._accepts)
