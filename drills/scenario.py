"""Scenario files: a timeline of injects at relative times and real places in the district.

    scenario = load_scenario("resources/scenarios/gas_explosion_dongsi.yaml")

Every problem is reported as `file:line: field: problem; expected ...`, all of them at once
(ScenarioError.problems), so a trainer fixes a file in one pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plans.taxonomy import incident_type

INJECT_KINDS = ("phone_report", "sensor_reading", "sensor_alarm", "casualty_update",
                "unit_breakdown", "camera_dark", "network_outage")
SENSOR_KINDS = ("co", "gas", "smoke", "water_level", "elevator", "air_quality")
UNIT_KINDS = ("fire_engine", "ladder", "hazmat", "rescue", "ambulance", "police", "gas_repair",
              "water_pump")
_TIME = re.compile(r"^(\d{1,2}):([0-5]\d):([0-5]\d)$")
MAX_DRILL_S = 24 * 3600


class ScenarioError(ValueError):
    """A scenario file that cannot be used; `problems` lists every `file:line: ...` line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Inject:
    """One event the trainer's script plays into the drill at `at_s` seconds from the start."""
    at_s: int
    kind: str
    line: int
    id: str
    lon: float | None = None
    lat: float | None = None
    street: str | None = None          # the street the place lies in (from maps.places.locate)
    incident_type: str | None = None   # phone_report
    title: str | None = None
    caller: str | None = None
    deaths: int | None = None          # counts as the regulations count them (plans.registry.METRICS)
    missing: int | None = None
    serious_injuries: int | None = None   # 重伤（含急性中毒）: grades where a rule says 重伤
    injuries: int | None = None        # 受伤: everyone hurt; shown, not graded where a rule says 重伤
    affected: int | None = None
    incident: str | None = None        # casualty_update: id of the phone_report it updates
    sensor_kind: str | None = None
    metric: str | None = None          # reading name for the plan criteria, e.g. gas_lel
    value: float | None = None
    unit_kind: str | None = None       # unit_breakdown: the kind of dispatched unit that fails
    duration_s: int | None = None      # network_outage
    text: str = ""


@dataclass(frozen=True)
class Trainee:
    """How the scripted trainee paces the checklist: each task done at `pace` x its deadline,
    the last `late_tasks` tasks (by deadline) at `late_factor` x (missed on purpose)."""
    pace: float = 0.6
    late_tasks: int = 0
    late_factor: float = 1.3


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    incident_type: str
    expect_plans: tuple[str, ...]
    injects: tuple[Inject, ...]
    trainee: Trainee = field(default_factory=Trainee)
    description: str = ""
    path: str = ""

    @property
    def district(self) -> str:
        """Adcode of the district where the drill happens: that of its first reported incident
        (or first placed inject). The drill runs under that district's plans and units."""
        from maps.geo import district_at
        placed = [i for i in self.injects if i.lon is not None and i.lat is not None]
        first = next((i for i in placed if i.kind == "phone_report"), placed[0] if placed else None)
        return (district_at(first.lon, first.lat) or "") if first else ""

    @property
    def duration_s(self) -> int:
        return max((i.at_s + (i.duration_s or 0) for i in self.injects), default=0)


def parse_time(text: str) -> int | None:
    """'00:02:30' -> 150 seconds; None if it is not HH:MM:SS."""
    m = _TIME.match(text.strip()) if isinstance(text, str) else None
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) if m else None


