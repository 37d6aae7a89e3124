"""Finding a plan document's headings and chapters, with or without heading numbers.

Numbers (第一章, 一、, （一）, 1, 1.1, 1.1.1) are the strongest signal, then Word heading
styles, then known chapter titles on short lines. A conversion that lost the numbers still
leaves short lines without sentence punctuation; those become headings of unknown depth.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.importer_read import Line

CN_DIGITS = "零〇一二两三四五六七八九十百"

# (pattern for the number, depth)
_NUMBERING: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第[{CN_DIGITS}]+章\s*"), 1),
    (re.compile(rf"^第[{CN_DIGITS}]+节\s*"), 2),
    (re.compile(rf"^[{CN_DIGITS}]+[、.．]\s*"), 1),
    (re.compile(rf"^[（(][{CN_DIGITS}]+[）)]\s*"), 2),
    (re.compile(r"^\d{1,2}(?:\.\d{1,2}){2,}\.?(?=\D)\s*"), 3),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.?(?=\D)\s*"), 2),
    (re.compile(r"^\d{1,2}(?:[\s、]|\.(?!\d))\s*"), 1),
)
_ARTICLE = re.compile(rf"^第[{CN_DIGITS}]+条")
_SENTENCE_END = re.compile(r"[。；;，,：:！!？?]")
_DATE = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
_HEADING_STYLE = re.compile(r"^(Heading|标题)\s*(\d)", re.I)
_BOOK_TITLE = re.compile(r"《([^》]{2,60})》")

# Canonical chapter -> title words that mark it (checked in this order).
CHAPTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("总则", ("总则", "总体要求", "编制目的")),
    ("组织指挥体系", ("组织指挥体系", "组织机构与职责", "组织机构及职责", "组织体系", "指挥体系",
                "组织指挥机构", "应急组织机构", "组织指挥机制", "应急指挥机构", "组织机构")),
    ("监测预警", ("监测预警", "监测与预警", "监测和预警", "预测预警", "预测与预警", "风险防控",
              "预防与预警", "预警与预防", "预防预警", "风险管控", "预警")),
    ("后期处置", ("后期处置", "恢复重建", "恢复与重建", "善后处置", "恢复与善后")),
    ("应急响应", ("应急响应", "应急处置", "处置与救援", "处置救援", "分级响应", "响应措施",
              "应急救援", "先期处置", "响应启动", "现场处置")),
    ("应急保障", ("应急保障", "保障措施", "资源保障")),
    ("预案管理", ("预案管理",)),
    ("附则", ("附则", "附件")),
)
CHAPTER_NAMES: tuple[str, ...] = (
    "总则", "组织指挥体系", "监测预警", "应急响应", "后期处置", "应急保障", "预案管理", "附则")
MAX_HEADING_CHARS = 24


@dataclass
class Section:
    """One heading and the lines under it up to the next heading."""

    title: str
    number: str
    depth: int                    # 1 chapter, 2 section, 3 sub-section; 0 when unknown
    line: int
    chapter: str | None = None    # canonical chapter name when the title says so
    body: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.body)


def split_number(text: str) -> tuple[str, str, int]:
    """Split a leading heading number off: (number, rest, depth); depth 0 if none."""
    for pattern, depth in _NUMBERING:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return m.group(0).strip(), text[m.end():].strip(), depth
    return "", text, 0


def chapter_of(title: str) -> str | None:
    """The canonical chapter a heading title names, or None."""
    compact = re.sub(r"\s+", "", title)
    for name, words in CHAPTERS:
        if any(word in compact for word in words):
            return name
    return None


def heading_of(line: Line) -> tuple[str, str, int] | None:
    """(number, title, depth) when the line is a heading, else None."""
    if line.table or _ARTICLE.match(line.text):
        return None
    number, rest, depth = split_number(line.text)
    style = _HEADING_STYLE.match(line.style)
    if style:
        return number, rest, depth or int(style.group(2))
    if len(rest) > MAX_HEADING_CHARS or _SENTENCE_END.search(rest) or _DATE.match(rest):
        return None
    if not re.search(r"[\u4e00-\u9fff]", rest) or rest.startswith(("《", "(", "（")):
        return None
    if depth:
        return number, rest, depth
    # No number (lost in conversion): a known chapter title alone on a line is a chapter.
    if chapter_of(rest) and len(rest) <= 12:
        return "", rest, 1
    return "", rest, 0


def find_title(lines: list[Line]) -> str:
    """The plan's title: a 《…》 name or the first line that names a plan or regulation."""
    for line in lines[:8]:
        m = _BOOK_TITLE.search(line.text)
        if m and re.search(r"预案|条例|办法|规定|方案", m.group(1)):
            return m.group(1)
    for line in lines[:8]:
        if re.search(r"预案|条例|办法|规定|方案", line.text) and len(line.text) <= 60:
            return line.text
    return lines[0].text[:60] if lines else ""


def sections_of(lines: list[Line], title: str = "") -> tuple[list[Line], list[Section]]:
    """Split lines into the preamble (title, issuing notes) and the sections under headings."""
    preamble: list[Line] = []
    sections: list[Section] = []
    for line in lines:
        found = None if (title and title in line.text and not sections) else heading_of(line)
        if found is None:
            (sections[-1].body if sections else preamble).append(line)
            continue
        number, title, depth = found
        sections.append(Section(title, number, depth, line.no, chapter_of(title)))
    _settle_chapters(sections)
    return preamble, sections


def _settle_chapters(sections: list[Section]) -> None:
    """Give each section the chapter it sits in, so unnumbered sub-headings inherit it.

    A chapter word in a sub-heading (e.g. 预警 under 运行机制) names that chapter only when
    the document has no top-level heading for it; a top-level heading without a chapter word
    (运行机制) starts a neutral region whose sub-headings keep their own chapter words.
    """
    top: str | None = None             # chapter of the enclosing depth-1 heading
    by_depth: dict[int, str | None] = {}  # effective chapter of the last heading per depth
    last: str | None = None
    for section in sections:
        if section.depth == 1:
            top = section.chapter
            by_depth = {1: top}
        elif section.depth == 0:
            section.chapter = section.chapter or last
        else:
            parent = next((by_depth[d] for d in range(section.depth - 1, 0, -1)
                           if d in by_depth), top)
            if top is not None:
                section.chapter = top
            elif section.chapter is None:
                section.chapter = parent
            by_depth = {d: c for d, c in by_depth.items() if d < section.depth}
            by_depth[section.depth] = section.chapter
        last = section.chapter
