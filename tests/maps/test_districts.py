import numpy as np

from maps.districts import load_district, random_points_in, streets
from maps.scene import build_scene


def test_known_places_fall_in_their_district():
    chaoyang, dongcheng = load_district("110105"), load_district("110101")
    # 国贸 (CBD) is in Chaoyang; 天安门东 / 王府井 is in Dongcheng; 西单 is in neither.
    guomao, wangfujing, xidan = (116.4595, 39.9087), (116.4108, 39.9140), (116.3735, 39.9070)
    assert chaoyang.contains(np.array([guomao[0]]), np.array([guomao[1]]))[0]
    assert not chaoyang.contains(np.array([wangfujing[0]]), np.array([wangfujing[1]]))[0]
    assert dongcheng.contains(np.array([wangfujing[0]]), np.array([wangfujing[1]]))[0]
    assert not dongcheng.contains(np.array([xidan[0]]), np.array([xidan[1]]))[0]


def test_streets_are_the_official_lists():
    assert len(streets("110105")) == 43
    assert len(streets("110101")) == 17
    assert any(s["name"] == "建外街道" for s in streets("110105"))


def test_scene_is_deterministic_and_inside_the_districts():
    a, b = build_scene(seed=7, sensors=300), build_scene(seed=7, sensors=300)
    assert a.sensors == b.sensors and a.units == b.units
    chaoyang, dongcheng = load_district("110105"), load_district("110101")
    lon = np.array([s["lon"] for s in a.sensors])
    lat = np.array([s["lat"] for s in a.sensors])
    assert (chaoyang.contains(lon, lat) | dongcheng.contains(lon, lat)).all()
    pts = random_points_in(dongcheng, 50, np.random.default_rng(1))
    assert dongcheng.contains(pts[:, 0], pts[:, 1]).all()
