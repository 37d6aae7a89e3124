"""The alarm book: alarms raised by the sensor rules, acknowledged by the operator, cleared by
the readings; silencing; and the plan response an alarm suggests. Pure Python, no Qt."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable

from core.alarm_rules import RuleSet, Transition

NEW, ACKNOWLEDGED, CLEARED = "new", "acknowledged", "cleared"


@dataclass(frozen=True)
class Alarm:
    id: str                     # "<sensor_id>/<rule_id>": one live alarm per sensor and rule
    sensor_id: str
    kind: str
    rule_id: str
    rule_name: str
    rule_text: str              # the condition, e.g. "≥ 50（低于 40 解除）"
    level: str                  # warning | alarm
    value: float | None
    unit: str
    raised_at: float            # epoch seconds
    state: str = NEW            # new | acknowledged | cleared
    acked: bool = False         # acknowledged before or after clearing
    ack_comment: str = ""
    ack_at: float | None = None
    cleared_at: float | None = None
    silenced_until: float = 0.0

    def silenced(self, now: float) -> bool:
        return now < self.silenced_until


class AlarmBook:
    """Alarms by id. `apply(transitions)` turns rule changes into alarm changes; listeners get
    the list of changed alarms after every change (called on the caller's thread)."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._alarms: dict[str, Alarm] = {}
        self._silenced_sensors: dict[str, float] = {}
        self._listeners: list[Callable[[list[Alarm]], None]] = []

    def subscribe(self, fn: Callable[[list[Alarm]], None]) -> None:
        self._listeners.append(fn)

    def _emit(self, changed: list[Alarm]) -> None:
        if changed:
            for fn in self._listeners:
                fn(changed)

    def alarms(self) -> list[Alarm]:
        """Newest first; uncleared before cleared."""
        return sorted(self._alarms.values(), key=lambda a: (a.state == CLEARED, -a.raised_at))

    def get(self, alarm_id: str) -> Alarm | None:
        return self._alarms.get(alarm_id)

    def apply(self, transitions: Iterable[Transition]) -> list[Alarm]:
        """Raise and clear alarms from rule transitions; returns (and announces) the changed ones."""
        changed = []
        for t in transitions:
            aid = f"{t.sensor_id}/{t.rule.id}"
            old = self._alarms.get(aid)
            if t.active:
                if old is not None and old.state != CLEARED:
                    continue
                unit = self.rules.kinds[t.kind].unit if t.kind in self.rules.kinds else ""
                a = Alarm(aid, t.sensor_id, t.kind, t.rule.id, t.rule.name, t.rule.describe()
                          if t.rule.id != "offline" else "", t.rule.level, t.value, unit, t.at,
                          silenced_until=self._silenced_sensors.get(t.sensor_id, 0.0))
            else:
                if old is None or old.state == CLEARED:
                    continue
                a = replace(old, state=CLEARED, cleared_at=t.at, value=t.value)
            self._alarms[aid] = a
            changed.append(a)
        self._emit(changed)
        return changed

    def acknowledge(self, alarm_id: str, comment: str, now: float) -> Alarm:
        """The operator has seen the alarm; the comment says what is being done."""
        a = self._alarms[alarm_id]
        a = replace(a, acked=True, ack_comment=comment.strip(), ack_at=now,
                    state=CLEARED if a.state == CLEARED else ACKNOWLEDGED)
        self._alarms[alarm_id] = a
        self._emit([a])
        return a

    def silence(self, alarm_id: str, minutes: float, now: float) -> Alarm:
        """No sound for this sensor's alarms (this one and any raised again) for `minutes`."""
        a = self._alarms[alarm_id]
        until = now + minutes * 60
        self._silenced_sensors[a.sensor_id] = until
        changed = []
        for aid, other in self._alarms.items():
            if other.sensor_id == a.sensor_id:
                self._alarms[aid] = replace(other, silenced_until=until)
                changed.append(self._alarms[aid])
        self._emit(changed)
        return self._alarms[alarm_id]

    def purge_cleared(self, before: float) -> int:
        """Forget acknowledged alarms cleared before `before`; returns how many."""
        gone = [k for k, a in self._alarms.items()
                if a.state == CLEARED and a.acked and (a.cleared_at or 0) < before]
        for k in gone:
            del self._alarms[k]
        return len(gone)

    def counts(self) -> dict[str, int]:
        out = {NEW: 0, ACKNOWLEDGED: 0, CLEARED: 0}
        for a in self._alarms.values():
            out[a.state] += 1
        return out


def suggest_plan(alarm: Alarm, library, rules: RuleSet, lon: float | None = None,
                 lat: float | None = None, deaths: int | None = None, serious_injuries: int | None = None,
                 district: str | None = None, injuries: int | None = None):
    """The plan response for an alarm, through the plans activation: the incident type of the
    sensor kind (CO -> 燃气事故), the reading as the kind's metric (co_ppm, gas_lel...), and any
    casualties reported (重伤 grades; 受伤 is shown, not graded); level IV unless the facts
    grade higher. None for an offline alarm. Raises plans.library.OutsideDistricts for a
    sensor outside the districts with plans."""
    from plans.model import IncidentFacts

    kr = rules.kinds.get(alarm.kind)
    if kr is None or alarm.rule_id == "offline" or not kr.incident_type:
        return None
    readings = {kr.metric: float(alarm.value)} if kr.metric and alarm.value is not None else {}
    # graded under the plans of the sensor's district (its record's, else the one at its point)
    return library.activate(IncidentFacts(incident_type=kr.incident_type, deaths=deaths,
                                          serious_injuries=serious_injuries, injuries=injuries,
                                          readings=readings, lon=lon, lat=lat, district=district))
