"""Window layouts: the session layout (restored at start), presets for the three roles, and
layouts people save under their own names. QSettings holds the bytes of QMainWindow.saveState.

A panel floated onto a second monitor comes back there; if that monitor is gone, it comes
back onto the primary screen instead of staying invisible.
"""
from __future__ import annotations

import logging

from collections.abc import Callable

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


# Each preset: groups of panels as (area, tabbed names — the first one raised, split below the
# group before it, share of the window's height or 0 to leave to Qt). Rows: the commander's
# incident list and the dispatcher's unit board are tall enough for 12 and 15 rows at 1080 px.
_PRESETS = {
    "commander": [  # the picture, the incident, the checklist and what changes
        (Area.LeftDockWidgetArea, ["plans"], False, 0),
        (Area.RightDockWidgetArea, ["incidents", "incident_detail", "warnings"], False, 0.50),
        (Area.RightDockWidgetArea, ["checklist"], True, 0.26),
        (Area.BottomDockWidgetArea, ["timeline"], False, 0.14),
    ],
    "dispatcher": [  # units and proposals beside incidents, sensors below
        (Area.LeftDockWidgetArea, ["units", "dispatch"], False, 0),
        (Area.RightDockWidgetArea, ["incidents", "incident_detail", "checklist"], False, 0),
        (Area.BottomDockWidgetArea, ["sensors", "timeline", "alarms", "trends"], False, 0.17),
    ],
    "video_wall": [  # the wall large, the camera list under it, the map beside
        (Area.RightDockWidgetArea, ["video_wall"], False, 0.7),
        (Area.RightDockWidgetArea, ["video"], True, 0.2),
    ],
}


def preset_title(key: str) -> str:
    return QCoreApplication.translate("Layouts", PRESETS[key])


class LayoutManager:
    def __init__(self, window: QMainWindow, qsettings: QSettings,
                 kept_hidden: Callable[[], set[str]] = set) -> None:
        self._w = window
        self._qs = qsettings
        self._kept_hidden = kept_hidden  # docks no layout may show now (the drill player outside drills)
        self._default_state = window.saveState(STATE_VERSION)  # as built, before any restore
        self.screen_rect: QRect | None = None  # the screen to fit (tests); None: the window's own

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
        self._hide_kept()
        self.fit_to_screen()
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
        self._hide_kept()
        self.fit_to_screen()
        return ok

    def delete_named(self, name: str) -> None:
        self._qs.remove(f"layouts/{name}")

    def reset(self) -> None:
        """Back to the layout the window was built with."""
        self._w.restoreState(self._default_state, STATE_VERSION)
        hidden = self._kept_hidden()
        for dock in self._docks():
            dock.setFloating(False)
            dock.setVisible(dock.objectName() not in hidden)
        self.fit_to_screen()

    def _hide_kept(self) -> None:
        hidden = self._kept_hidden()
        for dock in self._docks():
            if dock.objectName() in hidden:
                dock.hide()

    def fit_to_screen(self) -> None:
        """Keep the whole window (its status bar too) on the screen it is on: a preset or a
        layout saved on a larger screen never pushes anything off a 1366×768 one."""
        w = self._w
        if w.isMaximized() or w.isFullScreen():
            return
        screen = self.screen_rect
        if screen is None:
            where = w.screen() or QGuiApplication.primaryScreen()
            screen = where.availableGeometry()
        frame = w.frameGeometry()
        extra_w, extra_h = frame.width() - w.width(), frame.height() - w.height()  # decorations
        width = min(w.width(), screen.width() - extra_w)
        height = min(w.height(), screen.height() - extra_h)
        if (width, height) != (w.width(), w.height()):
            w.resize(width, height)
        frame = w.frameGeometry()
        x = min(max(frame.x(), screen.x()), screen.right() - frame.width() + 1)
        y = min(max(frame.y(), screen.y()), screen.bottom() - frame.height() + 1)
        if (x, y) != (frame.x(), frame.y()):
            w.move(x, y)

    # -- presets ------------------------------------------------------------------------------------
    def apply_preset(self, key: str) -> None:
        """Place the panels of a role's preset from a clean slate: every dock taken out, then
        each group of the preset docked (tabbed, the first raised; `split` below the one
        before), the rest docked where they were and hidden; share of the height per group."""
        if key not in _PRESETS:
            raise KeyError(f"unknown layout preset {key!r}; expected one of {', '.join(PRESETS)}")
        w = self._w
        d = {dock.objectName(): dock for dock in self._docks()}
        hidden = self._kept_hidden()
        areas = {name: w.dockWidgetArea(dock) for name, dock in d.items()}
        for dock in d.values():
            dock.setFloating(False)
            w.removeDockWidget(dock)
        shown: set[str] = set()
        groups = []  # (names, share of the height)
        previous = None
        for area, names, split, share in _PRESETS[key]:   # first the groups' places (splits) …
            names = [n for n in names if n in d and n not in hidden]
            if not names:
                continue
            first = d[names[0]]
            if split and previous is not None:
                w.splitDockWidget(previous, first, Qt.Orientation.Vertical)
            else:
                w.addDockWidget(area, first)
            first.show()
            groups.append((names, share))
            previous = first
        for names, _share in groups:                      # … then the tabs in each
            for name in names[1:]:
                w.tabifyDockWidget(d[names[0]], d[name])
                d[name].show()
            d[names[0]].raise_()
            shown.update(names)
        placed = [(d[names[0]], share) for names, share in groups]
        for name, dock in d.items():
            if name not in shown:
                w.addDockWidget(areas.get(name, Area.RightDockWidgetArea), dock)
                dock.hide()
        sized = [(dock, share) for dock, share in placed if share]
        if sized:
            w.resizeDocks([dock for dock, _ in sized], [int(w.height() * share) for _, share in sized],
                          Qt.Orientation.Vertical)
        if key == "video_wall":
            w.resizeDocks([d["video_wall"]], [int(w.width() * 0.6)], Qt.Orientation.Horizontal)
        self.fit_to_screen()

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
