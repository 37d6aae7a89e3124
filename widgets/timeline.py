"""Timeline: what happened, newest first — new incidents, level and status changes, unit
status changes, sensor alarms, connection changes. Positions and readings are not events."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.connection import ConnectionState, Link
from core.state import LiveState
from widgets import labels, place_names
from widgets.bind import bind

MAX_ENTRIES = 2000
# layer -> the fields whose change is worth a line
_WATCHED = {"incidents": ("level", "status"), "units": ("status",), "sensors": ("state",)}


class TimelinePanel(QWidget):
    def __init__(self, state: LiveState, connection: ConnectionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._known: dict[tuple[str, str], tuple] = {}
        self._link: Link | None = None
        self._outage: tuple[QListWidgetItem, datetime] | None = None  # its line, when it began
        self._dispatches: dict[str, tuple[QListWidgetItem, str, list[str]]] = {}  # unit -> its line
        self.list = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        for layer in _WATCHED:
            for rid, rec in state.records(layer).items():
                self._known[(layer, rid)] = tuple(rec.get(f) for f in _WATCHED[layer])
        bind(state.layer_changed, self._on_state_layer_changed, self)
        bind(connection.changed, self._on_connection_changed, self)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def entries(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add_entry(self, text: str, colour: str | None = None, target: tuple[str, str] | None = None) -> None:
        item = QListWidgetItem(f"{datetime.now().strftime('%H:%M:%S')}  {text}")
        if colour:
            item.setForeground(QColor(colour))
        if target:
            item.setData(Qt.ItemDataRole.UserRole, target)
        self.list.insertItem(0, item)
        while self.list.count() > MAX_ENTRIES:
            self.list.takeItem(self.list.count() - 1)

    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        fields = _WATCHED.get(layer)
        if not fields:
            return
        if self._state.replacing:  # a fresh snapshot: remember, don't narrate
            for rec in upserts:
                self._known[(layer, rec["id"])] = tuple(rec.get(f) for f in fields)
            return
        for rec in upserts:
            key = (layer, rec["id"])
            now = tuple(rec.get(f) for f in fields)
            before = self._known.get(key)
            self._known[key] = now
            if before == now:
                continue
            self._narrate(layer, rec, before)

    def _narrate(self, layer: str, rec: dict, before: tuple | None) -> None:
        target = (layer, rec["id"])
        if layer == "incidents":
            if before is None:
                self.add_entry(self.tr("新事件 %1：%2").replace("%1", rec["id"])
                               .replace("%2", rec.get("title", "")), "#f26b1d", target)
            elif before[0] != rec.get("level"):
                self.add_entry(self.tr("%1 定级为 %2").replace("%1", rec["id"])
                               .replace("%2", labels.level(rec.get("level", ""))), "#f2c81d", target)
            else:
                self.add_entry(self.tr("%1 状态：%2").replace("%1", rec["id"])
                               .replace("%2", labels.incident_status(rec.get("status", ""))), None, target)
        elif layer == "units" and before is not None:
            self._narrate_unit(rec, target)
        elif layer == "sensors" and rec.get("state") in ("alarm", "warning"):
            where = place_names.where(rec)
            self.add_entry(self.tr("传感器 %1 %2：%3").replace("%1", f"{where}（{rec['id']}）" if where else rec["id"])
                           .replace("%2", labels.sensor_kind(rec.get("kind", "")))
                           .replace("%3", labels.sensor_state(rec.get("state", ""))),
                           "#d7191c" if rec.get("state") == "alarm" else "#f2c81d", target)

    def _narrate_unit(self, rec: dict, target: tuple[str, str]) -> None:
        """One line per dispatch: 调派 unit → incident (who), then the same line follows the
        unit (途中, 到场 HH:MM) until it is free again; other status changes a line each."""
        uid, status = rec["id"], rec.get("status", "")
        name = rec.get("callsign", uid)
        line = self._dispatches.get(uid)
        if status == "dispatched" or (line is None and status in ("en_route", "on_scene") and rec.get("incident_id")):
            who = rec.get("dispatched_by")
            head = (self.tr("调派 %1 → %2（%3）").replace("%3", who) if who else self.tr("调派 %1 → %2")) \
                .replace("%1", name).replace("%2", str(rec.get("incident_id") or ""))
            self.add_entry(head, "#f26b1d", ("incidents", rec["incident_id"]) if rec.get("incident_id") else target)
            self._dispatches[uid] = (self.list.item(0), head, [])
            line = self._dispatches[uid]
            if status == "dispatched":
                return
        if line is not None and status in ("en_route", "on_scene", "available", "out_of_service"):
            item, head, steps = line
            steps.append(f"{labels.unit_status(status)} {datetime.now().strftime('%H:%M')}")
            item.setText(f"{item.text()[:8]}  {head} · " + " · ".join(steps))
            if status in ("available", "out_of_service"):
                del self._dispatches[uid]
            return
        self.add_entry(self.tr("%1 状态：%2").replace("%1", name)
                       .replace("%2", labels.unit_status(status)), None, target)

    def _on_connection_changed(self, link: Link, since, _queued: int) -> None:
        """One line per outage, not one per state: 连接中断 … while it lasts, then the same line
        says when it ended and how long it took. (The signal also fires for the queue count:
        those are not connection events.)"""
        if link == self._link:
            return
        previous, self._link = self._link, link
        if link in (Link.RECONNECTING, Link.OFFLINE):
            started = (since or datetime.now().astimezone()).strftime("%H:%M:%S")
            text = (self.tr("与服务器的连接中断（%1 起），正在重连") if link == Link.RECONNECTING
                    else self.tr("与服务器的连接中断（%1 起），离线：使用本机已有数据继续工作")).replace("%1", started)
            if self._outage is None:
                self.add_entry(text, "#f2c81d")
                self._outage = (self.list.item(0), since or datetime.now().astimezone())
            else:
                item, began = self._outage
                item.setText(f"{began.strftime('%H:%M:%S')}  {text}")
        elif link == Link.ONLINE:
            if self._outage is not None:
                item, began = self._outage
                self._outage = None
                span = labels.duration((datetime.now().astimezone() - began).total_seconds())
                item.setText(f"{began.strftime('%H:%M:%S')}  " + self.tr("与服务器的连接中断 %1 – %2（%3），已恢复")
                             .replace("%1", began.strftime("%H:%M:%S"))
                             .replace("%2", datetime.now().strftime("%H:%M:%S")).replace("%3", span))
                item.setForeground(QColor("#6fb3ff"))
            elif previous in (None, Link.CONNECTING, Link.LOCAL):
                self.add_entry(self.tr("已连接指挥中心服务器"), "#6fb3ff")

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self._state.select(*target)
