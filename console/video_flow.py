"""Video flow: the right cameras on the wall when an incident is selected (or on 调阅附近视频),
stream URLs resolved against the server the console is connected to, snapshots to PNG files
in the data folder, attached to the incident timeline as a note through the outbox."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QMenu

from console.services import Ui
from core.connection import ConnectionState
from core.settings import Settings
from core.state import LiveState
from core.video_rank import DEFAULT_RADIUS_M, Ranked, cameras_for_scene
from maps.geoindex import GeoIndex
from widgets.bind import bind

log = logging.getLogger(__name__)


def server_base(shell) -> str | None:
    """The base URL of the server the console talks to now (None while there is none)."""
    api = getattr(getattr(shell, "sync", None), "api", None)
    if api is not None:
        return api.base_url
    embedded = getattr(shell, "embedded", None)
    if embedded is not None:
        return embedded.url
    return (shell.settings.server_url or "").rstrip("/") or None


def url_resolver(shell):
    """stream_url -> absolute URL: a relative one is taken against the current server; an
    absolute one (a camera's own address) goes as it is. No token is put in a URL: a tile
    asks our server for a media token of the camera with media_auth's token."""
    def resolve(url: str) -> str | None:
        if "://" in url or url.startswith("file:"):
            return url           # absolute: rtsp://, http://, file:///path/clip.mp4
        base = server_base(shell)
        if not base:
            return None
        return f"{base}/{url.lstrip('/')}"
    return resolve


def media_auth(shell):
    """url -> the operator's token, for a stream URL on the server the console talks to now
    (the tile trades it for a media token in the header, never in the URL); None for any other
    address, which never gets our token."""
    def token_for(url: str) -> str | None:
        base = server_base(shell)
        if not base or not url.startswith(f"{base.rstrip('/')}/"):
            return None
        return getattr(getattr(getattr(shell, "sync", None), "api", None), "bearer_token", None)
    return token_for


class VideoFlow(QObject):
    wall_filled = Signal(str, object)     # incident id, list[Ranked] put on the wall
    snapshot_saved = Signal(str, str)     # camera id, path of the PNG

    def __init__(self, state: LiveState, connection: ConnectionState, settings: Callable[[], Settings],
                 ui: Ui, data_dir: Path, add_note: Callable[[str, str], None],
                 parent: QObject | None = None, *, radius_m: float | None = None) -> None:
        super().__init__(parent)
        self._state, self._ui, self._data_dir = state, ui, data_dir
        self._add_note = add_note   # a note on an incident's timeline (the incident flow's)
        self.radius_m = float(radius_m or settings().video_radius_m or DEFAULT_RADIUS_M)
        self.wall = None
        self.incident_id = ""             # the incident the wall shows cameras for
        self._index: GeoIndex | None = None
        window = ui
        window.when_panel("video_wall", self._attach_wall)
        window.when_panel("incident_detail", self._attach_detail)
        window.when_panel("video", self._attach_camera_list)
        window.central.cameras_requested.connect(self._on_map_cameras_requested)
        bind(state.selection_changed, self._on_state_selection_changed, self)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        bind(connection.changed, self._on_connection_changed, self)
        self.action = QAction(self.tr("调阅附近视频"), window, shortcut=QKeySequence("Ctrl+Shift+V"))
        self.action.triggered.connect(lambda: self.show_near(self._selected_incident(), raise_wall=True))
        window.addAction(self.action)
        window.command_menu.addAction(self.action)

    # -- wiring ---------------------------------------------------------------------------------
    def _attach_wall(self, wall) -> None:
        if not hasattr(wall, "snapshot_requested"):
            return               # the panel failed to build; its placeholder says why
        self.wall = wall
        wall.snapshot_requested.connect(self._on_wall_snapshot_requested)
        wall.destroyed.connect(self._on_wall_destroyed)
        if self._selected_incident():     # the panel was built after the selection
            self.show_near(self._selected_incident())

    def _on_wall_destroyed(self, *_args) -> None:
        """The window is gone (shutdown): no later signal may reach its tiles."""
        self.wall = None

    def _attach_camera_list(self, panel) -> None:
        table = getattr(panel, "table", None)
        if table is not None:          # double-click a camera in 视频: play it large on the wall
            from widgets.record_table import RecordTableModel
            table.doubleClicked.connect(lambda index: self.open_camera(index.data(RecordTableModel.RecordIdRole)))

    def _attach_detail(self, detail) -> None:
        cameras = getattr(detail, "cameras", None)
        if cameras is None:
            return
        if hasattr(detail, "camera_activated"):
            detail.camera_activated.connect(self.open_camera)
        cameras.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        cameras.customContextMenuRequested.connect(
            lambda pos: self._camera_tab_menu(detail, cameras.mapToGlobal(pos)))

    def _camera_tab_menu(self, detail, where) -> None:
        menu = QMenu(detail)
        menu.addAction(self.tr("调阅附近视频"), lambda: self.show_near(detail.incident_id, raise_wall=True))
        menu.popup(where)

    def _selected_incident(self) -> str:
        layer, rid = self._state.selection
        return rid if layer == "incidents" else ""

    # -- cameras near an incident ---------------------------------------------------------------------
    def nearest(self, incident_id: str, k: int) -> list[Ranked]:
        """The k cameras for the incident's scene, best first (empty if unknown / no cameras)."""
        inc = self._state.get("incidents", incident_id) if incident_id else None
        if not inc or inc.get("lon") is None or inc.get("lat") is None:
            return []
        cameras = self._state.records("cameras")
        if self._index is None:
            self._index = GeoIndex.from_records(cameras)
        return cameras_for_scene(self._index, cameras, inc["lon"], inc["lat"], k, self.radius_m)

    def show_near(self, incident_id: str, raise_wall: bool = False) -> list[Ranked]:
        """Fill the wall with the cameras for this incident; returns what was put there."""
        if not incident_id or self.wall is None:
            if raise_wall:
                self._status(self.tr("请先选择一个事件"))
            return []
        ranked = self.nearest(incident_id, self.wall.grid_size)
        self.incident_id = incident_id
        self.wall.show_cameras([r.camera_id for r in ranked])
        if raise_wall:
            self._ui.show_panel("video_wall")
            if not ranked:
                self._status(self.tr("事件 %1 周边 %2 米内没有摄像头")
                             .replace("%1", incident_id).replace("%2", f"{self.radius_m:.0f}"))
        self.wall_filled.emit(incident_id, ranked)
        return ranked

    def open_camera(self, camera_id: str) -> None:
        """Play one camera large: first on the wall, enlarged, the wall brought forward."""
        if not camera_id or self.wall is None:
            return
        self.wall.show_cameras([camera_id] + [c for c in self.wall.cameras() if c != camera_id])
        self.wall.enlarge(self.wall.tiles()[0])
        self._ui.show_panel("video_wall")

    def _on_state_selection_changed(self, layer: str, record_id: str) -> None:
        if layer == "incidents" and record_id and record_id != self.incident_id:
            self.show_near(record_id)

    def _on_map_cameras_requested(self, incident_id: str) -> None:
        self.show_near(incident_id, raise_wall=True)

    def _on_state_layer_changed(self, layer: str, upserts: list, removed: list) -> None:
        if layer == "cameras" and (upserts or removed):
            self._index = None   # rebuilt on next use: ~1 ms per 10,000 cameras

    def _on_connection_changed(self, *_args) -> None:
        if self.wall is not None:
            self.wall.refresh_sources()

    # -- snapshots ------------------------------------------------------------------------------------
    def snapshot_dir(self) -> Path:
        path = self._data_dir / "snapshots"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def save_snapshot(self, camera_id: str, image: QImage, incident_id: str | None = None) -> Path | None:
        """Write the frame to a PNG in the data folder and note it on the incident's timeline."""
        incident_id = self.incident_id if incident_id is None else incident_id
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.snapshot_dir() / f"{incident_id or 'no-incident'}-{camera_id}-{stamp}.png"
        n = 1
        while path.exists():
            path = path.with_name(f"{incident_id or 'no-incident'}-{camera_id}-{stamp}-{n}.png")
            n += 1
        if not image.save(str(path), "PNG"):
            log.error("snapshot of %s could not be written to %s", camera_id, path)
            self._status(self.tr("截图未能保存到 %1，请检查数据目录是否可写").replace("%1", str(path)))
            return None
        self.snapshot_saved.emit(camera_id, str(path))
        if incident_id:
            cam = self._state.get("cameras", camera_id) or {}
            text = self.tr("视频截图：%1（%2），文件 %3").replace("%1", cam.get("name", camera_id)) \
                .replace("%2", camera_id).replace("%3", str(path))
            self._add_note(incident_id, text)
            self._status(self.tr("截图已保存并记入事件 %1 时间线").replace("%1", incident_id))
        else:
            self._status(self.tr("截图已保存：%1（未关联事件）").replace("%1", str(path)))
        return path

    def _on_wall_snapshot_requested(self, camera_id: str, image: QImage) -> None:
        self.save_snapshot(camera_id, image)

    def _status(self, text: str) -> None:
        self._ui.statusBar().showMessage(text, 10_000)
