"""Plan viewer: one plan as a readable page (facts, level table, actions per level, chapters).

A generated demo plan (`sample`) says so under its title: the 示例 badge and one line of why.

Each clause a search hit can point at has an anchor, so `show_plan(plan, clause, hit)`
scrolls there and marks the matched words; the whole clause gets a pale band so the eye
finds it after the jump.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from maps.palette import LEVEL_COLOURS
from plans.model import BOUND_SIGNS, LEVEL_NAMES, LEVELS
from plans.registry import METRICS, department_name, format_amount
from plans.taxonomy import incident_type
from widgets import labels, sample_mark

MATCH_COLOUR = "#ffd54f"     # matched words
CLAUSE_COLOUR = "#fff8e1"    # the clause a hit jumped to


def anchor_of(clause: str) -> str:
    """Qt anchors are plain names: "section:3.2" -> "clause-section-3.2"."""
    return "clause-" + clause.replace(":", "-")


def condition_text(cond) -> str:
    """"死亡 ≥ 10 人 且 < 30 人", "病种 霍乱" from a grading Condition."""
    metric = METRICS.get(cond.metric)
    name = metric.name if metric else cond.metric
    if cond.one_of:
        return f"{name} " + QCoreApplication.translate("PlanViewer", " 或 ").join(cond.one_of)
    parts = [f"{BOUND_SIGNS[k]} {format_amount(cond.metric, v)}" for k, v in cond.bounds()]
    return f"{name} " + QCoreApplication.translate("PlanViewer", " 且 ").join(parts)


def criterion_text(cr) -> str:
    """Every condition of a criterion, then its clause: "病种 霍乱；病例 ≥ 30 人（1.3.2（4））"."""
    text = "；".join(condition_text(c) for c in cr.conditions)
    return f"{text}（{cr.clause}）" if cr.clause else text


class PlanViewer(QTextBrowser):
    """Read-only view of one plan; `current_plan_id` / `current_clause` say what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.current_plan_id: str | None = None
        self.current_clause: str | None = None
        self.setPlaceholderText(self.tr("在左侧选择预案，或输入关键词搜索条款"))

    def show_plan(self, plan, clause: str | None = None, hit=None) -> None:
        """Render `plan`; with `clause`, scroll to it and mark the words `hit` matched."""
        self.current_plan_id = plan.id
        self.current_clause = clause
        self.setHtml(self._html(plan, clause, hit))
        if clause:
            self.scrollToAnchor(anchor_of(clause))
        else:
            self.verticalScrollBar().setValue(0)

    def highlighted_text(self) -> list[str]:
        """The runs of text drawn with the match colour (what the user sees marked)."""
        found: list[str] = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt: QTextCharFormat = fragment.charFormat()
                if fmt.background().color() == QColor(MATCH_COLOUR):
                    found.append(fragment.text())
                it += 1
            block = block.next()
        return found

    # -- rendering -------------------------------------------------------------------------

    def _html(self, plan, clause: str | None, hit) -> str:
        out = [f'<a name="{anchor_of("title")}"></a>'
               f"<h2>{self._marked('title', plan.title, clause, hit)}</h2>"]
        if plan.sample:
            out.append(f"<p>{sample_mark.badge_html()} {escape(sample_mark.explanation())}</p>")

        def dept(code: str) -> str:
            return department_name(code, plan.district)

        types = "、".join(_type_name(code) for code in plan.incident_types) or "—"
        supporting = "、".join(dept(d) for d in plan.supporting_departments) or "—"
        meta = [(self.tr("层级"), labels.tier_name(plan.tier)),
                (self.tr("辖区"), labels.district_name(plan.district)),
                (self.tr("发布机关"), plan.issuing_body),
                (self.tr("牵头部门"), dept(plan.lead_department)),
                (self.tr("配合部门"), supporting),
                (self.tr("适用事件"), types), (self.tr("版本"), plan.version),
                (self.tr("生效 / 复审"), f"{plan.effective} / {plan.review_by}"),
                (self.tr("来源"), plan.source)]
        out.append("<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(str(v))}</td></tr>" for k, v in meta)
            + "</table>")
        if plan.scope:
            out.append(self._clause("scope", self.tr("适用范围"), plan.scope, clause, hit))
        if plan.grading is not None and plan.grading.referred:
            out.append(f"<h3>{self.tr('分级标准')}</h3>")
            text = self.tr("另行定级：{note}（由{who}定级）").format(
                note=plan.grading.note or plan.grading.source,
                who=department_name(plan.grading.authority, plan.district))
            out.append(f"<p>{self._marked('grading:referred', text, clause, hit)}</p>")
        elif plan.grading is not None:
            out.append(f"<h3>{self.tr('分级标准')}</h3><p>{escape(self.tr('依据：') + plan.grading.source)}"
                       + (escape("；" + plan.grading.boundary) if plan.grading.boundary else "") + "</p>"
                       "<table border='1' cellspacing='0' cellpadding='3'>"
                       f"<tr><th>{self.tr('级别')}</th><th>{self.tr('条件（满足其一）')}</th></tr>")
            for level in LEVELS:
                crs = plan.grading.levels.get(level)
                if crs:
                    text = " / ".join(criterion_text(c) for c in crs)
                    out.append(f'<tr><td><a name="{anchor_of("grading:" + level)}"></a>'
                               f"<span style='color:{LEVEL_COLOURS[level]}'><b>{level} "
                               f"{LEVEL_NAMES[level]}</b></span></td>"
                               f"<td>{self._marked('grading:' + level, text, clause, hit)}</td></tr>")
            out.append("</table>")
        if plan.actions:
            out.append(f"<h3>{self.tr('响应措施')}</h3>")
            for level in LEVELS:
                actions = plan.actions_at(level)
                if not actions:
                    continue
                out.append(f"<h4 style='color:{LEVEL_COLOURS[level]}'>{level} {self.tr('级响应')}</h4>"
                           "<table border='1' cellspacing='0' cellpadding='3'>"
                           f"<tr><th>{self.tr('部门 / 角色')}</th><th>{self.tr('措施')}</th>"
                           f"<th>{self.tr('时限')}</th></tr>")
                for a in actions:
                    who = dept(a.department) if a.department else (a.role or "—")
                    out.append(f'<tr><td><a name="{anchor_of("action:" + a.id)}"></a>{escape(who)}</td>'
                               f"<td>{self._marked('action:' + a.id, a.action, clause, hit)}</td>"
                               f"<td>{a.deadline_minutes} {self.tr('分钟')}</td></tr>")
                out.append("</table>")
        if plan.headquarters or plan.groups:
            groups = "；".join(f"{g.name}（{dept(g.lead)}）" for g in plan.groups)
            out.append(self._clause("command", self.tr("指挥体系"),
                                    f"{plan.headquarters}：{groups}" if groups else plan.headquarters,
                                    clause, hit))
        if plan.site:
            s = plan.site
            out.append(self._clause("site", self.tr("位置"),
                                    f"{s.street} {s.address}（{s.lon:.5f}, {s.lat:.5f}）", clause, hit))
        if plan.sections:
            out.append(f"<h3>{self.tr('章节')}</h3>")
            for sec in plan.sections:
                out.append(self._clause(f"section:{sec.id}", f"{sec.id} {sec.title}", sec.text,
                                        clause, hit, level=4))
        return "".join(out)

    def _clause(self, clause_id: str, title: str, text: str, clause: str | None, hit,
                level: int = 3) -> str:
        body = self._marked(clause_id, text, clause, hit).replace("\n", "<br>")
        band = f" style='background-color:{CLAUSE_COLOUR}'" if clause_id == clause else ""
        return (f'<a name="{anchor_of(clause_id)}"></a><h{level}>{escape(title)}</h{level}>'
                f"<p{band}>{body}</p>")

    @staticmethod
    def _marked(clause_id: str, text: str, clause: str | None, hit) -> str:
        """HTML of `text`, with the hit's spans marked when this is the clause it points at."""
        if hit is None or clause_id != clause:
            return escape(text)
        offset = text.find(hit.text) if hit.text else -1
        if offset >= 0:
            spans = [(s + offset, e + offset) for s, e in hit.spans]
        else:  # the index words a clause differently (e.g. "部门：措施（N分钟内）"): mark the words
            spans = []
            for word in {hit.text[s:e] for s, e in hit.spans if e > s}:
                start = text.find(word)
                while start >= 0:
                    spans.append((start, start + len(word)))
                    start = text.find(word, start + len(word))
        out, pos = [], 0
        for start, end in sorted(spans):
            if start < pos or end > len(text):
                continue
            out.append(escape(text[pos:start]))
            out.append(f"<span style='background-color:{MATCH_COLOUR};color:#1a1a1a'>"
                       f"{escape(text[start:end])}</span>")
            pos = end
        out.append(escape(text[pos:]))
        return "".join(out)


def _type_name(code: str) -> str:
    try:
        return incident_type(code).name
    except KeyError:
        return code
