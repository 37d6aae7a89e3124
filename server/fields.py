"""The edge: one set of constrained types for everything a client sends (issue 19).

Every payload field, envelope field and query parameter that reaches the database is one of
these, bounded so that SQLite and PostgreSQL both take it: hostile but plausible input is
answered 422 with a Chinese message naming the field, never 500.

    Text(column)         a string for a String(n) column: valid Unicode (no lone UTF-16
                         surrogate), no NUL, at most n characters: the column's own length,
                         read from server/db.py, so the two cannot drift
    Id(column)           Text that is not blank and has no control characters
    Prose(n)             Text for a Text column (notes, actions, summaries), at most n characters
    Stamp                ISO 8601 date-and-time text (not a number: pydantic alone reads 0 as
                         1970) within STAMP_PAST before .. STAMP_AHEAD after the
                         server's clock (DRILL_AHEAD on a drill database, whose headless
                         drills stamp commands on a clock running ahead; naive = UTC);
                         normalised to UTC. ReadingStamp: no
                         more than STAMP_PAST before, any representable time after (the
                         telemetry lists readings from the future and skips them)
    Finite(lo, hi)       a finite float (no NaN, no infinity) within [lo, hi]
    Json(depth, chars)   a JSON object (facts): its keys and strings as Text, numbers finite
                         and within 64 bits, nesting and size bounded; check_json() does the
                         same for a command's whole payload (server/commands.py)

Each type's JSON Schema (so the OpenAPI document) says what it takes as far as JSON Schema
can: lengths, `pattern`s without NUL (ids: without control characters, not blank), times
`format: date-time` with the window in words, facts and payload keys beyond a model's own as
`JsonValue` (strings, keys and integers bounded). `Param` is a path or query parameter's text
(no NUL). The depth and size bounds of JSON, and a time's window, are only in descriptions.

`clean_request_line` (a dependency of every router, server/routes/access.py) refuses a NUL in
the path or the query string: PostgreSQL cannot compare text with one. `describe()` turns pydantic's errors into
{"loc", "type", "msg"} with a Chinese msg that names the field; `validation_error` is the
app's handler for RequestValidationError (no "input" echoed back: it may be the very string
that cannot be encoded).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any
from urllib.parse import unquote_to_bytes

import sqlalchemy as sa
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from server import db

STAMP_PAST = timedelta(days=3653)   # ten years: outboxes replayed after long outages, backfill
STAMP_AHEAD = timedelta(days=1)     # a console or sensor clock a little ahead
DRILL_AHEAD = timedelta(days=30)    # a drill database: a headless drill's clock runs ahead of
                                    # the wall clock (its scripted trainee works a day of tasks)
_ahead = STAMP_AHEAD                # this process's: set once by create_app (one database each)
MAX_PROSE = 4000                    # a note, a task's action, a close-out summary
INT32 = 2**31 - 1                   # sa.Integer on PostgreSQL
INT64 = 2**63 - 1                   # sa.BigInteger; also the bound of integers inside JSON
FACTS_DEPTH, FACTS_CHARS = 8, 16_000     # an incident's free-form facts
PAYLOAD_DEPTH = 12                  # a command's payload (facts nest inside it)
JSON_KEY_CHARS = 128

# -- the same bounds as JSON Schema (ECMA 262 and Python regular expressions alike) -----------
NO_NUL = r"^[^\u0000]*$"
_CONTROL = r"\u0000-\u001f\u007f"             # what check_text(control=False) refuses
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# ^ str.isspace(): what str.strip() takes away (a blank id is all of these)

# "table.column" -> the bound a type enforces on what goes into it (tests/server checks that
# every String column written from a request has one, equal to the column's length)
BOUNDS: dict[str, int] = {}


def _refuse(kind: str, reason: str, at: Sequence = ()) -> PydanticCustomError:
    # the reason goes in as a context value (braces in it are not a template); `at`: the place
    # inside a JSON value, added to the error's loc by describe()
    return PydanticCustomError(kind, "{reason}", {"reason": reason, "at": list(at)})


# -- text ------------------------------------------------------------------------------------
def check_text(value: str, limit: int, column: str = "", *, control: bool = True,
               blank: bool = True) -> str:
    """`value` if it is valid Unicode without NUL (and, unless `control`, without control
    characters) of at most `limit` characters; else a PydanticCustomError saying which
    character and what to do."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _refuse("text_surrogate",
                      f"第 {exc.start + 1} 个字符是孤立的 UTF-16 代理项 U+{ord(value[exc.start]):04X}，"
                      "不是有效的 Unicode 文本；请检查发送端的字符编码") from None
    nul = value.find("\x00")
    if nul >= 0:
        raise _refuse("text_nul", f"第 {nul + 1} 个字符是 NUL（U+0000），数据库不能保存；"
                                  "请删去该字符")
    if not control:
        bad = next((i for i, ch in enumerate(value) if ch < " " or ch == "\x7f"), None)
        if bad is not None:
            raise _refuse("text_control", f"第 {bad + 1} 个字符是控制字符 "
                                          f"U+{ord(value[bad]):04X}，编号和名称中不能有；请删去")
    if not blank and not value.strip():
        raise _refuse("text_blank", "不能为空")
    if len(value) > limit:
        where = f"（数据库列 {column}）" if column else ""
        raise _refuse("text_too_long", f"长 {len(value)} 个字符，超过上限 {limit}{where}；请缩短")
    return value


