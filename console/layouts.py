"""Window layouts: the session layout (restored at start), presets for the three roles, and
layouts people save under their own names. QSettings holds the bytes of QMainWindow.saveState.

A panel floated onto a second monitor comes back there; if that monitor is gone, it comes
back onto the primary screen instead of staying invisible.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

log = logging.getLogger(__name__)
Area = Qt.DockWidgetArea
STATE_VERSION = 1

PRESETS = {
    "commander": QT_TRANSLATE_NOOP("Layouts", "指挥长"),
    "dispatcher": QT_TRANSLATE_NOOP("Layouts", "调度员"),
    "video_wall": QT_TRANSLATE_NOOP("Layouts", "视频墙"),
}


def preset_title(key: str) -> str:
    return QCoreApplication.translate("Layouts", PRESETS[key])


class LayoutManager:
    def __init__(self, window: QMainWindow, qsettings: QSettings) -> None:
        self._w = window
        self._qs = qsettings
        self._default_state = window.saveState(STATE_VERSION)  # as built, before any restore

    # -- session --------------------------------------------------------------------------------
    def save_session(self) -> None:
        self._qs.setValue("window/geometry", self._w.saveGeometry())
        self._qs.setValue("window/state", self._w.saveState(STATE_VERSION))
        self._qs.sync()

    def restore_session(self) -> bool:
        geometry, state = self._qs.value("window/geometry"), self._qs.value("window/state")
        if geometry is not None:
            self._w.restoreGeometry(_bytes(geometry))
        ok = state is not None and self._w.restoreState(_bytes(state), STATE_VERSION)
        self.bring_back_lost_panels()
        return bool(ok)

    # -- named layouts ----------------------------------------------------------------------------
    def saved_names(self) -> list[str]:
        self._qs.beginGroup("layouts")
        try:
            return sorted(self._qs.childKeys())
        finally:
            self._qs.endGroup()

    def save_named(self, name: str) -> None:
        self._qs.setValue(f"layouts/{name}", self._w.saveState(STATE_VERSION))
        self._qs.sync()

    def load_named(self, name: str) -> bool:
        raw = self._qs.value(f"layouts/{name}")
        if raw is None:
            return False
        ok = self._w.restoreState(_bytes(raw), STATE_VERSION)
        self.bring_back_lost_panels()
        return ok

    def delete_named(self, name: str) -> None:
        self._qs.remove(f"layouts/{name}")

    def reset(self) -> None:
        """Back to the layout the window was built with."""
        self._w.restoreState(self._default_state, STATE_VERSION)
        for dock in self._docks():
            dock.setFloating(False)
            dock.show()

    # -- presets ------------------------------------------------------------------------------------
    def apply_preset(self, key: str) -> None:
        self.reset()
        d = {dock.objectName(): dock for dock in self._docks()}
        w = self._w
        if key == "commander":  # the picture, the incident, the checklist and what changes
            w.addDockWidget(Area.RightDockWidgetArea, d["incidents"])
            w.tabifyDockWidget(d["incidents"], d["incident_detail"])
            w.tabifyDockWidget(d["incidents"], d["warnings"])  # the commander approves warnings
            w.splitDockWidget(d["incidents"], d["checklist"], Qt.Orientation.Vertical)
            w.addDockWidget(Area.LeftDockWidgetArea, d["plans"])
            w.addDockWidget(Area.BottomDockWidgetArea, d["timeline"])
            d["incidents"].raise_()
            shown = {"incidents", "incident_detail", "warnings", "checklist", "plans", "timeline"}
        elif key == "dispatcher":  # units and proposals beside incidents, sensors below
            w.addDockWidget(Area.LeftDockWidgetArea, d["units"])
            w.tabifyDockWidget(d["units"], d["dispatch"])
            w.addDockWidget(Area.RightDockWidgetArea, d["incidents"])
            w.tabifyDockWidget(d["incidents"], d["incident_detail"])
            w.tabifyDockWidget(d["incidents"], d["checklist"])
            w.addDockWidget(Area.BottomDockWidgetArea, d["sensors"])
            w.tabifyDockWidget(d["sensors"], d["timeline"])
            w.tabifyDockWidget(d["sensors"], d["alarms"])
            w.tabifyDockWidget(d["sensors"], d["trends"])
            d["dispatch"].raise_()
            d["incidents"].raise_()
            d["sensors"].raise_()
            shown = {"units", "dispatch", "incidents", "incident_detail", "checklist", "sensors", "timeline",
                     "alarms", "trends"}
        elif key == "video_wall":  # the wall large, the camera list under it, the map beside
            w.addDockWidget(Area.RightDockWidgetArea, d["video_wall"])
            w.splitDockWidget(d["video_wall"], d["video"], Qt.Orientation.Vertical)
            w.resizeDocks([d["video_wall"]], [int(w.width() * 0.6)], Qt.Orientation.Horizontal)
            w.resizeDocks([d["video_wall"], d["video"]], [int(w.height() * 0.7), int(w.height() * 0.2)],
                          Qt.Orientation.Vertical)
            shown = {"video_wall", "video"}
        else:
            raise KeyError(f"unknown layout preset {key!r}; expected one of {', '.join(PRESETS)}")
        for name, dock in d.items():
            dock.setVisible(name in shown)

    # -- screens ------------------------------------------------------------------------------------
    def bring_back_lost_panels(self) -> list[str]:
        """Move floating panels whose screen is gone onto the primary screen; returns their names."""
        moved = []
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        primary = QGuiApplication.primaryScreen().availableGeometry()
        for dock in self._docks():
            if not dock.isFloating():
                continue
            geo = dock.frameGeometry()
            if any(_visible_part(geo, s) for s in screens):
                continue
            width, height = min(geo.width(), primary.width()), min(geo.height(), primary.height())
            dock.setGeometry(QRect(primary.center().x() - width // 2, primary.center().y() - height // 2,
                                   width, height))
            moved.append(dock.objectName())
            log.info("panel %s was on a screen that is no longer connected; moved to the primary screen",
                     dock.objectName())
        return moved

    def _docks(self) -> list[QDockWidget]:
        return self._w.findChildren(QDockWidget)


def _visible_part(geo: QRect, screen: QRect) -> bool:
    """At least a grabbable strip (title bar) of the panel is on this screen."""
    inter = geo.intersected(screen)
    return inter.width() >= 80 and inter.height() >= 20


def _bytes(value) -> QByteArray:
    return value if isinstance(value, QByteArray) else QByteArray(value)
