"""Sensor alarm rules as data (resources/sensors/rules.yaml) and the engine that applies them.

Pure Python, no Qt. Three rule shapes: threshold with hysteresis (raise at X, clear below Y),
rate of rise over a window, and coded values (elevator faults). Offline detection: no reading
for `offline_after` reporting intervals.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "resources" / "sensors" / "rules.yaml"
LEVELS = ("warning", "alarm")
OFFLINE_RULE = "offline"


class RulesError(ValueError):
    """Invalid rules file; the message lists every problem as `file:line: field: problem; expected ...`."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    name: str
    level: str                          # warning | alarm
    raise_at: float | None = None       # threshold rules
    clear_below: float | None = None
    rise_per_min: float | None = None   # rate rules
    window_s: float = 60.0
    codes: tuple[float, ...] = ()       # coded rules

    @property
    def shape(self) -> str:
        return "code" if self.codes else "rate" if self.rise_per_min is not None else "threshold"

    def describe(self) -> str:
        """Short Chinese text of the condition, shown next to the alarm."""
        if self.shape == "code":
            return "读数 = " + "/".join(f"{c:g}" for c in self.codes)
        if self.shape == "rate":
            return f"{self.window_s / 60:g} 分钟内上升 > {self.rise_per_min:g}/分钟"
        return f"≥ {self.raise_at:g}（低于 {self.clear_below:g} 解除）"


@dataclass(frozen=True)
class KindRules:
    kind: str
    unit: str
    incident_type: str
    metric: str | None
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RuleSet:
    interval_s: float
    offline_after: int
    kinds: dict[str, KindRules]

    def for_kind(self, kind: str) -> tuple[Rule, ...]:
        k = self.kinds.get(kind)
        return k.rules if k else ()

    def rule(self, rule_id: str) -> Rule | None:
        for k in self.kinds.values():
            for r in k.rules:
                if r.id == rule_id:
                    return r
        return None

    def thresholds(self, kind: str) -> list[tuple[float, str]]:
        """(value, level) of the threshold rules of a kind, for trend lines."""
        return [(r.raise_at, r.level) for r in self.for_kind(kind) if r.shape == "threshold"]


# -- loading and validation ---------------------------------------------------------------------
def load_rules(path: Path | str = DEFAULT_RULES, text: str | None = None) -> RuleSet:
    """Read and validate a rules file; raises RulesError listing every problem found."""
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RulesError(f"{path}:{line}: YAML syntax: {getattr(exc, 'problem', exc)}; "
                         "expected a valid YAML mapping") from None
    v = _Validator(path)
    rs = v.ruleset(root)
    if v.errors:
        raise RulesError("\n".join(v.errors))
    return rs


def dump_rules(rules: RuleSet) -> str:
    """The rules as a rules file (YAML) that load_rules reads back to the same RuleSet."""
    def num(x: float):
        return int(x) if float(x).is_integer() else x

    kinds = {}
    for kind, kr in rules.kinds.items():
        items = []
        for r in kr.rules:
            item = {"id": r.id, "name": r.name, "level": r.level}
            if r.shape == "threshold":
                item.update({"raise": num(r.raise_at), "clear": num(r.clear_below)})
            elif r.shape == "rate":
                item.update({"rise_per_min": num(r.rise_per_min), "window_s": num(r.window_s)})
            else:
                item["codes"] = [num(c) for c in r.codes]
            items.append(item)
        entry = {"unit": kr.unit, "incident_type": kr.incident_type}
        if kr.metric:
            entry["metric"] = kr.metric
        entry["rules"] = items
        kinds[kind] = entry
    body = yaml.safe_dump({"interval_s": num(rules.interval_s), "offline_after": rules.offline_after,
                           "kinds": kinds}, allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=100)
    return ("# Alarm rules per sensor kind, saved by the console (设置 → 告警规则); the shipped\n"
            "# resources/sensors/rules.yaml explains every field.\n" + body)


