"""Unit status board: each unit's status, incident and how long since its status changed."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from core.state import LiveState
from widgets import labels
from widgets.record_panel import RecordPanel
from widgets.record_table import Column, RecordTableModel
from widgets.bind import bind

STATUS_COLOURS = {"available": "#3cb371", "dispatched": "#f2c81d", "en_route": "#f26b1d",
                  "on_scene": "#d7191c", "out_of_service": "#7d8894"}


# How long a unit may stay in a status before the board flags it (minutes): a crew should roll
# within 2 minutes of the call and arrive within 15 (the district's response standard).
OVERDUE_MINUTES = {"dispatched": 2.0, "en_route": 15.0}


def _parse(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def minutes_in_status(changed_at: datetime | None, now: datetime | None = None) -> float | None:
    if changed_at is None:
        return None
    return ((now or datetime.now(timezone.utc)) - changed_at).total_seconds() / 60


def is_overdue(status: str, minutes: float | None) -> bool:
    """True when a unit has been dispatched or en route longer than the standard allows."""
    limit = OVERDUE_MINUTES.get(status)
    return limit is not None and minutes is not None and minutes > limit


class UnitBoard(RecordPanel):
    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("呼号"), lambda r: r.get("callsign", r["id"])),
            Column(self.tr("类型"), lambda r: labels.unit_kind(r.get("kind", ""))),
            Column(self.tr("状态"), lambda r: labels.unit_status(r.get("status", "")),
                   colour=lambda r: STATUS_COLOURS.get(r.get("status", ""))),
            Column(self.tr("事件"), lambda r: r.get("incident_id") or ""),
            Column(self.tr("站点"), lambda r: r.get("station", "")),
            Column(self.tr("状态时长"), self._since_text, colour=self._since_colour,
                   sort_key=lambda r: self.minutes(r) or 0.0),
        ]
        # when each unit's STATUS last changed (updated_at also moves with every position report)
        self._changed_at: dict[str, datetime | None] = {}
        self._last_status: dict[str, str] = {}
        for rec in state.records("units").values():
            self._note_status(rec, initial=True)
        super().__init__(state, RecordTableModel(state, "units", columns), parent)
        self._only = QComboBox(self)
        self._only.addItem(self.tr("全部状态"), "")
        for code in ("available", "dispatched", "en_route", "on_scene", "out_of_service"):
            self._only.addItem(labels.unit_status(code), code)
        self._only.addItem(self.tr("超时"), "overdue")
        self._only.addItem(self.tr("执行任务中"), "committed")
        self._kind = QComboBox(self)
        self._kind.addItem(self.tr("全部类型"), "")
        for code in ("fire_engine", "ladder", "hazmat", "rescue", "ambulance", "police",
                     "gas_repair", "water_pump"):
            self._kind.addItem(labels.unit_kind(code), code)
        self._summary = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self._kind)
        bar.addWidget(self._only)
        bar.addWidget(self._summary, 1)
        self.layout_.insertLayout(0, bar)
        self._kind.currentIndexChanged.connect(self._on_kind_changed)
        self._only.currentIndexChanged.connect(self._on_kind_changed)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self._clock = QTimer(self, interval=30_000)  # "time in status" keeps counting
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()
        self._update_summary()

    # -- time in status ---------------------------------------------------------------------------
    def _note_status(self, rec: dict, initial: bool = False) -> None:
        status = rec.get("status", "")
        if self._last_status.get(rec["id"]) != status:
            self._last_status[rec["id"]] = status
            self._changed_at[rec["id"]] = (_parse(rec.get("status_changed_at") or rec.get("updated_at"))
                                           if initial or self._state.replacing else datetime.now(timezone.utc))

    def minutes(self, rec: dict) -> float | None:
        """Minutes the unit has been in its current status."""
        return minutes_in_status(self._changed_at.get(rec["id"]))

    def overdue_ids(self) -> list[str]:
        return sorted(rid for rid, rec in self._state.records("units").items()
                      if is_overdue(rec.get("status", ""), self.minutes(rec)))

    def _since_text(self, rec: dict) -> str:
        m = self.minutes(rec)
        if m is None:
            return ""
        text = f"{int(m) // 60}:{int(m) % 60:02d}"
        return self.tr("%1 超时").replace("%1", text) if is_overdue(rec.get("status", ""), m) else text

    def _since_colour(self, rec: dict) -> str | None:
        return "#d7191c" if is_overdue(rec.get("status", ""), self.minutes(rec)) else None

    def _on_kind_changed(self, _index: int) -> None:
        kind, only = self._kind.currentData(), self._only.currentData()

        def accept(r: dict) -> bool:
            if kind and r.get("kind") != kind:
                return False
            if only == "overdue":
                return is_overdue(r.get("status", ""), self.minutes(r))
            if only == "committed":
                return bool(r.get("incident_id"))
            return not only or r.get("status") == only
        self.model.set_filter(accept)

    def _on_state_layer_changed(self, layer: str, upserts: list, _removed: list) -> None:
        if layer == "units":
            for rec in upserts:
                self._note_status(rec)
            self._update_summary()

    def _on_clock_timeout(self) -> None:
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, 5), self.model.index(rows - 1, 5))

    def _update_summary(self) -> None:
        units = self._state.records("units").values()
        available = sum(1 for u in units if u.get("status") == "available")
        overdue = sum(1 for u in units if is_overdue(u.get("status", ""), self.minutes(u)))
        text = self.tr("可调派 %1 / 共 %2").replace("%1", str(available)).replace("%2", str(len(units)))
        if overdue:
            text += self.tr("，超时 %1").replace("%1", str(overdue))
        self._summary.setText(text)
