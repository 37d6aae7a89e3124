"""Schema 2 of a plan file: the JSON Schema plan authors get, and the check the loader runs.

`PLAN_SCHEMA` is the single source of truth: `export_json_schema()` writes it for authors
(resources/plans/plan.schema.json, kept current by a test) and `check(data)` validates with the
same dict, so the two cannot drift. The validator is jsonschema-rs (compiled in Rust): a valid
plan costs ~8 µs, 2.6x less than the hand-written checker it replaced and 12x less than
fastjsonschema on the N = 10,000 corpus. For a file that fails, every problem is listed (not
just the first), each with its path and a message in Chinese: what is wrong; what is expected.
Schema-1 files (the old grading ladder) are converted before this check: plans/schema1.py.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from plans.model import LEVELS, SCHEMA_VERSION, TIERS, WARNING_COLOURS
from plans.registry import DISTRICTS, METRICS, SITE_KINDS, UNIT_KINDS
from plans.taxonomy import INCIDENT_TYPES

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


def _tier_is(tier: str) -> dict:
    return {"properties": {"tier": {"const": tier}}, "required": ["tier"]}


PLAN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"urn:emergency-console:plan:{SCHEMA_VERSION}",
    "title": f"应急预案（schema {SCHEMA_VERSION}）",
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
    # what one tier needs besides; "required" in each `if` so that a file without a tier is
    # told that, not that it lacks the fields of every tier
    "allOf": [
        {"if": _tier_is("enterprise"), "then": {"required": ["site"]}},
        {"if": _tier_is("special"), "then": {"required": ["grading", "actions"]}},
        {"if": _tier_is("master"), "then": {"required": ["district_command_levels"]}},
    ],
}

_TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数字", "array": "列表",
               "object": "映射（键: 值）", "boolean": "true/false"}
_PATTERN_HINTS = {_ID: "小写字母、数字、_ . - 组成的编号", _DATE: "日期 YYYY-MM-DD",
                  r"^[0-9][0-9 -]{2,20}$": "电话号码（数字、空格、-）"}

Path_ = tuple  # (key or index, ...)
Problem = tuple[Path_, str]   # (path, "what is wrong；what is expected")


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


class Checker:
    """A JSON Schema compiled on first use, and every problem it finds phrased for a plan's author.

    jsonschema-rs is imported then too: a warm start, which validates nothing, never loads it
    (~20 ms and ~5 MiB), nor does the opening process of a parallel cold start (its workers do).
    """

    def __init__(self, schema: dict[str, Any]):
        self.schema = schema
        self._compiled: Any = None

    @property
    def _validator(self) -> Any:
        if self._compiled is None:
            import jsonschema_rs
            self._compiled = jsonschema_rs.validator_for(self.schema)
        return self._compiled

    def is_valid(self, data: Any) -> bool:
        try:
            return self._validator.is_valid(data)
        except ValueError:   # a value JSON has no type for: check() says which
            return False

    def check(self, data: Any) -> list[Problem]:
        """Every problem in `data`, in the validator's order."""
        try:
            errors = list(self._validator.iter_errors(data))
        except ValueError:
            # A date, bytes or a set somewhere, or a key that is not text (YAML `1: x`): the
            # value becomes null, which no part of the schema accepts, and the key text, so each
            # is reported at its place, with the value as written.
            try:
                errors = list(self._validator.iter_errors(_as_json(data)))
            except (ValueError, RecursionError):   # nested past the validator's limit, or an
                return [((), _UNCHECKABLE)]              # alias that contains itself
        out: list[Problem] = []
        for e in errors:
            out.extend(self._explain(e, data))
        return out

    def check_fast(self, data: Any) -> list[Problem]:
        """Like check(), but a valid document costs one compiled yes/no."""
        if self.is_valid(data):
            return []
        return self.check(data) or [((), "含无法识别的值；应为由映射、列表、文本和数字组成的 YAML 文档")]

    def _explain(self, e: Any, data: Any) -> list[Problem]:
        """One validator error as (path, message) problems: several for several unknown fields
        or duplicates, and always at least one."""
        path = tuple(e.instance_path)
        k = e.kind
        where = tuple(e.schema_path)
        sub = _node(self.schema, where[:-1])      # the schema holding the keyword that failed
        value = _value_at(data, path, e.instance)
        from jsonschema_rs import ValidationErrorKind as K   # loaded already: one class per kind
        if isinstance(k, K.Type):
            t = _TYPE_NAMES.get(k.types[0], k.types[0])
            return [(path, f"值 {_show(value)} 不是{t}；应为{t}")]
        if isinstance(k, K.Constant) and path == ("schema",):
            return [(path, f"格式版本 {_show(value)} 不受支持；应为 {SCHEMA_VERSION}（本版格式），"
                           "或 1（旧格式，分级阶梯在加载时转换）")]
        if isinstance(k, K.Constant):
            return [(path, f"值 {_show(value)} 不受支持；应为 {_show(sub['const'])}")]
        if isinstance(k, K.Enum):
            return [(path, f"未知取值 {_show(value)}；应为以下之一: {_choices(sub['enum'])}")]
        if isinstance(k, K.MinLength):
            return [(path, "为空；应为非空文本")]
        if isinstance(k, K.Pattern):
            pat = sub["pattern"]
            return [(path, f"格式不对: {_show(value)}；应为{sub.get('title') or _PATTERN_HINTS.get(pat, pat)}")]
        if isinstance(k, K.Minimum):
            return [(path, f"{value} 太小；应不小于 {sub['minimum']}")]
        if isinstance(k, K.Maximum):
            return [(path, f"{value} 太大；应不大于 {sub['maximum']}")]
        if isinstance(k, K.MinItems):
            return [(path, f"至少需要 {sub['minItems']} 项；现在是空列表")]
        if isinstance(k, K.UniqueItems):
            return _duplicates(path, value)
        if isinstance(k, K.Required):
            return [self._required(path, where, k.property, sub)]
        if isinstance(k, K.AdditionalProperties):
            allowed = ", ".join(sub.get("properties", {}))
            return [(path + (key,), f"未知字段 {_show(key)}；应为以下之一: {allowed}") for key in k.unexpected]
        if isinstance(k, K.PropertyNames):
            key = k.error.instance    # `sub` is the propertyNames schema: {"enum": [fact codes]}
            return [(path + (key,), f"未知字段 {_show(key)}；应为以下之一: {_choices(sub.get('enum', []))}")]
        if isinstance(k, K.AnyOf) and where[-3:-1] == ("properties", "grading"):
            return [(path, "既没有各级标准（levels），也没有写明由谁定级；应给出 levels，或 referred: true"
                           "（另行定级）/ judgement: true（研判定级）及 authority（部门代码）")]
        return [(path, f"不符合 plan.schema.json 的 {where[-1]} 规定（{e.message}）；应按该规定改写")]

    def _required(self, path: Path_, where: tuple, key: str, sub: dict) -> Problem:
        if where[:1] == ("allOf",):   # a field one tier needs: {"if": tier is X, "then": required}
            rule = self.schema["allOf"][where[1]]
            tier = rule["if"]["properties"]["tier"]["const"]
            return (path + (key,), f"tier 为 {tier} 的预案缺少此字段；应填写"
                                   + _describe(self.schema["properties"][key]))
        return (path + (key,), "缺少必填字段；应填写" + _describe(sub.get("properties", {}).get(key, {})))


