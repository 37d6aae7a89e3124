"""MapView on a real X server: what the page requests, what it draws, and what clicks do."""
from __future__ import annotations

import json
import math
import time

import pytest
from PySide6.QtCore import QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.state import LiveState
from maps.districts import load_district
from maps.places import locate
from widgets.map_schemes import RequestLog
from widgets.map_view import MapView

CENTRE = (116.4108, 39.9140)  # 王府井, Dongcheng
ZOOM = 15
W, H = 1000, 700


def _wait(cond, timeout=20.0):
    app = QApplication.instance()
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {cond}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _settle(seconds=0.4):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.instance().processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _js(view, script):
    box = []
    view.run_js(script, box.append)
    _wait(lambda: box)
    return box[0]


def _merc(lon, lat, z):
    n = 256 * 2 ** z
    s = math.sin(math.radians(lat))
    return (lon + 180) / 360 * n, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n


def _screen(lon, lat, centre=CENTRE, zoom=ZOOM):
    """Where a WGS84 point must appear in the view, by Web Mercator arithmetic of our own."""
    px, py = _merc(lon, lat, zoom)
    cx, cy = _merc(*centre, zoom)
    return round(W / 2 + px - cx), round(H / 2 + py - cy)


def _off(dx_px, dy_px):
    """A WGS84 point dx, dy pixels from the centre at ZOOM (east, south positive)."""
    n = 256 * 2 ** ZOOM
    cx, cy = _merc(*CENTRE, ZOOM)
    lon = (cx + dx_px) / n * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (cy + dy_px) / n))))
    return round(lon, 7), round(lat, 7)


SENSORS = {  # id: (state, dx, dy)
    "S-alarm": ("alarm", -200, -150), "S-normal": ("normal", -120, -150),
    "S-warning": ("warning", -40, -150), "S-offline": ("offline", 40, -150),
    "S-fault": ("fault", 120, -150),
}
COLOURS = {"alarm": (224, 36, 36), "normal": (46, 157, 79), "warning": (240, 163, 10),
           "offline": (140, 140, 140), "fault": (142, 68, 173)}


def _state() -> LiveState:
    st = LiveState()
    st.replace("sensors", [dict(id=k, kind="co", state=s, value=1.0, unit="ppm", district="110101",
                                **dict(zip(("lon", "lat"), _off(dx, dy))))
                           for k, (s, dx, dy) in SENSORS.items()])
    st.replace("units", [dict(id="U-1", callsign="消防车001", kind="fire_engine", status="available",
                              heading=0, station="站点01", district="110101",
                              **dict(zip(("lon", "lat"), _off(-150, 100)))),
                         dict(id="U-far", callsign="救护车009", kind="ambulance", status="en_route",
                              heading=90, station="站点09", district="110105", lon=116.60, lat=40.02)])
    st.replace("cameras", [dict(id="C-1", name="王府井口", direction=45, district="110101",
                                **dict(zip(("lon", "lat"), _off(100, 100))))])
    st.replace("incidents", [dict(id="INC-1", type="fire", title="居民楼火情", level="I", status="active",
                                  reported_at="2026-11-21T08:00:00+00:00", district="110101",
                                  **dict(zip(("lon", "lat"), _off(0, 100))))])
    return st


@pytest.fixture(scope="module")
def mapview(qapp):
    state = _state()
    view = MapView(state)
    view.resize(W, H)
    view.show()
    log = RequestLog()
    view.profile().setUrlRequestInterceptor(log)
    _wait(lambda: view.is_ready, 60)
    view.set_view(*CENTRE, ZOOM)
    _settle(1.5)
    view.requests = log
    yield view
    view.close()
    view.deleteLater()
    from PySide6.QtCore import QEvent
    for _ in range(3):  # deferred deletes: the page first, then its profile
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        _settle(0.1)


def _near(img, x, y, colour, radius=2, tol=30):
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = img.pixelColor(x + dx, y + dy)
            if abs(c.red() - colour[0]) + abs(c.green() - colour[1]) + abs(c.blue() - colour[2]) <= tol:
                return True
    return False


