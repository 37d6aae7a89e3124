"""MapView: the live district map (一张图), a QWebEngineView fed by LiveState.

The page is built once by folium (maps/page.py) and loaded by URL from `app://local/`; after
that it only receives deltas through a QWebChannel (widgets/map_bridge.py) and is never
rebuilt. Heavy parts (the web engine, the page) are created on first show.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice, QPoint, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from core.state import LiveState
from maps import wire
from maps.geoindex import GeoIndex
from maps.page import TILE_URL, build_page
from maps.places import place_dict
from maps.tiles import MBTiles, default_tile_file
from maps.trails import Trails
from widgets.map_bridge import DeltaPump, MapBridge
from widgets.map_schemes import AppSchemeHandler, TileSchemeHandler
from widgets.map_text import page_labels, popup_html
from widgets.bind import bind

log = logging.getLogger(__name__)
STATE_LAYERS = ("sensors", "cameras", "units", "incidents")
OWN_LAYERS = ("plan_sites", "warning_areas")  # fed by MapView.update_layer, not LiveState
_pages: dict[tuple, Future] = {}
_orphans: set[QWebEngineProfile] = set()  # profiles waiting for their page to be deleted
_page_builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-page")


def _page_future(labels: dict[str, str]) -> Future:
    """The page HTML, built once per process and label set (folium + geometry: ~1 s)."""
    key = tuple(sorted(labels.items()))
    if key not in _pages:
        _pages[key] = _page_builder.submit(build_page, labels, TILE_URL)
    return _pages[key]


class MapView(QWidget):
    # all layers drawn after the page loaded (also after a reload)
    ready = Signal()
    # incident id
    nearest_units_requested = Signal(str)
    # incident id
    cameras_requested = Signal(str)
    # incident id
    activation_requested = Signal(str)
    # {lon, lat, district_code, district_name, street_code, street_name, community_code,
    #  community_name, grid_id} (empty strings outside both districts)
    new_incident_requested = Signal(dict)
    # GeoJSON Feature: Polygon, or Point with properties.radius_m for a circle
    area_drawn = Signal(dict)
    # lon, lat of a click on empty map
    map_clicked = Signal(float, float)
    # the page's statistics of the last second (frames, lags ms, drawMs, draws)
    stats_reported = Signal(dict)
    # the operator switched map layers: the keys of those now off (list[str]), to keep
    hidden_layers_changed = Signal(list)

    def __init__(self, state: LiveState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._own: dict[str, dict[str, dict]] = {name: {} for name in OWN_LAYERS}
        self._labels = page_labels()
        self._page_html = _page_future(self._labels)
        self._view: QWebEngineView | None = None
        self._tiles = TileSchemeHandler(None, self)
        self._tile_cmd: dict | None = None
        self._home_cmd: dict | None = None   # the district the map frames (the console's own)
        self._stale_cmd: dict | None = None  # the live layers aged while offline (see set_stale)
        self._layers_cmd: dict | None = None  # the layers the operator had switched off
        self._tile_version = 0
        self._token = 0
        self._is_ready = False
        self._indexes: dict[str, GeoIndex | None] = {"units": None, "cameras": None}
        self.menu: QMenu | None = None
        # AVL trails: positions are kept from the start (page or not), drawn for the units of
        # the selection (a unit, or those committed to the selected incident)
        self.trails = Trails()
        self._trail_ids: tuple[str, ...] = ()
        self._trail_override: tuple[str, ...] | None = None
        self._trail_push = QTimer(self, singleShot=True, interval=250)  # positions come in bursts
        self._trail_push.timeout.connect(self._push_trails)
        self._trail_prune = QTimer(self, interval=60_000)
        self._trail_prune.timeout.connect(lambda: self.trails.prune(time.time()))
        self._trail_prune.start()
        now = time.time()
        for unit in state.records("units").values():
            self._record_position(unit, now)
        try:
            self.set_tile_source(default_tile_file())
        except (FileNotFoundError, ValueError) as exc:  # the map still works, on a plain background
            log.warning("no base map tiles: %s", exc)
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self._bindings = [(state.layer_changed, bind(state.layer_changed, self._on_state_layer_changed, self)),
                          (state.selection_changed,
                           bind(state.selection_changed, self._on_state_selection_changed, self))]
    # ---- building (on first show) ----
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._view is None:
            self._build()
        super().showEvent(event)

    def _build(self) -> None:
        self._view = QWebEngineView(self)
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # ours comes from the page
        self._profile = QWebEngineProfile(self)  # off the record: nothing cached on disk
        self._app = AppSchemeHandler(self._profile)
        self._profile.installUrlSchemeHandler(b"app", self._app)
        self._profile.installUrlSchemeHandler(b"tiles", self._tiles)
        page = QWebEnginePage(self._profile, self._view)
        self._bridge = MapBridge(page)
        self._pump = DeltaPump(self._bridge, self._app.set_blob, page)
        channel = QWebChannel(page)
        channel.registerObject("bridge", self._bridge)
        page.setWebChannel(channel)
        page.scripts().insert(_channel_script())
        self._view.setPage(page)
        page.renderProcessTerminated.connect(self._on_page_render_process_terminated)
        self.layout().addWidget(self._view)
        b = self._bridge
        b.page_loaded.connect(self._on_bridge_page_loaded)
        b.drawn_through.connect(self._on_bridge_drawn_through)
        b.select_requested.connect(self._state.select)
        b.context_menu_requested.connect(self._on_bridge_context_menu_requested)
        b.map_clicked.connect(self.map_clicked)
        b.area_drawn.connect(self.area_drawn)
        b.stats_reported.connect(self.stats_reported)
        b.hidden_layers_changed.connect(self._on_bridge_hidden_layers_changed)
        self._poll = QTimer(self, interval=10)
        self._poll.timeout.connect(self._load_when_built)
        self._poll.start()
        self._load_when_built()

    def _load_when_built(self) -> None:
        if not self._page_html.done():
            return
        self._poll.stop()
        url = self._app.set_page("map.html", self._page_html.result())
        self._view.load(QUrl(url))
        self._start_snapshot()  # encoded while the page loads, sent when it listens

    def _start_snapshot(self) -> None:
        self._is_ready = False
        self._token += 1
        self._pump.hold()
        if self._tile_cmd:
            self._pump.command(self._tile_cmd)
        if self._home_cmd:
            self._pump.command(self._home_cmd)
        if self._stale_cmd:
            self._pump.command(self._stale_cmd)
        if self._layers_cmd:
            self._pump.command(self._layers_cmd)
        layers = {name: list(self._state.records(name).values()) for name in STATE_LAYERS}
        layers.update({name: list(recs.values()) for name, recs in self._own.items()})
        self._pump.send_snapshot(layers, self._token)
        self._pump.command(self._trails_command())

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop following LiveState and feeding the page (the view is going away)."""
        for signal, relay in self._bindings:
            signal.disconnect(relay, missing_ok=True)
        self._bindings = []
        self._trail_push.stop()
        self._trail_prune.stop()
        if self._view is not None and not self._pump._closed:
            self._pump.close()
            # The profile must outlive its page, whose deletion Qt defers: hand the profile
            # over to the page's destruction instead of deleting it with this widget.
            profile, page = self._profile, self._view.page()
            profile.setParent(None)
            _orphans.add(profile)
            page.destroyed.connect(lambda *_: _release_profile(profile))

    # ---- public API ----
    def profile(self) -> QWebEngineProfile | None:
        """The web profile of the page (None before first show), e.g. to install an interceptor."""
        return getattr(self, "_profile", None)

    def page(self) -> QWebEnginePage | None:
        return self._view.page() if self._view is not None else None

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def set_tile_source(self, source: str | Path) -> None:
        """Base map from an MBTiles file, or a tile URL template such as
        `https://host/{z}/{x}/{y}.png` (online use only). Raises on an unreadable file."""
        text = str(source)
        if text.startswith(("http://", "https://")):
            if "{z}" not in text or "{x}" not in text or "{y}" not in text:
                raise ValueError(f"tile URL {text!r} lacks {{z}}, {{x}} or {{y}}; "
                                 "expected e.g. https://host/{z}/{x}/{y}.png")
            self._tile_cmd = {"cmd": "tiles", "url": text, "maxNativeZoom": 19}
        else:
            store = MBTiles(text)
            old, self._tiles.source = self._tiles.source, store
            if old is not None:
                old.close()
            self._tile_version += 1
            self._tile_cmd = {"cmd": "tiles", "url": f"{TILE_URL}?v={self._tile_version}",
                              "maxNativeZoom": store.zoom_range()[1]}
        if self._is_ready:
            self._pump.command(self._tile_cmd)

    def update_layer(self, layer: str, upserts: list[dict] = (), removed: list[str] = ()) -> None:
        """Feed a layer LiveState does not hold: plan_sites ({id, title, lon, lat, street}) or
        warning_areas ({id, title, level, geometry (GeoJSON) | lon, lat, radius_m})."""
        if layer not in OWN_LAYERS:
            raise ValueError(f"update_layer: {layer!r} is not one of {', '.join(OWN_LAYERS)}; "
                             "other layers come from LiveState")
        store = self._own[layer]
        for rec in upserts:
            store[rec["id"]] = rec
        for rid in removed:
            store.pop(rid, None)
        if self._pump_active():
            self._pump.add(layer, list(upserts), list(removed))

    def show_sensor_kinds(self, kinds: list[str] | None) -> None:
        """Draw only these sensor kinds (e.g. ["co", "gas"]); None draws every kind."""
        if kinds is not None:
            known = wire.ENUMS["sensors"]["k"]
            unknown = [k for k in kinds if k not in known]
            if unknown:
                raise ValueError(f"unknown sensor kind(s) {unknown}; expected some of {', '.join(known)}")
            kinds = [known.index(k) for k in kinds]
        if self._view is not None:
            self._pump.command({"cmd": "kinds", "layer": "sensors", "kinds": kinds})

    def set_view(self, lon: float, lat: float, zoom: int) -> None:
        """Centre the map on a WGS84 point at a zoom level (9-19)."""
        if self._view is not None:
            self._pump.command({"cmd": "view", "lon": lon, "lat": lat, "zoom": zoom})

    def set_home_district(self, adcode: str) -> None:
        """Frame the console's own district (全区 and the opening view); both districts stay drawn."""
        self._home_cmd = {"cmd": "home", "district": adcode}
        if self._is_ready:
            self._pump.command(self._home_cmd)

    def set_hidden_layers(self, keys: list[str]) -> None:
        """Switch off the layers `keys` (boundaries, grid, incidents, sensors, cameras, units,
        plan_sites, warning_areas, trails) and on the others: the operator's last choice."""
        self._layers_cmd = {"cmd": "layers", "hidden": list(keys)}
        if self._is_ready:
            self._pump.command(self._layers_cmd)

    def _on_bridge_hidden_layers_changed(self, keys: list) -> None:
        self._layers_cmd = {"cmd": "layers", "hidden": list(keys)}
        self.hidden_layers_changed.emit(list(keys))

    def set_stale(self, text: str | None) -> None:
        """While offline the live layers (units, sensors, cameras, incidents) are drawn aged —
        greyed — under a notice `text` (e.g. 离线 · 数据截至 14:02:11); None when live again."""
        cmd = {"cmd": "stale", "text": text or ""}
        if cmd == self._stale_cmd or (self._stale_cmd is None and not text):
            return   # no change (the connection also reports each change of the queue)
        self._stale_cmd = cmd
        if self._is_ready:
            self._pump.command(cmd)

    def frame_district(self) -> None:
        """Show the whole district, clear of the map's controls; the map keeps it framed
        through resizes until the operator pans or zooms."""
        if self._view is not None:
            self._pump.command({"cmd": "frame"})

    def run_js(self, script: str, callback=None) -> None:
        """Run script in the page (tests and benchmarks inspect the page this way)."""
        if callback is None:
            self.page().runJavaScript(script)
        else:
            self.page().runJavaScript(script, 0, callback)

    def grab_map(self) -> QImage:
        """A screenshot of the map as drawn (works while the window is covered)."""
        from PySide6.QtGui import QGuiApplication

        if self._view is not None:
            img = self._view.grab().toImage()
            if not img.isNull():
                return img
        screen = self.screen() or QGuiApplication.primaryScreen()
        top_left = self.mapToGlobal(QPoint(0, 0))
        return screen.grabWindow(0, top_left.x(), top_left.y(), self.width(), self.height()).toImage()

    def nearest_units(self, incident_id: str, k: int = 5) -> list[tuple[str, float]]:
        """(unit id, metres) of the k units nearest to an incident."""
        inc = self._state.get("incidents", incident_id)
        return self._index("units").nearest(inc["lon"], inc["lat"], k) if inc else []

    def cameras_near(self, incident_id: str, metres: float = 500.0) -> list[tuple[str, float]]:
        """(camera id, metres) of the cameras within `metres` of an incident, nearest first."""
        inc = self._state.get("incidents", incident_id)
        return self._index("cameras").within_radius(inc["lon"], inc["lat"], metres) if inc else []

    def show_trails_for(self, unit_ids: list[str] | None) -> None:
        """Draw the trails of these units (e.g. those ticked in a panel); None goes back to
        following the selection (a unit, or the units on the selected incident)."""
        self._trail_override = tuple(unit_ids) if unit_ids is not None else None
        self._update_trail_ids()

    def trail_unit_ids(self) -> tuple[str, ...]:
        """The units whose trails are drawn now."""
        return self._trail_ids

    def _update_trail_ids(self) -> None:
        if self._trail_override is not None:
            ids = self._trail_override
        else:
            layer, rid = self._state.selection
            if layer == "units" and rid:
                ids = (rid,)
            elif layer == "incidents" and rid:
                ids = tuple(sorted(u["id"] for u in self._state.records("units").values()
                                   if u.get("incident_id") == rid))
            else:
                ids = ()
        if ids != self._trail_ids:
            self._trail_ids = ids
            self._trail_push.start()

    def _record_position(self, unit: dict, now: float) -> bool:
        lon, lat = unit.get("lon"), unit.get("lat")
        return lon is not None and lat is not None and self.trails.record(unit["id"], float(lon), float(lat), now)

    def _trails_command(self) -> dict:
        now = time.time()
        trails = []
        for uid in self._trail_ids:
            pts = self.trails.trail(uid, now)
            if len(pts) >= 2:
                unit = self._state.get("units", uid) or {}
                trails.append({"id": uid, "s": wire.ENUMS["units"]["s"].index(unit["status"])
                               if unit.get("status") in wire.ENUMS["units"]["s"] else 255,
                               "pts": [v for t, lon, lat in pts for v in (lon, lat, round(t * 1000))]})
        return {"cmd": "trails", "windowMs": self.trails.window_s * 1000, "trails": trails}

    def _push_trails(self) -> None:
        if self._pump_active():
            self._pump.command(self._trails_command())

    def _index(self, layer: str) -> GeoIndex:
        if self._indexes[layer] is None:
            self._indexes[layer] = GeoIndex.from_records(self._state.records(layer))
        return self._indexes[layer]

    # ---- state -> page ----
    def _pump_active(self) -> bool:
        return self._view is not None and self._pump.active

    @Slot(str, list, list)
    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        if layer in self._indexes:
            self._indexes[layer] = None  # rebuilt lazily on the next query
        if layer == "units":
            now = time.time()
            moved = {u["id"] for u in upserts if self._record_position(u, now)}
            if self._state.selection[0] == "incidents":
                self._update_trail_ids()  # a unit dispatched to / released from the incident
            if moved.intersection(self._trail_ids):
                self._trail_push.start()
        if layer in STATE_LAYERS and self._pump_active():
            self._pump.add(layer, upserts, removed)

    @Slot(str, str)
    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        self._update_trail_ids()
        if not self._pump_active():
            return
        rec = (self._state.get(layer, record_id) if layer in STATE_LAYERS
               else self._own.get(layer, {}).get(record_id))
        if rec is None:
            self._pump.command({"cmd": "clearSelection"})
            return
        self._pump.command({"cmd": "focus", "layer": layer, "id": record_id,
                            "html": popup_html(layer, rec), "pan": True})

    # ---- page -> Qt ----
    @Slot()
    def _on_bridge_page_loaded(self) -> None:
        if self._pump.holding:
            self._pump.release()  # the first load: the snapshot is (being) encoded already
        else:
            self._start_snapshot()  # the page reloaded (e.g. its renderer restarted)
            self._pump.release()

    @Slot(QWebEnginePage.RenderProcessTerminationStatus, int)
    def _on_page_render_process_terminated(self, status, code: int) -> None:
        # a wall display runs for weeks: bring the map back rather than leave it blank
        log.error("map page renderer ended (%s, exit code %d); reloading", status, code)
        self._is_ready = False
        self._view.reload()

    @Slot(int)
    def _on_bridge_drawn_through(self, token: int) -> None:
        if token == self._token and not self._is_ready:
            self._is_ready = True
            layer, rid = self._state.selection
            if rid:
                self._on_state_selection_changed(layer, rid)
            self.ready.emit()

    @Slot(str, str, float, float, int, int)
    def _on_bridge_context_menu_requested(self, layer: str, record_id: str, lon: float, lat: float,
                                          x: int, y: int) -> None:
        menu = QMenu(self)
        if layer == "incidents":
            menu.addAction(self.tr("最近的救援力量"), lambda: self.nearest_units_requested.emit(record_id))
            menu.addAction(self.tr("500米内的摄像头"), lambda: self.cameras_requested.emit(record_id))
            menu.addAction(self.tr("启动预案"), lambda: self.activation_requested.emit(record_id))
        else:
            menu.addAction(self.tr("在此新建事件"), lambda: self.new_incident_requested.emit(place_dict(lon, lat)))
        self.menu = menu
        menu.popup(self._view.mapToGlobal(QPoint(x, y)))


def _release_profile(profile: QWebEngineProfile) -> None:
    _orphans.discard(profile)
    try:
        profile.deleteLater()
    except RuntimeError:
        pass  # Qt already deleted it (application exit)


def _channel_script() -> QWebEngineScript:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt resource :/qtwebchannel/qwebchannel.js is missing (QtWebChannel not installed?)")
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(bytes(f.readAll()).decode("utf-8"))
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    f.close()
    return script


__all__ = ["MapView"]
