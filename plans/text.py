"""Searchable clauses of a plan, and the bigram tokenisation that lets FTS5 find Chinese words.

FTS5's trigram tokenizer cannot match two-character queries (燃气, 火灾), which are most
Chinese search words. So every run of CJK characters is indexed as its overlapping bigrams
plus its last character (unicode61 then sees them as ordinary tokens):
    燃气泄漏 -> 燃气 气泄 泄漏 漏
A query of one character is a prefix query (火*), of two a token, of three or more a phrase of
its bigrams ("燃气 气泄 泄漏"), which matches exactly the substring.
"""
from __future__ import annotations

import re

from plans.model import LEVEL_NAMES, WARNING_COLOURS, Plan
from plans.registry import METRICS, department_name, format_amount

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def _is_cjk(run: str) -> bool:
    return run[0] > "\u3000"


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# At every CJK position, the bigram starting there (or the lone last character of a run);
# ASCII words whole. One findall in C instead of a Python loop over characters.
_GRAMS = re.compile(f"(?=([{_CJK}][{_CJK}]?))|([A-Za-z0-9]+)")


def grams(text: str) -> str:
    """Index form of text: CJK bigrams (+ last char per run), ASCII words as they are."""
    return " ".join([a or b for a, b in _GRAMS.findall(text)])


def match_query(query: str) -> str | None:
    """FTS5 MATCH expression for a user query (terms ANDed), or None if it has no word."""
    parts: list[str] = []
    for run in _RUNS.findall(query):
        if _is_cjk(run):
            if len(run) == 1:
                parts.append(f'"{run}"*')
            else:
                parts.append('"' + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + '"')
        else:
            parts.append(f'"{run}"*')
    return " AND ".join(parts) if parts else None


def query_terms(query: str) -> list[str]:
    """The substrings a hit must show marked: each CJK or ASCII run of the query."""
    return _RUNS.findall(query)


def _cond_text(c) -> str:
    name = METRICS[c.metric].name
    if c.min is not None and c.max is not None:
        return f"{name}{format_amount(c.metric, c.min)}以上、{format_amount(c.metric, c.max)}以下"
    if c.min is not None:
        return f"{name}{format_amount(c.metric, c.min)}以上"
    return f"{name}{format_amount(c.metric, c.max)}以下"


def clauses(plan: Plan) -> list[tuple[str, str, str]]:
    """(clause id, section label, text) of everything in a plan worth finding.

    Clause ids are what a viewer jumps to: "title", "scope", "section:<id>", "grading:<level>",
    "warning:<colour>",
    "action:<id>", "command", "site".
    """
    out = [("title", "标题", plan.title)]
    if plan.scope:
        out.append(("scope", "适用范围", plan.scope))
    for s in plan.sections:
        out.append((f"section:{s.id}", s.title, s.text))
    for lv, conds in plan.grading.items():
        out.append((f"grading:{lv}", f"分级标准 · {lv} 级{LEVEL_NAMES[lv]}",
                    "；或".join(_cond_text(c) for c in conds)))
    for colour, conds in plan.warning_criteria.items():
        out.append((f"warning:{colour}", f"预警指标 · {WARNING_COLOURS[colour]}预警",
                    "；或".join(_cond_text(c) for c in conds)))
    if plan.headquarters or plan.groups:
        out.append(("command", "组织指挥体系", plan.headquarters + "。" + "；".join(
            f"{g.name}（{department_name(g.lead)}牵头）{g.duties}" for g in plan.groups)))
    for a in plan.actions:
        who = department_name(a.department) if a.department else a.role
        out.append((f"action:{a.id}", f"应急响应 · {'/'.join(a.levels)} 级",
                    f"{who}：{a.action}（{a.deadline_minutes}分钟内）"))
    if plan.site:
        out.append(("site", "单位位置", f"{plan.site.address}（{plan.site.street}）"))
    return out


def snippet(text: str, terms: list[str], width: int = 36) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text around the first match with every match in 【】, and the match spans in `text`."""
    low = text.lower()
    spans: list[tuple[int, int]] = []
    for t in terms:
        t = t.lower()
        start = low.find(t)
        while start >= 0:
            spans.append((start, start + len(t)))
            start = low.find(t, start + len(t))
    spans = _merge(sorted(spans))
    if not spans:
        return text[:width * 2], ()
    first = spans[0][0]
    a = max(0, first - width // 2)
    b = min(len(text), max(first + width, a + width * 2))
    out, pos = [], a
    for s, e in spans:
        if e <= a or s >= b:
            continue
        s, e = max(s, a), min(e, b)
        out.append(text[pos:s] + "【" + text[s:e] + "】")
        pos = e
    out.append(text[pos:b])
    return ("…" if a > 0 else "") + "".join(out) + ("…" if b < len(text) else ""), tuple(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out
