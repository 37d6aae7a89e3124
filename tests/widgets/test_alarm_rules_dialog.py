"""The alarm rules editor: what the duty officer changes comes back as valid rules; a bad
value is marked and said in words, and OK waits until it is put right."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from core.alarm_rules import DEFAULT_RULES, load_rules
from widgets.alarm_rules_dialog import CLEAR, CODES, KIND, LEVEL, NAME, RAISE, RISE, AlarmRulesDialog


def _row(dialog, rule_id):
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, KIND).data(Qt.ItemDataRole.UserRole)[1] == rule_id:
            return row
    raise AssertionError(f"no row for {rule_id}")


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_every_shipped_rule_is_listed_with_its_values(qtbot):
    rules = load_rules(DEFAULT_RULES)
    dialog = AlarmRulesDialog(rules, rules)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == sum(len(k.rules) for k in rules.kinds.values())
    row = _row(dialog, "co_alarm")
    t = dialog.table
    assert (t.item(row, KIND).text(), t.item(row, NAME).text(), t.item(row, RAISE).text(),
            t.item(row, CLEAR).text()) == ("一氧化碳", "一氧化碳浓度超限", "50", "40")
    assert t.cellWidget(row, LEVEL).currentData() == "alarm"
    assert not t.item(row, RISE).flags() & Qt.ItemFlag.ItemIsEditable  # not a rate rule
    assert t.item(_row(dialog, "elevator_trapped"), CODES).text() == "1"
    assert _ok(dialog).isEnabled() and not dialog.problems.isVisible()


def test_edits_come_back_as_rules_and_a_bad_value_is_said_before_ok(qtbot):
    rules = load_rules(DEFAULT_RULES)
    dialog = AlarmRulesDialog(rules, rules)
    qtbot.addWidget(dialog)
    dialog.show()
    row = _row(dialog, "co_alarm")
    dialog.table.item(row, CLEAR).setText("60")          # clears above where it raises: flaps
    assert not _ok(dialog).isEnabled()
    assert "解除值 60 应低于触发值 50" in dialog.problems.text() and "第" in dialog.problems.text()
    assert dialog.table.item(row, CLEAR).foreground().color().name() == "#d7191c"
    dialog.accept()
    assert dialog.result() == 0 and dialog.result_rules() is None  # stays open
    dialog.table.item(row, RAISE).setText("四十")
    assert "应为数字" in dialog.problems.text()
    dialog.table.item(row, RAISE).setText("45")
    dialog.table.item(row, CLEAR).setText("35")
    dialog.table.cellWidget(_row(dialog, "co_warning"), LEVEL).setCurrentIndex(1)   # 告警
    dialog.table.item(_row(dialog, "elevator_stopped"), CODES).setText("2，3")     # full-width comma
    assert _ok(dialog).isEnabled()
    dialog.accept()
    got = dialog.result_rules()
    assert got.rule("co_alarm").raise_at == 45 and got.rule("co_alarm").clear_below == 35
    assert got.rule("co_warning").level == "alarm"
    assert got.rule("elevator_stopped").codes == (2.0, 3.0)
    assert got.rule("gas_alarm") == rules.rule("gas_alarm")  # untouched rules unchanged


def test_add_and_remove_rules_and_restore_the_shipped_ones(qtbot):
    rules = load_rules(DEFAULT_RULES)
    dialog = AlarmRulesDialog(rules, rules)
    qtbot.addWidget(dialog)
    n = dialog.table.rowCount()
    dialog.table.selectRow(_row(dialog, "water_warning"))
    row = dialog.add_rule("threshold")
    assert dialog.table.item(row, KIND).text() == "积水水位" and row == _row(dialog, "water_rise") + 1
    assert not _ok(dialog).isEnabled()         # raise 0 / clear 0: not yet a valid rule
    dialog.table.item(row, NAME).setText("积水超过40厘米")
    dialog.table.item(row, RAISE).setText("40")
    dialog.table.item(row, CLEAR).setText("30")
    dialog.table.selectRow(_row(dialog, "pm25_warning"))
    dialog.remove_selected()
    dialog.interval.setValue(30)
    dialog.accept()
    got = dialog.result_rules()
    assert dialog.table.rowCount() == n and got.interval_s == 30
    assert got.rule("pm25_warning") is None
    new = [r for r in got.for_kind("water_level") if r.name == "积水超过40厘米"]
    assert len(new) == 1 and (new[0].raise_at, new[0].clear_below) == (40, 30)

    again = AlarmRulesDialog(got, rules)
    qtbot.addWidget(again)
    again.restore_defaults()
    again.accept()
    assert again.result_rules() == rules
