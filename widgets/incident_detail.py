"""Incident detail (事件详情): facts, level history, plans, tasks, units, nearby cameras and
the timeline of every event with who and when, for the incident selected anywhere.

The live parts (the incident, its units and tasks) come from LiveState; the timeline comes
from the server's record of the incident (the flow fetches it off the UI thread and calls
`set_record`), refreshed whenever something about the incident changes.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget,
                               QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from widgets import incident_report as report
from core import regrade as rg
from core.state import LiveState
from widgets import labels
from widgets.incident_place import SUPPORT_MARK, IncidentPlace, district_banner_text, incident_place
from widgets.bind import bind


class TimelineModel(QAbstractTableModel):
    """The timeline events; a row's text is made only when it is drawn (5,000 events open fast)."""

    def __init__(self, parent=None, units=None) -> None:
        super().__init__(parent)
        self._events: list[dict] = []
        self._text: dict[int, str] = {}
        self._units = units  # () -> {id: unit record}: dispatches are named by callsign

    def set_events(self, events: list[dict]) -> None:
        self.beginResetModel()
        self._events = report.visible_timeline(events)
        self._text = {}
        self.endResetModel()

    def events(self) -> list[dict]:
        return self._events

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (self.tr("时间"), self.tr("操作人"), self.tr("事件"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        ev = self._events[index.row()]
        col = index.column()
        if col == 0:
            return report.local_time(ev.get("at"))
        if col == 1:
            return ev.get("operator") or self.tr("系统")
        text = self._text.get(index.row())
        if text is None:
            text = self._text[index.row()] = _describe(ev, self._units() if self._units else None)
        return text


def _fact_text(value) -> str:
    if isinstance(value, dict):   # readings: metric -> value, with the metric's name and unit
        from plans.registry import format_amount, METRICS
        return "，".join(f"{METRICS[k].name} {format_amount(k, v)}" if k in METRICS else f"{k} {v}"
                        for k, v in value.items())
    return str(value)


def _amount(code: str, value) -> str:
    from plans.registry import format_amount
    from widgets.fact_fields import choice_name

    return choice_name(value) if isinstance(value, str) else format_amount(code, value)


def _describe(ev: dict, units=None) -> str:
    """A timeline line; a grading with its reason reads 定级 A → B：why (not as a raw fact)."""
    detail = ev.get("detail") or {}
    facts = detail.get("facts") or {}
    if ev.get("type") != "incident.updated" or rg.REASON_KEY not in facts:
        return report.describe(ev, labels, units)
    rest = {**detail, "facts": {k: v for k, v in facts.items() if k != rg.REASON_KEY}}
    if not rest["facts"]:
        del rest["facts"]
    parts = [report.describe({**ev, "detail": rest}, labels, units)] if set(rest) - {"level"} else []
    if "level" in detail:
        head = QCoreApplication.translate("IncidentDetail", "重新定级 %1 → %2：%3")
        parts.insert(0, head.replace("%1", labels.level(detail["level"].get("from") or ""))
                     .replace("%2", labels.level(detail["level"].get("to") or "")).replace("%3", facts[rg.REASON_KEY]))
    else:
        parts.insert(0, QCoreApplication.translate("IncidentDetail", "定级依据：%1").replace("%1", facts[rg.REASON_KEY]))
    return "；".join(parts)


class IncidentDetail(QWidget):
    note_requested = Signal(str, str)              # incident id, note text
    dispatch_proposal_requested = Signal(str)      # incident id
    close_requested = Signal(str)                  # incident id
    export_requested = Signal(str, str)            # incident id, format: "html" | "pdf" | "csv"
    camera_activated = Signal(str)                 # camera id
    regrade_requested = Signal(str)                # incident id: 更新事实/重新定级
    support_requested = Signal(str, str)           # incident id, reason: take another district's incident

    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.incident_id = ""
        self.record: dict = {}
        self.shown_unit_ids: set[str] = set()
        self.plan_title = lambda plan_id: plan_id  # the flow sets the plan library's titles
        # incident record -> plans.model.Activation (or None): the flow grades with the plan library
        self.grade = lambda incident: None
        self.activation = None      # the shown incident's grading, from its facts
        self.home_district = ""     # the district this console serves (set_home_district)
        self.where = IncidentPlace("", (), False)   # the shown incident's district and neighbours
        self._where_key: tuple = ()
        self.title_label = QLabel(self.tr("未选择事件：在事件列表或地图上选择一个事件"), self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-weight:bold; font-size:14px;")
        self.facts = QFormLayout()
        facts_box = QWidget(self)
        facts_box.setLayout(self.facts)
        self.levels = QListWidget(self)
        self.plans = QListWidget(self)
        self.tasks = QListWidget(self)
        self.units = QListWidget(self)
        self.cameras = QListWidget(self)
        self.cameras.itemActivated.connect(self._on_cameras_item_activated)
        self.tabs = QTabWidget(self)
        for widget, title in ((facts_box, self.tr("概况")), (self.levels, self.tr("定级")),
                              (self.plans, self.tr("预案")), (self.tasks, self.tr("任务")),
                              (self.units, self.tr("力量")), (self.cameras, self.tr("周边视频"))):
            self.tabs.addTab(widget, title)
        self.timeline_model = TimelineModel(self, lambda: state.records("units"))
        self.timeline = QTableView(self)
        self.timeline.setModel(self.timeline_model)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.verticalHeader().setDefaultSectionSize(20)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.setColumnWidth(0, 70)
        self.timeline.setColumnWidth(1, 80)
        self.timeline_status = QLabel(self)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("输入备注，回车添加到时间线"))
        self.note_edit.returnPressed.connect(self._on_note_edit_return_pressed)
        self.dispatch_button = QPushButton(self.tr("调派建议 (Ctrl+D)"), self)
        self.close_button = QPushButton(self.tr("结案…"), self)
        self.regrade_button = QPushButton(self.tr("更新事实/重新定级 (Ctrl+G)"), self)
        self.regrade_button.clicked.connect(lambda: self.incident_id and self.regrade_requested.emit(self.incident_id))
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color:#b00020;")
        self.notice.hide()
        # issue 16: an incident in another district, or near its boundary, says so above all else
        self.district_banner = QLabel(self)
        self.district_banner.setObjectName("district_banner")
        self.district_banner.setWordWrap(True)
        self.district_banner.setStyleSheet("background:#fff3cd; color:#5c4400; padding:3px; font-weight:bold;")
        self.district_banner.hide()
        self.support_button = QPushButton(self.tr("跨区支援…"), self)
        self.support_button.setToolTip(self.tr("由本区接手处置这起外区事件，并记录理由"))
        self.support_button.clicked.connect(self.ask_support_reason)
        self.support_button.hide()
        self.support_dialog = None
        self.export_buttons = {fmt: QPushButton(text, self) for fmt, text in
                               (("html", self.tr("导出HTML")), ("pdf", self.tr("导出PDF")), ("csv", self.tr("导出CSV")))}
        self.dispatch_button.clicked.connect(lambda: self.incident_id and self.dispatch_proposal_requested.emit(self.incident_id))
        self.close_button.clicked.connect(lambda: self.incident_id and self.close_requested.emit(self.incident_id))
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, f=fmt: self.incident_id and self.export_requested.emit(self.incident_id, f))
        buttons = QHBoxLayout()
        buttons.addWidget(self.dispatch_button)
        buttons.addWidget(self.regrade_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.support_button)
        buttons.addStretch(1)
        for button in self.export_buttons.values():
            buttons.addWidget(button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.timeline_status)
        lower_layout.addWidget(self.timeline, 1)
        lower_layout.addWidget(self.note_edit)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tabs)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.district_banner)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._set_enabled(False)
        bind(state.layer_changed, self._on_state_layer_changed, self)
    # -- what is shown ---------------------------------------------------------------------------
    def show_incident(self, incident_id: str) -> None:
        """Show an incident from the live picture at once; the timeline follows via set_record."""
        if incident_id != self.incident_id:
            self.record = {}
            self.timeline_model.set_events([])
            self.timeline_status.setText(self.tr("正在读取时间线…"))
            self.cameras.clear()
            self.notice.hide()
        self.incident_id = incident_id
        self._set_enabled(True)
        self._refresh_live()

    def set_record(self, record: dict) -> None:
        """The server's record of the shown incident (with timeline, tasks, dispatches)."""
        if record.get("id") != self.incident_id:
            return  # an answer for an incident no longer shown
        self.record = record
        self.timeline_model.set_events(record.get("timeline") or [])
        self.timeline_status.setText(self.tr("时间线：%1 条事件").replace("%1", str(self.timeline_model.rowCount())))
        self.timeline.scrollToBottom()
        self._refresh_live()

    def show_notice(self, text: str) -> None:
        """A line above the buttons for what the officer must know now (e.g. a refused re-grading)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_timeline_unavailable(self, reason: str) -> None:
        self.timeline_status.setText(self.tr("时间线暂不可用：%1").replace("%1", reason))

    def set_cameras(self, cameras: list[tuple[str, float]]) -> None:
        """(camera id, metres) nearest first."""
        self.cameras.clear()
        for cid, metres in cameras:
            cam = self._state.get("cameras", cid) or {}
            self.cameras.addItem(f"{cam.get('name', cid)}  {metres:.0f} m")
            self.cameras.item(self.cameras.count() - 1).setData(Qt.ItemDataRole.UserRole, cid)
        if not cameras:
            self.cameras.addItem(self.tr("500米内没有摄像头"))

    def _set_enabled(self, on: bool) -> None:
        for w in (self.dispatch_button, self.regrade_button, self.close_button, self.note_edit,
                  *self.export_buttons.values()):
            w.setEnabled(on)

    def _refresh_live(self) -> None:
        inc = self._state.get("incidents", self.incident_id) or self.record
        if not inc:
            return
        facts = inc.get("facts") or self.record.get("facts") or {}
        mark = self.tr("【演练】")
        drill = mark if facts.get("exercise") and mark not in inc.get("title", "") else ""
        activation = self.activation = self._grade(inc)
        level = (labels.grading_line(activation) if activation is not None and not activation.graded
                 else labels.level(inc.get("level", "")))
        self.title_label.setText(f"{drill}{inc.get('id', '')}  {inc.get('title', '')}  ·  {level}"
                                 f"  ·  {labels.incident_status(inc.get('status', ''))}")
        self._show_district(inc)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for name, value in self._fact_rows(inc, facts, activation):
            if value:
                label = QLabel(value, self)
                label.setWordWrap(True)
                self.facts.addRow(name, label)
        self.levels.clear()
        for change in rg.level_history(self.record):
            step = (f"{labels.level(change.before)} → {labels.level(change.after)}" if change.before
                    and change.before != change.after else labels.level(change.after))
            if change.decided:
                step = self.tr("记录定级 %1").replace("%1", step)
            why = f"：{change.reason}" if change.reason else ""
            who = change.operator or self.tr("系统")
            self.levels.addItem(f"{report.local_time(change.at, True)}  {step}  {who}{why}")
        self.plans.clear()
        tasks = [t for t in self._state.records("tasks").values() if t.get("incident_id") == self.incident_id] \
            or self.record.get("tasks") or []
        for plan_id in sorted({t.get("plan_id") for t in tasks if t.get("plan_id")}):
            self.plans.addItem(self.plan_title(plan_id))
        self.tasks.clear()
        for t in tasks:
            who = f" · {t['done_by']}" if t.get("done_by") else ""
            self.tasks.addItem(f"[{report.task_status(t.get('status', ''))}] {t.get('department') or ''} "
                               f"{t.get('action', '')}{who}")
        self.units.clear()
        self.shown_unit_ids = set()
        for u in self._state.records("units").values():
            if u.get("incident_id") == self.incident_id:
                self.shown_unit_ids.add(u["id"])
                self.units.addItem(f"{u.get('callsign', u['id'])}  {labels.unit_kind(u.get('kind', ''))}  "
                                   f"{labels.unit_status(u.get('status', ''))}")

    def _grade(self, inc: dict):
        try:
            return self.grade(inc)
        except (KeyError, ValueError):   # a type the plans do not know, a place outside them
            return None

    def _fact_rows(self, inc: dict, facts: dict, activation) -> list[tuple[str, str]]:
        """概况: where and when; the grading (when not graded: 待研判 or 另行定级, why, and what
        to do); the report's own text; the facts as the regulations count them (older records'
        keys under their present names: the old 受伤 is 受伤, not 重伤); the level an authority
        decided with who and when; and the reason of the latest grading."""
        from plans.registry import LEGACY_FACTS, METRICS
        from widgets.fact_fields import fact_name

        rows = [(self.tr("类型"), labels.incident_type_name(inc.get("type", ""))),
                (self.tr("街乡"), inc.get("street") or ""),
                (self.tr("位置"), f"{inc.get('lon', 0):.6f}, {inc.get('lat', 0):.6f}"),
                (self.tr("报告时间"), report.local_time(inc.get("reported_at"), True))]
        if activation is not None and not activation.graded:
            rows.append((self.tr("定级"), labels.grading_line(activation)))
            rows.append((self.tr("定级说明"), labels.grading_reason(activation)))
            if rg.decidable(None, activation):
                rows.append((self.tr("记录定级"), self.tr("%1定级后，在“更新事实/重新定级 (Ctrl+G)”中记录")
                             .replace("%1", activation.authority or self.tr("主管部门"))))
        names = {"caller": self.tr("报警人"), "phone": self.tr("联系电话"), "description": self.tr("情况描述"),
                 "community": self.tr("社区"), "grid_id": self.tr("网格"), "readings": self.tr("监测读数")}
        graded = rg.stored_facts(facts)
        skip = {"incident_type", "lon", "lat", "exercise", rg.REASON_KEY, *rg.DECIDED_KEYS, *LEGACY_FACTS}
        for k, v in facts.items():
            if k == "readings" and isinstance(v, dict):   # older records: graded ones are shown below
                v = {m: x for m, x in v.items() if m not in METRICS}
            if k not in skip and k not in METRICS and v not in (None, "", {}):
                rows.append((names.get(k, str(k)), _fact_text(v)))
        rows += [(fact_name(code), _amount(code, graded[code])) for code in METRICS if code in graded]
        if facts.get("decided_level"):
            who = "，".join(x for x in (facts.get("decided_by"), facts.get("decided_at")) if x)
            rows.append((self.tr("主管部门定级"), labels.level(facts["decided_level"]) + (f"（{who}）" if who else "")))
        if facts.get(rg.REASON_KEY):
            rows.append((self.tr("定级依据"), str(facts[rg.REASON_KEY])))
        return rows

    # -- districts (issue 16) ---------------------------------------------------------------------
    def set_home_district(self, code: str) -> None:
        """The district this console serves; the banner follows at once."""
        self.home_district = code
        if self.incident_id:
            self._refresh_live()

    def _show_district(self, inc: dict) -> None:
        key = (inc.get("id"), inc.get("district"), inc.get("lon"), inc.get("lat"))
        if key != self._where_key:
            self.where = incident_place(inc)
            self._where_key = key
        text = district_banner_text(self.where, self.home_district, self._supported())
        self.district_banner.setText(text)
        self.district_banner.setVisible(bool(text))
        self.support_button.setVisible(self.where.outside(self.home_district))
        self.support_button.setEnabled(bool(self.incident_id))

    def _supported(self) -> str:
        """The reason recorded for taking this incident (a 跨区支援 note), or ""."""
        for ev in reversed(self.record.get("timeline") or []):
            if ev.get("type") == "incident.note":
                text = (ev.get("detail") or {}).get("text") or ""
                for marker in {SUPPORT_MARK, QCoreApplication.translate("IncidentPlace", SUPPORT_MARK)}:
                    if text.startswith(marker):
                        return text
        return ""

    def ask_support_reason(self) -> None:
        """跨区支援: the commander says why this console takes another district's incident; the
        reason goes to the timeline (support_requested)."""
        if not self.incident_id:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("跨区支援"))
        dialog.setLabelText(self.tr("事发地在%1。本区接手处置的理由（将记入时间线）：")
                            .replace("%1", labels.district_name(self.where.district)))
        incident_id = self.incident_id
        dialog.textValueSelected.connect(lambda text: self._on_support_reason(incident_id, text))
        dialog.open()
        self.support_dialog = dialog

    def _on_support_reason(self, incident_id: str, text: str) -> None:
        reason = text.strip()
        if not reason:
            self.show_notice(self.tr("跨区支援未记录：请填写理由"))
            return
        self.support_requested.emit(incident_id, reason)

    # -- handlers --------------------------------------------------------------------------------
    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        if not self.incident_id or layer not in ("incidents", "units", "tasks"):
            return
        mine = any(r.get("id") == self.incident_id or r.get("incident_id") == self.incident_id for r in upserts)
        left = layer == "units" and any(r.get("id") in self.shown_unit_ids and not r.get("incident_id") for r in upserts)
        if mine or left or self.incident_id in removed:
            self._refresh_live()

    def _on_note_edit_return_pressed(self) -> None:
        text = self.note_edit.text().strip()
        if text and self.incident_id:
            self.note_requested.emit(self.incident_id, text)
            self.note_edit.clear()

    def _on_cameras_item_activated(self, item) -> None:
        cid = item.data(Qt.ItemDataRole.UserRole)
        if cid:
            self.camera_activated.emit(cid)