def is_clean(value: Any, limit: int) -> bool:
    """True if `value` is a string check_text takes (no control characters): safe to look up."""
    try:
        check_text(value, limit, control=False) if isinstance(value, str) else None
    except PydanticCustomError:
        return False
    return isinstance(value, str)


def _text_type(limit: int, column: str, *, control: bool, blank: bool, min_length: int):
    def check(value: str) -> str:
        if len(value) < min_length:
            raise _refuse("text_too_short", "不能为空" if min_length == 1
                          else f"至少 {min_length} 个字符")
        return check_text(value, limit, column, control=control, blank=blank)

    schema = {"type": "string", "maxLength": limit, "pattern": text_pattern(control, blank)}
    if min_length:
        schema["minLength"] = min_length
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


def text_pattern(control: bool = True, blank: bool = True) -> str:
    """The JSON Schema `pattern` of what check_text takes: no NUL; unless `control`, no
    control character; unless `blank`, one character at least that is not white space."""
    refused = r"\u0000" if control else _CONTROL
    if blank:
        return rf"^[^{refused}]*$"
    return rf"^[^{refused}]*[^{refused}{_SPACE}][^{refused}]*$"


# a path or query parameter's text, as the document says it: clean_request_line refuses a NUL
Param = Annotated[str, WithJsonSchema({"type": "string", "pattern": NO_NUL})]


def bound(column: sa.Column) -> int:
    """The length of a String(n) column, recorded in BOUNDS as checked at the edge."""
    length = getattr(column.type, "length", None)
    if not length:
        raise TypeError(f"{column.table.name}.{column.name} has no length: use Prose(n)")
    BOUNDS[f"{column.table.name}.{column.name}"] = length
    return length


def _column_length(column: sa.Column) -> tuple[int, str]:
    return bound(column), f"{column.table.name}.{column.name}"


def Text(column: sa.Column, *, min_length: int = 0):  # noqa: N802 (a type factory)
    """Free text for a String(n) column."""
    limit, name = _column_length(column)
    return _text_type(limit, name, control=True, blank=True, min_length=min_length)


def Id(column: sa.Column):  # noqa: N802
    """An identifier (or a name) for a String(n) column: not blank, no control characters."""
    limit, name = _column_length(column)
    return _text_type(limit, name, control=False, blank=False, min_length=1)


def Prose(limit: int = MAX_PROSE, *, min_length: int = 0):  # noqa: N802
    """Text for a Text column, bounded by `limit` characters."""
    return _text_type(limit, "", control=True, blank=True, min_length=min_length)


# -- times -----------------------------------------------------------------------------------
def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def serve_drill(drill: bool) -> None:
    """Set this server process's window ahead of the clock: wider on a drill database."""
    global _ahead
    _ahead = DRILL_AHEAD if drill else STAMP_AHEAD


