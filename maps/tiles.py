"""Offline base map: MBTiles tile store with fallback to lower zooms (no Qt).

MBTiles is SQLite with rows in TMS order (y counted from the south), while Leaflet asks in
XYZ order (y from the north), so every lookup flips y. A tile missing at the asked zoom is cut
from the nearest lower zoom that has its ancestor and scaled up, so the map never shows grey
holes where a centre's tile set is thinner than the zoom the user chose.

The demo tile set is drawn by maps/tile_render.py; build it with
`python -m maps.tiles build resources/tiles/demo.mbtiles --max-zoom 16`.
"""
from __future__ import annotations

import io
import math
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

TILES_DIR = Path(__file__).resolve().parent.parent / "resources" / "tiles"
DEMO_FULL = TILES_DIR / "demo.mbtiles"      # built at set-up (z9-16)
DEMO_LOW = TILES_DIR / "demo_low.mbtiles"   # committed (z9-13)
MAX_FALLBACK = 8  # beyond 8 levels one source pixel would fill a whole tile: useless


def default_tile_file() -> Path:
    """The richest demo tile set present: the set-up build if it exists, else the shipped one."""
    return DEMO_FULL if DEMO_FULL.exists() else DEMO_LOW


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    """XYZ tile containing a WGS84 point (Web Mercator)."""
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0 * n)
    return x, y


class MBTiles:
    """Read (and, for the generator, write) one MBTiles file; safe to share between threads."""

    def __init__(self, path: str | Path, writable: bool = False) -> None:
        self.path = Path(path).resolve()
        if not writable and not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no such MBTiles file; build one with "
                                    f"`python -m maps.tiles build {self.path}` or pick another")
        uri = self.path.as_uri() + ("" if writable else "?mode=ro")
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._scaled: OrderedDict[tuple[int, int, int], bytes | None] = OrderedDict()
        if writable:
            self._db.executescript(
                "CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER,"
                " tile_row INTEGER, tile_data BLOB,"
                " PRIMARY KEY (zoom_level, tile_column, tile_row));")
        else:
            try:
                self._db.execute("SELECT 1 FROM tiles LIMIT 1")
            except sqlite3.DatabaseError as exc:
                self._db.close()
                raise ValueError(f"{self.path}: not an MBTiles file ({exc}); expected an SQLite "
                                 "file with a `tiles` table") from None

    def close(self) -> None:
        self._db.close()

    def metadata(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT name, value FROM metadata"))

    def zoom_range(self) -> tuple[int, int]:
        with self._lock:
            lo, hi = self._db.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        return (lo or 0, hi or 0)

    def get(self, z: int, x: int, y: int) -> bytes | None:
        """The stored tile at XYZ (z, x, y), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, (1 << z) - 1 - y)).fetchone()
        return row[0] if row else None

    def put(self, z: int, x: int, y: int, data: bytes) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)",
                             (z, x, (1 << z) - 1 - y, data))

    def set_metadata(self, **values: str) -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO metadata VALUES (?, ?)", values.items())

    def commit(self) -> None:
        with self._lock:
            self._db.commit()

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ, or the nearest lower zoom's ancestor cut and scaled up (PNG)."""
        data = self.get(z, x, y)
        if data is not None:
            return data
        key = (z, x, y)
        if key in self._scaled:
            self._scaled.move_to_end(key)
            return self._scaled[key]
        out = None
        for dz in range(1, min(z, MAX_FALLBACK) + 1):
            parent = self.get(z - dz, x >> dz, y >> dz)
            if parent is not None:
                out = _cut_and_scale(parent, dz, x & ((1 << dz) - 1), y & ((1 << dz) - 1))
                break
        self._scaled[key] = out
        if len(self._scaled) > 512:
            self._scaled.popitem(last=False)
        return out


def _cut_and_scale(png: bytes, dz: int, qx: int, qy: int) -> bytes:
    from PIL import Image

    size = 256 >> dz
    with Image.open(io.BytesIO(png)) as im:
        side = im.width
        part = im.convert("RGBA").crop((qx * size * side // 256, qy * size * side // 256,
                                        (qx + 1) * size * side // 256, (qy + 1) * size * side // 256))
        part = part.resize((256, 256), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    part.save(buf, "PNG")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m maps.tiles",
                                     description="Build the demo tile set for Chaoyang and Dongcheng.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="draw tiles into an MBTiles file")
    b.add_argument("out", type=Path)
    b.add_argument("--min-zoom", type=int, default=9)
    b.add_argument("--max-zoom", type=int, default=16)
    b.add_argument("--force", action="store_true", help="rebuild even if the file is complete")
    args = parser.parse_args(argv)
    from maps.tile_render import build

    n = build(args.out, args.min_zoom, args.max_zoom, force=args.force)
    print(f"{args.out}: {n} tiles (z{args.min_zoom}-{args.max_zoom})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
