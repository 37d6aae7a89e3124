"""A drill end to end at max speed through a real embedded server, isolated from live data."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.api import ApiClient
from core.store import Store
from drills import runner as R
from console.drills_cli import main
from drills.review import read_log, review
from drills.runner import parse_speed, run_drill
from drills.scenario import load_scenario
from server.embedded import start_embedded

SCENARIOS = Path(__file__).resolve().parents[2] / "resources" / "scenarios"
GAS = SCENARIOS / "gas_explosion_dongsi.yaml"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A 'live' server on its own database, running through the drill."""
    db = tmp_path_factory.mktemp("live") / "live.sqlite"
    srv = start_embedded(f"sqlite:///{db}")
    api = ApiClient(srv.url)
    before = api.snapshot()
    yield db, srv, api, before
    api.close()
    srv.stop()


@pytest.fixture(scope="module")
def drill(live, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("drill")
    scenario = load_scenario(GAS)
    return scenario, workdir, run_drill(scenario, "max", workdir)


def _db_rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def test_review_figures_follow_the_injected_report_time(drill):
    scenario, workdir, result = drill
    fig = result.figures
    report = next(i for i in scenario.injects if i.kind == "phone_report")
    assert fig["injects"] == len(scenario.injects) == 6
    # The server stored the report time the scenario injected (00:01:30 after the drill start).
    (reported,) = _db_rows(result.db_path, "SELECT reported_at FROM incidents WHERE id = 'DRL-001'")[0]
    (first_issued,) = _db_rows(result.db_path, "SELECT min(issued_at) FROM commands")[0]
    start = datetime.fromisoformat(first_issued)  # the first inject (a sensor reading) at 00:00:00
    assert datetime.fromisoformat(reported) - start == timedelta(seconds=report.at_s) == timedelta(seconds=90)
    # The scripted trainee's rhythm, measured back from the server's log.
    assert fig["report_to_grading_s"] == R.REACT_GRADE_S
    assert fig["report_to_activation_s"] == R.REACT_ACTIVATE_S
    assert fig["report_to_dispatch_s"] == R.REACT_DISPATCH_S
    assert fig["dispatch_to_arrival_s"] > R.EN_ROUTE_AFTER_S
    assert set(scenario.expect_plans) <= set(fig["plans"])
    assert result.refused == []


def test_tasks_met_and_lateness_match_the_deadlines_in_the_drill_database(drill):
    scenario, _, result = drill
    fig = result.figures
    tasks = dict(_db_rows(result.db_path, "SELECT id, deadline_minutes FROM tasks WHERE incident_id = 'DRL-001'"))
    # a duty due after the drill (the 30-day supplementary report of 国务院令493) is issued, not yet due
    later = {tid for tid, minutes in tasks.items() if minutes > R.TASK_HORIZON_MIN}
    assert later and fig["tasks_due"] == len(tasks) - len(later) > 0
    assert not later & set(fig["task_lateness_s"])
    assert fig["tasks_done"] == fig["tasks_due"]
    late = {tid: s for tid, s in fig["task_lateness_s"].items() if s > 0}
    assert fig["tasks_met"] == fig["tasks_due"] - scenario.trainee.late_tasks == fig["tasks_due"] - len(late)
    for tid, seconds in late.items():  # done at late_factor x the deadline, on the drill clock
        assert seconds == pytest.approx(tasks[tid] * 60 * (scenario.trainee.late_factor - 1), abs=1)
    for tid, seconds in fig["task_lateness_s"].items():
        if seconds <= 0:
            assert seconds == pytest.approx(-tasks[tid] * 60 * (1 - scenario.trainee.pace), abs=1)


def test_review_reads_the_server_log_not_the_runner(drill):
    scenario, _, result = drill
    district_figures = {"district", "plan_titles", "plans_other_district", "units_other_district"}
    assert review(result.db_path, scenario) == {k: v for k, v in result.figures.items() if k not in district_figures}
    log = read_log(result.db_path)
    assert any(e["type"] == "dispatch.on_scene" and e["incident_id"] == "DRL-001" for e in log)


def test_every_drill_record_is_marked_as_exercise(drill):
    _, _, result = drill
    for title, facts in _db_rows(result.db_path, "SELECT title, facts FROM incidents WHERE id LIKE 'DRL-%'"):
        assert title.startswith("【演练】")
        assert json.loads(facts)["exercise"] is True


def test_live_data_untouched_by_the_drill(live, drill):
    live_db, _, api, before = live
    _, workdir, result = drill
    assert result.db_path.resolve().parent == Path(workdir).resolve()
    assert result.db_path.resolve() != live_db.resolve()
    after = api.snapshot()
    assert after["last_event_id"] == before["last_event_id"]
    assert after["incidents"] == before["incidents"]
    assert after["units"] == before["units"]
    assert not any(i["id"].startswith("DRL-") for i in after["incidents"])


def test_outage_cuts_the_runner_off_and_the_outbox_delivers_afterwards(drill):
    scenario, workdir, result = drill
    outage = next(i for i in scenario.injects if i.kind == "network_outage")
    assert result.failed_sends_during_outage >= 1   # sends to the killed server really failed
    assert result.queued_during_outage >= 1
    store = Store(Path(workdir) / "outbox.sqlite")
    try:
        rows = store.outbox()
        assert rows and store.queued_count() == 0
        assert {r.state for r in rows} == {"done"}
    finally:
        store.close()
    # The commands issued while the server was down reached it, each once, after it came back.
    first = datetime.fromisoformat(_db_rows(result.db_path, "SELECT min(issued_at) FROM commands")[0][0])
    lo, hi = first + timedelta(seconds=outage.at_s), first + timedelta(seconds=outage.at_s + outage.duration_s)
    during = [(datetime.fromisoformat(i), datetime.fromisoformat(r), s) for i, r, s in
              _db_rows(result.db_path, "SELECT issued_at, received_at, status FROM commands")
              if lo <= datetime.fromisoformat(i) < hi]
    assert len(during) == result.queued_during_outage
    assert all(s == "accepted" for *_, s in during)
    before = [datetime.fromisoformat(r) for i, r in
              _db_rows(result.db_path, "SELECT issued_at, received_at FROM commands")
              if datetime.fromisoformat(i) < lo]
    # received after every command sent before the outage: they waited in the outbox
    assert min(r for _, r, _ in during) > max(before)


def test_cli_run_prints_the_figures_as_json(tmp_path, capsys):
    scenario = SCENARIOS / "hazchem_leak_wangsiying.yaml"
    assert main(["run", str(scenario), "--headless", "--speed", "max", "--json",
                 "--workdir", str(tmp_path / "d")]) == 0
    fig = json.loads(capsys.readouterr().out)
    assert fig["injects"] == 4
    assert fig["report_to_dispatch_s"] == R.REACT_DISPATCH_S
    assert fig["tasks_due"] >= fig["tasks_met"] == fig["tasks_due"] - 1
    assert fig["expected_plans_missing"] == [] and fig["refused"] == 0
    assert Path(fig["drill_db"]).parent == tmp_path / "d"


def test_a_drill_never_reuses_an_existing_database(tmp_path):
    (tmp_path / "drill.sqlite").write_bytes(b"")
    with pytest.raises(FileExistsError, match="drill database is already there"):
        R.DrillRunner(load_scenario(GAS), tmp_path)


def test_speed_choices():
    assert parse_speed("20") == 20.0 and parse_speed("max") == float("inf")
    with pytest.raises(ValueError, match="expected one of 1, 5, 20, max"):
        parse_speed("3")


@pytest.mark.parametrize("name", ["crowd_crush_gongti", "underpass_waterlogging_jianwai"])
def test_other_shipped_scenarios_activate_their_plans(name, tmp_path):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    result = run_drill(scenario, "max", tmp_path)
    fig = result.figures
    assert set(scenario.expect_plans) <= set(fig["plans"])
    assert fig["tasks_met"] == fig["tasks_due"] - scenario.trainee.late_tasks
    assert fig["units_dispatched"] > 0 and result.refused == []
    outages = [i for i in scenario.injects if i.kind == "network_outage"]
    assert (result.queued_during_outage > 0) == bool(outages)
    if name == "crowd_crush_gongti":
        # 受伤 12 at the report grade nothing (一般); 重伤 10 in the casualty update: 较大
        levels = [(e["payload"] or {}).get("level") for e in read_log(result.db_path)
                  if e["type"] == "incident.updated" and (e["payload"] or {}).get("level")]
        assert levels == ["IV", "III"] and fig["level"] == "III"


def test_a_paced_run_gives_the_same_figures_as_max_speed(drill, tmp_path):
    """The drill clock, not the wall clock, drives the figures: pacing changes nothing."""
    import asyncio
    scenario, _, fast = drill
    paced = asyncio.run(R.DrillRunner(scenario, tmp_path, speed=900.0).run())
    for key in ("tasks_due", "tasks_met", "report_to_grading_s", "report_to_activation_s",
                "report_to_dispatch_s", "dispatch_to_arrival_s", "plans", "level"):
        assert paced.figures[key] == fast.figures[key], key
    assert paced.queued_during_outage == fast.queued_during_outage


def test_the_public_warning_of_a_drill_is_a_cap_exercise(drill):
    scenario, _, result = drill
    rows = _db_rows(result.db_path, "SELECT status, headline, area, sent FROM alerts")
    assert len(rows) == 1
    status, headline, area, sent = rows[0]
    assert status == "Exercise" and headline == "【演练】" + scenario.title
    assert area == "东四街道"                      # the street of the phone report
    # Published on the drill clock: report + REACT_WARN_S after the drill start.
    (first_issued,) = _db_rows(result.db_path, "SELECT min(issued_at) FROM commands")[0]
    report = next(i for i in scenario.injects if i.kind == "phone_report")
    start = datetime.fromisoformat(first_issued)
    start = start if start.tzinfo else start.replace(tzinfo=timezone.utc)  # stored as UTC
    assert datetime.fromisoformat(sent) - start == timedelta(seconds=report.at_s + R.REACT_WARN_S)


def test_a_dongcheng_drill_runs_under_dongcheng_plans(drill):
    """东四 is in 东城: grading, plans and tasks come from 东城's system, and the review says so."""
    scenario, _, result = drill
    fig = result.figures
    assert scenario.district == fig["district"] == "110101"
    assert fig["plans"] and all(p.startswith("dongcheng-") for p in fig["plans"])
    assert fig["plans_other_district"] == []
    assert all("朝阳" not in t for t in fig["plan_titles"])
    notes = [json.loads(p).get("text", "") for (p,) in _db_rows(result.db_path, "SELECT payload FROM commands")]
    notes = [t for t in notes if t.startswith("启动预案")]
    assert notes and "《东城区燃气事故应急预案》" in notes[0] and "dongcheng-" not in notes[0]


def test_drill_check_refuses_expected_plans_of_another_district(tmp_path):
    from console.drills_cli import plan_problems
    from plans.library import PlanLibrary
    text = GAS.read_text(encoding="utf-8").replace("dongcheng-special-gas,", "chaoyang-special-gas,")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    problems = plan_problems(load_scenario(tmp_path / "s.yaml"), PlanLibrary.open(None, None))
    assert len(problems) == 1 and "'chaoyang-special-gas' is a plan of 朝阳区" in problems[0]
    assert "drill happens in 东城区" in problems[0]