def format_time(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


_STREETS: dict[str, tuple[float, float]] | None = None


def street_centres() -> dict[str, tuple[float, float]]:
    """Street (街道/地区) name -> the point that stands for it, in Dongcheng and Chaoyang."""
    global _STREETS
    if _STREETS is None:
        from maps.places import street_centres as centres  # the seeds the locator itself uses
        _STREETS = centres()
    return _STREETS


class _Reader:
    """Walks the YAML node tree keeping line numbers, collecting problems instead of raising."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def bad(self, node: yaml.Node | None, where: str, problem: str, expected: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.path}:{line}: {where}: {problem}; expected {expected}")

    def mapping(self, node: yaml.Node, where: str) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, where, f"is a {_what(node)}", "a mapping of field: value")
            return None
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                self.bad(k, where, "a key is not plain text", "field names such as 'at' or 'kind'")
                continue
            if k.value in out:
                self.bad(k, f"{where}.{k.value}", "given twice", "each field once")
            out[k.value] = v
        return out

    def text(self, node: yaml.Node | None, where: str, required: bool = True) -> str | None:
        if node is None:
            if required:
                self.problems.append(f"{self.path}:1: {where}: missing; expected a value")
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.bad(node, where, f"is {_what(node)}", "a non-empty text")
            return None
        return str(node.value).strip()

    def number(self, node: yaml.Node | None, where: str, lo: float, hi: float,
               integer: bool = False) -> float | None:
        if node is None:
            return None
        try:
            if not isinstance(node, yaml.ScalarNode):
                raise ValueError
            v = int(node.value) if integer else float(node.value)
        except (ValueError, TypeError, OverflowError):
            self.bad(node, where, f"{_show(node)} is not a number",
                     f"{'a whole number' if integer else 'a number'} from {lo:g} to {hi:g}")
            return None
        if not (lo <= v <= hi):
            self.bad(node, where, f"{v:g} is out of range", f"from {lo:g} to {hi:g}")
            return None
        return v


def _what(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{_show(node)}" if node is not None else "missing"


def _show(node: yaml.Node) -> str:
    v = getattr(node, "value", "")
    return repr(v[:40] if isinstance(v, str) else "…")


_COMMON = {"at", "kind", "id", "note"}
# The casualty counts an inject may give. `injured` is the key older scenario files used for 受伤
# (everyone hurt): it is read as `injuries`, never as 重伤 (`serious_injuries`).
CASUALTY_COUNTS = ("deaths", "missing", "serious_injuries", "injuries")
LEGACY_COUNTS = {"injured": "injuries"}
_FIELDS = {
    "phone_report": {"type", "place", "title", "caller", *CASUALTY_COUNTS, *LEGACY_COUNTS, "affected"},
    "sensor_reading": {"place", "sensor_kind", "metric", "value"},
    "sensor_alarm": {"place", "sensor_kind", "metric", "value"},
    "casualty_update": {"incident", *CASUALTY_COUNTS, *LEGACY_COUNTS},
    "unit_breakdown": {"unit_kind"},
    "camera_dark": {"place"},
    "network_outage": {"duration"},
}
_NEEDS_PLACE = {"phone_report", "sensor_reading", "sensor_alarm", "camera_dark"}


def _place(r: _Reader, node: yaml.Node | None, where: str) -> tuple[float, float, str] | None:
    """A place as [lon, lat] or a street name; must lie in Dongcheng or Chaoyang."""
    from maps.places import locate
    if node is None:
        r.problems.append(f"{r.path}:1: {where}: missing; expected [lon, lat] or a street name")
        return None
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) != 2:
            r.bad(node, where, f"has {len(node.value)} numbers", "[lon, lat], e.g. [116.42, 39.93]")
            return None
        lon = r.number(node.value[0], f"{where}[0] (lon)", -180, 180)
        lat = r.number(node.value[1], f"{where}[1] (lat)", -90, 90)
        if lon is None or lat is None:
            return None
    elif isinstance(node, yaml.ScalarNode):
        name = str(node.value).strip()
        streets = street_centres()
        if name not in streets:
            close = [s for s in streets if name and (name in s or s in name)][:3]
            r.bad(node, where, f"street {name!r} is not in Dongcheng or Chaoyang",
                  "[lon, lat] or a street name such as " + "、".join(close or ["东四街道", "呼家楼街道"]))
            return None
        lon, lat = streets[name]
    else:
        r.bad(node, where, "is a mapping", "[lon, lat] or a street name")
        return None
    place = locate(lon, lat)
    if place is None:
        r.bad(node, where, f"({lon:.5f}, {lat:.5f}) lies outside Dongcheng and Chaoyang",
              "a point inside one of the two districts")
        return None
    return lon, lat, place.street_name


def _inject(r: _Reader, node: yaml.Node, n: int, reports: set[str]) -> Inject | None:
    where = f"injects[{n}]"
    m = r.mapping(node, where)
    if m is None:
        return None
    before = len(r.problems)
    kind = r.text(m.get("kind"), f"{where}.kind") if "kind" in m else None
    if kind is None:
        if "kind" not in m:
            r.bad(node, f"{where}.kind", "missing", "one of " + ", ".join(INJECT_KINDS))
        return None
    if kind not in INJECT_KINDS:
        r.bad(m["kind"], f"{where}.kind", f"unknown kind {kind!r}", "one of " + ", ".join(INJECT_KINDS))
        return None
    for key, v in m.items():
        if key not in _COMMON | _FIELDS[kind]:
            r.bad(v, f"{where}.{key}", f"not a field of a {kind} inject",
                  "one of " + ", ".join(sorted(_COMMON | _FIELDS[kind])))
    at_text = r.text(m.get("at"), f"{where}.at") if "at" in m else None
    if "at" not in m:
        r.bad(node, f"{where}.at", "missing", 'a time from the start as "HH:MM:SS"')
    at_s = parse_time(at_text) if at_text is not None else None
    if at_text is not None and at_s is None:
        r.bad(m["at"], f"{where}.at", f"{at_text!r} is not a time", 'a time as "HH:MM:SS", e.g. "00:02:30"')
    iid = r.text(m.get("id"), f"{where}.id") if "id" in m else f"{kind}-{n + 1}"
    f: dict[str, Any] = {}
    if kind in _NEEDS_PLACE:
        place = _place(r, m.get("place"), f"{where}.place")
        if place:
            f["lon"], f["lat"], f["street"] = place
    if kind == "phone_report":
        if "type" in m:
            t = r.text(m["type"], f"{where}.type")
            try:
                f["incident_type"] = incident_type(t).code if t else None
            except (KeyError, ValueError):
                r.bad(m["type"], f"{where}.type", f"unknown incident type {t!r}",
                      "a code from plans.taxonomy such as gas, waterlogging, hazchem, crowd_crush")
        f["title"] = r.text(m.get("title"), f"{where}.title", required=False)
        f["caller"] = r.text(m.get("caller"), f"{where}.caller", required=False)
        reports.add(iid or "")
    if kind in ("phone_report", "casualty_update"):
        for k in CASUALTY_COUNTS + (("affected",) if kind == "phone_report" else ()):
            v = r.number(m.get(k), f"{where}.{k}", 0, 100_000, integer=True)
            f[k] = int(v) if v is not None else None
        for old, new in LEGACY_COUNTS.items():
            if old not in m:
                continue
            if new in m:
                r.bad(m[old], f"{where}.{old}", f"given with {new}",
                      f"only {new} (受伤, everyone hurt); {old} is its older name")
                continue
            v = r.number(m[old], f"{where}.{old}", 0, 100_000, integer=True)
            f[new] = int(v) if v is not None else None
    if kind == "casualty_update":
        ref = r.text(m.get("incident"), f"{where}.incident", required=False)
        if ref is not None and ref not in reports:
            r.bad(m["incident"], f"{where}.incident", f"no earlier phone_report with id {ref!r}",
                  "the id of a phone_report that comes before it")
        if ref is None and not reports:
            r.bad(node, where, "no phone_report before this casualty update", "a phone_report first")
        f["incident"] = ref
        if all(f.get(k) is None for k in CASUALTY_COUNTS):
            r.bad(node, where, "gives no casualty count", "at least one of " + ", ".join(CASUALTY_COUNTS))
    if kind in ("sensor_reading", "sensor_alarm"):
        sk = r.text(m.get("sensor_kind"), f"{where}.sensor_kind")
        if sk is not None and sk not in SENSOR_KINDS:
            r.bad(m["sensor_kind"], f"{where}.sensor_kind", f"unknown sensor kind {sk!r}",
                  "one of " + ", ".join(SENSOR_KINDS))
        f["sensor_kind"] = sk
        f["metric"] = r.text(m.get("metric"), f"{where}.metric", required=False)
        f["value"] = r.number(m.get("value"), f"{where}.value", -1e6, 1e6)
        if "value" not in m:
            r.bad(node, f"{where}.value", "missing", "the reading, a number")
    if kind == "unit_breakdown":
        uk = r.text(m.get("unit_kind"), f"{where}.unit_kind")
        if uk is not None and uk not in UNIT_KINDS:
            r.bad(m["unit_kind"], f"{where}.unit_kind", f"unknown unit kind {uk!r}",
                  "one of " + ", ".join(UNIT_KINDS))
        f["unit_kind"] = uk
    if kind == "network_outage":
        d = r.text(m.get("duration"), f"{where}.duration")
        ds = parse_time(d) if d is not None else None
        if d is not None and not ds:
            r.bad(m["duration"], f"{where}.duration", f"{d!r} is not a positive duration",
                  'a duration as "HH:MM:SS", e.g. "00:03:00"')
        f["duration_s"] = ds
    if "note" in m:
        f["text"] = r.text(m["note"], f"{where}.note", required=False) or ""
    if len(r.problems) > before or at_s is None or iid is None:
        return None
    return Inject(at_s=at_s, kind=kind, line=node.start_mark.line + 1, id=iid, **f)


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    """Parse and validate scenario YAML; raises ScenarioError listing every problem."""
    r = _Reader(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ScenarioError([f"{path}:{line}: yaml: {getattr(exc, 'problem', None) or exc}; "
                             "expected well-formed YAML (check indentation and quotes)"]) from None
    if root is None:
        raise ScenarioError([f"{path}:1: scenario: the file is empty; expected id, title, "
                             "incident_type, expect_plans and injects"])
    m = r.mapping(root, "scenario")
    if m is None:
        raise ScenarioError(r.problems)
    known = {"id", "title", "incident_type", "expect_plans", "injects", "trainee", "description"}
    for key, v in m.items():
        if key not in known:
            r.bad(v, key, "unknown field", "one of " + ", ".join(sorted(known)))
    for key in ("id", "title", "incident_type", "expect_plans", "injects"):
        if key not in m:
            r.bad(root, key, "missing", "it at the top level of the scenario")
    sid = r.text(m.get("id"), "id") if "id" in m else None
    title = r.text(m.get("title"), "title") if "title" in m else None
    itype = None
    if "incident_type" in m:
        t = r.text(m["incident_type"], "incident_type")
        try:
            itype = incident_type(t).code if t else None
        except (KeyError, ValueError):
            r.bad(m["incident_type"], "incident_type", f"unknown incident type {t!r}",
                  "a code from plans.taxonomy such as gas, waterlogging, hazchem, crowd_crush")
    plans: list[str] = []
    if "expect_plans" in m:
        node = m["expect_plans"]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            r.bad(node, "expect_plans", f"is {_what(node)}", "a non-empty list of plan ids such as special-gas")
        else:
            plans = [p for i, n in enumerate(node.value) if (p := r.text(n, f"expect_plans[{i}]"))]
    trainee = Trainee()
    if "trainee" in m and (tm := r.mapping(m["trainee"], "trainee")) is not None:
        for key, v in tm.items():
            if key not in ("pace", "late_tasks", "late_factor"):
                r.bad(v, f"trainee.{key}", "unknown field", "pace, late_tasks or late_factor")
        pace = r.number(tm.get("pace"), "trainee.pace", 0.05, 1.0)
        late = r.number(tm.get("late_tasks"), "trainee.late_tasks", 0, 1000, integer=True)
        lf = r.number(tm.get("late_factor"), "trainee.late_factor", 1.01, 10.0)
        trainee = Trainee(pace if pace is not None else 0.6, int(late or 0), lf if lf is not None else 1.3)
    injects: list[Inject] = []
    if "injects" in m:
        node = m["injects"]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            r.bad(node, "injects", f"is {_what(node)}", "a non-empty list of injects")
        else:
            # Validate in time order, so "an earlier phone_report" means earlier in the drill.
            def at_of(n: yaml.Node) -> int:
                if isinstance(n, yaml.MappingNode):
                    for k, v in n.value:
                        if getattr(k, "value", None) == "at" and isinstance(v, yaml.ScalarNode):
                            return parse_time(str(v.value)) or 0
                return 0
            reports: set[str] = set()
            order = sorted(range(len(node.value)), key=lambda i: (at_of(node.value[i]), i))
            for i in order:
                inj = _inject(r, node.value[i], i, reports)
                if inj is not None:
                    injects.append(inj)
            ids = [i.id for i in injects]
            for inj in injects:
                if ids.count(inj.id) > 1:
                    r.problems.append(f"{path}:{inj.line}: injects: id {inj.id!r} used twice; "
                                      "expected each inject id once")
            if injects and not any(i.kind == "phone_report" for i in injects):
                r.bad(node, "injects", "no phone_report", "at least one phone_report that opens the incident")
            outages = [i for i in injects if i.kind == "network_outage"]
            for a, b in zip(outages, outages[1:]):
                if b.at_s < a.at_s + (a.duration_s or 0):
                    r.problems.append(f"{path}:{b.line}: injects: outage starts before the one at line "
                                      f"{a.line} ends; expected outages that do not overlap")
    if r.problems:
        raise ScenarioError(r.problems)
    return Scenario(sid, title, itype, tuple(plans), tuple(injects), trainee,
                    r.text(m.get("description"), "description", required=False) or "", path)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ScenarioError (`file:line: ...` lines)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ScenarioError([f"{p}:1: file: cannot read it ({exc.strerror or exc}); "
                             "expected a readable scenario .yaml file"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ScenarioError([f"{p}:{line}: file: not UTF-8 text; expected a UTF-8 YAML file"]) from None
    return parse_scenario(text, str(p))
