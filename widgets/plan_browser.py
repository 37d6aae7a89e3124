"""Plan browser: each district's plans by tier, filters, search as you type, a plan viewer.

Left: the district (the console's own by default), filters, a search box, and either the tree
by tier (with counts) or, while a query is typed, the list of matching clauses with the match
highlighted. Generated demo plans carry the 示例 badge; a plan of another district than the
one chosen names its district. Right: the plan viewer; clicking a hit opens its plan there.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QSplitter, QStackedWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from plans.model import TIERS
from maps.districts import streets
from plans.registry import DISTRICTS, departments
from plans.taxonomy import INCIDENT_TYPES
from widgets.plan_hit_delegate import HTML_ROLE, HitDelegate
from widgets.plan_search import PlanSearch
from widgets.plan_viewer import MATCH_COLOUR, PlanViewer
from widgets import labels, sample_mark

PLAN_ID_ROLE = Qt.ItemDataRole.UserRole
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SAMPLE_ROLE = Qt.ItemDataRole.UserRole + 4   # bool: the row is a generated demo plan
HOME, ALL = "home", "all"                    # district choices besides a district's adcode
# marked for lupdate; translated where shown with self.tr
TIER_SHORT = {"master": QT_TRANSLATE_NOOP("PlanBrowser", "总体"), "special": QT_TRANSLATE_NOOP("PlanBrowser", "专项"),
              "department": QT_TRANSLATE_NOOP("PlanBrowser", "部门"), "enterprise": QT_TRANSLATE_NOOP("PlanBrowser", "企事业")}


def snippet_html(snippet: str) -> str:
    """A hit's snippet (matches in 【】) as HTML with the matches marked."""
    return (escape(snippet).replace("【", f"<span style='background-color:{MATCH_COLOUR}'>")
            .replace("】", "</span>"))


