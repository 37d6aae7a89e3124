"""Search thesaurus: everyday words (暴雨, 危化品, 电梯困人) find the plans that use plan wording."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from plans.text import match_query, query_expansion, query_terms
from plans.thesaurus import THESAURUS_FILE, ThesaurusError, expand, load, thesaurus

CHAOYANG, DONGCHENG = "110105", "110101"


# --- the expansion --------------------------------------------------------------------------
def test_shipped_thesaurus_is_data_with_enough_everyday_words():
    assert THESAURUS_FILE.name == "thesaurus.yaml" and THESAURUS_FILE.parent.name == "plans"
    header = THESAURUS_FILE.read_text(encoding="utf-8").split("entries:")[0]
    assert "国家突发事件总体应急预案" in header       # says where the terms come from
    assert len(thesaurus()) >= 60
    for word in ("暴雨", "积水", "危化品", "液氨", "有限空间", "燃气泄漏", "电梯困人", "踩踏", "疫情",
                 "停电", "煤气", "地铁", "车祸", "着火", "失火", "起火", "古建筑", "文物", "胡同"):
        assert word in thesaurus(), word


def test_plan_category_words_are_not_expanded():
    # searching a plan's own word keeps finding exactly that word
    for word in ("火灾", "燃气", "防汛", "危险化学品", "地震", "疏散", "泄漏"):
        assert expand(word).words[0].alternatives == (word,)


def test_word_becomes_word_or_its_aliases_and_broader_terms():
    word = expand("暴雨").words[0]
    assert word.alternatives[0] == "暴雨"
    assert {"防汛", "城市内涝", "气象灾害"} <= set(word.added)
    assert set(expand("液氨").words[0].added) >= {"危险化学品", "氨"}
    assert "危险化学品" in expand("危化品").words[0].added


def test_match_expression_ors_within_a_word_and_ands_across_words():
    q = match_query("暴雨 疏散")
    assert q.startswith("(") and ' OR "防汛" OR ' in q and '"城市 市内 内涝"' in q
    assert q.endswith(') AND "疏散"')
    assert match_query("暴雨 疏散", expand=False) == '"暴雨" AND "疏散"'
    assert match_query("燃气泄漏", expand=False) == '"燃气 气泄 泄漏"'
    assert match_query("火") == '"火"*' and match_query("  ") is None


def test_alternatives_that_contain_another_are_left_out_of_the_fts_expression():
    # 大暴雨 can find nothing 暴雨 does not: only the shorter one is searched
    assert '"大暴 暴雨"' not in match_query("暴雨") and '"暴雨"' in match_query("暴雨")


def test_query_terms_mark_every_alternative_and_keep_the_old_signature():
    assert query_terms("暴雨 疏散")[0] == "暴雨" and "防汛" in query_terms("暴雨 疏散")
    assert query_terms("暴雨 疏散")[-1] == "疏散"
    assert query_terms("暴雨 疏散", expand=False) == ["暴雨", "疏散"]


def test_expansion_note_for_a_ui():
    e = query_expansion("暴雨 积水")
    assert e.also[:3] == ("防汛", "城市内涝", "气象灾害") and "排水" in e.also
    assert e.also.count("城市内涝") == 1                  # said once though both words add it
    assert e.note().startswith("也搜索了: 防汛、城市内涝")
    assert expand("燃气").note() == "" and expand("燃气").also == ()
    assert expand("暴雨").original_terms == ("暴雨",)


def test_ascii_words_ignore_case():
    assert expand("p2p").words[0].added == expand("P2P").words[0].added != ()


def test_loader_rejects_malformed_files(tmp_path: Path):
    bad = {
        "dup.yaml": "entries:\n- {words: [暴雨], broader: [防汛]}\n- {words: [暴雨], broader: [气象灾害]}\n",
        "empty.yaml": "entries:\n- {words: [暴雨]}\n",
        "phrase.yaml": "entries:\n- {words: [暴雨 积水], broader: [防汛]}\n",
        "key.yaml": "entries:\n- {words: [暴雨], narrower: [防汛]}\n",
        "shape.yaml": "- 暴雨\n",
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(ThesaurusError, match=name):
            load(tmp_path / name)
    (tmp_path / "ok.yaml").write_text("entries:\n- {words: [大水], aliases: [洪水]}\n", encoding="utf-8")
    assert load(tmp_path / "ok.yaml").alternatives("大水") == ("大水", "洪水")


# --- what a user notices: the right plan on the first page, the matched word marked ----------
def _search(lib, query: str, district: str, limit: int = 20):
    # PlanLibrary.search gains a district filter with the 东城 corpus; pass it once it exists
    if "district" in inspect.signature(lib.search).parameters:
        return lib.search(query, limit=limit, district=district)
    return lib.search(query, limit=limit)


# (district, query, plan title substrings that must be on the first page of 20)
CHAOYANG_QUERIES = [
    (CHAOYANG, "暴雨", ["防汛应急预案", "气象灾害应急预案", "城市内涝"]),
    (CHAOYANG, "大雨", ["防汛应急预案"]),
    (CHAOYANG, "积水", ["排水（城市内涝）突发事件应急预案"]),
    (CHAOYANG, "洪水", ["防汛应急预案"]),
    (CHAOYANG, "干旱", ["抗旱应急预案"]),
    (CHAOYANG, "暴雪", ["雪雾低温天气应急预案", "气象灾害应急预案"]),
    (CHAOYANG, "雾霾", ["空气重污染应急预案"]),
    (CHAOYANG, "滑坡", ["突发地质灾害应急预案"]),
    (CHAOYANG, "路面塌陷", ["突发地质灾害应急预案", "地下管线突发事故应急预案"]),
    (CHAOYANG, "山火", ["森林火灾应急预案"]),
    (CHAOYANG, "病虫害", ["有害生物"]),
    (CHAOYANG, "救灾", ["自然灾害救助应急预案"]),
    (CHAOYANG, "着火", ["火灾事故应急救援预案"]),
    (CHAOYANG, "失火", ["火灾事故应急救援预案"]),
    (CHAOYANG, "起火", ["火灾事故应急救援预案"]),
    (CHAOYANG, "危化品", ["危险化学品事故应急预案"]),
    (CHAOYANG, "液氨", ["危险化学品事故应急预案"]),
    (CHAOYANG, "氯气", ["危险化学品事故应急预案"]),
    (CHAOYANG, "毒气", ["危险化学品事故应急预案"]),
    (CHAOYANG, "爆炸", ["燃气事故应急预案", "危险化学品事故应急预案"]),
    (CHAOYANG, "有限空间", ["生产安全事故应急预案"]),
    (CHAOYANG, "工地", ["建设工程施工突发事故应急预案"]),
    (CHAOYANG, "燃气泄漏", ["燃气事故应急预案"]),
    (CHAOYANG, "煤气", ["燃气事故应急预案"]),
    (CHAOYANG, "天然气", ["燃气事故应急预案"]),
    (CHAOYANG, "电梯困人", ["特种设备（电梯）事故应急预案"]),
    (CHAOYANG, "锅炉", ["特种设备（电梯）事故应急预案"]),
    (CHAOYANG, "停电", ["大面积停电事件应急预案"]),
    (CHAOYANG, "断电", ["大面积停电事件应急预案"]),
    (CHAOYANG, "停水", ["供水突发事件应急预案"]),
    (CHAOYANG, "爆管", ["供水突发事件应急预案"]),
    (CHAOYANG, "停暖", ["供热突发事件应急预案"]),
    (CHAOYANG, "地铁", ["城市轨道交通运营突发事件应急预案"]),
    (CHAOYANG, "车祸", ["道路交通事故应急预案"]),
    (CHAOYANG, "撞车", ["道路交通事故应急预案"]),
    (CHAOYANG, "断网", ["网络与信息安全事件应急预案"]),
    (CHAOYANG, "黑客", ["网络与信息安全事件应急预案"]),
    (CHAOYANG, "没信号", ["通信保障应急预案"]),
    (CHAOYANG, "偷排", ["突发环境事件应急预案"]),
    (CHAOYANG, "疫情", ["突发公共卫生事件应急预案", "重大动物疫情应急预案"]),
    (CHAOYANG, "新冠", ["突发公共卫生事件应急预案"]),
    (CHAOYANG, "食物中毒", ["食品安全事故应急预案"]),
    (CHAOYANG, "疫苗", ["药品（疫苗）安全事件应急预案"]),
    (CHAOYANG, "非洲猪瘟", ["重大动物疫情应急预案"]),
    (CHAOYANG, "救护车", ["突发事件医疗卫生救援应急预案"]),
    (CHAOYANG, "踩踏", ["拥挤踩踏事件应急预案"]),
    (CHAOYANG, "演唱会", ["拥挤踩踏事件应急预案"]),
    (CHAOYANG, "恐袭", ["处置恐怖袭击事件应急预案"]),
    (CHAOYANG, "上访", ["群体性事件应急预案"]),
    (CHAOYANG, "非法集资", ["金融突发事件应急预案"]),
    (CHAOYANG, "外国人", ["涉外突发事件应急预案"]),
    (CHAOYANG, "游客", ["旅游突发事件应急预案"]),
    (CHAOYANG, "抢购", ["生活必需品市场供应突发事件应急预案"]),
    (CHAOYANG, "缺粮", ["粮食应急预案"]),
    (CHAOYANG, "养老院", ["敬老院", "养老照料中心"]),
    (CHAOYANG, "写字楼", ["国际大厦"]),
    (CHAOYANG, "暴雨 被困", ["防汛应急预案"]),
]

# 东城's own words (hutong, heritage, 北京站…) and the everyday words both districts share.
DONGCHENG_QUERIES = [
    (DONGCHENG, "暴雨", ["防汛应急预案"]),
    (DONGCHENG, "积水", ["城市内涝（下凹桥区积水）应急预案"]),
    (DONGCHENG, "胡同", ["平房院落（胡同）火灾"]),
    (DONGCHENG, "四合院", ["平房院落（胡同）火灾"]),
    (DONGCHENG, "古建筑", ["文物建筑（古建筑）火灾事故应急预案"]),
    (DONGCHENG, "文物", ["文物建筑（古建筑）火灾事故应急预案"]),
    (DONGCHENG, "煤气", ["燃气事故应急预案"]),
    (DONGCHENG, "燃气泄漏", ["燃气事故应急预案"]),
    (DONGCHENG, "电梯困人", ["特种设备"]),
    (DONGCHENG, "踩踏", ["拥挤踩踏"]),
    (DONGCHENG, "游客", ["旅游突发事件应急预案"]),
    (DONGCHENG, "外国人", ["涉外突发事件应急预案"]),
    (DONGCHENG, "地铁", ["城市轨道交通运营突发事件应急预案"]),
    (DONGCHENG, "停电", ["大面积停电事件应急预案"]),
    (DONGCHENG, "疫情", ["突发公共卫生事件应急预案"]),
    (DONGCHENG, "大雨", ["防汛应急预案"]),
    (DONGCHENG, "洪水", ["防汛应急预案"]),
    (DONGCHENG, "雾霾", ["空气重污染应急预案"]),
    (DONGCHENG, "病虫害", ["有害生物"]),
    (DONGCHENG, "着火", ["火灾事故应急救援预案"]),
    (DONGCHENG, "失火", ["火灾事故应急救援预案"]),
    (DONGCHENG, "起火", ["火灾事故应急救援预案"]),
    (DONGCHENG, "危化品", ["危险化学品事故应急预案"]),
    (DONGCHENG, "液氨", ["危险化学品事故应急预案"]),
    (DONGCHENG, "氯气", ["危险化学品事故应急预案"]),
    (DONGCHENG, "毒气", ["危险化学品事故应急预案"]),
    (DONGCHENG, "爆炸", ["燃气事故应急预案", "危险化学品事故应急预案"]),
    (DONGCHENG, "有限空间", ["生产安全事故应急预案"]),
    (DONGCHENG, "工地", ["建设工程施工突发事故应急预案"]),
    (DONGCHENG, "天然气", ["燃气事故应急预案"]),
    (DONGCHENG, "锅炉", ["特种设备（电梯）事故应急预案"]),
    (DONGCHENG, "断电", ["大面积停电事件应急预案"]),
    (DONGCHENG, "停水", ["供水突发事件应急预案"]),
    (DONGCHENG, "爆管", ["供水突发事件应急预案"]),
    (DONGCHENG, "停暖", ["供热突发事件应急预案"]),
    (DONGCHENG, "车祸", ["道路交通事故应急预案"]),
    (DONGCHENG, "撞车", ["道路交通事故应急预案"]),
    (DONGCHENG, "偷排", ["突发环境事件应急预案"]),
    (DONGCHENG, "新冠", ["突发公共卫生事件应急预案"]),
    (DONGCHENG, "食物中毒", ["食品安全事故应急预案"]),
    (DONGCHENG, "疫苗", ["药品（疫苗）安全事件应急预案"]),
    (DONGCHENG, "非洲猪瘟", ["重大动物疫情应急预案"]),
    (DONGCHENG, "救护车", ["突发事件医疗卫生救援应急预案"]),
    (DONGCHENG, "演唱会", ["拥挤踩踏事件应急预案"]),
    (DONGCHENG, "恐袭", ["处置恐怖袭击事件应急预案"]),
    (DONGCHENG, "上访", ["群体性事件应急预案"]),
    (DONGCHENG, "非法集资", ["金融突发事件应急预案"]),
    (DONGCHENG, "暴雨 被困", ["防汛应急预案"]),
]


@pytest.mark.parametrize("district,query,titles", CHAOYANG_QUERIES + DONGCHENG_QUERIES,
                         ids=[f"{d}-{q}" for d, q, _ in CHAOYANG_QUERIES + DONGCHENG_QUERIES])
def test_everyday_word_finds_the_plan(corpus, district, query, titles):
    hits = _search(corpus, query, district)
    found = [h.title for h in hits]
    for title in titles:
        assert any(title in t for t in found), (query, title, sorted(set(found)))
    # every hit shows a marked word, and what is marked is the word or one of its alternatives
    alternatives = {a for w in expand(query).words for a in w.alternatives}
    for h in hits:
        marked = {h.text[s:e] for s, e in h.spans}
        assert marked and f"【{h.text[h.spans[0][0]:h.spans[0][1]]}】" in h.snippet
        assert all(any(a in m for a in alternatives) for m in marked), (h.snippet, marked)


def test_enough_everyday_queries():
    assert len(CHAOYANG_QUERIES) >= 40 and len({q for _, q, _ in CHAOYANG_QUERIES}) == len(CHAOYANG_QUERIES)
    assert len(DONGCHENG_QUERIES) >= 40 and len({q for _, q, _ in DONGCHENG_QUERIES}) == len(DONGCHENG_QUERIES)
    assert {d for d, _, _ in DONGCHENG_QUERIES} == {DONGCHENG}


def test_marked_text_is_the_alternative_that_matched(corpus):
    hit = next(h for h in _search(corpus, "危化品", CHAOYANG) if h.clause == "title")
    assert "危险化学品" in hit.title and "【危险化学品】" in hit.snippet and "危化品" not in hit.text
    hit = next(h for h in _search(corpus, "停电", CHAOYANG) if h.clause == "title")
    assert "【大面积停电】" in hit.snippet
    # where the clause says the typed word itself, that word is what is marked
    hits = _search(corpus, "积水", CHAOYANG, limit=200)
    own = [h for h in hits if "积水" in h.text]
    assert own and all("【积水】" in h.snippet or "积水" not in h.snippet for h in own)


def test_plan_words_still_find_only_themselves(corpus):
    for h in _search(corpus, "防汛", CHAOYANG):
        assert "【防汛】" in h.snippet


@pytest.mark.parametrize("query,title", [("暴雨", "防汛应急预案"), ("液氨", "危险化学品事故应急预案"),
                                         ("车祸", "道路交通事故应急预案"),
                                         ("煤气", "燃气事故应急预案"), ("着火", "火灾事故")])
def test_the_thesaurus_is_what_finds_the_plan(corpus, query, title):
    # as typed, the word does not bring the plan to the first page; expanded, it does
    filters = {"district": CHAOYANG}
    plain = corpus._index.search(match_query(query, expand=False), 20, filters)
    assert not any(title in row[2] for row in plain)
    assert any(title in h.title for h in _search(corpus, query, CHAOYANG))
