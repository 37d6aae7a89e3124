"""The warnings panel (预警): drafts, published and external CAP alerts with status and expiry.

Built with the window (panels table) before the warning controller exists; the controller
(console/warning_flow.py) calls attach() and from then on the panel shows its drafts and the
`alerts` layer it follows. The panel only asks (signals *_requested); the controller acts.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.state import LiveState
from widgets.warning_composer import level_texts

_COLOURS = {"红": "#d32f2f", "橙": "#f57c00", "黄": "#fbc02d", "蓝": "#1976d2"}
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_KIND = Qt.ItemDataRole.UserRole + 1


class WarningList(QWidget):
    compose_requested = Signal()              # no payload
    approve_requested = Signal(str)           # draft id: approved by whoever is signed in
    publish_requested = Signal(str)           # draft id
    discard_requested = Signal(str)           # draft id
    update_requested = Signal(str)            # alert identifier
    cancel_requested = Signal(str)            # alert identifier
    import_requested = Signal(str)            # path of a CAP XML file
    incident_requested = Signal(str)          # alert identifier
    focus_requested = Signal(str)             # alert identifier (show its area on the map)

    def __init__(self, model: LiveState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = model
        self._flow = None
        self.table = QTableWidget(0, 6, self)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._ask(self.focus_requested, "alert"))
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.compose_requested)
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.approve_button = QPushButton(self)
        self.approve_button.clicked.connect(lambda: self._ask(self.approve_requested, "draft"))
        self.publish_button = QPushButton(self)
        self.publish_button.clicked.connect(lambda: self._ask(self.publish_requested, "draft"))
        self.discard_button = QPushButton(self)
        self.discard_button.clicked.connect(lambda: self._ask(self.discard_requested, "draft"))
        self.update_button = QPushButton(self)
        self.update_button.clicked.connect(lambda: self._ask(self.update_requested, "alert"))
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(lambda: self._ask(self.cancel_requested, "alert"))
        self.incident_button = QPushButton(self)
        self.incident_button.clicked.connect(lambda: self._ask(self.incident_requested, "alert"))
        self.roles_note = QLabel(self)
        self.roles_note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        for b in (self.new_button, self.import_button):
            top.addWidget(b)
        top.addStretch(1)
        approve = QHBoxLayout()
        for w in (self.approve_button, self.publish_button, self.discard_button):
            approve.addWidget(w)
        act = QHBoxLayout()
        for b in (self.update_button, self.cancel_button, self.incident_button):
            act.addWidget(b)
        act.addStretch(1)
        col = QVBoxLayout(self)
        col.addLayout(top)
        col.addWidget(self.table, 1)
        col.addLayout(approve)
        col.addWidget(self.roles_note)
        col.addLayout(act)
        col.addWidget(self.message)
        self.translate_ui()
        self._on_table_selection_changed()

    def translate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("类别"), self.tr("级别"), self.tr("标题"),
                                              self.tr("状态"), self.tr("到期"), self.tr("起草 / 审核")])
        self.new_button.setText(self.tr("新建预警…"))
        self.import_button.setText(self.tr("导入CAP文件…"))
        self.approve_button.setText(self.tr("审核签发（以当前登录身份）"))
        self.publish_button.setText(self.tr("发布"))
        self.discard_button.setText(self.tr("删除草稿"))
        self.update_button.setText(self.tr("更新预警…"))
        self.cancel_button.setText(self.tr("解除预警"))
        self.incident_button.setText(self.tr("据此新建事件"))
        self.roles_note.setText(self.tr("值班员起草，已登录的指挥长审核签发（另一人，文件 → 切换用户），"
                                        "姓名与时间均记入预警；发布时服务器再次核验签发人的角色。"))

    # -- the controller ---------------------------------------------------------------------
    def attach(self, flow) -> None:
        """Follow a WarningFlow: its drafts and the alerts it classifies."""
        self._flow = flow
        flow.changed.connect(self._on_flow_changed)
        flow.message_posted.connect(self.show_message)
        self._on_flow_changed()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def rows(self) -> list[dict]:
        """What the table shows, top to bottom: drafts first, then alerts newest first."""
        flow = self._flow
        if flow is None:
            return []
        out = []
        for did, w in flow.drafts.items():
            status = self.tr("已审核，待发布") if w.approved_by else self.tr("草稿，待审核")
            if w.msg_type == "Update":
                status = self.tr("更新") + " · " + status
            elif w.msg_type == "Cancel":
                status = self.tr("解除") + " · " + status
            out.append({"id": did, "kind": "draft", "kind_text": self.tr("草稿"),
                        "colour": w.colour, "headline": w.headline, "status": status,
                        "exercise": w.status == "Exercise", "expires": w.expires,
                        "people": f"{w.drafted_by} / {w.approved_by or '—'}"})
        names = {"active": self.tr("生效中"), "expired": self.tr("已过期"), "cancelled": self.tr("已解除"),
                 "updated": self.tr("已被更新"), "cancel": self.tr("解除通知")}
        states = flow.states()
        alerts = sorted(flow.alerts().items(), key=lambda kv: kv[1].sent, reverse=True)
        for rid, a in alerts:
            info = a.info
            own = flow.is_own(a)
            out.append({"id": rid, "kind": "alert", "own": own,
                        "kind_text": self.tr("本单位发布") if own else self.tr("外部预警"),
                        "colour": a.level.colour if a.level else "", "headline": info.headline if info else rid,
                        "status": names[states[rid]], "state": states[rid],
                        "exercise": a.status == "Exercise", "expires": a.expires,
                        "people": " / ".join(filter(None, [info.parameter("draftedBy") if info else "",
                                                           info.parameter("approvedBy") if info else ""]))
                        or (info.sender_name if info else a.sender)})
        return out

    def _on_flow_changed(self) -> None:
        selected = self.selected()
        rows = self.rows()
        levels = level_texts(self)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            level = levels.get(r["colour"], self.tr("未知"))
            status = r["status"] + (" · " + self.tr("演练") if r["exercise"] else "")
            expires = r["expires"].strftime("%m-%d %H:%M") if r["expires"] else self.tr("未设定")
            cells = [r["kind_text"], level, r["headline"], status, expires, r["people"]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ID, r["id"])
                item.setData(ROLE_KIND, r["kind"])
                if c == 1 and r["colour"] in _COLOURS:
                    item.setForeground(QColor(_COLOURS[r["colour"]]))
                self.table.setItem(i, c, item)
            if selected and selected == (r["kind"], r["id"]):
                self.table.selectRow(i)
        self._on_table_selection_changed()

    def selected(self) -> tuple[str, str] | None:
        """(kind "draft"/"alert", id) of the selected row, or None."""
        items = self.table.selectedItems()
        if not items:
            return None
        return items[0].data(ROLE_KIND), items[0].data(ROLE_ID)

    def select(self, kind: str, record_id: str) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if (item.data(ROLE_KIND), item.data(ROLE_ID)) == (kind, record_id):
                self.table.selectRow(row)
                return True
        return False

    def _on_table_selection_changed(self) -> None:
        sel = self.selected()
        kind = sel[0] if sel else None
        for b in (self.approve_button, self.publish_button, self.discard_button):
            b.setEnabled(kind == "draft")
        for b in (self.update_button, self.cancel_button, self.incident_button):
            b.setEnabled(kind == "alert")

    def _ask(self, signal, kind: str, *extra) -> None:
        sel = self.selected()
        if sel and sel[0] == kind:
            signal.emit(sel[1], *extra)

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入CAP预警文件"), "",
                                              self.tr("CAP 预警 (*.xml *.cap);;所有文件 (*)"))
        if path:
            self.import_requested.emit(path)
