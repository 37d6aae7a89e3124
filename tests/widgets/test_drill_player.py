"""The trainer's player over a real DrillFlow and a real drill server: the coming injects
(time, kind, place, summary), a bad file's problems, and a drill at 20x with people as the
trainees (the phone report reaches them as a reported incident; the list shrinks as injects fire)."""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from console.drill_flow import DrillFlow
from console.services import PlanLibraryHandle
from core.api import ApiClient
from core.settings import Settings
from core.state import LiveState
from server.embedded import start_embedded
from widgets.drill_player import DrillPlayer

SCENARIO = """\
id: widget-short
title: 控件测试剧本
incident_type: gas
expect_plans: [chaoyang-special-gas]
injects:
  - at: "00:00:20"
    id: call-1
    kind: phone_report
    place: 东四街道
    title: 东四燃气泄漏
    injuries: 1
  - at: "00:00:40"
    kind: camera_dark
    place: [116.4180, 39.9330]
  - at: "00:01:00"
    kind: casualty_update
    incident: call-1
    injuries: 3
"""


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("drill-server") / "drill-server.sqlite"
    srv = start_embedded(f"sqlite:///{db}", drill=True)  # as the console's --demo --drill starts it
    yield srv, db
    srv.stop()


def _flow(tmp_path, library, drill_mode=True, server=None) -> DrillFlow:
    """A DrillFlow as the console makes one: settings, its drill server, state, data folder."""
    opened = Future()
    opened.set_result(library)
    settings = Settings(drill_mode=drill_mode)
    return DrillFlow(LiveState(), None, lambda: settings, True, lambda: server,
                     PlanLibraryHandle(opened, lambda: settings.district), tmp_path)


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_coming_injects_are_listed_with_time_kind_place_and_summary(qtbot, tmp_path, library, scenario_file):
    flow = _flow(tmp_path, library, drill_mode=False)
    player = DrillPlayer(flow)
    qtbot.addWidget(player)
    flow.load(scenario_file)
    rows = [[player.upcoming_list.topLevelItem(i).text(c) for c in range(4)]
            for i in range(player.upcoming_list.topLevelItemCount())]
    assert [r[0] for r in rows] == ["00:00:20", "00:00:40", "00:01:00"]
    assert [r[1] for r in rows] == ["电话报警", "视频黑屏", "伤亡更新"]
    assert rows[0][2] == "东四街道" and "东四燃气泄漏" in rows[0][3]
    assert "受伤 3" in rows[2][3]
    assert player.title_label.text() == "控件测试剧本"
    assert not player.start_button.isEnabled()           # not in drill mode
    assert "--drill" in player.status_label.text()


def test_a_bad_file_shows_every_problem_with_its_line(qtbot, tmp_path, library):
    flow = _flow(tmp_path, library)
    player = DrillPlayer(flow)
    qtbot.addWidget(player)
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCENARIO.replace('"00:00:40"', '"0:99"').replace("东四街道", "火星街道"), encoding="utf-8")
    assert flow.load(bad) is None
    text = player.status_label.text()
    assert f"{bad}:" in text and "火星街道" in text and "0:99" in text
    assert player.upcoming_list.topLevelItemCount() == 0
    missing = tmp_path / "missing.yaml"
    assert flow.load(missing) is None
    assert str(missing) in player.status_label.text()


def test_people_play_the_trainee_the_list_shrinks_and_stop_reports(qtbot, qasync_loop, tmp_path, library,
                                                                   scenario_file, drill_server):
    srv, db = drill_server
    flow = _flow(tmp_path, library, server=srv)
    player = DrillPlayer(flow)
    qtbot.addWidget(player)
    flow.load(scenario_file)
    assert player.start_button.isEnabled() and not player.scripted_check.isChecked()
    player.speed_buttons.button(2).click()                   # 20x
    counts = []
    flow.inject_fired.connect(lambda *_: counts.append(player.upcoming_list.topLevelItemCount()))
    player.start_button.click()
    assert not player.open_button.isEnabled() and player.stop_button.isEnabled()
    player.pause_button.click()            # at once, while the drill is still opening: it holds
    qtbot.wait(1500)                       # the first inject is due 1 s after the start at 20x
    assert counts == [] and flow.elapsed() < 0.5 and player.upcoming_list.topLevelItemCount() == 3
    player.pause_button.click()
    qtbot.waitUntil(lambda: len(counts) == 3, timeout=20_000)
    qtbot.waitUntil(lambda: player.upcoming_list.topLevelItemCount() == 0, timeout=5_000)
    assert counts == [2, 1, 0] and player.clock_label.text() >= "00:01:00"
    api = ApiClient(srv.url)
    try:
        incident = next(i for i in api.snapshot()["incidents"] if i["id"].startswith("DRL-"))
        assert incident["title"] == "【演练】东四燃气泄漏" and incident["street"] == "东四街道"

        def notes():
            return [e for e in api.incident(incident["id"])["timeline"] if e["type"] == "incident.note"]
        qtbot.waitUntil(lambda: len(notes()) == 2, timeout=10_000)    # the camera, the casualties
        # the injects come from the trainer's account (the server records who from the token)
        assert [n["operator"] for n in notes()] == ["演示导调员", "演示导调员"]
        assert "伤亡更新" in notes()[1]["detail"]["text"]
    finally:
        api.close()
    reports = []
    flow.report_ready.connect(reports.append)
    flow._review = None
    player.stop_button.click()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert reports[0].figures["incident_id"] == incident["id"]
    assert reports[0].figures["report_to_grading_s"] is None     # nobody graded it
    assert flow.state == "ready" and player.start_button.isEnabled()
    flow._review.close()