class _Validator:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[str] = []

    def err(self, node, field_: str, problem: str, expected: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(f"{self.path}:{line}: {field_}: {problem}; expected {expected}")

    def mapping(self, node, field_: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, field_, "not a mapping", "key: value pairs")
            return None
        return {k.value: val for k, val in node.value}

    def number(self, node, field_: str, positive: bool = False) -> float | None:
        try:
            value = float(node.value) if isinstance(node, yaml.ScalarNode) else None
        except ValueError:
            value = None
        if value is None or (positive and value <= 0):
            self.err(node, field_, f"{getattr(node, 'value', node)!r} is not a "
                     f"{'positive ' if positive else ''}number", "a number, e.g. 25")
            return None
        return value

    def ruleset(self, root) -> RuleSet | None:
        if root is None:
            self.err(None, "(file)", "empty", "interval_s, offline_after and kinds")
            return None
        top = self.mapping(root, "(file)") or {}
        interval = self.number(top["interval_s"], "interval_s", True) if "interval_s" in top else 60.0
        offline = self.number(top["offline_after"], "offline_after", True) if "offline_after" in top else 3
        kinds: dict[str, KindRules] = {}
        seen: set[str] = set()
        if "kinds" not in top:
            self.err(root, "kinds", "missing", "a mapping of sensor kind to its rules")
        else:
            for k_node, v_node in (top["kinds"].value if isinstance(top["kinds"], yaml.MappingNode) else []):
                kr = self.kind(k_node.value, v_node, seen)
                if kr is not None:
                    kinds[kr.kind] = kr
            if not isinstance(top["kinds"], yaml.MappingNode):
                self.mapping(top["kinds"], "kinds")
        return RuleSet(interval or 60.0, int(offline or 3), kinds)

    def kind(self, kind: str, node, seen: set[str]) -> KindRules | None:
        m = self.mapping(node, f"kinds.{kind}")
        if m is None:
            return None
        unit = m["unit"].value if "unit" in m else ""
        if "incident_type" not in m:
            self.err(node, f"kinds.{kind}.incident_type", "missing", "an incident type code, e.g. gas")
        itype = m["incident_type"].value if "incident_type" in m else ""
        metric = m["metric"].value if "metric" in m else None
        rules = []
        r_node = m.get("rules")
        if not isinstance(r_node, yaml.SequenceNode):
            self.err(r_node or node, f"kinds.{kind}.rules", "missing or not a list", "a list of rules")
        else:
            for i, rn in enumerate(r_node.value):
                r = self.rule(kind, i, rn, seen)
                if r is not None:
                    rules.append(r)
        return KindRules(kind, str(unit or ""), str(itype), metric, tuple(rules))

    def rule(self, kind: str, i: int, node, seen: set[str]) -> Rule | None:
        where = f"kinds.{kind}.rules[{i}]"
        m = self.mapping(node, where)
        if m is None:
            return None
        n_err = len(self.errors)
        rid = m["id"].value if "id" in m else None
        if not rid:
            self.err(node, f"{where}.id", "missing", "a unique rule id, e.g. co_alarm")
        elif rid in seen or rid == OFFLINE_RULE:
            self.err(m["id"], f"{where}.id", f"{rid!r} used twice or reserved", "a unique rule id")
        seen.add(rid or "")
        level = m["level"].value if "level" in m else None
        if level not in LEVELS:
            self.err(m.get("level", node), f"{where}.level", f"{level!r} is not a level", "warning or alarm")
        shapes = [s for s in ("raise", "rise_per_min", "codes") if s in m]
        if len(shapes) != 1:
            self.err(node, where, f"has {', '.join(shapes) or 'none'} of raise/rise_per_min/codes",
                     "exactly one of raise (with clear), rise_per_min (with window_s) or codes")
            return None
        kw: dict = {}
        if "raise" in m:
            kw["raise_at"] = self.number(m["raise"], f"{where}.raise")
            if "clear" not in m:
                self.err(node, f"{where}.clear", "missing", "a value below raise (hysteresis)")
            else:
                kw["clear_below"] = self.number(m["clear"], f"{where}.clear")
                if None not in (kw["raise_at"], kw["clear_below"]) and kw["clear_below"] >= kw["raise_at"]:
                    self.err(m["clear"], f"{where}.clear", f"{kw['clear_below']:g} is not below raise "
                             f"{kw['raise_at']:g}", "clear < raise so noise does not flap")
        elif "rise_per_min" in m:
            kw["rise_per_min"] = self.number(m["rise_per_min"], f"{where}.rise_per_min", True)
            if "window_s" in m:
                kw["window_s"] = self.number(m["window_s"], f"{where}.window_s", True)
        else:
            c = m["codes"]
            if not isinstance(c, yaml.SequenceNode) or not c.value:
                self.err(c, f"{where}.codes", "not a non-empty list", "a list of coded values, e.g. [1]")
            else:
                kw["codes"] = tuple(x for x in (self.number(n, f"{where}.codes") for n in c.value)
                                    if x is not None)
        if len(self.errors) > n_err:
            return None
        name = m["name"].value if "name" in m else rid
        return Rule(id=rid, kind=kind, name=str(name), level=level, **kw)


# -- evaluation ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    """A rule started (active=True) or stopped holding for a sensor."""
    sensor_id: str
    kind: str
    rule: Rule
    active: bool
    value: float | None
    at: float                           # epoch seconds


OFFLINE = Rule(id=OFFLINE_RULE, kind="*", name="传感器离线", level="warning")


@dataclass
class _SensorTrack:
    kind: str
    last_at: float
    history: deque = field(default_factory=deque)     # (at, value) within the longest window
    active: set = field(default_factory=set)          # rule ids holding now
    value: float | None = None                        # the latest reading


class RuleEngine:
    """Feeds readings through the rules; returns only the changes (raise / clear)."""

    def __init__(self, rules: RuleSet) -> None:
        self._tracks: dict[str, _SensorTrack] = {}
        self._use(rules)

    def _use(self, rules: RuleSet) -> None:
        self.rules = rules
        # per kind: (rule, shape) pairs and the longest rate window, worked out once; a full
        # snapshot runs every sensor through here
        self._plan = {kind: ([(r, r.shape) for r in kr.rules],
                             max((r.window_s for r in kr.rules if r.shape == "rate"), default=0.0))
                      for kind, kr in rules.kinds.items()}

    def set_rules(self, rules: RuleSet, at: float) -> list[Transition]:
        """Use new rules from now on, keeping what each sensor has shown. Returns the changes:
        alarms of rules that are gone (or changed kind) clear; threshold and code rules are
        judged again on each sensor's latest reading, so a moved threshold takes effect at
        once; a rate rule keeps its state until the next reading."""
        old = {r.id: r for kr in self.rules.kinds.values() for r in kr.rules}
        self._use(rules)
        new = {r.id: r for kr in rules.kinds.values() for r in kr.rules}
        out: list[Transition] = []
        for sid, t in self._tracks.items():
            for rid in sorted(t.active - {OFFLINE_RULE}):
                r = new.get(rid)
                if r is None or r.kind != t.kind:
                    t.active.discard(rid)
                    out.append(Transition(sid, t.kind, old[rid], False, t.value, at))
            if t.value is None:
                continue
            for r, shape in self._plan.get(t.kind, ((), 0.0))[0]:
                if shape == "rate":
                    continue
                was = r.id in t.active
                holds = (t.value in r.codes if shape == "code"
                         else t.value >= (r.clear_below if was else r.raise_at))
                if holds != was:
                    (t.active.add if holds else t.active.discard)(r.id)
                    out.append(Transition(sid, t.kind, r, holds, t.value, at))
        return out

    def active(self, sensor_id: str) -> set[str]:
        t = self._tracks.get(sensor_id)
        return set(t.active) if t else set()

    def feed(self, sensor_id: str, kind: str, value: float, at: float) -> list[Transition]:
        """One reading of a sensor at epoch time `at`; the rules that started or stopped holding."""
        t = self._tracks.get(sensor_id)
        if t is None:
            t = self._tracks[sensor_id] = _SensorTrack(kind, at)
        out: list[Transition] = []
        active = t.active
        if active and OFFLINE_RULE in active:
            active.discard(OFFLINE_RULE)
            out.append(Transition(sensor_id, kind, OFFLINE, False, value, at))
        if at >= t.last_at:
            t.last_at = at
            t.value = value
        rules, window = self._plan.get(kind, ((), 0.0))
        if window:
            t.history.append((at, value))
            while t.history[0][0] < at - window:
                t.history.popleft()
        for r, shape in rules:
            was = r.id in active
            if shape == "threshold":
                holds = value >= (r.clear_below if was else r.raise_at)
            elif shape == "code":
                holds = value in r.codes
            else:
                holds = len(t.history) > 1 and self._rate_holds(r, value, at, t.history)
            if holds != was:
                (active.add if holds else active.discard)(r.id)
                out.append(Transition(sensor_id, kind, r, holds, value, at))
        return out

    @staticmethod
    def _rate_holds(r: Rule, value: float, at: float, history: deque) -> bool:
        # the steepest rise from any reading in the window to this one, per minute; the
        # elapsed time counts as at least a minute so one noisy step cannot look steep
        start = at - r.window_s
        rate = max(((value - v) / max((at - a) / 60.0, 1.0)
                    for a, v in history if start <= a < at), default=0.0)
        return rate > r.rise_per_min

    def check_offline(self, now: float) -> list[Transition]:
        """Sensors silent for `offline_after` intervals go offline (once, until a reading comes)."""
        limit = self.rules.interval_s * self.rules.offline_after
        out = []
        for sid, t in self._tracks.items():
            if OFFLINE_RULE not in t.active and now - t.last_at >= limit:
                t.active.add(OFFLINE_RULE)
                out.append(Transition(sid, t.kind, OFFLINE, True, None, now))
        return out

    def mark_offline(self, sensor_id: str, kind: str, at: float) -> list[Transition]:
        """Another source (the server's sensor state) says the sensor is offline."""
        t = self._tracks.setdefault(sensor_id, _SensorTrack(kind, at))
        if OFFLINE_RULE in t.active:
            return []
        t.active.add(OFFLINE_RULE)
        return [Transition(sensor_id, kind, OFFLINE, True, None, at)]
