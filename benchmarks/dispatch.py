"""Benchmark group `dispatch`: report -> dispatch proposal with 500 units, the coverage check
after a dispatch, and opening an incident timeline of 5,000 events in the detail view.

"Report -> proposal" is what Ctrl+D does for a filed report: grade it and find the plans'
resources (plans.activate), then rank the available units (core.recommend). The timeline
figure is IncidentDetail.set_record plus the first paint of the dock (Qt offscreen platform
when no display is set).
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.harness import Figure, median_time, qt_app

B = "dispatch"


def _timeline(incident: dict, n: int) -> list[dict]:
    """n events of the kinds an incident really collects, in a plausible mix."""
    t0 = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
    out = [{"id": 1, "type": "incident.created", "layer": "incidents", "upsert": [incident],
            "at": t0.isoformat(), "operator": "值班员A", "incident_id": incident["id"]}]
    statuses = ("dispatched", "en_route", "on_scene", "available")
    for i in range(2, n + 1):
        at = (t0 + timedelta(seconds=i * 3)).isoformat()
        k = i % 5
        if k == 0:
            ev = {"type": "incident.note", "layer": "incidents", "detail": {"text": f"现场情况更新 {i}"}}
        elif k == 1:
            ev = {"type": "task.updated", "layer": "tasks",
                  "upsert": [{"id": f"T{i}", "action": "疏散周边群众并设置警戒区", "status": "done"}]}
        elif k == 2:
            ev = {"type": "incident.updated", "layer": "incidents",
                  "detail": {"level": {"from": "IV", "to": "III"}}}
        else:
            ev = {"type": "unit.status", "layer": "units",
                  "upsert": [{"id": f"U{i % 40:04d}", "callsign": f"消防车{i % 40:03d}", "status": statuses[i % 4]}]}
        out.append({"id": i, "at": at, "operator": "调度员B", "incident_id": incident["id"], **ev})
    return out


def run() -> Iterator[Figure]:
    from core import recommend
    from core.paths import RESOURCES
    from maps.scene import build_scene
    from plans.library import PlanLibrary
    from plans.model import IncidentFacts

    scene = build_scene(units=500, sensors=0, cameras=0, incidents=1)
    units = scene.units
    incident = {**scene.incidents[0], "type": "hazchem"}
    with tempfile.TemporaryDirectory() as tmp:
        library = PlanLibrary.open(RESOURCES / "plans", Path(tmp) / "index.sqlite")
        now = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)  # 09:00 Beijing, the morning peak

        def proposal():
            act = library.activate(IncidentFacts(incident_type=incident["type"], serious_injuries=4,
                                                 lon=incident["lon"], lat=incident["lat"]))
            return recommend.recommend(incident, act.resources, units, now=now)

        proposal()  # warm: plan index caches, numpy
        yield Figure(B, "report_to_proposal_500_units", median_time(proposal, 21) * 1000, "ms", 100.0)
        rec = proposal()
        streets = recommend.street_points()
        picked = [c.unit_id for c in rec.picks]
        yield Figure(B, "coverage_after_dispatch_500_units",
                     median_time(lambda: recommend.coverage_gaps(streets, units, 8.0, now=now, exclude=picked), 11)
                     * 1000, "ms")
        library.close()


    from core.state import LiveState
    from widgets.incident_detail import IncidentDetail

    app = qt_app()
    state = LiveState()
    state.replace("incidents", [incident])
    record = {**incident, "timeline": _timeline(incident, 5000), "tasks": [], "dispatches": []}
    detail = IncidentDetail(state)
    detail.resize(600, 800)
    detail.show()

    def open_timeline():
        detail.show_incident("")  # a different incident first, so each run opens from empty
        detail.show_incident(incident["id"])
        detail.set_record(record)
        detail.repaint()
        app.processEvents()

    open_timeline()
    yield Figure(B, "timeline_5000_events_open", median_time(open_timeline, 11) * 1000, "ms", 200.0)
    yield from _through_the_server(app, detail, state)
    detail.close()


def _through_the_server(app, detail, state) -> Iterator[Figure]:
    """The same, with the record fetched from a real server (SQLite) holding 5,000 events
    about the incident: what a dispatcher waits for after selecting it."""
    from concurrent.futures import ThreadPoolExecutor

    from core import commands
    from core.api import ApiClient
    from server.embedded import start_embedded

    with tempfile.TemporaryDirectory() as tmp:
        server = start_embedded(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        try:
            api = ApiClient(server.url)
            inc = {"id": "INC-BENCH", "lon": 116.4595, "lat": 39.9087}
            api.send_command(commands.create_incident("gas", "基准事件", inc["lon"], inc["lat"],
                                                      incident_id=inc["id"]))
            with ThreadPoolExecutor(4) as pool:  # setup, not measured
                list(pool.map(lambda i: api.send_command(commands.add_note(inc["id"], f"现场情况更新 {i}")),
                              range(4999)))
            state.replace("incidents", [{**inc, "type": "gas", "title": "基准事件", "level": "IV"}])

            def fetch_and_open():
                record = api._json(api._request("GET", f"/incidents/{inc['id']}"))
                detail.show_incident("")
                detail.show_incident(inc["id"])
                detail.set_record(record)
                detail.repaint()
                app.processEvents()
                assert detail.timeline_model.rowCount() == 5000

            yield Figure(B, "timeline_5000_events_fetch_and_open", median_time(fetch_and_open, 7) * 1000,
                         "ms", 200.0)
            api.close()
        finally:
            server.stop()
