"""Schema 1 of a plan file: the JSON Schema plan authors get, and the checker the loader uses.

`PLAN_SCHEMA` is the single source of truth: `export_json_schema()` writes it for authors
(resources/plans/plan.schema.json, kept current by a test) and `check(data)` walks the same
dict, so the two cannot drift. The checker supports the subset of JSON Schema used here and
reports every problem with its path, not just the first.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from plans.model import LEVELS, TIERS, WARNING_COLOURS
from plans.registry import DISTRICTS, METRICS, SITE_KINDS, UNIT_KINDS
from plans.taxonomy import INCIDENT_TYPES

SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "resources" / "plans" / "plan.schema.json"

_ID = r"^[a-z0-9][a-z0-9_.-]*$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_str = {"type": "string", "minLength": 1}
_dept = {"type": "string", "pattern": _ID, "title": "部门代码（见 departments/<区代码>.yaml，如 emergency）"}
_plan_id = {"type": "string", "pattern": _ID, "title": "预案编号（如 special-hazchem）"}
_levels = {"type": "array", "items": {"enum": list(LEVELS)}, "minItems": 1, "uniqueItems": True}
_condition = {
    "type": "object", "required": ["metric"], "additionalProperties": False,
    "description": "metric >= min (以上), > above (超过), < max (以下), <= upto (以下含本数), or one of one_of",
    "properties": {
        "metric": {"enum": list(METRICS)},
        "min": {"type": "number", "minimum": 0},
        "above": {"type": "number", "minimum": 0},
        "max": {"type": "number", "minimum": 0},
        "upto": {"type": "number", "minimum": 0},
        "one_of": {"type": "array", "items": _str, "minItems": 1, "uniqueItems": True},
    },
}
_criterion = {
    "type": "object", "required": ["when", "clause"], "additionalProperties": False,
    "description": "all conditions hold; clause: where the source document states it",
    "properties": {"when": {"type": "array", "items": _condition, "minItems": 1},
                   "clause": _str, "text": {"type": "string"}},
}
_grading = {
    "type": "object", "required": ["source"], "additionalProperties": False,
    "title": "分级标准：依据的文件、条款和各级标准",
    "description": "per response level, criteria of which any one suffices (the highest level that holds "
                   "decides); referred: another authority sets the level (社会安全事件分级另行规定)",
    "properties": {
        "source": _str, "boundary": {"type": "string"}, "note": {"type": "string"},
        "referred": {"type": "boolean"}, "judgement": {"type": "boolean"}, "authority": _dept,
        "authority_name": {"type": "string"},
        "requires": {"type": "object", "additionalProperties": {"enum": list(METRICS)},
                     "propertyNames": {"enum": list(METRICS)}},
        "levels": {"type": "object", "additionalProperties": False,
                   "properties": {lv: {"type": "array", "items": _criterion, "minItems": 1} for lv in LEVELS}},
    },
    "anyOf": [{"required": ["levels"]}, {"required": ["referred", "authority"]},
              {"required": ["judgement", "authority"]}],
}

PLAN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:emergency-console:plan:1",
    "title": "应急预案（schema 1）",
    "description": "One contingency plan of the 1+41+144+N system. Department codes come from "
                   "resources/plans/departments/<district>.yaml; incident type codes from plans/taxonomy.py.",
    "type": "object",
    "required": ["schema", "id", "title", "tier", "district", "issuing_body", "lead_department",
                 "incident_types", "version", "effective", "review_by", "source"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": SCHEMA_VERSION},
        "id": _plan_id,
        "title": _str,
        "tier": {"enum": list(TIERS)},
        "district": {"enum": list(DISTRICTS), "title": "所属区（行政区划代码）: "
                     + "、".join(f"{d.code} {d.name}" for d in DISTRICTS.values())},
        "sample": {"type": "boolean", "title": "示例（生成的演示内容）；中心自己的预案不设此项"},
        "issuing_body": _str,
        "lead_department": _dept,
        "supporting_departments": {"type": "array", "items": _dept, "uniqueItems": True},
        "parents": {"type": "array", "items": _plan_id, "uniqueItems": True},
        "incident_types": {"type": "array", "items": {"enum": [t.code for t in INCIDENT_TYPES]},
                           "uniqueItems": True},
        "version": _str,
        "effective": {"type": "string", "pattern": _DATE},
        "review_by": {"type": "string", "pattern": _DATE},
        "source": _str,
        "scope": {"type": "string"},
        "grading": _grading,
        "warning_levels": {"type": "object", "additionalProperties": False,
                           "properties": {c: _str for c in WARNING_COLOURS}},
        "warning_criteria": {
            "type": "object", "additionalProperties": False,
            "description": "monitoring readings that call for a warning colour; any condition suffices",
            "properties": {c: {"type": "array", "items": _condition, "minItems": 1} for c in WARNING_COLOURS},
        },
        "command": {
            "type": "object", "required": ["headquarters"], "additionalProperties": False,
            "properties": {
                "headquarters": _str,
                "groups": {"type": "array", "items": {
                    "type": "object", "required": ["name", "lead"], "additionalProperties": False,
                    "properties": {"name": _str, "lead": _dept,
                                   "members": {"type": "array", "items": _dept},
                                   "duties": {"type": "string"}}}},
            },
        },
        "actions": {"type": "array", "items": {
            "type": "object", "required": ["id", "levels", "action", "deadline_minutes"],
            "additionalProperties": False,
            "description": "give a department code, or a role when no department is meant",
            "properties": {
                "id": {"type": "string", "pattern": _ID}, "levels": _levels, "action": _str,
                "deadline_minutes": {"type": "integer", "minimum": 1, "maximum": 43200},
                "department": _dept, "role": _str,
            }}},
        "resources": {"type": "array", "items": {
            "type": "object", "required": ["kind", "count"], "additionalProperties": False,
            "properties": {"kind": {"enum": list(UNIT_KINDS)},
                           "count": {"type": "integer", "minimum": 1, "maximum": 1000},
                           "levels": _levels}}},
        "contacts": {"type": "array", "items": {
            "type": "object", "required": ["role", "phone"], "additionalProperties": False,
            "properties": {"role": _str,
                           "phone": {"type": "string", "pattern": r"^[0-9][0-9 -]{2,20}$"}}}},
        "site": {
            "type": "object", "required": ["lon", "lat", "address", "street"], "additionalProperties": False,
            "properties": {"lon": {"type": "number", "minimum": -180, "maximum": 180},
                           "lat": {"type": "number", "minimum": -90, "maximum": 90},
                           "address": _str, "street": _str, "kind": {"enum": list(SITE_KINDS)}}},
        "sections": {"type": "array", "items": {
            "type": "object", "required": ["id", "title", "text"], "additionalProperties": False,
            "properties": {"id": {"type": "string", "pattern": _ID}, "title": _str,
                           "text": {"type": "string"}}}},
        "district_command_levels": _levels,
    },
    "allOf": [
        {"if": {"properties": {"tier": {"const": "enterprise"}}}, "then": {"required": ["site"]}},
        {"if": {"properties": {"tier": {"const": "special"}}}, "then": {"required": ["grading", "actions"]}},
        {"if": {"properties": {"tier": {"const": "master"}}},
         "then": {"required": ["district_command_levels"]}},
    ],
}

_TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数字", "array": "列表",
               "object": "映射（键: 值）", "boolean": "true/false"}
_PATTERN_HINTS = {_ID: "小写字母、数字、_ . - 组成的编号", _DATE: "日期 YYYY-MM-DD",
                  r"^[0-9][0-9 -]{2,20}$": "电话号码（数字、空格、-）"}
_compiled: dict[str, re.Pattern] = {}

Path_ = tuple  # (key or index, ...)


DATE_FIELDS = ("effective", "review_by")


def normalise(data: dict) -> dict:
    """Unquoted YAML dates become ISO strings, so `2024-03-01` and `"2024-03-01"` mean the same.

    Only the date fields: a date anywhere else is a type error the schema reports.
    """
    for k in DATE_FIELDS:
        v = data.get(k)
        if isinstance(v, date):
            data[k] = v.isoformat()
    if isinstance(data.get("district"), int) and not isinstance(data["district"], bool):
        data["district"] = str(data["district"])   # `district: 110101` unquoted
    return data


def check(data: Any) -> list[tuple[Path_, str]]:
    """Every schema problem in `data` as (path, "what is wrong; what is expected")."""
    out: list[tuple[Path_, str]] = []
    _walk(data, PLAN_SCHEMA, (), out)
    return out


def _type_ok(value: Any, t: str) -> bool:
    if t == "string":
        return isinstance(value, str)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    return isinstance(value, bool)


def _show(value: Any) -> str:
    s = json.dumps(value, ensure_ascii=False, default=str)
    return s if len(s) <= 40 else s[:37] + "…"


def _walk(value: Any, s: dict, path: Path_, out: list) -> None:
    t = s.get("type")
    if t is not None and not _type_ok(value, t):
        out.append((path, f"值 {_show(value)} 不是{_TYPE_NAMES[t]}；应为{_TYPE_NAMES[t]}"))
        return
    if "const" in s and value != s["const"]:
        out.append((path, f"值 {_show(value)} 不受支持；应为 {_show(s['const'])}"))
        return
    if "enum" in s and (not isinstance(value, (str, int)) or isinstance(value, bool)
                        or value not in s["enum"]):
        allowed = s["enum"]
        hint = ", ".join(map(str, allowed)) if len(allowed) <= 12 else \
            ", ".join(map(str, allowed[:10])) + f" …（共 {len(allowed)} 个）"
        out.append((path, f"未知取值 {_show(value)}；应为以下之一: {hint}"))
        return
    if t == "string":
        if len(value) < s.get("minLength", 0):
            out.append((path, "为空；应为非空文本"))
        pat = s.get("pattern")
        if pat is not None:
            rx = _compiled.get(pat) or _compiled.setdefault(pat, re.compile(pat))
            if not rx.match(value):
                out.append((path, f"格式不对: {_show(value)}；应为{s.get('title') or _PATTERN_HINTS.get(pat, pat)}"))
    elif t in ("integer", "number"):
        if "minimum" in s and value < s["minimum"]:
            out.append((path, f"{value} 太小；应不小于 {s['minimum']}"))
        if "maximum" in s and value > s["maximum"]:
            out.append((path, f"{value} 太大；应不大于 {s['maximum']}"))
    elif t == "array":
        if len(value) < s.get("minItems", 0):
            out.append((path, f"至少需要 {s['minItems']} 项；现在是空列表"))
        items = s.get("items")
        if items is not None:
            for i, v in enumerate(value):
                _walk(v, items, path + (i,), out)
        if s.get("uniqueItems"):
            seen = set()
            for i, v in enumerate(value):
                key = _show(v)
                if key in seen:
                    out.append((path + (i,), f"重复项 {key}；每项只应出现一次"))
                seen.add(key)
    elif t == "object":
        props = s.get("properties", {})
        for k in s.get("required", ()):
            if k not in value:
                out.append((path + (k,), "缺少必填字段；应填写" + _describe(props.get(k, {}))))
        closed = s.get("additionalProperties") is False
        for k, v in value.items():
            sub = props.get(k)
            if sub is None:
                if closed:
                    out.append((path + (str(k),), f"未知字段 {_show(k)}；应为以下之一: {', '.join(props)}"))
                continue
            _walk(v, sub, path + (k,), out)
    for rule in s.get("allOf", ()):
        cond = rule["if"]["properties"]
        if isinstance(value, dict) and all(value.get(k) == c.get("const") for k, c in cond.items()):
            for k in rule["then"].get("required", ()):
                if k not in value:
                    tier = next(iter(cond.values()))["const"]
                    out.append((path + (k,), f"tier 为 {tier} 的预案缺少此字段；应填写"
                                + _describe(PLAN_SCHEMA["properties"][k])))


def _describe(s: dict) -> str:
    if "title" in s:
        return s["title"]
    if "const" in s:
        return _show(s["const"])
    if "enum" in s:
        return "以下之一: " + ", ".join(map(str, s["enum"][:8]))
    if "pattern" in s:
        return _PATTERN_HINTS.get(s["pattern"], "文本")
    return _TYPE_NAMES.get(s.get("type", ""), "值")


def format_path(path: Path_) -> str:
    """("grading", "II", 0, "min") -> "grading.II[0].min"."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(文件)"


