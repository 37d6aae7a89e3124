"""The after-action report of a drill: the timeline set against what the activated plans
required, the report-to-X intervals, positions over time for the map replay, and the export
(HTML, and PDF through widgets.incident_report's Qt text layout).

    rep = build_report(result.db_path, scenario, epoch=result.epoch, clock=result.clock)
    write_report(rep, "aar.pdf", labels)    # .html or .pdf, by the suffix

Every time in a DrillReport is in drill seconds since the drill start.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from drills.review import _review, read_log
from drills.scenario import Scenario, format_time
from maps.scene import SENSOR_KINDS, UNIT_KINDS
from plans.registry import department_name

CHART_WIDTH = 1000  # px, as drawn by widgets.drill_report_charts

# (figure key, Chinese label) of the intervals the review measures, in the order of a response.
INTERVALS = (("report_to_grading_s", QT_TRANSLATE_NOOP("DrillReport", "接报→定级")),
             ("report_to_activation_s", QT_TRANSLATE_NOOP("DrillReport", "接报→启动预案")),
             ("report_to_dispatch_s", QT_TRANSLATE_NOOP("DrillReport", "接报→调派")),
             ("report_to_arrival_s", QT_TRANSLATE_NOOP("DrillReport", "接报→首车到场")))


# lupdate finds translate("Context", "literal") calls; _t() is for texts marked elsewhere
translate = QCoreApplication.translate


def _t(text: str) -> str:
    return translate("DrillReport", text)


@dataclass
class TaskRow:
    id: str
    department: str
    action: str
    plan_id: str | None
    created_s: float
    deadline_s: float | None
    done_s: float | None
    met: bool | None          # None: the task had no deadline, or was not yet due when the drill ended


@dataclass
class DrillReport:
    scenario_id: str
    title: str
    epoch: datetime
    figures: dict
    tasks: list[TaskRow] = field(default_factory=list)
    intervals: list[tuple[str, str, float | None]] = field(default_factory=list)  # key, label, s
    timeline: list[tuple[float, str, dict]] = field(default_factory=list)  # t, operator, event
    tracks: dict[str, list[tuple[float, str, dict]]] = field(default_factory=dict)  # id -> (t, layer, rec)
    injects: list[tuple[float, str, str]] = field(default_factory=list)  # t, kind, summary

    @property
    def end_s(self) -> float:
        times = [t for t, _, _ in self.timeline] + [t for t, _, _ in self.injects]
        return max(times, default=0.0)

    def positions_at(self, t: float) -> dict[str, list[dict]]:
        """The drill incident and its units as they stood at drill time t ({layer: records})."""
        out: dict[str, list[dict]] = {"incidents": [], "units": []}
        for samples in self.tracks.values():
            last = None
            for ts, layer, rec in samples:
                if ts > t:
                    break
                last = (layer, rec)
            if last is not None:
                out[last[0]].append(last[1])
        return out


def inject_summary(inj) -> str:
    """One line saying what an inject will do, for the trainer's list and the report."""
    parts = [inj.title or inj.text or ""]
    if inj.kind in ("sensor_reading", "sensor_alarm") and inj.value is not None:
        name, unit, _ = SENSOR_KINDS.get(inj.sensor_kind, (inj.sensor_kind, "", None))
        parts.append(f"{name} {inj.value:g} {unit}".rstrip())
    counts = [(text, getattr(inj, k, None)) for k, text in (
        ("deaths", translate("DrillReport", "死亡 %1")), ("missing", translate("DrillReport", "失踪 %1")),
        ("serious_injuries", translate("DrillReport", "重伤 %1")), ("injuries", translate("DrillReport", "受伤 %1")))]
    parts += [text.replace("%1", str(n)) for text, n in counts if n is not None]
    if inj.unit_kind:
        parts.append(UNIT_KINDS.get(inj.unit_kind, inj.unit_kind))
    if inj.duration_s:
        parts.append(translate("DrillReport", "持续 %1").replace("%1", format_time(inj.duration_s)))
    return " ".join(p for p in parts if p)


def plan_titles(plan_ids: list[str]) -> list[str]:
    """Titles of the shipped plans with these ids (an id no plan has is kept as it is)."""
    if not plan_ids:
        return []
    from plans.library import PlanLibrary
    lib = PlanLibrary.open(index_path=_index_path())
    try:
        return [lib.get(p).title if lib.get(p) else p for p in plan_ids]
    finally:
        lib.close()


