"""Sensor trends: decimation keeps every bucket's min and max, a week of minute readings is
drawn decimated, live readings extend the curve, threshold lines, CSV and PNG export."""
from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from core.alarm_rules import load_rules
from core.state import LiveState
from widgets.sensor_trends import SensorTrends, decimate

NOW = 1_800_000_000.0


def test_decimate_keeps_min_and_max_of_each_bucket():
    rng = np.random.default_rng(3)
    t = np.arange(10_080, dtype=float) * 60
    v = rng.normal(10, 1, t.size)
    v[5000] = 99.0        # a one-minute spike must survive
    v[7000] = -50.0
    x, y = decimate(t, v, 500)
    assert len(x) <= 1000 and y.max() == 99.0 and y.min() == -50.0
    assert np.all(np.diff(x) >= 0) and x[0] >= t[0] and x[-1] <= t[-1]
    # every bucket's extremes equal the raw extremes of the same time slice
    width = (t[-1] - t[0]) / 500
    for b in (0, 123, 357, 499):
        sl = (t >= t[0] + b * width) & ((t < t[0] + (b + 1) * width) if b < 499 else True)
        i = np.flatnonzero(np.isclose(x, t[0] + (b + 0.5) * width))
        assert sorted(y[i]) == [v[sl].min(), v[sl].max()]
    short_x, short_y = decimate(t[:50], v[:50], 500)
    assert short_x is t[:50].base or np.array_equal(short_x, t[:50])


def week_of_minutes(sensor_id, since, until):
    """Readings as the server answers them: oldest first, ISO times."""
    start = until - timedelta(days=7)
    return [{"sensor_id": sensor_id, "value": 10 + (i % 60) / 10 + (40 if i == 4321 else 0),
             "at": (start + timedelta(minutes=i)).isoformat()} for i in range(7 * 24 * 60)]


@pytest.fixture()
def trends(qtbot):
    state = LiveState()
    state.replace("sensors", [{"id": "co-1", "kind": "co", "state": "normal", "value": 3.0, "unit": "ppm",
                               "lon": 116.4, "lat": 39.9},
                              {"id": "gas-1", "kind": "gas", "state": "normal", "value": 1.0, "unit": "%LEL",
                               "lon": 116.4, "lat": 39.9}])
    w = SensorTrends(state, rules=load_rules(), fetch=week_of_minutes, clock=lambda: NOW)
    qtbot.addWidget(w)
    w.resize(900, 400)
    w.show()
    w.span.setCurrentIndex(w.span.findData("week"))
    return w, state


def test_week_history_drawn_decimated_with_spike_and_thresholds(qtbot, trends):
    w, _ = trends
    with qtbot.waitSignal(w.history_loaded, timeout=10_000):
        w.add_sensor("co-1")
    x, y = w.drawn("co-1")
    assert 0 < len(x) <= 2 * max(w.plot.getPlotItem().vb.width(), 200)
    assert y.max() == pytest.approx(10 + 4321 % 60 / 10 + 40) and y.min() == 10
    assert sorted(w.threshold_values()) == [25.0, 50.0]
    assert "10,080" in w.status.text()


def test_several_sensors_overlaid_and_live_readings_extend(qtbot, trends):
    w, state = trends
    with qtbot.waitSignals([w.history_loaded, w.history_loaded], timeout=10_000):
        w.add_sensor("co-1")
        w.add_sensor("gas-1")
    assert w.sensors() == ["co-1", "gas-1"]
    assert sorted(w.threshold_values()) == [10.0, 25.0, 25.0, 50.0]
    state.apply("sensors", [{"id": "gas-1", "kind": "gas", "state": "alarm", "value": 33.0,
                             "unit": "%LEL", "lon": 116.4, "lat": 39.9}])
    with qtbot.waitSignal(w.redrawn, timeout=3000):
        pass
    x, y = w.drawn("gas-1")
    assert y[-1] == 33.0 and x[-1] == pytest.approx(NOW, abs=1000)   # the last bucket's max
    w.remove_sensor("gas-1")
    assert w.sensors() == ["co-1"] and sorted(w.threshold_values()) == [25.0, 50.0]


