"""Sensor trends: live plot of the selected sensors (several overlaid) with their threshold
lines; history of the last hour / day / week fetched off the UI thread and decimated to
min/max per pixel column, so a week of minute readings draws at once; export PNG and CSV."""
from __future__ import annotations

import csv
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QComboBox, QGraphicsItem, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.alarm_rules import RuleSet
from core.state import LiveState
from widgets import labels
from widgets.bind import bind

SPANS = {"hour": 3600, "day": 86400, "week": 7 * 86400}
REDRAW_MS = 1000
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
_LEVEL_PENS = {"alarm": "#d7191c", "warning": "#f2c81d"}

Fetch = Callable[[str, datetime, datetime], list]   # (sensor_id, since, until) -> [{"value","at"}...]


def decimate(t: np.ndarray, v: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """At most 2 points per bucket of equal time: the bucket's min and max at its centre, so
    spikes survive. `t` must be sorted; short series come back unchanged."""
    n = len(t)
    if n <= 2 * buckets or buckets < 1:
        return t, v
    t0, t1 = float(t[0]), float(t[-1])
    width = (t1 - t0) / buckets or 1.0
    idx = np.minimum(((t - t0) / width).astype(np.int64), buckets - 1)
    starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
    mins = np.minimum.reduceat(v, starts)
    maxs = np.maximum.reduceat(v, starts)
    centres = t0 + (idx[starts] + 0.5) * width
    return np.repeat(centres, 2), np.column_stack([mins, maxs]).ravel()


# Pixmap cache the cached plot parts need: the grid makes each axis's pixmap cover the whole
# plot area, and Qt's default 10 MB holds fewer than 20 plots' axes, so they thrashed.
_PIXMAP_CACHE_KB = 64 * 1024


def _cache_static(*items) -> None:
    """Draw items that change only when the range or labels change (axes with their tick text
    and grid, legend, threshold labels) from a cached pixmap: replaying their text on every
    frame was most of a live frame's time."""
    if QPixmapCache.cacheLimit() < _PIXMAP_CACHE_KB:
        QPixmapCache.setCacheLimit(_PIXMAP_CACHE_KB)
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def api_fetcher(api) -> Fetch:
    """A Fetch over the server's GET /sensors/{id}/readings, for use off the UI thread."""
    def fetch(sensor_id: str, since: datetime, until: datetime) -> list:
        return api.sensor_readings(sensor_id, since.isoformat(), until.isoformat())
    return fetch


class _Series:
    def __init__(self, curve, kind: str) -> None:
        self.curve = curve
        self.kind = kind
        self.t = np.empty(0)
        self.v = np.empty(0)

    def extend(self, t: np.ndarray, v: np.ndarray) -> None:
        self.t = np.concatenate([self.t, t])
        self.v = np.concatenate([self.v, v])
        if len(self.t) > 1 and np.any(self.t[1:] < self.t[:-1]):
            order = np.argsort(self.t, kind="stable")
            self.t, self.v = self.t[order], self.v[order]


class SensorTrends(QWidget):
    history_loaded = Signal(str, object, object)    # sensor_id, times (epoch s), values; or error text
    redrawn = Signal()                               # curves updated from the data

    def __init__(self, state: LiveState, parent: QWidget | None = None, *, rules: RuleSet | None = None,
                 fetch: Fetch | None = None, clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self._state = state
        self._rules = rules
        self._fetch = fetch
        self._clock = clock
        self._series: dict[str, _Series] = {}
        self._lines: list = []
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="trends")
        self.plot = pg.PlotWidget(self, axisItems={"bottom": pg.DateAxisItem()})
        legend = self.plot.addLegend()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        _cache_static(self.plot.getPlotItem().getAxis("bottom"), self.plot.getPlotItem().getAxis("left"), legend)
        self._vb = self.plot.getPlotItem().vb
        # the y range is fitted in redraw() from the drawn arrays: pyqtgraph's own autorange
        # walks every item's bounds in Python on each paint; a mouse zoom stops the fitting
        self._vb.disableAutoRange()
        self._follow_y = True
        self._y_range: tuple[float, float] | None = None
        self._vb.sigRangeChangedManually.connect(self._on_vb_range_changed_manually)
        self.span = QComboBox(self)
        for key, text in (("hour", self.tr("近1小时")), ("day", self.tr("近1天")), ("week", self.tr("近1周"))):
            self.span.addItem(text, key)
        self.status = QLabel(self)
        png = QPushButton(self.tr("导出PNG"), self)
        csv_ = QPushButton(self.tr("导出CSV"), self)
        clear = QPushButton(self.tr("清空"), self)
        bar = QHBoxLayout()
        bar.addWidget(self.span)
        bar.addWidget(self.status, 1)
        for b in (png, csv_, clear):
            bar.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(bar)
        lay.addWidget(self.plot, 1)
        self._redraw_timer = QTimer(self, interval=REDRAW_MS)
        self._redraw_timer.timeout.connect(self.redraw)
        self._redraw_timer.start()
        self._dirty = False
        self._x_start = float("-inf")
        self.span.currentIndexChanged.connect(self._on_span_current_index_changed)
        png.clicked.connect(self._on_png_clicked)
        csv_.clicked.connect(self._on_csv_clicked)
        clear.clicked.connect(self.clear)
        self.history_loaded.connect(self._on_self_history_loaded)
        bind(state.layer_changed, self._on_state_layer_changed, self)
        self.destroyed.connect(lambda *_: self._pool.shutdown(wait=False, cancel_futures=True))

    # -- sensors -----------------------------------------------------------------------------
    def sensors(self) -> list[str]:
        return list(self._series)

    def span_seconds(self) -> int:
        return SPANS[self.span.currentData()]

    def add_sensor(self, sensor_id: str) -> None:
        """Overlay a sensor: its history over the current span is fetched, then it follows live."""
        if sensor_id in self._series:
            return
        rec = self._state.get("sensors", sensor_id) or {}
        colour = _PALETTE[len(self._series) % len(_PALETTE)]
        name = f"{sensor_id} {labels.sensor_kind(rec.get('kind', ''))}".strip()
        # a bare PlotCurveItem: PlotDataItem's setData cost ~1 ms of Python per plot per tick;
        # a 1 px cosmetic pen takes Qt's fast line path (1.5 px was stroked as polygons)
        curve = pg.PlotCurveItem(pen=pg.mkPen(colour, width=1), name=name, skipFiniteCheck=True)
        self.plot.addItem(curve)
        self._series[sensor_id] = _Series(curve, rec.get("kind", ""))
        self._update_thresholds()
        self._load(sensor_id)

    def remove_sensor(self, sensor_id: str) -> None:
        s = self._series.pop(sensor_id, None)
        if s is not None:
            self.plot.removeItem(s.curve)
            self._update_thresholds()

    def clear(self) -> None:
        for sid in list(self._series):
            self.remove_sensor(sid)

    def _update_thresholds(self) -> None:
        for line in self._lines:
            self.plot.removeItem(line)
        self._lines = []
        if self._rules is None:
            return
        for kind in sorted({s.kind for s in self._series.values()}):
            unit = self._rules.kinds[kind].unit if kind in self._rules.kinds else ""
            for value, level in self._rules.thresholds(kind):
                line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(_LEVEL_PENS[level], style=pg.QtCore.Qt.PenStyle.DashLine),
                                       label=f"{labels.sensor_kind(kind)} {value:g} {unit}",
                                       labelOpts={"position": 0.05, "color": _LEVEL_PENS[level]})
                self.plot.addItem(line)
                _cache_static(line.label)
                self._lines.append(line)
        self._dirty = True

    def set_rules(self, rules: RuleSet | None) -> None:
        """New alarm rules: the threshold lines follow them."""
        self._rules = rules
        self._update_thresholds()
        self.redraw()

    def threshold_values(self) -> list[float]:
        return [ln.value() for ln in self._lines]

    # -- history, off the UI thread ----------------------------------------------------------
    def _load(self, sensor_id: str) -> None:
        if self._fetch is None:
            return
        until = datetime.fromtimestamp(self._clock(), timezone.utc)
        since = datetime.fromtimestamp(self._clock() - self.span_seconds(), timezone.utc)
        self.status.setText(self.tr("正在读取历史数据……"))
        self._pool.submit(self._fetch_in_thread, sensor_id, since, until)

    def _fetch_in_thread(self, sensor_id: str, since: datetime, until: datetime) -> None:
        try:
            rows = self._fetch(sensor_id, since, until)
            t = np.fromiter((datetime.fromisoformat(r["at"]).timestamp() for r in rows), float, len(rows))
            v = np.fromiter((float(r["value"]) for r in rows), float, len(rows))
            self.history_loaded.emit(sensor_id, t, v)   # queued to the UI thread
        except Exception as exc:  # the panel says why, the live plot keeps going
            self.history_loaded.emit(sensor_id, None, str(exc))

    def _on_self_history_loaded(self, sensor_id: str, t, v) -> None:
        s = self._series.get(sensor_id)
        if s is None:
            return
        if t is None:
            self.status.setText(self.tr("读取 %1 历史数据失败：%2").replace("%1", sensor_id).replace("%2", v))
            return
        live_from = t[-1] if len(t) else -np.inf
        keep = s.t > live_from       # live points that arrived while fetching
        s.t, s.v = np.concatenate([t, s.t[keep]]), np.concatenate([v, s.v[keep]])
        self.status.setText(self.tr("%1：%2 条读数").replace("%1", sensor_id).replace("%2", f"{len(t):,}"))
        self._dirty = True
        self.redraw()

    def _on_span_current_index_changed(self, _i: int) -> None:
        for sid, s in self._series.items():
            s.t, s.v = np.empty(0), np.empty(0)
            self._load(sid)
        self._dirty = True
        self._x_start = float("-inf")
        self._follow_y, self._y_range = True, None

    # -- live --------------------------------------------------------------------------------
    def _on_state_layer_changed(self, layer: str, upserts: list, _removed: list) -> None:
        if layer != "sensors" or not self._series:
            return
        now = self._clock()
        for rec in upserts:
            s = self._series.get(rec.get("id"))
            if s is not None and rec.get("value") is not None:
                s.extend(np.array([now]), np.array([float(rec["value"])]))
                self._dirty = True

    def redraw(self) -> None:
        """Redraw changed curves, each decimated to the plot's width in pixels. A hidden plot
        is skipped and stays dirty: it is drawn when shown again."""
        if not self._dirty or not self.isVisible():
            return
        self._dirty = False
        now = self._clock()
        start = now - self.span_seconds()
        buckets = max(int(self._vb.width()), 200)
        lo, hi = np.inf, -np.inf
        for s in self._series.values():
            first = np.searchsorted(s.t, start)
            if first:
                s.t, s.v = s.t[first:], s.v[first:]
            x, y = decimate(s.t, s.v, buckets)
            s.curve.setData(x, y)
            if len(y):
                lo, hi = min(lo, float(y.min())), max(hi, float(y.max()))
        # moving the axis repaints and re-labels it: only when time has moved a pixel column
        if abs(start - self._x_start) >= self.span_seconds() / buckets:
            self._x_start = start
            self.plot.setXRange(start, now, padding=0)
        self._fit_y(lo, hi)
        self.redrawn.emit()

    def _fit_y(self, lo: float, hi: float) -> None:
        """Fit y to the data, zero and the threshold lines, so a reading is always seen
        against its thresholds; re-set only when the fit changes (that re-labels the axis)."""
        values = self.threshold_values()
        if lo > hi:  # no readings in the span: still show where the thresholds are
            if not values:
                return
            lo = hi = 0.0
        if not self._follow_y:
            return
        lo, hi = min(lo, 0.0, *values), max(hi, *values) if values else hi
        pad = (hi - lo) * 0.05 or 1.0
        fit = (lo - pad, hi + pad)
        if fit != self._y_range:
            self._y_range = fit
            self._vb.setYRange(*fit, padding=0)

    def _on_vb_range_changed_manually(self, _mask) -> None:
        self._follow_y = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()   # catches up on what arrived while hidden

    def drawn(self, sensor_id: str) -> tuple[np.ndarray, np.ndarray]:
        """The points of a sensor's curve as drawn (after decimation)."""
        x, y = self._series[sensor_id].curve.getData()
        return (np.empty(0), np.empty(0)) if x is None else (x, y)

    # -- export ------------------------------------------------------------------------------
    def export_csv(self, path: str | Path) -> int:
        """Every reading held (not decimated): sensor_id, at (ISO 8601 UTC), value; returns rows."""
        n = 0
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["sensor_id", "at", "value"])
            for sid, s in self._series.items():
                for t, v in zip(s.t.tolist(), s.v.tolist()):
                    w.writerow([sid, datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds"), f"{v:g}"])
                    n += 1
        return n

    def export_png(self, path: str | Path) -> bool:
        return self.plot.grab().save(str(path), "PNG")

    def _on_png_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出PNG"), "trends.png", "PNG (*.png)")
        if path:
            self.export_png(path)

    def _on_csv_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出CSV"), "trends.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)
