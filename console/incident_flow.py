"""Incident command in the running console, from report to close.

Intake (the phone-report form, with duplicates offered for merging), the dispatch proposal
(core.recommend) and its commands, arrival, the detail view with the server's timeline,
notes, report export and close-out. Every change goes through the outbox (self._tracker, core/tracker.py);
the picture comes back through LiveState like everyone else's changes.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog

from console.activation_flow import ActivationFlow
from console.services import PlanLibraryHandle, Ui

from core import commands, recommend
from core.duplicates import find_duplicates
from core.regrade import SENSOR_METRICS
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker, Status, Tracked

if TYPE_CHECKING:
    from core.api import ApiClient
    from widgets.dispatch_panel import DispatchPanel
    from widgets.incident_detail import IncidentDetail
from widgets.bind import bind

log = logging.getLogger(__name__)
COVERAGE_MINUTES = 8.0
# the incident type a sensor's alarm most likely reports
SENSOR_INCIDENT_TYPES = {"gas": "gas", "co": "gas", "smoke": "fire", "water_level": "waterlogging",
                         "elevator": "special_equipment", "air_quality": "air_pollution"}  # the response-time standard the coverage check holds each street to
_COORDS = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,，\s]\s*(-?\d{1,2}(?:\.\d+)?)\s*$")  # lon, lat


def spawn(coro) -> asyncio.Task:
    """Start `coro` as a task on the console's loop (from a Qt slot too)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = asyncio.get_event_loop()
    return loop.create_task(coro)


