"""The alarm rules editor (设置 → 告警规则): every rule of every sensor kind in one table —
thresholds with their clearing value, rates of rise, fault codes, level and name — plus the
reporting interval and the offline limit. Checked as the duty officer types (a bad cell is
marked red and said in words); OK is refused until every rule is valid. The result is a
RuleSet; the caller saves it and puts it to work (console/sensor_flow.py)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.alarm_rules import LEVELS, Rule, RuleSet, RulesError, dump_rules, load_rules
from widgets import labels

# columns; the cells a rule's shape does not use are greyed and read-only
KIND, NAME, LEVEL, SHAPE, RAISE, CLEAR, RISE, WINDOW, CODES, UNIT = range(10)
_NUMERIC = {RAISE: "raise_at", CLEAR: "clear_below", RISE: "rise_per_min", WINDOW: "window_s"}
_USES = {"threshold": {RAISE, CLEAR}, "rate": {RISE, WINDOW}, "code": {CODES}}
_BAD = QColor("#d7191c")


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


class AlarmRulesDialog(QDialog):
    rules_checked = Signal(list)   # the problems found (empty: all good), after every edit

    def __init__(self, rules: RuleSet, default: RuleSet | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("告警规则"))
        self.resize(1100, 560)
        self._rules = rules
        self._default = default
        self._result: RuleSet | None = None
        self._filling = False

        self.interval = QSpinBox(self)
        self.interval.setRange(5, 3600)
        self.interval.setSuffix(self.tr(" 秒"))
        self.offline_after = QSpinBox(self)
        self.offline_after.setRange(1, 100)
        self.offline_after.setSuffix(self.tr(" 个周期"))
        form = QFormLayout()
        form.addRow(self.tr("传感器上报周期"), self.interval)
        form.addRow(self.tr("无读数多少个周期判为离线"), self.offline_after)

        self.table = QTableWidget(0, 10, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("传感器类型"), self.tr("规则名称"), self.tr("级别"), self.tr("条件"),
            self.tr("触发值 ≥"), self.tr("解除值 <"), self.tr("上升速率/分钟 >"), self.tr("时间窗（秒）"),
            self.tr("故障代码"), self.tr("单位")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._on_table_item_changed)

        self.add_button = QPushButton(self.tr("添加规则"), self)
        add_menu = QMenu(self.add_button)
        add_menu.addAction(self.tr("阈值规则（触发值/解除值）"), lambda: self.add_rule("threshold"))
        add_menu.addAction(self.tr("上升速率规则"), lambda: self.add_rule("rate"))
        self.add_button.setMenu(add_menu)
        self.remove_button = QPushButton(self.tr("删除所选规则"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #d7191c")
        note = QLabel(self.tr("保存后立即生效：已有读数按新规则重新判定，删除的规则对应告警随之解除。"), self)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setEnabled(default is not None)
        restore.clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.problems)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._fill(rules)

    # -- filling -----------------------------------------------------------------------------
    def _fill(self, rules: RuleSet) -> None:
        self._filling = True
        self._kinds = {k: replace(kr, rules=()) for k, kr in rules.kinds.items()}
        self.interval.setValue(int(rules.interval_s))
        self.offline_after.setValue(int(rules.offline_after))
        self.table.setRowCount(0)
        for kr in rules.kinds.values():
            for r in kr.rules:
                self._insert(r, self.table.rowCount())
        self._filling = False
        self.table.resizeColumnsToContents()
        self.check()

    def _insert(self, r: Rule, row: int) -> None:
        self.table.insertRow(row)
        kind = QTableWidgetItem(labels.sensor_kind(r.kind))
        kind.setData(Qt.ItemDataRole.UserRole, (r.kind, r.id, r.shape))
        kind.setFlags(kind.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, KIND, kind)
        self.table.setItem(row, NAME, QTableWidgetItem(r.name))
        level = QComboBox(self.table)
        for code in LEVELS:
            level.addItem(labels.sensor_state(code), code)
        level.setCurrentIndex(LEVELS.index(r.level) if r.level in LEVELS else 1)
        level.currentIndexChanged.connect(self.check)
        self.table.setCellWidget(row, LEVEL, level)
        shape = {"threshold": self.tr("阈值"), "rate": self.tr("上升速率"), "code": self.tr("故障代码")}[r.shape]
        values = {SHAPE: shape, RAISE: _num(r.raise_at), CLEAR: _num(r.clear_below),
                  RISE: _num(r.rise_per_min), WINDOW: _num(r.window_s) if r.shape == "rate" else "",
                  CODES: ", ".join(f"{c:g}" for c in r.codes),
                  UNIT: self._kinds[r.kind].unit if r.kind in self._kinds else ""}
        for col, text in values.items():
            item = QTableWidgetItem(text)
            if col in (SHAPE, UNIT) or col not in _USES[r.shape] | {SHAPE, UNIT}:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col not in (SHAPE, UNIT):
                    item.setBackground(QBrush(QColor(128, 128, 128, 60)))
            self.table.setItem(row, col, item)

    # -- editing -----------------------------------------------------------------------------
    def add_rule(self, shape: str) -> int:
        """A new rule of `shape` for the kind of the selected row (the first kind if none),
        placed after that kind's rules; returns its row."""
        rows = self.table.selectionModel().selectedRows()
        kind = (self.table.item(rows[0].row(), KIND).data(Qt.ItemDataRole.UserRole)[0] if rows
                else next(iter(self._kinds), ""))
        if not kind:
            return -1
        taken = {self.table.item(i, KIND).data(Qt.ItemDataRole.UserRole)[1]
                 for i in range(self.table.rowCount())}
        n = 1
        while f"{kind}_{shape}_{n}" in taken:
            n += 1
        rule = (Rule(f"{kind}_{shape}_{n}", kind, self.tr("新规则"), "warning", raise_at=0.0, clear_below=0.0)
                if shape == "threshold" else
                Rule(f"{kind}_{shape}_{n}", kind, self.tr("新规则"), "warning", rise_per_min=1.0, window_s=300.0))
        # after the kind's last rule: a kind's rules stay together
        row = 1 + max((i for i in range(self.table.rowCount()) if self._row_kind(i) == kind),
                      default=self.table.rowCount() - 1)
        self._filling = True
        self._insert(rule, row)
        self._filling = False
        self.table.selectRow(row)
        self.table.editItem(self.table.item(row, NAME))
        self.check()
        return row

    def remove_selected(self) -> None:
        for index in sorted((r.row() for r in self.table.selectionModel().selectedRows()), reverse=True):
            self.table.removeRow(index)
        self.check()

    def restore_defaults(self) -> None:
        if self._default is not None:
            self._fill(self._default)

    def _row_kind(self, row: int) -> str:
        return self.table.item(row, KIND).data(Qt.ItemDataRole.UserRole)[0]

    def _on_table_item_changed(self, _item) -> None:
        if not self._filling:
            self.check()

    # -- checking ----------------------------------------------------------------------------
    def _read(self) -> tuple[RuleSet | None, list[str], set[tuple[int, int]]]:
        """(rules, problems in words, bad cells) from what the table holds now."""
        problems: list[str] = []
        bad: set[tuple[int, int]] = set()
        by_kind: dict[str, list[Rule]] = {k: [] for k in self._kinds}
        for row in range(self.table.rowCount()):
            kind, rid, shape = self.table.item(row, KIND).data(Qt.ItemDataRole.UserRole)
            where = self.tr("第 %1 行（%2）").replace("%1", str(row + 1)).replace("%2", labels.sensor_kind(kind))
            name = self.table.item(row, NAME).text().strip()
            if not name:
                problems.append(where + self.tr("：规则名称不能为空"))
                bad.add((row, NAME))
            values: dict = {}
            for col in sorted(_USES[shape] - {CODES}):
                text = self.table.item(row, col).text().strip()
                try:
                    values[_NUMERIC[col]] = float(text)
                except ValueError:
                    header = self.table.horizontalHeaderItem(col).text()
                    problems.append(where + self.tr("：“%1”应为数字，现为“%2”").replace("%1", header)
                                    .replace("%2", text))
                    bad.add((row, col))
            if shape == "code":
                try:
                    codes = tuple(float(c) for c in self.table.item(row, CODES).text().replace("，", ",")
                                  .split(",") if c.strip())
                except ValueError:
                    codes = ()
                if not codes:
                    problems.append(where + self.tr("：故障代码应为一个或多个数字，用逗号分隔"))
                    bad.add((row, CODES))
                values["codes"] = codes
            if shape == "threshold" and len(values) == 2 and values["clear_below"] >= values["raise_at"]:
                problems.append(where + self.tr("：解除值 %1 应低于触发值 %2，否则读数在阈值附近波动时告警会反复跳变")
                                .replace("%1", f"{values['clear_below']:g}").replace("%2", f"{values['raise_at']:g}"))
                bad.add((row, CLEAR))
            if shape == "rate":
                for col, key in ((RISE, "rise_per_min"), (WINDOW, "window_s")):
                    if key in values and values[key] <= 0:
                        problems.append(where + self.tr("：%1 应大于 0")
                                        .replace("%1", self.table.horizontalHeaderItem(col).text()))
                        bad.add((row, col))
            if not any(r == row for r, _ in bad):
                level = self.table.cellWidget(row, LEVEL).currentData()
                by_kind[kind].append(Rule(rid, kind, name, level, **values))
        if problems:
            return None, problems, bad
        rules = RuleSet(float(self.interval.value()), int(self.offline_after.value()),
                        {k: replace(kr, rules=tuple(by_kind[k])) for k, kr in self._kinds.items()})
        try:  # the file validator has the last word: what is saved must load at the next start
            rules = load_rules(Path(self.tr("告警规则")), text=dump_rules(rules))
        except RulesError as exc:
            return None, [str(exc)], bad
        return rules, [], bad

    def check(self) -> list[str]:
        """Check every rule now: bad cells turn red and the problems are listed under the
        table; OK is enabled only when there are none. Returns the problems."""
        rules, problems, bad = self._read()
        self._filling = True
        for row in range(self.table.rowCount()):
            for col in (NAME, RAISE, CLEAR, RISE, WINDOW, CODES):
                item = self.table.item(row, col)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
                    # no colour of our own when good: the theme's text colour shows
                    item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(_BAD) if (row, col) in bad else None)
                    item.setToolTip(self.tr("此项有误，见表格下方说明") if (row, col) in bad else "")
        self._filling = False
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        self.rules_checked.emit(problems)
        return problems

    def accept(self) -> None:
        rules, problems, _ = self._read()
        if problems:
            self.check()
            return
        self._result = rules
        super().accept()

    def result_rules(self) -> RuleSet | None:
        """The rules as edited, once accepted."""
        return self._result

