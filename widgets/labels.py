"""Translated display names for codes shown in several panels (statuses, kinds, levels)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from maps import palette
from plans.taxonomy import incident_type

_UNIT_STATUS = {
    "available": QT_TRANSLATE_NOOP("Labels", "可调派"), "dispatched": QT_TRANSLATE_NOOP("Labels", "已调派"),
    "en_route": QT_TRANSLATE_NOOP("Labels", "途中"), "on_scene": QT_TRANSLATE_NOOP("Labels", "到场"),
    "out_of_service": QT_TRANSLATE_NOOP("Labels", "不可用"), "released": QT_TRANSLATE_NOOP("Labels", "已归队"),
}
_UNIT_KIND = {
    "fire_engine": QT_TRANSLATE_NOOP("Labels", "消防车"), "ladder": QT_TRANSLATE_NOOP("Labels", "云梯车"),
    "hazmat": QT_TRANSLATE_NOOP("Labels", "危化品处置车"), "rescue": QT_TRANSLATE_NOOP("Labels", "抢险救援车"),
    "ambulance": QT_TRANSLATE_NOOP("Labels", "救护车"), "police": QT_TRANSLATE_NOOP("Labels", "警车"),
    "gas_repair": QT_TRANSLATE_NOOP("Labels", "燃气抢修车"), "water_pump": QT_TRANSLATE_NOOP("Labels", "排水抢险车"),
}
_SENSOR_STATE = {
    "normal": QT_TRANSLATE_NOOP("Labels", "正常"), "warning": QT_TRANSLATE_NOOP("Labels", "预警"),
    "alarm": QT_TRANSLATE_NOOP("Labels", "告警"), "offline": QT_TRANSLATE_NOOP("Labels", "离线"),
    "fault": QT_TRANSLATE_NOOP("Labels", "故障"),
}
_SENSOR_KIND = {
    "co": QT_TRANSLATE_NOOP("Labels", "一氧化碳"), "gas": QT_TRANSLATE_NOOP("Labels", "可燃气体"),
    "smoke": QT_TRANSLATE_NOOP("Labels", "烟感"), "water_level": QT_TRANSLATE_NOOP("Labels", "积水水位"),
    "elevator": QT_TRANSLATE_NOOP("Labels", "电梯"), "air_quality": QT_TRANSLATE_NOOP("Labels", "空气质量"),
}
_INCIDENT_STATUS = {
    "active": QT_TRANSLATE_NOOP("Labels", "处置中"), "controlled": QT_TRANSLATE_NOOP("Labels", "已控制"),
    "closed": QT_TRANSLATE_NOOP("Labels", "已结束"), "new": QT_TRANSLATE_NOOP("Labels", "新报告"),
}
_LEVEL = {
    "I": QT_TRANSLATE_NOOP("Labels", "I级 特别重大"), "II": QT_TRANSLATE_NOOP("Labels", "II级 重大"),
    "III": QT_TRANSLATE_NOOP("Labels", "III级 较大"), "IV": QT_TRANSLATE_NOOP("Labels", "IV级 一般"),
}
_UNGRADED = QT_TRANSLATE_NOOP("Labels", "未定级")
_ROLE = {  # server/permissions.py ROLES
    "commander": QT_TRANSLATE_NOOP("Labels", "指挥长"), "dispatcher": QT_TRANSLATE_NOOP("Labels", "调度员"),
    "duty_officer": QT_TRANSLATE_NOOP("Labels", "值班员"), "observer": QT_TRANSLATE_NOOP("Labels", "观察员"),
    "trainer": QT_TRANSLATE_NOOP("Labels", "演练导调员"), "admin": QT_TRANSLATE_NOOP("Labels", "系统管理员"),
}
_DISTRICT = {  # plans.registry.DISTRICTS
    "110101": QT_TRANSLATE_NOOP("Labels", "东城区"), "110105": QT_TRANSLATE_NOOP("Labels", "朝阳区"),
}
_TIER = {
    "master": QT_TRANSLATE_NOOP("Labels", "总体应急预案"), "special": QT_TRANSLATE_NOOP("Labels", "专项应急预案"),
    "department": QT_TRANSLATE_NOOP("Labels", "部门应急预案"),
    "enterprise": QT_TRANSLATE_NOOP("Labels", "企事业单位应急预案"),
}


def duration(seconds: float) -> str:
    """How long, as a duty officer says it: 45 秒, 3 分 12 秒, 2 小时 5 分."""
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    tr = lambda text: QCoreApplication.translate("Labels", text)  # noqa: E731
    if h:
        return tr("%1 小时 %2 分").replace("%1", str(h)).replace("%2", str(m))
    if m:
        return tr("%1 分 %2 秒").replace("%1", str(m)).replace("%2", str(s))
    return tr("%1 秒").replace("%1", str(s))


def _lookup(table: dict[str, str], code: str) -> str:
    text = table.get(code)
    return QCoreApplication.translate("Labels", text) if text else code


def unit_status(code: str) -> str:
    return _lookup(_UNIT_STATUS, code)


def unit_kind(code: str) -> str:
    return _lookup(_UNIT_KIND, code)


def sensor_state(code: str) -> str:
    return _lookup(_SENSOR_STATE, code)


def role(code: str) -> str:
    """An operator role (commander, dispatcher, ...) in the UI language."""
    return _lookup(_ROLE, code)


def sensor_kind(code: str) -> str:
    return _lookup(_SENSOR_KIND, code)


def incident_status(code: str) -> str:
    return _lookup(_INCIDENT_STATUS, code)


def level(code: str) -> str:
    return _lookup(_LEVEL, code) if code else QCoreApplication.translate("Labels", _UNGRADED)


def district_name(code: str) -> str:
    """A district by adcode (110105 -> 朝阳区), translated; the code itself if unknown."""
    return _lookup(_DISTRICT, code or "")


def tier_name(code: str) -> str:
    """总体 / 专项 / 部门 / 企事业单位应急预案 (plans.model.TIER_NAMES), translated."""
    return _lookup(_TIER, code)


def incident_type_name(code: str) -> str:
    """Incident type names come from the plan taxonomy (listed for lupdate in type_names.py)."""
    try:
        name = incident_type(code).name
    except KeyError:
        return code
    return QCoreApplication.translate("IncidentType", name)


# -- the grading of an activation (plans.model.Activation), shown honestly --------------------
NEUTRAL_COLOUR = palette.NEUTRAL_COLOUR   # not graded (待研判, 另行定级): no level colour claims a level
_PENDING = QT_TRANSLATE_NOOP("Labels", "待研判")
_REFERRED = QT_TRANSLATE_NOOP("Labels", "另行定级（%1）")
_REFERRED_BARE = QT_TRANSLATE_NOOP("Labels", "另行定级")
_WORKING = QT_TRANSLATE_NOOP("Labels", "先按 IV 级先期处置")
_MISSING = QT_TRANSLATE_NOOP("Labels", "待补充或核实：%1")


def grading(activation) -> str:
    """The level as a person reads it: the level graded ("II级 重大"), or 待研判, or
    另行定级（authority） — Activation.level_label in the UI language."""
    status = getattr(activation, "status", "graded")
    if status == "pending":
        return QCoreApplication.translate("Labels", _PENDING)
    if status == "referred":
        if activation.authority:
            return QCoreApplication.translate("Labels", _REFERRED).replace("%1", activation.authority)
        return QCoreApplication.translate("Labels", _REFERRED_BARE)
    return level(activation.level)


def record_level(record: dict) -> str:
    """An incident record's level for a list: its level, or 待研判 / 另行定级 while the record's
    facts say the level is not graded (core.regrade.STATUS_KEY)."""
    status = (record.get("facts") or {}).get("grading_status")
    if status == "pending":
        return QCoreApplication.translate("Labels", _PENDING)
    if status == "referred":
        return QCoreApplication.translate("Labels", _REFERRED_BARE)
    return level(record.get("level", ""))


def record_graded(record: dict) -> bool:
    return (record.get("facts") or {}).get("grading_status") in (None, "graded")


def grading_working(activation) -> str:
    """What the checklist works at while the level is not graded ("先按 IV 级先期处置"), or ""."""
    if getattr(activation, "status", "graded") == "graded":
        return ""
    return QCoreApplication.translate("Labels", _WORKING)


def grading_colour(activation, palette: dict[str, str]) -> str:
    """The level's colour from `palette`, or the neutral grey when nothing is graded."""
    if getattr(activation, "status", "graded") != "graded":
        return NEUTRAL_COLOUR
    return palette.get(activation.level, NEUTRAL_COLOUR)


def grading_reason(activation) -> str:
    """Why: the reason (fact, threshold, level, clause, and the facts given but not used), and
    when pending, what is missing or wrong (unless the reason says it already)."""
    reason = activation.reason
    missing = [m for m in getattr(activation, "missing", ()) if m not in reason]
    if getattr(activation, "status", "graded") == "pending" and missing:
        reason += "\n" + QCoreApplication.translate("Labels", _MISSING).replace("%1", "；".join(missing))
    return reason


def grading_line(activation) -> str:
    """grading() and, when not graded, the level the response works at meanwhile."""
    working = grading_working(activation)
    return f"{grading(activation)} · {working}" if working else grading(activation)
