"""Numbers as plan documents write them: 30, 3.5, 三十, 5000万元, 1亿元, 半小时, 2个小时."""
from __future__ import annotations

import re

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
       "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"

# unit word -> (metric family, multiplier). 元-units become yuan, 人-units people.
UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("yuan", 1e8), "万元": ("yuan", 1e4), "元": ("yuan", 1.0),
    "万人次": ("people", 1e4), "万人": ("people", 1e4), "人次": ("people", 1.0),
    "人": ("people", 1.0), "名": ("people", 1.0),
    "万户": ("households", 1e4), "户": ("households", 1.0),
    "毫米": ("mm", 1.0), "小时": ("hours", 1.0), "天": ("days", 1.0),
}
UNIT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))


def parse_number(text: str) -> float:
    """A number in Arabic or Chinese digits (三十 -> 30, 一百五十 -> 150, 3.5 -> 3.5)."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    total, digit = 0, 0
    for ch in text:
        if ch in _CN:
            digit = _CN[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a number: {text!r}")
    return float(total + digit)


def as_int_if_whole(value: float) -> int | float:
    """30.0 -> 30, so YAML and JSON show counts as integers."""
    return int(value) if float(value).is_integer() else value


_DURATION = re.compile(rf"(?:(半|{NUMBER})\s*(个)?\s*(分钟|小时|钟头|天|日|工作日)\s*(?:内|以内|之内)"
                       rf"|(?:不得|不应|不)超过\s*(半|{NUMBER})\s*(个)?\s*(分钟|小时|钟头|天|日|工作日))")
_MINUTES = {"分钟": 1, "小时": 60, "钟头": 60, "天": 1440, "日": 1440, "工作日": 1440}


def deadline_minutes(text: str) -> int | None:
    """The first time limit a sentence states ("30分钟内", "1小时内", "半小时内"), in minutes."""
    m = _DURATION.search(text)
    if not m:
        return None
    amount_text, unit = (m.group(1), m.group(3)) if m.group(1) else (m.group(4), m.group(6))
    amount = 0.5 if amount_text == "半" else parse_number(amount_text)
    return int(round(amount * _MINUTES[unit]))