_UNCHECKABLE = "嵌套过深或自我引用（别名 * 指向自身），无法校验；应为由映射、列表、文本和数字组成的普通 YAML 文档"


def _node(schema: dict, where: tuple) -> dict:
    """The subschema at a schema path (keywords and indexes from the root)."""
    node: Any = schema
    for step in where:
        node = node[step]
    return node if isinstance(node, dict) else {}


def _value_at(data: Any, path: Path_, fallback: Any) -> Any:
    """The value as written (the validator's copy has NaN as null, dates not at all)."""
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return fallback
    return node


def _as_json(value: Any) -> Any:
    """`value` with text keys, and null for what JSON cannot hold (dates, bytes, sets…)."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return None


def _duplicates(path: Path_, items: Any) -> list[Problem]:
    """Each item that repeats an earlier one, at its own index."""
    out: list[Problem] = []
    seen: set[str] = set()
    for i, v in enumerate(items if isinstance(items, list) else ()):
        key = json.dumps(v, ensure_ascii=False, sort_keys=True, default=_plain)
        if key in seen:
            out.append((path + (i,), f"重复项 {_show(v)}；每项只应出现一次"))
        seen.add(key)
    return out or [(path, "有重复项；每项只应出现一次")]


def _plain(value: Any) -> Any:
    """What JSON cannot show, as it was written: a date as text, a set as a sorted list."""
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


def _choices(allowed: list) -> str:
    if len(allowed) <= 12:
        return ", ".join(map(str, allowed))
    return ", ".join(map(str, allowed[:10])) + f" …（共 {len(allowed)} 个）"


def _show(value: Any) -> str:
    s = json.dumps(value, ensure_ascii=False, default=_plain)
    return s if len(s) <= 40 else s[:37] + "…"


_PLAN = Checker(PLAN_SCHEMA)


def check(data: Any) -> list[Problem]:
    """Every schema problem in `data` as (path, "what is wrong；what is expected")."""
    return _PLAN.check(data)


def check_fast(data: Any) -> list[Problem]:
    """Like check(), but a valid document costs one compiled yes/no (nearly every file)."""
    return _PLAN.check_fast(data)


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
