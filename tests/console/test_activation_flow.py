"""Activating plans for an incident: the checklist appears and the backend gets level and tasks."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox


def test_activation_for_a_selected_incident_reaches_the_checklist_and_the_server(make_shell, qtbot):
    shell = make_shell()
    incident = next(r for r in shell.state.records("incidents").values() if r["status"] == "active")
    shell.state.select("incidents", incident["id"])
    shell.activation.open_dialog()
    dialog = shell.activation.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.type_combo.currentData() == incident["type"]  # filled in from the incident
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("hazchem"))
    dialog.deaths_spin.setValue(12)
    assert dialog.activation().level == "II"  # 危险化学品事故, 12 deaths
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    checklist = shell.window.panel("checklist")
    assert checklist.activation.level == "II"
    assert not shell.window.docks["checklist"].isHidden()
    n_tasks = len(checklist.activation.tasks)
    assert n_tasks > 0

    # through the outbox to the server, and back on the stream to every console
    def server_has_it():
        tasks = [t for t in shell.state.records("tasks").values() if t.get("incident_id") == incident["id"]]
        level = shell.state.get("incidents", incident["id"])["level"]
        return len(tasks) == n_tasks and level == "II"
    qtbot.waitUntil(server_has_it, timeout=30_000)

    # a task marked done travels the same way
    first = checklist.activation.tasks[0]
    checklist.task_status_change_requested.emit(first.id, "done", "")
    server_id = f"{incident['id']}/{first.id}"[:64]
    qtbot.waitUntil(lambda: (shell.state.get("tasks", server_id) or {}).get("status") == "done", timeout=30_000)
