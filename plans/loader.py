"""Parse and validate plan files; one bad file never stops the others.

Parsing uses yaml-rs (Rust, ~10x faster than libyaml) when it is installed and PyYAML's
CSafeLoader otherwise. Line numbers are only needed when something is wrong, so they come
from a second, marked PyYAML parse of the bad file alone. A test checks on the whole corpus
that both parsers read the same data (YAML 1.1 vs 1.2 differ on `no`, `on`, octals…).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plans import schema, schema1
from plans.model import Plan, PlanError, Skipped
from plans.validate import check_plan_data, check_sites, cross_check

try:
    import yaml_rs
except ImportError:  # pragma: no cover - fallback kept for machines without the wheel
    yaml_rs = None

TIER_DIRS = ("master", "special", "department", "enterprise")


def _parse_fast(text: str) -> Any:
    if yaml_rs is not None:
        return yaml_rs.loads(text, parse_datetime=False)
    return _load_pyyaml(text)


# yaml-rs refuses a document whose aliases replay more than a million nodes ("billion laughs").
# PyYAML shares aliased nodes instead, and the schema validator would copy them out in full.
MAX_VALUES = 1_000_000


class TooManyValues(ValueError):
    pass


def _load_pyyaml(text: str) -> Any:
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    if "*" in text:   # no alias without a *
        try:
            size = _expanded_size(data, {})
        except RecursionError:
            size = MAX_VALUES + 1
        if size > MAX_VALUES:
            raise TooManyValues(f"别名（*）展开后超过 {MAX_VALUES} 个值；应直接写出内容，不用层层引用的别名")
    return data


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values `node` holds once every alias is written out (each shared node counted once
    per use, computed once)."""
    if not isinstance(node, (dict, list)):
        return 1
    if id(node) not in memo:
        memo[id(node)] = 0   # a recursive alias (PyYAML allows them) counts as nothing more
        items = node.values() if isinstance(node, dict) else node
        memo[id(node)] = 1 + sum(_expanded_size(v, memo) for v in items)
    return memo[id(node)]


# Counted so tests can prove that a warm start parses nothing.
PARSE_CALLS = {"count": 0}


def parse_text(text: str) -> Any:
    """Parse one YAML document (fast path, no line numbers)."""
    PARSE_CALLS["count"] += 1
    return _parse_fast(text)


def line_map(text: str) -> tuple[dict[tuple, int], PlanError | None]:
    """Path -> 1-based line of every node (PyYAML, marked), or the syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if mark is not None and e.context_mark is not None and mark.line >= text.count("\n"):
            mark = e.context_mark   # "unexpected end of file": point at what was left open
        line = mark.line + 1 if mark else 1
        what = " ".join(x for x in (e.context, e.problem) if x)
        return {}, PlanError("", line, "(YAML)", f"语法错误: {what}；应为合法的 YAML（检查缩进、冒号和引号）")
    except yaml.YAMLError as e:
        return {}, PlanError("", 1, "(YAML)", f"无法解析: {e}；应为合法的 YAML 文本")
    lines: dict[tuple, int] = {}
    if node is not None:
        _mark(node, (), lines, set())
    return lines, None


def _mark(node: yaml.Node, path: tuple, lines: dict, seen_nodes: set) -> None:
    lines[path] = node.start_mark.line + 1
    if id(node) in seen_nodes:   # an alias: walk each node once, or "billion laughs" never ends
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark.line)
            if key in seen:  # report duplicates at the second occurrence
                lines[("__duplicate__", path, key)] = k.start_mark.line + 1
            seen[key] = 1
            lines[path + (key,)] = k.start_mark.line + 1
            _mark(v, path + (key,), lines, seen_nodes)
            lines[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _mark(v, path + (i,), lines, seen_nodes)


def line_of(lines: dict[tuple, int], path: tuple) -> int:
    """Line of `path`, or of its nearest ancestor present in the file (a missing field)."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get((), 1)


@dataclass
class FileResult:
    """What loading one file produced: the plan, or the errors that kept it out."""
    file: str
    plan: Plan | None
    errors: list[PlanError] = field(default_factory=list)
    data: dict | None = None     # the parsed document, kept so the index can store it as JSON
    declared_id: str | None = None   # the id a rejected file claims, so children are not blamed
    data_json: str | None = None     # data as JSON and the plan's clauses, when a parse worker
    clauses: list | None = None      # already made them (plans.parallel)
    sha1: str | None = None          # of the file's bytes, when the loader read them


