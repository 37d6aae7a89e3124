"""Early warnings in the running console: draft -> approve -> publish, update and cancel,
import from a file, and the warning-area layer of the map.

A duty officer drafts (the operator signed in, else settings.operator); the approver is the
operator signed in when 审核签发 is pressed, who must hold the commander (or, in drills, the
trainer) role and not be the drafter — never a typed name (文件 → 切换用户 lets the commander
sign in at this console). Only an approved draft is published, as CAP 1.2 XML through the
outbox (publish_alert), so it survives a lost connection like any command; the server checks
the publishing token's role again.
What is drawn on the map follows the `alerts` layer of LiveState: an alert leaves the map
when it expires, is cancelled, or is replaced by an Update.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from console.services import Ui
from core import commands
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker
from cap import (Alert, CapError, EarlyWarning, IdentifierMaker, WarningError, issue,
                 issuer_code, load_alert, now_bj, parse_alert, to_xml)
from cap.areas import map_records
from cap.drafts import DraftFile
from cap.model import type_code_of
from widgets import labels
from widgets.bind import bind

log = logging.getLogger(__name__)
DEFAULT_ZONE = "110105"
SENDER_NAME = "区突发事件预警信息发布中心"


def warning_from_alert(alert: Alert, **changes) -> EarlyWarning:
    """An editable warning with the content of a received or published alert."""
    info = alert.info
    codes = dict(info.event_codes) if info else {}
    w = EarlyWarning(
        type=codes.get("incidentType") or type_code_of(info.event if info else "") or (info.event if info else "其他"),
        colour=alert.level.colour if alert.level else "蓝", headline=info.headline if info else "",
        areas=alert.areas, description=info.description if info else "",
        instruction=info.instruction if info else "",
        status=alert.status if alert.status in ("Actual", "Exercise") else "Actual",
        effective=info.effective if info else None, expires=info.expires if info else None)
    return w.with_(**changes)


# who may approve (签发) a warning: as the server's permissions for publish_alert
APPROVER_ROLES = frozenset({"commander", "trainer"})


class WarningFlow(QObject):
    changed = Signal()                 # drafts or alerts changed: rows() has news
    drawing_changed = Signal(dict)     # GeoJSON Feature of the latest drawing on the map
    message_posted = Signal(str)       # a sentence for the duty officer (errors, confirmations)
    new_incident_requested = Signal(dict)  # place dict as MapView.new_incident_requested

    def __init__(self, state: LiveState, tracker: CommandTracker, settings: Callable[[], Settings],
                 ui: Ui, data_dir: Path | None, parent: QObject | None = None,
                 signed_in: Callable[[], dict | None] = lambda: None) -> None:
        """`signed_in`: the server's sign-in answer of whoever is signed in now (None: nobody)."""
        super().__init__(parent)
        self.state, self._tracker, self._settings, self._ui = state, tracker, settings, ui
        self._signed_in = signed_in
        extra = settings().extra or {}
        self.zone = str(extra.get("warning_zone", DEFAULT_ZONE))
        self.maker = IdentifierMaker(issuer_code(self.zone, str(extra.get("warning_agency", "000"))))
        self._draft_file = DraftFile(data_dir / "warning-drafts.json") if data_dir else None
        self.drafts: dict[str, EarlyWarning] = self._draft_file.load() if self._draft_file else {}
        self.drawing: dict | None = None
        self._parsed: dict[str, tuple[str, Alert | None]] = {}  # id -> (xml, alert)
        self._drawn: set[str] = set()  # map record ids drawn now
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.refresh)
        self.map = ui.central   # the map view (none in a test without one)
        if self.map is not None and hasattr(self.map, "area_drawn"):
            self.map.area_drawn.connect(self._on_map_area_drawn)
        bind(self.state.layer_changed, self._on_state_layer_changed, self)
        self.panel = None
        ui.when_panel("warnings", self._attach_panel)
        self.refresh()

    def _attach_panel(self, panel) -> None:
        if hasattr(panel, "attach"):
            self.panel = panel
            panel.attach(self)
            self._connect_panel(panel)

    def _connect_panel(self, p) -> None:
        p.compose_requested.connect(lambda: self.open_composer())
        p.approve_requested.connect(lambda d: self._try(self.approve, d))
        p.publish_requested.connect(lambda d: self._try(self.publish, d))
        p.discard_requested.connect(lambda d: self._try(self.discard, d))
        p.update_requested.connect(lambda a: self._try(self.open_composer, a))
        p.cancel_requested.connect(lambda a: self._try(self.draft_cancel, a))
        p.import_requested.connect(lambda path: self._try(self.import_file, path))
        p.incident_requested.connect(lambda a: self._try(self.request_incident, a))
        p.focus_requested.connect(self.focus)
        bind(self.state.selection_changed, self._on_state_selection_changed, self)
    def focus(self, alert_id: str) -> bool:
        """Select the alert's (first) area everywhere: the map pans to it."""
        ids = sorted(r for r in self._drawn if r.split("#", 1)[0] == alert_id)
        if not ids:
            self.message_posted.emit(self.tr("该预警当前不在地图上（已过期、已解除或没有区域坐标）"))
            return False
        self.state.select("warning_areas", ids[0])
        return True

    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        if layer == "warning_areas" and self.panel is not None:
            self.panel.select("alert", record_id.split("#", 1)[0])

    def _try(self, fn, *args):
        """Run a panel request; a refusal becomes a message for the officer, never a crash."""
        try:
            return fn(*args)
        except (WarningError, CapError) as exc:
            log.info("warning request refused: %s", exc)
            self.message_posted.emit(str(exc))
            return None

    def open_composer(self, update_of: str | None = None):
        """Open the compose dialog (prefilled as an Update when `update_of` names an alert)."""
        from widgets.warning_composer import WarningComposer

        dialog = WarningComposer(self, self._ui)
        base = None
        if update_of:
            alert = self._alert(update_of)
            base = warning_from_alert(alert, msg_type="Update", references=(alert.reference(),))
            dialog.prefill(base)
        dialog.warning_composed.connect(lambda w: self._try(self.save_draft, w))
        dialog.open()
        self.composer = dialog
        return dialog

    # -- who and how --------------------------------------------------------------------------
    @property
    def drill_mode(self) -> bool:
        return bool(self._settings().drill_mode)

    @property
    def operator(self) -> str:
        """Who drafts here: the operator signed in, else the name in the settings."""
        who = (self._signed_in() or {}).get("operator") or {}
        return who.get("display_name") or who.get("name") or self._settings().operator or self.tr("本席位值班员")

    def approver(self) -> tuple[str, str]:
        """(name, role) of the operator signed in now, who would approve; ("", "") if nobody."""
        who = (self._signed_in() or {}).get("operator") or {}
        return (who.get("display_name") or who.get("name") or ""), (who.get("role") or "")

    # -- drafts -------------------------------------------------------------------------------
    def save_draft(self, w: EarlyWarning, draft_id: str | None = None) -> str:
        """Keep a draft (checked now, so errors show while the officer is still at it)."""
        w = w.with_(drafted_by=self.operator, drafted_at=now_bj(), approved_by="", approved_at=None)
        if self.drill_mode:
            w = w.with_(status="Exercise")  # a drill never issues a real warning
        w.check()
        draft_id = draft_id or uuid.uuid4().hex[:12]
        self.drafts[draft_id] = w
        self._emit()
        return draft_id

    def approve(self, draft_id: str) -> EarlyWarning:
        """Record the approval of the operator signed in now: a commander (a trainer in drills),
        not the drafter. The server checks the role again when the warning is published."""
        w = self._draft(draft_id)
        name, role = self.approver()
        if not name:
            raise WarningError(self.tr("审核人：尚未登录。请指挥长登录（文件 → 切换用户）后审核签发"))
        if role not in APPROVER_ROLES:
            raise WarningError(self.tr("审核人：审核签发须由指挥长进行，当前登录的是 %1（%2）。"
                                       "请指挥长登录（文件 → 切换用户）后审核签发")
                               .replace("%1", name).replace("%2", labels.role(role) if role else "—"))
        if name == w.drafted_by:
            raise WarningError(self.tr("审核人：起草人不能审核自己的预警，请由另一位指挥长审核"))
        w = w.with_(approved_by=name, approved_at=now_bj())
        self.drafts[draft_id] = w
        self._emit()
        return w

    def publish(self, draft_id: str) -> str:
        """Issue an approved draft as CAP 1.2 through the outbox; returns the identifier."""
        w = self._draft(draft_id)
        if not w.approved_by:
            raise WarningError(self.tr("发布：该预警尚未审核，请先由负责人审核签发"))
        issued = issue(w, self.maker, SENDER_NAME)  # CAP content stays Chinese
        xml = to_xml(issued)
        self._tracker.submit(commands.publish_alert(xml, operator=w.approved_by))
        del self.drafts[draft_id]
        self._emit()
        self.message_posted.emit(self.tr("预警 %1 已提交发布（已存入待发送队列）").replace("%1", issued.identifier))
        return issued.identifier

    def discard(self, draft_id: str) -> None:
        self.drafts.pop(draft_id, None)
        self._emit()

    def draft_update(self, alert_id: str, **changes) -> str:
        """A draft that replaces a published alert (msgType Update, references it)."""
        alert = self._alert(alert_id)
        return self.save_draft(warning_from_alert(alert, msg_type="Update",
                                                  references=(alert.reference(),), **changes))

    def draft_cancel(self, alert_id: str) -> str:
        """A draft that lifts a published alert (msgType Cancel, references it)."""
        alert = self._alert(alert_id)
        headline = self.tr("解除：%1").replace("%1", alert.info.headline if alert.info else alert.identifier)
        return self.save_draft(warning_from_alert(alert, msg_type="Cancel", headline=headline,
                                                  references=(alert.reference(),)))

    def import_file(self, path: str) -> Alert:
        """Read a CAP file (validated, hostile XML refused) and hand it to the backend, so
        every console of the centre lists and draws it."""
        alert = load_alert(path)
        if alert.identifier in self.state.records("alerts"):
            raise CapError(self.tr("%1：预警 %2 已在列表中").replace("%1", str(path))
                           .replace("%2", alert.identifier))
        self._tracker.submit(commands.publish_alert(alert.xml, operator=self.operator))
        self.message_posted.emit(self.tr("已导入预警 %1").replace("%1", alert.identifier))
        return alert

    def request_incident(self, alert_id: str) -> None:
        """Offer an alert as the start of an incident: the new-incident form at its area."""
        from maps.places import locate

        alert = self._alert(alert_id)
        recs = map_records(alert.identifier, "", "IV", alert.areas)
        if not recs:
            raise WarningError(self.tr("该预警没有区域坐标，无法在地图上定位，请手动新建事件"))
        lon, lat = recs[0]["lon"], recs[0]["lat"]
        place = locate(lon, lat)
        fields = ("district_code", "district_name", "street_code", "street_name",
                  "community_code", "community_name", "grid_id")
        out = {"lon": lon, "lat": lat, **{f: getattr(place, f) if place else "" for f in fields}}
        self.new_incident_requested.emit(out)

    def _draft(self, draft_id: str) -> EarlyWarning:
        if draft_id not in self.drafts:
            raise WarningError(self.tr("草稿 %1 不存在（可能已发布或删除）").replace("%1", draft_id))
        return self.drafts[draft_id]

    # -- alerts -------------------------------------------------------------------------------
    def alerts(self) -> dict[str, Alert]:
        """The alerts the backend holds, parsed (an unreadable one is logged and left out)."""
        out = {}
        for rid, rec in self.state.records("alerts").items():
            xml = rec.get("xml") or ""
            cached = self._parsed.get(rid)
            if cached is None or cached[0] != xml:
                try:
                    cached = (xml, parse_alert(xml, f"alert {rid}"))
                except CapError as exc:
                    log.warning("alert %s cannot be shown: %s", rid, exc)
                    cached = (xml, None)
                self._parsed[rid] = cached
            if cached[1] is not None:
                out[rid] = cached[1]
        return out

    def _alert(self, alert_id: str) -> Alert:
        alert = self.alerts().get(alert_id)
        if alert is None:
            raise WarningError(self.tr("预警 %1 不存在或无法读取").replace("%1", alert_id))
        return alert

    def is_own(self, alert: Alert) -> bool:
        return alert.sender == self.maker.issuer

    def states(self, now: datetime | None = None) -> dict[str, str]:
        """id -> active | expired | cancelled | updated | cancel (a Cancel message itself)."""
        now = now or now_bj()
        alerts = self.alerts()
        replaced: dict[str, str] = {}
        for a in alerts.values():
            if a.msg_type in ("Update", "Cancel"):
                for ref in a.references:
                    replaced[ref.identifier] = "cancelled" if a.msg_type == "Cancel" else "updated"
        out = {}
        for rid, a in alerts.items():
            if a.msg_type == "Cancel":
                out[rid] = "cancel"
            elif rid in replaced:
                out[rid] = replaced[rid]
            elif a.expires is not None and a.expires <= now:
                out[rid] = "expired"
            else:
                out[rid] = "active"
        return out

    # -- keeping map and panel current ------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the warning areas of active alerts and tell the panel; re-arm the expiry timer."""
        now = now_bj()
        alerts, states = self.alerts(), self.states(now)
        records = []
        for rid, a in alerts.items():
            if states[rid] == "active":
                title = (a.info.headline if a.info and a.info.headline else rid)
                if a.status == "Exercise":  # nobody may mistake a drill area for a real one
                    title = self.tr("【演练】%1").replace("%1", title)
                records += map_records(rid, title, a.level.roman if a.level else "IV", a.areas)
        ids = {r["id"] for r in records}
        gone = sorted(self._drawn - ids)
        if self.map is not None and hasattr(self.map, "update_layer"):
            self.map.update_layer("warning_areas", records, gone)
        self._drawn = ids
        upcoming = [a.expires for rid, a in alerts.items() if states[rid] == "active" and a.expires]
        if upcoming:
            ms = (min(upcoming) - now).total_seconds() * 1000 + 500
            self._timer.start(int(min(max(ms, 200), 60_000)))
        self.changed.emit()

    def drawn_records(self) -> set[str]:
        """Ids of the warning-area records on the map now."""
        return set(self._drawn)

    def _emit(self) -> None:
        if self._draft_file is not None:
            try:
                self._draft_file.save(self.drafts)
            except OSError as exc:  # the draft still exists in this session; say it is not saved
                log.error("warning drafts not saved: %s", exc)
                self.message_posted.emit(self.tr("草稿未能保存到磁盘：%1").replace("%1", str(exc)))
        self.changed.emit()

    def _on_state_layer_changed(self, layer: str, _upserts: list, _removed: list) -> None:
        if layer == "alerts":
            self.refresh()

    def _on_map_area_drawn(self, feature: dict) -> None:
        self.drawing = feature
        self.drawing_changed.emit(feature)


def default_expiry(hours: float = 24.0) -> tuple[datetime, datetime]:
    now = now_bj()
    return now, now + timedelta(hours=hours)
