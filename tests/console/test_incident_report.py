"""The incident report: PDF text read back with pdftotext, HTML escaping, CSV rows, and the
timeline words a duty officer reads."""
from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from widgets import incident_report as report
from widgets import labels

RECORD = {
    "id": "INC-0042", "type": "gas", "title": "朝阳门<外>燃气泄漏", "level": "III", "status": "closed",
    "lon": 116.4352, "lat": 39.9241, "street": "朝阳门街道", "reported_at": "2026-11-21T08:00:00+00:00",
    "closed_at": "2026-11-21T10:30:00+00:00", "facts": {"caller": "王先生"},
    "tasks": [{"id": "T1", "department": "区城市管理委", "action": "关闭上游阀门", "status": "done", "done_by": "调度员B"}],
    "dispatches": [{"unit_id": "U0007", "dispatched_at": "2026-11-21T08:02:00+00:00",
                    "on_scene_at": "2026-11-21T08:11:00+00:00", "released_at": "2026-11-21T10:20:00+00:00"}],
    "timeline": [
        {"id": 1, "type": "incident.created", "at": "2026-11-21T08:00:00+00:00", "operator": "值班员A",
         "upsert": [{"id": "INC-0042", "title": "朝阳门<外>燃气泄漏", "level": "IV"}]},
        {"id": 2, "type": "incident.updated", "at": "2026-11-21T08:01:00+00:00", "operator": "值班员A",
         "detail": {"level": {"from": "IV", "to": "III"}}},
        {"id": 3, "type": "unit.status", "at": "2026-11-21T08:05:00+00:00", "operator": None,
         "upsert": [{"id": "U0007", "callsign": "燃气抢修车007", "status": "en_route"}]},
        {"id": 4, "type": "unit.status", "at": "2026-11-21T08:05:05+00:00", "operator": None,
         "upsert": [{"id": "U0007", "callsign": "燃气抢修车007", "status": "en_route"}]},
        {"id": 5, "type": "incident.note", "at": "2026-11-21T08:20:00+00:00", "operator": "调度员B",
         "detail": {"text": "已疏散居民120人"}},
        {"id": 6, "type": "incident.closed", "at": "2026-11-21T10:30:00+00:00", "operator": "指挥长",
         "detail": {"summary": "泄漏已处置完毕"}},
    ],
}


def test_timeline_words_and_the_repeated_position_reports_left_out(qapp):
    shown = report.visible_timeline(RECORD["timeline"])
    assert [e["id"] for e in shown] == [1, 2, 3, 5, 6]  # event 4 repeats "en route"
    text = [report.describe(e, labels) for e in shown]
    assert "接报立案" in text[0] and "定级" in text[1] and "III" in text[1]
    assert "燃气抢修车007" in text[2] and "途中" in text[2]
    assert text[3] == "备注：已疏散居民120人" and "泄漏已处置完毕" in text[4]
    assert [lv for _at, lv, _who in report.level_history(RECORD)] == ["IV", "III"]


def test_html_is_escaped_and_complete(qapp, tmp_path):
    html = report.write_html(RECORD, tmp_path / "r.html", labels).read_text(encoding="utf-8")
    assert "朝阳门&lt;外&gt;燃气泄漏" in html and "<外>" not in html
    assert "关闭上游阀门" in html and "调度员B" in html and "王先生" in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_text_can_be_read_back(qapp, tmp_path):
    pdf = report.write_pdf(RECORD, tmp_path / "r.pdf", labels)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("事件报告", "INC-0042", "朝阳门<外>燃气泄漏", "关闭上游阀门", "已疏散居民120人", "泄漏已处置完毕"):
        assert expected in text, expected


def test_csv_has_every_event_with_who_and_when(qapp, tmp_path):
    path = report.write_csv(RECORD, tmp_path / "r.csv", labels)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Chinese
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(report.CSV_HEADER)
    assert len(rows) == 1 + len(RECORD["timeline"])
    assert rows[5][3] == "调度员B" and rows[5][4] == "备注：已疏散居民120人"


