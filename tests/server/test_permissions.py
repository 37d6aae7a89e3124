"""Every permission rule, first as the pure table, then enforced by a real server."""
from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
import requests

from server.handlers import HANDLERS
from server.permissions import COMMAND_ROLES, ROLES, Who, check_command, check_request

pytestmark = pytest.mark.timeout(120)


def _who(role):
    return Who(f"demo_{role}", role, role)


def test_every_command_type_has_a_rule():
    assert set(COMMAND_ROLES) == set(HANDLERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cmd_type", sorted(HANDLERS))
def test_role_table_on_a_live_database(role, cmd_type):
    refused = check_command(_who(role), cmd_type, {"incident_id": "X"}, False, lambda _i: "IV")
    expected_allowed = role in COMMAND_ROLES[cmd_type] and role != "trainer"
    assert (refused is None) == expected_allowed, (role, cmd_type, refused)
    if refused:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in refused)  # a Chinese sentence


@pytest.mark.parametrize("cmd_type", sorted(HANDLERS))
def test_trainer_may_act_on_a_drill_database_only(cmd_type):
    assert check_command(_who("trainer"), cmd_type, {}, True, lambda _i: "I") is None
    assert "演练" in check_command(_who("trainer"), cmd_type, {}, False, lambda _i: "IV")
    assert "演练" in check_request(_who("trainer"), "GET", False)


def test_only_the_commander_raises_to_or_activates_level_one_and_two():
    level_of = {"INC-BIG": "II", "INC-SMALL": "IV", "INC-I": "I"}.get
    for role in ("dispatcher", "duty_officer"):
        who = _who(role)
        assert "指挥长" in check_command(who, "update_incident",
                                        {"incident_id": "INC-SMALL", "level": "I"}, False, level_of)
        assert check_command(who, "update_incident", {"incident_id": "INC-SMALL", "level": "III"},
                             False, level_of) is None
        for inc in ("INC-BIG", "INC-I"):
            assert "指挥长批准" in check_command(who, "create_tasks", {"incident_id": inc},
                                                False, level_of)
        assert check_command(who, "create_tasks", {"incident_id": "INC-SMALL"}, False,
                             level_of) is None
    cmdr = _who("commander")
    assert check_command(cmdr, "create_tasks", {"incident_id": "INC-I"}, False, level_of) is None
    assert check_command(cmdr, "update_incident", {"incident_id": "INC-SMALL", "level": "I"},
                         False, level_of) is None


def test_observers_only_read():
    assert check_request(_who("observer"), "GET", False) is None
    assert "观察员" in check_request(_who("observer"), "POST", False)


# -- enforced end to end -------------------------------------------------------------------
@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from server.embedded import start_embedded

    srv = start_embedded(f"sqlite:///{tmp_path_factory.mktemp('perm') / 'live.db'}")
    yield srv
    srv.stop()


def _post(srv, role, type_, payload):
    with requests.Session() as s:
        return s.post(f"{srv.url}/api/v1/commands", headers=srv.auth_headers(role), timeout=30,
                      json={"command_id": str(uuid.uuid4()), "type": type_, "payload": payload})


def _get(srv, role, path):
    with requests.Session() as s:
        return s.get(f"{srv.url}/api/v1{path}", headers=srv.auth_headers(role), timeout=30)


def _incident(srv, level="IV"):
    r = _post(srv, "commander", "create_incident",
              {"type": "fire", "title": f"{level}级测试", "level": level, "lon": 116.4, "lat": 39.9})
    assert r.status_code == 200, r.text
    return r.json()["result"]["incident"]["id"]


def test_server_refuses_observer_commands_with_403_and_a_reason(live):
    assert _get(live, "observer", "/incidents").status_code == 200
    r = _post(live, "observer", "add_note", {"incident_id": _incident(live), "text": "看看"})
    assert r.status_code == 403 and "观察员" in r.json()["reason"]
    with requests.Session() as s:
        r = s.post(f"{live.url}/api/v1/readings", headers=live.auth_headers("observer"),
                   json=[{"sensor_id": "S-1", "value": 1}], timeout=30)
    assert r.status_code == 403


def test_server_lets_only_the_commander_publish_warnings(live):
    from tests.server.test_cap_feed import _alert_xml

    for role in ("dispatcher", "duty_officer", "admin"):
        r = _post(live, role, "publish_alert", {"xml": _alert_xml(f"{role}测试预警")})
        assert r.status_code == 403 and "无权" in r.json()["reason"], (role, r.text)
    assert _post(live, "commander", "publish_alert",
                 {"xml": _alert_xml("指挥长发布预警")}).status_code == 200