class IncidentFlow(QObject):
    arrival_detected = Signal(str, str)       # unit id, incident id: the unit is on scene
    record_loaded = Signal(str)               # incident id: its server record reached the detail view

    def __init__(self, state: LiveState, tracker: CommandTracker, library: PlanLibraryHandle,
                 settings: Callable[[], Settings], ui: Ui, api: Callable[[], ApiClient | None],
                 activation: ActivationFlow, flagged: set[str],
                 signed_in: Callable[[], dict | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state, self._tracker, self._library = state, tracker, library
        self._settings, self._ui, self._api = settings, ui, api
        self.flagged = flagged   # incidents whose outside-district flag this console noted (shared)
        self.form = None         # the phone-report form last opened
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self._unit_status = {u["id"]: u.get("status") for u in self._state.records("units").values()}
        self._streets: list[recommend.StreetPoint] | None = None
        self._last_place: tuple[float, float] | None = None
        self._fetch_token = 0
        self.last_coverage: list[recommend.CoverageGap] = []
        window = self._ui
        self.detail = self.panel = None   # attached when the panels exist (they may be built on first show)
        central = window.central
        central.nearest_units_requested.connect(self.propose)
        central.cameras_requested.connect(self._on_map_cameras_requested)
        central.map_clicked.connect(lambda lon, lat: setattr(self, "_last_place", (lon, lat)))
        central.new_incident_requested.connect(self.new_incident)
        bind(self._state.selection_changed, self._on_state_selection_changed, self)
        bind(self._state.layer_changed, self._on_state_layer_changed, self)
        self._refetch = QTimer(self, singleShot=True, interval=400)  # events come in bursts
        self._refetch.timeout.connect(self.refresh_detail)
        self._build_actions(window)
        from console.regrade_flow import RegradeFlow

        # 更新事实/重新定级 (Ctrl+G), facts arriving from elsewhere
        self.regrade = RegradeFlow(state, tracker, library, settings, ui, activation, signed_in,
                                   self.show_notice, self)
        self.actions["regrade"] = self.regrade.action   # listed in the F1 help with the others
        window.when_panel("incident_detail", self._attach_detail)
        window.when_panel("dispatch", self._attach_dispatch)
        window.destroyed.connect(self._on_window_destroyed)

    def _attach_detail(self, detail: IncidentDetail) -> None:
        self.detail = detail
        detail.note_requested.connect(self.add_note)
        detail.dispatch_proposal_requested.connect(self.propose)
        detail.close_requested.connect(self.open_close_out)
        detail.export_requested.connect(self._on_detail_export_requested)
        detail.camera_activated.connect(lambda cid: self._state.select("cameras", cid))
        detail.plan_title = self._plan_title
        detail.grade = self._grade
        detail.regrade_requested.connect(lambda rid: self.regrade.open_dialog(rid))
        detail.support_requested.connect(self.take_over)
        detail.set_home_district(self._settings().district)
        layer, rid = self._state.selection
        if layer == "incidents" and rid:
            self._on_state_selection_changed(layer, rid)   # built after the selection was made

    def _attach_dispatch(self, panel: DispatchPanel) -> None:
        self.panel = panel
        panel.dispatch_requested.connect(self.dispatch)
        panel.more_requested.connect(self._on_panel_more_requested)

    def _on_window_destroyed(self, *_args) -> None:
        """The panels are gone: no answer may reach them any more."""
        self._closed = True
        self._refetch.stop()
        for task in list(self._tasks):
            task.cancel()
        self.detail = self.panel = None

    def _run(self, coro) -> asyncio.Task:
        task = spawn(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # -- keyboard ----------------------------------------------------------------------------------
    def _build_actions(self, window) -> None:
        self.actions: dict[str, QAction] = {}
        for name, key, text, slot in (
                ("new", "Ctrl+N", self.tr("新建事件（接警）"), self.ask_place),
                ("dispatch", "Ctrl+D", self.tr("调派建议"), lambda: self.propose(self._selected())),
                ("detail", "Ctrl+I", self.tr("事件详情"), lambda: self._show_detail(self._selected())),
                ("close", "Ctrl+Shift+W", self.tr("结案"), lambda: self.open_close_out(self._selected())),
                ("export", "Ctrl+E", self.tr("导出事件报告（PDF）"),
                 lambda: self._on_detail_export_requested(self._selected(), "pdf"))):
            act = QAction(text, window, shortcut=QKeySequence(key))
            act.triggered.connect(slot)
            window.addAction(act)
            window.command_menu.addAction(act)
            self.actions[name] = act

    def _grade(self, incident: dict):
        """An incident's grading from its facts (plans.model.Activation), for the detail: whether
        its level is graded, 待研判 or 另行定级, and why. None while the plans are not open."""
        from core.regrade import facts_of

        library = self._library.if_ready()
        return library.activate(facts_of(incident)) if library is not None else None

    def _plan_title(self, plan_id: str) -> str:
        """The title a person reads (never the internal id), marked 示例 for demo plans."""
        plan = self._library.get().get(plan_id)
        if plan is None:
            return self.tr("未知预案")
        return f"《{plan.title}》" + (self.tr("（示例）") if plan.sample else "")

    def _selected(self) -> str:
        layer, rid = self._state.selection
        return rid if layer == "incidents" else ""

    def _status(self, text: str, ms: int = 10_000) -> None:
        if not self._closed and self._ui is not None:
            self._ui.statusBar().showMessage(text, ms)

    # -- intake ------------------------------------------------------------------------------------
    def ask_place(self) -> None:
        """Ctrl+N: always ask where first — coordinates or a street name, the selected item's or
        the last clicked place offered. (A selected sensor's place is offered, never its alarm:
        a report from a sensor is the alarm panel's 立案, a deliberate act — issue 20 saw Ctrl+N
        then Return file a false 燃气事故 from an offline sensor.)"""
        layer, rid = self._state.selection
        rec = self._state.get(layer, rid) if layer in ("incidents", "units", "sensors", "cameras") else None
        where = (rec["lon"], rec["lat"]) if rec and rec.get("lon") is not None else self._last_place
        self._place_prompt(f"{where[0]:.6f},{where[1]:.6f}" if where else "")

    def _place_prompt(self, text: str = "", problem: str = "") -> None:
        """Ask where; after a place that cannot be used, ask again with what was typed and why."""
        dialog = QInputDialog(self._ui)
        dialog.setWindowTitle(self.tr("新建事件"))
        prompt = self.tr("地点：经度,纬度（如 116.4595,39.9087）或街乡名称（如 建外）")
        dialog.setLabelText(f"{problem}\n\n{prompt}" if problem else prompt)
        if text:
            dialog.setTextValue(text)
        dialog.textValueSelected.connect(self._on_place_dialog_text_value_selected)
        dialog.open()
        self.place_dialog = dialog

    def _on_place_dialog_text_value_selected(self, text: str) -> None:
        place = self.place_from_text(text)
        if place is None:
            problem = self.place_problem(text)
            self._status(problem)
            self._place_prompt(text, problem)   # nothing typed is lost: fix it and go on
            return
        self.new_incident(place)

    def place_problem(self, text: str) -> str:
        """Why a typed place cannot be used: a point outside both districts (what, where, what
        to do), or a name nobody knows."""
        m = _COORDS.match(text)
        if m:
            from plans.library import OutsideDistricts

            return self.tr("无法在此立案：%1").replace("%1", str(OutsideDistricts(float(m.group(1)),
                                                                               float(m.group(2)))))
        return self.tr("找不到地点“%1”：请输入两区内的经纬度（如 116.4595,39.9087）或街乡名称").replace("%1", text)

    def place_from_text(self, text: str) -> dict | None:
        """A place dict (as the map gives) from "lon,lat" or a street name; None if unknown."""
        from maps.places import place_dict

        m = _COORDS.match(text)
        if m:
            lon, lat = float(m.group(1)), float(m.group(2))
        else:
            key = text.strip().removesuffix("街道").removesuffix("地区")
            hits = [s for s in self._street_points() if key and key in s.name]
            if not hits:
                return None
            lon, lat = hits[0].lon, hits[0].lat
        place = place_dict(lon, lat)
        return place if place["district_code"] else None

    def new_incident(self, place: dict) -> None:
        """The phone-report form at a place, offering an open incident nearby to merge into."""
        from widgets.incident_form import IncidentForm
        form = IncidentForm(self._library.get(), place, self._ui, duplicates=self.duplicates)
        form.incident_filed.connect(self._on_form_incident_filed)
        form.merge_requested.connect(self._on_form_merge_requested)
        form.open()
        self.form = form

    def new_incident_from_sensor(self, sensor_id: str) -> None:
        """The form at a sensor's place, type and description taken from its reading."""
        from widgets import labels

        sensor = self._state.get("sensors", sensor_id)
        place = self.place_from_text(f"{sensor['lon']:.6f},{sensor['lat']:.6f}") if sensor else None
        if place is None:
            self._status(self.tr("传感器 %1 不在两区范围内，无法按其位置立案").replace("%1", sensor_id))
            return
        self.new_incident(place)
        kind = sensor.get("kind", "")
        facts = {"sensor_id": sensor_id}
        if SENSOR_METRICS.get(kind) and sensor.get("value") is not None:
            facts[SENSOR_METRICS[kind]] = float(sensor["value"])   # graded: e.g. 积水深度 for an underpass
        self.form.prefill(
            SENSOR_INCIDENT_TYPES.get(kind), "",
            self.tr("传感器 %1（%2）%3：读数 %4 %5").replace("%1", sensor_id).replace("%2", labels.sensor_kind(kind))
            .replace("%3", labels.sensor_state(sensor.get("state", ""))).replace("%4", str(sensor.get("value", "")))
            .replace("%5", sensor.get("unit", "")), facts)

    def _on_form_incident_filed(self, incident: dict) -> None:
        """File the incident; one in another district gets its flag in the timeline at once."""
        from widgets.incident_place import flag_note

        district, home = incident.get("district"), self._settings().district
        incident_id = self.file_incident(incident)
        if district and home and district != home:
            self.add_note(incident_id, flag_note(home, district))
            self.flagged.add(incident_id)

    def file_incident(self, incident: dict) -> str:
        """Send a new incident through the outbox; the status bar says so once the outbox holds
        it, and it is selected once the server confirms it."""
        import uuid

        incident = dict(incident)
        incident_id = f"INC-{uuid.uuid4().hex[:8].upper()}"

        def on_changed(tracked: Tracked) -> None:
            if tracked.status is Status.QUEUED:   # committed: a promise kept through a crash
                self._status(self.tr("事件 %1 已立案（已存入待发送队列）").replace("%1", incident_id), 10_000)

        self._tracker.submit(commands.create_incident(
            incident.pop("type"), incident.pop("title"), incident.pop("lon"), incident.pop("lat"),
            incident.pop("level"), incident_id=incident_id, operator=self._operator(), **incident),
            incident_id, on_changed)
        return incident_id

    def take_over(self, incident_id: str, reason: str) -> None:
        """跨区支援: this console takes another district's incident; the reason is recorded in
        the timeline (a note through the outbox, like every other change)."""
        from widgets.incident_place import incident_place, support_note

        incident = self._state.get("incidents", incident_id) or {"id": incident_id}
        where = incident_place(incident)
        home = self._settings().district
        self.add_note(incident_id, support_note(home, where.district, reason))
        self._status(self.tr("跨区支援已记录（事件 %1）").replace("%1", incident_id))

    def set_home_district(self, code: str) -> None:
        """The console serves another district from now on (the shell calls this)."""
        if self.detail is not None:
            self.detail.set_home_district(code)

    def duplicates(self, type_: str, lon: float, lat: float):
        return find_duplicates(type_, lon, lat, self._state.records("incidents").values())

    def _on_form_merge_requested(self, incident_id: str, note: str) -> None:
        self.add_note(incident_id, note)
        self._state.select("incidents", incident_id)
        self._status(self.tr("报警已作为备注并入事件 %1").replace("%1", incident_id))

    # -- commands ----------------------------------------------------------------------------------
    def _submit(self, command, kind: str = "", subject: str = "") -> str:
        """Queue a command without blocking; a dispatch's or a note's answer comes back to the
        dispatch panel or the detail (core/tracker.py)."""
        observer = (lambda t: self._on_command_changed(kind, subject, t)) if kind else None
        return self._tracker.submit(command, subject, observer)

    def _operator(self) -> str | None:
        return self._settings().operator or None

    def add_note(self, incident_id: str, text: str) -> None:
        self._submit(commands.add_note(incident_id, text, operator=self._operator()), "note", incident_id)

    def _on_command_changed(self, kind: str, subject: str, tracked: Tracked) -> None:
        if kind == "dispatch" and self.panel is not None:
            self.panel.mark_command(subject, tracked)   # queued / sent / accepted / refused …
        elif (tracked.status is Status.ACCEPTED and kind == "note" and self.detail is not None
              and self.detail.incident_id == subject):
            self.refresh_detail()  # a note changes no record, only the timeline

    # -- dispatch ----------------------------------------------------------------------------------
    def required(self, incident: dict) -> dict[str, int]:
        """Units the activated plans call for, less those already committed to the incident."""
        from core.regrade import facts_of

        try:   # graded on every fact the incident holds, as the checklist's activation is
            activation = self._library.get().activate(facts_of(incident))
        except (KeyError, ValueError) as exc:   # outside both districts, no plans for its district
            log.warning("no plan requirement for %s: %s", incident.get("id"), exc)
            self._status(self.tr("预案未能定出力量需求：%1。可手动增派。").replace("%1", str(exc).strip("'\"")))
            return {}
        need = dict(activation.resources)
        for u in self._state.records("units").values():
            if u.get("incident_id") == incident["id"] and need.get(u.get("kind"), 0) > 0:
                need[u["kind"]] -= 1
        return need

    def propose(self, incident_id: str) -> recommend.Recommendation | None:
        """Ctrl+D / the map's menu: the proposal for an incident, shown in the dispatch panel."""
        state = self._state
        incident = state.get("incidents", incident_id) if incident_id else None
        if incident is None:
            self._status(self.tr("请先在事件列表或地图上选择一个事件"))
            return None
        if incident.get("status") == "closed":
            self._status(self.tr("事件 %1 已结案，不能调派").replace("%1", incident_id))
            return None
        required = self.required(incident)
        rec = recommend.recommend(incident, required, state.records("units").values())
        self.last_recommendation = rec
        if not self._closed:
            self._ui.show_panel("dispatch")  # builds the panel (and attaches it) if need be
        if self.panel is not None:
            self.panel.set_proposal(incident, required, rec)
            self.panel.tree.setFocus()
        return rec

    def _on_panel_more_requested(self, incident_id: str, kind: str) -> None:
        incident = self._state.get("incidents", incident_id)
        if incident is None:
            return
        units = [u for u in self._state.records("units").values()
                 if u.get("status") == "available" and u.get("kind") == kind]
        from datetime import datetime, timezone
        self.panel.add_candidates(kind, recommend.rank_units(incident, units, datetime.now(timezone.utc))[:5])

    def dispatch(self, incident_id: str, unit_ids: list) -> None:
        """dispatch_unit for each unit, then the coverage the district is left with."""
        for uid in unit_ids:
            self._submit(commands.dispatch_unit(uid, incident_id, operator=self._operator()), "dispatch", uid)
        self._status(self.tr("已提交 %1 个调派指令（事件 %2）：送达与否见调派面板各行").replace("%1", str(len(unit_ids)))
                     .replace("%2", incident_id))
        self.last_coverage = recommend.coverage_gaps(self._street_points(), self._state.records("units").values(),
                                                     COVERAGE_MINUTES, exclude=unit_ids)
        if self.panel is not None:
            self.panel.set_coverage(self.last_coverage, COVERAGE_MINUTES)

    def _street_points(self) -> list[recommend.StreetPoint]:
        if self._streets is None:
            self._streets = recommend.street_points()
        return self._streets

    # -- detail ------------------------------------------------------------------------------------
    def _show_detail(self, incident_id: str) -> None:
        if incident_id and not self._closed:
            self._ui.show_panel("incident_detail")  # built and attached if need be
            self._on_state_selection_changed("incidents", incident_id)

    def show_notice(self, incident_id: str, text: str) -> None:
        """Bring an incident up in the detail view with a notice (e.g. a refused re-grading)."""
        self._show_detail(incident_id)
        if self.detail is not None:
            self.detail.show_notice(text)

    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        if layer != "incidents" or not record_id or self.detail is None:
            return
        self.detail.show_incident(record_id)
        central = self._ui.central
        self.detail.set_cameras(central.cameras_near(record_id))
        self.refresh_detail()

    def _on_map_cameras_requested(self, incident_id: str) -> None:
        self._state.select("incidents", incident_id)
        if not self._closed:
            self._ui.show_panel("incident_detail")
        if self.detail is not None:
            self.detail.tabs.setCurrentWidget(self.detail.cameras)

    def refresh_detail(self) -> None:
        if not self._closed and self.detail is not None and self.detail.incident_id:
            self._run(self._load_into_detail(self.detail.incident_id))

    def _why(self, exc: Exception) -> str:
        """What a duty officer needs to know about a failed read (the details go to the log)."""
        from core.api import Invalid, Offline

        if isinstance(exc, ConnectionError | Offline):
            return self.tr("未连接服务器；连接恢复后再试")
        if isinstance(exc, Invalid) and exc.status == 404:
            return self.tr("服务器上还没有这个事件（可能仍在待发送队列中）")
        return self.tr("服务器的回答无法读取，详情见日志")

    async def fetch_record(self, incident_id: str) -> dict:
        """GET /api/v1/incidents/{id} off the UI thread: the incident with timeline, tasks, dispatches."""
        api = self._api()
        if api is None:
            raise ConnectionError(self.tr("离线：时间线在连接服务器后显示"))
        return await asyncio.to_thread(api.incident, incident_id)

    async def _load_into_detail(self, incident_id: str) -> None:
        self._fetch_token += 1
        token = self._fetch_token
        try:
            record = await self.fetch_record(incident_id)
        except Exception as exc:  # offline, or the incident not yet on the server
            log.info("timeline of %s not available: %s", incident_id, exc)
            if token == self._fetch_token and self.detail is not None:
                self.detail.set_timeline_unavailable(self._why(exc))
            return
        if token == self._fetch_token and self.detail is not None:  # drop a stale answer
            self.detail.set_record(record)
            self.record_loaded.emit(incident_id)

    # -- live changes --------------------------------------------------------------------------------
    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        shown = self.detail.incident_id if self.detail is not None else ""
        if layer == "units":
            moved = []  # units whose status changed (position reports alone change no timeline line)
            for u in upserts:
                before = self._unit_status.get(u["id"])
                self._unit_status[u["id"]] = u.get("status")
                if before != u.get("status"):
                    moved.append(u)
                if (u.get("status") == "on_scene" and before != "on_scene" and u.get("incident_id")
                        and not self._state.replacing):
                    self._status(self.tr("%1 已到达事件 %2 现场（100米内）")
                                 .replace("%1", u.get("callsign", u["id"])).replace("%2", u["incident_id"]))
                    self.arrival_detected.emit(u["id"], u["incident_id"])
            upserts = moved
        if shown and any(r.get("id") == shown or r.get("incident_id") == shown for r in upserts):
            self._refetch.start()
        elif shown and layer == "units" and any(u["id"] in self.detail.shown_unit_ids for u in upserts):
            self._refetch.start()  # a unit released from the shown incident has no incident_id any more

    # -- export ------------------------------------------------------------------------------------
    def _on_detail_export_requested(self, incident_id: str, fmt: str) -> None:
        if not incident_id:
            self._status(self.tr("请先选择一个事件"))
            return
        filters = {"html": self.tr("HTML 报告 (*.html)"), "pdf": self.tr("PDF 报告 (*.pdf)"),
                   "csv": self.tr("CSV 时间线 (*.csv)")}
        path, _ = QFileDialog.getSaveFileName(self._ui, self.tr("导出事件报告"),
                                              str(Path.home() / f"{incident_id}.{fmt}"), filters[fmt])
        if path:
            self._run(self.export(incident_id, fmt, Path(path)))

    async def export(self, incident_id: str, fmt: str, path: Path) -> Path | None:
        """Write the incident's report (html, pdf) or timeline (csv) from the server's record."""
        from widgets import incident_report as report
        from widgets import labels

        try:
            record = await self.fetch_record(incident_id)
        except Exception as exc:
            log.warning("export of %s: the record could not be read: %s", incident_id, exc)
            self._status(self.tr("导出失败：%1").replace("%1", self._why(exc)))
            return None
        units = self._state.records("units")
        plans = self._library.get().get if self._library.ready() else None
        try:   # the level as graded: 待研判 / 另行定级 claim no level (incident_report.GRADING_KEY)
            activation = self._grade(record)
        except (KeyError, ValueError):
            activation = None
        if activation is not None and not activation.graded:
            record = {**record, report.GRADING_KEY: labels.grading_line(activation)}
        writer = {"html": lambda: report.write_html(record, path, labels, units, plans),
                  "pdf": lambda: report.write_pdf(record, path, labels, units, plans),
                  "csv": lambda: report.write_csv(record, path, labels, units, plans)}[fmt]
        try:
            writer()
        except OSError as exc:
            self._status(self.tr("导出失败：%1：%2；请换一个可写的文件夹").replace("%1", str(path)).replace("%2", exc.strerror or str(exc)))
            return None
        self._status(self.tr("已导出：%1").replace("%1", str(path)))
        return path

    # -- close-out ---------------------------------------------------------------------------------
    def open_close_out(self, incident_id: str):
        from widgets.close_out_dialog import CloseOutDialog

        if not incident_id or self._state.get("incidents", incident_id) is None:
            self._status(self.tr("请先选择一个事件"))
            return None
        dialog = CloseOutDialog(self._state, incident_id, self._ui)
        dialog.release_requested.connect(self.release)
        dialog.close_confirmed.connect(self.close_incident)
        dialog.open()
        self.close_dialog = dialog
        return dialog

    def release(self, unit_ids: list) -> None:
        for uid in unit_ids:
            self._submit(commands.release_unit(uid, operator=self._operator()))

    def close_incident(self, incident_id: str, summary: str, resolutions: list) -> None:
        """Resolve or waive each open task (a waiver's reason goes to the timeline), then close."""
        op = self._operator()
        tasks = self._state.records("tasks")
        for task_id, status, reason in resolutions:
            self._submit(commands.update_task(task_id, status, operator=op))
            if status == "not_applicable":
                action = (tasks.get(task_id) or {}).get("action", task_id)
                self._submit(commands.add_note(incident_id, self.tr("任务“%1”不适用：%2")
                                               .replace("%1", action).replace("%2", reason), operator=op))
        self._submit(commands.close_incident(incident_id, summary=summary or None, operator=op))
        self._status(self.tr("事件 %1 结案指令已提交，服务器确认后结案").replace("%1", incident_id))
