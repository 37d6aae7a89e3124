"""A table model over one LiveState layer: columns from a spec, rows filtered by a predicate.

Changes arrive in bursts (a busy feed sends thousands of sensor readings a second), so they
are collected and applied at most every `flush_ms`; big bursts reset the model in one go.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from core.state import LiveState
from widgets.bind import bind


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[dict], str]
    colour: Callable[[dict], str | None] | None = None
    sort_key: Callable[[dict], object] | None = None


class RecordTableModel(QAbstractTableModel):
    RecordIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, state: LiveState, layer: str, columns: list[Column],
                 accept: Callable[[dict], bool] = lambda r: True, flush_ms: int = 150,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._layer = state, layer
        self._columns, self._accept = columns, accept
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._pending: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=flush_ms)
        self._timer.timeout.connect(self._flush)
        self._stale = False   # the server is away: rows carry their age (set_stale)
        self._ages = QTimer(self, interval=30_000)
        self._ages.timeout.connect(self._refresh_ages)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self._rebuild()

    # -- public -----------------------------------------------------------------------------
    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str) -> int:
        return self._row_of.get(record_id, -1)

    def set_filter(self, accept: Callable[[dict], bool]) -> None:
        self._accept = accept
        self._rebuild()

    def set_stale(self, stale: bool) -> None:
        """While the server is away every row's first cell carries the age of what it shows
        (· 3 分钟前, from the record's "seen_at"), renewed every 30 s; live again, it goes."""
        if stale == self._stale:
            return
        self._stale = stale
        if stale:
            self._ages.start()
        else:
            self._ages.stop()
        self._refresh_ages()

    def _refresh_ages(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    def age(self, rec: dict) -> str:
        """How long ago this console last heard of the record, in words (empty if unknown)."""
        try:
            seen = datetime.fromisoformat(rec["seen_at"])
        except (KeyError, TypeError, ValueError):
            return ""
        minutes = int((datetime.now(timezone.utc) - seen).total_seconds() // 60)
        if minutes < 1:
            return self.tr("不足 1 分钟前")
        if minutes < 120:
            return self.tr("%1 分钟前").replace("%1", str(minutes))
        return self.tr("%1 小时前").replace("%1", str(minutes // 60))

    def flush_now(self) -> None:
        """Apply pending changes at once (used before a screenshot and in tests)."""
        self._timer.stop()
        self._flush()

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self._state.get(self._layer, self._ids[index.row()])
        if rec is None:
            return None
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if self._stale and index.column() == 0:
                age = self.age(rec)
                return f"{col.text(rec)} · {age}" if age else col.text(rec)
            return col.text(rec)
        if role == Qt.ItemDataRole.ForegroundRole and col.colour:
            colour = col.colour(rec)
            return QBrush(QColor(colour)) if colour else None
        if role == self.RecordIdRole:
            return rec["id"]
        if role == self.SortRole:
            return (col.sort_key or col.text)(rec)
        return None

    # -- updates ------------------------------------------------------------------------------
    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        if layer != self._layer:
            return
        self._pending.update(r["id"] for r in upserts)
        self._pending.update(removed)
        if not self._timer.isActive():
            self._timer.start()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._ids = [rid for rid, rec in self._state.records(self._layer).items() if self._accept(rec)]
        self._row_of = {rid: i for i, rid in enumerate(self._ids)}
        self.endResetModel()
        self._pending.clear()

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        if len(pending) > 100:  # one reset beats hundreds of single-row signals through a sorting proxy
            self._rebuild()
            return
        records = self._state.records(self._layer)
        last = len(self._columns) - 1
        gone = []
        for rid in pending:
            rec = records.get(rid)
            keep = rec is not None and self._accept(rec)
            row = self._row_of.get(rid, -1)
            if keep and row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            elif keep:
                row = len(self._ids)
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.append(rid)
                self._row_of[rid] = row
                self.endInsertRows()
            elif row >= 0:
                gone.append(row)
        for row in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        if gone:
            self._row_of = {rid: i for i, rid in enumerate(self._ids)}
