"""The after-action review window over a real headless drill: the task chart (one bar per
task, red when the deadline was missed, a mark at each deadline), the interval bars, the
replay slider and the export request."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from widgets.drill_report import build_report
from drills.runner import run_drill
from drills.scenario import load_scenario
from widgets.drill_review import MET, MISSED, DrillReview

HAZCHEM = Path(__file__).resolve().parents[2] / "resources" / "scenarios" / "hazchem_leak_wangsiying.yaml"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    scenario = load_scenario(HAZCHEM)
    result = run_drill(scenario, "max", tmp_path_factory.mktemp("hazchem"))
    return build_report(result.db_path, scenario, epoch=result.epoch)


def test_task_chart_colours_each_task_by_its_deadline(qtbot, report):
    review = DrillReview(report)
    qtbot.addWidget(review)
    bars = review.task_bars.opts
    assert len(bars["x0"]) == len(report.tasks) > 0
    colours = [b.color().name() for b in bars["brushes"]]
    assert colours.count(MISSED.name()) == sum(1 for t in report.tasks if t.met is False) > 0
    assert colours.count(MET.name()) == sum(1 for t in report.tasks if t.met)
    deadlines = [t.deadline_s / 60 for t in report.tasks if t.deadline_s is not None]
    assert list(review.deadline_marks.data["x"]) == pytest.approx(deadlines)
    # A missed task's bar runs past its deadline mark; a met one ends before it.
    for i, t in enumerate(report.tasks):
        end = bars["x0"][i] + bars["width"][i]
        assert (end > t.deadline_s / 60) == (t.met is False)
    assert review.task_table.topLevelItemCount() == len(report.tasks)
    assert "任务按时完成" in review.summary_label.text()


def test_interval_bars_are_the_review_minutes(qtbot, report):
    review = DrillReview(report)
    qtbot.addWidget(review)
    heights = list(review.interval_bars.opts["height"])
    assert heights == pytest.approx([(s or 0) / 60 for _, _, s in report.intervals])
    assert heights[1] == pytest.approx(1.5)     # report -> activation: 90 s of the scripted trainee


def test_slider_asks_for_the_replay_and_export_asks_for_a_path(qtbot, report, monkeypatch, tmp_path):
    review = DrillReview(report)
    qtbot.addWidget(review)
    assert review.slider.maximum() == int(report.end_s)
    with qtbot.waitSignal(review.replay_requested) as sig:
        review.slider.setValue(300)
    assert sig.args == [300.0] and review.replay_label.text() == "回放 00:05:00"
    target = str(tmp_path / "aar")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))  # the person's choice
    with qtbot.waitSignal(review.export_requested) as sig:
        review.pdf_button.click()
    assert sig.args == [target + ".pdf"]
