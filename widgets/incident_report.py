"""An incident's timeline in words, and its report: HTML, PDF (Qt's text layout, fonts
embedded so the text can be searched and copied) and CSV (one row per timeline event).

The record is what GET /api/v1/incidents/{id} returns: the incident with "timeline" (every
event about it), "tasks" and "dispatches". Tasks carry only their plan's id: the exports take
`plans`, a lookup from plan id to plans.model.Plan (PlanLibrary.get), to name each plan by its
title and to say when the plans used are generated demo content (示例). Ids never show.
"""
from __future__ import annotations

import csv
import html
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


# lupdate finds translate("Context", "literal") calls (not calls of a wrapper)
translate = QCoreApplication.translate

PlanLookup = Callable[[str], object]   # plan id -> plans.model.Plan, or None when unknown
PLANS_NOTE = "启动预案："              # the note a drill (drills.runner) files with the plans it ran
# The level as the console grades it, when that is not a level (待研判, 另行定级（…）): the
# caller puts it in the record it exports, and the report shows it instead of the working IV.
GRADING_KEY = "_grading_label"


def plan_label(plan_id: str, plans: PlanLookup | None) -> str:
    """《title》, with （示例） for a demo plan; a plan nobody can name shows as 未知预案, never its id."""
    plan = plans(plan_id) if plans is not None and plan_id else None
    if plan is None:
        return translate("IncidentReport", "未知预案")
    mark = translate("IncidentReport", "（示例）") if getattr(plan, "sample", False) else ""
    return f"《{plan.title}》{mark}"


def plans_used(record: dict, plans: PlanLookup | None) -> list:
    """The plans the record's tasks came from (those the lookup knows), in order of first use."""
    if plans is None:
        return []
    ids = dict.fromkeys(t.get("plan_id") for t in record.get("tasks") or [] if t.get("plan_id"))
    return [p for p in (plans(pid) for pid in ids) if p is not None]


def sample_note(record: dict, plans: PlanLookup | None) -> str:
    """The line saying the plans used are demo content ("" when none is)."""
    used = plans_used(record, plans)
    demo = [p for p in used if getattr(p, "sample", False)]
    if not demo:
        return ""
    if len(demo) == len(used):
        return translate("IncidentReport", "注：本报告所用预案均为示例，即演示用生成内容，非正式印发的预案。")
    return translate("IncidentReport", "注：本报告所用预案中有 %1 项为示例，即演示用生成内容，非正式印发的预案。").replace(
        "%1", str(len(demo)))


def local_time(stamp: str | None, with_date: bool = False) -> str:
    if not stamp:
        return ""
    try:
        t = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return t.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def _first(event: dict) -> dict:
    ups = event.get("upsert") or []
    return ups[0] if ups else {}


