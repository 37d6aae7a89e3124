"""The shipped corpus: 1+41+144+N for each district, generated deterministically, each plan
marked 示例, every site inside its own district, no dialable number, no document number."""
from __future__ import annotations

import filecmp

from maps.places import locate
from maps.scene import UNIT_KINDS as SCENE_UNIT_KINDS
from plans.corpus import generate
from plans.library import DEFAULT_PLANS_DIR
from plans.registry import UNIT_KINDS


def test_counts(corpus):
    for code, n in (("110105", 360), ("110101", 120)):
        counts = corpus.counts(code)
        assert (counts["master"], counts["special"], counts["department"], counts["enterprise"]) == (1, 41, 144, n)
    assert corpus.errors == [] and corpus.skipped == []


def test_every_generated_plan_is_a_sample_with_no_dialable_number_or_document_number(corpus):
    from plans.lint import lint
    plans = list(corpus.plans.values())
    assert all(p.sample for p in plans)
    assert not any("plans.corpus" in p.source or "生成；" in p.source for p in plans)
    kinds = {f.kind for f in lint(corpus)}
    assert not kinds & {"dialable_phone", "doc_number", "sample_unmarked", "duplicate_site", "uncovered_type"}
    assert all(c.phone.startswith("010-0000 ") for p in plans for c in p.contacts)
    # nor anything that reads like one: a money bound of eight bare digits (50000000) would
    import re
    looks_dialable = re.compile(r"(?<![0-9.])[2-9][0-9]{7}(?![0-9])")
    offenders = [f for f in DEFAULT_PLANS_DIR.rglob("*.yaml") if looks_dialable.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_dongcheng_has_its_own_system(corpus):
    titles = {corpus.get(pid).title for pid in corpus.ids_by_tier("special", "110101")}
    assert {"东城区文物建筑（古建筑）火灾事故应急预案", "东城区重大活动（国事活动、重大节日）安全保障应急预案",
            "东城区北京站地区突发事件应急预案"} <= titles
    assert not any("森林" in t or "农业" in t for t in titles)        # no forests or farmland in 东城
    streets = [corpus.get(pid) for pid in corpus.ids_by_tier("department", "110101")
               if corpus.get(pid).title.endswith("街道突发事件应急预案")]
    assert len(streets) == 17 and all(p.lead_department.startswith("street_1101010") for p in streets)
    assert corpus.get("dongcheng-master").sections[0].title.startswith("1")
    master_titles = [s.title for s in corpus.get("dongcheng-master").sections]
    for part in ("信息报送", "先期处置", "现场指挥部", "响应升级", "社会动员", "信息发布", "应急结束", "恢复与重建"):
        assert any(part in t for t in master_titles), part


def test_department_plans_differ_by_department(corpus):
    """Each department's tasks come from its share of the work, not one text with the name swapped."""
    for code in ("110105", "110101"):
        by_text: dict[str, set[str]] = {}
        for pid in corpus.ids_by_tier("department", code):
            p = corpus.get(pid)
            for a in p.actions:
                by_text.setdefault(a.action, set()).add(p.lead_department)
        shared = {t: deps for t, deps in by_text.items() if len(deps) > 1 and not t.startswith("东") }
        assert not shared, list(shared.items())[:3]
    gas = corpus.get("chaoyang-dept-gas_company-gas")
    traffic = corpus.get("chaoyang-dept-traffic_police-waterlogging")
    assert any("切断气源" in a.action for a in gas.actions)
    assert any("涉水" in a.action for a in traffic.actions)


def test_master_and_special_plans_follow_the_district_list(corpus):
    assert corpus.get("chaoyang-master").title == "朝阳区突发事件总体应急预案"
    titles = {corpus.get(pid).title for pid in corpus.ids_by_tier("special")}
    assert {"朝阳区防汛应急预案", "朝阳区危险化学品事故应急预案", "朝阳区燃气事故应急预案",
            "朝阳区人员密集场所（大型活动）拥挤踩踏事件应急预案", "朝阳区旅游突发事件应急预案"} <= titles
    assert corpus.get("chaoyang-special-hazchem").lead_department == "emergency"
    assert corpus.get("chaoyang-special-fire").lead_department == "fire_rescue"


def test_enterprise_kinds_and_sites(corpus):
    for code, name, must in (("110105", "朝阳区", {"hospital", "school", "mall", "metro_station", "hazchem_site",
                                                 "construction_site", "stadium", "hotel"}),
                             ("110101", "东城区", {"heritage_site", "courtyard", "hotel", "school"})):
        plans = [corpus.get(pid) for pid in corpus.ids_by_tier("enterprise", code)]
        assert must <= {p.site.kind for p in plans}
        for p in plans[::10]:
            place = locate(p.site.lon, p.site.lat)
            assert place is not None and place.district_name == name
            assert place.street_name == p.site.street
        assert len({(p.site.street, p.site.address) for p in plans}) == len(plans)   # one plan per site
        assert len({p.issuing_body for p in plans}) == len(plans)


def test_unit_kinds_match_the_map_scene():
    assert UNIT_KINDS == SCENE_UNIT_KINDS


def test_generator_is_deterministic_and_matches_the_shipped_files(tmp_path):
    counts = generate(tmp_path)
    assert counts == {"master": 2, "special": 82, "department": 288, "enterprise": 480}
    for tier in counts:
        for slug in ("chaoyang", "dongcheng"):
            cmp = filecmp.dircmp(tmp_path / tier / slug, DEFAULT_PLANS_DIR / tier / slug)
            assert not cmp.left_only and not cmp.right_only
            _, mismatch, errors = filecmp.cmpfiles(tmp_path / tier / slug, DEFAULT_PLANS_DIR / tier / slug,
                                                   cmp.common_files, shallow=False)
            assert mismatch == [] and errors == [], (tier, slug)
