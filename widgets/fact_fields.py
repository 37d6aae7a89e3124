"""The facts of an incident as a duty officer enters them (intake, activation, re-grading).

The common facts every intake asks for stay fixed at the top, in plans.registry.COMMON_FACTS'
order: 死亡, 失踪, 重伤（含急性中毒）, 受伤, 直接经济损失, 紧急疏散转移, 受影响. Below them a
group holds the event-specific facts the chosen type's grading rule reads
(plans.grading.facts_for: 病例数 and 病种 for a public-health event, 震级 for an earthquake,
预警颜色 for a flood…), shown only for the types that use them: choosing a type changes the
group and nothing above it.

A number is a spin box (whole numbers for counts; 直接经济损失 in 万元 on screen, 元 in the
facts); a choice is a combo box. Not reported is not zero: a spin box at its minimum shows
未报告, a combo box's first entry is 未报告, and either reads back as absent.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout,
                               QWidget)

from plans.grading import facts_for
from plans.registry import COMMON_FACTS, METRICS

UNKNOWN = -1            # a spin box at this value (its minimum) means "not reported"
MAX_COUNT = 30_000_000  # people: more than live in Beijing is a typing mistake
MAX_WAN_YUAN = 1e9      # 10 trillion yuan, in 万元
MAX_NUMBER = 1e6
OPEN_CHOICES = frozenset({"disease"})   # the officer may type a value the list lacks (a disease)
_DECIMALS = {"magnitude": 1}
NO_SUFFIX = frozenset({"", "个"})         # units a spin box shows no suffix for


def fact_name(code: str) -> str:
    """A fact's name in the UI language (plans.registry.METRICS; listed in fact_names.py)."""
    m = METRICS.get(code)
    return QCoreApplication.translate("Fact", m.name) if m else code


def choice_name(value: str) -> str:
    return QCoreApplication.translate("Fact", value)


