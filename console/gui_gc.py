"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate past its
threshold: the sync worker, a requests thread, the embedded server. A Qt object caught in a
reference cycle (a widget held by a closure it owns, a flow and its timer) is then deleted on
that thread, and Qt either warns ("QObject::~QObject: Timers cannot be stopped from another
thread") or crashes in the next event it processes. Issue 18 traced one such crash here.

So automatic collection is switched off for the process and a timer on the GUI thread does
the same work: every tick it looks at the generation counts and collects a generation when
its count has passed the threshold Python itself would have used (the technique pyqtgraph
uses for the same reason). Objects without cycles are still freed at once by reference
counting; young cycles wait for at most one tick.

A full (oldest-generation) collection with the map's scene loaded costs ~45 ms of the GUI
thread (docs/map.md). Python spaces those out by a heuristic of its own (only when the objects
waiting for one are a quarter of those that survived the last); here they are spaced by time
instead, at most one per FULL_EVERY_S, so a busy map never stutters for them.
"""
from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

TICK_MS = 500
FULL_EVERY_S = 30.0


class GuiThreadCollector(QObject):
    """Switches automatic collection off and collects on the GUI thread instead.

    Create it on the GUI thread, once per process; `stop()` puts automatic collection back
    as it was.
    """

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.collections = 0  # how many collections this object ran (for tests and logs)
        self._last_full = time.monotonic()

    def tick(self) -> None:
        """Collect the oldest generation whose count is past its threshold (with the younger)."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            threshold = self._thresholds[generation]
            if not threshold or counts[generation] <= threshold:
                continue
            if generation == 2:
                now = time.monotonic()
                if now - self._last_full < FULL_EVERY_S:
                    continue  # not yet: the middle generation's collection below will do
                self._last_full = now
            gc.collect(generation)
            self.collections += 1
            return

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


_installed: GuiThreadCollector | None = None


def install(app: QObject) -> GuiThreadCollector:
    """The process's collector, owned by `app` (the QApplication); made on the first call."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(app)
    return _installed


def installed() -> GuiThreadCollector | None:
    """The process's collector if `install` has made it, else None."""
    return _installed
