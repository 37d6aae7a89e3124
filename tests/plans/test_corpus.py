"""The shipped corpus: 1+41+144+N, generated deterministically, sites inside Chaoyang."""
from __future__ import annotations

import filecmp

from maps.places import locate
from maps.scene import UNIT_KINDS as SCENE_UNIT_KINDS
from plans.corpus import generate
from plans.library import DEFAULT_PLANS_DIR
from plans.registry import UNIT_KINDS


def test_counts(corpus):
    counts = corpus.counts()
    assert counts["master"] == 1 and counts["special"] == 41 and counts["department"] == 144
    assert counts["enterprise"] >= 300
    assert corpus.errors == [] and corpus.skipped == []


def test_master_and_special_plans_follow_the_district_list(corpus):
    assert corpus.get("master-chaoyang").title == "朝阳区突发事件总体应急预案"
    titles = {corpus.get(pid).title for pid in corpus.ids_by_tier("special")}
    assert {"朝阳区防汛应急预案", "朝阳区危险化学品事故应急预案", "朝阳区燃气事故应急预案",
            "朝阳区人员密集场所（大型活动）拥挤踩踏事件应急预案", "朝阳区旅游突发事件应急预案"} <= titles
    assert corpus.get("special-hazchem").lead_department == "emergency"
    assert corpus.get("special-fire").lead_department == "fire_rescue"


def test_enterprise_kinds_and_sites(corpus):
    plans = [corpus.get(pid) for pid in corpus.ids_by_tier("enterprise")]
    kinds = {p.site.kind for p in plans}
    assert {"hospital", "school", "mall", "metro_station", "hazchem_site", "construction_site",
            "stadium", "hotel"} <= kinds
    for p in plans[::25]:
        place = locate(p.site.lon, p.site.lat)
        assert place is not None and place.district_name == "朝阳区"
        assert place.street_name == p.site.street


def test_unit_kinds_match_the_map_scene():
    assert UNIT_KINDS == SCENE_UNIT_KINDS


def test_generator_is_deterministic_and_matches_the_shipped_files(tmp_path):
    counts = generate(tmp_path, enterprises=360)
    assert counts == {"master": 1, "special": 41, "department": 144, "enterprise": 360}
    for tier in counts:
        cmp = filecmp.dircmp(tmp_path / tier, DEFAULT_PLANS_DIR / tier)
        assert not cmp.left_only and not cmp.right_only
        _, mismatch, errors = filecmp.cmpfiles(tmp_path / tier, DEFAULT_PLANS_DIR / tier, cmp.common_files,
                                               shallow=False)
        assert mismatch == [] and errors == [], tier
