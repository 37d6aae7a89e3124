"""`emergency-console plans ...`: check, search, activate, import and lint plans from a shell.

Human output is Chinese; `--json` prints one JSON object for scripts. Exit codes: 0 ok,
1 invalid plans (check), 2 bad usage or input.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from plans.library import DEFAULT_PLANS_DIR, OutsideDistricts, PlanLibrary, default_index_path
from plans.model import TIER_NAMES, TIERS, IncidentFacts
from plans.registry import DISTRICTS, METRICS, UNIT_KINDS, district_info
from plans.text import query_expansion


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _open(args: argparse.Namespace, persistent: bool = False) -> PlanLibrary:
    index = None
    if persistent:
        index = None if args.index == "none" else Path(args.index) if args.index else default_index_path()
    lib = PlanLibrary.open(args.dir or DEFAULT_PLANS_DIR, index)
    if getattr(args, "district", None):
        lib.home_district = args.district
    return lib


def _sample(flag: bool) -> str:
    return "〔示例〕" if flag else ""


def _district(text: str) -> str:
    try:
        return district_info(text).code
    except KeyError as e:
        raise argparse.ArgumentTypeError(e.args[0]) from None


def _counts_line(lib: PlanLibrary) -> str:
    parts = []
    for code in lib.districts():
        c = lib.counts(code)
        parts.append(f"{DISTRICTS[code].name}: " + "，".join(f"{TIER_NAMES[t]} {c[t]}" for t in TIERS)
                     + f"（共 {sum(c.values())}）")
    return "；".join(parts) or "没有预案"


def cmd_check(args: argparse.Namespace) -> int:
    lib = _open(args)
    counts = lib.counts()
    if args.json:
        _print_json({"counts": counts, "by_district": {d: lib.counts(d) for d in lib.districts()},
                     "errors": [e.to_dict() for e in lib.errors],
                     "skipped": [{"file": s.file, "reason": s.reason} for s in lib.skipped]})
    else:
        print("预案数量: " + _counts_line(lib))
        for e in lib.errors:
            print(e)
        if lib.errors:
            print(f"发现 {len(lib.errors)} 个问题，{len(lib.skipped)} 个文件未加载。")
        else:
            print("全部预案校验通过。")
    return 1 if lib.errors else 0


def cmd_index(args: argparse.Namespace) -> int:
    """Build or bring up to date the index (a deployment builds it once; the console's first
    start then reads it instead of parsing every plan)."""
    lib = _open(args, persistent=True)
    counts = lib.counts()
    if args.json:
        _print_json({"counts": counts, "errors": len(lib.errors), "skipped": len(lib.skipped)})
    else:
        print("索引已更新: " + _counts_line(lib)
              + (f"；{len(lib.errors)} 个问题（运行 plans check 查看）" if lib.errors else ""))
    return 0  # broken plan files are recorded in the index; `plans check` reports them


def cmd_search(args: argparse.Namespace) -> int:
    lib = _open(args, persistent=True)
    try:
        hits = lib.search(args.query, limit=args.limit, tier=args.tier, department=args.department,
                          incident_type=args.type, street=args.street, district=args.district)
    except KeyError as e:
        print(f"错误: {e.args[0]}", file=sys.stderr)
        return 2
    if args.json:
        _print_json({"query": args.query, "hits": [h.to_dict() for h in hits]})
        return 0
    note = query_expansion(args.query).note()
    if note:
        print(note)
    if not hits:
        print(f"未找到与“{args.query}”匹配的条款。")
    for h in hits:
        where = DISTRICTS[h.district].name if h.district in DISTRICTS else ""
        print(f"《{h.title}》{_sample(h.sample)}[{where} {TIER_NAMES[h.tier]}] {h.section}\n    {h.snippet}")
    return 0


def _parse_at(text: str) -> tuple[float, float]:
    try:
        lon, lat = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"位置格式不对: {text!r}；应为 经度,纬度（如 116.47,39.99）") from None
    return lon, lat


def _fact(name: str | None = None):
    """argparse type for --fact NAME=VALUE, or for a shorthand flag of one fact (--deaths 3)."""
    def parse(text: str) -> tuple[str, float | str]:
        from plans.grading import parse_fact
        try:
            return parse_fact(f"{name}={text}" if name else text)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return parse


def _facts_help() -> str:
    from plans.grading import _COMPOSITES
    return "事实名称（--fact NAME=VALUE）：\n" + "\n".join(
        f"  {m.code:<26} {m.name}" + (f"（{m.unit}）" if m.unit else "")
        + (f"：{'/'.join(m.choices)}" if m.choices else "")
        for m in METRICS.values() if m.code not in _COMPOSITES)


def cmd_activate(args: argparse.Namespace) -> int:
    from plans.grading import incident_facts
    lib = _open(args, persistent=True)
    lon, lat = args.at if args.at else (None, None)
    given: dict[str, float | str] = {}
    for flag in ("deaths", "injured", "loss", "affected", "evacuated"):
        if getattr(args, flag) is not None:
            name, value = getattr(args, flag)
            given[name] = value
    for name, value in [*(args.reading or ()), *(args.fact or ())]:
        given[name] = value
    try:
        facts = incident_facts(args.type, given, lon=lon, lat=lat)
        act = lib.activate(facts)
    except KeyError as e:
        print(f"错误: {e.args[0]}", file=sys.stderr)
        return 2
    except OutsideDistricts as e:
        print(f"错误: {e}", file=sys.stderr)
        return 2
    if act.missing:
        print("注意: " + ("另行定级" if act.status == "referred" else "待研判") + " — " + "；".join(act.missing),
              file=sys.stderr)
    if args.json:
        _print_json(act.to_dict())
        return 0
    print(f"事发地: {act.district_name}" + ("" if not act.outside_district else
          f"（不属本区{DISTRICTS[act.home_district].name}；按{act.district_name}预案处置，并向其通报）"))
    if act.near_boundary:
        print("距" + "、".join(DISTRICTS[d].name for d in act.near_boundary) + "界 500 米内：两区力量均可调派")
    if act.sample:
        print("〔示例〕所用预案为演示用生成内容，非正式印发的预案")
    print(f"响应级别: {act.level_label}" + ("" if act.graded else "（先按一般（IV 级）先期处置）"))
    print(f"依据: {act.reason}")
    if act.district_command:
        print("需启动区级总体应急预案，成立区应急指挥部。")
    print(f"启动预案（{len(act.plans)}）:")
    for p in act.plans:
        print(f"  《{p.title}》— {p.why}")
    print(f"任务清单（{len(act.tasks)}）:")
    for t in act.tasks:
        print(f"  [{t.deadline_minutes:>4} 分钟内] {t.department_name}: {t.action}"
              + (f"（依据：{t.basis}）" if t.basis else ""))
    if act.warning:
        print(f"预警: {act.warning_reason}")
    if act.resources:
        print("所需力量: " + "，".join(f"{UNIT_KINDS.get(k, k)} {n}" for k, n in act.resources.items()))
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from plans.lint import KINDS, lint
    lib = _open(args)
    findings = lint(lib, district=args.district)
    counts = {k: sum(f.kind == k for f in findings) for k in KINDS}
    if args.json:
        _print_json({"counts": counts, "findings": [f.to_dict() for f in findings]})
        return 0
    for f in findings:
        print(f)
    print("汇总: " + "，".join(f"{KINDS[k]} {n}" for k, n in counts.items()))
    return 0


def cmd_import(argv: list[str]) -> int:
    try:
        importer = importlib.import_module("plans.importer")
    except ModuleNotFoundError as e:
        if e.name != "plans.importer":
            raise
        print("错误: 预案文档导入模块（plans.importer）未安装；此版本无法导入文档", file=sys.stderr)
        return 2
    return int(importer.main(argv) or 0)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="emergency-console plans", description="应急预案：校验、检索、启动、导入、体检")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, positional_dir: bool) -> None:
        if positional_dir:
            p.add_argument("dir", nargs="?", type=Path, help="预案目录（默认：随软件发布的东城区、朝阳区示例预案）")
        else:
            p.add_argument("--dir", type=Path, help="预案目录（默认：随软件发布的东城区、朝阳区示例预案）")
        p.add_argument("--json", action="store_true", help="输出 JSON")
        p.add_argument("--district", type=_district, metavar="CODE",
                       help="本区: 110101（东城区）或 110105（朝阳区）；search/lint 只看该区，activate 据此判断是否跨区")

    p = sub.add_parser("check", help="校验预案：各层级数量和每个错误；有错误时退出码为 1")
    common(p, True)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("index", help="建立或更新预案索引（部署时预先建立，控制台首次启动更快）")
    p.add_argument("--index", help="索引文件（默认：用户数据目录）")
    common(p, False)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="全文检索预案条款")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--tier", help="层级: " + ", ".join(TIERS))
    p.add_argument("--department", help="部门代码或名称，如 emergency 或 区应急局")
    p.add_argument("--type", help="事件类型代码或名称，如 gas 或 燃气事故")
    p.add_argument("--street", help="街乡名称，如 望京街道")
    p.add_argument("--index", help="索引文件（默认：用户数据目录；none = 仅内存）")
    common(p, False)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("activate", help="根据事件信息确定响应级别、启动预案和任务清单",
                       epilog=_facts_help() + "\n\n各事件类型按其分级规则定级（resources/grading/rules.yaml，见 docs/plans.md）。"
                       "负数或不合理的值、规则不认识的病种、有震级无震中位置：定级标为待研判并说明缺什么。",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--type", required=True, help="事件类型代码或中文名称，如 hazchem 或 危险化学品事故")
    p.add_argument("--fact", type=_fact(), action="append", metavar="NAME=VALUE",
                   help="事件事实，可重复，如 deaths=3、serious_injuries=12、disease=霍乱、warning_colour=红（名称见下）")
    p.add_argument("--deaths", type=_fact("deaths"), help="死亡人数（同 --fact deaths=N）")
    p.add_argument("--injured", type=_fact("serious_injuries"), help="重伤（含急性中毒）人数（同 --fact serious_injuries=N）")
    p.add_argument("--loss", type=_fact("direct_loss_yuan"), help="直接经济损失（元）（同 --fact direct_loss_yuan=N）")
    p.add_argument("--affected", type=_fact("affected"), help="受影响人数（同 --fact affected=N）")
    p.add_argument("--evacuated", type=_fact("evacuated"), help="紧急疏散转移人数（同 --fact evacuated=N）")
    p.add_argument("--reading", type=_fact(), action="append", metavar="NAME=VALUE",
                   help="监测读数，如 water_depth_cm=60、gas_lel=25（同 --fact）")
    p.add_argument("--at", type=_parse_at, metavar="LON,LAT", help="事发位置（WGS84）")
    p.add_argument("--index", help="索引文件（默认：用户数据目录；none = 仅内存）")
    common(p, False)
    p.set_defaults(func=cmd_activate)

    p = sub.add_parser("lint", help="体系体检：未覆盖的事件类型、超期预案、无部门预案的部门等")
    common(p, True)
    p.set_defaults(func=cmd_lint)

    sub.add_parser("import", help="把预案文档（.txt/.docx）转为 YAML 草稿（参数见 plans import -h）", add_help=False)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "import":
        return cmd_import(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as e:
        print(f"错误: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