def final_grading(record: dict) -> dict:
    """How the drill incident's last record is graded, from its facts: status (graded |
    pending | referred), level, the authority that sets it if referred, and the reason —
    the stored reason of the latest grading, else the plans' reading of the facts."""
    from core.regrade import REASON_KEY, facts_of
    from plans.library import PlanLibrary

    if not record:
        return {}
    out = {"status": "graded", "level": record.get("level") or "", "authority": "",
           "reason": (record.get("facts") or {}).get(REASON_KEY, "")}
    lib = PlanLibrary.open(index_path=_index_path())
    try:
        act = lib.activate(facts_of(record))
    except (KeyError, ValueError):     # a type or place the plans do not know: the record's level
        return out
    finally:
        lib.close()
    out.update(status=act.status, authority=act.authority, reason=out["reason"] or act.reason)
    if not act.graded:
        out["level"] = act.level
    return out


def _index_path():
    from plans.library import default_index_path
    return default_index_path()


def build_report(db_path: str | Path, scenario: Scenario, *, epoch: datetime, incident_prefix: str = "DRL-",
                 clock=None) -> DrillReport:
    """Read the drill database and lay out everything the review shows and exports."""
    events = read_log(db_path, clock)
    fig, det = _review(events, scenario, incident_prefix, clock)

    def s(d: datetime | None) -> float | None:
        return None if d is None else round((d - epoch).total_seconds(), 1)

    fig["plan_titles"] = plan_titles(fig.get("plans") or [])
    fig["grading"] = final_grading(det.get("record") or {})
    rep = DrillReport(scenario.id, scenario.title, epoch, fig)
    district = scenario.district or "110105"
    for row in det["tasks"]:
        rep.tasks.append(TaskRow(row["id"], department_name(row["department"] or None, district), row["action"],
                                 row["plan_id"], s(row["created"]),
                                 s(row["deadline"]), s(row["done"]), row["met"]))
    rep.intervals = [(key, _t(label), fig.get(key)) for key, label in INTERVALS]
    mine = det["mine"]
    units = {r["unit_id"] for e in mine if e["type"] == "dispatch.created" for r in e["data"].get("upsert", [])}
    for e in mine:
        rep.timeline.append((s(e["t"]), e["data"].get("operator") or "", e["data"]))
    # Tracks: the incident's own records, and every record of its units (their positions
    # and statuses also come from events filed under no incident, e.g. the simulator's).
    for e in events:
        layer = e["data"].get("layer")
        for rec in e["data"].get("upsert") or []:
            rid = rec.get("id")
            mine_rec = (layer == "incidents" and e["incident_id"] == fig["incident_id"]) or \
                       (layer == "units" and rid in units)
            if mine_rec and rec.get("lon") is not None and e["t"] is not None:
                rep.tracks.setdefault(rid, []).append((s(e["t"]), layer, rec))
    rep.injects = [(float(i.at_s), i.kind, inject_summary(i)) for i in sorted(scenario.injects, key=lambda i: i.at_s)]
    return rep


# -- export ----------------------------------------------------------------------------------
def _final_level(f: dict, L) -> str:
    """The final level as a person reads it: graded ("III级 较大"), or 待研判 / 另行定级 —
    never a level the plans did not grade."""
    from types import SimpleNamespace

    g = f.get("grading") or {}
    if g.get("status") in ("pending", "referred") and hasattr(L, "grading_line"):
        return L.grading_line(SimpleNamespace(status=g["status"], authority=g.get("authority", ""),
                                              level=g.get("level") or "IV"))
    return L.level(f.get("level") or "") if f.get("level") else ""


def _clock(t: float | None) -> str:
    return "" if t is None else format_time(t)


