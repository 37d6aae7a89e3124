"""New incident (接警立案) at a place: the form a duty officer fills from a phone report.

The place comes from the map (street, community and grid cell already resolved). The facts are
asked as the regulations count them (widgets.fact_fields: 死亡, 失踪, 重伤（含急性中毒）, 受伤,
直接经济损失, 紧急疏散转移, 受影响, then the chosen type's own facts); the level is graded
live by the plan library, so the officer sees it — or that it is 待研判 / 另行定级, and why —
before filing. An incident whose grading is 待研判 still files (先期处置 at IV).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from core.regrade import COMPOSITES, REASON_KEY, STATUS_KEY
from maps.palette import LEVEL_COLOURS, text_colour
from plans.grading import incident_facts
from plans.registry import METRICS
from plans.taxonomy import INCIDENT_TYPES
from widgets import labels
from widgets.fact_fields import FactFields, grow_to_fit


class IncidentForm(QDialog):
    # dict: type, title, lon, lat, level, district, street, facts (caller, phone, description,
    # community, grid_id, the facts reported by METRICS code — deaths, serious_injuries,
    # injuries, direct_loss_yuan, cases, disease… — and the grading reason)
    incident_filed = Signal(dict)
    # incident id of the existing incident, note text (caller, phone, description) to add to it
    merge_requested = Signal(str, str)

    def __init__(self, library, place: dict, parent: QWidget | None = None, duplicates=None) -> None:
        """`duplicates(type, lon, lat) -> list[core.duplicates.Duplicate]`, when given,
        offers merging a report of an incident that is already open."""
        super().__init__(parent)
        self._library = library
        self._place = place
        self._extra_facts: dict = {}   # facts a source already knows (prefill), filed as they are
        self._duplicates = duplicates
        self.duplicate = None
        self._level = "IV"
        self.activation = None         # the grading shown (plans.model.Activation)
        self.confirm_box: QMessageBox | None = None  # 确认立案, while it asks
        self.setWindowTitle(self.tr("新建事件（接警）"))
        self.setMinimumWidth(620)   # wide enough for every type's facts from the start
        self.type_combo = QComboBox(self)
        for t in INCIDENT_TYPES:
            self.type_combo.addItem(labels.incident_type_name(t.code), t.code)
        self.type_combo.setCurrentIndex(-1)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("如：XX小区燃气泄漏"))
        self.caller_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        self.description.setTabChangesFocus(True)   # Tab goes on to 死亡/受伤, as in every field
        self.fact_fields = FactFields(self)
        self._reserve_fact_space()
        self.deaths_spin = self.fact_fields.fields["deaths"]
        where = " / ".join(p for p in (place.get("district_name"), place.get("street_name"),
                                       place.get("community_name"), place.get("grid_id")) if p)
        self.place_label = QLabel(f"{where}\n{place['lon']:.6f}, {place['lat']:.6f}", self)
        self.level_label = QLabel(self)
        self.level_label.setWordWrap(True)   # a long level line wraps; the form never widens
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.district_label = QLabel(self)
        self.district_label.setObjectName("district_notice")
        self.district_label.setWordWrap(True)
        self.district_label.setStyleSheet("background:#fff3cd; color:#5c4400; padding:3px; font-weight:bold;")
        self.district_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("事件类型"), self.type_combo)
        form.addRow(self.tr("标题"), self.title_edit)
        form.addRow(self.tr("报警人"), self.caller_edit)
        form.addRow(self.tr("联系电话"), self.phone_edit)
        form.addRow(self.tr("情况描述"), self.description)
        form.addRow(self.tr("地点"), self.place_label)
        form.addRow(self.fact_fields)
        self.dup_label = QLabel(self)
        self.dup_label.setWordWrap(True)
        self.dup_label.setStyleSheet("background:#fff3cd; color:#5c4400; padding:3px;")
        self.merge_button = QPushButton(self.tr("并入该事件（作为备注） Ctrl+M"), self)
        self.merge_button.setShortcut("Ctrl+M")
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.dup_label.hide()
        self.merge_button.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("立案"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.level_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.district_label)
        layout.addWidget(self.dup_label)
        layout.addWidget(self.merge_button)
        layout.addStretch(1)      # a shorter type-specific group leaves space here, not between the rows
        layout.addWidget(self.buttons)
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_current_index_changed)
        self.fact_fields.changed.connect(self._on_input_changed)
        self._on_input_changed()

    def _reserve_fact_space(self) -> None:
        """Room for the tallest type-specific group from the start: choosing a type never
        reflows the form under the pointer (issue 20)."""
        from plans.grading import facts_for

        def specific(code: str) -> int:
            try:
                return sum(1 for m in facts_for(code) if m in METRICS and m not in self.fact_fields.fields)
            except KeyError:
                return 0

        tallest = max(INCIDENT_TYPES, key=lambda t: specific(t.code)).code
        self.fact_fields.set_type(tallest)
        height = self.fact_fields.sizeHint().height()
        self.fact_fields.set_type(None)
        self.fact_fields.setMinimumHeight(height)

    def _on_type_combo_current_index_changed(self, _index: int) -> None:
        self.fact_fields.set_type(self.type_combo.currentData())   # emits changed: re-grades
        self._on_input_changed()

    def given(self) -> dict:
        """The graded facts as entered, by METRICS code: the fields, and what a source already
        knew (prefill) that the fields do not show (e.g. a sensor's reading)."""
        extra = {k: v for k, v in self._extra_facts.items()
                 if k in METRICS and k not in COMPOSITES and k not in self.fact_fields.fields and v is not None}
        return {**extra, **self.fact_fields.values()}

    def _on_input_changed(self, *_args) -> None:
        code = self.type_combo.currentData()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(code is not None)
        if code is None:
            self.level_label.setText(self.tr("请选择事件类型"))
            self.level_label.setStyleSheet("")
            self.reason_label.clear()
            return
        try:
            activation = self._library.activate(incident_facts(
                code, self.given(), lon=self._place["lon"], lat=self._place["lat"],
                district=self._place.get("district_code") or None))
        except (KeyError, ValueError) as exc:   # outside both districts (OutsideDistricts), no plans
            # the form stays open with everything typed; the officer corrects the place or hands over
            self.activation = None
            ok.setEnabled(False)
            self.level_label.setText(self.tr("无法立案"))
            self.level_label.setStyleSheet("background:#d7191c; color:white; font-weight:bold; padding:3px;")
            self.reason_label.setText(str(exc).strip("'\""))
            self.district_label.hide()
            return
        self._show_district(activation)
        self.activation = activation
        self._level = activation.level
        self._show_duplicate(code)
        self.level_label.setText(labels.grading_line(activation))
        colour = labels.grading_colour(activation, LEVEL_COLOURS)
        self.level_label.setStyleSheet(f"background:{colour}; color:{text_colour(colour)}; font-weight:bold; padding:3px;")
        self.reason_label.setText(labels.grading_reason(activation))
        grow_to_fit(self)

    def _show_district(self, activation) -> None:
        """An incident in another district, or near a boundary, says so before it is filed."""
        from widgets.incident_place import boundary_text

        lines = []
        if activation.outside_district:
            lines.append(self.tr("事发地在%1，不属本区辖区：按%1预案定级，立案后将列入向%1应急管理局通报的任务")
                         .replace("%1", labels.district_name(activation.district_code)))
        if activation.near_boundary:
            lines.append(boundary_text(activation.near_boundary))
        self.district_label.setText("\n".join(lines))
        self.district_label.setVisible(bool(lines))

    def prefill(self, type_code: str | None, title: str = "", description: str = "",
                facts: dict | None = None) -> None:
        """Fill what a sensor alarm or another source already knows; the officer checks it.
        `facts` go into the incident as they are (e.g. the sensor's id and its reading as a
        graded metric: {"sensor_id": "S000123", "water_depth_cm": 35.0})."""
        self._extra_facts = dict(facts or {})
        if type_code:
            self.type_combo.setCurrentIndex(self.type_combo.findData(type_code))
        for code, value in self._extra_facts.items():   # facts the form asks show in their fields
            if code in METRICS and code not in COMPOSITES:
                self.fact_fields.set_value(code, value)
        if title:
            self.title_edit.setText(title)
        if description:
            self.description.setPlainText(description)
        self._on_input_changed()

    def _show_duplicate(self, code: str) -> None:
        found = self._duplicates(code, self._place["lon"], self._place["lat"]) if self._duplicates else []
        self.duplicate = found[0] if found else None
        if self.duplicate is None:
            self.dup_label.hide()
            self.merge_button.hide()
            return
        inc = self.duplicate.incident
        self.dup_label.setText(self.tr("可能重复：%1 %2，相距 %3 米，%4 分钟前报告。如是同一事件，请并入。")
                               .replace("%1", inc["id"]).replace("%2", inc.get("title", ""))
                               .replace("%3", f"{self.duplicate.distance_m:.0f}")
                               .replace("%4", f"{self.duplicate.minutes_ago:.0f}"))
        self.dup_label.show()
        self.merge_button.show()

    def merge_note(self) -> str:
        """The report as a note for the existing incident."""
        parts = [self.tr("重复报警")]
        for label, value in ((self.tr("报警人"), self.caller_edit.text().strip()),
                             (self.tr("电话"), self.phone_edit.text().strip()),
                             (self.tr("描述"), self.description.toPlainText().strip())):
            if value:
                parts.append(f"{label}：{value}")
        return "；".join(parts)

    def _on_merge_button_clicked(self) -> None:
        if self.duplicate is not None:
            self.merge_requested.emit(self.duplicate.incident["id"], self.merge_note())
            super().reject()  # nothing new is filed

    def incident(self) -> dict:
        """What the officer filed, ready for core.commands.create_incident."""
        code = self.type_combo.currentData()
        p = self._place
        facts = {"caller": self.caller_edit.text().strip(), "phone": self.phone_edit.text().strip(),
                 "description": self.description.toPlainText().strip(),
                 "community": p.get("community_name", ""), "grid_id": p.get("grid_id", "")}
        facts.update({k: v for k, v in self._extra_facts.items() if k not in METRICS})
        facts.update(self.given())
        if self.activation is not None:
            facts[REASON_KEY] = self.activation.reason   # the level history says why from the start
            facts[STATUS_KEY] = self.activation.status   # lists show 待研判 / 另行定级, not the working IV
        return {"type": code, "title": self.title_edit.text().strip() or labels.incident_type_name(code),
                "lon": p["lon"], "lat": p["lat"], "level": self._level,
                "district": p.get("district_code") or None, "street": p.get("street_name") or None,
                "facts": {k: v for k, v in facts.items() if v not in ("", None)}}

    def accept(self) -> None:
        """立案 asks first, naming what will happen (type, place, level and why, the plans it
        starts); Return on the question files (its default button), Esc goes back to the form."""
        if self.type_combo.currentData() is None or not self.buttons.button(
                QDialogButtonBox.StandardButton.Ok).isEnabled():
            return   # nothing to file yet (no type, or a place the plans cannot grade)
        incident = self.incident()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认立案"), self.consequences(incident),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_filing")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("确认立案"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("返回修改"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self.incident_filed.emit(incident)
                QDialog.accept(self)

        box.finished.connect(answered)
        box.open()
        self.confirm_box = box

    def consequences(self, incident: dict) -> str:
        """What filing does, in the words the duty officer will check."""
        p = self._place
        where = " ".join(x for x in (p.get("district_name"), p.get("street_name"), p.get("community_name")) if x)
        lines = [self.tr("立案：%1「%2」").replace("%1", labels.incident_type_name(incident["type"]))
                 .replace("%2", incident["title"]),
                 self.tr("地点：%1").replace("%1", where or f"{p['lon']:.6f}, {p['lat']:.6f}")]
        if self.activation is not None:
            lines.append(labels.grading_line(self.activation))
            reason = labels.grading_reason(self.activation)
            if reason:
                lines.append(reason)
            titles = [f"《{ref.title}》" for ref in self.activation.plans[:5]]
            more = len(self.activation.plans) - len(titles)
            if titles:
                lines.append(self.tr("启动预案：%1").replace("%1", "、".join(titles))
                             + (self.tr(" 等 %1 项").replace("%1", str(len(self.activation.plans))) if more > 0 else ""))
        lines.append(self.tr("立案后记入事件列表与时间线；调派请按 Ctrl+D。"))
        return "\n".join(lines)
