import io
import sqlite3

import pytest
from PIL import Image

from maps.tiles import DEMO_LOW, MBTiles, lonlat_to_tile


def _png(colour, quadrants=None) -> bytes:
    im = Image.new("RGB", (256, 256), colour)
    for (qx, qy), c in (quadrants or {}).items():
        im.paste(c, (qx * 128, qy * 128, qx * 128 + 128, qy * 128 + 128))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _colour_at(png: bytes, x: int, y: int):
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((x, y))


def test_rows_are_stored_tms_and_read_back_xyz(tmp_path):
    path = tmp_path / "t.mbtiles"
    store = MBTiles(path, writable=True)
    store.put(3, 5, 1, _png((255, 0, 0)))
    store.commit()
    store.close()
    # the raw row is flipped: y=1 at zoom 3 is TMS row 2**3 - 1 - 1 = 6
    rows = sqlite3.connect(path).execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall()
    assert rows == [(3, 5, 6)]
    ro = MBTiles(path)
    assert _colour_at(ro.get(3, 5, 1), 10, 10) == (255, 0, 0)
    assert ro.get(3, 5, 6) is None


def test_missing_tile_is_cut_from_the_nearest_lower_zoom_and_scaled(tmp_path):
    path = tmp_path / "t.mbtiles"
    store = MBTiles(path, writable=True)
    quads = {(0, 0): (255, 0, 0), (1, 0): (0, 255, 0), (0, 1): (0, 0, 255), (1, 1): (255, 255, 0)}
    store.put(10, 100, 200, _png((0, 0, 0), quads))
    store.commit()
    ro = MBTiles(path)
    # zoom 11 children: each is one quadrant of the parent, scaled to a full tile
    assert _colour_at(ro.tile(11, 201, 400), 128, 128) == (0, 255, 0)   # east-north
    assert _colour_at(ro.tile(11, 200, 401), 128, 128) == (0, 0, 255)   # west-south
    # two levels down: a quarter of a quadrant
    child = ro.tile(12, 403, 803)
    assert Image.open(io.BytesIO(child)).size == (256, 256)
    assert _colour_at(child, 5, 250) == (255, 255, 0)
    # where no ancestor exists there is nothing to show (not a grey tile)
    assert ro.tile(11, 0, 0) is None
    # the stored tile itself wins over any fallback
    assert _colour_at(ro.tile(10, 100, 200), 10, 10) == (255, 0, 0)


def test_a_file_that_is_not_mbtiles_is_refused_with_the_path(tmp_path):
    bad = tmp_path / "bad.mbtiles"
    bad.write_text("not sqlite")
    with pytest.raises(ValueError, match="bad.mbtiles: not an MBTiles file"):
        MBTiles(bad)
    with pytest.raises(FileNotFoundError, match="python -m maps.tiles build"):
        MBTiles(tmp_path / "absent.mbtiles")


def test_shipped_demo_tiles_cover_both_districts_and_draw_the_districts():
    store = MBTiles(DEMO_LOW)
    lo, hi = store.zoom_range()
    assert (lo, hi) == (9, 13)
    for lon, lat in [(116.4595, 39.9087), (116.4108, 39.9140), (116.5950, 40.0750)]:
        x, y = lonlat_to_tile(lon, lat, 13)
        png = store.get(13, x, y)
        assert png is not None
        # inside the districts the base map is the pale district fill, not the outside grey
        colours = {c for _, c in Image.open(io.BytesIO(png)).convert("RGB").getcolors(65536)}
        assert (246, 243, 234) in colours or (240, 244, 236) in colours
    # zoom 16 comes from zoom 13 through the fallback when only the shipped set exists
    x, y = lonlat_to_tile(116.4595, 39.9087, 16)
    assert store.tile(16, x, y) is not None
