"""Plan import: how long `plans import` takes on real documents (text and .docx)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterable

from benchmarks.harness import Figure, median_time
from plans.importer import import_document

DATA = Path(__file__).resolve().parent.parent / "tests" / "plans" / "data" / "import"


def _as_docx(source: Path, target: Path) -> None:
    import docx

    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(str(target))


def run() -> Iterable[Figure]:
    national = DATA / "national_master_plan_2025.txt"
    order = DATA / "state_council_order_493.txt"
    yield Figure("plan_import", "national master plan 2025 (.txt, 25 KB), median of 5",
                 median_time(lambda: import_document(national)) * 1000, "ms")
    yield Figure("plan_import", "国务院令第493号 (.txt, 17 KB), median of 5",
                 median_time(lambda: import_document(order)) * 1000, "ms")
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "national.docx"
        _as_docx(national, docx_path)
        yield Figure("plan_import", "national master plan 2025 (.docx), median of 5",
                     median_time(lambda: import_document(docx_path)) * 1000, "ms")