def describe(event: dict, L, units: Mapping[str, dict] | None = None, plans: PlanLookup | None = None) -> str:
    """One line saying what an event did, for a person (Chinese source text). `L` gives the
    translated display names (widgets.labels: level, unit_status, incident_status, ...); it
    is passed in because the core never imports widgets. `units` (id -> unit record) names
    the unit of a dispatch event by its callsign rather than its id; `plans` names the plans
    of a 启动预案 note by their titles."""
    kind, rec, detail = event.get("type", ""), _first(event), event.get("detail") or {}
    unit = rec.get("callsign") or rec.get("unit_id") or rec.get("id", "")
    if kind.startswith("dispatch."):
        unit_id = rec.get("unit_id", "")
        unit = (units or {}).get(unit_id, {}).get("callsign") or unit_id
    if kind == "incident.created":
        return translate("IncidentReport", "接报立案：%1（%2）").replace("%1", rec.get("title", "")).replace("%2", L.level(rec.get("level", "")))
    if kind == "incident.updated":
        parts = []
        if "level" in detail:
            parts.append(translate("IncidentReport", "定级 %1 → %2").replace("%1", L.level(detail["level"].get("from") or ""))
                         .replace("%2", L.level(detail["level"].get("to") or "")))
        if "status" in detail:
            parts.append(translate("IncidentReport", "状态 %1").replace("%1", L.incident_status(detail["status"].get("to", ""))))
        if "facts" in detail:
            parts.append(translate("IncidentReport", "事实更新：%1").replace("%1", "，".join(f"{k}={v}" for k, v in detail["facts"].items())))
        for name in ("title", "street"):
            if name in detail:
                parts.append(f"{name}: {detail[name].get('to', '')}")
        return "；".join(parts) or translate("IncidentReport", "事件信息更新")
    if kind == "incident.closed":
        text = translate("IncidentReport", "结案")
        return f"{text}：{detail['summary']}" if detail.get("summary") else text
    if kind == "incident.note":
        text = detail.get("text", "")
        if plans is not None and text.startswith(PLANS_NOTE):
            # a word the library does not know as a plan id is the officer's own: kept as typed
            text = PLANS_NOTE + "、".join(plan_label(w, plans) if plans(w) is not None else w
                                          for w in text[len(PLANS_NOTE):].split("、"))
        return translate("IncidentReport", "备注：%1").replace("%1", text)
    if kind == "dispatch.created":
        return translate("IncidentReport", "调派单位 %1").replace("%1", unit)
    if kind == "dispatch.en_route":
        return translate("IncidentReport", "单位 %1 出发").replace("%1", unit)
    if kind == "dispatch.on_scene":
        return translate("IncidentReport", "单位 %1 到场").replace("%1", unit)
    if kind == "dispatch.released":
        return translate("IncidentReport", "单位 %1 调派结束").replace("%1", unit)
    if kind == "unit.dispatched":
        return translate("IncidentReport", "%1 已调派").replace("%1", unit)
    if kind == "unit.status":
        return translate("IncidentReport", "%1 状态：%2").replace("%1", unit).replace("%2", L.unit_status(rec.get("status", "")))
    if kind == "unit.released":
        return translate("IncidentReport", "%1 已释放归队").replace("%1", unit)
    if kind == "tasks.created":
        return translate("IncidentReport", "下发任务 %1 项（预案启动）").replace("%1", str(len(event.get("upsert") or [])))
    if kind == "task.updated":
        return translate("IncidentReport", "任务“%1”：%2").replace("%1", rec.get("action", "")[:40]).replace("%2", task_status(rec.get("status", "")))
    return kind


def task_status(code: str) -> str:
    names = {"pending": translate("IncidentReport", "待办"), "in_progress": translate("IncidentReport", "进行中"), "done": translate("IncidentReport", "已完成"),
             "not_applicable": translate("IncidentReport", "不适用（已说明）")}
    return names.get(code, code)


def visible_timeline(events: Iterable[dict]) -> list[dict]:
    """The events a person wants to read: every event, except a unit's repeated position
    reports (same status as its last one), which the simulator sends every few seconds."""
    last_status: dict[str, str] = {}
    out = []
    for ev in events:
        if ev.get("type") == "unit.status":
            rec = _first(ev)
            uid, status = rec.get("id", ""), rec.get("status", "")
            if last_status.get(uid) == status:
                continue
            last_status[uid] = status
        elif ev.get("type") in ("unit.dispatched", "unit.released"):
            rec = _first(ev)
            last_status[rec.get("id", "")] = rec.get("status", "")
        out.append(ev)
    return out


def level_history(record: dict) -> list[tuple[str, str, str]]:
    """(time, level, operator) of each grading: the level at creation, then each change."""
    out = []
    for ev in record.get("timeline") or []:
        if ev.get("type") == "incident.created":
            out.append((ev.get("at", ""), _first(ev).get("level", ""), ev.get("operator") or ""))
        elif ev.get("type") == "incident.updated" and "level" in (ev.get("detail") or {}):
            out.append((ev.get("at", ""), ev["detail"]["level"].get("to", ""), ev.get("operator") or ""))
    return out


