"""Sensor flow: LiveState sensor changes -> rule engine -> AlarmBook -> alarm panel; an alarm
or a selected sensor -> trends; "据此立案" -> the incident form; the plan an alarm suggests."""
from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from console.services import Ui
from core.alarm_rules import DEFAULT_RULES, RuleEngine, RuleSet, RulesError, dump_rules, load_rules
from core.alarms import AlarmBook, suggest_plan
from core.audit import ConsoleAudit
from core.state import LiveState
from widgets.bind import bind

if TYPE_CHECKING:
    from core.api import ApiClient
    from plans.library import PlanLibrary

log = logging.getLogger(__name__)
RULES_FILE = "alarm_rules.yaml"  # in the user's data folder: the rules as edited in the console


def rules_file_in(data_dir: Path | None) -> Path | None:
    """Where a console keeps the rules its operators edited (None: no data folder)."""
    return Path(data_dir) / RULES_FILE if data_dir is not None else None


def load_rules_in(data_dir: Path | None) -> RuleSet:
    """The rules edited in this console if there are any, else the shipped ones. A broken
    file is reported in the log and the next one down is used (last: no rules) rather than
    stopping the console."""
    user = rules_file_in(data_dir)
    for path in ([user] if user is not None and user.exists() else []) + [DEFAULT_RULES]:
        try:
            return load_rules(path)
        except (RulesError, OSError) as exc:
            log.error("sensor alarm rules not loaded from %s: %s", path, exc)
    return RuleSet(60.0, 3, {})


def trends_fetch(api: Callable[[], ApiClient | None]):
    """History fetcher for SensorTrends that uses whatever server the console is connected to now."""
    from widgets.sensor_trends import api_fetcher

    def fetch(sensor_id, since, until):
        client = api()
        if client is None:
            from PySide6.QtCore import QCoreApplication
            raise ConnectionError(QCoreApplication.translate("SensorFlow", "未连接服务器，无法读取历史数据"))
        return api_fetcher(client)(sensor_id, since, until)
    return fetch


def _epoch(rec: dict, default: float) -> float:
    at = rec.get("updated_at")
    try:
        return datetime.fromisoformat(at).timestamp() if at else default
    except (TypeError, ValueError):
        return default


CHUNK = 5000     # records per event-loop turn: a 100,000-sensor snapshot must not freeze the UI


