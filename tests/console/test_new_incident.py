"""A phone report filed at a place on the map becomes an incident on the server."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox


def test_new_incident_here_files_it_with_its_street_and_grid(make_shell, qtbot):
    shell = make_shell()
    view = shell.window.central
    place = {"lon": 116.4595, "lat": 39.9087}
    from maps.places import locate
    p = locate(place["lon"], place["lat"])
    place.update(district_code=p.district_code, district_name=p.district_name, street_code=p.street_code,
                 street_name=p.street_name, community_code=p.community_code,
                 community_name=p.community_name, grid_id=p.grid_id)
    view.new_incident_requested.emit(place)
    form = shell.incidents.form
    qtbot.waitUntil(form.isVisible)
    assert "建外街道" in form.place_label.text()
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # no type yet
    form.type_combo.setCurrentIndex(form.type_combo.findData("gas"))
    form.title_edit.setText("国贸附近燃气泄漏")
    form.deaths_spin.setValue(3)
    assert "III" in form.level_label.text()
    before = set(shell.state.records("incidents"))
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    form.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # 确认立案

    def filed():
        new = [r for rid, r in shell.state.records("incidents").items() if rid not in before]
        return new[0] if new else None
    qtbot.waitUntil(lambda: filed() is not None, timeout=30_000)
    incident = filed()
    assert incident["title"] == "国贸附近燃气泄漏" and incident["level"] == "III"
    assert incident["street"] == "建外街道"