# -- export ----------------------------------------------------------------------------------
def to_html(record: dict, L, units: dict[str, dict] | None = None, plans: PlanLookup | None = None) -> str:
    """The whole report as one HTML document (UTF-8, no external resources); `L`, `units` and
    `plans` as in describe."""
    e = html.escape
    facts = record.get("facts") or {}
    rows = [(translate("IncidentReport", "事件编号"), record.get("id", "")), (translate("IncidentReport", "类型"), L.incident_type_name(record.get("type", ""))),
            (translate("IncidentReport", "标题"), record.get("title", "")), (translate("IncidentReport", "等级"), record.get(GRADING_KEY) or L.level(record.get("level", ""))),
            (translate("IncidentReport", "状态"), L.incident_status(record.get("status", ""))),
            (translate("IncidentReport", "街乡"), record.get("street") or ""),
            (translate("IncidentReport", "位置"), f"{record.get('lon', 0):.6f}, {record.get('lat', 0):.6f}"),
            (translate("IncidentReport", "报告时间"), local_time(record.get("reported_at"), True)),
            (translate("IncidentReport", "结案时间"), local_time(record.get("closed_at"), True))]
    rows += [(str(k), str(v)) for k, v in facts.items()]
    parts = ["<html><head><meta charset='utf-8'><title>", e(record.get("id", "")), "</title></head><body>",
             "<h1>", e(translate("IncidentReport", "事件报告")), " ", e(record.get("id", "")), "</h1>",
             "<table border='1' cellspacing='0' cellpadding='3'>"]
    parts += [f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows if v]
    parts.append("</table>")
    used = plans_used(record, plans)
    if used:
        parts += ["<h2>", e(translate("IncidentReport", "启动预案")), "</h2><ul>"]
        parts += [f"<li>{e(plan_label(p.id, plans))}</li>" for p in used]
        parts.append("</ul>")
    note = sample_note(record, plans)
    if note:
        parts.append(f"<p><b>{e(note)}</b></p>")
    parts += ["<h2>", e(translate("IncidentReport", "定级记录")), "</h2><ul>"]
    parts += [f"<li>{e(local_time(at, True))} {e(L.level(lv))} {e(op)}</li>" for at, lv, op in level_history(record)]
    parts += ["</ul><h2>", e(translate("IncidentReport", "任务")), "</h2><table border='1' cellspacing='0' cellpadding='3'>"]
    for task in record.get("tasks") or []:
        plan = f"<td>{e(plan_label(task.get('plan_id') or '', plans))}</td>" if used else ""
        parts.append(f"<tr><td>{e(task.get('department') or '')}</td><td>{e(task.get('action', ''))}</td>"
                     f"<td>{e(task_status(task.get('status', '')))}</td><td>{e(task.get('done_by') or '')}</td>"
                     f"{plan}</tr>")
    parts += ["</table><h2>", e(translate("IncidentReport", "调派单位")), "</h2><table border='1' cellspacing='0' cellpadding='3'>"]
    for d in record.get("dispatches") or []:
        callsign = (units or {}).get(d.get("unit_id"), {}).get("callsign", "")
        parts.append(f"<tr><td>{e(d.get('unit_id', ''))} {e(callsign)}</td>"
                     f"<td>{e(local_time(d.get('dispatched_at'), True))}</td>"
                     f"<td>{e(local_time(d.get('on_scene_at'), True))}</td>"
                     f"<td>{e(local_time(d.get('released_at'), True))}</td></tr>")
    parts += ["</table><h2>", e(translate("IncidentReport", "时间线")), "</h2><table border='1' cellspacing='0' cellpadding='3'>"]
    for ev in visible_timeline(record.get("timeline") or []):
        parts.append(f"<tr><td>{e(local_time(ev.get('at'), True))}</td><td>{e(ev.get('operator') or '')}</td>"
                     f"<td>{e(describe(ev, L, units, plans))}</td></tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def write_html(record: dict, path: Path, L, units: dict | None = None, plans: PlanLookup | None = None) -> Path:
    path = Path(path)
    path.write_text(to_html(record, L, units, plans), encoding="utf-8")
    return path


def write_pdf(record: dict, path: Path, L, units: dict | None = None, plans: PlanLookup | None = None) -> Path:
    """A4 PDF of the same report."""
    title = translate("IncidentReport", "事件报告")
    return html_to_pdf(to_html(record, L, units, plans), Path(path), f"{title} {record.get('id', '')}")


def html_to_pdf(html: str, path: Path, title: str, images: dict | None = None) -> Path:
    """An A4 PDF of an HTML report (Qt lays it out and embeds the fonts it uses). `images`
    maps the names `<img src=...>` uses to QImages (charts drawn for the report)."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    writer.setTitle(title)
    doc = QTextDocument()
    for name, image in (images or {}).items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # the file is finished when the writer goes
    return path


CSV_HEADER = ("event_id", "time", "type", "operator", "description")


def write_csv(record: dict, path: Path, L, units: dict | None = None, plans: PlanLookup | None = None) -> Path:
    """Every timeline event as a CSV row (UTF-8 with BOM so Excel shows the Chinese); when the
    plans used are demo content, a last row of type "note" says so."""
    path = Path(path)
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEADER)
        for ev in record.get("timeline") or []:
            w.writerow((ev.get("id", ""), ev.get("at", ""), ev.get("type", ""), ev.get("operator") or "",
                        describe(ev, L, units, plans)))
        note = sample_note(record, plans)
        if note:
            w.writerow(("", "", "note", "", note))
    return path
