import numpy as np

from maps.places import grid_cell_bounds, locate, street_areas, street_of_points


def test_landmarks_resolve_to_their_street_community_and_cell():
    guomao = locate(116.4595, 39.9087)
    assert guomao.district_name == "朝阳区" and guomao.street_name == "建外街道"
    assert guomao.community_code.startswith(guomao.street_code)
    w, s, e, n = grid_cell_bounds(guomao.grid_id)
    assert w <= 116.4595 < e and s <= 39.9087 < n
    assert locate(116.4108, 39.9140).district_name == "东城区"
    assert locate(116.5950, 40.0750).street_name == "首都机场街道"  # the airport enclave
    assert locate(116.3700, 39.9070) is None  # 西城区: outside both districts


def test_street_areas_cover_each_street_once_and_agree_with_lookup():
    areas = street_areas("110101")
    assert sorted(n for _, n, _ in areas) == sorted(set(n for _, n, _ in areas))
    assert len(areas) == 17
    for code, name, poly in areas:
        p = poly.representative_point()
        assert street_of_points("110101", np.array([p.x]), np.array([p.y]))[0] == name


def test_dongcheng_grid_has_about_the_official_cell_count():
    from maps.districts import load_district
    d = load_district("110101")
    x0, y0, x1, y1 = d.bbox
    pts = np.column_stack([np.random.default_rng(0).uniform(x0, x1, 400_000),
                           np.random.default_rng(1).uniform(y0, y1, 400_000)])
    pts = pts[d.contains(pts[:, 0], pts[:, 1])]
    from maps.places import grid_id
    cells = {grid_id("110101", x, y) for x, y in pts[::4]}
    assert 2000 <= len(cells) <= 2700  # official: 2,314 万米单元网格


def test_street_centres_and_place_dicts_agree_with_locate():
    from maps.places import place_dict, street_centres

    centres = street_centres()
    assert len(centres) == 60  # 17 东城 + 43 朝阳
    lon, lat = centres["建外街道"]
    assert locate(lon, lat).street_name == "建外街道"
    place = place_dict(lon, lat)
    assert place["street_name"] == "建外街道" and place["grid_id"].startswith("110105-")
    assert place_dict(116.37, 39.907)["district_code"] == ""  # outside both districts
