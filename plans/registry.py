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
DEPARTMENTS_DIR = RESOURCES / "departments"


@dataclass(frozen=True, slots=True)
class DistrictInfo:
    code: str         # NBS/GB 2260 adcode
    name: str         # 朝阳区
    slug: str         # chaoyang: plan ids and folders


# The districts whose plan systems the console knows. Each has its department registry in
# resources/plans/departments/<code>.yaml and its boundary in resources/geo.
DISTRICTS: dict[str, DistrictInfo] = {d.code: d for d in (
    DistrictInfo("110105", "朝阳区", "chaoyang"),
    DistrictInfo("110101", "东城区", "dongcheng"),
)}
DEFAULT_DISTRICT = "110105"


def district_info(code_or_name: str) -> DistrictInfo:
    """A known district by adcode (110101), name (东城区, 东城) or slug (dongcheng); KeyError otherwise."""
    key = str(code_or_name).strip()
    for d in DISTRICTS.values():
        if key in (d.code, d.name, d.name.removesuffix("区"), d.slug):
            return d
    raise KeyError(f"未知区 {key!r}；应为 " + "、".join(f"{d.code}（{d.name}）" for d in DISTRICTS.values()))


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str         # short name used in checklists: 区应急局
    full_name: str
    no_plan: bool = False   # writes no department plan of its own (the government, a committee, an aggregate)


@cache
def departments(district: str = DEFAULT_DISTRICT, path: Path | None = None) -> dict[str, Department]:
    """code -> Department of one district, from resources/plans/departments/<district>.yaml (or `path`)."""
    data = yaml.load((path or DEPARTMENTS_DIR / f"{district}.yaml").read_text(encoding="utf-8"),
                     Loader=yaml.CSafeLoader)
    return {d["code"]: Department(d["code"], d["name"], d.get("full_name", d["name"]), bool(d.get("no_plan")))
            for d in data["departments"]}


def department_code(code_or_name: str, district: str | None = None) -> str:
    """Resolve a department code or (full) Chinese name to its code; KeyError if unknown.

    Without a district, a name is looked up in every district's registry.
    """
    key = code_or_name.strip()
    for dist in ([district] if district else list(DISTRICTS)):
        deps = departments(dist)
        if key in deps:
            return key
        for d in deps.values():
            if key in (d.name, d.full_name):
                return d.code
    where = f"departments/{district}.yaml" if district else "departments/*.yaml"
    raise KeyError(f"未知部门 {key!r}；应为 {where} 中的部门代码或名称（如 emergency 或 区应急局）")


def department_name(code: str | None, district: str = DEFAULT_DISTRICT) -> str:
    if code is None:
        return ""
    d = departments(district).get(code)
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
    "elderly_care": "养老机构", "market": "农贸市场", "heritage_site": "文物保护单位（开放场所）",
    "courtyard": "平房院落（胡同）",
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