def test_the_page_requests_nothing_outside_the_console(mapview):
    urls = mapview.requests.urls
    assert any(u.startswith("app://local/leaflet/leaflet.js") for u in urls)
    # the base map came from MBTiles (zoom 15 itself, or the nearest lower zoom scaled up)
    assert any(u.startswith("tiles://local/") for u in urls)
    assert mapview.requests.external() == []


def test_screenshot_shows_markers_in_their_colours_where_they_belong(mapview):
    img = mapview.grab_map()
    assert (img.width(), img.height()) == (W, H)
    for sid, (state, dx, dy) in SENSORS.items():
        x, y = _screen(*_off(dx, dy))
        assert _near(img, x, y, COLOURS[state]), f"{sid} not drawn {state} at {x},{y}"
        assert not _near(img, x + 30, y + 30, COLOURS[state], radius=1)  # and not everywhere
    ux, uy = _screen(*_off(-150, 100))
    assert _near(img, ux - 6, uy + 4, (27, 158, 62), radius=2)  # unit: available = green disc
    ix, iy = _screen(*_off(0, 100))
    assert _near(img, ix - 7, iy + 6, (215, 25, 28), radius=2)  # incident level I = red
    # between the markers: the offline base map's district fill, not an empty grey
    bx, by = _screen(*_off(300, -250))
    assert _near(img, bx, by, (240, 244, 236), radius=3, tol=12)


