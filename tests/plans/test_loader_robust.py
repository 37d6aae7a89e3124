"""The fast parser reads the corpus like PyYAML; garbage never crashes the loader."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans import loader, schema
from plans.library import DEFAULT_PLANS_DIR

GOOD = (DEFAULT_PLANS_DIR / "special" / "chaoyang" / "chaoyang-special-gas.yaml").read_text(encoding="utf-8")


def test_fast_parser_agrees_with_pyyaml_on_the_whole_corpus():
    """yaml-rs is YAML 1.2, PyYAML 1.1 (`no`, `on`, octals, dates differ): the corpus must not care."""
    files = sorted(DEFAULT_PLANS_DIR.rglob("*.yaml"))
    assert len(files) > 540
    for f in files:
        text = f.read_text(encoding="utf-8")
        ref = yaml.load(text, Loader=yaml.CSafeLoader)
        fast = loader._parse_fast(text)
        if isinstance(ref, dict) and "schema" in ref:
            ref, fast = schema.normalise(ref), schema.normalise(fast)
        assert fast == ref, f.name


def test_yaml_11_pitfalls_are_reported_not_misread(tmp_path):
    # `no` is False in YAML 1.1 and a string in 1.2: as a title either way the schema decides
    text = GOOD.replace("title: 朝阳区燃气事故应急预案", "title: no")
    r = loader.load_file(tmp_path / "x.yaml", "x.yaml", text)
    assert r.plan is not None and r.plan.title == "no"   # 1.2 reading, as plan authors expect


def _check(result: loader.FileResult) -> None:
    if result.plan is None:
        assert result.errors
        for e in result.errors:
            assert e.file == "x.yaml" and e.line >= 0 and e.field and "；" in e.message, e


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_plan_or_clear_errors(text):
    _check(loader.load_file(Path("x.yaml"), "x.yaml", text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_plans_give_clear_errors(data):
    lines = GOOD.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    op = data.draw(st.sampled_from(["drop", "dup", "garble", "indent", "truncate"]))
    if op == "drop":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "garble":
        lines[i] = data.draw(st.text(max_size=30)) + "\n"
    elif op == "indent":
        lines[i] = "   " + lines[i]
    else:
        lines = lines[:i]
    _check(loader.load_file(Path("x.yaml"), "x.yaml", "".join(lines)))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(list(schema.PLAN_SCHEMA["properties"])), json_values, max_size=8))
def test_wrong_shapes_give_clear_errors(doc):
    _check(loader.load_file(Path("x.yaml"), "x.yaml", yaml.safe_dump(doc, allow_unicode=True)))


@pytest.mark.parametrize("fast_parser", [True, False])
def test_alias_bomb_is_refused_quickly(fast_parser, monkeypatch):
    """9^9 values once written out: refused before the schema check would copy them all."""
    if not fast_parser:
        monkeypatch.setattr(loader, "yaml_rs", None)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    r = loader.load_file(Path("x.yaml"), "x.yaml", bomb)
    assert r.plan is None
    assert [str(e) for e in r.errors] == [
        "x.yaml:1: (YAML): 别名（*）展开后超过 1000000 个值；应直接写出内容，不用层层引用的别名"]
