"""Every typed command the console can make is understood by the real server, and bad input is
stopped before it is ever queued."""
from __future__ import annotations

import uuid

import pytest

from core import commands as C
from tests.core.helpers_sync import fast_api, shared_server

__all__ = ["shared_server"]  # the fixture

CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{ident}</identifier><sender>chaoyang-ecc@example.cn</sender>
  <sent>2026-11-21T16:00:00+08:00</sent><status>Exercise</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>暴雨</event>
    <urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
    <headline>朝阳区暴雨蓝色预警（演练）</headline>
    <area><areaDesc>朝阳区</areaDesc></area></info>
</alert>"""


def test_a_whole_incident_lifecycle_is_accepted_by_the_server(shared_server):
    api = fast_api(shared_server.url)
    snap = api.snapshot()
    unit = next(u for u in snap["units"] if u["status"] == "available" and not u.get("incident_id"))
    sensor = snap["sensors"][0]
    inc_id = f"T-{uuid.uuid4().hex[:8]}"
    steps = [
        C.create_incident("gas", "燃气泄漏（测试）", 116.48, 39.92, "III", incident_id=inc_id,
                          district="110105", facts={"serious_injuries": 0}),
        C.update_incident(inc_id, level="II", facts={"serious_injuries": 2}),
        C.add_note(inc_id, "现场已疏散"),
        C.dispatch_unit(unit["id"], inc_id),
        C.update_unit_status(unit["id"], "en_route", lon=116.47, lat=39.92, heading=90),
        C.update_unit_status(unit["id"], "on_scene"),
        C.create_tasks(inc_id, [{"id": f"{inc_id}-T1", "action": "关闭燃气阀门", "department": "燃气集团"}],
                       plan_id="P-GAS"),
        C.update_task(f"{inc_id}-T1", "done", owner="值班员甲"),
        C.report_sensor_readings([(sensor["id"], 1.0)]),
        C.release_unit(unit["id"]),
        C.publish_alert(CAP.format(ident=f"TEST-{uuid.uuid4().hex[:8]}")),
        C.close_incident(inc_id, summary="处置完毕"),
    ]
    answers = [api.send_command(cmd) for cmd in steps]
    assert [a["status"] for a in answers] == ["accepted"] * len(steps)
    incident = next(i for i in api.snapshot()["incidents"] if i["id"] == inc_id)
    assert incident["status"] == "closed" and incident["level"] == "II"
    assert incident["facts"]["serious_injuries"] == 2
    # sent without a street: the server placed the point (street, community, grid cell)
    assert incident["street"] and incident["facts"]["grid_id"].startswith("110105-")
    api.close()


@pytest.mark.parametrize("make, problem", [
    (lambda: C.create_incident("fire", "火情", 116.4, 39.9, level="V"), "level 'V'"),
    (lambda: C.update_incident("INC-0001"), "no field to change"),
    (lambda: C.update_incident("INC-0001", status="closed"), "close_incident"),
    (lambda: C.update_unit_status("U0001", "flying"), "status 'flying'"),
    (lambda: C.create_tasks("INC-0001", [{"department": "消防"}]), "task #1 has no 'action'"),
    (lambda: C.update_task("T1"), "give a status or an owner"),
    (lambda: C.add_note("INC-0001", "  "), "empty"),
    (lambda: C.Command("dispatch_unit", {}, command_id="not-a-uuid"), "badly formed"),
])
def test_bad_commands_are_refused_before_they_reach_the_outbox(make, problem):
    with pytest.raises(ValueError, match=problem):
        make()


def test_each_command_gets_its_own_id_and_survives_a_json_round_trip():
    a, b = C.add_note("INC-0001", "一"), C.add_note("INC-0001", "一")
    assert a.command_id != b.command_id and uuid.UUID(a.command_id).version == 4
    assert C.Command.from_json(a.to_json()) == a