def check_stamp(value: datetime, ahead: bool = True) -> datetime:
    """`value` in UTC if it lies within the window around the server's clock, else the reason.
    A time without a zone is taken as UTC. `ahead=False`: any later time is let through (a
    sensor reading stamped ahead is listed and skipped by the telemetry, not refused)."""
    now = db.utcnow()
    try:
        utc = value.replace(tzinfo=timezone.utc) if value.tzinfo is None \
            else value.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
        utc = None
    if utc is None or utc < now - STAMP_PAST or (ahead and utc > now + _ahead):
        raise _refuse("stamp_out_of_window",
                      f"时间 {_iso(value)} 不在服务器时钟前 {STAMP_PAST.days // 365} 年至后 "
                      f"{_ahead.days} 天之内（服务器现在 {now:%Y-%m-%dT%H:%M:%SZ}）；"
                      "请核对时间，或校准发送端的时钟")
    return utc


_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")


def time_text(value: Any) -> Any:
    """A time is text with a date and a time, as the document's `format: date-time` says:
    pydantic alone would read 0 or "1700000000" as Unix seconds (1970, 2023)."""
    if isinstance(value, datetime) or (isinstance(value, str) and _DATE_AND_TIME.match(value)):
        return value
    raise _refuse("stamp_text", f"应为 ISO 8601 日期和时间文本，例如 2026-11-22T08:01:02+08:00，"
                                f"收到 {_shown(value)}")


def _time_schema(window: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "format": "date-time", "description":
                           "ISO 8601 date and time (without an offset: UTC), " + window})


Stamp = Annotated[datetime, BeforeValidator(time_text), AfterValidator(check_stamp),
                  _time_schema(f"from {STAMP_PAST.days // 365} years before to "
                               f"{STAMP_AHEAD.days} day after the server's clock "
                               f"({DRILL_AHEAD.days} days on a drill database); else 422")]
# a reading's time: ahead of the clock is the telemetry's to list as future_readings
ReadingStamp = Annotated[datetime, BeforeValidator(time_text),
                         AfterValidator(lambda v: check_stamp(v, ahead=False)),
                         _time_schema(f"at most {STAMP_PAST.days // 365} years before the "
                                      "server's clock (else 422); any time after")]


# -- numbers ---------------------------------------------------------------------------------
def Finite(lo: float | None = None, hi: float | None = None):  # noqa: N802
    """A finite JSON number (an integer too; not true/false, not text) within [lo, hi]."""
    return Annotated[float, Field(ge=lo, le=hi, allow_inf_nan=False, strict=True)]


def Count(lo: int, hi: int, column: sa.Column | None = None):  # noqa: N802
    """An integer within [lo, hi]; `hi` must fit the column (checked here, once)."""
    if column is not None:
        top = INT64 if isinstance(column.type, sa.BigInteger) else INT32
        if hi > top:
            raise TypeError(f"{column.table.name}.{column.name} holds at most {top}, not {hi}")
        BOUNDS[f"{column.table.name}.{column.name}"] = hi
    return Annotated[int, Field(ge=lo, le=hi, strict=True)]


# -- JSON ------------------------------------------------------------------------------------
class JsonProblem(ValueError):
    """What is wrong inside a JSON value: where (`loc`, keys and indexes) and why."""

    def __init__(self, loc: list, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.loc, self.kind, self.reason = loc, kind, reason


def _walk(value: Any, loc: list, depth: int, max_depth: int) -> None:
    if depth > max_depth:
        raise JsonProblem(loc, "json_too_deep", f"嵌套超过 {max_depth} 层；请展平")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise JsonProblem(loc, "json_key", f"键 {key!r} 不是字符串")
            try:
                check_text(key, JSON_KEY_CHARS)
            except PydanticCustomError as exc:
                raise JsonProblem(loc, exc.type, f"键 {key[:20]!r}：{exc.context['reason']}") from None
            _walk(item, [*loc, key], depth + 1, max_depth)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, [*loc, i], depth + 1, max_depth)
    elif isinstance(value, str):
        try:
            check_text(value, MAX_PROSE)
        except PydanticCustomError as exc:
            raise JsonProblem(loc, exc.type, exc.context["reason"]) from None
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if not -INT64 - 1 <= value <= INT64:
            raise JsonProblem(loc, "json_int", f"整数 {value} 超出 64 位整数范围")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise JsonProblem(loc, "json_float", f"{value} 不是有限的数（NaN 或无穷大不能保存）")
    else:
        raise JsonProblem(loc, "json_type", f"{type(value).__name__} 不是 JSON 值")


