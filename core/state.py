"""The console's in-memory picture of the world, with change signals.

One owner (the sync engine or the demo loader) writes into it; the map bridge and the panels
observe it. Its signals are psygnal's: a slot runs on the thread that emits (the asyncio loop's;
under the GUI that is the GUI thread), and widgets connect through widgets/bind.py, which
delivers on the GUI thread and disconnects when the widget is destroyed. Records are the plain dicts described in maps/scene.py, keyed by their "id".
Each record may carry "seen_at" (ISO 8601): when this console last heard of it, so that an
offline console can show the age of what it shows.
"""
from __future__ import annotations

from collections.abc import Iterable

from psygnal import Signal

LAYERS = ("incidents", "units", "sensors", "cameras", "tasks", "alerts")


class LiveState:
    # layer name, upserted records (list[dict]), removed ids (list[str])
    layer_changed = Signal(str, object, object)
    # layer name ("" when cleared), record id ("" when cleared)
    selection_changed = Signal(str, str)

    def __init__(self) -> None:
        self._layers: dict[str, dict[str, dict]] = {name: {} for name in LAYERS}
        self._selection: tuple[str, str] = ("", "")
        self._replacing = False

    @property
    def replacing(self) -> bool:
        """True while observers receive a whole-layer replacement (a snapshot, not news)."""
        return self._replacing

    def records(self, layer: str) -> dict[str, dict]:
        """The live records of a layer by id (read-only by convention: write through apply)."""
        return self._layers[layer]

    def get(self, layer: str, record_id: str) -> dict | None:
        return self._layers[layer].get(record_id)

    def replace(self, layer: str, records: Iterable[dict]) -> None:
        """Replace a whole layer (a fresh snapshot); observers get removes then upserts."""
        old = self._layers[layer]
        new = {r["id"]: r for r in records}
        removed = [rid for rid in old if rid not in new]
        self._layers[layer] = new
        self._replacing = True
        try:
            self.layer_changed.emit(layer, list(new.values()), removed)
        finally:
            self._replacing = False

    def apply(self, layer: str, upserts: Iterable[dict] = (), removes: Iterable[str] = ()) -> None:
        """Apply a delta; an upsert merges into the existing record of the same id."""
        store = self._layers[layer]
        changed = []
        for rec in upserts:
            merged = {**store.get(rec["id"], {}), **rec}
            store[rec["id"]] = merged
            changed.append(merged)
        removed = [rid for rid in removes if store.pop(rid, None) is not None]
        if changed or removed:
            self.layer_changed.emit(layer, changed, removed)

    @property
    def selection(self) -> tuple[str, str]:
        return self._selection

    def select(self, layer: str, record_id: str) -> None:
        """Select one item everywhere (map and panels); selecting it again is a no-op."""
        if (layer, record_id) != self._selection:
            self._selection = (layer, record_id)
            self.selection_changed.emit(layer, record_id)
