"""Shared body of the list panels: a sortable table over a RecordTableModel whose selection
is the console-wide selection (select a row -> the map pans there, and back)."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from core.state import LiveState
from widgets.record_table import RecordTableModel
from widgets.bind import bind


class RecordPanel(QWidget):
    def __init__(self, state: LiveState, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.model = model
        model.setParent(self)  # dies with the panel, and stops following LiveState with it
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(model)
        self._proxy.setSortRole(RecordTableModel.SortRole)
        self.table = QTableView(self)
        self.table.setModel(self._proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # Not ResizeToContents: it measures every row on every change (seconds with a busy feed).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        model.modelReset.connect(self._fit_columns_once)
        model.rowsInserted.connect(self._fit_columns_once)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(2, 2, 2, 2)
        self.layout_.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        bind(state.selection_changed, self._on_state_selection_changed, self)
    def _fit_columns_once(self) -> None:
        """Size the columns to the contents while the table fills (a snapshot resets the model;
        the first rows trickle in one by one); past 50 rows the user's widths stay."""
        if 0 < self.model.rowCount() <= 50 or (self.model.rowCount() and not getattr(self, "_fitted", False)):
            self._fitted = True
            self.table.resizeColumnsToContents()

    @property
    def layer(self) -> str:
        return self.model._layer

    def visible_ids(self) -> list[str]:
        """Record ids in the order the user sees them."""
        self.model.flush_now()
        return [self._proxy.data(self._proxy.index(r, 0), RecordTableModel.RecordIdRole)
                for r in range(self._proxy.rowCount())]

    def _on_table_current_row_changed(self, current, _previous) -> None:
        if current.isValid():
            rid = self._proxy.data(current, RecordTableModel.RecordIdRole)
            if rid:
                self._state.select(self.layer, rid)

    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        if layer != self.layer:
            return
        self.model.flush_now()
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self._proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