def test_screenshot_shows_the_district_boundary(mapview):
    ring = load_district("110101").rings[0]
    lon, lat = (float(v) for v in ring[len(ring) // 3])
    mapview.set_view(lon, lat, 15)
    _settle(1.2)
    img = mapview.grab_map()
    x, y = _screen(lon, lat, centre=(lon, lat))
    assert _near(img, x, y, (106, 27, 154), radius=4, tol=45)
    # toggling the layer off in the layer control removes it
    _js(mapview, "document.querySelectorAll('.leaflet-control-layers-overlays input')[0].click(); 1")
    _settle(0.8)
    assert not _near(mapview.grab_map(), x, y, (106, 27, 154), radius=4, tol=45)
    _js(mapview, "document.querySelectorAll('.leaflet-control-layers-overlays input')[0].click(); 1")
    mapview.set_view(*CENTRE, ZOOM)
    _settle(1.0)


def test_clicking_a_sensor_selects_it_and_a_panel_selection_pans_and_highlights(mapview):
    state = mapview._state
    target = mapview._view.focusProxy()
    x, y = _screen(*_off(-40, -150))
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
    _wait(lambda: state.selection == ("sensors", "S-warning"))
    _wait(lambda: "S-warning" in (_js(mapview, "(document.querySelector('.leaflet-popup-content')||{}).textContent||''")))
    # a panel selects a unit far outside the view: the map pans to it and rings it
    state.select("units", "U-far")
    _wait(lambda: _js(mapview, "ECC.map.getBounds().contains([40.02, 116.60]) && ECC.layers.units.highlightId"),
          10)
    assert _js(mapview, "ECC.layers.units.highlightId") == "U-far"
    _wait(lambda: "救护车009" in _js(mapview, "Array.from(document.querySelectorAll('.leaflet-popup-content'))"
                                              ".pop()?.textContent ?? ''"))
    mapview.set_view(*CENTRE, ZOOM)
    _settle(1.0)


def test_live_deltas_recolour_points_without_rebuilding_the_page(mapview):
    _js(mapview, "window.__marker = 1; 1")
    mapview._state.apply("sensors", [{"id": "S-normal", "state": "alarm"}])
    x, y = _screen(*_off(-120, -150))
    _wait(lambda: _near(mapview.grab_map(), x, y, COLOURS["alarm"]), 10)
    mapview._state.apply("sensors", removes=["S-fault"])
    fx, fy = _screen(*_off(120, -150))
    _wait(lambda: not _near(mapview.grab_map(), fx, fy, COLOURS["fault"]), 10)
    assert _js(mapview, "window.__marker") == 1  # same page: it was never reloaded
    assert _js(mapview, "ECC.layers.sensors.n") == 4
    # a kind filter hides the other kinds, and lifting it shows them again
    ax, ay = _screen(*_off(-200, -150))
    mapview.show_sensor_kinds(["gas"])
    _wait(lambda: not _near(mapview.grab_map(), ax, ay, COLOURS["alarm"]), 10)
    mapview.show_sensor_kinds(None)
    _wait(lambda: _near(mapview.grab_map(), ax, ay, COLOURS["alarm"]), 10)
    with pytest.raises(ValueError, match="unknown sensor kind"):
        mapview.show_sensor_kinds(["radiation"])


def test_right_click_on_an_incident_offers_units_cameras_and_plans(mapview):
    asked = []
    mapview.nearest_units_requested.connect(lambda i: asked.append(("units", i)))
    mapview.cameras_requested.connect(lambda i: asked.append(("cameras", i)))
    x, y = _screen(*_off(0, 100))
    QTest.mouseClick(mapview._view.focusProxy(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, y))
    _wait(lambda: mapview.menu is not None and mapview.menu.isVisible())
    texts = [a.text() for a in mapview.menu.actions()]
    assert texts == ["最近的救援力量", "500米内的摄像头", "启动预案"]
    mapview.menu.actions()[0].trigger()
    mapview.menu.actions()[1].trigger()
    mapview.menu.close()
    assert asked == [("units", "INC-1"), ("cameras", "INC-1")]
    # and the geo index answers those asks
    assert mapview.nearest_units("INC-1", 1)[0][0] == "U-1"
    cams = mapview.cameras_near("INC-1", 500)
    assert [c for c, _ in cams] == ["C-1"] and 100 < cams[0][1] < 500


def test_right_click_on_empty_map_proposes_a_new_incident_with_its_place(mapview):
    got = []
    mapview.new_incident_requested.connect(got.append)
    x, y = _screen(*_off(250, 0))
    QTest.mouseClick(mapview._view.focusProxy(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, y))
    _wait(lambda: mapview.menu is not None and mapview.menu.isVisible()
          and [a.text() for a in mapview.menu.actions()] == ["在此新建事件"])
    mapview.menu.actions()[0].trigger()
    mapview.menu.close()
    place = got[0]
    lon, lat = _off(250, 0)
    assert abs(place["lon"] - lon) < 2e-5 and abs(place["lat"] - lat) < 2e-5
    expected = locate(place["lon"], place["lat"])
    assert place["street_name"] == expected.street_name and place["grid_id"] == expected.grid_id
    assert place["district_name"] == "东城区" and place["community_name"]


def test_drawing_a_circle_reports_it_as_geojson(mapview):
    drawn = []
    mapview.area_drawn.connect(drawn.append)
    target = mapview._view.focusProxy()
    _js(mapview, "document.querySelector('.ecc-tool-circle').click(); 1")
    cx, cy = _screen(*_off(-300, 200))
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(cx, cy))
    _settle(0.2)
    QTest.mouseMove(target, QPoint(cx + 60, cy))
    _settle(0.2)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(cx + 60, cy))
    _wait(lambda: drawn)
    f = drawn[0]
    assert f["geometry"]["type"] == "Point" and f["properties"]["shape"] == "circle"
    # 60 px at zoom 15 and latitude 39.9 is about 60 * 3.66 m
    assert 180 < f["properties"]["radius_m"] < 260
    assert abs(f["geometry"]["coordinates"][0] - _off(-300, 200)[0]) < 3e-5


_RING_PIXELS = """(function () {
  var l = ECC.layers.pulse, v = l.view(), ll = ECC.latlngOf('incidents', 'INC-1');
  var x = Math.round(ECC.mercX(ll.lng) * v.k - v.ox), y = Math.round(ECC.mercY(ll.lat) * v.k - v.oy);
  var d = l._ctx.getImageData(x - 30, y - 30, 61, 61).data, n = 0;
  for (var i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
})()"""


def test_incidents_pulse_until_acknowledged(mapview):
    _wait(lambda: _js(mapview, _RING_PIXELS) > 20, 5)
    mapview._state.apply("incidents", [{"id": "INC-1", "acknowledged": True}])
    _wait(lambda: _js(mapview, _RING_PIXELS) == 0, 5)
    mapview._state.apply("incidents", [{"id": "INC-1", "acknowledged": False}])
    _wait(lambda: _js(mapview, _RING_PIXELS) > 20, 5)