def check_json(value: Any, max_depth: int, max_chars: int | None = None) -> None:
    """JsonProblem unless every key and string of `value` is valid text, every number finite
    and within 64 bits, nesting at most `max_depth` deep and (if given) the compact JSON at
    most `max_chars` characters long."""
    _walk(value, [], 1, max_depth)
    if max_chars is not None:
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        if size > max_chars:
            raise JsonProblem([], "json_too_large", f"编码后 {size} 个字符，超过上限 {max_chars}；"
                                                    "请精简，长文本请作为备注提交")


JSON_VALUE_REF = {"$ref": "#/components/schemas/JsonValue"}
# what a model's schema says in its place: pydantic follows every $ref, and this one is not a
# model of its own; link_json_values() turns each into JSON_VALUE_REF in the OpenAPI document
# (alone, a $comment is any value)
JSON_VALUE_MARK = {"$comment": "JsonValue"}
JSON_KEY = {"type": "string", "maxLength": JSON_KEY_CHARS, "pattern": NO_NUL}
# check_json's bounds as a JSON Schema, the OpenAPI document's component `JsonValue`
# (server/app.py puts it there); depth and size depend on where it is used: said there
JSON_VALUE = {
    "description": "any JSON value that check_json takes: strings valid text without NUL of "
                   f"at most {MAX_PROSE} characters, object keys of at most {JSON_KEY_CHARS}, "
                   "numbers finite and within 64 bits",
    "anyOf": [{"type": "null"}, {"type": "boolean"},
              {"type": "number", "minimum": -INT64 - 1, "maximum": INT64},
              {"type": "string", "maxLength": MAX_PROSE, "pattern": NO_NUL},
              {"type": "array", "items": JSON_VALUE_REF},
              {"type": "object", "propertyNames": JSON_KEY,
               "additionalProperties": JSON_VALUE_REF}]}


def json_object_schema(max_depth: int, max_chars: int | None = None) -> dict:
    """A JSON object of JsonValue, bounded as check_json bounds it (depth and size in words)."""
    size = f" and {max_chars:,} characters as compact JSON" if max_chars else ""
    return {"type": "object", "propertyNames": JSON_KEY, "additionalProperties": JSON_VALUE_MARK,
            "description": f"JSON values (JsonValue), at most {max_depth} deep{size}; else 422"}


