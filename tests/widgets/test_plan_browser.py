"""Plan browser as a duty officer uses it: the tree by tier, search as you type, jump to a clause."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from plans.model import TIER_NAMES
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
    counts = library.counts()
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
    browser.open_plan("special-hazchem")
    shown = browser.viewer.toPlainText()
    assert library.plans["special-hazchem"].title in shown
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
    assert hits and all("燃气泄漏" in h.text for h in hits)


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
