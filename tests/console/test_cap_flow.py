"""Warnings in the running console, through the real embedded server: draft -> approve ->
publish, arrival on LiveState's alerts layer and on the map, update, cancel, expiry, import."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from cap import Area, EarlyWarning, now_bj, parse_alert

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "cap"
CIRCLE = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.455, 39.936]},
          "properties": {"shape": "circle", "radius_m": 1500}}


def _page_areas(view, qtbot) -> list[str]:
    """Ids of the warning areas the Leaflet page draws now."""
    import json

    got = []
    view.run_js("JSON.stringify(Array.from(ECC.shapes.warning_areas.items.keys()))", got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return sorted(json.loads(got[0]))


def _row(panel, kind, rid):
    return next(r for r in panel.rows() if r["kind"] == kind and r["id"] == rid)


def _switch_user(shell, qtbot, role: str, label: str) -> None:
    """文件 → 切换用户, as the operators would: the demo's pick of its operators by role."""
    shell.window.switch_user_action.trigger()
    qtbot.waitUntil(lambda: shell.sign_in.role_dialog is not None and shell.sign_in.role_dialog.isVisible(),
                    timeout=10_000)
    dialog = shell.sign_in.role_dialog
    dialog.setTextValue(label)
    dialog.accept()
    qtbot.waitUntil(lambda: (shell.signed_in or {}).get("operator", {}).get("role") == role, timeout=20_000)


def _approve_and_publish(shell, qtbot, panel, draft_id: str) -> str:
    """The commander signs in at this console, approves and publishes; the duty officer back."""
    _switch_user(shell, qtbot, "commander", "指挥长")
    before = set(shell.state.records("alerts"))
    assert panel.select("draft", draft_id)
    panel.approve_button.click()
    assert _row(panel, "draft", draft_id)["status"].endswith("已审核，待发布")
    panel.publish_button.click()
    qtbot.waitUntil(lambda: bool(set(shell.state.records("alerts")) - before), timeout=30_000)
    (new,) = set(shell.state.records("alerts")) - before
    _switch_user(shell, qtbot, "duty_officer", "值班员")
    return new


def test_draft_approve_publish_update_and_cancel(make_shell, qtbot):
    shell = make_shell()
    flow, panel, view = shell.warnings, shell.window.panel("warnings"), shell.window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    _switch_user(shell, qtbot, "duty_officer", "值班员")   # the duty officer drafts
    view.area_drawn.emit(CIRCLE)  # what the map's circle tool sends when the officer draws

    panel.new_button.click()
    dialog = flow.composer
    assert not dialog.exercise_check.isChecked() and dialog.exercise_check.isEnabled()
    assert "1500" in dialog.drawing_label.text()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("flood"))
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData("黄"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and "headline" in dialog.error_label.text()  # told what is missing
    dialog.headline_edit.setText("朝阳区发布暴雨黄色预警")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    (draft_id,) = flow.drafts
    assert _row(panel, "draft", draft_id)["status"] == "草稿，待审核"

    # an unapproved draft is not published; the duty officer signed in cannot approve it
    panel.select("draft", draft_id)
    panel.publish_button.click()
    assert "尚未审核" in panel.message.text() and draft_id in flow.drafts
    panel.approve_button.click()
    assert "须由指挥长" in panel.message.text() and not flow.drafts[draft_id].approved_by

    first = _approve_and_publish(shell, qtbot, panel, draft_id)
    alert = parse_alert(shell.state.get("alerts", first)["xml"])
    assert alert.status == "Actual" and alert.severity == "Moderate" and alert.msg_type == "Alert"
    assert alert.info.parameter("approvedBy") == "演示指挥长"   # the commander signed in, not a typed name
    assert alert.info.parameter("draftedBy") == flow.operator and alert.info.parameter("draftedAt")
    assert alert.areas[0].circles == ((116.455, 39.936, 1500.0),)
    assert _row(panel, "alert", first)["status"] == "生效中" and _row(panel, "alert", first)["own"]
    qtbot.waitUntil(lambda: _page_areas(view, qtbot) == [f"{first}#0c0"], timeout=20_000)

    # update: orange, same area; the first alert leaves the map, the update takes its place
    panel.select("alert", first)
    panel.update_button.click()
    dialog = flow.composer
    assert dialog.headline_edit.text() == "朝阳区发布暴雨黄色预警"
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData("橙"))
    dialog.headline_edit.setText("朝阳区暴雨预警升级为橙色")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    (upd_draft,) = flow.drafts
    second = _approve_and_publish(shell, qtbot, panel, upd_draft)
    upd = parse_alert(shell.state.get("alerts", second)["xml"])
    assert upd.msg_type == "Update" and upd.severity == "Severe"
    assert [r.identifier for r in upd.references] == [first]
    qtbot.waitUntil(lambda: _page_areas(view, qtbot) == [f"{second}#0c0"], timeout=20_000)
    assert _row(panel, "alert", first)["status"] == "已被更新"

    # cancel: everything leaves the map
    panel.select("alert", second)
    panel.cancel_button.click()
    (cancel_draft,) = flow.drafts
    third = _approve_and_publish(shell, qtbot, panel, cancel_draft)
    cancel = parse_alert(shell.state.get("alerts", third)["xml"])
    assert cancel.msg_type == "Cancel" and [r.identifier for r in cancel.references] == [second]
    qtbot.waitUntil(lambda: _page_areas(view, qtbot) == [], timeout=20_000)
    assert _row(panel, "alert", second)["status"] == "已解除"
    assert flow.drawn_records() == set()