def test_server_lets_only_the_commander_activate_level_one_and_two(live):
    big, small = _incident(live, "II"), _incident(live, "IV")
    task = {"tasks": [{"action": "启动预案：疏散周边群众"}]}
    r = _post(live, "duty_officer", "create_tasks", {"incident_id": big, **task})
    assert r.status_code == 403 and "指挥长" in r.json()["reason"]
    assert _post(live, "duty_officer", "create_tasks", {"incident_id": small, **task}).status_code == 200
    assert _post(live, "commander", "create_tasks", {"incident_id": big, **task}).status_code == 200
    r = _post(live, "dispatcher", "update_incident", {"incident_id": small, "level": "I"})
    assert r.status_code == 403
    assert _get(live, "commander", f"/incidents/{small}").json()["level"] == "IV"  # unchanged
    assert _post(live, "commander", "update_incident",
                 {"incident_id": small, "level": "I"}).status_code == 200


def test_close_out_is_for_commander_and_duty_officer(live):
    inc = _incident(live)
    assert _post(live, "dispatcher", "close_incident", {"incident_id": inc}).status_code == 403
    assert _post(live, "duty_officer", "close_incident", {"incident_id": inc}).status_code == 200


def test_trainer_cannot_touch_a_live_database(live):
    r = _get(live, "trainer", "/incidents")
    assert r.status_code == 403 and "演练" in r.json()["detail"]
    assert _post(live, "trainer", "add_note", {"incident_id": "x", "text": "y"}).status_code == 403


def test_admin_manages_operators_and_nobody_else_does(live):
    body = {"name": "new_op", "role": "dispatcher", "password": "long-enough-1"}
    for role in ("commander", "observer", "duty_officer"):
        with requests.Session() as s:
            r = s.post(f"{live.url}/api/v1/operators", json=body, headers=live.auth_headers(role),
                       timeout=30)
        assert r.status_code == 403 and ("管理员" in r.json()["detail"] or role == "observer")
        assert _get(live, role, "/operators").status_code == 403
    with requests.Session() as s:
        r = s.post(f"{live.url}/api/v1/operators", json=body, headers=live.auth_headers("admin"),
                   timeout=30)
        assert r.status_code == 201
        r = s.post(f"{live.url}/api/v1/operators", json=body, headers=live.auth_headers("admin"),
                   timeout=30)
        assert r.status_code == 409 and "already exists" in r.json()["detail"]
    assert "new_op" in {o["name"] for o in _get(live, "admin", "/operators").json()}
    assert _post(live, "admin", "add_note", {"incident_id": "x", "text": "y"}).status_code == 403


def test_a_batch_answers_forbidden_commands_403_and_runs_the_rest(live):
    inc = _incident(live, "I")
    batch = [{"command_id": str(uuid.uuid4()), "type": "add_note",
              "payload": {"incident_id": inc, "text": "到场"}},
             {"command_id": str(uuid.uuid4()), "type": "create_tasks",
              "payload": {"incident_id": inc, "tasks": [{"action": "一级响应"}]}}]
    with requests.Session() as s:
        r = s.post(f"{live.url}/api/v1/commands/batch", json=batch, timeout=30,
                   headers=live.auth_headers("dispatcher"))
    answers = r.json()["answers"]
    assert [a["http_status"] for a in answers] == [200, 403]
    assert answers[1]["status"] == "refused" and "指挥长" in answers[1]["reason"]


def test_the_console_api_turns_a_403_into_a_refusal_with_the_reason(live):
    from core import commands
    from core.api import ApiClient, Refused

    api = ApiClient(live.url, credentials=live.credentials["observer"])
    with pytest.raises(Refused, match="观察员"):
        api.send_command(commands.add_note(_incident(live), "观察员想写"))
    api.close()


def test_drill_database_takes_trainers_and_refuses_to_become_live_or_vice_versa(tmp_path, live):
    from server.embedded import start_embedded

    with start_embedded(f"sqlite:///{tmp_path / 'drill.db'}", drill=True) as drill:
        r = _post(drill, "trainer", "create_incident",
                  {"type": "fire", "title": "演练火情", "level": "I", "lon": 116.4, "lat": 39.9})
        assert r.status_code == 200
        assert _get(drill, "trainer", "/auth/me").json()["drill"] is True
    live.stop()
    try:
        refused = subprocess.run([sys.executable, "-m", "server.cli", "--db", live.db_url,
                                  "--drill", "--port", "0"], capture_output=True, text=True,
                                 timeout=60)
        assert refused.returncode == 2 and "live" in refused.stderr
    finally:
        live.start()
