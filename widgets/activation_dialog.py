"""Activation dialog: incident type and facts in, a live preview of the response out.

The facts are those the intake asks (widgets.fact_fields: the common counts and loss fixed at
the top, the type's own facts in a group below). As the duty officer types, the preview shows
the level — or 待研判 / 另行定级 in a neutral colour —, the reason with the clause that
decided it and the facts not used, the plans that apply and how many tasks follow. OK emits and
returns that activation; nothing is activated until then. Facts left at 未报告 are unknown,
not zero. Generated demo plans carry the 示例 badge in the list, and a note under it says what
that means.
"""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)

from core.regrade import DECIDED_KEYS, stored_facts
from maps.palette import LEVEL_COLOURS, text_colour
from plans.grading import incident_facts
from plans.model import LEVELS, IncidentFacts
from plans.taxonomy import CATEGORIES, INCIDENT_TYPES, incident_type
from widgets.fact_fields import UNKNOWN, FactFields, grow_to_fit  # noqa: F401  (UNKNOWN: "not reported")
from widgets import labels, sample_mark


def parse_location(text: str) -> tuple[float, float] | None:
    """"116.48,39.92" (lon,lat, also with a Chinese comma or a space) -> (lon, lat); None if blank.

    Raises ValueError with what is expected when the text is not a Beijing-range lon,lat."""
    text = text.strip()
    if not text:
        return None
    parts = [p for p in text.replace("，", ",").replace(" ", ",").split(",") if p]
    if len(parts) != 2:
        raise ValueError(QCoreApplication.translate("ActivationDialog", "应为 经度,纬度，如 116.48,39.92"))
    try:
        lon, lat = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(QCoreApplication.translate("ActivationDialog", "经度、纬度应为数字")) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(QCoreApplication.translate("ActivationDialog", "经度应在 -180…180，纬度应在 -90…90"))
    return lon, lat