def to_html(rep: DrillReport, L, charts: dict[str, str] | None = None) -> str:
    """The whole report as one HTML document (UTF-8, no external resources). `L` gives display
    names (widgets.labels), as in widgets.incident_report.describe. `charts` maps "intervals"
    and "tasks" to the image sources of the charts (widgets.drill_report_charts) shown above the
    tables they draw: data: URLs in an HTML file, resource names in the PDF."""
    from widgets.incident_report import describe

    e = html.escape
    f = rep.figures
    met = sum(1 for r in rep.tasks if r.met)
    due = sum(1 for r in rep.tasks if r.met is not None)
    head = [(translate("DrillReport", "演练科目"), f"{rep.title}（{rep.scenario_id}）"),
            (translate("DrillReport", "开始时间"), rep.epoch.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
            (translate("DrillReport", "演练事件"), f.get("incident_id") or translate("DrillReport", "无（未立案）")),
            (translate("DrillReport", "最终等级"), _final_level(f, L)),
            (translate("DrillReport", "定级依据"), (f.get("grading") or {}).get("reason", "")),
            (translate("DrillReport", "启动预案"), "、".join(f"《{t}》" for t in (f.get("plan_titles") or f.get("plans") or []))),
            (translate("DrillReport", "任务按时完成"), f"{met} / {due}"),
            (translate("DrillReport", "调派单位数"), str(f.get("units_dispatched", 0)))]
    parts = ["<html><head><meta charset='utf-8'><title>", e(translate("DrillReport", "演练评估报告")), "</title></head><body>",
             "<h1>", e(translate("DrillReport", "演练评估报告")), "：", e(rep.title), "</h1>",
             "<p><b>", e(translate("DrillReport", "演练（EXERCISE）— 非实战数据")), "</b></p>",
             "<table border='1' cellspacing='0' cellpadding='3'>"]
    parts += [f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in head]
    charts = charts or {}

    def chart(name: str, alt: str) -> str:
        src = charts.get(name)
        return (f"<p><img src='{e(src)}' width='{CHART_WIDTH}' style='max-width:100%' alt='{e(alt)}'></p>"
                if src else "")

    parts += ["</table><h2>", e(translate("DrillReport", "响应时间")), "</h2>",
              chart("intervals", translate("DrillReport", "响应时间")),
              "<table border='1' cellspacing='0' cellpadding='3'>"]
    for _, label, secs in rep.intervals:
        parts.append(f"<tr><td>{e(label)}</td><td>{e(_clock(secs) or translate("DrillReport", "未发生"))}</td></tr>")
    parts += ["</table><h2>", e(translate("DrillReport", "预案任务：时限与完成")), "</h2>",
              chart("tasks", translate("DrillReport", "预案任务：时限与完成")),
              "<table border='1' cellspacing='0' cellpadding='3'><tr>"]
    parts += [f"<th>{e(h)}</th>" for h in (translate("DrillReport", "部门"), translate("DrillReport", "任务"), translate("DrillReport", "下达"), translate("DrillReport", "时限"), translate("DrillReport", "完成"), translate("DrillReport", "结果"))]
    parts.append("</tr>")
    for r in rep.tasks:
        verdict = ((translate("DrillReport", "无时限") if r.deadline_s is None else translate("DrillReport", "演练结束时未到期"))
                   if r.met is None else (translate("DrillReport", "按时") if r.met else translate("DrillReport", "超时")))
        colour = "" if r.met is None else (" style='color:#1a7f37'" if r.met else " style='color:#d7191c'")
        parts.append(f"<tr><td>{e(r.department)}</td><td>{e(r.action)}</td><td>{_clock(r.created_s)}</td>"
                     f"<td>{_clock(r.deadline_s)}</td><td>{e(_clock(r.done_s) or translate("DrillReport", "未完成"))}</td>"
                     f"<td{colour}>{e(verdict)}</td></tr>")
    parts += ["</table><h2>", e(translate("DrillReport", "导调注入")), "</h2><table border='1' cellspacing='0' cellpadding='3'>"]
    for t, kind, summary in rep.injects:
        parts.append(f"<tr><td>{_clock(t)}</td><td>{e(kind)}</td><td>{e(summary)}</td></tr>")
    parts += ["</table><h2>", e(translate("DrillReport", "时间线")), "</h2><table border='1' cellspacing='0' cellpadding='3'>"]
    for t, operator, ev in rep.timeline:
        parts.append(f"<tr><td>{_clock(t)}</td><td>{e(operator)}</td><td>{e(describe(ev, L))}</td></tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def write_report(rep: DrillReport, path: str | Path, L) -> Path:
    """Write the report as HTML or PDF, chosen by the file's suffix (.html / .htm / .pdf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise ValueError(f"{path}: report format {suffix or '(none)'}; expected .html or .pdf")
    from widgets.drill_report_charts import chart_images, png_bytes

    images = chart_images(rep)
    if suffix in (".html", ".htm"):  # one self-contained file: the charts inline
        srcs = {name: "data:image/png;base64," + base64.b64encode(png_bytes(img)).decode("ascii")
                for name, img in images.items()}
        path.write_text(to_html(rep, L, srcs), encoding="utf-8")
        return path
    from widgets.incident_report import html_to_pdf

    title = translate("DrillReport", "演练评估报告")
    srcs = {name: f"chart-{name}.png" for name in images}
    return html_to_pdf(to_html(rep, L, srcs), path, f"{title} {rep.title}",
                       images={srcs[name]: img for name, img in images.items()})


def figures_json(rep: DrillReport) -> dict[str, Any]:
    """The report's tasks as JSON-able rows (for `drill run --json` consumers and tests)."""
    return {"tasks": [vars(r) for r in rep.tasks], "intervals": {k: v for k, _, v in rep.intervals}}