class FactFields(QWidget):
    """Common facts on top, the type's event-specific facts in a group below."""
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self._columns = columns
        self.fields: dict[str, QWidget] = {}     # code -> spin box or combo box, as shown
        self._stash: dict[str, float | str] = {}  # values of facts no longer shown (type changed)
        self._specific: tuple[str, ...] = ()
        self.type_code: str | None = None
        self.common = QWidget(self)
        grid = QGridLayout(self.common)
        grid.setContentsMargins(0, 0, 0, 0)
        self._place(grid, COMMON_FACTS)
        self.group = QGroupBox(self.tr("事件特有信息"), self)
        self._group_layout = QVBoxLayout(self.group)
        self._page: QWidget | None = None
        self.group.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.common)
        layout.addWidget(self.group)
        layout.addStretch(1)     # space left by a shorter group stays below, the fields keep their places

    # -- the type ------------------------------------------------------------------------------
    def set_type(self, code: str | None, metrics: list[str] | tuple[str, ...] | None = None) -> None:
        """Show the event-specific facts of an incident type (`metrics`: the facts to ask, as
        plans.grading.facts_for gives them; by default those of the type's rule). The values
        of facts the new type also asks for are kept; the others are put aside and come back
        if a later type asks for them again."""
        self.type_code = code
        if metrics is None:
            try:
                metrics = facts_for(code) if code else COMMON_FACTS
            except KeyError:       # a type the taxonomy does not know: only the common facts
                metrics = COMMON_FACTS
        specific = tuple(m for m in metrics if m not in COMMON_FACTS and m in METRICS)
        if specific == self._specific:
            return
        for code_ in self._specific:
            v = self.value(code_)
            if v is not None:
                self._stash[code_] = v
            else:
                self._stash.pop(code_, None)
            self.fields.pop(code_, None)
        if self._page is not None:
            self._group_layout.removeWidget(self._page)
            self._page.hide()
            self._page.deleteLater()
            self._page = None
        self._specific = specific
        if specific:
            self._page = QWidget(self.group)
            grid = QGridLayout(self._page)
            grid.setContentsMargins(0, 0, 0, 0)
            self._place(grid, specific)
            self._group_layout.addWidget(self._page)
            self._page.show()        # the group may be shown already: a new child is not, by itself
            for code_ in specific:
                if code_ in self._stash:
                    self._set(code_, self._stash.pop(code_))
        self.group.setVisible(bool(specific))
        self.changed.emit()

    @property
    def specific(self) -> tuple[str, ...]:
        """The event-specific facts shown, in the order the rule reads them."""
        return self._specific

    # -- values --------------------------------------------------------------------------------
    def values(self) -> dict[str, float | str]:
        """Every fact shown that is reported, by METRICS code (money in 元)."""
        out = {}
        for code in self.fields:
            v = self.value(code)
            if v is not None:
                out[code] = v
        return out

    def value(self, code: str) -> float | str | None:
        w = self.fields.get(code)
        if w is None:
            return None
        if isinstance(w, QComboBox):
            return _combo_value(w)
        v = w.value()
        if v <= UNKNOWN:
            return None
        if METRICS[code].kind == "money":
            return round(v * 10_000, 2)
        return int(v) if isinstance(w, QSpinBox) else float(v)

    def set_values(self, given: dict[str, float | str | None]) -> None:
        """Show these facts (by code; money in 元); every other fact shown becomes 未报告."""
        self._stash = {k: v for k, v in given.items() if v is not None and k not in self.fields}
        for code in self.fields:
            self._set(code, given.get(code))
        self.changed.emit()

    def set_value(self, code: str, value: float | str | None) -> None:
        if code in self.fields:
            self._set(code, value)
            self.changed.emit()
        elif value is not None:
            self._stash[code] = value

    def _set(self, code: str, value: float | str | None) -> None:
        w = self.fields[code]
        w.blockSignals(True)
        try:
            if isinstance(w, QComboBox):
                _set_combo(w, value)
            elif value is None or isinstance(value, str):
                w.setValue(UNKNOWN)
            elif METRICS[code].kind == "money":
                w.setValue(float(value) / 10_000)
            else:
                w.setValue(int(value) if isinstance(w, QSpinBox) else float(value))
        finally:
            w.blockSignals(False)

    # -- building ------------------------------------------------------------------------------
    def _place(self, grid: QGridLayout, codes) -> None:
        for i, code in enumerate(codes):
            row, col = divmod(i, self._columns)
            w = self._field(code)
            label = QLabel(fact_name(code), w.parentWidget())
            label.setBuddy(w)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(w, row, col * 2 + 1)
            grid.setColumnStretch(col * 2 + 1, 1)
            self.fields[code] = w

    def _field(self, code: str) -> QWidget:
        m = METRICS[code]
        parent = self.common if code in COMMON_FACTS else self._page
        if m.kind == "choice":
            w = QComboBox(parent)
            w.addItem(self.tr("未报告"), None)
            for c in m.choices:
                w.addItem(choice_name(c), c)
            if code in OPEN_CHOICES:
                w.setEditable(True)
                w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                w.lineEdit().setPlaceholderText(self.tr("选择或输入"))
                w.editTextChanged.connect(self._on_field_changed)
            w.currentIndexChanged.connect(self._on_field_changed)
            w.setObjectName(f"fact_{code}")
            return w
        if m.kind == "count":
            w = QSpinBox(parent)
            w.setRange(UNKNOWN, MAX_COUNT)
            if m.unit not in NO_SUFFIX:
                w.setSuffix(" " + QCoreApplication.translate("Fact", m.unit))
        elif m.kind == "money":
            w = QDoubleSpinBox(parent)
            w.setDecimals(4)       # 万元 to the yuan: 999.9999 万元 is 9,999,999 元
            w.setRange(UNKNOWN, MAX_WAN_YUAN)
            w.setSuffix(self.tr(" 万元"))
        else:
            w = QDoubleSpinBox(parent)
            w.setDecimals(_DECIMALS.get(code, 2 if m.unit == "%" else 1))
            w.setRange(UNKNOWN, MAX_NUMBER)
            if m.unit not in NO_SUFFIX:
                w.setSuffix(" " + QCoreApplication.translate("Fact", m.unit))
        w.setSpecialValueText(self.tr("未报告"))
        w.setValue(UNKNOWN)
        w.setObjectName(f"fact_{code}")
        w.valueChanged.connect(self._on_field_changed)
        return w

    def _on_field_changed(self, *_args) -> None:
        self.changed.emit()


def _combo_value(w: QComboBox) -> str | None:
    if not w.isEditable():
        return w.currentData()
    text = w.currentText().strip()
    if not text or w.findText(text) == 0:
        return None
    index = w.findText(text)
    return w.itemData(index) if index > 0 else text


def _set_combo(w: QComboBox, value: float | str | None) -> None:
    if value is None or str(value).strip() == "":
        w.setCurrentIndex(0)
        return
    index = w.findData(str(value))
    if index >= 0:
        w.setCurrentIndex(index)
    elif w.isEditable():
        w.setCurrentIndex(-1)
        w.setEditText(str(value))
    else:   # a value the list lacks on a closed list: keep it visible rather than drop it
        w.addItem(str(value), str(value))
        w.setCurrentIndex(w.count() - 1)



def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for its content at its width (wrapped reason texts included:
    Qt's minimum size of a window ignores heights that depend on the width), growing only, down:
    nothing above moves, and it never shrinks under the mouse."""
    lay = window.layout()
    if lay is None or not window.isVisible():
        return
    need = lay.totalMinimumSize().height()
    if lay.hasHeightForWidth():
        need = max(need, lay.totalHeightForWidth(window.width()))
    screen = window.screen().availableGeometry().height() if window.screen() is not None else need
    need = min(need, screen)
    if window.height() < need:
        window.resize(window.width(), need)
