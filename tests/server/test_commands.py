"""Commands: idempotent by command_id (also when copies race), refusals with reasons."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests


def _available_unit(api) -> str:
    return next(u["id"] for u in api.get("/units").json()
                if u["status"] == "available" and u["incident_id"] is None)


def test_same_command_twice_acts_once_and_answers_the_same(api):
    cid = str(uuid.uuid4())
    before = api.get("/health").json()["last_event_id"]
    first = api.command("create_incident", {"type": "fire", "title": "重复提交测试",
                                            "lon": 116.47, "lat": 39.93}, command_id=cid)
    second = api.command("create_incident", {"type": "fire", "title": "重复提交测试",
                                             "lon": 116.47, "lat": 39.93}, command_id=cid)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["command_id"] == cid and first.json()["status"] == "accepted"
    titles = [i["title"] for i in api.get("/incidents").json()]
    assert titles.count("重复提交测试") == 1
    assert api.get("/health").json()["last_event_id"] == before + 1
    # copies racing each other: still one effect, one answer
    unit = _available_unit(api)
    inc = api.new_incident()
    cid = str(uuid.uuid4())

    def send(_):
        return api.command("dispatch_unit", {"unit_id": unit, "incident_id": inc},
                           command_id=cid)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1  # byte-for-byte the first answer
    assert len(api.get("/dispatches", incident_id=inc).json()) == 1
    timeline = api.get(f"/incidents/{inc}").json()["timeline"]
    assert [e["type"] for e in timeline].count("unit.dispatched") == 1


def test_refusals_say_why_unit_committed_elsewhere_or_incident_closed(api):
    unit = _available_unit(api)
    a, b = api.new_incident(), api.new_incident()
    api.ok("dispatch_unit", {"unit_id": unit, "incident_id": a})
    again = api.command("dispatch_unit", {"unit_id": unit, "incident_id": a})
    assert again.status_code == 409
    body = again.json()
    assert body["status"] == "refused" and f"单位 {unit}" in body["reason"]
    assert f"已在处置 {a}" in body["reason"] and "不能重复调派" in body["reason"]
    elsewhere = api.command("dispatch_unit", {"unit_id": unit, "incident_id": b})
    assert elsewhere.status_code == 409 and f"已在处置 {a}" in elsewhere.json()["reason"]
    # a refused command is refused again on retry, and nothing changed meanwhile
    retry = api.command("dispatch_unit", {"unit_id": unit, "incident_id": b},
                        command_id=elsewhere.json()["command_id"])
    assert retry.status_code == 409 and retry.json() == elsewhere.json()
    assert api.get("/dispatches", incident_id=b).json() == []
    # released, the unit can go
    api.ok("release_unit", {"unit_id": unit})
    moved = api.ok("dispatch_unit", {"unit_id": unit, "incident_id": b})
    assert moved["result"]["unit"]["incident_id"] == b
    # closing an incident frees its units; afterwards it refuses changes
    inc = b
    closed = api.ok("close_incident", {"incident_id": inc, "summary": "火已扑灭"})
    assert closed["result"]["released_units"] == [unit]
    freed = next(u for u in api.get("/units").json() if u["id"] == unit)
    assert freed["status"] == "available" and freed["incident_id"] is None
    for type_, payload in [("dispatch_unit", {"unit_id": unit, "incident_id": inc}),
                           ("update_incident", {"incident_id": inc, "level": "II"}),
                           ("close_incident", {"incident_id": inc}),
                           ("create_tasks", {"incident_id": inc,
                                             "tasks": [{"action": "复查现场"}]})]:
        r = api.command(type_, payload)
        assert r.status_code == 409, type_
        assert f"事件 {inc} 已于" in r.json()["reason"] and "结案" in r.json()["reason"]
    assert api.get(f"/incidents/{inc}").json()["level"] == "IV"


def test_unit_lifecycle_task_updates_and_alerts(api):
    unit = _available_unit(api)
    inc = api.new_incident()
    api.ok("dispatch_unit", {"unit_id": unit, "incident_id": inc})
    api.ok("update_unit_status", {"unit_id": unit, "status": "en_route"})
    api.ok("update_unit_status", {"unit_id": unit, "status": "on_scene"})
    disp = api.get("/dispatches", incident_id=inc).json()[0]
    assert disp["status"] == "on_scene" and disp["en_route_at"] and disp["on_scene_at"]
    tasks = api.ok("create_tasks", {"incident_id": inc, "tasks": [
        {"action": "设置警戒区", "department": "公安分局"}]})["result"]["tasks"]
    done = api.ok("update_task", {"task_id": tasks[0]["id"], "status": "done"},
                  operator="李四")["result"]["task"]
    assert done["status"] == "done" and done["done_by"] == "李四" and done["done_at"]
    api.ok("release_unit", {"unit_id": unit})
    disp = api.get("/dispatches", incident_id=inc).json()[0]
    assert disp["status"] == "released" and disp["released_at"]
    r = api.command("release_unit", {"unit_id": unit})
    assert r.status_code == 409 and "没有调派任务" in r.json()["reason"]
    _cap_alert_is_stored_and_served(api)


def _cap_alert_is_stored_and_served(api):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>CN-BJ-CY-2026-0001</identifier><sender>chaoyang@example.cn</sender>
  <sent>2026-11-22T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Met</category><event>暴雨</event><urgency>Immediate</urgency><severity>Severe</severity>
    <certainty>Likely</certainty><headline>朝阳区暴雨橙色预警</headline>
    <area><areaDesc>朝阳区</areaDesc></area></info>
</alert>"""
    alert = api.ok("publish_alert", {"xml": xml})["result"]["alert"]
    assert alert["id"] == "CN-BJ-CY-2026-0001" and alert["severity"] == "Severe"
    assert api.get("/snapshot").json()["alerts"][0]["headline"] == "朝阳区暴雨橙色预警"
    bad = api.command("publish_alert", {"xml": "<alert>unclosed"})
    assert bad.status_code == 422 and "well-formed" in bad.text
    # the server refuses what the console refuses: DTDs/entities, and alerts the schema rejects
    evil = xml.replace('<?xml version="1.0" encoding="UTF-8"?>',
                       '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x "y">]>')
    assert api.command("publish_alert", {"xml": evil}).status_code == 422
    no_category = xml.replace("<category>Met</category>", "")
    assert api.command("publish_alert", {"xml": no_category}).status_code == 422


