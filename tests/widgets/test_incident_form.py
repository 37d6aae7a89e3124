"""The intake form (接警立案) asks the facts as the regulations count them: 死亡, 失踪,
重伤（含急性中毒）, 受伤, 直接经济损失, 紧急疏散转移, 受影响 on top, and the chosen type's own
facts in a group below, shown only for the types that use them; the level it shows is honest
(待研判 and 另行定级 claim no level) and says why."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox, QSpinBox

from maps.places import place_dict
from plans.registry import COMMON_FACTS, METRICS
from widgets.fact_fields import UNKNOWN
from widgets.incident_form import IncidentForm
from widgets.labels import NEUTRAL_COLOUR

SANLITUN = (116.4470, 39.9300)      # 朝阳区


@pytest.fixture
def form(qtbot, library):
    before = library.home_district
    library.home_district = "110105"
    widget = IncidentForm(library, place_dict(*SANLITUN))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    library.home_district = before


def _pick(form, code):
    form.type_combo.setCurrentIndex(form.type_combo.findData(code))


def _ok(form):
    return form.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _shown(form, code) -> bool:
    w = form.fact_fields.fields.get(code)
    return w is not None and w.isVisibleTo(form)


def test_common_facts_are_separate_fields_and_unreported_is_not_zero(form):
    fields = form.fact_fields.fields
    assert all(_shown(form, code) for code in COMMON_FACTS)
    assert isinstance(fields["serious_injuries"], QSpinBox) and isinstance(fields["injuries"], QSpinBox)
    assert fields["serious_injuries"] is not fields["injuries"]
    assert fields["direct_loss_yuan"].suffix().strip() == "万元"
    assert all(fields[c].value() == UNKNOWN and fields[c].text() == "未报告" for c in COMMON_FACTS)
    _pick(form, "gas")
    facts = form.incident()["facts"]
    assert not any(code in facts for code in COMMON_FACTS)    # nothing reported: nothing filed as 0


def test_public_health_asks_cases_and_disease_and_gas_does_not(form, qtbot):
    _pick(form, "public_health")
    assert _shown(form, "cases") and _shown(form, "disease")
    assert isinstance(form.fact_fields.fields["disease"], QComboBox)
    disease = form.fact_fields.fields["disease"]
    assert disease.itemText(0) == "未报告" and disease.findData("霍乱") > 0
    assert form.fact_fields.group.isVisibleTo(form)
    common_at = {c: form.fact_fields.fields[c].mapTo(form, form.fact_fields.fields[c].rect().topLeft())
                 for c in COMMON_FACTS}
    _pick(form, "gas")
    qtbot.wait(10)
    assert not _shown(form, "cases") and not _shown(form, "disease")
    assert not form.fact_fields.group.isVisibleTo(form)
    # the common facts stay where they were: choosing a type reflows only the group below them
    assert {c: form.fact_fields.fields[c].mapTo(form, form.fact_fields.fields[c].rect().topLeft())
            for c in COMMON_FACTS} == common_at


def test_event_specific_facts_follow_the_type(form):
    for code, own in (("earthquake", "magnitude"), ("flood", "warning_colour"),
                      ("food_safety", "cases"), ("special_equipment", "equipment")):
        _pick(form, code)
        assert _shown(form, own), code
    _pick(form, "fire")
    assert form.fact_fields.specific == ()


def test_a_value_typed_for_one_type_comes_back_with_a_type_that_asks_it(form):
    _pick(form, "public_health")
    form.fact_fields.fields["cases"].setValue(40)
    _pick(form, "gas")
    assert "cases" not in form.incident()["facts"]          # not asked for gas: not filed
    _pick(form, "food_safety")
    assert form.fact_fields.fields["cases"].value() == 40


def test_twelve_injured_none_seriously_grade_a_crowd_crush_iv_and_say_why(form):
    _pick(form, "crowd_crush")
    form.fact_fields.fields["injuries"].setValue(12)
    form.fact_fields.fields["serious_injuries"].setValue(0)
    assert form.activation.level == "IV" and form.activation.graded
    assert form.level_label.text().startswith("IV级")
    assert "受伤 12 人：不作为定级依据" in form.reason_label.text()
    assert "重伤（含急性中毒） 0 人" in form.reason_label.text()
    filed = form.incident()
    assert filed["level"] == "IV"
    assert filed["facts"]["injuries"] == 12 and filed["facts"]["serious_injuries"] == 0
    assert "injured" not in filed["facts"]
    assert "受伤 12 人：不作为定级依据" in filed["facts"]["grading_reason"]


def test_a_terrorist_attack_is_referred_to_the_authority_not_graded(form):
    _pick(form, "terrorism")
    form.fact_fields.fields["deaths"].setValue(1)
    activation = form.activation
    assert activation.status == "referred" and activation.authority
    assert form.level_label.text().startswith(f"另行定级（{activation.authority}）")
    assert "一般" not in form.level_label.text()
    assert NEUTRAL_COLOUR in form.level_label.styleSheet()
    assert _ok(form).isEnabled() and form.incident()["level"] == "IV"   # 先期处置 while referred


def test_a_disease_the_rules_do_not_know_is_pending_and_the_incident_still_files(form, qtbot):
    _pick(form, "public_health")
    form.fact_fields.fields["cases"].setValue(12)
    disease = form.fact_fields.fields["disease"]
    assert disease.isEditable()
    disease.setEditText("登革热")
    assert form.activation.status == "pending"
    assert form.level_label.text().startswith("待研判")
    assert NEUTRAL_COLOUR in form.level_label.styleSheet()
    assert "登革热" in form.reason_label.text() and "不在" in form.reason_label.text()
    filed = []
    form.incident_filed.connect(filed.append)
    assert _ok(form).isEnabled()
    form.accept()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # 确认立案
    (incident,) = filed
    assert incident["level"] == "IV" and incident["facts"]["disease"] == "登革热"
    assert incident["facts"]["cases"] == 12 and incident["facts"]["grading_reason"].startswith("待研判")


def test_cases_without_a_disease_say_the_disease_is_missing(form):
    _pick(form, "public_health")
    form.fact_fields.fields["cases"].setValue(30)
    assert form.activation.status == "pending"
    assert "缺少病种" in form.reason_label.text()
    form.fact_fields.fields["disease"].setCurrentIndex(form.fact_fields.fields["disease"].findData("霍乱"))
    assert form.activation.graded and "霍乱" in form.reason_label.text()


def test_loss_is_entered_in_wan_yuan_and_filed_in_yuan(form):
    _pick(form, "gas")
    form.fact_fields.fields["direct_loss_yuan"].setValue(999.9999)
    assert form.incident()["facts"]["direct_loss_yuan"] == 9_999_999
    assert "999.9999 万元 < 1000 万元" in form.reason_label.text()


def test_a_sensor_prefill_keeps_its_reading_and_shows_a_fact_the_form_asks(form):
    form.prefill("waterlogging", facts={"sensor_id": "S1", "water_depth_cm": 35.0, "warning_colour": "黄"})
    assert form.fact_fields.fields["warning_colour"].currentData() == "黄"
    facts = form.incident()["facts"]
    assert facts["sensor_id"] == "S1" and facts["water_depth_cm"] == 35.0 and facts["warning_colour"] == "黄"
    assert form.activation.level == "III"


def test_every_fact_name_unit_and_choice_is_listed_for_translation():
    from widgets.fact_fields import NO_SUFFIX
    from widgets.fact_names import CHOICES, FACT_NAMES, UNITS

    assert set(FACT_NAMES) == {m.name for m in METRICS.values()}
    assert set(UNITS) == {m.unit for m in METRICS.values() if m.unit not in NO_SUFFIX}
    assert set(CHOICES) == {c for m in METRICS.values() for c in m.choices}


def test_tab_leaves_the_description_and_choosing_a_type_moves_nothing_below(form, qtbot):
    """Issue 20: Tab typed a tab into 情况描述; choosing a type reflowed the form."""
    from PySide6.QtCore import Qt

    combo_at, facts = form.type_combo.geometry(), form.fact_fields.geometry()
    for code in ("public_health", "flood", "gas", "hazchem", "earthquake", "road_traffic"):
        if form.type_combo.findData(code) >= 0:
            _pick(form, code)
            qtbot.wait(20)
            # the combo under the pointer and the facts' room below it stay where they were
            assert form.type_combo.geometry() == combo_at, code
            assert form.fact_fields.geometry() == facts, code
    form.description.setFocus()
    assert form.focusWidget() is form.description
    qtbot.keyClick(form.description, Qt.Key.Key_Tab)
    assert "\t" not in form.description.toPlainText()
    assert form.focusWidget() is not form.description   # on to the next field


def test_filing_asks_first_and_names_what_will_happen(form, qtbot):
    _pick(form, "gas")
    form.title_edit.setText("示例 燃气泄漏")
    form.fact_fields.fields["deaths"].setValue(3)
    filed = []
    form.incident_filed.connect(filed.append)
    form.accept()
    box = form.confirm_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert "立案：燃气事故「示例 燃气泄漏」" in text and "朝阳区" in text
    assert form.level_label.text() in text                       # the level and its reason
    assert "启动预案：《" in text
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)   # Return files
    box.button(QMessageBox.StandardButton.No).click()            # 返回修改
    assert filed == [] and form.isVisible()
    form.accept()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert len(filed) == 1 and not form.isVisible()
