"""Translated display names for codes shown in several panels (statuses, kinds, levels)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from plans.taxonomy import incident_type


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def unit_status(code: str) -> str:
    return {
        "available": _t("可调派"), "dispatched": _t("已调派"), "en_route": _t("途中"),
        "on_scene": _t("到场"), "out_of_service": _t("不可用"), "released": _t("已归队"),
    }.get(code, code)


def unit_kind(code: str) -> str:
    return {
        "fire_engine": _t("消防车"), "ladder": _t("云梯车"), "hazmat": _t("危化品处置车"),
        "rescue": _t("抢险救援车"), "ambulance": _t("救护车"), "police": _t("警车"),
        "gas_repair": _t("燃气抢修车"), "water_pump": _t("排水抢险车"),
    }.get(code, code)


def sensor_state(code: str) -> str:
    return {
        "normal": _t("正常"), "warning": _t("预警"), "alarm": _t("告警"),
        "offline": _t("离线"), "fault": _t("故障"),
    }.get(code, code)


def sensor_kind(code: str) -> str:
    return {
        "co": _t("一氧化碳"), "gas": _t("可燃气体"), "smoke": _t("烟感"),
        "water_level": _t("积水水位"), "elevator": _t("电梯"), "air_quality": _t("空气质量"),
    }.get(code, code)


def incident_status(code: str) -> str:
    return {"active": _t("处置中"), "closed": _t("已结束"), "new": _t("新报告")}.get(code, code)


def level(code: str) -> str:
    return {"I": _t("I级 特别重大"), "II": _t("II级 重大"), "III": _t("III级 较大"),
            "IV": _t("IV级 一般")}.get(code, code or _t("未定级"))


def incident_type_name(code: str) -> str:
    """Incident type names come from the plan taxonomy (Chinese domain terms)."""
    try:
        name = incident_type(code).name
    except KeyError:
        return code
    return QCoreApplication.translate("IncidentType", name)
