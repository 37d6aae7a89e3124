"""Registries plan files refer to: departments, grading metrics, unit kinds, site kinds.

Validation rejects a plan naming a department, metric or unit kind that is not listed here,
so a typo in a plan is caught when the plan is loaded, not during an incident.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "plans"
DEPARTMENTS_FILE = RESOURCES / "departments.yaml"


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str         # short name used in checklists: 区应急局
    full_name: str


@cache
def departments(path: Path | None = None) -> dict[str, Department]:
    """code -> Department, from resources/plans/departments.yaml (or `path`)."""
    data = yaml.load((path or DEPARTMENTS_FILE).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {d["code"]: Department(d["code"], d["name"], d.get("full_name", d["name"]))
            for d in data["departments"]}


def department_code(code_or_name: str) -> str:
    """Resolve a department code or (full) Chinese name to its code; KeyError if unknown."""
    key = code_or_name.strip()
    deps = departments()
    if key in deps:
        return key
    for d in deps.values():
        if key in (d.name, d.full_name):
            return d.code
    raise KeyError(f"unknown department {key!r}; expected a code or name from {DEPARTMENTS_FILE.name}")


def department_name(code: str | None) -> str:
    if code is None:
        return ""
    d = departments().get(code)
    return d.name if d else code


@dataclass(frozen=True, slots=True)
class Metric:
    code: str
    name: str
    unit: str


METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("deaths", "死亡", "人"),
    Metric("injured", "重伤（含急性中毒）", "人"),
    Metric("casualties", "伤亡（死亡＋重伤）", "人"),
    Metric("loss_yuan", "直接经济损失", "元"),
    Metric("affected", "受影响人口（户）", "人"),
    Metric("evacuated", "紧急疏散转移", "人"),
    Metric("rainfall_mm", "24小时降雨量", "毫米"),
    Metric("snowfall_mm", "24小时降雪量", "毫米"),
    Metric("water_depth_cm", "积水深度", "厘米"),
    Metric("gas_lel", "可燃气体浓度", "%LEL"),
    Metric("co_ppm", "一氧化碳浓度", "ppm"),
    Metric("magnitude", "震级", "级"),
    Metric("burned_ha", "过火面积", "公顷"),
    Metric("participants", "参与人数", "人"),
    Metric("cases", "病例（中毒）人数", "人"),
    Metric("aqi", "空气质量指数AQI", ""),
    Metric("outage_hours", "中断时长", "小时"),
)}

# The unit kinds of maps.scene.UNIT_KINDS; repeated here because plans/ must not import the
# map scene (which pulls numpy/shapely into the server). A test keeps the two identical.
UNIT_KINDS: dict[str, str] = {
    "fire_engine": "消防车", "ladder": "云梯车", "hazmat": "危化品处置车", "rescue": "抢险救援车",
    "ambulance": "救护车", "police": "警车", "gas_repair": "燃气抢修车", "water_pump": "排水抢险车",
}

SITE_KINDS: dict[str, str] = {
    "hospital": "医院", "school": "学校", "mall": "商场", "metro_station": "地铁车站",
    "hazchem_site": "危险化学品单位", "construction_site": "建筑工地", "stadium": "体育场馆",
    "hotel": "酒店", "gas_station": "加油加气站", "residential": "老旧小区物业",
    "underpass": "下凹式立交桥", "office_tower": "商务楼宇", "data_centre": "数据中心",
    "elderly_care": "养老机构", "market": "农贸市场",
}


def format_amount(metric: str, value: float) -> str:
    """Human form of a metric value: money in 万元/亿元, counts as integers."""
    unit = METRICS[metric].unit if metric in METRICS else ""
    if metric == "loss_yuan":
        if value >= 1e8:
            return f"{_num(value / 1e8)} 亿元"
        if value >= 1e4:
            return f"{_num(value / 1e4)} 万元"
        return f"{_num(value)} 元"
    return f"{_num(value)} {unit}".rstrip()


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
