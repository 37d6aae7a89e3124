"""The dockable panels of the main window, in one table: the menu, the named layouts and the
tests all read it, so adding a panel is one line here plus its widget file."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class PanelSpec:
    name: str          # objectName: the key in saved layouts, never translated
    title: str         # Chinese source text, translated at display time
    area: Area
    shortcut: str      # shows and raises the panel
    build: Callable    # (shell) -> QWidget


def _t(text: str) -> str:
    return QCoreApplication.translate("Panels", text)


def panel_title(spec: PanelSpec) -> str:
    return _t(spec.title)


def _plans(shell):
    if not shell.plan_library_ready():  # the shell rebuilds this panel once the library is open
        from PySide6.QtWidgets import QLabel
        label = QLabel(QCoreApplication.translate("Panels", "正在打开预案库…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    from widgets.plan_browser import PlanBrowser
    return PlanBrowser(shell.plan_library)


class _ReadyPlans:
    """The plan lookup a panel built before the library opened can use: plans once it is open."""

    def __init__(self, shell):
        self._shell = shell

    def get(self, plan_id: str):
        return self._shell.plan_library.get(plan_id) if self._shell.plan_library_ready() else None


def _checklist(shell):
    from widgets.checklist import ChecklistPanel
    return ChecklistPanel(_ReadyPlans(shell))


def _incidents(shell):
    from widgets.incident_list import IncidentList
    return IncidentList(shell.state)


def _units(shell):
    from widgets.unit_board import UnitBoard
    return UnitBoard(shell.state)


def _sensors(shell):
    from widgets.sensor_panel import SensorPanel
    return SensorPanel(shell.state)


def _video(shell):
    from widgets.camera_list import CameraList
    return CameraList(shell.state)


def _timeline(shell):
    from widgets.timeline import TimelinePanel
    return TimelinePanel(shell.state, shell.connection)


def _incident_detail(shell):
    from widgets.incident_detail import IncidentDetail
    return IncidentDetail(shell.state)


def _dispatch(shell):
    from widgets.dispatch_panel import DispatchPanel
    return DispatchPanel(shell.state)


def _warnings(shell):
    from widgets.warning_list import WarningList
    return WarningList(shell.state)


def _alarms(shell):
    from widgets.alarm_panel import AlarmPanel
    return AlarmPanel(shell.alarm_book, sensor_of=lambda sid: shell.state.get("sensors", sid))


def _trends(shell):
    from console.sensor_flow import trends_fetch
    from widgets.sensor_trends import SensorTrends
    return SensorTrends(shell.state, rules=shell.alarm_book.rules,
                        fetch=trends_fetch(lambda: shell.sync.api if shell.sync is not None else None))


def _video_wall(shell):
    from console.video_flow import media_auth, url_resolver
    from widgets.video_wall import VideoWall
    return VideoWall(shell.state, qsettings=shell.settings_store.qsettings,
                     resolve_url=url_resolver(shell), media_auth=media_auth(shell))


def _drill(shell):
    from widgets.drill_player import DrillPlayer
    return DrillPlayer(shell.drills)


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("plans", QT_TRANSLATE_NOOP("Panels", "预案"), Area.LeftDockWidgetArea, "Ctrl+1", _plans),
    PanelSpec("checklist", QT_TRANSLATE_NOOP("Panels", "任务清单"), Area.RightDockWidgetArea, "Ctrl+2", _checklist),
    PanelSpec("incidents", QT_TRANSLATE_NOOP("Panels", "事件"), Area.RightDockWidgetArea, "Ctrl+3", _incidents),
    PanelSpec("units", QT_TRANSLATE_NOOP("Panels", "力量"), Area.LeftDockWidgetArea, "Ctrl+4", _units),
    PanelSpec("sensors", QT_TRANSLATE_NOOP("Panels", "传感器"), Area.BottomDockWidgetArea, "Ctrl+5", _sensors),
    PanelSpec("video", QT_TRANSLATE_NOOP("Panels", "视频"), Area.BottomDockWidgetArea, "Ctrl+6", _video),
    PanelSpec("timeline", QT_TRANSLATE_NOOP("Panels", "时间线"), Area.BottomDockWidgetArea, "Ctrl+7", _timeline),
    PanelSpec("incident_detail", QT_TRANSLATE_NOOP("Panels", "事件详情"), Area.RightDockWidgetArea, "Ctrl+8",
              _incident_detail),
    PanelSpec("dispatch", QT_TRANSLATE_NOOP("Panels", "调派"), Area.LeftDockWidgetArea, "Ctrl+9", _dispatch),
    PanelSpec("warnings", QT_TRANSLATE_NOOP("Panels", "预警"), Area.RightDockWidgetArea, "Ctrl+0", _warnings),
    PanelSpec("alarms", QT_TRANSLATE_NOOP("Panels", "告警"), Area.BottomDockWidgetArea, "Alt+1", _alarms),
    PanelSpec("trends", QT_TRANSLATE_NOOP("Panels", "趋势"), Area.BottomDockWidgetArea, "Alt+2", _trends),
    PanelSpec("video_wall", QT_TRANSLATE_NOOP("Panels", "视频墙"), Area.RightDockWidgetArea, "Alt+3", _video_wall),
    PanelSpec("drill", QT_TRANSLATE_NOOP("Panels", "演练"), Area.RightDockWidgetArea, "Alt+4", _drill),
)
