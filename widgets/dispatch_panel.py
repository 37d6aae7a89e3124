"""Dispatch proposal (调派建议): the units the plans call for, quickest first, each with why;
the dispatcher accepts (Enter), swaps a unit for the next quickest of its kind (S), adds one
more of a kind (A), or unticks a row (Space). Refusals come back per unit with the reason.
Below: the coverage the district is left with after the dispatch, with move-up suggestions.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from core.recommend import Candidate, CoverageGap, Recommendation
from core.state import LiveState
from core.tracker import Status, Tracked
from widgets import labels

_ID = Qt.ItemDataRole.UserRole


class DispatchPanel(QWidget):
    dispatch_requested = Signal(str, list)   # incident id, unit ids (ticked rows, in order)
    more_requested = Signal(str, str)        # incident id, unit kind: propose one more of it

    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.incident_id = ""
        self.recommendation: Recommendation | None = None
        self._spare: dict[str, list[Candidate]] = {}  # kind -> alternatives not yet shown
        self.header = QLabel(self.tr("选择事件后按 Ctrl+D 生成调派建议"), self)
        self.header.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("单位"), self.tr("类型"), self.tr("距离"), self.tr("预计到达"),
                                   self.tr("理由 / 结果")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.kind_combo = QComboBox(self)
        for code in ("fire_engine", "ladder", "hazmat", "rescue", "ambulance", "police", "gas_repair", "water_pump"):
            self.kind_combo.addItem(labels.unit_kind(code), code)
        self.accept_button = QPushButton(self.tr("确认调派 (Enter)"), self)
        self.swap_button = QPushButton(self.tr("换一辆 (S)"), self)
        self.add_button = QPushButton(self.tr("增派 (A)"), self)
        self.accept_button.clicked.connect(self.accept)
        self.swap_button.clicked.connect(self.swap_current)
        self.add_button.clicked.connect(lambda: self.add_kind(self.kind_combo.currentData()))
        self.shortfall = QLabel(self)
        self.shortfall.setStyleSheet("color:#d7191c;")
        self.coverage_label = QLabel(self.tr("调派后覆盖情况"), self)
        self.coverage = QListWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.accept_button)
        bar.addWidget(self.swap_button)
        bar.addWidget(self.add_button)
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.shortfall)
        layout.addLayout(bar)
        layout.addWidget(self.coverage_label)
        layout.addWidget(self.coverage, 1)
        # single keys act only while the list has the focus, so typing elsewhere is unaffected
        self._keys = {Qt.Key.Key_Return: self.accept, Qt.Key.Key_Enter: self.accept, Qt.Key.Key_S: self.swap_current,
                      Qt.Key.Key_A: lambda: self.add_kind(self._current_kind() or self.kind_combo.currentData()),
                      Qt.Key.Key_Space: self.toggle_current}
        self.tree.installEventFilter(self)
        self._set_enabled(False)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if obj is self.tree and event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            slot = self._keys.get(Qt.Key(event.key()))
            if slot is not None and self.incident_id:
                slot()
                return True
        return super().eventFilter(obj, event)

    # -- proposal --------------------------------------------------------------------------------
    def set_proposal(self, incident: dict, required: dict[str, int], rec: Recommendation) -> None:
        """Show the proposal for an incident; every row starts ticked, the first is current."""
        self.incident_id = incident["id"]
        self.recommendation = rec
        self._spare = {k: list(v) for k, v in rec.alternatives.items()}
        need = "，".join(f"{labels.unit_kind(k)}×{n}" for k, n in required.items() if n) or self.tr("预案未列出力量需求，可手动增派")
        self.header.setText(self.tr("%1 %2 — 预案需要：%3%4")
                            .replace("%1", incident["id"]).replace("%2", incident.get("title", ""))
                            .replace("%3", need).replace("%4", self.tr("（高峰时段）") if rec.peak else ""))
        where = self.jurisdiction_text(rec)
        if where:
            self.header.setText(self.header.text() + "\n" + where)
        self.tree.clear()
        for cand in rec.picks:
            self._add_row(cand)
        missing = "，".join(f"{labels.unit_kind(k)} {n}" for k, n in rec.shortfall.items())
        self.shortfall.setText(self.tr("可调派单位不足：%1").replace("%1", missing) if missing else "")
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.coverage.clear()
        self._set_enabled(True)
        self.tree.setFocus()

    def why(self, cand: Candidate) -> str:
        """The reason a unit was chosen, in words: whose it is, then how quick."""
        return (self.tr("%7同类第%1近；直线%2 km，道路约%3 km（%4），预计%5分钟（直线匀速估计%6分钟）")
                .replace("%1", str(cand.rank)).replace("%2", f"{cand.straight_m / 1000:.1f}")
                .replace("%3", f"{cand.road_m / 1000:.1f}").replace("%4", cand.zone)
                .replace("%5", f"{cand.eta_s / 60:.0f}").replace("%6", f"{cand.floor_eta_s / 60:.0f}")
                .replace("%7", self.whose(cand)))

    def whose(self, cand: Candidate) -> str:
        """Why the unit's district may answer (issue 16: the incident district's units first)."""
        rec = self.recommendation
        home = rec.district if rec is not None else None
        if not home or not cand.district:
            return ""
        unit_d, inc_d = labels.district_name(cand.district), labels.district_name(home)
        if cand.basis == "own":
            return self.tr("事发地%1力量优先；").replace("%1", inc_d)
        if cand.basis == "neighbour":
            return self.tr("事发地距%1界500米内，%1力量可一并调派；").replace("%1", unit_d)
        return self.tr("%1力量（排在%2同类可调派单位之后）；").replace("%1", unit_d).replace("%2", inc_d)

    def jurisdiction_text(self, rec: Recommendation) -> str:
        """The header's line on whose units are proposed."""
        if not rec.district:
            return ""
        text = self.tr("先调派事发地%1的力量").replace("%1", labels.district_name(rec.district))
        if rec.near:
            text += self.tr("；距%1界500米内，两区力量均可调派").replace(
                "%1", "、".join(labels.district_name(d) for d in rec.near))
        else:
            text += self.tr("；其他区力量仅在本区同类力量用尽后列出")
        return text

    def _add_row(self, cand: Candidate, at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([cand.callsign, labels.unit_kind(cand.kind), f"{cand.straight_m / 1000:.1f} km",
                                self.tr("%1 分钟").replace("%1", f"{cand.eta_s / 60:.0f}"), self.why(cand)])
        item.setData(0, _ID, cand.unit_id)
        item.setData(1, _ID, cand.kind)
        item.setCheckState(0, Qt.CheckState.Checked)
        item.setToolTip(4, item.text(4))
        if at is None:
            self.tree.addTopLevelItem(item)
        else:
            self.tree.insertTopLevelItem(at, item)
        return item

    def unit_ids(self, ticked_only: bool = True) -> list[str]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if not ticked_only or item.checkState(0) == Qt.CheckState.Checked:
                out.append(item.data(0, _ID))
        return out

    def _current_kind(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(1, _ID) if item else None

    def _row_of(self, unit_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, _ID) == unit_id:
                return self.tree.topLevelItem(i)
        return None

    # -- dispatcher's choices ------------------------------------------------------------------------
    def accept(self) -> None:
        ids = [u for u in self.unit_ids() if not self._row_of(u).data(2, _ID)]  # not sent yet
        if self.incident_id and ids:
            for uid in ids:
                row = self._row_of(uid)
                row.setData(2, _ID, "sent")
                row.setText(4, self.tr("已提交，待发送…"))
            self.dispatch_requested.emit(self.incident_id, ids)

    def swap_current(self) -> bool:
        """Replace the current row's unit with the next quickest of its kind; False if none is left."""
        item = self.tree.currentItem()
        if item is None or item.data(2, _ID):
            return False
        spare = self._spare.get(item.data(1, _ID)) or []
        if not spare:
            item.setText(4, self.tr("没有更多同类可调派单位"))
            return False
        at = self.tree.indexOfTopLevelItem(item)
        self.tree.takeTopLevelItem(at)
        new = self._add_row(spare.pop(0), at)
        self.tree.setCurrentItem(new)
        return True

    def add_kind(self, kind: str | None) -> bool:
        """One more unit of a kind (the next quickest not shown); False if none is left."""
        if not kind or not self.incident_id:
            return False
        spare = self._spare.get(kind)
        if spare is None:  # the plans did not ask for this kind: let the flow rank it
            self.more_requested.emit(self.incident_id, kind)
            return True
        if not spare:
            self.shortfall.setText(self.tr("没有更多可调派的%1").replace("%1", labels.unit_kind(kind)))
            return False
        self.tree.setCurrentItem(self._add_row(spare.pop(0)))
        return True

    def add_candidates(self, kind: str, ranked: list[Candidate]) -> None:
        """Alternatives for a kind the plans did not ask for (the answer to more_requested)."""
        shown = set(self.unit_ids(ticked_only=False))
        self._spare[kind] = [c for c in ranked if c.unit_id not in shown]
        self.add_kind(kind)

    def toggle_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            checked = item.checkState(0) == Qt.CheckState.Checked
            item.setCheckState(0, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    # -- answers -----------------------------------------------------------------------------------
    def mark_command(self, unit_id: str, tracked: Tracked) -> None:
        """The true state of this unit's dispatch command, as the tracker has it: queued
        (offline: waits in the outbox), sent (awaiting the server), accepted, refused, failed
        (set aside after server errors) or held (waiting for another command)."""
        if tracked.status is Status.ACCEPTED:
            self.mark_dispatched(unit_id)
            return
        if tracked.status is Status.REFUSED:
            self.mark_refused(unit_id, tracked.reason)
            return
        row = self._row_of(unit_id)
        if row is None:
            return
        text, colour = {
            Status.QUEUED: (self.tr("待发送（排队中，联网后自动发送）"), "#f2c81d"),
            Status.SENT: (self.tr("已发出，等待服务器确认…"), "#f2c81d"),
            Status.FAILED: (self.tr("发送失败，已暂停：%1").replace("%1", tracked.reason), "#d7191c"),
            Status.HELD: (self.tr("等待中：%1").replace("%1", tracked.reason), "#f2c81d"),
        }[tracked.status]
        row.setText(4, text)
        row.setForeground(4, QColor(colour))
        row.setToolTip(4, text)

    def mark_dispatched(self, unit_id: str) -> None:
        row = self._row_of(unit_id)
        if row is not None:
            row.setText(4, self.tr("已送达：服务器已确认调派"))
            row.setForeground(4, QColor("#3cb371"))

    def mark_refused(self, unit_id: str, reason: str) -> None:
        """The server refused this unit: say why, untick it, and let the dispatcher swap it."""
        row = self._row_of(unit_id)
        if row is not None:
            row.setText(4, self.tr("被拒绝：%1（按 S 换一辆）").replace("%1", reason))
            row.setForeground(4, QColor("#d7191c"))
            row.setCheckState(0, Qt.CheckState.Unchecked)
            row.setData(2, _ID, None)
            self.tree.setCurrentItem(row)

    def set_coverage(self, gaps: list[CoverageGap], minutes: float) -> None:
        self.coverage.clear()
        self.coverage_label.setText(self.tr("调派后覆盖情况（%1分钟内）").replace("%1", f"{minutes:g}"))
        if not gaps:
            self.coverage.addItem(self.tr("各街乡均有可调派的消防车和救护车在时限内"))
            return
        for gap in gaps:
            kind = labels.unit_kind(gap.kind)
            if gap.best_eta_s is None:
                text = self.tr("%1：已无可调派%2").replace("%1", gap.street.name).replace("%2", kind)
            else:
                text = (self.tr("%1：最近的%2需%3分钟").replace("%1", gap.street.name).replace("%2", kind)
                        .replace("%3", f"{gap.best_eta_s / 60:.0f}"))
            if gap.move_unit_id:
                unit = self._state.get("units", gap.move_unit_id) or {}
                text += self.tr("；建议 %1 前移至该街乡").replace("%1", unit.get("callsign", gap.move_unit_id))
            self.coverage.addItem(text)
            self.coverage.item(self.coverage.count() - 1).setForeground(QColor("#d7191c"))
            self.coverage.item(self.coverage.count() - 1).setToolTip(text)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.accept_button, self.swap_button, self.add_button, self.kind_combo):
            w.setEnabled(on)
