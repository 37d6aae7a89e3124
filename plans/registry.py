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
    # 人口密集 or 较密集: how the national earthquake plan reads an epicentre here (its 初判
    # by magnitude depends on it). Both districts are central urban districts of Beijing.
    density: str = "密集"


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
    """A fact an incident is graded on (or shown with): its code, Chinese name and unit.

    kind: "count" (people, whole numbers), "money" (元), "number" (a reading), "choice" (one of
    `choices`, e.g. a disease or a warning colour).
    """
    code: str
    name: str
    unit: str
    kind: str = "number"
    choices: tuple[str, ...] = ()


# The common facts every intake asks for (in this order), then the event-specific ones. Codes
# are the CLI's fact names (plans activate --fact NAME=VALUE) and the keys of an incident's facts.
COMMON_FACTS: tuple[str, ...] = ("deaths", "missing", "serious_injuries", "injuries", "direct_loss_yuan",
                                 "evacuated", "affected")
METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("deaths", "死亡", "人", "count"),
    Metric("missing", "失踪", "人", "count"),
    Metric("serious_injuries", "重伤（含急性中毒）", "人", "count"),
    Metric("injuries", "受伤", "人", "count"),
    Metric("direct_loss_yuan", "直接经济损失", "元", "money"),
    Metric("evacuated", "紧急疏散转移", "人", "count"),
    Metric("affected", "受影响人口", "人", "count"),
    Metric("casualties", "伤亡（死亡＋重伤）", "人", "count"),
    Metric("deaths_and_missing", "死亡（含失踪）", "人", "count"),
    Metric("cases", "病例（中毒）人数", "人", "count"),
    Metric("disease", "病种", "", "choice", (
        "肺鼠疫", "肺炭疽", "腺鼠疫", "霍乱", "传染性非典型肺炎", "人感染高致病性禽流感",
        "群体性不明原因疾病", "新传染病", "我国尚未发现的传染病", "乙类传染病", "丙类传染病",
        "食物中毒", "急性职业中毒", "预防接种", "群体预防性服药")),
    Metric("districts_affected", "波及的区（县）数", "个", "count"),
    Metric("provinces_affected", "波及的省（区、市）数", "个", "count"),
    Metric("excess_over_baseline", "超过前5年同期平均发病水平", "倍"),
    Metric("first_in_urban_area", "在市区首次发生", "", "choice", ("是", "否")),
    Metric("strain_lost", "烈性病菌株、毒株、致病因子丢失", "", "choice", ("是", "否")),
    Metric("group_reaction", "出现群体心因性反应或不良反应", "", "choice", ("是", "否")),
    Metric("setting", "发生场所", "", "choice", ("学校", "重大活动")),
    Metric("critical", "危重病例", "人", "count"),
    Metric("deaths_and_critical", "死亡和危重病例", "人", "count"),
    Metric("cross_boundary", "跨行政区域影响", "", "choice", ("国境", "省级", "设区的市级", "县级")),
    Metric("radiation_source_class", "丢失被盗放射源类别", "", "choice", ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ")),
    Metric("radiation_acute_deaths", "辐射急性死亡", "人", "count"),
    Metric("radiation_severe_sickness", "急性重度放射病、局部器官残疾", "人", "count"),
    Metric("spreading", "有扩散趋势", "", "choice", ("是", "否")),
    Metric("magnitude", "震级", "级"),
    Metric("population_density", "震中人口密集程度", "", "choice", ("密集", "较密集")),
    Metric("loss_gdp_pct", "直接经济损失占上年地区生产总值", "%"),
    Metric("warning_colour", "预警颜色", "", "choice", ("红", "橙", "黄", "蓝")),
    Metric("water_depth_cm", "积水深度", "厘米"),
    Metric("rainfall_mm", "24小时降雨量", "毫米"),
    Metric("trapped", "被困人数", "人", "count"),
    Metric("trapped_hours", "人员滞留时长", "小时"),
    Metric("equipment", "设备类别", "", "choice", (
        "电梯", "起重机械", "客运索道", "大型游乐设施", "锅炉", "压力容器", "压力管道", "场（厂）内专用机动车辆")),
    Metric("interruption_hours", "连续中断行车时长", "小时"),
    Metric("load_loss_pct", "电网减供负荷比例", "%"),
    Metric("users_out_pct", "停电用户比例", "%"),
    Metric("water_source", "取水中断的集中式饮用水水源地", "", "choice", ("设区的市级", "县级", "乡镇")),
    Metric("burned_ha", "受害森林面积", "公顷"),
    Metric("threatened_relocate", "受威胁需搬迁转移人数", "人", "count"),
    Metric("potential_loss_yuan", "潜在经济损失", "元", "money"),
    Metric("boiler_mw", "锅炉容量", "兆瓦"),
    Metric("explosion", "发生爆炸", "", "choice", ("是", "否")),
    Metric("toxic_medium", "有毒介质泄漏", "", "choice", ("是", "否")),
    Metric("crane_overturned", "起重机械整体倾覆", "", "choice", ("是", "否")),
    Metric("crane_structure_failure", "起重机械主要受力结构件折断或起升机构坠落", "", "choice", ("是", "否")),
    Metric("snowfall_mm", "24小时降雪量", "毫米"),
    Metric("gas_lel", "可燃气体浓度", "%LEL"),
    Metric("co_ppm", "一氧化碳浓度", "ppm"),
    Metric("participants", "参与人数", "人", "count"),
    Metric("aqi", "空气质量指数AQI", ""),
    Metric("outage_hours", "中断时长", "小时"),
)}
# Keys older incident records used; read as their present names (the old intake's 受伤 field
# meant everyone hurt, so it is not read as 重伤).
LEGACY_FACTS: dict[str, str] = {"injured": "injuries", "loss_yuan": "direct_loss_yuan"}


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


def format_amount(metric: str, value: float | str) -> str:
    """Human form of a fact's value: money in 万元/亿元 exactly as given (9,999,999 元 is
    "999.9999 万元", never rounded up to a threshold), counts as integers, choices as they are."""
    m = METRICS.get(metric)
    if isinstance(value, str) or (m is not None and m.kind == "choice"):
        return str(value)
    unit = m.unit if m else ""
    if m is not None and m.kind == "money":
        if abs(value) >= 1e8:
            return f"{_exact(value, 8)} 亿元"
        if abs(value) >= 1e4:
            return f"{_exact(value, 4)} 万元"
        return f"{format_number(value)} 元"
    if unit == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {unit}".rstrip()


def _exact(value: float, digits: int) -> str:
    """value / 10**digits without rounding: the decimal shift of the number as given."""
    from decimal import Decimal
    d = Decimal(repr(float(value))).scaleb(-digits).normalize()
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(v: float) -> str:
    """A number as given: 3 (not 3.0), 4.95, never in exponent form."""
    if float(v).is_integer():
        return str(int(v))
    from decimal import Decimal
    return format(Decimal(repr(float(v))).normalize(), "f")
