"""A drill (演练) database marks EVERY incident as an exercise, whoever files it and however,
and publishes only Exercise warnings; the incident list and detail show the mark."""
from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from cap import Area, EarlyWarning, IdentifierMaker, issue, issuer_code, now_bj, to_xml
from core import commands as C
from core.api import ApiClient, Refused
from core.state import LiveState

pytestmark = pytest.mark.timeout(180)


def _warning_xml(status: str) -> str:
    now = now_bj()
    w = EarlyWarning(type="flood", colour="橙", headline=f"演练库预警 {status}", status=status,
                     areas=(Area("东城区东华门街道", circles=((116.40, 39.91, 1500),)),),
                     effective=now, expires=now + timedelta(hours=3))
    return to_xml(issue(w, IdentifierMaker(issuer_code("110101", "416")), now=now))


def _post(srv, role, cmd: C.Command) -> requests.Response:
    return requests.post(f"{srv.url}/api/v1/commands", json=cmd.to_json(),
                         headers=srv.auth_headers(role), timeout=30)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    from server.embedded import start_embedded

    root = tmp_path_factory.mktemp("drill")
    with start_embedded(f"sqlite:///{root / 'drill.db'}", drill=True) as drill, \
            start_embedded(f"sqlite:///{root / 'live.db'}") as live:
        yield drill, live


def test_every_incident_on_a_drill_database_is_an_exercise(servers):
    drill, _ = servers
    api = ApiClient(drill.url)  # the console's client, signed in as the trainer
    by_form = api.send_command(C.create_incident("fire", "学员录入的火情", 116.47, 39.93))
    assert by_form["result"]["incident"]["facts"]["exercise"] is True
    # a trainee's own account, and a payload that claims the opposite
    denied = C.create_incident("fire", "自称实战", 116.47, 39.93, facts={"exercise": False})
    answer = _post(drill, "dispatcher", denied)
    assert answer.status_code == 200, answer.text
    inc_id = answer.json()["result"]["incident"]["id"]
    assert answer.json()["result"]["incident"]["facts"]["exercise"] is True
    # nor can an update take the mark off
    api.send_command(C.update_incident(inc_id, facts={"exercise": False, "injured": 2}))
    record = api.incident(inc_id)
    assert record["facts"]["exercise"] is True and record["facts"]["injured"] == 2
    mine = {by_form["result"]["incident"]["id"], inc_id}
    assert all(i["facts"].get("exercise") is True for i in api.snapshot()["incidents"]
               if i["id"] in mine)
    api.session.close()


def test_a_live_database_marks_nothing(servers):
    _, live = servers
    answer = _post(live, "commander", C.create_incident("fire", "实战火情", 116.47, 39.93))
    assert answer.status_code == 200
    assert "exercise" not in answer.json()["result"]["incident"]["facts"]


def test_a_drill_database_publishes_only_exercise_warnings(servers):
    drill, live = servers
    api = ApiClient(drill.url)
    with pytest.raises(Refused) as refused:
        api.send_command(C.publish_alert(_warning_xml("Actual")))
    assert "演练库只能发布演练（Exercise）预警" in refused.value.reason
    assert api.snapshot()["alerts"] == []
    published = api.send_command(C.publish_alert(_warning_xml("Exercise")))
    assert published["result"]["alert"]["status"] == "Exercise"
    assert _post(live, "commander", C.publish_alert(_warning_xml("Actual"))).status_code == 200
    api.session.close()


def test_list_and_detail_show_the_drill_mark(servers, qtbot):
    from widgets.incident_detail import IncidentDetail
    from widgets.incident_list import IncidentList

    drill, live = servers
    api = ApiClient(drill.url)
    inc = api.send_command(C.create_incident("fire", "标记测试", 116.47, 39.93))
    inc_id = inc["result"]["incident"]["id"]
    live_inc = _post(live, "commander", C.create_incident("fire", "实战标记测试", 116.4, 39.9))
    live_rec = live_inc.json()["result"]["incident"]
    state = LiveState()
    runner_style = {**live_rec, "id": "DRL-001", "title": "【演练】剧本事件",
                    "facts": {"exercise": True}}  # drills/runner.py titles its own
    state.replace("incidents", [*api.snapshot()["incidents"], live_rec, runner_style])
    api.session.close()
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    model = panel.table.model()
    titles = {model.index(r, 0).data(): model.index(r, 3).data() for r in range(model.rowCount())}
    assert titles[inc_id] == "【演练】标记测试"
    assert titles[live_rec["id"]] == "实战标记测试"
    assert titles["DRL-001"] == "【演练】剧本事件"  # marked once, not twice
    detail = IncidentDetail(state)
    qtbot.addWidget(detail)
    detail.show_incident(inc_id)
    assert detail.title_label.text().startswith("【演练】")
    detail.show_incident(live_rec["id"])
    assert "演练" not in detail.title_label.text()
