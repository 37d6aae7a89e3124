"""The QWebChannel object between MapView and its page, and the delta pump that feeds it.

Qt -> page: `to_page` carries one ordered stream of JSON messages (maps/wire.py deltas and
commands). Page -> Qt: the slots below, user intents plus the page's own reports.

Deltas from LiveState are coalesced per layer (the latest record per id wins) and flushed at
most once per ~16 ms; encoding runs on one worker thread, in order, so that a 100,000-record
snapshot never stalls the Qt thread (json/base64 hold the GIL only per 25,000-record chunk).
"""
from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from maps import wire

log = logging.getLogger(__name__)


class MapBridge(QObject):
    # one JSON message for the page (a layer delta or a command)
    to_page = Signal(str)
    # page -> Qt, re-emitted for MapView: layer, id
    select_requested = Signal(str, str)
    # layer ("" on empty map), id, lon, lat, x, y (view coordinates)
    context_menu_requested = Signal(str, str, float, float, int, int)
    # lon, lat of a click on empty map
    map_clicked = Signal(float, float)
    # GeoJSON Feature (dict) of a drawn circle or polygon
    area_drawn = Signal(dict)
    # the page connected its channel and wants its data
    page_loaded = Signal()
    # the page drew everything sent before sync token n
    drawn_through = Signal(int)
    # the page's statistics of the last second: frames, lags (ms list), drawMs, draws, at
    stats_reported = Signal(dict)
    # the operator switched a layer on or off: the keys of the layers now off (list[str])
    hidden_layers_changed = Signal(list)

    @Slot(str, str)
    def select(self, layer: str, record_id: str) -> None:
        self.select_requested.emit(layer, record_id)

    @Slot(str, str, float, float, int, int)
    def context_menu(self, layer: str, record_id: str, lon: float, lat: float, x: int, y: int) -> None:
        self.context_menu_requested.emit(layer, record_id, lon, lat, x, y)

    @Slot(float, float)
    def map_clicked_at(self, lon: float, lat: float) -> None:
        self.map_clicked.emit(lon, lat)

    @Slot(str)
    def area(self, geojson: str) -> None:
        try:
            self.area_drawn.emit(json.loads(geojson))
        except ValueError:
            log.warning("map page sent an unreadable drawn area: %.200s", geojson)

    @Slot()
    def loaded(self) -> None:
        self.page_loaded.emit()

    @Slot(int)
    def drawn(self, token: int) -> None:
        self.drawn_through.emit(token)

    @Slot(str)
    def layers(self, text: str) -> None:
        try:
            hidden = json.loads(text)
        except ValueError:
            log.warning("map page sent unreadable layer choices: %.200s", text)
            return
        if isinstance(hidden, list):
            self.hidden_layers_changed.emit([str(k) for k in hidden])

    @Slot(str)
    def stats(self, text: str) -> None:
        self.stats_reported.emit(json.loads(text))


class DeltaPump(QObject):
    """Coalesces layer deltas and pushes them, encoded off the Qt thread, in order."""

    # list of messages (str) or binary blocks (name, bytes, layer, removed, t), from the worker
    _encoded = Signal(object)

    def __init__(self, bridge: MapBridge, publish=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._publish = publish  # publish(name, bytes) -> URL the page can fetch, or None
        self._blobs = 0
        self._pending: dict[str, dict] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-encode")
        self._timer = QTimer(self, singleShot=True, interval=16)
        self._timer.timeout.connect(self.flush)
        self._encoded.connect(self._on_self_encoded)
        self.active = False  # False until a snapshot was started: deltas before it are moot
        self._closed = False
        self._held: list[str] | None = None  # messages kept until the page is listening

    def close(self) -> None:
        """Stop for good (the view is closing): queued deltas are dropped."""
        self.active = False
        self._closed = True
        self._pending.clear()
        self._timer.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def add(self, layer: str, upserts: list[dict], removed: list[str]) -> None:
        """Queue a delta; the newest record per id wins, a removal cancels a queued upsert."""
        if not self.active:
            return
        p = self._pending.get(layer)
        if p is None:
            p = self._pending[layer] = {"up": {}, "rm": set(), "t": time.time() * 1000}
        up, rm = p["up"], p["rm"]
        for rec in upserts:
            rid = rec["id"]
            up[rid] = rec
            rm.discard(rid)
        for rid in removed:
            up.pop(rid, None)
            rm.add(rid)
        if not self._timer.isActive():
            self._timer.start()

    @property
    def holding(self) -> bool:
        return self._held is not None

    def hold(self) -> None:
        """Keep encoded messages instead of sending them (the page is still loading)."""
        self._held = []

    def release(self) -> None:
        """The page listens now: send what was held, then go live."""
        held, self._held = self._held or [], None
        self._on_self_encoded(held)

    def send_snapshot(self, layers: dict[str, list[dict]], token: int) -> None:
        """Replace the page's picture: whole layers, then a sync marker the page answers.
        Deltas queued before this are dropped: the snapshot already contains them."""
        self.active = True
        self._pending.clear()
        now = time.time() * 1000
        for layer, recs in layers.items():
            self._submit(layer, list(recs), [], now)
        self.command({"cmd": "sync", "token": token})

    def command(self, cmd: dict) -> None:
        """A command for the page, kept in order behind the deltas already queued."""
        self.flush()
        text = json.dumps(cmd, ensure_ascii=False)
        if not self._closed:
            self._executor.submit(lambda: self._encoded.emit([text]))

    @Slot()
    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for layer, p in pending.items():
            self._submit(layer, list(p["up"].values()), list(p["rm"]), p["t"])

    def _submit(self, layer: str, upserts: list[dict], removed: list[str], t: float) -> None:
        if self._closed:
            return
        binary = (self._publish is not None and layer in wire.POINT_LAYERS
                  and len(upserts) >= wire.BINARY_MIN)
        if binary:
            self._blobs += 1
            name = f"{layer}-{self._blobs}.bin"

        def work() -> None:
            try:
                if binary:
                    data = wire.encode_binary(layer, upserts)
                    self._encoded.emit([(name, data, layer, removed, t)])
                    return
                self._encoded.emit(wire.messages(layer, upserts, removed, t))
            except Exception:  # one bad record must not stop the map
                log.exception("could not encode %d %s records for the map", len(upserts), layer)
        self._executor.submit(work)

    @Slot(object)
    def _on_self_encoded(self, texts: list[str]) -> None:
        if self._held is not None:
            self._held.extend(texts)
            return
        for item in texts:
            if isinstance(item, tuple):  # a binary block: publish it, then tell the page
                name, data, layer, removed, t = item
                url = self._publish(name, data)
                item = json.dumps({"layer": layer, "blob": url, "remove": removed, "t": t})
            self._bridge.to_page.emit(item)
