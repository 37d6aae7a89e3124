"""Close-out (结案): an incident closes only when every unit has been released and every
unfinished task is resolved (done) or waived with a reason. The dialog lists both and keeps
its 结案 button disabled until they are; releasing follows the live picture.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from core.state import LiveState
from widgets import labels
from widgets.bind import bind


class CloseOutDialog(QDialog):
    release_requested = Signal(list)     # unit ids to release
    # incident id, summary, resolutions: list of (task id, "done" | "not_applicable", reason)
    close_confirmed = Signal(str, str, list)

    def __init__(self, state: LiveState, incident_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.incident_id = incident_id
        inc = state.get("incidents", incident_id) or {"id": incident_id}
        self.setWindowTitle(self.tr("结案：%1 %2").replace("%1", incident_id).replace("%2", inc.get("title", "")))
        self.units = QListWidget(self)
        self.release_button = QPushButton(self.tr("释放全部单位 (Ctrl+R)"), self)
        self.release_button.setShortcut("Ctrl+R")
        self.release_button.clicked.connect(self._on_release_button_clicked)
        unit_box = QGroupBox(self.tr("仍在处置的单位（须全部释放）"), self)
        ub = QVBoxLayout(unit_box)
        ub.addWidget(self.units)
        ub.addWidget(self.release_button)
        self.task_rows: dict[str, tuple[QComboBox, QLineEdit]] = {}
        task_box = QGroupBox(self.tr("未完成的任务（须完成，或说明理由后标为不适用）"), self)
        inner = QWidget(self)
        grid = QGridLayout(inner)
        scroll = QScrollArea(task_box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        QVBoxLayout(task_box).addWidget(scroll)
        open_tasks = [t for t in state.records("tasks").values()
                      if t.get("incident_id") == incident_id and t.get("status") not in ("done", "not_applicable")]
        for row, task in enumerate(sorted(open_tasks, key=lambda t: t["id"])):
            choice = QComboBox(self)
            choice.addItem(self.tr("请选择"), "")
            choice.addItem(self.tr("已完成"), "done")
            choice.addItem(self.tr("不适用（说明理由）"), "not_applicable")
            reason = QLineEdit(self)
            reason.setPlaceholderText(self.tr("理由"))
            label = QLabel(f"{task.get('department') or ''} {task.get('action', '')}", self)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            grid.addWidget(choice, row, 1)
            grid.addWidget(reason, row, 2)
            self.task_rows[task["id"]] = (choice, reason)
            choice.currentIndexChanged.connect(self._update)
            reason.textChanged.connect(self._update)
        if not open_tasks:
            grid.addWidget(QLabel(self.tr("没有未完成的任务"), self), 0, 0)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText(self.tr("结案摘要（可选）"))
        self.problems = QLabel(self)
        self.problems.setStyleSheet("color:#d7191c;")
        self.problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("结案"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(unit_box)
        layout.addWidget(task_box, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self.resize(760, 640)
        self._update()

    def committed_units(self) -> list[dict]:
        return sorted((u for u in self._state.records("units").values() if u.get("incident_id") == self.incident_id),
                      key=lambda u: u["id"])

    def problems_left(self) -> list[str]:
        """What still stops the close-out, in words (empty when it may close)."""
        out = []
        units = self.committed_units()
        if units:
            out.append(self.tr("还有 %1 个单位未释放").replace("%1", str(len(units))))
        undecided = sum(1 for c, _r in self.task_rows.values() if not c.currentData())
        if undecided:
            out.append(self.tr("%1 项任务未处理").replace("%1", str(undecided)))
        no_reason = sum(1 for c, r in self.task_rows.values() if c.currentData() == "not_applicable" and not r.text().strip())
        if no_reason:
            out.append(self.tr("%1 项标为不适用的任务缺少理由").replace("%1", str(no_reason)))
        return out

    def resolutions(self) -> list[tuple[str, str, str]]:
        return [(tid, c.currentData(), r.text().strip()) for tid, (c, r) in self.task_rows.items()]

    def _update(self, *_args) -> None:
        self.units.clear()
        for u in self.committed_units():
            self.units.addItem(f"{u.get('callsign', u['id'])}  {labels.unit_kind(u.get('kind', ''))}  "
                               f"{labels.unit_status(u.get('status', ''))}")
        self.release_button.setEnabled(bool(self.units.count()))
        problems = self.problems_left()
        self.problems.setText("；".join(problems))
        self.ok_button.setEnabled(not problems)

    def _on_state_layer_changed(self, layer: str, _upserts: list, _removed: list) -> None:
        if layer == "units":
            self._update()

    def _on_release_button_clicked(self) -> None:
        ids = [u["id"] for u in self.committed_units()]
        if ids:
            self.release_requested.emit(ids)
            self.release_button.setText(self.tr("已提交释放指令，等待服务器确认…"))

    def accept(self) -> None:
        if self.problems_left():
            return
        self.close_confirmed.emit(self.incident_id, self.summary.text().strip(), self.resolutions())
        super().accept()