class SensorFlow(QObject):
    alarm_raised = Signal(object)          # list[Alarm]: alarms that became new in one change

    def __init__(self, state: LiveState, book: AlarmBook, ui: Ui | None = None, *,
                 plans: Callable[[], PlanLibrary | None] = lambda: None, data_dir: Path | None = None,
                 audit: ConsoleAudit | None = None, signed_in: Callable[[], dict | None] | None = None,
                 new_incident_from_sensor: Callable[[str], None] | None = None,
                 parent: QObject | None = None, clock=time.time) -> None:
        """`plans`: the plan library once open (None before: no suggestion yet); `data_dir`:
        where edited rules are kept; `signed_in`: the sign-in answer, for a console with
        operators (only some roles may edit the rules); `new_incident_from_sensor`: the
        incident flow's intake for an alarm's 立案."""
        super().__init__(parent)
        self._state, self._plans, self._data_dir, self._audit = state, plans, data_dir, audit
        self._signed_in, self._new_incident = signed_in, new_incident_from_sensor
        self._clock = clock
        self.book = book
        self.engine = RuleEngine(self.book.rules)
        self.panel = None   # the alarm panel and the trends, once built (see _attach_*)
        self.trends = None
        self._trend_sensor: str | None = None  # selected before the trends panel was built
        bind(state.layer_changed, self._on_state_layer_changed, self)
        bind(state.selection_changed, self._on_state_selection_changed, self)
        self._queue: deque = deque()
        self._drain = QTimer(self, singleShot=True, interval=0)
        self._drain.timeout.connect(self._on_drain_timeout)
        if ui is not None:
            ui.when_panel("alarms", self._attach_alarm_panel)
            ui.when_panel("trends", self._attach_trends)
        self.enqueue(state.records("sensors").values())

    def _attach_alarm_panel(self, panel) -> None:
        self.panel = panel
        if hasattr(panel, "incident_requested"):
            panel.incident_requested.connect(self._on_panel_incident_requested)
            panel.alarm_selected.connect(self._on_panel_alarm_selected)

    def _attach_trends(self, trends) -> None:
        self.trends = trends if hasattr(trends, "add_sensor") else None
        if self.trends is not None and self._trend_sensor:
            self.trends.add_sensor(self._trend_sensor)

    def enqueue(self, records) -> None:
        """Feed records now, or in chunks over the next event-loop turns when there are many
        (or earlier ones still wait: readings of a sensor must go through in order)."""
        records = list(records)
        if not self._queue and len(records) <= CHUNK:
            self.feed(records)
            return
        self._queue.extend(records)
        if not self._drain.isActive():
            self._drain.start()

    def pending(self) -> int:
        """Records still waiting to go through the rules."""
        return len(self._queue)

    def _on_drain_timeout(self) -> None:
        n = min(CHUNK, len(self._queue))
        self.feed([self._queue.popleft() for _ in range(n)])
        if self._queue:
            self._drain.start()

    def feed(self, records) -> list:
        """Run sensor records (as LiveState holds them) through the rules; returns the changed alarms.
        Offline comes from the server's state: the console only sees readings that changed
        visibly, so silence here does not mean the sensor is silent."""
        now = self._clock()
        transitions = []
        for rec in records:
            sid, kind = rec.get("id"), rec.get("kind", "")
            if not sid:
                continue
            at = _epoch(rec, now)
            if rec.get("state") == "offline":
                transitions += self.engine.mark_offline(sid, kind, at)
            elif rec.get("value") is not None:
                transitions += self.engine.feed(sid, kind, float(rec["value"]), at)
        changed = self.book.apply(transitions)
        fresh = [a for a in changed if a.state == "new" and a.cleared_at is None]
        if fresh:
            self.alarm_raised.emit(fresh)
        return changed

    # -- editing the rules ---------------------------------------------------------------------
    def apply_rules(self, rules: RuleSet) -> list:
        """Put new rules to work now: open alarms of removed rules clear, each sensor's latest
        reading is judged again, the panel and the trend lines follow. Returns the changed alarms."""
        self.book.rules = rules
        changed = self.book.apply(self.engine.set_rules(rules, self._clock()))
        if self.panel is not None and hasattr(self.panel, "table_model"):
            self.panel.table_model.set_rules(rules)
        if self.trends is not None:
            self.trends.set_rules(rules)
        fresh = [a for a in changed if a.state == "new" and a.cleared_at is None]
        if fresh:
            self.alarm_raised.emit(fresh)
        return changed

    def save_rules(self, rules: RuleSet) -> Path:
        """Write the rules to this console's rules file (whole or not at all), put them to
        work, and record the change in the audit log. Returns the file."""
        path = rules_file_in(self._data_dir)
        if path is None:
            raise OSError("this console has no data folder to keep alarm rules in")
        text = dump_rules(rules)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        if self._audit is not None:
            self._audit.append("alarm_rules_changed", {"file": str(path), "rules": sum(
                len(k.rules) for k in rules.kinds.values())}, text)
        log.info("alarm rules saved to %s (sha256 %s)", path,
                 hashlib.sha256(text.encode()).hexdigest()[:12])
        self.apply_rules(rules)
        return path

    RULE_EDITORS = ("commander", "duty_officer", "admin")

    def edit_rules(self, parent=None):
        """Open the rules editor; saving puts the rules to work. Returns the dialog, or None
        when the signed-in operator's role may not change the rules (observers, dispatchers,
        trainers: the commander, the duty officer or an administrator may)."""
        from PySide6.QtWidgets import QMessageBox

        from widgets.alarm_rules_dialog import AlarmRulesDialog

        if self._signed_in is not None:  # a console with operators (nobody signed in: no)
            role = ((self._signed_in() or {}).get("operator") or {}).get("role")
            if role not in self.RULE_EDITORS:
                self._tell(parent, QMessageBox.Icon.Information, self.tr("告警规则"), self.tr(
                    "只有指挥长、值班员或系统管理员可以修改告警规则。"))
                return None

        try:
            default = load_rules(DEFAULT_RULES)
        except (RulesError, OSError):
            default = None
        dialog = self.rules_dialog = AlarmRulesDialog(self.book.rules, default, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved():
            try:
                self.save_rules(dialog.result_rules())
            except OSError as exc:
                self._tell(parent, QMessageBox.Icon.Warning, self.tr("告警规则未保存"),
                           self.tr("无法写入规则文件：%1。规则未更改，请检查数据目录后重试。")
                           .replace("%1", str(exc)))
        dialog.accepted.connect(saved)
        dialog.open()
        return dialog

    def _tell(self, parent, icon, title: str, text: str) -> None:
        """A message that does not block the event loop (the live picture keeps moving)."""
        from PySide6.QtWidgets import QMessageBox

        box = self.message = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def suggestion(self, alarm_id: str, deaths: int | None = None, serious_injuries: int | None = None,
                   injuries: int | None = None):
        """The plan response (plans Activation) for an alarm, or None (offline, unknown kind)."""
        alarm = self.book.get(alarm_id)
        if alarm is None:
            return None
        library = self._plans()
        if library is None:   # the plans are still opening
            return None
        rec = self._state.get("sensors", alarm.sensor_id) or {}
        from core.regrade import district_of

        try:
            return suggest_plan(alarm, library, self.book.rules, rec.get("lon"),
                                rec.get("lat"), deaths=deaths, serious_injuries=serious_injuries,
                                district=district_of(rec), injuries=injuries)
        except ValueError as exc:   # a sensor outside the districts with plans (OutsideDistricts)
            log.warning("no plan for alarm %s: %s", alarm_id, exc)
            return None

    def _on_state_layer_changed(self, layer: str, upserts: list, _removed: list) -> None:
        if layer == "sensors" and upserts:
            self.enqueue(upserts)

    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        if layer == "sensors" and record_id:
            if self.trends is not None:
                self.trends.add_sensor(record_id)
            else:
                self._trend_sensor = record_id

    def _on_panel_alarm_selected(self, alarm_id: str, sensor_id: str) -> None:
        self._state.select("sensors", sensor_id)
        if self._plans() is not None:
            try:
                self.panel.show_suggestion(self.suggestion(alarm_id))
            except KeyError:      # the rules name an incident type the plans do not know
                self.panel.show_suggestion(None)

    def _on_panel_incident_requested(self, sensor_id: str) -> None:
        if self._new_incident is not None:
            self._new_incident(sensor_id)
