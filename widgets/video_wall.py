"""Video wall (视频墙): 1, 4, 9 or 16 live tiles; double-click enlarges one; a snapshot of
the picked tile. The grid size and the cameras on it are remembered between sessions, and
tiles stream only while the wall is on screen (a wall tabbed away costs no CPU)."""
from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QImage, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QToolBar, QVBoxLayout, QWidget

from core.state import LiveState
from widgets.video_tile import VideoTile
from widgets.bind import bind

GRID_SIZES = (1, 4, 9, 16)
KEY_GRID, KEY_CAMERAS = "video_wall/grid", "video_wall/cameras"


class VideoWall(QWidget):
    cameras_changed = Signal(object)                # list[str]: the camera ids on the wall, in order
    grid_changed = Signal(int)                      # tiles on the wall: 1, 4, 9 or 16
    snapshot_requested = Signal(str, QImage)        # camera id, its current frame

    def __init__(self, state: LiveState, parent: QWidget | None = None, *,
                 qsettings: QSettings | None = None,
                 resolve_url: Callable[[str], str | None] | None = None,
                 media_auth: Callable[[str], str | None] | None = None,
                 tile_options: dict | None = None) -> None:
        """`resolve_url(stream_url)`: the URL to play; `media_auth(url)`: the operator's token
        with which a tile asks our server for the media token that URL needs (VideoTile)."""
        super().__init__(parent)
        self._state = state
        self._qs = qsettings
        self._resolve = resolve_url or (lambda url: url if "://" in url else None)
        self._tile_options = {**(tile_options or {}),
                              **({"media_auth": media_auth} if media_auth else {})}
        self._tiles: list[VideoTile] = []
        self._cameras: list[str] = []
        self._enlarged: VideoTile | None = None
        self._selected: VideoTile | None = None
        self._on_screen = False
        self.grid_size = 4
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # its shortcuts work once it has focus

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.toolbar = QToolBar(self)
        column.addWidget(self.toolbar)
        self._grid_group = QActionGroup(self)
        self.grid_actions: dict[int, QAction] = {}
        for n, key in zip(GRID_SIZES, ("Ctrl+Alt+1", "Ctrl+Alt+4", "Ctrl+Alt+9", "Ctrl+Alt+6")):
            act = QAction(self, checkable=True, shortcut=QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _on, n=n: self.set_grid(n))
            self._grid_group.addAction(act)
            self.toolbar.addAction(act)
            self.addAction(act)
            self.grid_actions[n] = act
        self.toolbar.addSeparator()
        self.snapshot_action = QAction(self, shortcut=QKeySequence("Ctrl+Alt+S"))
        self.snapshot_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.snapshot_action.triggered.connect(self.snapshot)
        self.toolbar.addAction(self.snapshot_action)
        self.addAction(self.snapshot_action)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)  # a long line (English) must not widen the dock and window
        column.addWidget(self.hint)
        body = QWidget(self)
        self._grid = QGridLayout(body)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(2)
        column.addWidget(body, 1)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self.translate_ui()
        self._restore()

    def translate_ui(self) -> None:
        for n, act in self.grid_actions.items():
            act.setText(self.tr("%1 画面").replace("%1", str(n)))
        self.snapshot_action.setText(self.tr("截图"))
        self.snapshot_action.setToolTip(self.tr("把选中画面保存为图片并记入事件时间线"))
        self.hint.setText(self.tr("选择事件或在地图上右键“调阅附近视频”，附近摄像头会显示在这里"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.translate_ui()
        super().changeEvent(event)

    # -- public ----------------------------------------------------------------------------------------
    def tiles(self) -> list[VideoTile]:
        """The tiles of the current grid, in reading order."""
        return self._tiles[:self.grid_size]

    def cameras(self) -> list[str]:
        return list(self._cameras)

    def set_grid(self, n: int) -> None:
        """Show n tiles (1, 4, 9 or 16); cameras beyond n are kept for a larger grid."""
        if n not in GRID_SIZES:
            raise ValueError(f"video wall grid of {n}; expected one of {GRID_SIZES}")
        self.grid_actions[n].setChecked(True)
        if n == self.grid_size and self._tiles:
            return
        self.grid_size = n
        self._enlarged = None
        self._layout_tiles()
        self._save()
        self.grid_changed.emit(n)

    def show_cameras(self, camera_ids: list[str]) -> None:
        """Put these cameras on the wall, first id in the first tile."""
        self._cameras = list(dict.fromkeys(c for c in camera_ids if c))[:max(GRID_SIZES)]
        self._assign()
        self._save()
        self.cameras_changed.emit(self.cameras())

    def refresh_sources(self) -> None:
        """Resolve the stream URLs again (e.g. the server address became known)."""
        self._assign()

    def enlarge(self, tile: VideoTile | None) -> None:
        """Show only `tile` (None: the whole grid again)."""
        self._enlarged = tile
        side = math.isqrt(self.grid_size)
        for i, t in enumerate(self.tiles()):
            self._grid.removeWidget(t)
            if tile is None or t is tile:
                self._grid.addWidget(t, *((0, 0, side, side) if tile is not None else (i // side, i % side)))
            t.setVisible(tile is None or t is tile)

    def select(self, tile: VideoTile) -> None:
        if self._selected is not None:
            self._selected.selected = False
            self._selected.update()
        self._selected = tile
        tile.selected = True
        tile.update()

    def selected_tile(self) -> VideoTile | None:
        return self._selected if self._selected in self.tiles() else None

    def snapshot(self) -> bool:
        """Ask for a snapshot of the picked tile (else the first with a picture)."""
        candidates = [self.selected_tile()] + self.tiles()
        for tile in candidates:
            if tile is not None and tile.current_image() is not None and tile.camera_id:
                self.snapshot_requested.emit(tile.camera_id, tile.current_image().copy())
                return True
        return False

    # -- inside ------------------------------------------------------------------------------------
    def _tile(self, i: int) -> VideoTile:
        while len(self._tiles) <= i:
            tile = VideoTile(self, **self._tile_options)
            tile.double_clicked.connect(lambda t=tile: self.enlarge(None if self._enlarged is t else t))
            tile.clicked.connect(lambda t=tile: self.select(t))
            self._tiles.append(tile)
        return self._tiles[i]

    def _layout_tiles(self) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
            tile.hide()
            tile.stop()
        side = int(math.isqrt(self.grid_size))
        for i in range(self.grid_size):
            tile = self._tile(i)
            self._grid.addWidget(tile, i // side, i % side)
            tile.show()
        for i in range(side):
            self._grid.setRowStretch(i, 1)
            self._grid.setColumnStretch(i, 1)
        self._assign()

    def _assign(self) -> None:
        for i, tile in enumerate(self.tiles()):
            cid = self._cameras[i] if i < len(self._cameras) else ""
            rec = self._state.get("cameras", cid) if cid else None
            url = self._resolve(rec["stream_url"]) if rec and rec.get("stream_url") else None
            if cid and rec is None:
                tile.set_camera(cid, cid, None)
                tile.stop()          # not in the picture yet: wait for it, do not fail
                continue
            tile.set_camera(cid, (rec or {}).get("name", cid), url)
            if self._on_screen and cid and not tile.is_playing:
                tile.play()
            elif not cid:
                tile.stop()
        self.hint.setVisible(not self._cameras)

    def _on_state_layer_changed(self, layer: str, upserts: list, _removed: list) -> None:
        if layer == "cameras" and self._cameras:
            shown = set(self._cameras[:self.grid_size])
            if any(r.get("id") in shown for r in upserts):
                self._assign()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._on_screen = True
        self._assign()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self._on_screen = False
        for tile in self._tiles:
            tile.stop()

    # -- remembered ---------------------------------------------------------------------------------
    def _restore(self) -> None:
        n, cams = 4, []
        if self._qs is not None:
            try:
                n = int(self._qs.value(KEY_GRID, 4))
            except (TypeError, ValueError):
                n = 4
            raw = self._qs.value(KEY_CAMERAS, "")
            cams = [c for c in (raw if isinstance(raw, list) else str(raw).split(",")) if c]
        self._cameras = cams[:max(GRID_SIZES)]
        self.set_grid(n if n in GRID_SIZES else 4)
        self._assign()

    def _save(self) -> None:
        if self._qs is not None:
            self._qs.setValue(KEY_GRID, self.grid_size)
            self._qs.setValue(KEY_CAMERAS, ",".join(self._cameras))
