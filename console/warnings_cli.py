"""`emergency-console warnings ...`: compose and import CAP 1.2 early warnings (no Qt).

    emergency-console warnings compose --type flood --level 黄 --headline "..." \\
        [--area LON,LAT,RADIUS_M | --polygon FILE.geojson] [--exercise] --xml
    emergency-console warnings import FILE.xml --json
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta

from cap import (Area, CapError, EarlyWarning, IdentifierMaker, WarningError, issue,
                 issuer_code, load_alert, now_bj, to_xml)
from cap.areas import area_from_geojson_file, district_area


def _circle(text: str) -> Area:
    try:
        lon, lat, radius = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--area {text!r}; expected LON,LAT,RADIUS_M e.g. 116.45,39.93,3000") from None
    return Area(f"以({lon:.5f}, {lat:.5f})为中心半径{radius:g}米", circles=((lon, lat, radius),))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="emergency-console warnings",
                                description="Compose and import CAP 1.2 early warnings (预警).")
    sub = p.add_subparsers(dest="action", required=True)
    c = sub.add_parser("compose", help="print the CAP 1.2 XML a warning would be published as")
    c.add_argument("--type", required=True,
                   help="incident type code (plans taxonomy, e.g. flood, gas) or an event name")
    c.add_argument("--level", required=True, help="warning colour: 蓝, 黄, 橙 or 红")
    c.add_argument("--headline", required=True)
    c.add_argument("--description", default="")
    c.add_argument("--instruction", default="")
    where = c.add_mutually_exclusive_group()
    where.add_argument("--area", type=_circle, metavar="LON,LAT,RADIUS_M", help="a circle")
    where.add_argument("--polygon", metavar="FILE.geojson",
                       help="a GeoJSON Polygon/MultiPolygon (Feature or FeatureCollection)")
    c.add_argument("--area-name", help="areaDesc (default: derived from the area)")
    c.add_argument("--exercise", action="store_true", help="status Exercise (drills)")
    c.add_argument("--hours", type=float, default=24.0, help="valid for this many hours (default 24)")
    c.add_argument("--zone", default="110105",
                   help="issuing division, GB/T 2260 (default 110105 朝阳区); also the default "
                        "area when neither --area nor --polygon is given")
    c.add_argument("--agency", default="000", help="agency code, GB/T 4657 (3 digits)")
    c.add_argument("--operator", default="", help="who drafted it (recorded in the alert)")
    out = c.add_mutually_exclusive_group()
    out.add_argument("--xml", action="store_true", help="print the CAP XML (the default)")
    out.add_argument("--json", action="store_true", help="print identifier, severity, areas")
    i = sub.add_parser("import", help="read a CAP 1.2 file and print what was understood")
    i.add_argument("file")
    i.add_argument("--json", action="store_true", help="one JSON object on stdout")
    return p


def _compose(args) -> int:
    try:
        if args.polygon:
            area = area_from_geojson_file(args.polygon, args.area_name)
        elif args.area:
            area = args.area
        else:
            area = district_area(args.zone)
        if args.area_name:
            area = Area(args.area_name, area.polygons, area.circles, area.geocodes)
        now = now_bj()
        w = EarlyWarning(type=args.type, colour=args.level, headline=args.headline,
                         description=args.description, instruction=args.instruction,
                         areas=(area,), status="Exercise" if args.exercise else "Actual",
                         effective=now, expires=now + timedelta(hours=args.hours),
                         drafted_by=args.operator, drafted_at=now if args.operator else None)
        w = issue(w, IdentifierMaker(issuer_code(args.zone, args.agency)), now=now)
        xml = to_xml(w)
    except WarningError as exc:
        print(f"warnings compose: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"identifier": w.identifier, "severity": w.level.severity,
                          "areas": len(w.areas)}, ensure_ascii=False))
    else:
        sys.stdout.write(xml)
    return 0


def _import(args) -> int:
    try:
        alert = load_alert(args.file)
    except CapError as exc:
        print(f"warnings import: {exc}", file=sys.stderr)
        return 1
    summary = {"identifier": alert.identifier, "severity": alert.severity,
               "areas": len(alert.areas)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        info = alert.info
        print(f"{alert.identifier}  {alert.status} {alert.msg_type}  {alert.severity}"
              f"  {info.headline if info else ''}")
        for area in alert.areas:
            print(f"  area: {area.desc}  ({len(area.polygons)} polygon(s), "
                  f"{len(area.circles)} circle(s))")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return _compose(args) if args.action == "compose" else _import(args)


if __name__ == "__main__":
    raise SystemExit(main())
