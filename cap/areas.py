"""Warning areas from what people pick: map drawings (GeoJSON), streets, grid cells, a district;
and CAP areas -> records of the map's warning-area layer. Pure Python (shapely), no Qt."""
from __future__ import annotations

import json
from pathlib import Path

from cap.model import Area, WarningError

# ~30 m: keeps a street outline to tens of points, so an alert stays a few kilobytes
SIMPLIFY_DEG = 0.0003


def _ring(coords, where: str) -> tuple[tuple[float, float], ...]:
    try:
        ring = tuple((float(p[0]), float(p[1])) for p in coords)
    except (TypeError, ValueError, IndexError):
        raise WarningError(f"{where}: coordinates are not [lon, lat] pairs") from None
    if ring and ring[0] != ring[-1]:
        ring += (ring[0],)
    return ring


def area_from_geojson(obj: dict, desc: str, where: str = "drawing") -> Area:
    """An Area from a GeoJSON Feature/FeatureCollection/geometry: Polygon, MultiPolygon (outer
    rings), or Point with properties.radius_m (the map's circle)."""
    if not isinstance(obj, dict):
        raise WarningError(f"{where}: not a GeoJSON object")
    kind = obj.get("type")
    if kind == "FeatureCollection":
        parts = [area_from_geojson(f, desc, f"{where}: feature {i + 1}")
                 for i, f in enumerate(obj.get("features") or [])]
        if not parts:
            raise WarningError(f"{where}: the FeatureCollection has no features")
        return Area(desc, sum((p.polygons for p in parts), ()), sum((p.circles for p in parts), ()))
    props = {}
    if kind == "Feature":
        props = obj.get("properties") or {}
        obj = obj.get("geometry") or {}
        kind = obj.get("type")
    coords = obj.get("coordinates")
    if kind == "Polygon":
        return Area(desc, (_ring(coords[0], where),))
    if kind == "MultiPolygon":
        return Area(desc, tuple(_ring(p[0], where) for p in coords))
    if kind == "Point":
        radius = props.get("radius_m")
        if not isinstance(radius, (int, float)) or radius <= 0:
            raise WarningError(f"{where}: a Point needs properties.radius_m > 0 to be a circle")
        return Area(desc, circles=((float(coords[0]), float(coords[1]), float(radius)),))
    raise WarningError(f"{where}: geometry type {kind!r}; expected Polygon, MultiPolygon or a "
                       "Point with properties.radius_m")


def area_from_geojson_file(path: str | Path, desc: str | None = None) -> Area:
    path = Path(path)
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WarningError(f"{path}: cannot read: {exc.strerror}; check the path") from None
    except json.JSONDecodeError as exc:
        raise WarningError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    return area_from_geojson(obj, desc or path.stem, str(path))


def _shape_rings(geom) -> tuple[tuple[tuple[float, float], ...], ...]:
    import shapely

    geom = geom.simplify(SIMPLIFY_DEG, preserve_topology=True)
    return tuple(tuple((round(x, 6), round(y, 6)) for x, y in p.exterior.coords)
                 for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty)


def district_area(adcode: str) -> Area:
    """The whole district (its boundary, simplified) as one area."""
    from maps.districts import DISTRICT_FILES, load_district

    if adcode not in DISTRICT_FILES:
        raise WarningError(f"district {adcode}: no boundary shipped; expected one of "
                           f"{', '.join(DISTRICT_FILES)}, or give the area explicitly")
    d = load_district(adcode)
    return Area(d.name, _shape_rings(d.geometry), geocodes=(("GB/T2260", adcode),))


def street_area(adcode: str, names_or_codes: list[str]) -> Area:
    """The chosen streets (街乡, by name or code) of a district as one area."""
    from maps.places import street_areas

    known = street_areas(adcode)
    chosen = [s for s in known if s[0] in names_or_codes or s[1] in names_or_codes]
    missing = sorted(set(names_or_codes) - {s[0] for s in chosen} - {s[1] for s in chosen})
    if missing:
        raise WarningError(f"streets: {'、'.join(missing)} not found in district {adcode}; "
                           "pick from the street list")
    rings = sum((_shape_rings(g) for _, _, g in chosen), ())
    return Area("、".join(name for _, name, _ in chosen), rings,
                geocodes=tuple(("street", code) for code, _, _ in chosen))


def grid_area(cells: list[str]) -> Area:
    """Grid cells (网格, ids like 110101-012-034) as one area, adjacent cells merged."""
    import shapely

    from maps.places import grid_cell_bounds

    boxes = []
    for cell in cells:
        try:
            boxes.append(shapely.box(*grid_cell_bounds(cell)))
        except (ValueError, KeyError):
            raise WarningError(f"grid cell {cell!r}: unknown; expected an id like 110101-012-034") from None
    if not boxes:
        raise WarningError("grid cells: none chosen")
    return Area(f"网格 {'、'.join(cells[:5])}{' 等' if len(cells) > 5 else ''}",
                _shape_rings(shapely.union_all(boxes)), geocodes=tuple(("grid", c) for c in cells))


def map_records(alert_id: str, title: str, roman_level: str, areas) -> list[dict]:
    """Records of MapView's warning_areas layer: one per polygon or circle of the alert
    ({id, title, level, geometry} or {id, title, level, lon, lat, radius_m})."""
    out = []
    for a_i, area in enumerate(areas):
        for p_i, ring in enumerate(area.polygons):
            lon = sum(p[0] for p in ring[:-1]) / max(len(ring) - 1, 1)
            lat = sum(p[1] for p in ring[:-1]) / max(len(ring) - 1, 1)
            out.append({"id": f"{alert_id}#{a_i}p{p_i}", "title": title, "level": roman_level,
                        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
                        "lon": lon, "lat": lat, "alert_id": alert_id})
        for c_i, (lon, lat, radius) in enumerate(area.circles):
            out.append({"id": f"{alert_id}#{a_i}c{c_i}", "title": title, "level": roman_level,
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "radius_m": max(radius, 1.0), "lon": lon, "lat": lat, "alert_id": alert_id})
    return out
