"""Plan browser: the 1+41+144+N plans by tier, filters, search as you type, a plan viewer.

Left: filters, a search box, and either the tree by tier (with counts) or, while a query is
typed, the list of matching clauses with the match highlighted. Right: the plan viewer;
clicking a hit opens its plan at that clause.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QSplitter, QStackedWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from plans.model import TIERS
from maps.districts import streets
from plans.registry import departments
from plans.taxonomy import INCIDENT_TYPES
from widgets.plan_hit_delegate import HTML_ROLE, HitDelegate
from widgets.plan_search import PlanSearch
from widgets.plan_viewer import MATCH_COLOUR, PlanViewer
from widgets import labels

PLAN_ID_ROLE = Qt.ItemDataRole.UserRole
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
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

    def filters(self) -> dict:
        """The active filters as keyword arguments of library.search."""
        return {"tier": self.tier_filter.currentData(),
                "incident_type": self.type_filter.currentData(),
                "department": self.department_filter.currentData(),
                "street": self.street_filter.currentData()}

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
        self.tier_filter = QComboBox(self)
        self.type_filter = QComboBox(self)
        self.department_filter = QComboBox(self)
        self.street_filter = QComboBox(self)
        filters = QGridLayout()
        for row, (label, combo) in enumerate([(self.tr("层级"), self.tier_filter),
                                              (self.tr("事件类型"), self.type_filter),
                                              (self.tr("部门"), self.department_filter),
                                              (self.tr("街乡"), self.street_filter)]):
            filters.addWidget(QLabel(label, self), row // 2, (row % 2) * 2)
            filters.addWidget(combo, row // 2, (row % 2) * 2 + 1)
            combo.currentIndexChanged.connect(self._on_filters_current_index_changed)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # 10,000 enterprise plans expand in a blink
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
        self.tier_filter.addItem(self.tr("全部"), None)
        for tier in TIERS:
            self.tier_filter.addItem(labels.tier_name(tier), tier)
        self.type_filter.addItem(self.tr("全部"), None)
        for t in INCIDENT_TYPES:
            self.type_filter.addItem(t.name, t.code)
        self.department_filter.addItem(self.tr("全部"), None)
        for d in sorted(departments().values(), key=lambda d: d.name):
            self.department_filter.addItem(d.name, d.code)
        self.street_filter.addItem(self.tr("全部"), None)
        for street in streets():
            self.street_filter.addItem(street["name"], street["name"])
        for combo in (self.type_filter, self.department_filter, self.street_filter):
            combo.setEditable(True)  # typeahead over dozens of names
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

    # -- the tree --------------------------------------------------------------------------

    def _listing(self, tier: str, total: int) -> list[tuple[str, str]]:
        """(title, plan id) of the tier's plans passing the filters, from the index."""
        flt = {k: v for k, v in self.filters().items() if v and k != "tier"}
        hits = self._library.search("", limit=max(1, total), tier=tier, **flt)
        return sorted((h.title, h.plan_id) for h in hits)

    def _rebuild_tree(self) -> None:
        self.tree.clear()
        totals = self._library.counts()
        f = self.filters()
        filtered = any(f.values())
        self._tier_listing: dict[str, list[tuple[str, str]]] = {}
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
            listing = self._tier_listing[tier] = self._listing(tier, self._library.counts()[tier])
        children = []
        for title, plan_id in listing:
            child = QTreeWidgetItem([title])
            child.setData(0, PLAN_ID_ROLE, plan_id)
            child.setToolTip(0, plan_id)
            children.append(child)
        item.addChildren(children)

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        plan_id = item.data(0, PLAN_ID_ROLE)
        if plan_id:
            self.open_plan(plan_id)

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
            tier = self.tr(TIER_SHORT.get(hit.tier, hit.tier))
            item.setData(HTML_ROLE, f"<b>{escape(hit.title)}</b> <small>[{tier}] · "
                                    f"{escape(hit.section)}</small><br>{snippet_html(hit.snippet)}")
            item.setToolTip(hit.text)
        self.status.setText(self.tr("找到 {n} 条（{ms} 毫秒）").format(n=len(hits), ms=f"{elapsed_ms:.0f}")
                            if hits else self.tr("没有找到匹配的条款；试试更短的词，或清除筛选条件"))

    def _on_search_search_failed(self, _request_id: int, message: str) -> None:
        self.results.clear()
        self.status.setText(self.tr("搜索出错：{m}").format(m=message))

    def _on_results_item_clicked(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self.open_plan(hit.plan_id, hit.clause, hit)