def test_an_unwritable_place_raises_a_clear_os_error(qapp, tmp_path):
    with pytest.raises(OSError):
        report.write_csv(RECORD, tmp_path / "missing" / "r.csv", labels)


def test_dispatch_events_name_the_unit_by_its_callsign(qapp, tmp_path):
    ev = {"id": 9, "type": "dispatch.on_scene", "at": "2026-11-21T08:11:00+00:00", "operator": None,
          "upsert": [{"id": 3, "unit_id": "U0007", "incident_id": "INC-0042", "status": "on_scene"}]}
    units = {"U0007": {"id": "U0007", "callsign": "燃气抢修车007"}}
    assert report.describe(ev, labels, units) == "单位 燃气抢修车007 到场"
    assert report.describe(ev, labels) == "单位 U0007 到场"  # no unit records: the id
    record = {**RECORD, "timeline": RECORD["timeline"] + [ev]}
    assert "单位 燃气抢修车007 到场" in report.to_html(record, labels, units)
    path = report.write_csv(record, tmp_path / "t.csv", labels, units)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[-1][-1] == "单位 燃气抢修车007 到场"


# -- plans by title, 示例 marked (issue 16) ------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from plans.library import PlanLibrary
    from tests.widgets.imported_plans import PLANS_DIR
    lib = PlanLibrary.open(PLANS_DIR, tmp_path_factory.mktemp("idx") / "index.sqlite")
    yield lib
    lib.close()


def _with_plans(*plan_ids):
    tasks = [{**RECORD["tasks"][0], "id": f"T{i}", "plan_id": pid} for i, pid in enumerate(plan_ids)]
    note = {"id": 7, "type": "incident.note", "at": "2026-11-21T08:03:00+00:00", "operator": "演练",
            "detail": {"text": "启动预案：" + "、".join(plan_ids)}}
    return {**RECORD, "tasks": tasks, "timeline": RECORD["timeline"] + [note]}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_demo_plans_are_named_by_title_and_said_to_be_demo_in_every_export(qapp, tmp_path, shipped):
    ids = ("chaoyang-special-gas", "chaoyang-master")
    record = _with_plans(*ids)
    html = report.write_html(record, tmp_path / "r.html", labels, plans=shipped.get).read_text(encoding="utf-8")
    pdf = report.write_pdf(record, tmp_path / "r.pdf", labels, plans=shipped.get)
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    csv_text = report.write_csv(record, tmp_path / "r.csv", labels, plans=shipped.get).read_text(encoding="utf-8-sig")
    for text in (html, pdf_text.replace("\n", ""), csv_text):
        assert "所用预案均为示例" in text and "非正式印发的预案" in text
        assert not any(pid in text for pid in ids)             # titles, never internal ids
    assert f"《{shipped.get('chaoyang-special-gas').title}》（示例）" in html
    rows = list(csv.reader(csv_text.splitlines()))
    assert rows[0] == list(report.CSV_HEADER) and rows[-1][2] == "note"


def test_imported_plans_are_named_without_a_demo_line(qapp, tmp_path):
    from tests.widgets.imported_plans import open_imported_library
    imported = open_imported_library(tmp_path)
    record = _with_plans("chaoyang-special-gas")
    html = report.to_html(record, labels, plans=imported.get)
    assert f"《{imported.get('chaoyang-special-gas').title}》" in html
    assert "示例" not in html and "chaoyang-special-gas" not in html
    rows = list(csv.reader(report.write_csv(record, tmp_path / "r.csv", labels, plans=imported.get)
                           .read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 1 + len(record["timeline"])        # no note row
    imported.close()


def test_a_level_that_is_not_graded_is_reported_as_such(qapp):
    """另行定级 / 待研判 claim no level: the report shows what the console shows, not the working IV."""
    record = {**RECORD, "type": "terrorism", "level": "IV", report.GRADING_KEY: "另行定级（朝阳公安分局） · 先按 IV 级先期处置"}
    html = report.to_html(record, labels)
    assert "另行定级（朝阳公安分局）" in html and "IV级 一般" not in html.split("定级记录")[0]