def test_an_incident_whose_level_is_not_graded_is_drawn_without_a_level_colour(mapview):
    """A referred (另行定级) or 待研判 incident works at IV; the map must not paint it 一般's blue."""
    cls = "document.querySelector('.ecc-inc').className"
    _wait(lambda: "lvl-" in _js(mapview, cls), 5)
    mapview._state.apply("incidents", [{"id": "INC-1", "level": "IV", "facts": {"grading_status": "referred"}}])
    _wait(lambda: "lvl-0" in _js(mapview, cls), 5)
    mapview._state.apply("incidents", [{"id": "INC-1", "level": "II", "facts": {"grading_status": "graded"}}])
    _wait(lambda: "lvl-2" in _js(mapview, cls), 5)


def test_incident_markers_are_drawn_in_the_panels_level_colours(mapview):
    """The marker's computed background is maps.palette's, the colour the incident list and the
    grading labels use (tests/widgets/test_level_palette.py)."""
    from maps import palette

    def rgb(hex_colour):
        return "rgb(" + ", ".join(str(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)) + ")"

    bg = "getComputedStyle(document.querySelector('.ecc-inc')).backgroundColor"
    for level, colour in palette.LEVEL_COLOURS.items():
        mapview._state.apply("incidents", [{"id": "INC-1", "level": level, "facts": {"grading_status": "graded"}}])
        _wait(lambda: _js(mapview, bg) == rgb(colour), 5)
    mapview._state.apply("incidents", [{"id": "INC-1", "level": "IV", "facts": {"grading_status": "pending"}}])
    _wait(lambda: _js(mapview, bg) == rgb(palette.NEUTRAL_COLOUR), 5)
    legend = ("JSON.stringify(Array.from(document.querySelectorAll('.ecc-legend i.sq')).slice(0, 4)"
              ".map(function (i) { return i.style.background; }))")
    assert json.loads(_js(mapview, legend)) == [rgb(c) for c in palette.LEVEL_COLOURS.values()]
    mapview._state.apply("incidents", [{"id": "INC-1", "level": "II", "facts": {"grading_status": "graded"}}])
    _wait(lambda: _js(mapview, bg) == rgb(palette.LEVEL_COLOURS["II"]), 5)


def test_measuring_a_distance_shows_it_on_the_map(mapview):
    target = mapview._view.focusProxy()
    _js(mapview, "document.querySelector('.ecc-tool-measure').click(); 1")
    for dx in (-350, -250):  # 100 px apart at zoom 15: ~366 m at this latitude
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(*_screen(*_off(dx, 280))))
        _settle(0.3)
    text = _js(mapview, "Array.from(document.querySelectorAll('.ecc-measure')).pop().textContent")
    metres = float(text.split()[-2])
    assert text.startswith("距离") and 340 < metres < 390
    _js(mapview, "document.querySelector('.ecc-tool-clear').click(); 1")
    _wait(lambda: _js(mapview, "document.querySelectorAll('.ecc-measure').length") == 0, 5)  # after its fade


def test_tile_source_can_be_switched_and_bad_sources_are_refused(mapview, tmp_path):
    with pytest.raises(FileNotFoundError):
        mapview.set_tile_source(tmp_path / "nope.mbtiles")
    with pytest.raises(ValueError, match=r"lacks \{z\}"):
        mapview.set_tile_source("https://tiles.example/{x}/{y}.png")
    from maps.tiles import DEMO_LOW
    mapview.set_tile_source(DEMO_LOW)  # zoom 9-13 only: zoom 15 is drawn from 13, scaled
    _wait(lambda: "v=" in _js(mapview, "ECC.map._layers && Object.values(ECC.map._layers)"
                                       ".filter(function(l){return l._url})[0]._url"))
    _settle(1.5)
    bx, by = _screen(*_off(300, -250))
    assert _near(mapview.grab_map(), bx, by, (240, 244, 236), radius=3, tol=12)


