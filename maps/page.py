"""The map page, built once by folium and then only fed deltas (no Qt).

Every asset is local: Leaflet from resources/leaflet and our code from resources/map, both
served at `app://local/`; tiles at `tiles://local/{z}/{x}/{y}.png`. `ConsoleMap` carries its own
`default_js`/`default_css` (folium keeps those lists on the class, so patching `folium.Map`
would change every map in the process); folium's jQuery, Bootstrap and awesome-markers are
left out because nothing on this page uses them.
"""
from __future__ import annotations

import json
import math

from functools import cache

import shapely

from maps import palette, wire
from maps.districts import districts
from maps.places import _index, street_areas
from maps.scene import INCIDENT_SAMPLE_TYPES, UNIT_KINDS

TILE_URL = "tiles://local/{z}/{x}/{y}.png"
CENTRE = (39.955, 116.47)  # between Dongcheng and Chaoyang: both fit at zoom 11

PALETTE = {
    "sensors": ["#2e9d4f", "#f0a30a", "#e02424", "#8c8c8c", "#8e44ad"],  # by SENSOR_STATES
    "units": ["#1b9e3e", "#f07f0e", "#1f78d1", "#d7191c", "#7f7f7f"],    # by UNIT_STATUSES
    "cameras": ["#0b6e99"],
    "levels": dict(palette.LEVEL_COLOURS),      # maps.palette: the panels' colours
    "ungraded": palette.NEUTRAL_COLOUR,
    "unknown": "#555555",
    "boundary": "#6a1b9a",
    "street": "#9c8f7a",
    "grid": "#8a7f6a",
    "plan_sites": "#00897b",
    "highlight": "#00e5ff",
}
UNIT_GLYPHS = {"fire_engine": "消", "ladder": "梯", "hazmat": "危", "rescue": "救",
               "ambulance": "医", "police": "警", "gas_repair": "燃", "water_pump": "排"}
INCIDENT_GLYPHS = {"fire": "火", "gas": "燃", "road_traffic": "车", "waterlogging": "涝",
                   "special_equipment": "梯", "hazchem": "危", "production_safety": "安",
                   "crowd_crush": "众", "medical_rescue": "医"}


@cache
def console_map_class():
    """folium.Map with every asset from app://local/ (a subclass: folium keeps these lists on
    the class). folium is imported here, on the page-building thread, not at start-up (~1 s)."""
    import folium

    class ConsoleMap(folium.Map):
        default_js = [("leaflet", "app://local/leaflet/leaflet.js"),
                      ("ecc_points", "app://local/map/points.js"),
                      ("ecc_tools", "app://local/map/tools.js"),
                      ("ecc_console", "app://local/map/console.js")]
        default_css = [("leaflet_css", "app://local/leaflet/leaflet.css"),
                       ("ecc_css", "app://local/map/console.css")]
    return ConsoleMap


def _boundaries_geojson() -> dict:
    feats = []
    for d in districts():
        for code, name, geom in street_areas(d.adcode):
            feats.append({"type": "Feature", "properties": {"name": name, "kind": "street", "code": code},
                          "geometry": shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))})
        feats.append({"type": "Feature", "properties": {"name": d.name, "kind": "district", "code": d.adcode},
                      "geometry": shapely.geometry.mapping(d.geometry)})
    return {"type": "FeatureCollection", "features": feats}


def _grid_config() -> list[dict]:
    out = []
    for d in districts():
        idx = _index(d.adcode)
        out.append({"adcode": d.adcode, "origin": list(idx.origin), "cell": list(idx.cell_deg),
                    "rings": [[[round(x, 6), round(y, 6)] for x, y in r.tolist()] for r in d.rings]})
    return out


def page_config(labels: dict[str, str], tile_url: str = TILE_URL, max_native_zoom: int = 16) -> dict:
    """Everything the page script needs besides the data: enums, colours, glyphs, text."""
    return {
        "enums": wire.ENUMS, "palette": PALETTE,
        "unitGlyphs": [UNIT_GLYPHS.get(k, "?") for k in UNIT_KINDS],
        "incidentGlyphs": {t: INCIDENT_GLYPHS.get(t, "事") for t in INCIDENT_SAMPLE_TYPES},
        "grid": _grid_config(), "labels": labels,
        "tiles": {"url": tile_url, "maxNativeZoom": max_native_zoom, "minZoom": 9, "maxZoom": 19},
    }


def build_page(labels: dict[str, str], tile_url: str = TILE_URL, max_native_zoom: int = 16) -> str:
    """The whole HTML page; `labels` holds the (translated) legend and control texts."""
    import folium
    from branca.element import Element

    m = console_map_class()(location=CENTRE, zoom_start=11, tiles=None, control_scale=True,
                      min_zoom=9, max_zoom=19, prefer_canvas=False, zoom_control=True)
    style = {"district": {"color": PALETTE["boundary"], "weight": 3, "fill": False},
             "street": {"color": PALETTE["street"], "weight": 1.2, "fill": False, "dashArray": "4 3"}}
    bounds = folium.GeoJson(_boundaries_geojson(), name=labels.get("boundaries", "boundaries"),
                            style_function=lambda f: style[f["properties"]["kind"]],
                            interactive=False, control=False)
    bounds.add_to(m)
    cfg = page_config(labels, tile_url, max_native_zoom)
    # folium emits its own map script after ours: start once the document is parsed
    init = ("document.addEventListener('DOMContentLoaded', function () {"
            f"ECC.init({m.get_name()}, {bounds.get_name()}, "
            f"{json.dumps(cfg, ensure_ascii=False, separators=(',', ':'))});}});")
    m.get_root().script.add_child(Element(init))
    # the incident markers' level colours, from maps.palette (console.css has none)
    m.get_root().header.add_child(Element(f"<style>\n{palette.level_css()}\n</style>"), name="ecc_levels")
    return m.get_root().render()


def tile_zoom_for_scale(metres_per_px: float, lat: float = 39.95) -> int:
    """Web Mercator zoom whose pixel is closest to `metres_per_px` at `lat` (for docs/tests)."""
    return round(math.log2(156_543.034 * math.cos(math.radians(lat)) / metres_per_px))
