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


def _fts(term: str) -> str:
    """FTS5 expression of one word: a prefix query for one character or an ASCII word, the token
    for two characters, the phrase of its bigrams for three or more."""
    if not _is_cjk(term) or len(term) == 1:
        return f'"{term}"*'
    return '"' + " ".join(term[i:i + 2] for i in range(len(term) - 1)) + '"'


def match_query(query: str, expand: bool = True) -> str | None:
    """FTS5 MATCH expression for a user query, or None if it has no word.

    Words are ANDed. With `expand` (the default) a word the thesaurus knows (plans.thesaurus)
    matches any of its alternatives: 暴雨 疏散 -> ("暴雨" OR "防汛" OR ...) AND "疏散".
    """
    parts: list[str] = []
    for run in _RUNS.findall(query):
        alts = _alternatives(run) if expand else (run,)
        # an alternative containing another (大暴雨, 暴雨) can find nothing more: leave it out
        exprs = [_fts(a) for a in alts if not any(b != a and b in a for b in alts)]
        parts.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
    return " AND ".join(parts) if parts else None


def query_terms(query: str, expand: bool = True) -> list[str]:
    """The substrings a hit may show marked: each CJK or ASCII run of the query and, with
    `expand`, every thesaurus alternative of it (the snippet marks whichever the text holds)."""
    runs = _RUNS.findall(query)
    if not expand:
        return runs
    out: list[str] = []
    for run in runs:
        out.extend(a for a in _alternatives(run) if a not in out)
    return out


def query_expansion(query: str):
    """What the thesaurus added to a query (plans.thesaurus.Expansion): `.also` lists the extra
    plan terms, `.note()` is the line a UI shows ("也搜索了: 防汛、城市内涝")."""
    from plans.thesaurus import expand
    return expand(query)


def original_first(hits: list, query: str) -> list:
    """Hits re-ordered so that, within one rowid band of the index (tier and kind of clause,
    see plans.index), clauses containing a word as typed come before clauses found only
    through a thesaurus alternative. Stable otherwise; the bands keep their order, so a title
    found through 防汛 still comes before a chapter that says 暴雨."""
    from plans.index import _BAND
    words = [w.lower() for w in _RUNS.findall(query)]
    if not words:
        return list(hits)

    def key(h) -> tuple[int, int]:
        text = h.text.lower()
        return int(h.score) // _BAND, 0 if any(w in text for w in words) else 1
    return sorted(hits, key=key)


def _alternatives(word: str) -> tuple[str, ...]:
    from plans.thesaurus import thesaurus
    return thesaurus().alternatives(word)


def _cond_text(c) -> str:
    name = METRICS[c.metric].name
    if c.one_of:
        return f"{name}为{'或'.join(c.one_of)}"
    return name + "、".join(_BOUND_WORDS[k].format(format_amount(c.metric, v)) for k, v in c.bounds())


_BOUND_WORDS = {"min": "{}以上", "above": "超过{}", "max": "{}以下", "upto": "{}及以下"}


def criterion_text(cr) -> str:
    """A grading criterion as words: its conditions joined by 且, the clause after it."""
    text = "且".join(_cond_text(c) for c in cr.conditions)
    return f"{text}（{cr.clause}）" if cr.clause else text


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
    if plan.grading is not None:
        g = plan.grading
        if g.referred:
            out.append(("grading:referred", "分级标准 · 另行定级", f"{g.note or g.source}（{g.authority}）"))
        for i, (lv, crs) in enumerate(g.levels.items()):
            out.append((f"grading:{lv}", f"分级标准 · {lv} 级{LEVEL_NAMES[lv]}",
                        g.source + "：" + "；或".join(criterion_text(c) for c in crs)
                        + (f"。{g.note}" if g.note and i == 0 else "")))
    for colour, conds in plan.warning_criteria.items():
        out.append((f"warning:{colour}", f"预警指标 · {WARNING_COLOURS[colour]}预警",
                    "；或".join(_cond_text(c) for c in conds)))
    if plan.headquarters or plan.groups:
        out.append(("command", "组织指挥体系", plan.headquarters + "。" + "；".join(
            f"{g.name}（{department_name(g.lead, plan.district)}牵头）{g.duties}" for g in plan.groups)))
    for a in plan.actions:
        who = department_name(a.department, plan.district) if a.department else a.role
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
