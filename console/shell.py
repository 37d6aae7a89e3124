"""The shell assembles the console: settings, models, data source, main window.

It owns the models (LiveState, ConnectionState, the plan library) and hands them to the
widgets; widgets never reach back into the shell except through the models and signals.
"""
from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from console.app import startup_mark
from console.i18n import install_translator
from console.logs import close_logging, setup_logging
from console.services import PlanLibraryHandle
from console.settings import SettingsStore
from console.sign_in import SignIn
from console.theme import apply_theme
from core.connection import ConnectionState, Link
from core.paths import RESOURCES, Paths, replica_file
from core.settings import Settings
from core.state import LiveState
from core.tracker import CommandTracker, Status, Tracked
from widgets.bind import bind

log = logging.getLogger(__name__)


def _build_plan_index(plans_dir: Path, index: Path) -> None:
    """Build a missing plan index in a child process (`plans index`): parsing every plan takes
    a second or more of pure Python, which on a thread of this process would take the GIL from
    the window being built. If the child fails, PlanLibrary.open builds it here instead."""
    import subprocess
    import sys

    try:
        done = subprocess.run([sys.executable, "-m", "plans.cli", "index", "--dir", str(plans_dir),
                               "--index", str(index), "--json"], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("building the plan index in a child process failed (%s); building it here", exc)
        return
    if done.returncode != 0:
        log.warning("building the plan index in a child process failed (exit %d): %s; building it "
                    "here", done.returncode, done.stderr.strip()[-500:])


class Shell(QObject):
    """The composition root: builds the core services and the flows once, and hands each its
    collaborators; nothing it builds reads it back."""

    def __init__(self, paths: Paths, settings_store: SettingsStore, settings: Settings,
                 demo: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings_store = settings_store
        self.settings = settings
        self.demo = demo
        self.state = LiveState()
        self.connection = ConnectionState()
        self.commands = CommandTracker()   # every command's state: queued → sent → accepted/refused
        bind(self.commands.changed, self._on_command_changed, self)
        self.window = None
        self.store = None
        self.sync = None
        self.embedded = None
        self.sign_in: SignIn | None = None  # console/sign_in.py, once the server is known
        self._stopped = False
        self.data_ready = asyncio.Event()  # the first picture from the server (or no server)
        # The embedded server is a separate process that takes seconds to import and open its
        # database: start it first, so it boots while the window is being built.
        self._server_boot = self._boot_embedded_server() if demo else None
        # The plan index opens on a thread while the map is built (imports and SQLite I/O).
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-library")
        self.library = PlanLibraryHandle(pool.submit(self._open_plan_library), lambda: self.settings.district)
        pool.shutdown(wait=False)
    @classmethod
    def from_args(cls, args) -> "Shell":
        paths = Paths.for_profile(args.profile)
        log_file = setup_logging(paths.log_dir, args.verbose)
        store = SettingsStore(paths.settings_file)
        settings = store.load()
        overrides = {k: v for k, v in (("language", args.lang), ("theme", args.theme),
                                       ("server_url", args.server),
                                       ("district", getattr(args, "district", None))) if v}
        if args.drill:
            overrides["drill_mode"] = True
        settings = replace(settings, **overrides).validated()
        log.info("console starting; settings %s, log %s", paths.settings_file, log_file)
        app = QApplication.instance()
        install_translator(app, settings.language)
        apply_theme(app, settings.theme)
        startup_mark("qt_ready")
        return cls(paths, store, settings, demo=args.demo or not settings.server_url)

    # -- models --------------------------------------------------------------------------------
    @property
    def plan_library(self):
        """The plan library (waits for the rest of its opening; flows take `self.library`)."""
        return self.library.get()

    def plan_library_ready(self) -> bool:
        return self.library.ready()

    async def _await_plan_library(self) -> None:
        try:
            await asyncio.wrap_future(self.library.opening)
            self.library.get()
        except Exception as exc:  # the console goes on: the map, incidents and dispatch work
            log.exception("the plan library could not be opened")
            if self.window is not None:
                self.window.statusBar().showMessage(
                    self.tr("预案库未能打开：%1。请运行 emergency-console plans check 查看原因。")
                    .replace("%1", str(exc)))
            return
        startup_mark("plans_open")
        if self.window is not None:
            self.window.rebuild_panel("plans")  # it showed "opening" until now

    def _open_plan_library(self):
        from plans.library import PlanLibrary

        plans_dir = Path(self.settings.plans_dir) if self.settings.plans_dir else RESOURCES / "plans"
        index = self.data_dir / "plans-index.sqlite"
        if not index.exists():
            _build_plan_index(plans_dir, index)
        library = PlanLibrary.open(plans_dir, index)
        library.home_district = self.settings.district   # incidents elsewhere are flagged
        if library.errors:
            log.warning("%d plan file(s) have errors and were skipped; run `emergency-console plans check`",
                        len(library.errors))
        return library

    @property
    def data_dir(self) -> Path:
        path = Path(self.settings.data_dir) if self.settings.data_dir else self.paths.data_dir
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- life cycle ---------------------------------------------------------------------------------
    async def start(self) -> None:
        from console.activation_flow import ActivationFlow
        from console.command_flow import CommandFlow
        from console.drill_flow import DrillFlow
        from console.incident_flow import IncidentFlow
        from console.main_window import MainWindow
        from console.sensor_flow import SensorFlow, load_rules_in
        from console.video_flow import VideoFlow
        from console.warning_flow import WarningFlow
        from core.alarms import AlarmBook
        from core.audit import ConsoleAudit

        central = self._build_map()
        startup_mark("map_built")
        # the sensor alarms: one book for the alarm panel, the trends and the sensor flow
        self.alarm_book = AlarmBook(load_rules_in(self.data_dir))
        # the trainer's drill player, review and replay (drill mode); its panel may be built
        # with the window, so it comes first
        self.drills = DrillFlow(self.state, self.connection, lambda: self.settings, self.demo,
                                lambda: self.embedded, self.library, self.data_dir, lambda: self.window, self)
        self.audit = ConsoleAudit(self.data_dir / "audit.sqlite")   # this console's own chain
        # The window, the flows and the replica's picture do not need the plan library: they are
        # built while its index opens on its thread; only the plan panel waits for it (on show).
        self.window = MainWindow(self, central)
        startup_mark("window_built")
        self.window.preferences_requested.connect(self._on_window_preferences_requested)
        # The flows, each given what it works with (console/services.py); none reads the shell
        settings = lambda: self.settings  # noqa: E731 - the preferences may replace them
        flagged: set[str] = set()   # incidents whose outside-district flag this console noted
        self.activation = ActivationFlow(self.state, self.commands, self.library, settings, self.window,
                                         flagged, self)
        self.window.activation_requested.connect(lambda: self.activation.open_dialog())
        central.activation_requested.connect(self.activation.open_dialog)
        # intake, dispatch, detail, re-grading, close-out
        self.incidents = IncidentFlow(self.state, self.commands, self.library, settings, self.window,
                                      lambda: self.sync.api if self.sync is not None else None,
                                      self.activation, flagged, lambda: self.signed_in, self)
        # draft, approve, publish and ingest CAP warnings
        self.warnings = WarningFlow(self.state, self.commands, settings, self.window, self.data_dir, self,
                                    signed_in=lambda: self.signed_in)
        self.warnings.new_incident_requested.connect(self.incidents.new_incident)
        # sensor readings -> alarm rules -> alarm panel, trends
        self.sensors = SensorFlow(self.state, self.alarm_book, self.window, plans=self.library.if_ready,
                                  data_dir=self.data_dir, audit=self.audit, signed_in=lambda: self.signed_in,
                                  new_incident_from_sensor=self.incidents.new_incident_from_sensor, parent=self)
        self.window.alarm_rules_requested.connect(lambda: self.sensors.edit_rules(self.window))
        # the cameras near the selected incident on the video wall
        self.video = VideoFlow(self.state, self.connection, settings, self.window, self.data_dir,
                               self.incidents.add_note, self)
        # commands set aside after server errors (重试 / 放弃), and a replica rebuilt
        self.command_flow = CommandFlow(self.commands, self.window, self._operator_name, self)
        self.window.connection_status.failed_clicked.connect(self.command_flow.open_dialog)
        self.window.outage_banner.reconnect_clicked.connect(self._reconnect_now)
        self.window.switch_user_requested.connect(self._switch_user)
        await self._start_data()
        self.window.layouts.restore_session()
        self.window.set_drill_mode(self.settings.drill_mode)  # after the layout: it decides the drill panel
        self.window.show()
        startup_mark("window_shown")
        loop = asyncio.get_running_loop()
        self._library_task = loop.create_task(self._await_plan_library())
        if os.environ.get("ECC_STARTUP_MARKS"):
            loop.create_task(self._mark_first_frame())
        self._warm_up = loop.create_task(self._build_hidden_panels())

    async def _build_hidden_panels(self) -> None:
        """Build the panels hidden behind tabs once the first picture is up, one per turn of
        the loop: start-up does not wait for them, and a new alarm can flash in its panel
        before anyone opens it."""
        try:
            await asyncio.wait_for(self.data_ready.wait(), 30)
        except TimeoutError:
            pass
        await asyncio.sleep(0.5)
        for name in list(self.window.docks) if self.window is not None else []:
            if self.window is None:
                return
            self.window.panel(name)
            await asyncio.sleep(0.02)

    async def _mark_first_frame(self) -> None:
        """The start-up benchmark's finish line: the map has drawn a picture, the replica's last
        one (offline-first: a warm start shows it before the server answers) or the server's."""
        while not (getattr(self.window.central, "is_ready", True)
                   and (self.data_ready.is_set() or self.state.records("incidents"))
                   and self.library.opened):  # and the plan tree, not "opening…"
            await asyncio.sleep(0.02)
        await asyncio.sleep(0)  # one more turn of the loop: the frame is painted
        startup_mark("first_frame")

    def _build_map(self) -> QWidget:
        from widgets.map_view import MapView

        view = MapView(self.state)
        view.set_home_district(self.settings.district)
        # the layers this operator switched off stay off (per profile, i.e. per user)
        qs = self.settings_store.qsettings
        hidden = qs.value("map/hidden_layers", "")
        if isinstance(hidden, str) and hidden:
            view.set_hidden_layers([k for k in hidden.split(",") if k])

        def keep(keys: list) -> None:
            qs.setValue("map/hidden_layers", ",".join(keys))
            qs.sync()

        view.hidden_layers_changed.connect(keep)
        if self.settings.tile_source:
            view.set_tile_source(self.settings.tile_source)
        return view

    async def _start_data(self) -> None:
        """Show the replica's last picture at once, then connect: to the configured server, or
        in demo mode to an embedded server started here (SQLite in the data folder)."""
        from core.store import Store

        self.store = Store(replica_file(self.data_dir, self.settings.server_url, demo=self.demo,
                                        drill=self.settings.drill_mode))
        self.sync = self._new_sync(None)
        await self.sync.start()  # the offline picture, before any network
        self._server_task = asyncio.get_running_loop().create_task(self._connect())

    async def _connect(self) -> None:
        url = self.settings.server_url or None
        try:
            if self.demo:
                try:
                    self.embedded = await asyncio.wrap_future(self._server_boot)
                except (RuntimeError, TimeoutError, OSError) as exc:
                    log.error("the embedded demo server did not start: %s", exc)
                    self.window.statusBar().showMessage(
                        self.tr("内置演示服务器未能启动，控制台使用本机已有数据。详情见日志。"))
                    url = None
                    return
                url = self.embedded.url
                startup_mark("server_started")
            offline = self.sync
            self.sign_in = SignIn(self.data_dir, self.audit, lambda: self.window,
                                  self.settings.server_url or "embedded", self)
            api = await self.sign_in.client(
                url, verify=self.settings.tls_ca_bundle or True,
                demo_credentials=self.embedded.credentials if self.demo and self.embedded else None,
                operator_setting=self.settings.operator)
            self.sync = self._new_sync(api)
            self.sign_in.on_signed_in = self.sync.reconnect_now
            if self.sign_in.interactive:  # a real server: 401 -> dialog
                bind(self.sync.sign_in_requested, self.sign_in.ask_again, self)
            await offline.stop()
            bind(self.connection.changed, self._on_connection_changed, self)
            await self.sync.start()
        finally:
            if url is None:
                self.data_ready.set()

    @property
    def signed_in(self) -> dict | None:
        """The server's sign-in answer (token, operator), None while nobody is signed in."""
        return self.sign_in.answer if self.sign_in is not None else None

    def _boot_embedded_server(self) -> Future:
        from server.embedded import start_embedded

        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedded-server")
        # A drill never touches the demo's (or any live) data: its own server database.
        db = self.data_dir / ("drill-server.sqlite" if self.settings.drill_mode else "demo-server.sqlite")
        future = pool.submit(start_embedded, f"sqlite:///{db}", simulate=True, drill=self.settings.drill_mode)
        pool.shutdown(wait=False)
        return future

    def _on_connection_changed(self, link: Link, since, _queued: int) -> None:
        if link == Link.ONLINE:
            startup_mark("online")
            self.data_ready.set()
        if self.window is not None:   # the map's live layers aged while the server is away
            down = link in (Link.RECONNECTING, Link.OFFLINE) and since is not None
            self.window.set_stale(down)   # list rows with their age
            self.window.central.set_stale(
                self.tr("离线 · 地图数据截至 %1").replace("%1", since.strftime("%H:%M:%S")) if down else None)

    def _new_sync(self, api):
        from core.sync import SyncEngine

        engine = SyncEngine(self.store, api, self.state, self.connection)
        engine.audit = self.audit  # the console's own chain
        self.commands.attach(engine)
        bind(engine.replica_reset, self.command_flow.on_replica_reset, self)
        return engine

    def _switch_user(self) -> None:
        """文件 → 切换用户: another operator signs in here (the demo: a pick of its operators)."""
        if self.sign_in is None:
            self.window.statusBar().showMessage(self.tr("尚未连接服务器，稍后再切换用户"), 8_000)
            return
        self._switching = asyncio.get_running_loop().create_task(self.sign_in.switch_user())

    def _reconnect_now(self) -> None:
        """The banner's 立即重连: skip the rest of the backoff wait."""
        if self.sync is not None:
            self.sync.reconnect_now()

    def _operator_name(self) -> str | None:
        """Who decides at this console: the signed-in operator, else the configured one."""
        operator = (self.signed_in or {}).get("operator") or {}
        return operator.get("name") or self.settings.operator or None

    def _on_command_changed(self, tracked: Tracked) -> None:
        """A refused command never vanishes: the operator sees why (the outbox keeps the row)."""
        if tracked.status is not Status.REFUSED:
            return
        log.warning("command %s refused by the server: %s", tracked.command_id, tracked.reason)
        if self.window is not None:
            self.window.statusBar().showMessage(self.tr("指令被拒绝：%1").replace("%1", tracked.reason), 15_000)

    async def stop(self) -> None:
        """Close the window, stop syncing and the embedded server; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self.window is not None:
            self.window.stop_building_panels()
            if self.window.isVisible():
                self.window.close()
            # The web page must go before its profile, and both before the QApplication:
            # let Qt delete them now, while the loop still runs, not at interpreter exit.
            self.window.central.shutdown()
            self.window.deleteLater()
            self.window = None
            await asyncio.sleep(0.2)
        for task in (getattr(self, "_server_task", None), getattr(self, "_warm_up", None),
                     getattr(self, "_library_task", None)):
            if task is not None and not task.done():
                task.cancel()
        if self.sign_in is not None:
            self.sign_in.stop()
        await self.commands.drain()   # what the operator submitted is in the outbox before we stop
        if getattr(self, "command_flow", None) is not None:
            await self.command_flow.stop()  # and the last 重试 / 放弃
        if getattr(self, "sync", None) is not None:
            await self.sync.stop()
        if getattr(self, "store", None) is not None:
            self.store.close()
        if getattr(self, "audit", None) is not None:
            self.audit.close()
        if self._server_boot is not None and self.embedded is None:
            try:  # still booting: wait for it, so that it can be stopped rather than orphaned
                self.embedded = await asyncio.wrap_future(self._server_boot)
            except (RuntimeError, TimeoutError, OSError, asyncio.CancelledError):
                pass
        if self.embedded is not None:
            await asyncio.to_thread(self.embedded.stop)
        log.info("console stopped")
        close_logging()
        # Delete the shell and its flows here, on the GUI thread. Left to Python's cycle
        # collector, they may be freed on whichever thread triggers a collection (a sync or
        # store worker), and Qt objects with timers must die on the thread that owns them.
        self.deleteLater()
        await asyncio.sleep(0)

    # -- actions ------------------------------------------------------------------------------------
    def _on_window_preferences_requested(self) -> None:
        from widgets.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, settings: Settings) -> None:
        """Keep settings from the preferences; the district takes effect at once (the rest at
        the next start)."""
        before = self.settings.district
        self.settings = settings
        self.settings_store.save(settings)
        if settings.district != before:
            self.set_district(settings.district)

    def set_district(self, code: str) -> None:
        """Serve another district from now on: the plan library grades other districts'
        incidents as outside, the title and status bar name it, open views follow."""
        self.settings = replace(self.settings, district=code)
        if self.library.ready():
            self.plan_library.home_district = code
        log.info("this console now serves district %s", code)
        if self.window is not None:
            self.window.set_district(code)
            self.incidents.set_home_district(code)
            if hasattr(self.window.central, "set_home_district"):   # a test may give a plain widget
                self.window.central.set_home_district(code)
            browser = self.window.panels.get("plans")   # a label until the library has opened
            if browser is not None and hasattr(browser, "show_home_district"):
                browser.show_home_district()

    async def screenshot_and_quit(self, path: str) -> int:
        from console.screenshot import capture_when_ready

        try:
            await asyncio.wait_for(self.data_ready.wait(), 60)
        except TimeoutError:
            log.error("no picture from the server within 60 s; the screenshot shows local data")
        task = getattr(self, "_library_task", None)
        if task is not None:
            await asyncio.wait([task], timeout=60)  # the plan tree, not "opening…", in the picture
        ok = await capture_when_ready(self.window, Path(path))
        startup_mark("screenshot_written")
        return 0 if ok else 1