def load_file(path: Path, rel: str, text: str | None = None) -> FileResult:
    """Parse + validate one file on its own (cross-file checks come later)."""
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return FileResult(rel, None, [PlanError(rel, 1, "(文件)", f"不是 UTF-8 文本（第 {e.start} 字节）；应以 UTF-8 保存")])
    except OSError as e:
        return FileResult(rel, None, [PlanError(rel, 0, "(文件)", f"无法读取: {e.strerror}；应为可读的文件")])
    try:
        data = parse_text(text)
    except Exception:  # noqa: BLE001 - any parser failure is reported with PyYAML's marks below
        data = _Unparsed
    if data is not _Unparsed and isinstance(data, dict):
        data, problems = _check(data, rel)
        if not problems:
            return FileResult(rel, Plan.from_dict(data, rel), data=data)
    else:
        problems = None
    errors = _locate(rel, text, data, problems)
    if data is _Unparsed:
        try:
            data = yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    declared = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
    return FileResult(rel, None, errors, declared_id=declared)


class _Unparsed:
    pass


def _check(data: dict, rel: str) -> tuple[dict, list]:
    """The document as schema 2 (a schema-1 ladder converted) and every problem in it."""
    data, old = schema1.upgrade(schema.normalise(data), rel)
    problems = check_plan_data(data)
    if old and "grading" not in data:   # the old ladder was refused: its own problems say why
        problems = [p for p in problems if p[0][:1] != ("grading",)]
    return data, old + problems


def _locate(rel: str, text: str, data: Any, problems: list | None) -> list[PlanError]:
    """Turn (path, message) problems into PlanErrors with lines, from a marked re-parse."""
    lines, syntax = line_map(text)
    if syntax is not None:
        return [PlanError(rel, syntax.line, syntax.field, syntax.message)]
    dups = [(k[1], k[2], ln) for k, ln in lines.items() if k and k[0] == "__duplicate__"]
    if dups:
        return [PlanError(rel, ln, schema.format_path(p + (key,)), "重复的键；每个字段只能出现一次")
                for p, key, ln in dups]
    if data is _Unparsed:  # the fast parser refused what PyYAML accepts: still an error to fix
        try:
            data = _load_pyyaml(text)
        except TooManyValues as e:
            return [PlanError(rel, 1, "(YAML)", str(e))]
        if isinstance(data, dict):
            data, problems = _check(data, rel)
            problems = problems or [((), "YAML 1.2 解析器无法读取；应使用通用 YAML 写法")]
    if not isinstance(data, dict):
        kind = "空文件" if data is None else f"顶层是 {type(data).__name__}"
        return [PlanError(rel, 1, "(文件)", f"{kind}；应为一个映射（schema: 2, id: …, title: …）")]
    errors = [PlanError(rel, line_of(lines, p), schema.format_path(p), m) for p, m in problems or ()]
    return sorted(errors, key=lambda e: e.line)   # top to bottom, as the author reads the file


def plan_files(plans_dir: Path) -> list[Path]:
    """Every *.yaml plan file under plans_dir (registries such as departments.yaml excluded)."""
    out = []
    for sub in TIER_DIRS:
        d = plans_dir / sub
        if d.is_dir():
            out.extend(sorted(d.rglob("*.yaml")))
    return out


@dataclass
class LoadResult:
    plans: dict[str, Plan]
    errors: list[PlanError]
    skipped: list[Skipped]


class LineFinder:
    """Lines for problems found after parsing (cross-file checks): re-reads only those files."""

    def __init__(self, plans_dir: Path):
        self.plans_dir = Path(plans_dir)
        self._maps: dict[str, dict] = {}

    def __call__(self, rel: str, path: tuple) -> int:
        if rel not in self._maps:
            try:
                text = (self.plans_dir / rel).read_text(encoding="utf-8")
                self._maps[rel] = line_map(text)[0]
            except OSError:
                self._maps[rel] = {}
        return line_of(self._maps[rel], path)


def finish(results: list[FileResult], plans_dir: Path) -> LoadResult:
    """Cross-file checks over per-file results: sites, duplicates, parents, cycles."""
    errors: list[PlanError] = [e for r in results for e in r.errors]
    skipped = [Skipped(r.file, r.errors[0].message if r.errors else "") for r in results if r.plan is None]
    candidates = [r.plan for r in results if r.plan is not None]
    line_for = LineFinder(plans_dir)
    site_errors = check_sites(candidates, line_for)
    bad = {e.file for e in site_errors}
    errors.extend(site_errors)
    skipped.extend(Skipped(e.file, e.message) for e in site_errors)
    candidates = [p for p in candidates if p.file not in bad]
    broken = {r.declared_id for r in results if r.plan is None and r.declared_id}
    broken |= {r.plan.id for r in results if r.plan is not None and r.file in bad}
    plans, cross_errors, rejected = cross_check(candidates, line_for, broken)
    errors.extend(cross_errors)
    skipped.extend(Skipped(f, why) for f, why in rejected)
    return LoadResult(plans, errors, skipped)


def load_dir(plans_dir: Path) -> LoadResult:
    """Load and validate every plan under plans_dir (no index)."""
    plans_dir = Path(plans_dir)
    results = [load_file(p, p.relative_to(plans_dir).as_posix()) for p in plan_files(plans_dir)]
    return finish(results, plans_dir)


