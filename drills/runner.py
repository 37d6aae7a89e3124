"""Headless drill: play a scenario against its own embedded server with a scripted trainee.

The drill runs on a fresh SQLite file in a work directory of its own, served by its own server
process (server.embedded): nothing a drill does can reach the live database or a live unit.
Every command carries `issued_at` on the drill clock (start + scenario time), so the review
reads drill times straight from the server's log whatever the playing speed. All commands go
through the console's durable outbox (core.store + core.outbox): a network_outage inject
really kills the drill server for its duration; what the trainee does meanwhile stays queued
and is delivered when the server is back.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Awaitable, Callable

from core import commands as C
from core.api import ApiClient, Offline
from core.outbox import Outbox
from core.recommend import recommend
from core.store import Store
from drills.clock import DrillClock
from drills.review import review
from drills.scenario import CASUALTY_COUNTS, Inject, Scenario
from maps import geo
from plans.library import PlanLibrary
from plans.model import Activation, IncidentFacts
from server.embedded import EmbeddedServer, start_embedded

log = logging.getLogger(__name__)

TRAINEE = "演练学员"
CONTROL = "演练导调"
EXERCISE_TAG = "【演练】"
# The scripted trainee's reaction times after a phone report, in drill seconds: a fixed,
# realistic rhythm (立案 -> 定级 -> 启动预案 -> 调派) so that the review's figures are known.
REACT_CREATE_S = 30
REACT_GRADE_S = 60
REACT_ACTIVATE_S = 90
REACT_DISPATCH_S = 120
REACT_FOLLOW_UP_S = 30
REACT_WARN_S = 150        # the trainee publishes an exercise warning (CAP status Exercise)
EN_ROUTE_AFTER_S = 30
FIRST_WAVE_PER_KIND = 3   # the first wave: at most this many units of each kind the plans ask for
SPEEDS = ("1", "5", "20", "max")
TASK_HORIZON_MIN = 24 * 60   # the scripted trainee works the tasks due within the first day


@dataclass
class _Incident:
    id: str
    report: Inject
    type: str
    lon: float
    lat: float
    counts: dict[str, int] = field(default_factory=dict)   # deaths, missing, serious_injuries, injuries
    affected: int | None = None
    readings: dict[str, float] = field(default_factory=dict)
    activation: Activation | None = None
    tasks: dict[str, str] = field(default_factory=dict)   # plan task id -> server task id
    units: list[dict] = field(default_factory=list)       # dispatched unit records (local copy)

    def facts(self) -> IncidentFacts:
        return IncidentFacts(self.type, affected=self.affected, readings=dict(self.readings), lon=self.lon,
                             lat=self.lat, **self.counts)


def _counts(inj: Inject) -> dict[str, int]:
    """The casualty counts an inject gives (受伤 apart from 重伤), by fact code."""
    return {k: getattr(inj, k) for k in CASUALTY_COUNTS if getattr(inj, k) is not None}


_COUNT_NAMES = {"deaths": "死亡", "missing": "失踪", "serious_injuries": "重伤", "injuries": "受伤"}


@dataclass
class DrillResult:
    """What a run leaves: the drill database, the review figures and the outbox's account."""
    db_path: Path
    figures: dict
    queued_during_outage: int = 0
    failed_sends_during_outage: int = 0
    refused: list[str] = field(default_factory=list)
    epoch: datetime | None = None           # the drill start (drill time 0)
    clock: DrillClock | None = None         # maps wall stamps to drill time (console drills)
    incident_prefix: str = "DRL-"


def parse_speed(text: str) -> float:
    """'1' | '5' | '20' | 'max' -> drill seconds per wall second (inf for max)."""
    if text not in SPEEDS:
        raise ValueError(f"speed {text!r}; expected one of {', '.join(SPEEDS)}")
    return math.inf if text == "max" else float(text)