def link_json_values(schema: Any) -> Any:
    """`schema` with each JSON_VALUE_MARK made a reference to the component JsonValue."""
    if schema == JSON_VALUE_MARK:
        return dict(JSON_VALUE_REF)
    if isinstance(schema, dict):
        return {key: link_json_values(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [link_json_values(value) for value in schema]
    return schema


def Json(max_depth: int, max_chars: int | None = None):  # noqa: N802
    """A JSON object checked by check_json; the message names the place inside it."""
    def check(value: dict) -> dict:
        try:
            check_json(value, max_depth, max_chars)
        except JsonProblem as exc:
            raise _refuse(exc.kind, exc.reason, exc.loc) from None
        return value

    return Annotated[dict[str, Any], AfterValidator(check),
                     WithJsonSchema(json_object_schema(max_depth, max_chars))]


Facts = Json(FACTS_DEPTH, FACTS_CHARS)


# -- errors in Chinese -----------------------------------------------------------------------
_KINDS = {"string": "字符串", "int": "整数", "float": "数字（JSON number）", "bool": "布尔值（true/false）",
          "dict": "JSON 对象", "list": "JSON 数组", "model": "JSON 对象", "datetime": "ISO 8601 时间",
          "uuid": "UUID", "date": "日期", "literal": "取值", "enum": "取值", "json": "JSON"}


def label(loc: Sequence) -> str:
    """("body", "payload", "tasks", 0, "action") -> payload.tasks[0].action; query/path
    parameters are named as such."""
    parts = list(loc)
    prefix = ""
    if parts == ["path"]:
        return "路径"
    if parts and parts[0] in ("query", "path", "header", "cookie"):
        prefix = {"query": "查询参数 ", "path": "路径参数 ", "header": "请求头 ",
                  "cookie": "Cookie "}[parts.pop(0)]
    elif parts and parts[0] == "body":
        parts.pop(0)
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not (isinstance(part, str) and part.startswith("function-")):
            text += f".{part}" if text else str(part)
    return prefix + (text or "请求体")


def _chinese(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if "reason" in ctx:                        # ours (PydanticCustomError above)
        return str(ctx["reason"])
    if kind == "missing":
        return "缺少该字段（必填）"
    if kind == "value_error":                  # a validator's ValueError: its own words
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        word = {"greater_than_equal": "不小于", "greater_than": "大于",
                "less_than_equal": "不大于", "less_than": "小于"}[kind]
        bound = next(iter(ctx.values()), "?")
        return f"应{word} {bound}，收到 {_shown(error.get('input'))}"
    if kind == "finite_number":
        return "应为有限的数（不能是 NaN 或无穷大）"
    if kind in ("string_too_short", "too_short"):
        return "不能为空" if ctx.get("min_length") == 1 else f"至少 {ctx.get('min_length')} 项"
    if kind in ("string_too_long", "too_long"):
        return f"最多 {ctx.get('max_length')} {'个字符' if kind.startswith('string') else '项'}"
    if kind == "literal_error":
        return f"应为以下之一：{ctx.get('expected', '')}，收到 {_shown(error.get('input'))}"
    if kind == "string_unicode":
        return "不是有效的 Unicode 文本（含孤立的 UTF-16 代理项）；请检查发送端的字符编码"
    if kind == "json_invalid":
        return f"不是有效的 JSON（{ctx.get('error', '')}）"
    if kind == "int_from_float":
        return "应为整数，不能有小数部分"
    if kind == "extra_forbidden":
        return "不认识该字段；请删去"
    for prefix, name in _KINDS.items():
        if kind.startswith(prefix + "_"):
            if kind.endswith("_type"):
                return f"应为{name}"
            return f"不是有效的{name}（{error.get('msg', '')}）"
    return str(error.get("msg", kind))


def _shown(value: Any) -> str:
    text = repr(value)  # repr escapes what cannot be encoded
    return text if len(text) <= 40 else text[:37] + "…"


def describe(errors: Sequence[dict], prefix: Sequence = ()) -> list[dict]:
    """pydantic errors -> [{"loc", "type", "msg"}] with a Chinese msg that begins with the
    field's name; `prefix` is put before each loc (e.g. ("body", "payload"))."""
    out = []
    for error in errors:
        loc = [*prefix, *error.get("loc", ()), *(error.get("ctx") or {}).get("at", ())]
        loc = [part for part in loc if not (isinstance(part, str) and part.startswith("function-"))]
        out.append({"loc": loc, "type": error.get("type", ""),
                    "msg": f"{label(loc)}：{_chinese(error)}"})
    return out


async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """The app's 422: the fields and what is wrong with each, in Chinese."""
    return JSONResponse({"detail": describe(exc.errors())}, status_code=422)


# -- the request line ------------------------------------------------------------------------
def nul_in_request_line(scope) -> list | None:
    """The loc of a NUL in the path (["path"]) or in a query parameter (["query", name]) of
    an ASGI request, else None."""
    if "\x00" in scope.get("path", ""):
        return ["path"]
    for pair in scope.get("query_string", b"").split(b"&"):
        name, _, value = pair.partition(b"=")
        if b"\x00" in unquote_to_bytes(name.replace(b"+", b" ")) \
                or b"\x00" in unquote_to_bytes(value.replace(b"+", b" ")):
            shown = unquote_to_bytes(name).decode("utf-8", "replace").replace("\x00", "")
            return ["query", shown[:40]]
    return None


async def clean_request_line(request: Request) -> None:
    """A dependency of every router (after the token check, so an unsigned request is still
    401): a NUL in the path or the query string is 422 before a route reads it (SQLite would
    look it up and find nothing; PostgreSQL refuses to compare text with a NUL)."""
    where = nul_in_request_line(request.scope)
    if where is not None:
        raise RequestValidationError([{"loc": where, "type": "text_nul", "ctx": {
            "reason": "含有 NUL 字符（%00），不是有效的编号或取值；请删去该字符"}}])
