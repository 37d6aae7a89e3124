"""The after-action report of a real headless drill: tasks against deadlines, intervals,
replay positions, and the HTML / PDF export (PDF read back with pdftotext), also via the CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from drills import runner as R
from console.drills_cli import main
from widgets.drill_report import build_report, write_report
from drills.runner import run_drill
from drills.scenario import load_scenario
from widgets import labels

SCENARIOS = Path(__file__).resolve().parents[2] / "resources" / "scenarios"
FLOOD = SCENARIOS / "underpass_waterlogging_jianwai.yaml"


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    scenario = load_scenario(FLOOD)
    result = run_drill(scenario, "max", tmp_path_factory.mktemp("flood"))
    return scenario, result, build_report(result.db_path, scenario, epoch=result.epoch)


def test_tasks_and_intervals_follow_the_injected_report_time(drill):
    scenario, result, rep = drill
    report_at = next(i.at_s for i in scenario.injects if i.kind == "phone_report")
    assert [k for k, _, _ in rep.intervals] == ["report_to_grading_s", "report_to_activation_s",
                                                "report_to_dispatch_s", "report_to_arrival_s"]
    values = {k: v for k, _, v in rep.intervals}
    assert values["report_to_grading_s"] == R.REACT_GRADE_S
    assert values["report_to_dispatch_s"] == R.REACT_DISPATCH_S
    assert values["report_to_arrival_s"] > R.REACT_DISPATCH_S
    # Each task was issued at the activation, report + 90 s, on the drill clock.
    assert len([t for t in rep.tasks if t.met is not None]) == result.figures["tasks_due"] > 0
    first = [t for t in rep.tasks if t.created_s == report_at + R.REACT_ACTIVATE_S]
    assert first
    for t in rep.tasks:
        if t.met is not None:    # None: not yet due when the drill ended
            assert t.met == (t.done_s is not None and t.done_s <= t.deadline_s)
    assert sum(1 for t in rep.tasks if t.met) == result.figures["tasks_met"]
    assert sum(1 for t in rep.tasks if t.met is False) == scenario.trainee.late_tasks


def test_replay_positions_show_units_moving_from_dispatch_to_scene(drill):
    _, result, rep = drill
    units = [(rid, s) for rid, s in rep.tracks.items() if s[0][1] == "units"]
    assert len(units) == result.figures["units_dispatched"]
    first_dispatch = R.REACT_DISPATCH_S + next(t for t, k, _ in rep.injects if k == "phone_report")
    assert rep.positions_at(first_dispatch - 1)["units"] == []
    statuses = {r["status"] for r in rep.positions_at(first_dispatch)["units"]}
    assert statuses == {"dispatched"}
    assert "on_scene" in {r["status"] for r in rep.positions_at(rep.end_s)["units"]}
    assert [r["id"] for r in rep.positions_at(rep.end_s)["incidents"]] == [result.figures["incident_id"]]


def test_html_report_lists_tasks_verdicts_and_injects(drill, qapp, tmp_path):
    _, _, rep = drill
    text = write_report(rep, tmp_path / "aar.html", labels).read_text(encoding="utf-8")
    assert "演练评估报告" in text and rep.title in text
    assert text.count(">超时<") == sum(1 for t in rep.tasks if t.met is False)
    assert "接报→调派" in text and "00:02:00" in text
    with pytest.raises(ValueError, match=r"expected \.html or \.pdf"):
        write_report(rep, tmp_path / "aar.docx", labels)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_report_text_can_be_read_back(drill, qapp, tmp_path):
    _, result, rep = drill
    pdf = write_report(rep, tmp_path / "aar.pdf", labels)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("演练评估报告", rep.title, result.figures["incident_id"], "接报→定级", "00:01:00", "超时"):
        assert expected in text, expected


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_cli_run_writes_the_report(qapp, tmp_path, capsys):
    out = tmp_path / "cli.pdf"
    code = main(["run", str(FLOOD), "--headless", "--json", "--workdir", str(tmp_path / "w"), "--report", str(out)])
    fig = json.loads(capsys.readouterr().out)
    assert code == 0 and fig["report"] == str(out)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "演练评估报告" in text and fig["incident_id"] in text


def test_cli_refuses_a_report_format_it_cannot_write(tmp_path, capsys):
    code = main(["run", str(FLOOD), "--headless", "--workdir", str(tmp_path / "w"), "--report", str(tmp_path / "x.txt")])
    assert code == 2
    assert "x.txt" in capsys.readouterr().err and not (tmp_path / "w").exists()  # refused before running


def _row_colours(image, y: int, x0: int = 0) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(x0, image.width())}


def test_exported_charts_show_each_task_in_its_verdict_colour_and_every_interval(drill, qapp, tmp_path):
    """The HTML carries the two charts inline (one self-contained file); in the task chart
    each task's row shows its bar in green (met), red (missed) or grey (no deadline)."""
    import base64
    import re

    from PySide6.QtGui import QImage

    from widgets import drill_report_charts as C

    _, _, rep = drill
    text = write_report(rep, tmp_path / "aar.html", labels).read_text(encoding="utf-8")
    sources = re.findall(r"<img src='data:image/png;base64,([A-Za-z0-9+/=]+)'", text)
    assert len(sources) == 2, "the interval chart and the task chart"
    intervals, tasks = (QImage.fromData(base64.b64decode(s), "PNG") for s in sources)
    assert not intervals.isNull() and not tasks.isNull()
    assert tasks.height() > len(rep.tasks) * C.ROW  # a row per task
    colours = {True: C.MET_COLOUR, False: C.MISSED_COLOUR, None: C.OPEN_COLOUR}
    assert any(t.met is False for t in rep.tasks) and any(t.met for t in rep.tasks)
    for i, task in enumerate(rep.tasks[:C.MAX_ROWS]):
        seen = _row_colours(tasks, 34 + i * C.ROW + C.ROW // 2, C.LABEL_W + 1)  # right of the labels
        assert colours[task.met] in seen, (i, task.action)
        assert not ({c for k, c in colours.items() if k != task.met} & seen), (i, task.action)
    bars = [y for y in range(intervals.height()) if C.INTERVAL_COLOUR in _row_colours(intervals, y)]
    assert bars, "the intervals that happened are drawn"
    assert all(s is not None for _, _, s in rep.intervals)


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="poppler-utils not installed")
def test_pdf_report_embeds_both_charts(drill, qapp, tmp_path):
    _, _, rep = drill
    pdf = write_report(rep, tmp_path / "aar.pdf", labels)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.strip()]
    assert len(images) >= 2, listing


def test_the_final_level_is_shown_with_the_reason_of_its_grading(drill, qapp):
    """The flood rules grade by the warning colour: the drill reports none, so the level is the
    一般 of 先期处置, and the report says why (the water depth is not a grading criterion)."""
    from widgets.drill_report import to_html

    _, result, rep = drill
    grading = rep.figures["grading"]
    assert grading["status"] == "graded" and grading["level"] == result.figures["level"] == "IV"
    assert "预警颜色" in grading["reason"]
    html = to_html(rep, labels)
    assert "定级依据" in html and "IV级 一般" in html