class ActivationDialog(QDialog):
    # plans.model.Activation, emitted when the user confirms with OK
    activation_confirmed = Signal(object)

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._activation = None
        self.setWindowTitle(self.tr("启动应急响应"))
        self._build()
        self._update_preview()

    def activation(self):
        """The activation the preview currently shows (None until the input is complete)."""
        return self._activation

    def type_code(self) -> str | None:
        """The incident type typed or picked (a name, its short form, or a code), or None."""
        text = self.type_combo.currentText().strip()
        try:
            return incident_type(text).code if text else None
        except KeyError:
            return None

    def facts(self) -> IncidentFacts | None:
        """The incident facts as typed, or None while the type or location is not valid."""
        code = self.type_code()
        if code is None:
            return None
        try:
            where = parse_location(self.location_edit.text())
        except ValueError:
            return None
        fields = self.fact_fields.fields
        given = {**{k: v for k, v in self._known.items() if k not in fields}, **self.fact_fields.values()}
        facts = incident_facts(code, given, lon=where[0] if where else None, lat=where[1] if where else None)
        return replace(facts, **self._decided) if self._decided else facts

    def prefill(self, incident_type: str | None, lon: float | None = None, lat: float | None = None,
                facts: dict | None = None) -> None:
        """Start from what is known of an incident: its type, place and facts so far (an
        incident record's facts: METRICS codes, and the keys older records used)."""
        known = stored_facts(facts or {})
        # the level an authority decided for a referred type, as recorded, stays with the incident
        self._decided = ({k: (facts or {}).get(k) or "" for k in DECIDED_KEYS}
                         if (facts or {}).get("decided_level") in LEVELS else {})
        index = self.type_combo.findData(incident_type) if incident_type else -1
        if index >= 0:
            self.type_combo.setCurrentIndex(index)
        if lon is not None and lat is not None:
            self.location_edit.setText(f"{lon:.6f},{lat:.6f}")
        self.fact_fields.set_values(known)
        # facts the fields do not ask for (a sensor's reading…) still count, as they are
        self._known = {k: v for k, v in known.items() if k not in self.fact_fields.fields}
        self._update_preview()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.type_combo = QComboBox(self)
        self.type_combo.setEditable(True)
        self.type_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.type_combo.addItem("", None)
        for t in INCIDENT_TYPES:
            self.type_combo.addItem(t.name, t.code)
            self.type_combo.setItemData(self.type_combo.count() - 1,
                                        f"{CATEGORIES[t.category]} · {t.code}", Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter([t.name for t in INCIDENT_TYPES], self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # 化学 offers 危险化学品事故
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.type_combo.setCompleter(completer)
        self.type_combo.lineEdit().setPlaceholderText(self.tr("输入或选择事件类型，如 燃气"))
        self._known: dict = {}          # prefilled facts the fields do not ask for
        self._decided: dict = {}        # prefilled decided_level/by/at (记录定级)
        self.fact_fields = FactFields(self)
        fields = self.fact_fields.fields
        self.deaths_spin, self.serious_spin, self.injuries_spin = (
            fields["deaths"], fields["serious_injuries"], fields["injuries"])
        self.affected_spin, self.loss_spin = fields["affected"], fields["direct_loss_yuan"]
        self.location_edit = QLineEdit(self)
        self.location_edit.setPlaceholderText(self.tr("经度,纬度（可选），如 116.48,39.92"))
        form = QFormLayout()
        form.addRow(self.tr("事件类型"), self.type_combo)
        form.addRow(self.tr("位置"), self.location_edit)
        form.addRow(self.fact_fields)
        self.level_label = QLabel(self)
        self.level_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.plans_list = QListWidget(self)
        self.plans_list.setIconSize(sample_mark.badge_size(self.plans_list.font()))
        self.sample_label = QLabel(self)
        self.sample_label.setWordWrap(True)
        self.sample_label.setTextFormat(Qt.TextFormat.RichText)
        self.sample_label.hide()
        self.tasks_label = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("启动响应"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.level_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(QLabel(self.tr("适用预案"), self))
        layout.addWidget(self.plans_list, 1)
        layout.addWidget(self.sample_label)
        layout.addWidget(self.tasks_label)
        layout.addWidget(self.buttons)
        self.type_combo.currentTextChanged.connect(self._on_type_combo_current_text_changed)
        self.fact_fields.changed.connect(self._on_input_changed)
        self.location_edit.textChanged.connect(self._on_input_changed)

    def _on_type_combo_current_text_changed(self, _text: str) -> None:
        self.fact_fields.set_type(self.type_code())
        self._update_preview()

    # -- preview ---------------------------------------------------------------------------

    def _on_input_changed(self, *_args) -> None:
        self._update_preview()

    def _update_preview(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._activation = None
        self.plans_list.clear()
        self.sample_label.hide()
        try:
            parse_location(self.location_edit.text())
            location_problem = ""
        except ValueError as exc:
            location_problem = str(exc)
        facts = self.facts()
        if facts is None:
            self.level_label.setText(self.tr("—"))
            self.level_label.setStyleSheet("")
            if location_problem:
                self.reason_label.setText(self.tr("位置格式不对：{p}").format(p=location_problem))
            elif self.type_combo.currentText().strip():
                self.reason_label.setText(self.tr("未知的事件类型；请从列表中选择"))
            else:
                self.reason_label.setText(self.tr("请选择事件类型"))
            self.tasks_label.clear()
            ok.setEnabled(False)
            return
        try:
            activation = self._library.activate(facts)
        except (KeyError, ValueError) as exc:
            self.level_label.setText("—")
            self.reason_label.setText(self.tr("无法定级：{e}").format(e=exc))
            ok.setEnabled(False)
            return
        self._activation = activation
        colour = labels.grading_colour(activation, LEVEL_COLOURS)
        if activation.graded:
            self.level_label.setText(self.tr("{lv} 级 · {name}").format(lv=activation.level,
                                                                       name=activation.level_name))
        else:
            self.level_label.setText(labels.grading_line(activation))
        self.level_label.setStyleSheet(f"background:{colour}; color:{text_colour(colour)}; font-size:16pt;"
                                       "font-weight:bold; padding:4px;")
        self.reason_label.setText(labels.grading_reason(activation))
        self._show_plans(activation)
        departments = {t.department_name or t.department for t in activation.tasks}
        self.tasks_label.setText(self.tr("任务 {n} 项，涉及 {d} 个部门 / 角色").format(
            n=len(activation.tasks), d=len(departments)))
        ok.setEnabled(True)
        grow_to_fit(self)

    def _show_plans(self, activation) -> None:
        """The applicable plans, each demo plan with the badge; a note when any is demo."""
        where = (self.tr(" · {d}").format(d=labels.district_name(activation.district_code))
                 if activation.outside_district else "")
        badge = sample_mark.badge_icon(self.plans_list.font())
        demo = 0
        for ref in activation.plans:
            plan = self._library.get(ref.plan_id)
            item = QListWidgetItem(self.tr("{title}（{tier}）").format(
                title=ref.title, tier=labels.tier_name(ref.tier)) + where, self.plans_list)
            item.setToolTip(ref.why)
            if plan is not None and plan.sample:
                demo += 1
                item.setIcon(badge)
                item.setToolTip(f"{ref.why}\n{sample_mark.explanation()}")
        if demo:
            note = (sample_mark.explanation() if demo == len(activation.plans) else
                    self.tr("其中 {n} 项为示例预案（演示用生成内容，非正式印发的预案）").format(n=demo))
            self.sample_label.setText(f"{sample_mark.badge_html()} {escape(note)}")
            self.sample_label.show()

    def accept(self) -> None:
        if self._activation is None:
            return
        self.activation_confirmed.emit(self._activation)
        super().accept()
