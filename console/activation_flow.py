"""Plan activation in the running console: dialog -> checklist -> tasks through the outbox.

When an incident is selected, the activation is for that incident: its level and the
checklist's tasks are sent to the backend like any other command, so every console of the
centre sees the same checklist; task status changes travel the same way.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timezone

from PySide6.QtCore import QObject

from console import commands

log = logging.getLogger(__name__)


class ActivationFlow(QObject):
    def __init__(self, shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self._incident_of_task: dict[str, str] = {}  # checklist task id -> server task id
        self.checklist = shell.window.panel("checklist")
        self.checklist.task_status_change_requested.connect(self._on_checklist_task_status_change_requested)

    def open_dialog(self, incident_id: str | None = None) -> None:
        """Open the activation dialog, filled in from the incident when one is given or selected."""
        from widgets.activation_dialog import ActivationDialog

        shell = self._shell
        if incident_id is None and shell.state.selection[0] == "incidents":
            incident_id = shell.state.selection[1]
        incident = shell.state.get("incidents", incident_id) if incident_id else None
        dialog = ActivationDialog(shell.plan_library, shell.window)
        if incident:
            dialog.prefill(incident.get("type"), incident.get("lon"), incident.get("lat"),
                           incident.get("facts") or {})
        dialog.activation_confirmed.connect(lambda act: self.activate(act, incident_id))
        dialog.open()
        self.dialog = dialog

    def activate(self, activation, incident_id: str | None) -> None:
        """Show the checklist and, for an incident, send its level and tasks to the backend."""
        shell = self._shell
        started = datetime.now(timezone.utc)
        self.checklist.set_activation(activation, started)
        shell.window.show_panel("checklist")
        if not incident_id:
            return
        operator = shell.settings.operator or None
        shell.sync.submit(commands.update_incident(incident_id, level=activation.level,
                                                   facts={k: v for k, v in asdict(activation.facts).items()
                                                          if v not in (None, {}, ())},
                                                   operator=operator))
        tasks = []
        for task in activation.tasks:
            server_id = f"{incident_id}/{task.id}"[:64]
            self._incident_of_task[task.id] = server_id
            tasks.append({"id": server_id, "plan_id": task.plan_id, "department": task.department_name,
                          "action": task.action, "deadline_minutes": task.deadline_minutes})
        if tasks:
            shell.sync.submit(commands.create_tasks(incident_id, tasks, operator=operator))

    def _on_checklist_task_status_change_requested(self, task_id: str, status: str, note: str) -> None:
        shell = self._shell
        operator = shell.settings.operator or shell.tr("本席位")
        server_id = self._incident_of_task.get(task_id)
        if server_id:
            shell.sync.submit(commands.update_task(server_id, status, operator=shell.settings.operator or None))
        # durable in the outbox (or a local-only checklist): show it as done by this seat now
        self.checklist.set_task_status(task_id, status, operator, datetime.now(timezone.utc))
        if note:
            log.info("task %s -> %s: %s", task_id, status, note)