def test_drill_import_and_expiry(make_shell, qtbot, tmp_path):
    shell = make_shell("--drill")
    flow, panel, view = shell.warnings, shell.window.panel("warnings"), shell.window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)

    panel.new_button.click()
    assert flow.composer.exercise_check.isChecked() and not flow.composer.exercise_check.isEnabled()
    flow.composer.reject()

    # a drill warning is Exercise even if the draft said Actual; it expires in a few seconds
    now = now_bj()
    w = EarlyWarning(type="gas", colour="红", headline="演练：燃气泄漏红色预警", status="Actual",
                     areas=(Area("演练区域", circles=((116.47, 39.92, 600.0),)),),
                     effective=now - timedelta(minutes=1), expires=now + timedelta(seconds=15))
    _switch_user(shell, qtbot, "duty_officer", "值班员")   # the duty officer drafts
    draft = flow.save_draft(w)
    ident = _approve_and_publish(shell, qtbot, panel, draft)
    assert parse_alert(shell.state.get("alerts", ident)["xml"]).status == "Exercise"
    assert "演练" in panel.table.item(0, 3).text() or any(
        r["exercise"] for r in panel.rows() if r["id"] == ident)
    qtbot.waitUntil(lambda: f"{ident}#0c0" in _page_areas(view, qtbot), timeout=20_000)
    assert view._own["warning_areas"][f"{ident}#0c0"]["title"] == "【演练】演练：燃气泄漏红色预警"
    qtbot.waitUntil(lambda: f"{ident}#0c0" not in _page_areas(view, qtbot), timeout=45_000)
    assert _row(panel, "alert", ident)["status"] == "已过期"

    # a real-world (Actual) alert file cannot be imported into drill data: refused, said why
    _switch_user(shell, qtbot, "commander", "指挥长")   # importing publishes: the commander's act
    n = len(panel.rows())
    panel.import_requested.emit(str(EXAMPLES / "cap12_appendixA2_severe_thunderstorm_warning.xml"))
    qtbot.waitUntil(lambda: "演练" in shell.window.statusBar().currentMessage()
                    and "KSTO1055887203" in shell.window.statusBar().currentMessage(), timeout=30_000)
    assert "KSTO1055887203" not in shell.state.records("alerts") and len(panel.rows()) == n


def test_imported_alerts_are_listed_drawn_and_offered_as_incidents(make_shell, qtbot, tmp_path):
    shell = make_shell()
    flow, panel, view = shell.warnings, shell.window.panel("warnings"), shell.window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    now = now_bj()

    # the OASIS examples come in from files: listed as external; A1 has no geometry
    for name in ("cap12_appendixA1_homeland_security_advisory.xml",
                 "cap12_appendixA2_severe_thunderstorm_warning.xml"):
        panel.import_requested.emit(str(EXAMPLES / name))
    qtbot.waitUntil(lambda: {"43b080713727", "KSTO1055887203"} <= set(shell.state.records("alerts")),
                    timeout=30_000)
    a1, a2 = _row(panel, "alert", "43b080713727"), _row(panel, "alert", "KSTO1055887203")
    assert a1["kind_text"] == "外部预警" and a1["headline"] == "Homeland Security Sets Code ORANGE"
    assert a2["status"] == "已过期"  # expired in 2003: listed, not drawn
    # the same thunderstorm polygon, still valid: drawn on the map as a polygon
    live = (EXAMPLES / "cap12_appendixA2_severe_thunderstorm_warning.xml").read_text(encoding="utf-8")
    live = live.replace("KSTO1055887203", "KSTO1055887204").replace(
        "<expires>2003-06-17T16:00:00-07:00</expires>", f"<expires>{(now + timedelta(days=1)).isoformat()}</expires>")
    f = tmp_path / "live.xml"
    f.write_text(live, encoding="utf-8")
    flow.import_file(str(f))
    qtbot.waitUntil(lambda: "KSTO1055887204#0p0" in _page_areas(view, qtbot), timeout=30_000)
    rec = view._own["warning_areas"]["KSTO1055887204#0p0"]
    assert rec["geometry"]["type"] == "Polygon" and rec["level"] == "II"

    # a hostile or broken file is refused with a message, and the list keeps what it had
    evil = tmp_path / "evil.xml"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>',
                    encoding="utf-8")
    n = len(panel.rows())
    panel.import_requested.emit(str(evil))
    assert "DOCTYPE" in panel.message.text() and len(panel.rows()) == n

    # an external alert is offered as the start of an incident, at its area
    places = []
    flow.new_incident_requested.connect(places.append)
    panel.select("alert", "KSTO1055887204")
    panel.incident_button.click()
    assert places and abs(places[0]["lat"] - 38.4875) < 0.01
    if shell.incidents.form is not None:
        shell.incidents.form.reject()
