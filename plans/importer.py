"""Import a real plan document (.txt, .docx) as a draft plan YAML plus a completeness report.

`import_document(path)` never guesses silently: every value it could not read for certain
is ``TODO-REVIEW`` (the plan loader and linter reject those) and explained in the draft's
``review`` list as ``field: problem``. CLI: ``emergency-console plans import FILE [-o OUT.yaml] [--json]``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from plans.importer_actions import extract_actions
from plans.importer_criteria import extract_criteria
from plans.importer_draft import REVIEW, build_draft
from plans.importer_read import DocumentError, read_document
from plans.importer_report import plan_kind, requirements
from plans.importer_structure import CHAPTER_NAMES, Section, find_title, sections_of
from plans.registry import DEFAULT_DISTRICT, DISTRICTS
__all__ = ["DocumentError", "ImportResult", "import_document", "main"]


@dataclass
class ImportResult:
    """The draft plan (a dict ready for yaml.safe_dump) and what was found and missing."""

    draft: dict
    report: dict = field(default_factory=dict)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.draft, allow_unicode=True, sort_keys=False, width=100)


def import_document(path: Path | str, district: str = DEFAULT_DISTRICT) -> ImportResult:
    """Read a plan document and build its draft for `district`'s plan system (departments are
    looked up in that district's registry); raises DocumentError if it cannot be read."""
    path = Path(path)
    lines = read_document(path)
    text = "\n".join(line.text for line in lines)
    title = find_title(lines)
    _preamble, sections = sections_of(lines, title)
    kind = plan_kind(title, text)
    criteria = extract_criteria(lines, text)
    actions, departments = extract_actions(sections)
    found = [name for name in CHAPTER_NAMES if any(s.chapter == name for s in sections)]
    missing = [name for name in CHAPTER_NAMES if name not in found]
    required = requirements(kind, sections, text, title)
    notes = _notes(kind, sections, missing, required, criteria.notes)
    draft = build_draft(path, title, kind, text, sections, criteria.criteria, actions,
                        departments, notes, district)
    draft["review"] = [f"{REVIEW} {note}" for note in notes]
    report = {
        "file": str(path), "title": title, "kind": kind,
        "found": found, "missing": missing,
        "criteria": len(criteria.criteria), "actions": len(actions),
        "missing_required": [f"{r['item']}（{r['source']}）" for r in required if not r["found"]],
        "departments": departments, "requirements": required, "notes": notes,
        "sections": [{"title": s.title, "number": s.number, "line": s.line, "chapter": s.chapter}
                     for s in sections],
    }
    return ImportResult(draft, report)


def _notes(kind: str, sections: list[Section], missing: list[str], required: list[dict],
           criteria_notes: list[str]) -> list[str]:
    notes = []
    if not sections:
        notes.append("sections: 未识别出任何标题，章节划分需人工完成")
    elif all(s.number == "" for s in sections):
        notes.append("sections: 文件中没有标题编号（可能在转换中丢失），章节按已知标题和短行识别，请核对")
    notes.extend(f"sections: 缺少章节“{name}”" for name in missing)
    notes.extend(f"sections: 缺少{r['source']}要求的内容“{r['item']}”"
                 for r in required if not r["found"])
    notes.extend(f"sections: “{r['item']}”只在正文中提到，没有对应标题（{r['source']}）"
                 for r in required if r["found"] == "text")
    notes.extend(criteria_notes)
    return notes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emergency-console plans import",
        description="读取预案文档（.txt 或 .docx），写出待核对的预案 YAML 草稿，并报告找到和缺少的内容。")
    parser.add_argument("file", help="预案文档（UTF-8/GB18030 编码的 .txt，或 .docx）")
    parser.add_argument("-o", "--output", metavar="OUT.yaml",
                        help="草稿写到哪里（默认：当前目录下的 <文件名>.draft.yaml）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出报告")
    parser.add_argument("--district", default=DEFAULT_DISTRICT, choices=list(DISTRICTS),
                        help="预案所属区: " + "、".join(f"{d.code}（{d.name}）" for d in DISTRICTS.values()))
    return parser


def main(argv: list[str] | None = None) -> int:
    """CLI entry: 0 when a draft was written, 1 when the document could not be imported."""
    args = build_parser().parse_args(argv)
    source = Path(args.file)
    out = Path(args.output) if args.output else Path(source.stem + ".draft.yaml")
    try:
        result = import_document(source, args.district)
    except DocumentError as exc:
        print(f"plans import: 错误: {exc}", file=sys.stderr)
        return 1
    try:
        out.write_text(result.to_yaml(), encoding="utf-8")
    except OSError as exc:
        print(f"plans import: 错误: {out}: 无法写入草稿（{exc.strerror}）；请用 -o 换一个路径",
              file=sys.stderr)
        return 1
    report = {**result.report, "output": str(out)}
    try:
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            _print_summary(report)
    except BrokenPipeError:  # `... | head`: the reader has gone; the draft is written
        sys.stdout = open(os.devnull, "w")
    return 0


def _print_summary(report: dict) -> None:
    print(f"{report['file']}: {report['title']}（{report['kind']}）")
    print("找到的章节：" + ("、".join(report["found"]) or "无"))
    print("缺少的章节：" + ("、".join(report["missing"]) or "无"))
    print(f"分级标准：{report['criteria']} 个级别；响应措施：{report['actions']} 条")
    for item in report["missing_required"]:
        print(f"缺少要求的内容：{item}")
    print(f"草稿已写入 {report['output']}；加入 resources/plans 之前请逐项核对 {REVIEW}")