def export_json_schema(path: Path | None = None) -> str:
    """Write the JSON Schema for plan authors; returns its text."""
    text = json.dumps(PLAN_SCHEMA, ensure_ascii=False, indent=2) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


# --- fast path --------------------------------------------------------------------------------
# Nearly every file is valid, so the loader first runs a checker compiled from PLAN_SCHEMA into
# straight-line Python (a yes/no answer, ~10x faster than walking the schema) and walks the
# schema for messages only when that says no.

def _compile(s: dict) -> Any:
    ns: dict[str, Any] = {"_re": re}
    lines = ["def ok(v):"]
    counter = [0]

    def name(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def gen(s: dict, var: str, ind: str) -> None:
        t = s.get("type")
        if t == "string":
            lines.append(f"{ind}if type({var}) is not str: return False")
        elif t == "integer":
            lines.append(f"{ind}if type({var}) is not int: return False")
        elif t == "number":
            lines.append(f"{ind}if type({var}) not in (int, float): return False")
        elif t == "array":
            lines.append(f"{ind}if type({var}) is not list: return False")
        elif t == "object":
            lines.append(f"{ind}if type({var}) is not dict: return False")
        if "const" in s:
            lines.append(f"{ind}if type({var}) is not {type(s['const']).__name__} or {var} != {s['const']!r}: return False")
        if "enum" in s:
            e = name("E")
            ns[e] = frozenset(s["enum"])
            lines.append(f"{ind}if type({var}) is not str or {var} not in {e}: return False")
        if t == "string":
            if s.get("minLength"):
                lines.append(f"{ind}if len({var}) < {s['minLength']}: return False")
            if "pattern" in s:
                p = name("P")
                ns[p] = re.compile(s["pattern"]).match
                lines.append(f"{ind}if not {p}({var}): return False")
        elif t in ("integer", "number"):
            if "minimum" in s:
                lines.append(f"{ind}if {var} < {s['minimum']!r}: return False")
            if "maximum" in s:
                lines.append(f"{ind}if {var} > {s['maximum']!r}: return False")
        elif t == "array":
            if s.get("minItems"):
                lines.append(f"{ind}if len({var}) < {s['minItems']}: return False")
            if "items" in s:
                x = name("x")
                lines.append(f"{ind}for {x} in {var}:")
                gen(s["items"], x, ind + "    ")
            if s.get("uniqueItems"):   # items are checked first, so strings are hashable here
                plain = s.get("items", {}).get("type") == "string" or "enum" in s.get("items", {})
                key = var if plain else f"map(repr, {var})"
                lines.append(f"{ind}if len(set({key})) != len({var}): return False")
        elif t == "object":
            props = s.get("properties", {})
            for k in s.get("required", ()):
                lines.append(f"{ind}if {k!r} not in {var}: return False")
            if s.get("additionalProperties") is False:
                k = name("K")
                ns[k] = frozenset(props)
                lines.append(f"{ind}if not {k}.issuperset({var}): return False")
            for key, sub in props.items():
                x = name("p")
                lines.append(f"{ind}{x} = {var}.get({key!r}, _MISSING)")
                lines.append(f"{ind}if {x} is not _MISSING:")
                lines.append(f"{ind}    pass")
                gen(sub, x, ind + "    ")
        for rule in s.get("allOf", ()):
            cond = " and ".join(f"{var}.get({k!r}) == {c['const']!r}" for k, c in rule["if"]["properties"].items())
            for k in rule["then"].get("required", ()):
                lines.append(f"{ind}if {cond} and {k!r} not in {var}: return False")

    ns["_MISSING"] = object()
    gen(s, "v", "    ")
    lines.append("    return True")
    exec("\n".join(lines), ns)  # noqa: S102 - code generated from our own schema dict
    return ns["ok"]


_fast_ok = _compile(PLAN_SCHEMA)


def check_fast(data: Any) -> list[tuple[Path_, str]]:
    """Like check(), but answers a valid document without walking the schema."""
    return [] if _fast_ok(data) else check(data)