class DrillRunner:
    """Plays one scenario; `await run()` returns a DrillResult. Use a fresh `workdir`."""

    def __init__(self, scenario: Scenario, workdir: str | Path | None = None, speed: float = math.inf,
                 library: PlanLibrary | None = None, seed: int = 20261122, *,
                 server: EmbeddedServer | None = None, db_path: str | Path | None = None,
                 trainee: bool = True, hold_open: bool = False,
                 on_inject: Callable[[Inject, int], None] | None = None) -> None:
        """`server` + `db_path`: play against a drill server that already runs (the console's,
        in drill mode) instead of starting one; commands then carry wall-clock stamps which the
        review maps through `clock`. `trainee=False` leaves the trainee's part to people at
        the console; `hold_open` keeps the drill running after the last inject until stop()."""
        self.scenario = scenario
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="ecc-drill-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._own_server = server is None
        if server is not None and db_path is None:
            raise ValueError("DrillRunner: a given server needs its db_path (the review reads it)")
        self.db_path = Path(db_path) if db_path is not None else self.workdir / "drill.sqlite"
        if self._own_server and self.db_path.exists():
            raise FileExistsError(f"{self.db_path}: a drill database is already there; "
                                  "give an empty work directory, a drill always starts fresh")
        self.speed = speed
        self.seed = seed
        self.library = library
        self.server: EmbeddedServer | None = server
        self.scripted_trainee = trainee
        self.hold_open = hold_open
        self.on_inject = on_inject
        self.epoch = datetime.now(timezone.utc).replace(microsecond=0)
        # A drill on the console's server shares it with earlier drills: its own id prefix.
        self.prefix = "DRL-" if self._own_server else f"DRL-{self.epoch:%m%d%H%M%S}-"
        self.clock: DrillClock | None = None
        self.fired: list[tuple[int, Inject]] = []
        self._wake = asyncio.Event()
        self._stopping = False
        self._paused = False
        self._queue: list[tuple[int, int, int, Callable[[int], Awaitable[None] | None]]] = []
        self._seq = itertools.count()
        self._incidents: dict[str, _Incident] = {}
        self._world: dict[str, list[dict]] = {}
        self._used_units: set[str] = set()
        self._offline_until: int | None = None
        self._result = DrillResult(self.db_path, {}, epoch=self.epoch, incident_prefix=self.prefix)
        self._task_n = itertools.count(1)
        self._pending_readings: dict[str, float] = {}   # readings known before the report
        self._late_left = scenario.trainee.late_tasks      # missed on purpose, in the first checklist
        self._broken: set[str] = set()
        self._reported_at: dict[str, str] = {}   # inject id -> stamp of the moment it was played

    # -- scheduling -------------------------------------------------------------------------
    def _at(self, t: int, action: Callable[[int], Awaitable[None] | None], first: bool = False) -> None:
        """Schedule `action(t)` at drill time t; `first` runs before anything else due then."""
        heapq.heappush(self._queue, (int(t), 0 if first else 1, next(self._seq), action))

    def _iso(self, t: int) -> str:
        """The stamp of drill time t: on the drill clock headless; in the console, the wall
        moment the drill clock showed t (people's commands carry wall stamps: the review maps
        both back through the clock, and t comes back exactly, however slow the loop was)."""
        if self._own_server or self.clock is None:
            return (self.epoch + timedelta(seconds=t)).isoformat()
        return self.clock.wall_at(t).isoformat()

    async def _issue(self, cmd: C.Command, t: int) -> None:
        """Stamp the command with the drill clock and commit it to the outbox (durable)."""
        await self.outbox.enqueue_async(replace(cmd, issued_at=self._iso(t)))
        if self._offline_until is not None:
            self._result.queued_during_outage += 1

    async def _flush(self) -> None:
        try:
            await self.outbox.send_pending()
        except Offline:
            if self._offline_until is None:
                raise
            self._result.failed_sends_during_outage += 1

    # -- the trainer's controls (the GUI player calls these) ----------------------------------
    def elapsed(self) -> float:
        """Drill seconds since the start (0 before it)."""
        return self.clock.seconds() if self.clock is not None else 0.0

    def upcoming(self) -> list[Inject]:
        """The injects not played yet, in time order."""
        done = {id(i) for _, i in self.fired}
        return [i for i in sorted(self.scenario.injects, key=lambda i: i.at_s) if id(i) not in done]

    def pause(self) -> None:
        self._paused = True   # also before the clock starts (the server snapshot takes a moment)
        if self.clock is not None:
            self.clock.pause()
            self._wake.set()

    def resume(self) -> None:
        self._paused = False
        if self.clock is not None:
            self.clock.resume()
            self._wake.set()

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.clock is not None and math.isfinite(speed):
            self.clock.set_speed(speed)
        self._wake.set()

    def stop(self) -> None:
        """End the drill now: what is still scheduled is dropped, the review is made."""
        self._stopping = True
        self._wake.set()

    async def _wait_until(self, t: float) -> None:
        while not self._stopping:
            if math.isinf(self.speed):
                return
            wait = self.clock.wall_seconds_until(t)
            if wait == 0:
                return
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), wait)
            except TimeoutError:
                pass

    # -- the run ----------------------------------------------------------------------------
    async def run(self) -> DrillResult:
        if self.library is None:
            self.library = await asyncio.to_thread(PlanLibrary.open)
        if self._own_server:
            # a drill database of its own: the runner signs in as its trainer, whose account
            # would be refused on live data
            self.server = await asyncio.to_thread(start_embedded, f"sqlite:///{self.db_path}", 0, False,
                                                  self.seed, "demo", drill=True)
        self.api = ApiClient(self.server.url, retries=0, connect_timeout=1.0, read_timeout=15.0)
        self.store = Store(self.workdir / "outbox.sqlite")
        self.outbox = Outbox(self.store, self.api)
        self.outbox.command_refused.connect(lambda cid, reason: self._result.refused.append(reason))
        try:
            self._world = await asyncio.to_thread(self.api.snapshot)
            for inj in self.scenario.injects:
                self._at(inj.at_s, lambda t, i=inj: self._inject(i, t))
            self.clock = DrillClock(self.speed if math.isfinite(self.speed) else 1.0)
            if self._paused:
                self.clock.pause()
            if not self._own_server:  # wall stamps: drill time 0 is the moment play starts
                self.epoch = self._result.epoch = self.clock.started
                self._result.clock = self.clock
            while self._queue and not self._stopping:
                t = self._queue[0][0]
                await self._wait_until(t)
                if self._stopping:
                    break
                t, _, _, action = heapq.heappop(self._queue)
                out = action(t)
                if asyncio.iscoroutine(out):
                    await out
                await self._flush()
            while self.hold_open and not self._stopping:
                self._wake.clear()
                await self._wake.wait()
            if self._offline_until is not None:  # stopped during an outage: bring the server back
                await self._restore(int(self.elapsed()))
            if self.outbox.count or self.store.queued_count():
                await self._flush()
            self._result.figures = await asyncio.to_thread(
                review, self.db_path, self.scenario, self.prefix, self._result.clock)
            self._result.figures.update(self._district_figures(self._result.figures))
            return self._result
        finally:
            self.api.close()
            self.store.close()
            if self.server is not None and self._own_server:
                self.server.stop()

    @property
    def _home(self) -> str | None:
        """The drill's centre is the district where it happens (the console's library, which a
        drill player shares, is left serving its own district)."""
        return self.scenario.district or None

    def _district_figures(self, fig: dict) -> dict:
        """The drill's district, and what crossed out of it: plans of another district's system
        and units of another district (allowed near the boundary, worth a look otherwise)."""
        home = self.scenario.district
        units = {u["id"]: u.get("district") for u in self._world.get("units", [])}
        used = {u["id"] for inc in self._incidents.values() for u in inc.units} | self._used_units
        titles = [self.library.get(p).title if self.library.get(p) else p for p in fig.get("plans", [])]
        return {"district": home, "plan_titles": titles,
                "plans_other_district": [p for p in fig.get("plans", [])
                                         if self.library.district_of(p) not in (None, home)],
                "units_other_district": sorted(u for u in used if units.get(u) not in (None, home))}

    # -- injects (the trainer's side) -------------------------------------------------------
    async def _inject(self, inj: Inject, t: int) -> None:
        log.info("inject %s %s at %ss", inj.id, inj.kind, t)
        self.fired.append((t, inj))
        self._reported_at[inj.id] = self._iso(t)
        if self.on_inject is not None:
            self.on_inject(inj, t)
        scripted = self.scripted_trainee
        if inj.kind == "phone_report":
            if scripted:
                self._at(t + REACT_CREATE_S, lambda t2, i=inj: self._create(i, t2))
            else:  # the call reaches the trainees as a reported incident; they take it from there
                await self._create(inj, t, operator=CONTROL)
        elif inj.kind == "casualty_update":
            if scripted:
                self._at(t + REACT_FOLLOW_UP_S, lambda t2, i=inj, ref=inj.incident: self._casualties(ref, i, t2))
            else:
                counts = "，".join(f"{_COUNT_NAMES[k]} {n} 人" for k, n in _counts(inj).items())
                await self._control_note(inj.incident, f"导调通报：伤亡更新，{counts}", t)
        elif inj.kind in ("sensor_reading", "sensor_alarm"):
            sensor = self._nearest("sensors", inj.lon, inj.lat, kind=inj.sensor_kind)
            if sensor is not None:
                await self._issue(C.report_sensor_readings([(sensor["id"], inj.value)], operator=CONTROL), t)
            if inj.metric:
                self._pending_readings[inj.metric] = inj.value
                for inc in self._incidents.values():
                    inc.readings[inj.metric] = inj.value
            if scripted:
                self._at(t + REACT_FOLLOW_UP_S, lambda t2, i=inj, s=sensor: self._note_sensor(i, s, t2))
        elif inj.kind == "unit_breakdown":
            await self._breakdown(inj, t)
        elif inj.kind == "camera_dark":
            cam = self._nearest("cameras", inj.lon, inj.lat)
            if scripted:
                self._at(t + REACT_FOLLOW_UP_S, lambda t2, c=cam, i=inj: self._note_camera(i, c, t2))
            else:
                await self._control_note(None, f"导调通报：视频 {cam['id'] if cam else inj.street} 黑屏", t)
        elif inj.kind == "network_outage":
            await asyncio.to_thread(self.server.kill)
            self._offline_until = t + inj.duration_s
            self._at(t + inj.duration_s, self._restore, first=True)  # the outage is [t, t + d)

    async def _control_note(self, ref: str | None, text: str, t: int) -> None:
        """The trainer's message to the trainees, on the drill incident's timeline."""
        inc = self._incidents_for(ref)
        if inc is not None:
            await self._issue(C.add_note(inc.id, text, operator=CONTROL), t)

    async def _restore(self, t: int) -> None:
        await asyncio.to_thread(self.server.start)
        self._offline_until = None
        log.info("drill server back at %ss; delivering %d queued commands", t, self.outbox.count)

    def _incidents_for(self, ref: str | None) -> _Incident | None:
        if ref is not None:
            return self._incidents.get(ref)
        return next(iter(self._incidents.values()), None)

    def _nearest(self, layer: str, lon: float | None, lat: float | None, kind: str | None = None) -> dict | None:
        rows = [r for r in self._world.get(layer, []) if r.get("lon") is not None
                and (kind is None or r.get("kind") == kind)]
        if not rows or lon is None:
            return None
        return min(rows, key=lambda r: geo.distance_m(lon, lat, r["lon"], r["lat"]))

    # -- the scripted trainee ---------------------------------------------------------------
    async def _create(self, inj: Inject, t: int, operator: str = TRAINEE) -> None:
        n = len(self._incidents) + 1
        inc = _Incident(f"{self.prefix}{n:03d}", inj, inj.incident_type or self.scenario.incident_type,
                        inj.lon, inj.lat, _counts(inj), inj.affected,
                        readings=dict(self._pending_readings))
        self._incidents[inj.id] = inc
        title = EXERCISE_TAG + (inj.title or self.scenario.title)
        facts = {"exercise": True, "scenario": self.scenario.id, "caller": inj.caller,
                 **_counts(inj), "affected": inj.affected}
        await self._issue(C.create_incident(inc.type, title, inc.lon, inc.lat, "IV", incident_id=inc.id,
                                            street=inj.street, facts={k: v for k, v in facts.items()
                                                                      if v is not None},
                                            reported_at=self._reported_at[inj.id], operator=operator), t)
        if not self.scripted_trainee:
            return
        r = inj.at_s
        self._at(r + REACT_GRADE_S, lambda t2: self._grade(inc, t2))
        self._at(r + REACT_ACTIVATE_S, lambda t2: self._activate(inc, t2))
        self._at(r + REACT_DISPATCH_S, lambda t2: self._dispatch(inc, t2))
        self._at(r + REACT_WARN_S, lambda t2: self._warn(inc, t2))

    async def _warn(self, inc: _Incident, t: int) -> None:
        """Publish the public warning for the incident's street, as a CAP alert with status
        Exercise: a drill never issues a real warning."""
        from cap.areas import street_area
        from cap.build import issue, to_xml
        from cap.model import Area, EarlyWarning, IdentifierMaker, issuer_code, LEVELS

        level = inc.activation.level if inc.activation else "IV"
        colour = next((c for c, lv in LEVELS.items() if lv.roman == level), "蓝")
        adcode = inc.activation.district_code if inc.activation else self.scenario.district or "110105"
        try:
            area = street_area(adcode, [inc.report.street]) if inc.report.street else None
        except ValueError:
            area = None
        area = area or Area(inc.report.title or self.scenario.title, circles=((inc.lon, inc.lat, 1000.0),))
        w = EarlyWarning(type=inc.type, colour=colour, headline=EXERCISE_TAG + self.scenario.title,
                         areas=(area,), description=f"{EXERCISE_TAG}{inc.report.title or ''}",
                         status="Exercise", drafted_by=TRAINEE)
        w.check()
        sent = self.epoch + timedelta(seconds=t) if self._own_server else None
        published = issue(w, IdentifierMaker(issuer_code(adcode)), "演练导调中心", now=sent)
        await self._issue(C.publish_alert(to_xml(published), operator=TRAINEE), t)

    async def _grade(self, inc: _Incident, t: int) -> None:
        inc.activation = act = self.library.activate(inc.facts(), self._home)
        await self._issue(C.update_incident(inc.id, level=act.level, operator=TRAINEE,
                                            facts={"graded": act.level, "grading_reason": act.reason}), t)

    async def _activate(self, inc: _Incident, t: int) -> None:
        act = inc.activation
        plans = [f"《{p.title}》" for p in act.plans]
        await self._issue(C.add_note(inc.id, "启动预案：" + "、".join(plans), operator=TRAINEE), t)
        await self._send_tasks(inc, act, t)

    async def _send_tasks(self, inc: _Incident, act: Activation, t: int) -> None:
        """Send the checklist's new tasks and schedule when the trainee reports each one done."""
        new = [task for task in act.tasks if task.id not in inc.tasks]
        if not new:
            return
        rows = []
        for task in new:
            inc.tasks[task.id] = f"{inc.id}-T{next(self._task_n):03d}"
            rows.append({"id": inc.tasks[task.id], "plan_id": task.plan_id, "department": task.department,
                         "action": task.action, "deadline_minutes": task.deadline_minutes})
        await self._issue(C.create_tasks(inc.id, rows, plan_id=next((x.plan_id for x in new if x.plan_id), None),
                                         operator=TRAINEE), t)
        tr = self.scenario.trainee
        # a drill plays the first day of a response: a duty due later (the 30-day supplementary
        # report of 国务院令493) is issued but stays open; the review counts it as not yet due
        worked = [task for task in new if task.deadline_minutes <= TASK_HORIZON_MIN]
        late = set(range(max(0, len(worked) - self._late_left), len(worked)))
        self._late_left -= len(late)
        for k, task in enumerate(worked):
            factor = tr.late_factor if k in late else tr.pace
            done_at = t + max(1, round(task.deadline_minutes * 60 * factor))
            self._at(done_at, lambda t2, tid=inc.tasks[task.id]:
                     self._issue(C.update_task(tid, "done", operator=TRAINEE), t2))

    async def _dispatch(self, inc: _Incident, t: int, kinds: dict[str, int] | None = None) -> None:
        if self._offline_until is None:
            self._world["units"] = (await asyncio.to_thread(self.api.snapshot)).get("units", [])
        required = kinds or {k: min(n, FIRST_WAVE_PER_KIND) for k, n in inc.activation.resources.items()}
        rec = recommend({"id": inc.id, "lon": inc.lon, "lat": inc.lat}, required,
                        self._world.get("units", []), now=self.epoch + timedelta(seconds=t),
                        exclude=self._used_units)
        for pick in rec.picks:
            self._used_units.add(pick.unit_id)
            inc.units.append({"id": pick.unit_id, "kind": pick.kind})
            await self._issue(C.dispatch_unit(pick.unit_id, inc.id, operator=TRAINEE), t)
            self._at(t + EN_ROUTE_AFTER_S, lambda t2, u=pick.unit_id: self._unit_status(u, "en_route", t2))
            arrive = t + max(EN_ROUTE_AFTER_S + 1, round(pick.eta_s))
            self._at(arrive, lambda t2, u=pick.unit_id, i=inc: self._unit_status(u, "on_scene", t2, i))

    async def _unit_status(self, unit_id: str, status: str, t: int, inc: _Incident | None = None) -> None:
        if unit_id in self._broken:  # a unit that broke down on the way never reports arrival
            return
        await self._issue(C.update_unit_status(unit_id, status, lon=inc.lon if inc else None,
                                               lat=inc.lat if inc else None, operator=TRAINEE), t)

    async def _casualties(self, ref: str | None, inj: Inject, t: int) -> None:
        inc = self._incidents_for(ref)
        if inc is None:
            return
        inc.counts.update(_counts(inj))
        facts = dict(inc.counts)
        new = self.library.activate(inc.facts(), self._home)
        level = new.level if inc.activation is None or new.level != inc.activation.level else None
        facts["grading_reason"] = new.reason    # the stored reason follows the latest facts
        await self._issue(C.update_incident(inc.id, facts=facts, level=level, operator=TRAINEE), t)
        if inc.activation is not None:
            inc.activation = new
            if inc.tasks:  # activated already: the new tasks go out now, else with the activation
                await self._send_tasks(inc, new, t)

    async def _breakdown(self, inj: Inject, t: int) -> None:
        inc = next(iter(self._incidents.values()), None)
        if inc is not None and not self.scripted_trainee and self._offline_until is None:
            # people dispatched: the server knows which units are committed to the drill incident
            world = await asyncio.to_thread(self.api.snapshot)
            inc.units = [{"id": u["id"], "kind": u["kind"]} for u in world.get("units", [])
                         if u.get("incident_id") == inc.id and u["id"] not in self._broken]
        units = [u for u in (inc.units if inc else []) if inj.unit_kind in (None, u["kind"])]
        if inc is None or not units:
            log.info("unit_breakdown at %ss: no dispatched %s unit to break", t, inj.unit_kind)
            return
        unit = units[0]
        inc.units.remove(unit)
        self._broken.add(unit["id"])
        await self._issue(C.release_unit(unit["id"], operator=CONTROL), t)
        await self._issue(C.update_unit_status(unit["id"], "out_of_service", operator=CONTROL), t)
        if not self.scripted_trainee:
            await self._control_note(None, f"导调通报：{unit['id']} 途中故障，已退出", t)
            return
        self._at(t + REACT_DISPATCH_S // 2, lambda t2: self._replace(inc, unit, t2))

    async def _replace(self, inc: _Incident, unit: dict, t: int) -> None:
        await self._issue(C.add_note(inc.id, f"{unit['id']} 故障退出，调派同类单位替换", operator=TRAINEE), t)
        await self._dispatch(inc, t, kinds={unit["kind"]: 1})

    async def _note_sensor(self, inj: Inject, sensor: dict | None, t: int) -> None:
        inc = next(iter(self._incidents.values()), None)
        if inc is not None:
            name = sensor["id"] if sensor else inj.sensor_kind
            await self._issue(C.add_note(inc.id, f"监测点 {name} 读数 {inj.value:g}（{inj.street}）",
                                         operator=TRAINEE), t)

    async def _note_camera(self, inj: Inject, cam: dict | None, t: int) -> None:
        inc = next(iter(self._incidents.values()), None)
        if inc is not None:
            name = cam["id"] if cam else inj.street
            await self._issue(C.add_note(inc.id, f"视频 {name} 黑屏，派现场人员回传图像", operator=TRAINEE), t)


def run_drill(scenario: Scenario, speed: str = "max", workdir: str | Path | None = None,
              library: PlanLibrary | None = None) -> DrillResult:
    """Run a scenario headless to the end (blocking) and return its result."""
    return asyncio.run(DrillRunner(scenario, workdir, parse_speed(speed), library).run())
