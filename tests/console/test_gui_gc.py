"""Qt objects caught in reference cycles are freed on the GUI thread, never on a worker's.

The crash this guards against (issue 18): the sync worker allocated past the collector's
threshold, Python collected a cycle holding a QObject with a running timer on that thread,
and Qt warned "Timers cannot be stopped from another thread" before crashing later.
"""
from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QTimer


class _Flow(QObject):
    """A QObject with a running timer, kept alive only by a cycle through a closure."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.start(60_000)
        self.on_answer = lambda: self  # the cycle: self → lambda → self


def _worker_allocates() -> None:
    junk = [[i] for i in range(200_000)]  # far past the first generation's threshold
    del junk


def test_a_cycle_made_on_the_gui_thread_is_freed_there_although_a_worker_allocates(qtbot):
    from console.gui_gc import installed

    collector = installed()
    assert collector is not None and not gc.isenabled()  # automatic collection is off
    gc.collect()
    freed_on: list[str] = []
    flow = _Flow()
    weakref.finalize(flow, lambda: freed_on.append(threading.current_thread().name))
    del flow

    worker = threading.Thread(target=_worker_allocates, name="sync-worker")
    worker.start()
    worker.join()
    assert freed_on == []  # the worker's allocations collected nothing

    collector.tick()
    gc.collect()  # whatever the tick left: still here, on this thread
    assert freed_on == [threading.main_thread().name]


def test_the_collector_collects_when_the_counts_pass_python_own_thresholds(qtbot):
    from console.gui_gc import installed

    collector = installed()
    before = collector.collections
    threads: set[str] = set()

    def note(phase, _info):
        if phase == "start":
            threads.add(threading.current_thread().name)

    def garbage_past_the_threshold() -> bool:
        # other objects freed meanwhile lower the count too: top it up until a tick collects
        while gc.get_count()[0] <= gc.get_threshold()[0]:
            a: list = []
            a.append(a)
        return collector.collections > before

    gc.callbacks.append(note)
    try:
        qtbot.waitUntil(garbage_past_the_threshold, timeout=5_000)  # the timer, by itself
    finally:
        gc.callbacks.remove(note)
    assert threads == {threading.main_thread().name}


def test_full_collections_are_spaced_so_a_busy_map_does_not_stutter(qtbot, monkeypatch):
    import console.gui_gc as gui_gc

    collector = gui_gc.installed()
    seen: list[int] = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    def push_oldest_count_past_its_threshold():
        for _ in range(gc.get_threshold()[2] + 1):
            gc.collect(1)  # each one adds 1 to the oldest generation's count

    gc.callbacks.append(note)
    try:
        monkeypatch.setattr(collector, "_last_full", gui_gc.time.monotonic())  # one just ran
        push_oldest_count_past_its_threshold()
        seen.clear()
        gc.collect(0)
        for _ in range(gc.get_threshold()[1] + 1):
            gc.collect(0)  # and the middle one's past its own
        seen.clear()
        collector.tick()
        assert seen == [1]  # a young collection now, the full one waits
        monkeypatch.setattr(collector, "_last_full", gui_gc.time.monotonic() - gui_gc.FULL_EVERY_S - 1)
        push_oldest_count_past_its_threshold()
        seen.clear()
        collector.tick()
        assert seen == [2]  # its time has come
    finally:
        gc.callbacks.remove(note)
