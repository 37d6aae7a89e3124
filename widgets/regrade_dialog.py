"""更新事实/重新定级: the duty officer edits the facts the plans grade on and sees, before
confirming, the old and new level with the reason (fact, threshold, level, clause, and the
facts given but not used) and the tasks it adds or drops. A downgrade needs a reason typed by
the officer; an upgrade's reason is the grading's.

The facts are those the intake asks (widgets.fact_fields): the common counts and loss fixed
on top, the type's own facts in a group below. For a type whose level another authority sets
(社会安全事件: 分级另行规定) or decides by judgement (待研判), 记录定级 records the level the
authority decided: the commander picks it, and it is stored with who (the signed-in operator)
and when (the confirmation's time), the incident's level set to it.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QVBoxLayout, QWidget)

from core import regrade as rg
from plans.grading import incident_facts
from plans.model import LEVELS, IncidentFacts
from widgets import labels
from widgets.fact_fields import UNKNOWN, FactFields, grow_to_fit  # noqa: F401  (UNKNOWN: a spin box's "not reported")


def _now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


class RegradeDialog(QDialog):
    regrade_confirmed = Signal(str, object, str)   # incident id, plans.model.Regrade, reason

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.incident: dict = {}
        self.recorded_level = ""
        self.operator = ""          # who records a decided level (the signed-in operator)
        self._previous = None
        self._regrade = None
        self._given: dict = {}      # the facts to start from (recorded, or proposed) by METRICS code
        self._decided: dict = {}    # decided_level/by/at as recorded (or proposed)
        self._decided_at = ""       # when the commander picked (then confirmed) a new decided level
        self._auto_reason = ""      # the reason the dialog wrote; anything else the officer typed
        self.setWindowTitle(self.tr("更新事实 / 重新定级"))
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.fact_fields = FactFields(self)
        self.fact_fields.changed.connect(self._update)
        # 记录定级: the level the authority decided (referred and judged types only)
        self.decide_box = QGroupBox(self.tr("记录定级"), self)
        self.decide_combo = QComboBox(self.decide_box)
        self.decide_combo.addItem(self.tr("未记录"), None)
        for lv in LEVELS:
            self.decide_combo.addItem(labels.level(lv), lv)
        self.decide_combo.currentIndexChanged.connect(self._on_decide_combo_current_index_changed)
        self.decide_label = QLabel(self.decide_box)
        self.decide_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("主管部门定级"), self.decide_box))
        row.addWidget(self.decide_combo, 1)
        box = QVBoxLayout(self.decide_box)
        box.addLayout(row)
        box.addWidget(self.decide_label)
        self.decide_box.hide()
        self.level_label = QLabel(self)
        self.level_label.setStyleSheet("font-weight:bold; font-size:14px;")
        self.criterion_label = QLabel(self)
        self.criterion_label.setWordWrap(True)
        self.added = QListWidget(self)
        self.removed = QListWidget(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("定级理由（降级时必填）"))
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认并下发"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.source_label)
        lay.addWidget(self.fact_fields)
        lay.addWidget(self.decide_box)
        lay.addWidget(self.level_label)
        lay.addWidget(self.criterion_label)
        lay.addWidget(QLabel(self.tr("新增任务："), self))
        lay.addWidget(self.added)
        lay.addWidget(QLabel(self.tr("不再需要的任务（将标为不适用）："), self))
        lay.addWidget(self.removed)
        lay.addWidget(QLabel(self.tr("定级理由："), self))
        lay.addWidget(self.reason_edit)
        lay.addWidget(self.buttons)

    @property
    def spins(self) -> dict[str, QWidget]:
        """The fact fields shown, by METRICS code (spin boxes, and combo boxes for choices)."""
        return self.fact_fields.fields

    # -- filling in ----------------------------------------------------------------------------
    def set_incident(self, incident: dict, facts: IncidentFacts | None = None, source: str = "",
                     baseline=None, operator: str = "") -> None:
        """The incident as recorded; `facts` are new facts from elsewhere (a drill, a sensor)
        to propose, `source` says where they came from; `baseline` is the activation the tasks
        in force came from (the checklist's), else the recorded facts' is used; `operator`
        is who records a decided level."""
        self.incident = incident
        self.recorded_level = incident.get("level") or ""
        self.operator = operator
        self._regrade = None
        known = rg.facts_of(incident)
        self._previous = baseline or self._library.activate(known)
        start = facts or known
        self._given = start.given()
        self._decided = ({"decided_level": start.decided_level, "decided_by": start.decided_by,
                          "decided_at": start.decided_at} if start.decided_level in LEVELS else {})
        self.source_label.setText(
            self.tr("事件 %1 %2").replace("%1", incident.get("id", "")).replace("%2", incident.get("title", ""))
            + (("\n" + source) if source else ""))
        self.fact_fields.blockSignals(True)
        self.fact_fields.set_type(known.incident_type, rg.grading_metrics(self._library, self._previous))
        self.fact_fields.set_values(self._given)
        self.fact_fields.blockSignals(False)
        self._show_decision()
        self._auto_reason = ""
        self.reason_edit.clear()   # a new incident or proposal: the dialog writes the reason afresh
        self._update()

    def _show_decision(self) -> None:
        """记录定级, for a type whose level an authority sets: the level recorded so far."""
        decidable = rg.decidable(self._library, self._previous)
        self.decide_box.setVisible(decidable)
        self.decide_combo.blockSignals(True)
        self.decide_combo.setCurrentIndex(max(0, self.decide_combo.findData(self._decided.get("decided_level"))))
        self.decide_combo.blockSignals(False)
        self._show_decider()

    def _show_decider(self) -> None:
        authority = (self._regrade.current.authority if self._regrade is not None else "") or self._previous.authority
        who = self._decided.get("decided_by") or ""
        if self.decide_combo.currentData() is None:
            text = self.tr("由%1研判定级；定级结果告知后，在此选择并确认，记录人与时间一并记入时间线").replace(
                "%1", authority or self.tr("主管部门"))
        elif self._decided.get("decided_level") == self.decide_combo.currentData() and who:
            text = self.tr("已记录：%1 记录，于 %2").replace("%1", who).replace("%2", self._decided.get("decided_at") or "")
        else:
            text = self.tr("确认后记录：%1 记录，时间为确认时").replace("%1", self.operator or self.tr("本席位"))
        self.decide_label.setText(text)

    # -- reading back --------------------------------------------------------------------------
    def decided_level(self) -> str | None:
        return self.decide_combo.currentData() if self.decide_box.isVisibleTo(self) else None

    def facts(self) -> IncidentFacts:
        """The facts as edited (facts the form does not show are kept), with the level the
        authority decided if one is picked."""
        base = rg.facts_of(self.incident)
        given = {k: v for k, v in self._given.items() if k not in self.fact_fields.fields}
        given.update(self.fact_fields.values())
        facts = incident_facts(base.incident_type, given, lon=base.lon, lat=base.lat, district=base.district)
        level = self.decided_level()
        if level is None:
            return facts
        if level == self._decided.get("decided_level"):
            return replace(facts, **self._decided)
        return replace(facts, decided_level=level, decided_by=self.operator or self.tr("本席位"),
                       decided_at=self._decided_at)

    def regrade(self):
        """The plans' Regrade from the recorded facts to the edited ones."""
        return self._regrade

    def new_level(self) -> str:
        return self._regrade.current.level if self._regrade else ""

    def is_downgrade(self) -> bool:
        return self._regrade is not None and rg.direction(self.recorded_level, self.new_level()) < 0

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _officer_reason(self) -> str:
        """The reason unless it is the one the dialog wrote (a downgrade needs the officer's)."""
        text = self.reason()
        return "" if text == self._auto_reason.strip() else text

    # -- preview -------------------------------------------------------------------------------
    def _on_decide_combo_current_index_changed(self, _index: int) -> None:
        self._decided_at = _now_iso()
        self._update()

    def _update(self, *_args) -> None:
        if self._previous is None:
            return
        self._regrade = self._library.regrade(self._previous, self.facts())
        cur = self._regrade.current
        old = self.recorded_level
        step = rg.direction(old, cur.level)
        arrow = {1: self.tr("升级"), -1: self.tr("降级"), 0: self.tr("级别不变")}[step]
        before = (labels.grading(self._previous) if not self._previous.graded and self._previous.level == old
                  else labels.level(old))
        after = labels.grading_line(cur)
        self.level_label.setText(f"{before} → {after}（{arrow}）")
        self.criterion_label.setText(self.tr("依据：%1").replace("%1", labels.grading_reason(cur)))
        self.added.clear()
        self.added.addItems([f"{t.department_name}：{t.action}" for t in self._regrade.added])
        self.removed.clear()
        self.removed.addItems([f"{t.department_name}：{t.action}" for t in self._regrade.removed])
        if self.reason_edit.text() == self._auto_reason:
            # an upgrade (or same level) is explained by the grading; a downgrade by the officer
            self._auto_reason = "" if step < 0 else cur.reason
            self.reason_edit.setText(self._auto_reason)
        if self.decide_box.isVisibleTo(self):
            self._show_decider()
        self._update_ok()
        grow_to_fit(self)

    def _on_reason_edit_text_changed(self, _text: str) -> None:
        self._update_ok()

    def _update_ok(self) -> None:
        changed = self._regrade is not None and (self.new_level() != self.recorded_level
                                                  or rg.facts_payload(self.facts()) != rg.facts_payload(rg.facts_of(self.incident)))
        ok = changed and not (self.is_downgrade() and not self._officer_reason())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if self.is_downgrade() and not self._officer_reason():
            self.reason_edit.setPlaceholderText(self.tr("降级须填写理由，例如：经核实伤亡人数下调"))

    def accept(self) -> None:
        if not self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            return   # Enter on a downgrade without a reason does nothing
        if self.decided_level() is not None and self.decided_level() != self._decided.get("decided_level"):
            self._decided_at = _now_iso()     # recorded when confirmed
            self._update()
        self.regrade_confirmed.emit(self.incident.get("id", ""), self._regrade, self.reason())
        super().accept()
