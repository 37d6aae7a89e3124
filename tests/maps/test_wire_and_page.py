import base64
import json
import re

import folium
import numpy as np
import pytest

from maps import wire
from maps.page import build_page


def _col(msg, key, dtype):
    return np.frombuffer(base64.b64decode(msg["upsert"][key]), dtype=dtype)


def test_point_deltas_are_columnar_and_decode_to_the_records():
    recs = [{"id": "S1", "kind": "gas", "state": "alarm", "lon": 116.41, "lat": 39.92},
            {"id": "S2", "kind": "co", "state": "melted", "lon": 116.5, "lat": 39.95},
            {"id": "S3", "kind": "co", "state": "normal"}]  # no position: not drawable, skipped
    [text] = wire.messages("sensors", recs, ["S9"], 123.0)
    msg = json.loads(text)
    assert msg["layer"] == "sensors" and msg["remove"] == ["S9"] and msg["t"] == 123.0
    assert msg["upsert"]["n"] == 2 and msg["upsert"]["id"].split("\n") == ["S1", "S2"]
    assert _col(msg, "lon", np.float64).tolist() == [116.41, 116.5]
    assert _col(msg, "s", np.uint8).tolist() == [wire.ENUMS["sensors"]["s"].index("alarm"), wire.UNKNOWN]
    assert _col(msg, "k", np.uint8).tolist() == [1, 0]
    assert msg["upsert"]["d"] is None  # sensors have no direction


def test_units_carry_heading_and_big_batches_are_chunked():
    recs = [{"id": f"U{i}", "kind": "police", "status": "en_route", "lon": 116.4, "lat": 39.9,
             "heading": i % 360} for i in range(wire.CHUNK + 5)]
    texts = wire.messages("units", recs, ["U-gone"], 0)
    assert len(texts) == 2
    first, second = json.loads(texts[0]), json.loads(texts[1])
    assert first["upsert"]["n"] == wire.CHUNK and second["upsert"]["n"] == 5
    assert first["remove"] == ["U-gone"] and second["remove"] == []
    assert _col(second, "d", np.float32).tolist() == [float((wire.CHUNK + i) % 360) for i in range(5)]


def test_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="'tasks' is not drawn"):
        wire.messages("tasks", [], [], 0)


def test_page_asks_only_for_local_assets_and_leaves_folium_defaults_alone():
    before = list(folium.Map.default_js)
    html = build_page({"layer.sensors": "传感器"})
    assert folium.Map.default_js == before  # ConsoleMap has its own lists
    urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', html)
    assert urls and all(u.startswith("app://local/") for u in urls)
    assert not re.search(r"https?://", html)
    assert "tiles://local/{z}/{x}/{y}.png" in html and "传感器" in html


def test_binary_blocks_hold_the_same_columns_at_aligned_offsets():
    recs = [{"id": f"相机{i}", "lon": 116.4 + i / 1000, "lat": 39.9, "direction": None if i % 2 else i}
            for i in range(7)]
    data = wire.encode_binary("cameras", recs)
    hlen = int.from_bytes(data[:4], "little")
    head = json.loads(data[4:4 + hlen])
    assert head["n"] == 7
    off, length = head["ids"]
    assert data[off:off + length].decode("utf-8").split("\n") == [r["id"] for r in recs]
    assert set(head["cols"]) == {"lon", "lat", "d"}  # cameras have no state or kind column
    kind, off = head["cols"]["lon"]
    assert kind == "f64" and off % 8 == 0
    assert np.frombuffer(data, np.float64, 7, off).tolist() == [r["lon"] for r in recs]
    kind, off = head["cols"]["d"]
    d = np.frombuffer(data, np.float32, 7, off)
    assert d[0] == 0 and np.isnan(d[1]) and d[2] == 2
