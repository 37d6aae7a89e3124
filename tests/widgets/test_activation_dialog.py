"""Activation dialog: type and facts in, a live preview of level, reason, plans and tasks."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from widgets.activation_dialog import ActivationDialog



@pytest.fixture
def dialog(qtbot, library):
    widget = ActivationDialog(library)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def ime_type(widget, text):
    """Type Chinese as an input method does: each word arrives as a committed string
    (QTest.keyClicks only knows ASCII keys)."""
    for word in text.split(" "):
        event = QInputMethodEvent()
        event.setCommitString(word)
        QApplication.sendEvent(widget, event)


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_hazchem_with_12_deaths_previews_level_ii_and_ok_returns_it(qtbot, dialog):
    assert not _ok(dialog).isEnabled()
    ime_type(dialog.type_combo.lineEdit(), "危险化学品事故")
    dialog.deaths_spin.setValue(12)
    assert dialog.level_label.text().startswith("II 级")
    assert "12" in dialog.reason_label.text()
    assert dialog.plans_list.count() >= 1
    assert any("危险化学品" in dialog.plans_list.item(i).text() for i in range(dialog.plans_list.count()))
    assert dialog.tasks_label.text().startswith("任务 ")
    with qtbot.waitSignal(dialog.activation_confirmed) as blocker:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert blocker.args[0].level == "II"
    assert dialog.activation().level == "II"


def test_preview_follows_the_counts_as_they_change(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "危险化学品事故")
    dialog.deaths_spin.setValue(2)
    assert dialog.level_label.text().startswith("IV 级")
    dialog.deaths_spin.setValue(3)
    assert dialog.level_label.text().startswith("III 级")
    dialog.deaths_spin.setValue(30)
    assert dialog.level_label.text().startswith("I 级")


def test_loss_is_entered_in_wan_yuan(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "危险化学品事故")
    dialog.loss_spin.setValue(5000)  # 5000万元 = 5e7 元 -> 重大
    assert dialog.facts().direct_loss_yuan == 50_000_000
    assert dialog.level_label.text().startswith("II 级")


def test_loss_just_below_a_threshold_is_kept_to_the_yuan(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "危险化学品事故")
    dialog.loss_spin.setValue(999.9999)   # 9,999,999 元: below 1000 万元, not rounded up to it
    assert dialog.facts().direct_loss_yuan == 9_999_999
    assert dialog.level_label.text().startswith("IV 级")
    assert "999.9999 万元 < 1000 万元" in dialog.reason_label.text()


def test_injuries_that_are_not_serious_do_not_grade_a_crowd_crush(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "拥挤踩踏")
    dialog.injuries_spin.setValue(12)
    dialog.serious_spin.setValue(0)
    facts = dialog.facts()
    assert (facts.injuries, facts.serious_injuries) == (12, 0)
    assert dialog.level_label.text().startswith("IV 级")
    assert "受伤 12 人：不作为定级依据" in dialog.reason_label.text()
    dialog.serious_spin.setValue(12)           # 12 重伤 is another matter: 较大
    assert dialog.level_label.text().startswith("III 级")


def test_a_terrorist_attack_is_referred_not_graded_by_the_accident_ladder(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "恐怖袭击")
    dialog.deaths_spin.setValue(1)
    activation = dialog.activation()
    assert activation.status == "referred" and activation.authority
    assert dialog.level_label.text().startswith(f"另行定级（{activation.authority}）")
    assert "一般" not in dialog.level_label.text() and "先期处置" in dialog.level_label.text()
    assert "#6c757d" in dialog.level_label.styleSheet()      # no level colour for an ungraded level
    assert _ok(dialog).isEnabled()                            # the special plan still starts


def test_a_prefilled_decided_level_stays_with_a_referred_incident(qtbot, dialog):
    dialog.prefill("terrorism", 116.45, 39.92, {"deaths": 1, "decided_level": "II", "decided_by": "李指挥",
                                                "decided_at": "2026-07-01T10:00:00+08:00"})
    activation = dialog.activation()
    assert activation.graded and activation.level == "II"
    assert "李指挥" in dialog.reason_label.text()


def test_old_records_prefill_their_injured_as_injuries_not_serious_injuries(qtbot, dialog):
    dialog.prefill("gas", facts={"deaths": 1, "injured": 12, "loss_yuan": 2_000_000})
    facts = dialog.facts()
    assert (facts.injuries, facts.serious_injuries, facts.direct_loss_yuan) == (12, None, 2_000_000)
    assert dialog.loss_spin.value() == 200


def test_unknown_type_and_bad_location_say_what_is_wrong(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "外星人入侵")
    assert not _ok(dialog).isEnabled()
    assert "未知的事件类型" in dialog.reason_label.text()
    dialog.type_combo.lineEdit().clear()
    ime_type(dialog.type_combo.lineEdit(), "燃气事故")
    assert _ok(dialog).isEnabled()
    qtbot.keyClicks(dialog.location_edit, "116.48")
    assert not _ok(dialog).isEnabled()
    assert "位置格式不对" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.location_edit, ",39.92")
    assert _ok(dialog).isEnabled()
    assert (dialog.facts().lon, dialog.facts().lat) == (116.48, 39.92)


def test_typeahead_offers_types_containing_the_typed_words(dialog):
    completer = dialog.type_combo.completer()
    completer.setCompletionPrefix("化学")
    model = completer.completionModel()
    offered = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "危险化学品事故" in offered


def test_location_brings_in_the_enterprise_plan_on_site(qtbot, dialog, library):
    site_plan = next(library.plans[p] for p in library.ids_by_tier("enterprise", "110105")
                     if library.plans[p].site.kind == "gas_station")
    ime_type(dialog.type_combo.lineEdit(), "危险化学品事故")
    dialog.deaths_spin.setValue(1)
    titles = [dialog.plans_list.item(i).text() for i in range(dialog.plans_list.count())]
    assert not any(site_plan.title in t for t in titles)
    qtbot.keyClicks(dialog.location_edit, f"{site_plan.site.lon},{site_plan.site.lat}")
    titles = [dialog.plans_list.item(i).text() for i in range(dialog.plans_list.count())]
    assert any(site_plan.title in t for t in titles)
    assert dialog.level_label.text().startswith("IV 级")


# -- 示例 marks (issue 16) ----------------------------------------------------------------------

def test_demo_plans_are_marked_in_the_list_and_the_preview_says_why(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "燃气事故")
    dialog.deaths_spin.setValue(3)
    assert dialog.plans_list.count() > 0
    items = [dialog.plans_list.item(i) for i in range(dialog.plans_list.count())]
    assert all(not item.icon().isNull() for item in items)
    assert dialog.sample_label.isVisible()
    assert "示例" in dialog.sample_label.text() and "非正式印发的预案" in dialog.sample_label.text()
    ids = {p.plan_id for p in dialog.activation().plans}
    assert not any(pid in item.text() + item.toolTip() for item in items for pid in ids)


def test_an_incident_in_the_other_district_names_it_on_each_plan(qtbot, dialog):
    ime_type(dialog.type_combo.lineEdit(), "燃气事故")
    dialog.location_edit.setText("116.4170,39.9300")   # 东四, 东城区
    activation = dialog.activation()
    assert activation is not None and activation.outside_district
    assert all(dialog.plans_list.item(i).text().endswith(" · 东城区") for i in range(dialog.plans_list.count()))


def test_imported_plans_are_not_marked(qtbot, tmp_path):
    from tests.widgets.imported_plans import open_imported_library
    imported = open_imported_library(tmp_path)
    widget = ActivationDialog(imported)
    qtbot.addWidget(widget)
    widget.show()
    ime_type(widget.type_combo.lineEdit(), "燃气事故")
    widget.deaths_spin.setValue(3)
    assert widget.plans_list.count() > 0
    assert all(widget.plans_list.item(i).icon().isNull() for i in range(widget.plans_list.count()))
    assert not widget.sample_label.isVisible()
    imported.close()
