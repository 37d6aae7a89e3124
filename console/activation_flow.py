"""Plan activation in the running console: dialog -> checklist -> tasks through the outbox.

When an incident is selected, the activation is for that incident: its level and the
checklist's tasks are sent to the backend like any other command, so every console of the
centre sees the same checklist; task status changes travel the same way.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import QObject

from collections.abc import Callable

from console.services import PlanLibraryHandle, Ui
from core import commands, regrade
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker

log = logging.getLogger(__name__)
DECISION_TASK = "report/level-decision"   # plans.activation: record the level an authority decided


class ActivationFlow(QObject):
    def __init__(self, state: LiveState, tracker: CommandTracker, library: PlanLibraryHandle,
                 settings: Callable[[], Settings], ui: Ui, flagged: set[str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._tracker, self._library = state, tracker, library
        self._settings, self._ui = settings, ui
        self._flagged = flagged   # incidents whose outside-district flag this console noted (shared)
        self._incident_of_task: dict[str, str] = {}  # checklist task id -> server task id
        self.incident_id: str | None = None            # the incident the checklist is for
        self._sent: set[str] = set()                   # server task ids this console has sent
        self.checklist = None   # attached when the panel exists (it may be built on first show)
        ui.when_panel("checklist", self._attach_checklist)

    def _attach_checklist(self, checklist) -> None:
        self.checklist = checklist
        checklist.task_status_change_requested.connect(self._on_checklist_task_status_change_requested)

    def open_dialog(self, incident_id: str | None = None) -> None:
        """Open the activation dialog, filled in from the incident when one is given or selected."""
        from widgets.activation_dialog import ActivationDialog
        if incident_id is None and self._state.selection[0] == "incidents":
            incident_id = self._state.selection[1]
        incident = self._state.get("incidents", incident_id) if incident_id else None
        dialog = ActivationDialog(self._library.get(), self._ui)
        if incident:
            dialog.prefill(incident.get("type"), incident.get("lon"), incident.get("lat"),
                           incident.get("facts") or {})
        dialog.activation_confirmed.connect(lambda act: self.activate(act, incident_id))
        dialog.open()
        self.dialog = dialog

    def activate(self, activation, incident_id: str | None) -> None:
        """Show the checklist and, for an incident, send its level and tasks to the backend."""
        started = datetime.now(timezone.utc)
        self._ui.show_panel("checklist")   # first: showing it is what builds a lazy panel
        self.checklist.set_activation(activation, started)
        self.incident_id = incident_id
        if not incident_id:
            return
        operator = self._settings().operator or None
        # the reason rides with the level: the level history says why (core.regrade)
        self._tracker.submit(commands.update_incident(incident_id, level=activation.level,
                                                   facts=regrade.facts_payload(activation.facts, activation.reason,
                                                                                 activation.status),
                                                   operator=operator))
        self._send_tasks(incident_id, activation.tasks)
        self._flag_outside(incident_id, activation)

    def _flag_outside(self, incident_id: str, activation) -> None:
        """An incident in another district is flagged in its timeline (once per console): the
        checklist already holds the 通报 task to that district."""
        if not getattr(activation, "outside_district", False):
            return
        flagged = self._flagged
        if incident_id in flagged:
            return
        from widgets.incident_place import flag_note

        flagged.add(incident_id)
        self._tracker.submit(commands.add_note(
            incident_id, flag_note(activation.home_district, activation.district_code),
            operator=self._settings().operator or None))

    def _send_tasks(self, incident_id: str, tasks) -> None:
        """create_tasks for those of `tasks` neither the server holds nor this console has sent
        (a task id sent twice would make the server refuse the whole batch)."""
        held = {t["id"] for t in self._state.records("tasks").values() if t.get("incident_id") == incident_id}
        rows = []
        for task in tasks:
            server_id = f"{incident_id}/{task.id}"[:64]
            self._incident_of_task[task.id] = server_id
            if server_id not in held and server_id not in self._sent:
                self._sent.add(server_id)
                rows.append({"id": server_id, "plan_id": task.plan_id, "department": task.department_name,
                             "action": task.action, "deadline_minutes": task.deadline_minutes})
        if rows:
            self._tracker.submit(commands.create_tasks(incident_id, rows, operator=self._settings().operator or None))

    def apply_regrade(self, incident_id: str, regrade) -> list[str]:
        """A confirmed re-grading: the checklist gains the added tasks (statuses kept), the
        server gets them like the first activation's, and tasks the new level no longer calls
        for are marked not applicable if nobody has finished them. Returns the added task ids."""
        now = datetime.now(timezone.utc)
        self._ui.show_panel("checklist")   # first: showing it is what builds a lazy panel
        if self.incident_id == incident_id and self.checklist.activation is not None:
            added = self.checklist.apply_regrade(regrade, now)
        else:   # the checklist showed another incident (or none): show this one's
            self.checklist.set_activation(regrade.current, now)
            self.incident_id = incident_id
            added = [t.id for t in regrade.current.tasks]
        self._send_tasks(incident_id, regrade.current.tasks)
        operator = self._settings().operator or None
        decided = getattr(regrade.current.facts, "decided_level", None) is not None
        for task in regrade.removed:
            server_id = f"{incident_id}/{task.id}"[:64]
            held = self._state.get("tasks", server_id)
            if held and held.get("status") in ("pending", "in_progress"):
                # the authority's level, once recorded, is the task of recording it done
                status = "done" if decided and task.id == DECISION_TASK else "not_applicable"
                self._tracker.submit(commands.update_task(server_id, status, operator=operator))
                self.checklist.set_task_status(task.id, status, operator or self.tr("本席位"), now)
        return added

    def _on_checklist_task_status_change_requested(self, task_id: str, status: str, note: str) -> None:
        operator = self._settings().operator or self.tr("本席位")
        server_id = self._incident_of_task.get(task_id)
        if server_id:
            self._tracker.submit(commands.update_task(server_id, status, operator=self._settings().operator or None))
        # durable in the outbox (or a local-only checklist): show it as done by this seat now
        self.checklist.set_task_status(task_id, status, operator, datetime.now(timezone.utc))
        if note:
            log.info("task %s -> %s: %s", task_id, status, note)
