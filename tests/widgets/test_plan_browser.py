"""Plan browser as a duty officer uses it: the tree by tier, search as you type, jump to a clause."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from plans.model import TIER_NAMES
from plans.thesaurus import expand
from widgets.plan_browser import HIT_ROLE, PLAN_ID_ROLE, PlanBrowser
from widgets.plan_hit_delegate import HTML_ROLE



@pytest.fixture
def browser(qtbot, library):
    widget = PlanBrowser(library)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def ime_type(widget, text):
    """Type Chinese as an input method does: each word arrives as a committed string
    (QTest.keyClicks only knows ASCII keys)."""
    for word in text.split(" "):
        event = QInputMethodEvent()
        event.setCommitString(word)
        QApplication.sendEvent(widget, event)


def _search(qtbot, browser, text):
    browser.search_box.clear()
    ime_type(browser.search_box, text)
    qtbot.waitUntil(lambda: browser.results.count() > 0 or "没有找到" in browser.status.text(),
                    timeout=5000)


def test_tree_shows_each_tier_with_its_count(browser, library):
    assert browser.district() == library.home_district == "110105"   # the console's own district
    counts = library.counts("110105")
    assert (counts["master"], counts["special"], counts["department"]) == (1, 41, 144)
    texts = [browser.tree.topLevelItem(i).text(0) for i in range(browser.tree.topLevelItemCount())]
    assert texts == [f"{TIER_NAMES[t]}（{counts[t]}）"
                     for t in ("master", "special", "department", "enterprise")]


def test_expanding_a_tier_lists_its_plans_and_a_click_opens_one(qtbot, browser, library):
    special = browser.tree.topLevelItem(1)
    special.setExpanded(True)
    assert special.childCount() == 41
    child = special.child(0)
    rect = browser.tree.visualItemRect(child)
    with qtbot.waitSignal(browser.plan_selected) as blocker:
        qtbot.mouseClick(browser.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    plan_id = child.data(0, PLAN_ID_ROLE)
    assert blocker.args == [plan_id]
    assert library.plans[plan_id].title in browser.viewer.toPlainText()
    assert "分级标准" in browser.viewer.toPlainText()


def test_two_character_chinese_search_finds_plans_with_the_word_marked(qtbot, browser):
    _search(qtbot, browser, "燃气")
    assert browser.pages.currentWidget() is browser.results
    hits = [browser.results.item(i).data(HIT_ROLE) for i in range(browser.results.count())]
    assert any("燃气" in hit.title for hit in hits)
    shown = browser.results.item(0).data(HTML_ROLE)  # what the hit delegate draws
    assert "<span style='background-color:#ffd54f'>燃气</span>" in shown
    assert "找到" in browser.status.text()


def test_clicking_a_hit_opens_the_plan_at_that_clause(qtbot, browser):
    _search(qtbot, browser, "燃气")
    item = browser.results.item(browser.results.count() - 1)
    hit = item.data(HIT_ROLE)
    with qtbot.waitSignal(browser.plan_selected) as blocker:
        qtbot.mouseClick(browser.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=browser.results.visualItemRect(item).center())
    assert blocker.args == [hit.plan_id]
    assert browser.viewer.current_clause == hit.clause
    assert "燃气" in browser.viewer.highlighted_text()


def test_tier_filter_narrows_tree_and_search(qtbot, browser):
    browser.tier_filter.setCurrentIndex(browser.tier_filter.findData("enterprise"))
    assert browser.tree.topLevelItem(1).text(0).startswith(f"{TIER_NAMES['special']}（0 / 41")
    _search(qtbot, browser, "燃气")
    hits = [browser.results.item(i).data(HIT_ROLE) for i in range(browser.results.count())]
    assert hits and {h.tier for h in hits} == {"enterprise"}


def test_clearing_the_search_returns_to_the_tree(qtbot, browser):
    _search(qtbot, browser, "燃气")
    browser.search_box.clear()
    assert browser.pages.currentWidget() is browser.tree


def test_nothing_found_says_what_to_try(qtbot, browser):
    _search(qtbot, browser, "无此词汇ＸＹＺ")
    assert browser.results.count() == 0
    assert "没有找到" in browser.status.text()


def test_viewer_shows_the_level_table_and_actions_per_level(browser, library):
    browser.open_plan("chaoyang-special-hazchem")
    shown = browser.viewer.toPlainText()
    assert library.plans["chaoyang-special-hazchem"].title in shown
    assert "II 重大" in shown and "死亡 ≥ 10 人 且 < 30 人" in shown
    assert "直接经济损失 ≥ 1 亿元" in shown
    assert "I 级响应" in shown and "IV 级响应" in shown


def test_words_typed_in_a_burst_run_one_search(qtbot, browser):
    answers = []
    browser._search.results_ready.connect(lambda rid, hits, ms: answers.append(rid))
    for word in ("燃", "气", "泄", "漏"):  # an input method committing character by character
        ime_type(browser.search_box, word)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    qtbot.wait(400)  # longer than the debounce: nothing else may arrive
    assert answers == [browser._search.latest_id]
    hits = [browser.results.item(i).data(HIT_ROLE) for i in range(browser.results.count())]
    # one search for the whole word: every hit shows 燃气泄漏 or what the thesaurus adds to it
    alternatives = {a for w in expand("燃气泄漏").words for a in w.alternatives}
    assert hits and all(any(a in h.text for a in alternatives) for h in hits)


def test_department_and_street_filters(qtbot, browser, library):
    browser.street_filter.setCurrentIndex(browser.street_filter.findData("双井街道"))
    enterprise = browser.tree.topLevelItem(3)
    enterprise.setExpanded(True)
    shown = [enterprise.child(i).data(0, PLAN_ID_ROLE) for i in range(enterprise.childCount())]
    assert shown and all(library.plans[p].site.street == "双井街道" for p in shown)
    assert browser.tree.topLevelItem(1).text(0).startswith(f"{TIER_NAMES['special']}（0 / 41")
    browser.street_filter.setCurrentIndex(0)
    browser.department_filter.setCurrentIndex(browser.department_filter.findData("fire_rescue"))
    department = browser.tree.topLevelItem(2)
    department.setExpanded(True)
    ids = [department.child(i).data(0, PLAN_ID_ROLE) for i in range(department.childCount())]
    assert ids and all("fire_rescue" in library.plans[p].departments for p in ids)


def test_opening_at_a_clause_scrolls_the_viewer_to_it(qtbot, browser, library):
    plan = max((p for p in library.plans.values() if p.tier == "special"), key=lambda p: len(p.sections))
    last = plan.sections[-1]
    browser.open_plan(plan.id)
    qtbot.wait(50)
    assert browser.viewer.verticalScrollBar().value() == 0
    browser.open_plan(plan.id, f"section:{last.id}")
    qtbot.waitUntil(lambda: browser.viewer.verticalScrollBar().value() > 0, timeout=2000)
    assert browser.viewer.current_clause == f"section:{last.id}"


def test_an_older_answer_never_replaces_a_newer_one(qtbot, browser):
    answers = []
    browser._search.results_ready.connect(lambda rid, hits, ms: answers.append((rid, hits)))
    browser._search.request("燃气", browser.filters())
    browser._search.run_now()          # answered first by the single worker...
    browser._search.request("疏散", browser.filters())
    browser._search.run_now()          # ...but this is what the user typed last
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    qtbot.wait(200)
    assert [rid for rid, _ in answers] == [browser._search.latest_id]
    assert all("疏散" in hit.text for hit in answers[0][1])


# -- 示例 marks and districts (issue 16) ---------------------------------------------------------

def _badge_pixels(widget) -> int:
    """How many pixels of the 示例 badge colour the widget shows on screen."""
    from PySide6.QtGui import QColor
    from widgets.sample_mark import BADGE_BACKGROUND
    image = widget.grab().toImage()
    want = QColor(BADGE_BACKGROUND).rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == want)


def test_demo_plans_show_the_sample_badge_in_the_tree_and_the_hits(qtbot, browser, library):
    from widgets.plan_browser import SAMPLE_ROLE
    special = browser.tree.topLevelItem(1)
    special.setExpanded(True)
    child = special.child(0)
    assert library.plans[child.data(0, PLAN_ID_ROLE)].sample
    assert child.data(0, SAMPLE_ROLE) is True and not child.icon(0).isNull()
    assert "演示用生成内容" in child.toolTip(0)
    qtbot.waitUntil(lambda: _badge_pixels(browser.tree) > 50, timeout=2000)   # drawn, not only stored
    _search(qtbot, browser, "燃气")
    shown = browser.results.item(0).data(HTML_ROLE)
    assert "示例" in shown and browser.results.item(0).data(SAMPLE_ROLE) is True


def test_no_internal_id_in_the_tree_hits_or_viewer(qtbot, browser, library):
    special = browser.tree.topLevelItem(1)
    special.setExpanded(True)
    for i in range(special.childCount()):
        child = special.child(i)
        plan_id = child.data(0, PLAN_ID_ROLE)
        assert plan_id not in child.text(0) and plan_id not in child.toolTip(0)
    browser.open_plan("chaoyang-special-gas")
    shown = browser.viewer.toPlainText()
    assert "chaoyang-" not in shown and "plans.corpus" not in shown
    _search(qtbot, browser, "燃气")
    for i in range(browser.results.count()):
        item = browser.results.item(i)
        assert item.data(HIT_ROLE).plan_id not in item.data(HTML_ROLE) + item.toolTip()


def test_district_choice_scopes_tree_and_search_and_names_other_districts(qtbot, browser, library):
    choices = [browser.district_filter.itemText(i) for i in range(browser.district_filter.count())]
    assert choices == ["本区（朝阳区）", "东城区", "朝阳区", "全部"]
    browser.district_filter.setCurrentIndex(browser.district_filter.findData("110101"))
    dongcheng = library.counts("110101")
    assert browser.tree.topLevelItem(1).text(0) == f"{TIER_NAMES['special']}（{dongcheng['special']}）"
    special = browser.tree.topLevelItem(1)
    special.setExpanded(True)
    ids = [special.child(i).data(0, PLAN_ID_ROLE) for i in range(special.childCount())]
    assert ids and all(library.district_of(p) == "110101" for p in ids)
    assert all(special.child(i).text(0).endswith(" · 东城区") for i in range(special.childCount()))
    _search(qtbot, browser, "燃气")
    hits = [browser.results.item(i).data(HIT_ROLE) for i in range(browser.results.count())]
    assert hits and {h.district for h in hits} == {"110101"}
    assert "东城区" in browser.results.item(0).data(HTML_ROLE)
    browser.district_filter.setCurrentIndex(browser.district_filter.findData("all"))
    total = library.counts()
    assert browser.tree.topLevelItem(1).text(0) == f"{TIER_NAMES['special']}（{total['special']}）"
    browser.district_filter.setCurrentIndex(0)   # 本区: 朝阳's own rows name no district
    special = browser.tree.topLevelItem(1)
    special.setExpanded(True)
    assert not any("·" in special.child(i).text(0) for i in range(special.childCount()))


def test_an_imported_plan_shows_no_sample_mark(qtbot, tmp_path):
    from widgets.plan_browser import SAMPLE_ROLE
    from tests.widgets.imported_plans import open_imported_library
    imported = open_imported_library(tmp_path)
    widget = PlanBrowser(imported)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    try:
        special = widget.tree.topLevelItem(1)
        special.setExpanded(True)
        child = special.child(0)
        assert child.data(0, SAMPLE_ROLE) is False and child.icon(0).isNull()
        qtbot.wait(50)
        assert _badge_pixels(widget.tree) == 0
        widget.open_plan(child.data(0, PLAN_ID_ROLE))
        assert "示例" not in widget.viewer.toPlainText()
        _search(qtbot, widget, "燃气")
        assert widget.results.count() and "示例" not in widget.results.item(0).data(HTML_ROLE)
    finally:
        widget.shutdown()
        imported.close()


def test_viewer_header_marks_a_demo_plan_and_explains_it(qtbot, browser, library):
    browser.open_plan("chaoyang-special-gas")
    lines = browser.viewer.toPlainText().splitlines()
    assert lines[0] == library.plans["chaoyang-special-gas"].title
    assert "示例" in lines[1] and "示例：演示用生成内容，非正式印发的预案" in lines[1]
    qtbot.waitUntil(lambda: _badge_pixels(browser.viewer.viewport()) > 50, timeout=2000)