def test_export_csv_and_png(qtbot, trends, tmp_path):
    w, state = trends
    with qtbot.waitSignal(w.history_loaded, timeout=10_000):
        w.add_sensor("co-1")
    state.apply("sensors", [{"id": "co-1", "kind": "co", "state": "alarm", "value": 55.5, "unit": "ppm",
                             "lon": 116.4, "lat": 39.9}])
    n = w.export_csv(tmp_path / "t.csv")
    rows = list(csv.reader((tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["sensor_id", "at", "value"] and n == len(rows) - 1 == 10_081
    assert rows[-1] == ["co-1", datetime.fromtimestamp(NOW, timezone.utc).isoformat(timespec="seconds"), "55.5"]
    assert rows[1][0] == "co-1" and rows[1][2] == "10"
    assert w.export_png(tmp_path / "t.png")
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_failed_fetch_is_reported(qtbot):
    def broken(sensor_id, since, until):
        raise ConnectionError("127.0.0.1:9 refused")
    state = LiveState()
    w = SensorTrends(state, fetch=broken, clock=lambda: NOW)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.history_loaded, timeout=5000):
        w.add_sensor("x-1")
    assert "x-1" in w.status.text() and "refused" in w.status.text()


def test_history_from_a_real_server(qtbot, tmp_path):
    """Readings posted to a real server process come back through api_fetcher into the plot."""
    import requests

    from core.api import ApiClient
    from server.embedded import start_embedded
    from widgets.sensor_trends import api_fetcher

    srv = start_embedded(f"sqlite:///{tmp_path / 'srv.sqlite'}")
    try:
        api = ApiClient(srv.url)
        sensor = next(s for s in api.snapshot()["sensors"] if s["kind"] == "co")
        now = datetime.now(timezone.utc).replace(microsecond=0)
        items = [{"sensor_id": sensor["id"], "value": 4.0 + i, "at": (now - timedelta(minutes=30 - i)).isoformat()}
                 for i in range(30)]
        requests.post(f"{srv.url}/api/v1/readings", json=items, timeout=10,
                      headers=srv.auth_headers()).raise_for_status()
        state = LiveState()
        state.replace("sensors", [sensor])
        w = SensorTrends(state, rules=load_rules(), fetch=api_fetcher(api))
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.history_loaded, timeout=15_000) as got:
            w.add_sensor(sensor["id"])
        assert got.args[1] is not None, got.args[2]
        x, y = w.drawn(sensor["id"])
        assert list(y) == [4.0 + i for i in range(30)]
        assert x[0] == pytest.approx((now - timedelta(minutes=30)).timestamp())
    finally:
        srv.stop()


def test_hidden_plot_is_skipped_and_catches_up_when_shown(qtbot, trends):
    """20 plots in tabs: only those on screen pay for a redraw; a plot shown again draws
    what arrived while it was hidden."""
    w, state = trends
    with qtbot.waitSignal(w.history_loaded, timeout=10_000):
        w.add_sensor("co-1")
    w.hide()
    state.apply("sensors", [{"id": "co-1", "kind": "co", "state": "alarm", "value": 77.0, "unit": "ppm",
                             "lon": 116.4, "lat": 39.9}])
    with qtbot.assertNotEmitted(w.redrawn, wait=50):
        w.redraw()
    assert w.drawn("co-1")[1][-1] != 77.0
    with qtbot.waitSignal(w.redrawn, timeout=3000):
        w.show()
    assert w.drawn("co-1")[1][-1] == 77.0


def test_threshold_lines_and_readings_in_view_and_legend_named(qtbot, trends):
    w, state = trends
    with qtbot.waitSignal(w.history_loaded, timeout=10_000):
        w.add_sensor("co-1")
    lo, hi = w.plot.getPlotItem().vb.viewRange()[1]
    # CO readings of 10..16 ppm sit below the 25 / 50 ppm lines: both lines stay on screen
    assert lo <= 0 and hi > 50
    state.apply("sensors", [{"id": "co-1", "kind": "co", "state": "alarm", "value": 180.0, "unit": "ppm",
                             "lon": 116.4, "lat": 39.9}])
    with qtbot.waitSignal(w.redrawn, timeout=3000):
        pass
    assert w.plot.getPlotItem().vb.viewRange()[1][1] > 180
    names = [label.text for _sample, label in w.plot.getPlotItem().legend.items]
    assert any(n.startswith("co-1") for n in names)


def test_a_sensor_without_readings_still_shows_its_thresholds(qtbot):
    """An offline CO sensor has nothing in the last hour: the plot still opens on 0..50 ppm,
    the lines the next reading will be judged against, not on an empty 0..1."""
    state = LiveState()
    state.replace("sensors", [{"id": "co-quiet", "kind": "co", "state": "offline", "unit": "ppm",
                               "lon": 116.4, "lat": 39.9}])
    w = SensorTrends(state, rules=load_rules(), fetch=lambda sid, since, until: [], clock=lambda: NOW)
    qtbot.addWidget(w)
    w.resize(900, 400)
    w.show()
    with qtbot.waitSignal(w.history_loaded, timeout=10_000):
        w.add_sensor("co-quiet")
    w.redraw()
    lo, hi = w.plot.getPlotItem().vb.viewRange()[1]
    assert lo <= 0 and hi > 50
