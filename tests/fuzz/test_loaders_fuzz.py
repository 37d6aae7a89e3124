"""Property tests: the plan loader, the scenario loader and the CAP parser take anything and
either succeed or report the documented error with a location — they never crash.

Inputs are random text, random YAML/XML built from random data, and mutations of real
shipped files (lines dropped, duplicated, cut, characters swapped). Bounded for CI."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.counts import tried

ROOT = Path(__file__).resolve().parents[2]
BUDGET = settings(max_examples=400, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
PLAN = (ROOT / "resources/plans/special/chaoyang/chaoyang-special-special_equipment.yaml").read_text(encoding="utf-8")
SCENARIO = (ROOT / "resources/scenarios/gas_explosion_dongsi.yaml").read_text(encoding="utf-8")
CAP_XML = (ROOT / "resources/cap/cap12_appendixA2_severe_thunderstorm_warning.xml").read_text(
    encoding="utf-8")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["I", "II", "火灾", "10:00", "T+5m"]))
data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=20)


@st.composite
def mutated(draw, text: str):
    """A real file with a few random edits: what a hurried author or a bad disk makes."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "cut", "replace", "insert"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][:draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        elif op == "replace":
            lines[i] = draw(st.text(max_size=40)) + "\n"
        else:
            lines.insert(i, draw(st.sampled_from(["  - ", ": :", "\t", "<x>", "]]>", "&amp;",
                                                  "- {a: [", "\x00", "level: V\n"])))
    return "".join(lines)


def texts(real: str):
    return st.one_of(st.text(max_size=400), data.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
                     mutated(real), mutated(real), mutated(real))


# -- plans --------------------------------------------------------------------------------------
@BUDGET
@given(texts(PLAN))
def test_plan_loader_reports_errors_with_file_and_line(text):
    from plans.loader import load_file

    tried("plans.loader", 1)
    result = load_file(Path("fuzz.yaml"), "fuzz.yaml", text=text)
    if result.plan is None:
        assert result.errors, "a refused plan must say why"
    for err in result.errors:
        assert err.file == "fuzz.yaml" and isinstance(err.line, int) and err.line >= 0
        assert err.field and err.message
        assert str(err).startswith(f"fuzz.yaml:{err.line}: ")


# -- drill scenarios ----------------------------------------------------------------------------
@BUDGET
@given(texts(SCENARIO))
def test_scenario_loader_raises_only_scenario_errors_with_locations(text):
    from drills.scenario import ScenarioError, parse_scenario

    tried("drills.scenario", 1)
    try:
        parse_scenario(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert re.match(r"fuzz\.yaml:\d+: ", problem), problem


# -- CAP ----------------------------------------------------------------------------------------
def _xml_of(d) -> str:
    def el(tag, v):
        tag = re.sub(r"[^A-Za-z]", "", str(tag)) or "x"
        if isinstance(v, dict):
            return f"<{tag}>" + "".join(el(k, x) for k, x in v.items()) + f"</{tag}>"
        if isinstance(v, list):
            return "".join(el(tag, x) for x in v)
        text = str(v).replace("&", "&amp;").replace("<", "&lt;")
        return f"<{tag}>{text}</{tag}>"
    return ('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">' + el("info", d) + "</alert>")


caps = st.one_of(st.text(max_size=400), st.binary(max_size=200), data.map(_xml_of),
                 mutated(CAP_XML), mutated(CAP_XML), mutated(CAP_XML),
                 st.just('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                         '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&e;</alert>'))


@BUDGET
@given(caps)
def test_cap_parser_raises_only_cap_errors_with_a_location(doc):
    from cap.parse import CapError, parse_alert

    tried("cap.parse", 1)
    try:
        alert = parse_alert(doc, "fuzz.xml")
    except CapError as exc:
        assert str(exc).startswith("fuzz.xml"), str(exc)
    else:
        assert alert.identifier  # a document that parses is a real alert