def test_malformed_commands_are_422_and_batches_run_in_order_once_each(api):
    cid = str(uuid.uuid4())
    r = api.command("dispatch_unit", {"unit_id": "U0001"}, command_id=cid)
    assert r.status_code == 422
    assert any(d["loc"][-1] == "incident_id" for d in r.json()["detail"])
    r = api.command("no_such_command", {}, command_id=cid)
    assert r.status_code == 422 and "unknown command type" in r.text
    r = requests.post(f"{api.v1}/commands", json={"command_id": "not-a-uuid", "type": "add_note",
                                                  "payload": {}}, timeout=10)
    assert r.status_code == 422
    # the id was never used up by the malformed tries
    inc = api.new_incident()
    fixed = api.command("add_note", {"incident_id": inc, "text": "补充说明"}, command_id=cid)
    assert fixed.status_code == 200
    # a batch (a replayed outbox): in order, each once, each answered
    inc = api.new_incident(title="批量测试")
    unit = _available_unit(api)
    notes = [{"command_id": str(uuid.uuid4()), "type": "add_note", "operator": "王五",
              "payload": {"incident_id": inc, "text": f"批量{i}"}} for i in range(50)]
    dispatch = {"command_id": str(uuid.uuid4()), "type": "dispatch_unit",
                "payload": {"unit_id": unit, "incident_id": inc}}
    again = {**dispatch, "command_id": str(uuid.uuid4())}  # refused: already there
    broken = {"command_id": str(uuid.uuid4()), "type": "add_note", "payload": {"text": "无事件"}}
    batch = [*notes[:25], dispatch, again, broken, notes[0], *notes[25:]]
    as_wang = api.headers_for("王五")  # the server records the signed-in operator, not the body's
    first = requests.post(f"{api.v1}/commands/batch", json=batch, timeout=30, headers=as_wang)
    assert first.status_code == 200
    answers = first.json()["answers"]
    assert [a["http_status"] for a in answers] == [200] * 26 + [409, 422] + [200] * 26
    assert "已在处置" in answers[26]["reason"] and answers[27]["status"] == "invalid"
    assert answers[28] == answers[0]  # a duplicate inside the batch gets the first answer
    second = requests.post(f"{api.v1}/commands/batch", json=batch, timeout=30,
                           headers=as_wang).json()["answers"]
    assert [a for a in second if a["http_status"] != 422] == \
        [a for a in answers if a["http_status"] != 422]
    timeline = api.get(f"/incidents/{inc}").json()["timeline"]
    texts = [e["detail"]["text"] for e in timeline if e["type"] == "incident.note"]
    assert texts == [f"批量{i}" for i in range(50)]  # in order, each once
    assert all(e["operator"] == "王五" for e in timeline if e["type"] == "incident.note")
