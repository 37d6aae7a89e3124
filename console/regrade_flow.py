"""Re-grading a live incident in the running console (更新事实/重新定级, Ctrl+G).

The duty officer edits the facts in the dialog, or facts arrive from elsewhere (a drill's
casualty update, another seat, a field report); the plans re-grade them (plans' regrade()),
the dialog shows old -> new level with the deciding criterion and the tasks added, and on
confirmation one update_incident command (facts + level + the reason) goes through the
outbox, then the added tasks the same way as the first activation's. A refusal comes back
to the officer with the server's reason.

For a type whose level another authority sets (另行定级) or decides (待研判 by judgement), the
same dialog records the level decided (记录定级): it goes in the same update_incident, the
facts carrying decided_level with who (the signed-in operator) and when, the incident's level
set to it; the level history and the timeline show it with who and when.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from console.activation_flow import ActivationFlow
from console.services import PlanLibraryHandle, Ui
from core import commands
from core import regrade as rg
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker, Status, Tracked
from widgets.bind import bind

log = logging.getLogger(__name__)


def _fingerprint(incident: dict) -> str:
    return json.dumps(rg.facts_payload(rg.facts_of(incident)), sort_keys=True, ensure_ascii=False)


class RegradeFlow(QObject):
    regrade_sent = Signal(str, str, str)       # incident id, level before, level after (queued in the outbox)
    regrade_refused = Signal(str, str)         # incident id, the server's reason
    proposal_shown = Signal(str)               # incident id: new facts change its level, the dialog asks

    def __init__(self, state: LiveState, tracker: CommandTracker, library: PlanLibraryHandle,
                 settings: Callable[[], Settings], ui: Ui, activation: ActivationFlow,
                 signed_in: Callable[[], dict | None], show_notice: Callable[[str, str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._tracker, self._library = state, tracker, library
        self._settings, self._ui, self._activation = settings, ui, activation
        self._signed_in = signed_in        # the server's sign-in answer, None while nobody is
        self._show_notice = show_notice    # bring an incident up with a notice (the incident flow)
        self._seen = {rid: _fingerprint(r) for rid, r in self._state.records("incidents").items()}
        self._before = dict(self._state.records("incidents"))
        self._links: dict[str, str] | None = None       # sensor id -> open incident filed from it  # incident id -> its record before the latest change
        self._asked: dict[str, tuple[str, str]] = {}   # incident id -> (facts, level) already proposed
        self.dialog = None
        self.last_refusal = ""
        self.action = QAction(self.tr("更新事实/重新定级"), self._ui, shortcut=QKeySequence("Ctrl+G"))
        self.action.triggered.connect(lambda: self.open_dialog(self._selected()))
        self._ui.addAction(self.action)
        self._ui.command_menu.addAction(self.action)
        bind(self._state.layer_changed, self._on_state_layer_changed, self)
    def _selected(self) -> str:
        layer, rid = self._state.selection
        return rid if layer == "incidents" else ""

    def operator_name(self) -> str:
        """Who is signed in (the name the server records commands under), else the console's
        operator setting: the one who records a level an authority decided."""
        answer = self._signed_in() or {}
        who = answer.get("operator") or {}
        return who.get("display_name") or who.get("name") or self._settings().operator or ""

    def _status(self, text: str) -> None:
        window = self._ui
        if window is not None:
            window.statusBar().showMessage(text, 15_000)

    # -- the dialog ----------------------------------------------------------------------------
    def _baseline(self, incident_id: str):
        """The activation whose tasks are in force: the checklist's when it shows this
        incident, else the grading of the facts before the latest change (if seen)."""
        activation = self._activation
        checklist = activation.checklist
        if checklist is not None and activation.incident_id == incident_id and checklist.activation:
            return checklist.activation
        before = self._before.get(incident_id)
        if not before:
            return None
        try:
            return self._library.get().activate(rg.facts_of(before))
        except (KeyError, ValueError):   # ungradable before (e.g. then outside both districts)
            return None

    def open_dialog(self, incident_id: str, facts=None, source: str = ""):
        """Open 更新事实/重新定级 for an incident (the selected one from Ctrl+G); `facts` are new
        facts to propose (plans.model.IncidentFacts), `source` says where they came from."""
        from widgets.regrade_dialog import RegradeDialog

        incident = self._state.get("incidents", incident_id) if incident_id else None
        if not incident:
            self._status(self.tr("请先在事件列表或地图上选择一个事件，再更新事实/重新定级"))
            return None
        try:
            self._library.get().activate(rg.facts_of(incident))
        except (KeyError, ValueError) as exc:   # unknown type; outside both districts (OutsideDistricts)
            self._status(self.tr("事件 %1 的类型无法按预案定级：%2").replace("%1", incident_id).replace("%2", str(exc)))
            return None
        if self.dialog is None:
            self.dialog = RegradeDialog(self._library.get(), self._ui)
            self.dialog.regrade_confirmed.connect(self.confirm)
        self.dialog.set_incident(incident, facts, source, self._baseline(incident_id), self.operator_name())
        self.dialog.open()
        return self.dialog

    def propose(self, incident_id: str, changes: dict, source: str) -> None:
        """New facts from elsewhere (e.g. a sensor's reading, a field report) for an incident:
        the dialog proposes the re-grading they imply; nothing is sent before the officer confirms."""
        incident = self._state.get("incidents", incident_id)
        if not incident:
            return
        merged = {**incident, "facts": {**(incident.get("facts") or {}), **changes}}
        self.open_dialog(incident_id, rg.facts_of(merged), source)
        self.proposal_shown.emit(incident_id)

    # -- confirmation -> outbox ----------------------------------------------------------------
    def confirm(self, incident_id: str, regrade, reason: str) -> None:
        """Send the re-grading: facts, level and reason in one update_incident, then the added
        tasks (and the dropped ones marked not applicable) like the first activation's."""
        incident = self._state.get("incidents", incident_id) or {}
        before, after = incident.get("level") or "", regrade.current.level
        if rg.direction(before, after) < 0 and not reason.strip():
            raise ValueError(f"regrade {incident_id}: {before} -> {after} is a downgrade; give a reason")
        operator = self._settings().operator or None
        # facts set back to 未报告 go as None: the server merges facts, and would keep the old value
        facts = {**rg.cleared(incident, regrade.current.facts), **rg.facts_payload(regrade.current.facts, reason,
                                                                                  regrade.current.status)}
        command = commands.update_incident(incident_id, facts=facts,
                                           level=after if after != before else None, operator=operator)
        self._asked[incident_id] = (_fingerprint({**incident, "facts": {**(incident.get("facts") or {}), **facts}}),
                                    after)
        self._tracker.submit(command, incident_id, lambda t: self._on_command_changed(incident_id, t))
        self._activation.apply_regrade(incident_id, regrade)
        self._status(self.tr("事件 %1 重新定级 %2 → %3 已提交").replace("%1", incident_id)
                     .replace("%2", before).replace("%3", after))
        self.regrade_sent.emit(incident_id, before, after)

    def _on_command_changed(self, incident_id: str, tracked: Tracked) -> None:
        if tracked.status is not Status.REFUSED:
            return
        reason = tracked.reason
        self.last_refusal = self.tr("事件 %1 重新定级未被接受：%2").replace("%1", incident_id).replace("%2", reason)
        log.warning("regrade of %s refused: %s", incident_id, reason)
        self._status(self.last_refusal)
        # the level the officer believes in was not taken: bring the incident up and say so
        self._show_notice(incident_id, self.last_refusal)
        self.regrade_refused.emit(incident_id, reason)

    # -- facts arriving from elsewhere ---------------------------------------------------------
    def _on_state_layer_changed(self, layer: str, upserts: list, _removed: list) -> None:
        if not self._library.ready():  # still opening: never wait here
            return
        if layer == "sensors":
            links = self._sensor_links()
            for rec in upserts:
                if rec.get("id") in links:
                    self._on_linked_reading(links[rec["id"]], rec)
            return
        if layer != "incidents":
            return
        self._links = None
        replacing = self._state.replacing
        for inc in upserts:
            rid = inc.get("id", "")
            fp = _fingerprint(inc)
            changed = rid in self._seen and self._seen[rid] != fp
            self._seen[rid] = fp
            if changed and not replacing and inc.get("status") != "closed":
                self._propose_if_level_differs(inc, fp)
            self._before[rid] = inc

    def _propose_if_level_differs(self, inc: dict, fp: str) -> None:
        rid = inc["id"]
        try:
            activation = self._library.get().activate(rg.facts_of(inc))
        except (KeyError, ValueError):   # a type the plans do not know, a place outside them
            return
        if activation.level == inc.get("level") or self._asked.get(rid) == (fp, activation.level):
            return
        self._asked[rid] = (fp, activation.level)
        change = rg.describe_change(self._before.get(rid) or {}, inc)
        self.open_dialog(rid, None, self.tr("收到新的事实（%1），按预案应调整响应级别，请确认：").replace("%1", change))
        self.proposal_shown.emit(rid)

    # -- readings of a sensor an incident was filed from ----------------------------------------
    def _sensor_links(self) -> dict[str, str]:
        if self._links is None:
            self._links = {}
            for rid, inc in self._state.records("incidents").items():
                sid = (inc.get("facts") or {}).get(rg.SENSOR_KEY)
                if sid and inc.get("status") != "closed":
                    self._links[sid] = rid
        return self._links

    def _on_linked_reading(self, incident_id: str, sensor: dict) -> None:
        """A new reading of the incident's sensor: propose the level it implies, once per level."""
        metric, value = rg.SENSOR_METRICS.get(sensor.get("kind", "")), sensor.get("value")
        incident = self._state.get("incidents", incident_id)
        if metric is None or value is None or not incident:
            return
        facts = incident.get("facts") or {}
        if rg.facts_of(incident).readings.get(metric) == float(value):
            return
        merged = {**incident, "facts": {**facts, metric: float(value)}}
        try:
            level = self._library.get().activate(rg.facts_of(merged)).level
        except (KeyError, ValueError):
            return
        key = (f"sensor:{metric}", level)
        if level == incident.get("level") or self._asked.get(incident_id) == key:
            return
        self._asked[incident_id] = key   # a sensor reports every second: ask once per level
        self.propose(incident_id, {metric: float(value)},
                     self.tr("传感器 %1 新读数 %2 %3，按预案应调整响应级别，请确认：")
                     .replace("%1", sensor["id"]).replace("%2", f"{float(value):g}")
                     .replace("%3", sensor.get("unit", "")))
