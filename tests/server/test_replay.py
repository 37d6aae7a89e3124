"""A repeated command_id gets the first answer, byte for byte, whatever changed since (issue 19):
a rule, the incident's level, a restart, another server process. The console must resend
after a lost answer, and the command already acted."""
from __future__ import annotations

import uuid

import requests


def _send(srv, role: str, body: dict) -> requests.Response:
    with requests.Session() as s:
        return s.post(f"{srv.url}/api/v1/commands", json=body, headers=srv.auth_headers(role),
                      timeout=30)


def _batch(srv, role: str, bodies: list[dict]) -> list[dict]:
    with requests.Session() as s:
        r = s.post(f"{srv.url}/api/v1/commands/batch", json=bodies,
                   headers=srv.auth_headers(role), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["answers"]


def _level_three_incident(srv) -> str:
    r = _send(srv, "commander", {"command_id": str(uuid.uuid4()), "type": "create_incident",
                                 "payload": {"type": "fire", "title": "三级火情", "level": "III",
                                             "lon": 116.46, "lat": 39.92}})
    assert r.status_code == 200, r.text
    return r.json()["result"]["incident"]["id"]


def _activation(incident_id: str) -> dict:
    return {"command_id": str(uuid.uuid4()), "type": "create_tasks",
            "payload": {"incident_id": incident_id, "plan_id": "P-FIRE",
                        "tasks": [{"action": "疏散群众", "department": "街道办"},
                                  {"action": "设置警戒", "department": "公安分局"}]}}


def _raise_to_two(srv, incident_id: str) -> None:
    r = _send(srv, "commander", {"command_id": str(uuid.uuid4()), "type": "update_incident",
                                 "payload": {"incident_id": incident_id, "level": "II"}})
    assert r.status_code == 200 and r.json()["result"]["incident"]["level"] == "II", r.text


def _tasks(srv, incident_id: str) -> list[dict]:
    with requests.Session() as s:
        return s.get(f"{srv.url}/api/v1/tasks", params={"incident_id": incident_id},
                     headers=srv.auth_headers("commander"), timeout=30).json()


def test_a_replay_after_the_level_was_raised_gets_the_first_answer(db_url, launch):
    srv = launch(db_url)
    inc = _level_three_incident(srv)
    activation = _activation(inc)
    first = _send(srv, "dispatcher", activation)
    assert first.status_code == 200, first.text
    _raise_to_two(srv, inc)  # now only the commander may activate plans on it
    # the dispatcher's console lost the answer and sends the same command again
    again = _send(srv, "dispatcher", activation)
    assert again.status_code == 200, again.text
    assert again.content == first.content  # byte for byte, the audit receipt included
    # in a batch (a replayed outbox) too, next to a new activation that the rule refuses
    fresh = _activation(inc)
    answers = _batch(srv, "dispatcher", [activation, fresh])
    assert answers[0] == {"http_status": 200, **first.json()}
    assert answers[1]["http_status"] == 403 and "指挥长" in answers[1]["reason"]
    # the rule still holds for a new command; the tasks exist once
    refused = _send(srv, "dispatcher", fresh)
    assert refused.status_code == 403 and "启动II级响应预案须由指挥长批准" in refused.json()["reason"]
    assert len(_tasks(srv, inc)) == 2
    # after a restart the stored answer is still the one given
    srv.restart()
    after_restart = _send(srv, "dispatcher", activation)
    assert after_restart.status_code == 200 and after_restart.content == first.content
    assert len(_tasks(srv, inc)) == 2


def test_a_replayed_refusal_stays_the_first_refusal(db_url, launch):
    """A command refused (409) for a reason that no longer holds is still refused on replay:
    the console already told the operator, and a retry must not act behind their back."""
    srv = launch(db_url)
    inc = _level_three_incident(srv)
    note = {"command_id": str(uuid.uuid4()), "type": "add_note",
            "payload": {"incident_id": "INC-9999", "text": "先发的备注"}}
    first = _send(srv, "dispatcher", note)
    assert first.status_code == 409 and "INC-9999" in first.json()["reason"]
    _raise_to_two(srv, inc)
    again = _send(srv, "dispatcher", note)
    assert again.status_code == 409 and again.content == first.content


def test_a_replay_through_another_process_gets_the_first_answer(pg_url, launch):
    a, b = launch(pg_url), launch(pg_url)
    inc = _level_three_incident(a)
    activation = _activation(inc)
    first = _send(a, "dispatcher", activation)
    assert first.status_code == 200, first.text
    _raise_to_two(b, inc)
    for srv in (b, a, b):
        again = _send(srv, "dispatcher", activation)
        assert again.status_code == 200 and again.content == first.content, again.text
    assert _batch(b, "dispatcher", [activation])[0] == {"http_status": 200, **first.json()}
    a.kill()  # the process that answered first is gone; the answer is in the database
    assert _send(b, "dispatcher", activation).content == first.content
    assert len(_tasks(b, inc)) == 2
