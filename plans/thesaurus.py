"""Search thesaurus: the words people say (暴雨, 危化品, 电梯困人) -> the words plans use.

The data is resources/plans/thesaurus.yaml (read once, cached). A query word that is one of an
entry's `words` is searched as itself OR the entry's other words, aliases and broader terms:

    >>> e = expand("暴雨 疏散")
    >>> [w.alternatives for w in e.words]
    [('暴雨', '大暴雨', ..., '防汛', '城市内涝', '气象灾害'), ('疏散',)]
    >>> e.note()                # what a UI shows under the results
    '也搜索了: 防汛、城市内涝、气象灾害'

plans.text.match_query ORs the alternatives of a word and ANDs the words; query_terms returns
every alternative so that the snippet marks whichever one the clause contains.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

THESAURUS_FILE = Path(__file__).resolve().parent.parent / "resources" / "plans" / "thesaurus.yaml"

# a query word: a run of CJK characters or of ASCII letters/digits (as plans.text tokenises)
_WORDS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


class ThesaurusError(ValueError):
    """The thesaurus file is malformed (names the file and the entry)."""


@dataclass(frozen=True, slots=True)
class Entry:
    words: tuple[str, ...]      # everyday words, equivalent to one another
    aliases: tuple[str, ...]    # the same thing in plan wording
    broader: tuple[str, ...]    # plan categories that cover it

    def alternatives(self, word: str) -> tuple[str, ...]:
        """What `word` is searched as: itself first, then the others, aliases, broader terms."""
        return _unique((word, *self.words, *self.aliases, *self.broader))


@dataclass(frozen=True, slots=True)
class Word:
    text: str                        # the word as typed
    alternatives: tuple[str, ...]    # text first, then what the thesaurus added (maybe nothing)

    @property
    def added(self) -> tuple[str, ...]:
        return self.alternatives[1:]


@dataclass(frozen=True, slots=True)
class Expansion:
    words: tuple[Word, ...]

    @property
    def also(self) -> tuple[str, ...]:
        """Plan terms searched besides the typed words (aliases and broader terms, not the
        other everyday synonyms), in order, for a line such as "也搜索了: 防汛、城市内涝"."""
        typed = {w.text.lower() for w in self.words}
        out: list[str] = []
        for w in self.words:
            entry = thesaurus().get(w.text)
            plan_terms = (*entry.aliases, *entry.broader) if entry else ()
            out.extend(t for t in plan_terms if t.lower() not in typed)
        return _unique(out)

    def note(self) -> str:
        """"也搜索了: 防汛、城市内涝" or "" when nothing was added."""
        return "也搜索了: " + "、".join(self.also) if self.also else ""

    @property
    def original_terms(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.words)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every alternative of every word: the substrings a snippet marks."""
        return _unique(t for w in self.words for t in w.alternatives)


class Thesaurus:
    """word (lower-cased) -> Entry."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = tuple(entries)
        self._by_word: dict[str, Entry] = {}
        for e in self.entries:
            for w in e.words:
                self._by_word[w.lower()] = e

    def get(self, word: str) -> Entry | None:
        return self._by_word.get(word.lower())

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._by_word

    def __len__(self) -> int:
        return len(self._by_word)

    def alternatives(self, word: str) -> tuple[str, ...]:
        e = self.get(word)
        return e.alternatives(word) if e else (word,)

    def expand(self, query: str) -> Expansion:
        return Expansion(tuple(Word(w, self.alternatives(w)) for w in _WORDS.findall(query)))


def load(path: str | Path = THESAURUS_FILE) -> Thesaurus:
    """Read and check a thesaurus file. Raises ThesaurusError naming the bad entry."""
    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ThesaurusError(f"{path.name}: expected a mapping with a list `entries`")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["entries"], 1):
        where = f"{path.name}: entry {i}"
        if not isinstance(raw, dict) or set(raw) - {"words", "aliases", "broader"}:
            raise ThesaurusError(f"{where}: expected keys words, aliases, broader")
        fields = {}
        for key in ("words", "aliases", "broader"):
            vals = raw.get(key) or []
            if not isinstance(vals, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in vals):
                raise ThesaurusError(f"{where}: `{key}` must be a list of words")
            vals = [str(v).strip() for v in vals]
            bad = [v for v in vals if _WORDS.fullmatch(v) is None]
            if bad:
                raise ThesaurusError(f"{where}: {bad[0]!r} is not one word (no spaces or punctuation)")
            fields[key] = tuple(vals)
        if not fields["words"] or not (fields["aliases"] or fields["broader"]):
            raise ThesaurusError(f"{where}: needs `words` and at least one alias or broader term")
        for w in fields["words"]:
            if w.lower() in seen:
                raise ThesaurusError(f"{where}: {w!r} is already in entry {seen[w.lower()]}")
            seen[w.lower()] = i
        entries.append(Entry(**fields))
    return Thesaurus(entries)


@functools.cache
def thesaurus() -> Thesaurus:
    """The shipped thesaurus, read once."""
    return load(THESAURUS_FILE)


def expand(query: str) -> Expansion:
    """The query's words, each with what it is searched as (see module docstring)."""
    return thesaurus().expand(query)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for t in items:
        if t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return tuple(out)