def test_plan_sites_and_warning_areas_are_drawn_and_selectable(mapview):
    site = dict(zip(("lon", "lat"), _off(-180, -60)))  # well inside: selecting it must not pan
    mapview.update_layer("plan_sites", [dict(id="P-1", title="王府井百货应急预案", street="东华门街道", **site)])
    ring = [list(_off(200, -60)), list(_off(320, -60)), list(_off(320, 40)), list(_off(200, -60))]
    mapview.update_layer("warning_areas", [
        {"id": "W-poly", "title": "暴雨积水预警", "level": "II", "geometry": {"type": "Polygon", "coordinates": [ring]}},
        dict(id="W-circle", title="燃气泄漏疏散区", level="I", radius_m=150, **dict(zip(("lon", "lat"), _off(-300, 250))))])
    _wait(lambda: _js(mapview, "ECC.shapes.warning_areas.items.size + ECC.shapes.plan_sites.items.size") == 3)
    x, y = _screen(site["lon"], site["lat"])
    QTest.mouseClick(mapview._view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, y))
    _wait(lambda: mapview._state.selection == ("plan_sites", "P-1"))
    # (no popup yet reads as ""; a script error would be a page error, and fail the test)
    _wait(lambda: "东华门街道" in _js(mapview, "Array.from(document.querySelectorAll('.leaflet-popup-content'))"
                                          ".pop()?.textContent ?? ''"))
    # the polygon's edge is drawn in level II orange
    ex, ey = _screen(*_off(260, -60))
    _wait(lambda: _near(mapview.grab_map(), ex, ey, (240, 127, 14), radius=6, tol=40), 5)  # dashed: span a gap
    mapview.update_layer("warning_areas", removed=["W-poly"])
    _wait(lambda: _js(mapview, "ECC.shapes.warning_areas.items.size") == 1)
    with pytest.raises(ValueError, match="'sensors' is not one of plan_sites, warning_areas"):
        mapview.update_layer("sensors", [])


def test_big_deltas_travel_as_binary_blocks(mapview, monkeypatch):
    from maps import wire

    monkeypatch.setattr(wire, "BINARY_MIN", 2)
    mapview._state.select("", "")  # clears the selection: closes a popup that might cover points
    mapview.requests.urls.clear()
    recs = [dict(rec, state="fault") for rec in mapview._state.records("sensors").values()]
    mapview._state.apply("sensors", recs)
    x, y = _screen(*_off(-120, -150))
    _wait(lambda: _near(mapview.grab_map(), x, y, COLOURS["fault"]), 10)
    served = [u for u in mapview.requests.urls if u.startswith("app://local/data/sensors-")]
    assert len(served) == 1
    assert _js(mapview, "ECC.layers.sensors.n") == len(recs)


def _trail(view, unit_id):
    """The [lon, lat] points of a unit's trail the page holds inside its window."""
    return json.loads(_js(view, f"JSON.stringify(ECC.layers.trails.pointsOf('{unit_id}'))"))


