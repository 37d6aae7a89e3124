"""Shared pieces of the benchmark groups: the figure record and small measuring helpers."""
from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Callable


@dataclass
class Figure:
    bench: str
    figure: str
    value: float
    unit: str
    target: float | None = None
    # True when lower is better (times, memory); False for rates (events/s, fps)
    lower_is_better: bool = True

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    def to_json(self) -> str:
        d = asdict(self)
        del d["lower_is_better"]
        d["value"] = round(self.value, 4) if isinstance(self.value, float) else self.value
        d["ok"] = self.ok
        return json.dumps(d, ensure_ascii=False)


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of fn() over `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a process in MiB, from /proc."""
    path = f"/proc/{pid or 'self'}/status"
    with open(path) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def qt_app():
    """The process's QApplication, made on first use as the console makes it (its URL schemes
    registered first; offscreen without a display). Every group takes it from here: groups run
    one after another in one process, and a widget made on a QCoreApplication left by an
    earlier group aborts the process."""
    import os

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        from console.schemes import register_url_schemes

        register_url_schemes()  # before the application exists, or QtWebEngine ignores them
        app = QApplication([])
        from console.gui_gc import install

        install(app)  # cycles collected on the GUI thread, as in the console (console/gui_gc.py)
    return app
