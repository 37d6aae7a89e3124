"""The trainer's drill in the whole console (--demo --drill): the player plays a scenario
against the console's own drill server at 20x, pauses, lists what is still to come, stops,
and the review opens; the drill lands in the drill database only."""
from __future__ import annotations

import math
import sqlite3
import textwrap

import pytest

SCENARIO = textwrap.dedent("""\
    id: test-gas-short
    title: 测试燃气短剧本
    incident_type: gas
    expect_plans: [chaoyang-special-gas]
    injects:
      - at: "00:00:02"
        kind: sensor_reading
        place: [116.4172, 39.9323]
        sensor_kind: gas
        metric: gas_lel
        value: 18
      - at: "00:00:10"
        id: call-1
        kind: phone_report
        place: [116.4175, 39.9325]
        title: 东四居民楼燃气泄漏
        caller: 住户
        injuries: 2
      - at: "00:01:00"
        kind: casualty_update
        incident: call-1
        injuries: 4
    """)


def _rows(db, sql):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def drill_console(make_shell, tmp_path):
    shell = make_shell("--drill")
    players = [shell.window.panel("drill")]  # hidden outside drill mode: built on request
    path = tmp_path / "short.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return shell, players[0], path


def test_player_plays_pauses_and_the_review_matches_the_injected_times(drill_console, qtbot, tmp_path):
    shell, player, path = drill_console
    flow = shell.drills
    assert player.flow is flow
    assert shell.window.drill_banner.isVisibleTo(shell.window)
    assert flow.load(path) is not None
    assert player.upcoming_list.topLevelItemCount() == 3
    assert player.start_button.isEnabled()

    fired = []
    flow.inject_fired.connect(lambda inj, t: fired.append((inj.kind, t)))
    player.speed_buttons.button(1).click()                      # 5x
    player.scripted_check.setChecked(True)                        # the scripted trainee plays too
    player.start_button.click()
    assert flow.state == "running"
    qtbot.waitUntil(lambda: len(fired) == 1, timeout=20_000)      # the sensor reading at 00:00:02
    player.speed_buttons.button(2).click()                        # then 20x
    assert flow.runner.clock.speed == 20.0
    qtbot.waitUntil(lambda: len(fired) >= 2, timeout=20_000)      # the phone report at 00:00:10
    player.pause_button.click()
    assert flow.state == "paused" and player.pause_button.text() == "继续"
    # Only what is still to come is listed, in the trainer's panel.
    assert player.upcoming_list.topLevelItemCount() == 1
    assert player.upcoming_list.topLevelItem(0).text(0) == "00:01:00"
    held = flow.elapsed()
    qtbot.wait(600)
    assert flow.elapsed() == held                                 # a paused drill clock stands still
    assert "正在演练：测试燃气短剧本" in shell.window.drill_banner.text()
    assert "已暂停" in shell.window.drill_banner.text()

    player.pause_button.click()                                   # resume
    assert flow.state == "running"
    qtbot.waitUntil(lambda: player.upcoming_list.topLevelItemCount() == 0, timeout=20_000)
    # the scenario has played out: the trainer is asked (once) whether to end, not left guessing
    qtbot.waitUntil(lambda: flow.end_prompt is not None and flow.end_prompt.isVisible(), timeout=20_000)
    assert "00:01:00" in flow.end_prompt.text()
    from PySide6.QtWidgets import QMessageBox
    flow.end_prompt.button(QMessageBox.StandardButton.No).click()      # 继续演练
    assert flow.state == "running" and not flow.end_prompt.isVisible()
    # Let the scripted trainee grade, activate, dispatch and warn (report + 150 s drill time).
    qtbot.waitUntil(lambda: flow.elapsed() > 10 + 165, timeout=30_000)
    reports = []
    flow.report_ready.connect(reports.append)
    player.stop_button.click()
    qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
    rep = reports[0]
    assert [k for k, _ in fired] == ["sensor_reading", "phone_report", "casualty_update"]
    assert [t for _, t in fired] == [2, 10, 60]
    # Figures in drill seconds from the server's log, exact through the pause and the 20x pace.
    f = rep.figures
    assert f["incident_id"].startswith("DRL-")
    assert f["report_to_grading_s"] == pytest.approx(60, abs=0.2)
    assert f["report_to_activation_s"] == pytest.approx(90, abs=0.2)
    assert f["report_to_dispatch_s"] == pytest.approx(120, abs=0.2)
    assert "dongcheng-special-gas" in f["plans"] and rep.tasks       # 东四 is in 东城: its plans
    assert shell.plan_library.home_district == "110105"             # the console still serves 朝阳
    assert flow._review is not None and flow._review.isVisible()  # stop opened the review
    assert "正在演练" not in shell.window.drill_banner.text()

    # Everything landed in the drill database, marked as exercise; the demo's was never opened.
    data = shell.data_dir
    db = data / "drill-server.sqlite"
    assert not (data / "demo-server.sqlite").exists()
    (title,) = _rows(db, f"SELECT title FROM incidents WHERE id = '{f['incident_id']}'")[0]
    assert title.startswith("【演练】")
    assert {s for (s,) in _rows(db, "SELECT status FROM alerts")} == {"Exercise"}

    # Map replay: a dispatched unit goes into the map's state as it stood then, and back after.
    uid, samples = next((k, v) for k, v in rep.tracks.items() if v[0][1] == "units")
    now_rec = dict(shell.state.get("units", uid))
    at = math.ceil(samples[0][0])
    flow._review.slider.setValue(at)
    then = rep.positions_at(at)["units"]
    replayed, expected = shell.state.get("units", uid), next(r for r in then if r["id"] == uid)
    assert {k: replayed[k] for k in ("status", "lon", "lat")} == {k: expected[k] for k in ("status", "lon", "lat")}
    assert replayed["status"] == "dispatched"
    flow._review.close()
    assert shell.state.get("units", uid)["status"] == now_rec["status"]

    # Export from the review: the trainer is told where it went, or why not.
    messages = []
    flow.message_posted.connect(messages.append)
    out = flow.export(str(tmp_path / "aar.html"))
    assert f["incident_id"] in out.read_text(encoding="utf-8") and str(out) in messages[-1]
    assert flow.export(str(tmp_path / "aar.txt")) is None and "aar.txt" in messages[-1]


