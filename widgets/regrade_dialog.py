"""更新事实/重新定级: the duty officer edits the facts the plans grade on and sees, before
confirming, the old and new level with the deciding criterion and the tasks it adds or drops.
A downgrade needs a reason typed by the officer; an upgrade's reason is the criterion.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QSpinBox, QVBoxLayout, QWidget)

from console import regrade as rg
from plans.model import IncidentFacts
from plans.registry import METRICS
from widgets import labels

UNKNOWN = -1   # a spin box at its minimum means "not reported"


class RegradeDialog(QDialog):
    regrade_confirmed = Signal(str, object, str)   # incident id, plans.model.Regrade, reason

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.incident: dict = {}
        self.recorded_level = ""
        self._previous = None
        self._regrade = None
        self._auto_reason = ""      # the reason the dialog wrote; anything else the officer typed
        self.setWindowTitle(self.tr("更新事实 / 重新定级"))
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.form = QFormLayout()
        self.spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
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
        lay.addLayout(self.form)
        lay.addWidget(self.level_label)
        lay.addWidget(self.criterion_label)
        lay.addWidget(QLabel(self.tr("新增任务："), self))
        lay.addWidget(self.added)
        lay.addWidget(QLabel(self.tr("不再需要的任务（将标为不适用）："), self))
        lay.addWidget(self.removed)
        lay.addWidget(QLabel(self.tr("定级理由："), self))
        lay.addWidget(self.reason_edit)
        lay.addWidget(self.buttons)

    # -- filling in ----------------------------------------------------------------------------
    def set_incident(self, incident: dict, facts: IncidentFacts | None = None, source: str = "",
                     baseline=None) -> None:
        """The incident as recorded; `facts` are new facts from elsewhere (a drill, a sensor)
        to propose, `source` says where they came from; `baseline` is the activation the tasks
        in force came from (the checklist's), else the recorded facts' is used."""
        self.incident = incident
        self.recorded_level = incident.get("level") or ""
        known = rg.facts_of(incident)
        self._previous = baseline or self._library.activate(known)
        self.source_label.setText(
            self.tr("事件 %1 %2").replace("%1", incident.get("id", "")).replace("%2", incident.get("title", ""))
            + (("\n" + source) if source else ""))
        self._build_fields(rg.grading_metrics(self._library, self._previous))
        self._fill(facts or known)
        self._auto_reason = ""
        self.reason_edit.clear()   # a new incident or proposal: the dialog writes the reason afresh
        self._update()

    def _build_fields(self, metrics: list[str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.spins = {}
        for metric in metrics:
            m = METRICS[metric]
            if metric in rg.COUNT_FIELDS:
                spin = QSpinBox(self)
                spin.setRange(UNKNOWN, 10_000_000)
            else:
                spin = QDoubleSpinBox(self)
                spin.setDecimals(1)
                spin.setRange(UNKNOWN, 1e9)
                unit = self.tr("万元") if metric == "loss_yuan" else m.unit
                if unit:
                    spin.setSuffix(f" {unit}")
            spin.setSpecialValueText(self.tr("未报告"))
            spin.setValue(UNKNOWN)
            spin.valueChanged.connect(self._update)
            self.spins[metric] = spin
            self.form.addRow(QLabel(m.name, self),
                             spin)

    def _fill(self, facts: IncidentFacts) -> None:
        for metric, spin in self.spins.items():
            v = facts.value(metric)
            if v is not None:
                spin.blockSignals(True)
                spin.setValue(v / 10_000 if metric == "loss_yuan" else v)
                spin.blockSignals(False)

    # -- reading back --------------------------------------------------------------------------
    def facts(self) -> IncidentFacts:
        """The facts as edited (readings the form does not show are kept)."""
        base = rg.facts_of(self.incident)
        counts, readings = {}, dict(base.readings)
        for metric, spin in self.spins.items():
            v = spin.value()
            known = v > UNKNOWN
            if metric in rg.COUNT_FIELDS:
                counts[metric] = int(v) if known else None
            elif metric == "loss_yuan":
                counts[metric] = v * 10_000 if known else None
            elif known:
                readings[metric] = v
            else:
                readings.pop(metric, None)
        return replace(base, readings=readings, **counts)

    def regrade(self):
        """The plans' Regrade from the recorded facts to the edited ones."""
        return self._regrade

    def new_level(self) -> str:
        return self._regrade.current.level if self._regrade else ""

    def is_downgrade(self) -> bool:
        return rg.direction(self.recorded_level, self.new_level()) < 0

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _officer_reason(self) -> str:
        """The reason unless it is the one the dialog wrote (a downgrade needs the officer's)."""
        text = self.reason()
        return "" if text == self._auto_reason.strip() else text

    # -- preview -------------------------------------------------------------------------------
    def _update(self, *_args) -> None:
        if self._previous is None:
            return
        self._regrade = self._library.regrade(self._previous, self.facts())
        cur = self._regrade.current
        old = self.recorded_level
        step = rg.direction(old, cur.level)
        arrow = {1: self.tr("升级"), -1: self.tr("降级"), 0: self.tr("级别不变")}[step]
        self.level_label.setText(f"{labels.level(old)} → {labels.level(cur.level)}（{arrow}）")
        self.criterion_label.setText(self.tr("依据：%1").replace("%1", cur.reason))
        self.added.clear()
        self.added.addItems([f"{t.department_name}：{t.action}" for t in self._regrade.added])
        self.removed.clear()
        self.removed.addItems([f"{t.department_name}：{t.action}" for t in self._regrade.removed])
        if self.reason_edit.text() == self._auto_reason:
            # an upgrade (or same level) is explained by the criterion; a downgrade by the officer
            self._auto_reason = "" if step < 0 else cur.reason
            self.reason_edit.setText(self._auto_reason)
        self._update_ok()

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
        self.regrade_confirmed.emit(self.incident.get("id", ""), self._regrade, self.reason())
        super().accept()
