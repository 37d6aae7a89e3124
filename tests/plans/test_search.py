"""Chinese full-text search: one-, two- and three-character queries, filters, marked snippets."""
from __future__ import annotations

import pytest


def _marked(hit, term):
    assert f"【{term}】" in hit.snippet, hit.snippet
    assert any(hit.text[s:e] == term for s, e in hit.spans)


@pytest.mark.parametrize("query", ["火", "燃", "汛"])
def test_one_character(corpus, query):
    hits = corpus.search(query, limit=10)
    assert len(hits) == 10
    for h in hits:
        _marked(h, query)


@pytest.mark.parametrize("query", ["燃气", "火灾", "地震", "防汛", "疏散", "阀门"])
def test_two_characters_trigram_alone_would_miss(corpus, query):
    hits = corpus.search(query, limit=10)
    assert hits, query
    for h in hits:
        _marked(h, query)


# (危化品 and 燃气泄漏 are thesaurus words now: test_thesaurus.py checks what they find)
@pytest.mark.parametrize("query", ["危险化学品", "下凹桥", "指挥部", "老旧小区"])
def test_three_or_more_characters_match_the_exact_substring(corpus, query):
    hits = corpus.search(query, limit=50)
    assert hits
    for h in hits:
        _marked(h, query)


def test_phrase_is_not_a_bag_of_bigrams(corpus):
    # 泄漏 and 危化品 both occur, but never as one word 危化品泄漏 in the corpus
    assert corpus.search("危化品泄漏") == []
    assert corpus.search("危化品") and corpus.search("泄漏")


def test_the_special_plan_title_comes_first(corpus):
    hit = corpus.search("燃气", limit=1)[0]
    assert (hit.plan_id, hit.tier, hit.clause) == ("chaoyang-special-gas", "special", "title")


def test_hit_names_its_clause(corpus):
    hits = corpus.search("30分钟内向区委", tier="special", limit=100)
    assert {h.clause for h in hits} == {"action:a02", "section:ch4"}   # the action and the chapter
    action = next(h for h in hits if h.clause == "action:a02")
    assert action.section.startswith("应急响应") and "【30分钟内向区委】" in action.snippet


def test_words_are_anded(corpus):
    hits = corpus.search("燃气 疏散", limit=20)
    assert hits
    for h in hits:
        assert "燃气" in h.text and "疏散" in h.text


def test_ascii_and_numbers(corpus):
    hits = corpus.search("96777", limit=5)
    assert hits and all("96777" in h.text for h in hits)
    assert any(h.plan_id.startswith("chaoyang-ent-residential-") for h in corpus.search("96777", limit=200))


def test_filters_by_tier_department_type_and_street(corpus):
    assert {h.tier for h in corpus.search("报告", tier="department", limit=30)} == {"department"}
    by_name = corpus.search("报告", department="区卫生健康委", limit=30)
    assert by_name and all("health" in corpus.get(h.plan_id).departments for h in by_name)
    gas = corpus.search("预案", incident_type="燃气事故", limit=50)
    assert gas and all("gas" in corpus.get(h.plan_id).incident_types for h in gas)
    wj = corpus.search("应急", street="望京街道", limit=50)
    assert wj and all(corpus.get(h.plan_id).site.street == "望京街道" for h in wj)


def test_filters_alone_list_plans(corpus):
    for code, name in (("110105", "朝阳区"), ("110101", "东城区")):
        hits = corpus.search("", tier="special", limit=100, district=code)
        assert len(hits) == 41 and all(h.clause == "title" and h.title.startswith(name) for h in hits)
    assert len(corpus.search("", tier="special", limit=100)) == 82


def test_nothing_found_and_bad_filter(corpus):
    assert corpus.search("量子纠缠") == []
    assert corpus.search("   ") == [] and corpus.search("燃气", limit=0) == []
    with pytest.raises(KeyError):
        corpus.search("燃气", department="区魔法局")
