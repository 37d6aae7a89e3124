"""Incident categories and type codes (stable identifiers used by plans, incidents and the map).

The four categories follow the national master plan (2025) §1.3. Codes are ASCII and never
change once shipped; names are what duty officers type and read.
"""
from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: dict[str, str] = {
    "natural": "自然灾害",
    "accident": "事故灾难",
    "health": "公共卫生事件",
    "social": "社会安全事件",
}


@dataclass(frozen=True, slots=True)
class IncidentType:
    code: str
    name: str
    category: str  # key of CATEGORIES


INCIDENT_TYPES: tuple[IncidentType, ...] = (
    IncidentType("flood", "防汛（暴雨洪涝）", "natural"),
    IncidentType("waterlogging", "城市内涝", "natural"),
    IncidentType("drought", "干旱", "natural"),
    IncidentType("earthquake", "地震", "natural"),
    IncidentType("geological", "地质灾害", "natural"),
    IncidentType("forest_fire", "森林火灾", "natural"),
    IncidentType("forest_pest", "林木有害生物", "natural"),
    IncidentType("meteorological", "气象灾害", "natural"),
    IncidentType("snow_fog_cold", "雪雾低温天气", "natural"),
    IncidentType("air_pollution", "空气重污染", "natural"),
    IncidentType("agri_pest", "农业有害生物", "natural"),
    IncidentType("production_safety", "生产安全事故", "accident"),
    IncidentType("hazchem", "危险化学品事故", "accident"),
    IncidentType("fire", "火灾", "accident"),
    IncidentType("construction", "建设工程施工事故", "accident"),
    IncidentType("road_traffic", "道路交通事故", "accident"),
    IncidentType("rail_transit", "城市轨道交通运营突发事件", "accident"),
    IncidentType("water_supply", "供水突发事件", "accident"),
    IncidentType("gas", "燃气事故", "accident"),
    IncidentType("heating", "供热突发事件", "accident"),
    IncidentType("power_outage", "大面积停电", "accident"),
    IncidentType("pipeline", "地下管线事故", "accident"),
    IncidentType("environmental", "突发环境事件", "accident"),
    IncidentType("special_equipment", "特种设备（电梯）事故", "accident"),
    IncidentType("telecom", "通信中断", "accident"),
    IncidentType("cyber", "网络与信息安全事件", "accident"),
    IncidentType("crowd_crush", "拥挤踩踏", "accident"),
    IncidentType("public_health", "突发公共卫生事件", "health"),
    IncidentType("medical_rescue", "医疗卫生救援", "health"),
    IncidentType("food_safety", "食品安全事故", "health"),
    IncidentType("drug_safety", "药品（疫苗）安全事件", "health"),
    IncidentType("animal_epidemic", "重大动物疫情", "health"),
    IncidentType("terrorism", "恐怖袭击", "social"),
    IncidentType("mass_incident", "群体性事件", "social"),
    IncidentType("foreign_related", "涉外突发事件", "social"),
    IncidentType("financial", "金融突发事件", "social"),
    IncidentType("supply", "生活必需品供应", "social"),
    IncidentType("grain", "粮食应急", "social"),
    IncidentType("ethnic_religious", "民族宗教事件", "social"),
    IncidentType("tourism", "旅游突发事件", "social"),
)

_BY_CODE = {t.code: t for t in INCIDENT_TYPES}
_BY_NAME = {t.name: t for t in INCIDENT_TYPES}


def incident_type(code_or_name: str) -> IncidentType:
    """Look up a type by its code (``gas``) or its Chinese name (``燃气事故``).

    Raises KeyError with the list of valid codes when nothing matches.
    """
    key = code_or_name.strip()
    found = _BY_CODE.get(key) or _BY_NAME.get(key)
    if found is None:
        for t in INCIDENT_TYPES:  # accept a name without its bracketed qualifier
            if t.name.split("（")[0] == key:
                return t
        raise KeyError(f"unknown incident type {key!r}; expected one of: "
                       + ", ".join(f"{t.code} ({t.name})" for t in INCIDENT_TYPES))
    return found
