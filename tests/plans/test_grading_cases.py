"""The labelled cases: every threshold of every rule at, just below and just above it, taken
from the documents' own texts (tests/plans/grading_cases/*.csv; sources under
resources/grading/sources/). Each row is graded as a user would file it, through the plan
library, in both districts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from plans import grading
from plans.model import GRADED, PENDING, REFERRED

CASES_DIR = Path(__file__).parent / "grading_cases"


def _rows() -> list:
    out = []
    for path in sorted(CASES_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), start=2):
                out.append(pytest.param(row, id=f"{path.stem}:{i}:{row['type']}:{row['facts'] or '-'}"))
    return out


ROWS = _rows()


def test_the_table_covers_every_category_with_enough_rows():
    from plans.taxonomy import incident_type
    rows = [p.values[0] for p in ROWS]
    assert len(rows) >= 120
    categories = {incident_type(r["type"]).category for r in rows}
    assert categories == {"natural", "accident", "health", "social"}
    assert {r["level"] for r in rows} == {"I", "II", "III", "IV", "referred", "pending"}


def _facts(row):
    given = dict(grading.parse_fact(kv) for kv in row["facts"].split(";") if kv)
    return grading.incident_facts(row["type"], given)


@pytest.mark.parametrize("row", ROWS)
def test_grading_case(row):
    facts = _facts(row)
    judged = grading.assess(grading.rule_for(row["type"]), facts, "110105")
    expected = row["level"]
    if expected == "referred":
        assert judged.status == REFERRED, judged.reason
        assert judged.authority
    elif expected == "pending":
        assert judged.status == PENDING, judged.reason
        assert judged.missing and judged.reason.startswith("待研判")
    else:
        assert (judged.status, judged.level) == (GRADED, expected), judged.reason
        assert judged.source and judged.source in judged.reason
        assert f"（{expected} 级）" in judged.reason


@pytest.mark.parametrize("row", [p for p in ROWS if p.values[0]["level"] in ("I", "II", "III")])
def test_a_graded_case_names_its_clause(row):
    judged = grading.assess(grading.rule_for(row["type"]), _facts(row), "110105")
    assert judged.criterion is not None and judged.criterion.clause in judged.reason