class PlanBrowser(QWidget):
    # plan id (str)
    plan_selected = Signal(str)

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._search = PlanSearch(library, self)
        self._search.results_ready.connect(self._on_search_results_ready)
        self._search.search_failed.connect(self._on_search_search_failed)
        self.last_search_ms: float | None = None
        self._build()
        self._fill_filters()
        self._rebuild_tree()

    # -- public ----------------------------------------------------------------------------

    def open_plan(self, plan_id: str, clause: str | None = None, hit=None) -> None:
        """Show a plan in the viewer (at `clause` if given) and announce the selection."""
        plan = self._library.plans.get(plan_id)
        if plan is None:
            return
        self.viewer.show_plan(plan, clause, hit)
        self.plan_selected.emit(plan_id)

    def district(self) -> str | None:
        """Adcode of the district whose plans are shown; None for all districts."""
        choice = self.district_filter.currentData()
        if choice == ALL:
            return None
        return self._library.home_district if choice in (HOME, None) else choice

    def filters(self) -> dict:
        """The active filters as keyword arguments of library.search."""
        return {"district": self.district(),
                "tier": self.tier_filter.currentData(),
                "incident_type": self.type_filter.currentData(),
                "department": self.department_filter.currentData(),
                "street": self.street_filter.currentData()}

    def show_home_district(self) -> None:
        """The console now serves library.home_district: name it under 本区 and show its plans."""
        self.district_filter.setItemText(0, self._home_label())
        if self.district_filter.currentIndex() == 0:
            self._on_district_filter_current_index_changed(0)
        else:
            self.district_filter.setCurrentIndex(0)

    def shutdown(self) -> None:
        """Stop the search worker (the shell calls this on exit)."""
        self._search.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("搜索预案条款，如：燃气 泄漏"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.returnPressed.connect(self._search.run_now)
        self.district_filter = QComboBox(self)
        self.tier_filter = QComboBox(self)
        self.type_filter = QComboBox(self)
        self.department_filter = QComboBox(self)
        self.street_filter = QComboBox(self)
        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("辖区"), self), 0, 0)
        filters.addWidget(self.district_filter, 0, 1, 1, 3)
        self.district_filter.currentIndexChanged.connect(self._on_district_filter_current_index_changed)
        for row, (label, combo) in enumerate([(self.tr("层级"), self.tier_filter),
                                              (self.tr("事件类型"), self.type_filter),
                                              (self.tr("部门"), self.department_filter),
                                              (self.tr("街乡"), self.street_filter)]):
            filters.addWidget(QLabel(label, self), row // 2 + 1, (row % 2) * 2)
            filters.addWidget(combo, row // 2 + 1, (row % 2) * 2 + 1)
            combo.currentIndexChanged.connect(self._on_filters_current_index_changed)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # 10,000 enterprise plans expand in a blink
        self.tree.setIconSize(sample_mark.badge_size(self.tree.font()))
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.results = QListWidget(self)
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap hits on resize
        self.results.itemClicked.connect(self._on_results_item_clicked)
        self.status = QLabel(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tree)
        self.pages.addWidget(self.results)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filters)
        column.addWidget(self.search_box)
        column.addWidget(self.pages, 1)
        column.addWidget(self.status)
        self.viewer = PlanViewer(self)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([380, 820])  # hits need room for a title and a two-line snippet
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        if self._library.errors:
            self.status.setText(self.tr("{n} 个预案文件有错误，未载入").format(n=len(self._library.errors)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Docked at the side the panel is narrow: list above the viewer, not a sliver beside it.
        vertical = event.size().width() < 720
        wanted = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            total = event.size().height() if vertical else event.size().width()
            self.splitter.setSizes([total * 2 // 5, total * 3 // 5] if vertical else [380, max(200, total - 380)])
        super().resizeEvent(event)

    def _fill_filters(self) -> None:
        """Every type, department and street the system knows (a choice with no plans
        shows 0 in the tree). Asking the index which values occur took ~3.5 s on 10,000
        plans (one scan per value), so the lists come from the registries instead."""
        self.district_filter.blockSignals(True)
        self.district_filter.addItem(self._home_label(), HOME)
        for code in sorted(DISTRICTS):   # by adcode: 东城区, 朝阳区
            self.district_filter.addItem(labels.district_name(code), code)
        self.district_filter.addItem(self.tr("全部"), ALL)
        self.district_filter.blockSignals(False)
        self.tier_filter.addItem(self.tr("全部"), None)
        for tier in TIERS:
            self.tier_filter.addItem(labels.tier_name(tier), tier)
        self.type_filter.addItem(self.tr("全部"), None)
        for t in INCIDENT_TYPES:
            self.type_filter.addItem(t.name, t.code)
        self._fill_district_filters()
        for combo in (self.type_filter, self.department_filter, self.street_filter):
            combo.setEditable(True)  # typeahead over dozens of names
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

    def _home_label(self) -> str:
        return self.tr("本区（{d}）").format(d=labels.district_name(self._library.home_district))

    def _fill_district_filters(self) -> None:
        """Departments and streets of the chosen district (of both for 全部)."""
        district = self.district()
        codes = [district] if district else list(DISTRICTS)
        for combo in (self.department_filter, self.street_filter):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("全部"), None)
        names: dict[str, str] = {}
        for code in codes:
            for d in departments(code).values():
                names.setdefault(d.code, d.name)
        for code, name in sorted(names.items(), key=lambda kv: kv[1]):
            self.department_filter.addItem(name, code)
        for code in codes:
            for street in streets(code):
                self.street_filter.addItem(street["name"], street["name"])
        for combo in (self.department_filter, self.street_filter):
            combo.blockSignals(False)

    # -- the tree --------------------------------------------------------------------------

    def _listing(self, tier: str, total: int) -> list[tuple[str, str, str, bool]]:
        """(title, plan id, district, sample) of the tier's plans passing the filters, from the index."""
        flt = {k: v for k, v in self.filters().items() if v and k != "tier"}
        hits = self._library.search("", limit=max(1, total), tier=tier, **flt)
        return sorted((h.title, h.plan_id, h.district, h.sample) for h in hits)

    def _rebuild_tree(self) -> None:
        self.tree.clear()
        totals = self._library.counts(self.district())
        f = self.filters()
        filtered = any(v for k, v in f.items() if k != "district")   # the district is the scope, not a filter
        self._tier_listing: dict[str, list[tuple[str, str, str, bool]]] = {}
        for tier in TIERS:
            total = totals.get(tier, 0)
            if f["tier"] and f["tier"] != tier:
                shown = 0
            elif filtered:
                self._tier_listing[tier] = self._listing(tier, total)
                shown = len(self._tier_listing[tier])
            else:
                shown = total  # listed when the tier is first expanded
            count = f"{shown} / {total}" if filtered else str(total)
            item = QTreeWidgetItem([self.tr("{tier}（{count}）").format(tier=labels.tier_name(tier),
                                                                       count=count)])
            item.setData(0, Qt.ItemDataRole.UserRole + 2, tier)
            if shown:
                item.addChild(QTreeWidgetItem([""]))  # placeholder: filled when expanded
            self.tree.addTopLevelItem(item)

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        tier = item.data(0, Qt.ItemDataRole.UserRole + 2)
        placeholder = item.childCount() == 1 and item.child(0).data(0, PLAN_ID_ROLE) is None
        if tier is None or not placeholder:
            return
        item.takeChildren()
        listing = self._tier_listing.get(tier)
        if listing is None:
            listing = self._tier_listing[tier] = self._listing(tier, self._library.counts(self.district())[tier])
        children = []
        badge = sample_mark.badge_icon(self.tree.font())
        for title, plan_id, district, sample in listing:
            child = QTreeWidgetItem([title + self._other_district(district)])
            child.setData(0, PLAN_ID_ROLE, plan_id)
            child.setData(0, SAMPLE_ROLE, sample)
            if sample:
                child.setIcon(0, badge)
                child.setToolTip(0, f"{title}\n{sample_mark.explanation()}")
            else:
                child.setToolTip(0, title)
            children.append(child)
        item.addChildren(children)

    def _other_district(self, district: str) -> str:
        """" · 东城区" after a plan of another district than the console's, else ""."""
        if not district or district == self._library.home_district:
            return ""
        return self.tr(" · {d}").format(d=labels.district_name(district))

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        plan_id = item.data(0, PLAN_ID_ROLE)
        if plan_id:
            self.open_plan(plan_id)

    def _on_district_filter_current_index_changed(self, _index: int) -> None:
        self._fill_district_filters()
        self._on_filters_current_index_changed(_index)

    def _on_filters_current_index_changed(self, _index: int) -> None:
        self._rebuild_tree()
        if self.search_box.text().strip():
            self._search.request(self.search_box.text(), self.filters())

    # -- search ----------------------------------------------------------------------------

    def _on_search_box_text_changed(self, text: str) -> None:
        self.pages.setCurrentWidget(self.results if text.strip() else self.tree)
        if text.strip():
            self.status.setText(self.tr("搜索中…"))
        self._search.request(text, self.filters())

    def _on_search_results_ready(self, _request_id: int, hits: list, elapsed_ms: float) -> None:
        self.last_search_ms = elapsed_ms
        self.results.clear()
        if not self.search_box.text().strip():
            self.status.clear()
            return
        for hit in hits:
            item = QListWidgetItem(self.results)
            item.setData(HIT_ROLE, hit)
            item.setData(SAMPLE_ROLE, hit.sample)
            tier = self.tr(TIER_SHORT.get(hit.tier, hit.tier))
            badge = sample_mark.badge_html() + " " if hit.sample else ""
            where = escape(self._other_district(hit.district))
            item.setData(HTML_ROLE, f"{badge}<b>{escape(hit.title)}</b>{where} <small>[{tier}] · "
                                    f"{escape(hit.section)}</small><br>{snippet_html(hit.snippet)}")
            item.setToolTip(f"{hit.text}\n\n{sample_mark.explanation()}" if hit.sample else hit.text)
        self.status.setText(self.tr("找到 {n} 条（{ms} 毫秒）").format(n=len(hits), ms=f"{elapsed_ms:.0f}")
                            if hits else self.tr("没有找到匹配的条款；试试更短的词，或清除筛选条件"))

    def _on_search_search_failed(self, _request_id: int, message: str) -> None:
        self.results.clear()
        self.status.setText(self.tr("搜索出错：{m}").format(m=message))

    def _on_results_item_clicked(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.open_plan(hit.plan_id, hit.clause, hit)

