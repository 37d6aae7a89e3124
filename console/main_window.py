"""The main window: the map in the centre, the panels docked around it, menus, status bar."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QInputDialog, QLabel, QMainWindow, QMenuBar, QMessageBox,
                               QVBoxLayout, QWidget)

from console.layouts import PRESETS, LayoutManager, preset_title
from console.panels import PANELS, PanelSpec, panel_title
from widgets import labels
from widgets.connection_status import ConnectionStatus
from widgets.drill_banner import DrillBanner
from widgets.outage_banner import OutageBanner
from widgets.record_panel import RecordPanel

log = logging.getLogger(__name__)
PANEL_MIN_WIDTH, PANEL_MIN_HEIGHT = 240, 90  # px: see panel()


class MainWindow(QMainWindow):
    preferences_requested = Signal()  # no payload
    alarm_rules_requested = Signal()  # no payload
    closed = Signal()  # the window was closed by the user (or at shutdown)
    activation_requested = Signal()  # the user asked to activate plans (for the selected incident)
    switch_user_requested = Signal()  # 切换用户: another operator signs in at this console

    def __init__(self, shell, central: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._shell = shell
        self.docks: dict[str, QDockWidget] = {}
        self.panels: dict[str, QWidget] = {}  # the panels built so far (see panel())
        self._attachers: dict[str, list] = {}  # panel name -> callbacks waiting for it
        self._specs: dict[str, PanelSpec] = {}
        self._building_panels = True
        self._stale = False   # see set_stale
        self.resize(1600, 1000)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.drill_banner = DrillBanner(body)
        column.addWidget(self.drill_banner)
        self.central = central
        column.addWidget(central, 1)
        self.setCentralWidget(body)
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.GroupedDragging)

        for spec in PANELS:
            self._add_panel(spec)
        self._arrange_default()
        # The menu bar and, under it across the whole window (above the docks too), the outage
        # banner: shown only while the server cannot be reached.
        top = QWidget(self)
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        top_column.setSpacing(0)
        self._menu_bar = QMenuBar(top)
        top_column.addWidget(self._menu_bar)
        self.outage_banner = OutageBanner(shell.connection, top)
        top_column.addWidget(self.outage_banner)
        self.setMenuWidget(top)
        self.connection_status = ConnectionStatus(shell.connection, self, tracker=shell.commands)
        self.statusBar().addPermanentWidget(self.connection_status)
        self.district = shell.settings.district   # the district this console serves (adcode)
        self.district_label = QLabel(self)
        self.district_label.setObjectName("home_district")
        self.statusBar().addPermanentWidget(self.district_label)
        self._build_menus()
        self._drill_mode = False
        self.layouts = LayoutManager(self, shell.settings_store.qsettings,
                                     kept_hidden=lambda: set() if self._drill_mode else {"drill"})
        self.translate_ui()

    # -- panels -------------------------------------------------------------------------------
    def _add_panel(self, spec: PanelSpec) -> None:
        """Dock an empty frame for the panel; its widget is built the first time the dock shows
        (or someone asks for it with `panel()`): panels hidden behind a tab cost nothing at
        start-up (the trends panel alone imports pyqtgraph, ~0.6 s)."""
        dock = QDockWidget(self)
        dock.setObjectName(spec.name)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.setWidget(QWidget(dock))
        dock.visibilityChanged.connect(lambda visible, name=spec.name: self._on_dock_visibility_changed(name, visible))
        self.addDockWidget(spec.area, dock)
        self.docks[spec.name] = dock
        self._specs[spec.name] = spec

    def _on_dock_visibility_changed(self, name: str, visible: bool) -> None:
        # Closing tears the dock areas down and the tab bars "show" the docks behind: a panel
        # built then would be built into a dying window.
        if visible and self._building_panels:
            self.panel(name)

    def stop_building_panels(self) -> None:
        """No panel is built from now on by a dock showing (the window is closing)."""
        self._building_panels = False

    def panel(self, name: str) -> QWidget:
        """The widget of panel `name`, built now if it was not yet."""
        widget = self.panels.get(name)
        if widget is not None:
            return widget
        spec, dock = self._specs[name], self.docks[name]
        try:
            widget = spec.build(self._shell)
        except Exception as exc:  # one broken panel must not take the console down
            log.exception("panel %s could not be built", spec.name)
            widget = QLabel(self.tr("此面板未能加载：%1\n其余功能不受影响。详情见日志文件。")
                            .replace("%1", str(exc)), dock)
            widget.setWordWrap(True)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A panel's own minimum (a form, a toolbar of filters) must not push the window past a
        # 1366×768 screen when docks share a column: squeezed, it shrinks; the rest is the
        # user's to drag.
        hint = widget.minimumSizeHint()
        widget.setMinimumSize(min(max(hint.width(), 0), PANEL_MIN_WIDTH) or 1,
                              min(max(hint.height(), 0), PANEL_MIN_HEIGHT) or 1)
        placeholder = dock.widget()
        dock.setWidget(widget)
        if placeholder is not None:
            placeholder.deleteLater()
        self.panels[name] = widget
        if isinstance(widget, RecordPanel):
            widget.model.set_stale(self._stale)
        for attach in self._attachers.pop(name, []):
            attach(widget)
        return widget

    def _arrange_default(self) -> None:
        d = self.docks
        self.tabifyDockWidget(d["plans"], d["units"])
        self.tabifyDockWidget(d["units"], d["dispatch"])
        self.tabifyDockWidget(d["incidents"], d["incident_detail"])
        self.tabifyDockWidget(d["incidents"], d["warnings"])
        self.tabifyDockWidget(d["incidents"], d["checklist"])
        self.tabifyDockWidget(d["sensors"], d["video"])
        self.tabifyDockWidget(d["sensors"], d["timeline"])
        self.tabifyDockWidget(d["sensors"], d["alarms"])
        self.tabifyDockWidget(d["sensors"], d["trends"])
        d["plans"].raise_()
        d["incidents"].raise_()
        d["timeline"].raise_()
        self.resizeDocks([d["plans"], d["incidents"]], [360, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([d["timeline"]], [220], Qt.Orientation.Vertical)

    def rebuild_panel(self, name: str) -> None:
        """Build a shown panel again (its data arrived after it was first built); a panel not
        built yet is left to be built when it shows."""
        if self.panels.pop(name, None) is not None:
            self.panel(name)

    def when_panel(self, name: str, attach) -> None:
        """Call `attach(widget)` with the panel `name` once it exists (now, if it does).

        Flows attach to panels through this, never by reading `panels` at start-up: a panel
        may be built only when it is first shown."""
        widget = self.panels.get(name)
        if widget is not None:
            attach(widget)
        else:
            self._attachers.setdefault(name, []).append(attach)

    def set_stale(self, stale: bool) -> None:
        """The server is away (or back): list rows carry the age of what they show."""
        if stale == self._stale:
            return
        self._stale = stale
        for widget in self.panels.values():
            if isinstance(widget, RecordPanel):
                widget.model.set_stale(stale)

    def show_panel(self, name: str) -> None:
        """Bring a panel forward (out of its tab group, shown if hidden) and focus it."""
        widget = self.panel(name)
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        if dock.isFloating():
            dock.activateWindow()
        target = getattr(widget, "table", None) or widget   # a list panel: its rows, for the arrows
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self._menu_bar
        self.file_menu = bar.addMenu("")
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.switch_user_action = QAction(self)
        self.switch_user_action.triggered.connect(self.switch_user_requested)
        self.file_menu.addAction(self.switch_user_action)
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        # A panel's shortcut brings it forward and puts the keyboard in it; pressing it again
        # keeps it there (it used to toggle the panel away). Hiding is the menu's check box.
        self.goto_menu = self.view_menu.addMenu("")
        self.panel_actions: dict[str, QAction] = {}
        for spec in PANELS:
            act = QAction(self, shortcut=QKeySequence(spec.shortcut))
            act.triggered.connect(lambda _=False, name=spec.name: self.show_panel(name))
            self.addAction(act)
            self.goto_menu.addAction(act)
            self.panel_actions[spec.name] = act
        self.view_menu.addSeparator()
        for spec in PANELS:
            self.view_menu.addAction(self.docks[spec.name].toggleViewAction())
        self.view_menu.addSeparator()
        self.frame_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+H"))
        self.frame_action.triggered.connect(self._frame_district)
        self.view_menu.addAction(self.frame_action)
        self.layout_menu = self.view_menu.addMenu("")
        self.layout_menu.aboutToShow.connect(self._fill_layout_menu)

        self.command_menu = bar.addMenu("")
        self.activate_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+A"))
        self.activate_action.triggered.connect(self.activation_requested)
        self.command_menu.addAction(self.activate_action)

        self.settings_menu = bar.addMenu("")
        self.prefs_action = QAction(self, shortcut=QKeySequence("Ctrl+,"))
        self.prefs_action.triggered.connect(self.preferences_requested)
        self.settings_menu.addAction(self.prefs_action)
        self.alarm_rules_action = QAction(self)
        self.alarm_rules_action.triggered.connect(self.alarm_rules_requested)
        self.settings_menu.addAction(self.alarm_rules_action)

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction(self, shortcut=QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(self._show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._show_about)
        self.help_menu.addAction(self.about_action)

    def _frame_district(self) -> None:
        frame = getattr(self.central, "frame_district", None)
        if frame is not None:  # the map (a plain placeholder when QtWebEngine is missing)
            frame()

    def _fill_layout_menu(self) -> None:
        menu = self.layout_menu
        menu.clear()
        for key in PRESETS:
            menu.addAction(preset_title(key), lambda k=key: self.layouts.apply_preset(k))
        saved = self.layouts.saved_names()
        if saved:
            menu.addSeparator()
            for name in saved:
                menu.addAction(name, lambda n=name: self.layouts.load_named(n))
        menu.addSeparator()
        menu.addAction(self.tr("保存当前布局…"), self._save_layout_as)
        menu.addAction(self.tr("恢复默认布局"), self.layouts.reset)

    def _save_layout_as(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("保存布局"), self.tr("布局名称："))
        if ok and name.strip():
            self.layouts.save_named(name.strip())

    def _show_shortcuts(self) -> None:
        lines = [f"{spec.shortcut}\t{panel_title(spec)}" for spec in PANELS]
        incidents = getattr(self._shell, "incidents", None)
        if incidents is not None:
            lines += [f"{a.shortcut().toString()}\t{a.text()}" for a in incidents.actions.values()]
            lines += [f"Enter / S / A / Space\t{self.tr('调派建议：派出 / 换下一辆 / 加派 / 取消勾选')}"]
        lines += [f"Ctrl+Shift+A\t{self.tr('启动预案…')}", f"Ctrl+Shift+H\t{self.tr('地图显示全区')}", f"Ctrl+,\t{self.tr('首选项')}", f"F1\t{self.tr('快捷键')}",
                  f"{QKeySequence(QKeySequence.StandardKey.Quit).toString()}\t{self.tr('退出')}"]
        QMessageBox.information(self, self.tr("快捷键"), "\n".join(lines))

    def _show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "应急指挥控制台\n区级应急指挥中心：1+41+144+N 预案体系、一张图、调度协同。"))

    # -- language -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.translate_ui()
        super().changeEvent(event)

    def set_district(self, code: str) -> None:
        """Name the district this console serves in the title and the status bar."""
        self.district = code
        self._show_district()

    def _show_district(self) -> None:
        name = labels.district_name(self.district)
        self.setWindowTitle(self.tr("应急指挥控制台 · %1").replace("%1", name))
        self.district_label.setText(self.tr("本区：%1").replace("%1", name))

    def translate_ui(self) -> None:
        self._show_district()
        for spec in PANELS:
            self.docks[spec.name].setWindowTitle(panel_title(spec))
            self.panel_actions[spec.name].setText(panel_title(spec))
        self.goto_menu.setTitle(self.tr("转到面板"))
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.quit_action.setText(self.tr("退出"))
        self.switch_user_action.setText(self.tr("切换用户…"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.frame_action.setText(self.tr("地图显示全区"))
        self.layout_menu.setTitle(self.tr("布局"))
        self.command_menu.setTitle(self.tr("指挥(&C)"))
        self.activate_action.setText(self.tr("启动预案…"))
        self.settings_menu.setTitle(self.tr("设置(&S)"))
        self.prefs_action.setText(self.tr("首选项…"))
        self.alarm_rules_action.setText(self.tr("告警规则…"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.shortcuts_action.setText(self.tr("快捷键"))
        self.about_action.setText(self.tr("关于"))
        self.drill_banner.translate_ui()

    def set_drill_mode(self, on: bool) -> None:
        """Drill mode: the banner, and the trainer's player docked beside the incidents (it is
        hidden outside drills, where it could play nothing)."""
        self._drill_mode = on
        self.drill_banner.setVisible(on)
        dock = self.docks.get("drill")
        if dock is not None:
            if on:
                self.tabifyDockWidget(self.docks["incidents"], dock)
                dock.show()
                dock.raise_()
            else:
                dock.hide()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.stop_building_panels()
        self.layouts.save_session()
        super().closeEvent(event)
        self.closed.emit()