def test_a_bad_scenario_is_refused_with_file_and_line(drill_console, tmp_path):
    shell, player, _ = drill_console
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCENARIO.replace("kind: casualty_update", "kind: earthquake"), encoding="utf-8")
    assert shell.drills.load(bad) is None
    assert f"{bad}:" in player.status_label.text() and "earthquake" in player.status_label.text()
    assert not player.start_button.isEnabled()


def test_outside_drill_mode_the_player_cannot_start(make_shell, tmp_path):
    shell = make_shell()
    players = [shell.window.panel("drill")]  # hidden outside drill mode: built on request
    path = tmp_path / "short.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    assert shell.drills.load(path) is not None
    assert not players[0].start_button.isEnabled()
    assert shell.drills.start(20.0) is False
    assert "--drill" in players[0].status_label.text()
    assert not shell.window.docks["drill"].isVisibleTo(shell.window)


OUTAGE = textwrap.dedent("""\
    id: test-outage
    title: 测试断网剧本
    incident_type: gas
    expect_plans: [chaoyang-special-gas]
    injects:
      - at: "00:00:02"
        id: call-1
        kind: phone_report
        place: [116.4175, 39.9325]
        title: 东四居民楼燃气泄漏
        injuries: 1
      - at: "00:00:10"
        kind: network_outage
        duration: "00:00:20"
      - at: "00:00:20"
        kind: casualty_update
        incident: call-1
        injuries: 6
    """)


def test_an_outage_inject_cuts_the_console_off_and_the_queued_inject_arrives_after(drill_console, qtbot, tmp_path):
    from core.connection import Link

    shell, player, _ = drill_console
    path = tmp_path / "outage.yaml"
    path.write_text(OUTAGE, encoding="utf-8")
    links = []
    shell.connection.changed.connect(lambda link, *_: links.append(link))
    shell.drills.load(path)
    player.speed_buttons.button(2).click()
    player.start_button.click()
    qtbot.waitUntil(lambda: player.upcoming_list.topLevelItemCount() == 0, timeout=20_000)
    lost = (Link.RECONNECTING, Link.OFFLINE)
    qtbot.waitUntil(lambda: any(link in lost for link in links), timeout=20_000)  # really cut off
    qtbot.waitUntil(lambda: links[-1] == Link.ONLINE, timeout=30_000)             # and back
    incident_id = next(i for i in shell.state.records("incidents") if i.startswith("DRL-"))

    def casualty_note_arrived() -> bool:
        return any(e.get("type") == "incident.note" and "受伤 6 人" in (e.get("detail") or {}).get("text", "")
                   for e in shell.sync.api.incident(incident_id)["timeline"])
    qtbot.waitUntil(casualty_note_arrived, timeout=20_000)          # queued during the outage, delivered after
    reports = []
    shell.drills.report_ready.connect(reports.append)
    player.stop_button.click()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    shell.drills._review.close()
