"""Import a real plan document (.txt, .docx) as a draft plan YAML plus a completeness report.

`import_document(path)` never guesses silently: every value it could not read for certain
is ``TODO-REVIEW`` (the plan loader and linter reject those) and explained in the draft's
``review`` list as ``field: problem``. CLI: ``emergency-console plans import FILE [-o OUT.yaml] [--json]``.
"""
from __future__ import annotations

import argparse
import json
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
__all__ = ["DocumentError", "ImportResult", "import_document", "main"]


@dataclass
class ImportResult:
    """The draft plan (a dict ready for yaml.safe_dump) and what was found and missing."""

    draft: dict
    report: dict = field(default_factory=dict)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.draft, allow_unicode=True, sort_keys=False, width=100)


def import_document(path: Path | str) -> ImportResult:
    """Read a plan document and build its draft; raises DocumentError if it cannot be read."""
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
                        departments, notes)
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
        description="Read a plan document (.txt or .docx) and write a draft plan YAML for review.")
    parser.add_argument("file", help="the plan document (.txt in UTF-8/GB18030, or .docx)")
    parser.add_argument("-o", "--output", metavar="OUT.yaml",
                        help="where to write the draft (default: FILE's name + .draft.yaml "
                             "in the current directory)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """CLI entry: 0 when a draft was written, 1 when the document could not be imported."""
    args = build_parser().parse_args(argv)
    source = Path(args.file)
    out = Path(args.output) if args.output else Path(source.stem + ".draft.yaml")
    try:
        result = import_document(source)
    except DocumentError as exc:
        print(f"plans import: {exc}", file=sys.stderr)
        return 1
    try:
        out.write_text(result.to_yaml(), encoding="utf-8")
    except OSError as exc:
        print(f"plans import: {out}: cannot write the draft ({exc.strerror}); "
              "choose another path with -o", file=sys.stderr)
        return 1
    report = {**result.report, "output": str(out)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_summary(report)
    return 0


def _print_summary(report: dict) -> None:
    print(f"{report['file']}: {report['title']} ({report['kind']})")
    print("found chapters:   " + ("、".join(report["found"]) or "none"))
    print("missing chapters: " + ("、".join(report["missing"]) or "none"))
    print(f"grading criteria: {report['criteria']} levels; response actions: {report['actions']}")
    for item in report["missing_required"]:
        print(f"missing required: {item}")
    print(f"draft written to {report['output']}; review every {REVIEW} before adding it "
          "to resources/plans")