def test_a_moving_units_trail_reaches_the_page_fades_and_toggles(mapview):
    state = mapview._state
    state.select("units", "U-1")
    path = [_off(-150 + 25 * i, 100 - 12 * i) for i in range(1, 7)]
    for lon, lat in path:  # AVL reports, one at a time
        state.apply("units", [{"id": "U-1", "lon": lon, "lat": lat}])
        _settle(0.05)
    assert mapview.trail_unit_ids() == ("U-1",)
    _wait(lambda: len(_trail(mapview, "U-1")) == 7, 10)  # where it was, then 6 moves
    pts = _trail(mapview, "U-1")
    assert pts[0] == pytest.approx(list(_off(-150, 100))) and pts[-1] == pytest.approx(list(path[-1]))
    # drawn: the first segment, where the unit no longer is, in its status colour (available: green)
    (ax, ay), (bx, by) = _screen(*_off(-150, 100)), _screen(*path[0])
    mid = ((ax + bx) // 2, (ay + by) // 2)
    _wait(lambda: _near(mapview.grab_map(), *mid, (27, 158, 62), radius=2, tol=70), 10)
    # the layer control's 轨迹 box hides the trails and shows them again
    toggle = "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays input')).pop().click(); 1"
    assert "轨迹" in _js(mapview, "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
                                  ".pop().textContent")
    _js(mapview, toggle)
    _wait(lambda: not _near(mapview.grab_map(), *mid, (27, 158, 62), radius=2, tol=70), 10)
    _js(mapview, toggle)
    _wait(lambda: _near(mapview.grab_map(), *mid, (27, 158, 62), radius=2, tol=70), 10)
    # selecting an incident shows the trails of the units committed to it, none before
    state.select("incidents", "INC-1")
    _wait(lambda: _js(mapview, "ECC.layers.trails.trails.length") == 0, 10)
    state.apply("units", [{"id": "U-1", "incident_id": "INC-1", "status": "en_route"}])
    assert mapview.trail_unit_ids() == ("U-1",)
    state.apply("units", [{"id": "U-1", "lon": path[-1][0] + 0.0003, "lat": path[-1][1]}])
    _wait(lambda: len(_trail(mapview, "U-1")) == 8, 10)
    # points older than the window are not drawn: a trail from 2 and 1.5 minutes ago, 1-minute window
    _js(mapview, "ECC.receive(JSON.stringify({cmd: 'trails', windowMs: 60000, trails: [{id: 'old', s: 0, pts: ["
                 "116.41, 39.914, Date.now() - 120000, 116.412, 39.914, Date.now() - 90000]}]})); 1")
    _wait(lambda: _js(mapview, "ECC.layers.trails.trails[0].id") == "old", 5)
    _wait(lambda: _js(mapview, "ECC.layers.trails.drawnSegments") == 0, 5)
    mapview._push_trails()
    _wait(lambda: len(_trail(mapview, "U-1")) == 8, 10)


def test_a_crashed_page_comes_back_with_its_data(mapview):
    import os
    import signal

    pid = mapview.page().renderProcessPid()
    assert pid > 0
    readied = []
    mapview.ready.connect(lambda: readied.append(True))
    os.kill(pid, signal.SIGKILL)
    _wait(lambda: readied, 30)
    assert mapview.page().renderProcessPid() != pid
    assert _js(mapview, "ECC.layers.sensors.n") == len(mapview._state.records("sensors"))
    if mapview.trail_unit_ids():  # the trails shown before are drawn again
        _wait(lambda: _js(mapview, "ECC.layers.trails.trails.length") == len(mapview.trail_unit_ids()), 10)


_FRAME_JS = """JSON.stringify((function () {
  var m = ECC.map, b = ECC.districtBounds(), size = m.getSize();
  var edge = function (side) { var w = 0; document.querySelectorAll('.leaflet-' + side
      + ' .leaflet-control:not(.leaflet-control-attribution):not(.leaflet-control-scale)')
      .forEach(function (el) { w = Math.max(w, el.offsetWidth); }); return w; };
  var nw = m.latLngToContainerPoint(b.getNorthWest()), se = m.latLngToContainerPoint(b.getSouthEast());
  return {w: size.x, h: size.y, zoom: m.getZoom(), x0: nw.x, y0: nw.y, x1: se.x, y1: se.y,
          left: edge('left'), right: edge('right'), framed: ECC.framed(),
          folded: document.querySelector('.ecc-legend').classList.contains('folded'),
          layersOpen: document.querySelector('.leaflet-control-layers')
                      .classList.contains('leaflet-control-layers-expanded')};
})())"""


def test_the_whole_district_is_framed_clear_of_the_controls_until_the_operator_moves(qapp):
    """A commander opening the console sees the whole district however narrow the docks
    leave the map, not hidden under the layer list or the legend; a resize keeps it framed
    until they pan or zoom, and 全区 brings it back."""
    view = MapView(LiveState())
    view.resize(560, 640)
    view.show()
    try:
        _wait(lambda: view.is_ready, 60)
        _settle(0.5)
        f = json.loads(_js(view, _FRAME_JS))
        assert f["folded"], "a narrow map starts with the legend folded to its title"
        assert not f["layersOpen"], "and the layer list folded into its button"
        assert f["left"] <= f["x0"] and f["x1"] <= f["w"] - f["right"], f  # clear of controls
        assert 0 <= f["y0"] and f["y1"] <= f["h"], f
        # it fills the free space: a quarter zoom step more would not fit
        free_w, free_h = f["w"] - f["left"] - f["right"] - 20, f["h"] - 40  # less the margins
        assert (f["x1"] - f["x0"]) * 2 ** 0.25 > free_w or (f["y1"] - f["y0"]) * 2 ** 0.25 > free_h, f

        view.resize(1200, 900)  # docks closed: the district grows with the map
        _wait(lambda: json.loads(_js(view, _FRAME_JS))["zoom"] > f["zoom"], 10)
        g = json.loads(_js(view, _FRAME_JS))
        assert g["framed"] and g["left"] <= g["x0"] and g["x1"] <= g["w"] - g["right"], g

        view.set_view(*CENTRE, ZOOM)  # the operator goes to a place: resizes leave it there
        _settle(0.3)
        view.resize(1000, 800)
        _settle(0.8)
        h = json.loads(_js(view, _FRAME_JS))
        assert not h["framed"] and h["zoom"] == ZOOM, h

        _js(view, "document.querySelector('.ecc-tool-district').click(); 1")  # 全区
        _settle(0.5)
        k = json.loads(_js(view, _FRAME_JS))
        assert k["framed"] and k["zoom"] < ZOOM and k["left"] <= k["x0"], k
        _js(view, "document.querySelector('.ecc-legend-title').click(); 1")
        assert not json.loads(_js(view, _FRAME_JS))["folded"]

        # an incident near the top right of a narrow map: its popup is moved into view, clear
        # of the layer button, not cut off by the map's edge
        view.resize(560, 640)
        _settle(0.8)
        spot = json.loads(_js(view, "JSON.stringify(ECC.map.containerPointToLatLng("
                                    "[ECC.map.getSize().x * 0.78, ECC.map.getSize().y * 0.22]))"))
        view._state.replace("incidents", [dict(id="INC-E", type="gas", title="东缘燃气泄漏", level="III",
                                               status="active", lon=spot["lng"], lat=spot["lat"],
                                               reported_at="2026-11-21T08:00:00+00:00")])
        _settle(0.5)
        view._state.select("incidents", "INC-E")
        _wait(lambda: _js(view, "!!document.querySelector('.leaflet-popup')"), 10)
        _settle(0.5)
        box = json.loads(_js(view, """JSON.stringify((function () {
          var r = document.querySelector('.leaflet-popup').getBoundingClientRect(),
              m = ECC.map.getContainer().getBoundingClientRect(),
              b = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
          return {left: r.left - m.left, right: r.right - m.left, top: r.top - m.top, w: m.width,
                  button: b.width};
        })())"""))
        assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= box["w"] - box["button"], box
    finally:
        view.close()
        view.deleteLater()


def test_incident_popup_reads_street_and_local_time(qapp):
    from widgets.incident_report import local_time
    from widgets.map_text import popup_html

    html = popup_html("incidents", {"id": "INC-9", "title": "燃气泄漏", "level": "III", "status": "active",
                                    "street": "金盏地区", "reported_at": "2026-11-21T08:00:00+00:00",
                                    "lon": 116.59, "lat": 40.01})
    assert "<td>街乡</td><td>金盏地区</td>" in html
    assert local_time("2026-11-21T08:00:00+00:00", with_date=True) in html and "T08:00" not in html
    bare = popup_html("incidents", {"id": "INC-10", "title": "火情", "level": "IV", "status": "active",
                                    "reported_at": "2026-11-21T08:00:00+00:00", "lon": 116.5, "lat": 39.9})
    assert "街乡" not in bare  # an empty row is left out, not shown blank


def test_a_dongcheng_console_opens_on_dongcheng_and_follows_a_switch(qapp):
    """全区 is the console's own district: a 东城 centre sees 东城 filling the map, not the
    eleven-times larger 朝阳 beside it; switching district reframes on the other one."""
    view = MapView(LiveState())
    view.set_home_district("110101")
    view.resize(1000, 800)
    view.show()
    try:
        _wait(lambda: view.is_ready, 60)
        _settle(0.5)
        b = json.loads(_js(view, "JSON.stringify(ECC.districtBounds())"))
        assert 116.36 < b["_southWest"]["lng"] < 116.38 and 116.44 < b["_northEast"]["lng"] < 116.46, b
        dc = json.loads(_js(view, _FRAME_JS))
        view.set_home_district("110105")
        _wait(lambda: json.loads(_js(view, _FRAME_JS))["zoom"] < dc["zoom"], 10)
        b = json.loads(_js(view, "JSON.stringify(ECC.districtBounds())"))
        assert b["_northEast"]["lng"] > 116.6, b          # 朝阳 reaches past 116.6 E
    finally:
        view.close()
        view.deleteLater()
