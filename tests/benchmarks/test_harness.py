import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import Figure, percentile

ROOT = Path(__file__).resolve().parents[2]


def test_every_group_is_listed_and_loadable():
    out = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    for group in ("startup", "plans", "map", "sync", "server"):
        assert group in out


def test_unknown_group_is_refused_with_the_list():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "nosuch"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "startup" in proc.stderr


def test_figure_json_line_says_whether_the_target_was_met():
    line = json.loads(Figure("map", "fps", 24.0, "1/s", 20.0, lower_is_better=False).to_json())
    assert line == {"bench": "map", "figure": "fps", "value": 24.0, "unit": "1/s", "target": 20.0, "ok": True}
    assert json.loads(Figure("plans", "warm_s", 0.7, "s", 0.5).to_json())["ok"] is False
    assert percentile([5, 1, 3, 2, 4], 50) == 3 and percentile(list(range(1, 101)), 95) == 95


def test_groups_run_apart_and_a_failing_one_does_not_stop_the_next(tmp_path):
    """Several groups: each in its own process (one's Qt state or crash cannot spoil the next);
    a failing group is named on stderr, the others' figures still come, the exit code is 1."""
    env = {**os.environ, "PLAN_BENCH_DIR": str(tmp_path / "no-such-plans")}
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "plan_widgets", "plan_import"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)
    figures = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert {f["bench"] for f in figures} == {"plan_import"} and len(figures) == 3
    assert "benchmark group 'plan_widgets' exited with code 1" in proc.stderr
    assert proc.returncode == 1
