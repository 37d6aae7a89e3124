"""`emergency-console drill check|run`: validate a scenario, or run it headless and print
the after-action figures.

    emergency-console drill check resources/scenarios/gas_explosion_dongsi.yaml
    emergency-console drill run resources/scenarios/gas_explosion_dongsi.yaml --headless --speed max --json
    emergency-console drill run SCENARIO.yaml --headless --report aar.pdf
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from drills.scenario import ScenarioError, format_time, load_scenario


def plan_problems(scenario, library) -> list[str]:
    """Expected plans that do not exist, or belong to another district's system than the one
    where the drill happens (a 东城 drill is run under 东城's plans)."""
    from plans.registry import DISTRICTS
    out = []
    for pid in scenario.expect_plans:
        where = library.district_of(pid)
        if where is None:
            out.append(f"{scenario.path}: expect_plans: no plan {pid!r}; expected an id of a shipped plan "
                       f"(see `emergency-console plans search`)")
        elif where != scenario.district:
            out.append(f"{scenario.path}: expect_plans: {pid!r} is a plan of {DISTRICTS[where].name}, but the "
                       f"drill happens in {DISTRICTS[scenario.district].name}; expected that district's plans")
    return out


def _check(args: argparse.Namespace) -> int:
    from plans.library import PlanLibrary, default_index_path
    from plans.registry import DISTRICTS
    bad = 0
    library = None
    for path in args.scenario:
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            bad += 1
            print("\n".join(exc.problems), file=sys.stderr)
            continue
        library = library or PlanLibrary.open(index_path=default_index_path())
        problems = plan_problems(s, library)
        if problems:
            bad += 1
            print("\n".join(problems), file=sys.stderr)
            continue
        print(f"{path}: ok — {s.title} ({DISTRICTS[s.district].name}): {len(s.injects)} injects over "
              f"{format_time(s.duration_s)}, incident type {s.incident_type}, "
              f"expected plans {', '.join(s.expect_plans)}")
    return 1 if bad else 0


def _run(args: argparse.Namespace) -> int:
    if not args.headless:
        print("drill run: only --headless is available from the command line; the player is in the "
              "console window", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    if args.report and not args.report.lower().endswith((".html", ".htm", ".pdf")):
        print(f"drill run: --report {args.report}: expected a file name ending in .html or .pdf",
              file=sys.stderr)
        return 2
    from drills.runner import run_drill  # starts servers: import only when running
    result = run_drill(scenario, args.speed, args.workdir)
    fig = dict(result.figures)
    fig["expected_plans_missing"] = [p for p in scenario.expect_plans if p not in fig.get("plans", [])]
    fig["queued_during_outage"] = result.queued_during_outage
    fig["refused"] = len(result.refused)
    fig["drill_db"] = str(result.db_path)
    if args.report:
        try:
            fig["report"] = str(_write_report(result, scenario, args.report))
        except (OSError, ValueError) as exc:
            print(f"drill run: --report {args.report}: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(fig, ensure_ascii=False))
    else:
        print(f"演练：{scenario.title}（{scenario.id}）")
        for key in ("injects", "incident_id", "level", "tasks_due", "tasks_met", "report_to_grading_s",
                    "report_to_activation_s", "report_to_dispatch_s", "dispatch_to_arrival_s",
                    "units_dispatched", "queued_during_outage", "refused", "drill_db"):
            print(f"  {key}: {fig.get(key)}")
        for tid, late in fig.get("task_lateness_s", {}).items():
            if late is not None and late > 0:
                print(f"  超时 {tid}: {late:.0f} s")
        if fig["expected_plans_missing"]:
            print("  未启动的预期预案: " + ", ".join(fig["expected_plans_missing"]))
    return 0 if not fig["expected_plans_missing"] else 3


def _write_report(result, scenario, path: str):
    """The after-action report as HTML or PDF (by suffix); PDF needs Qt's GUI layer, which
    runs without a screen on the offscreen platform."""
    import os

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from widgets.drill_report import build_report, write_report
    from widgets import labels  # display names only: the report is read by people

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it alive)
    rep = build_report(result.db_path, scenario, epoch=result.epoch,
                       incident_prefix=result.incident_prefix, clock=result.clock)
    return write_report(rep, path, labels)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `emergency-console drill ...`; returns the exit code."""
    parser = argparse.ArgumentParser(prog="emergency-console drill", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate scenario files (exit 1 with file:line errors)")
    c.add_argument("scenario", nargs="+")
    r = sub.add_parser("run", help="run a scenario against its own embedded server")
    r.add_argument("scenario")
    r.add_argument("--headless", action="store_true", help="no window: a scripted trainee plays")
    r.add_argument("--speed", default="max", choices=("1", "5", "20", "max"))
    r.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    r.add_argument("--workdir", help="empty directory for the drill database (default: a new temp dir)")
    r.add_argument("--report", metavar="OUT.html|OUT.pdf", help="write the after-action report there")
    r.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        stream=sys.stderr)
    return _check(args) if args.cmd == "check" else _run(args)


if __name__ == "__main__":
    raise SystemExit(main())
