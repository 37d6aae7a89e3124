"""The durable outbox against a real server: order, refusals, lost answers acting once."""
from __future__ import annotations

import asyncio

import pytest

from core import commands as C
from core.outbox import Outbox
from core.store import Store
from tests.core.helpers_proxy import FaultProxy
from tests.core.helpers_sync import fast_api, shared_server

__all__ = ["shared_server"]  # the fixture


@pytest.fixture
def server(shared_server):
    return shared_server


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "replica.sqlite")
    yield s
    s.close()


def _notes(api, after: int, prefix: str) -> list[str]:
    return [e["detail"]["text"] for e in api.events_batch(after, 10000)
            if e["type"] == "incident.note" and e["detail"]["text"].startswith(prefix)]


def _incident(api) -> str:
    return next(i["id"] for i in api.snapshot()["incidents"] if i["status"] != "closed")


def test_commands_arrive_in_submission_order_and_are_marked_done(server, store):
    api = fast_api(server.url)
    start, incident = api.health()["last_event_id"], _incident(api)
    outbox = Outbox(store, api)
    counts = []
    outbox.queue_changed.connect(counts.append)
    ids = [outbox.enqueue(C.add_note(incident, f"顺序{i:02d}")) for i in range(12)]
    assert counts[-1] == 12  # the user sees 12 queued, each already on disk
    accepted = []
    outbox.command_accepted.connect(lambda cid, result: accepted.append(cid))
    assert asyncio.run(outbox.send_pending(batch=5)) == 12
    assert accepted == ids and counts[-1] == 0
    assert _notes(api, start, "顺序") == [f"顺序{i:02d}" for i in range(12)]
    assert [r.state for r in store.outbox()] == ["done"] * 12
    api.close()


def test_refusal_reaches_the_user_with_the_reason_and_does_not_block_the_queue(server, store):
    api = fast_api(server.url)
    incident = _incident(api)
    outbox = Outbox(store, api)
    refused = []
    outbox.command_refused.connect(lambda cid, reason: refused.append((cid, reason)))
    bad = outbox.enqueue(C.dispatch_unit("U9999", incident))
    malformed = outbox.enqueue(C.Command("update_task", {"status": "done"}))
    good = outbox.enqueue(C.add_note(incident, "拒绝之后"))
    asyncio.run(outbox.send_pending())
    assert [cid for cid, _ in refused] == [bad, malformed]
    assert "未找到单位 U9999" in refused[0][1]
    assert "task_id" in refused[1][1]
    rows = {r.command.command_id: r for r in store.outbox()}
    assert rows[bad].state == "refused" and "U9999" in rows[bad].refused_reason
    assert rows[good].state == "done"
    api.close()


def test_lost_answer_then_retry_acts_once(server, store):
    """The server acts, the answer is lost on the way back, the client retries: one act."""
    proxy = FaultProxy("127.0.0.1", server.port)
    api = fast_api(proxy.url, retries=0)  # no silent retry inside the client: the outbox must do it
    direct = fast_api(server.url)
    start, incident = direct.health()["last_event_id"], _incident(direct)
    outbox = Outbox(store, api)
    cid = outbox.enqueue(C.add_note(incident, "丢失应答"))
    proxy.drop_command_answers = 1
    with pytest.raises(Exception):  # Offline: the outcome is unknown to the console
        asyncio.run(outbox.send_pending())
    assert proxy.dropped == 1
    assert _notes(direct, start, "丢失应答") == ["丢失应答"]  # the server did act
    assert store.pending()[0].command.command_id == cid  # ...but the console still holds it
    accepted = []
    outbox.command_accepted.connect(lambda c, result: accepted.append((c, result)))
    asyncio.run(outbox.send_pending())
    assert accepted and accepted[0][0] == cid
    assert _notes(direct, start, "丢失应答") == ["丢失应答"]  # still exactly one
    assert store.outbox("done")[0].command.command_id == cid
    proxy.close()
    api.close()
    direct.close()


def test_client_retry_inside_one_send_acts_once(server, store):
    """Same fault, but the ApiClient's own retry resends at once: still a single act."""
    proxy = FaultProxy("127.0.0.1", server.port)
    api = fast_api(proxy.url, retries=2)
    direct = fast_api(server.url)
    start, incident = direct.health()["last_event_id"], _incident(direct)
    outbox = Outbox(store, api)
    outbox.enqueue(C.add_note(incident, "重试一次"))
    proxy.drop_command_answers = 1
    asyncio.run(outbox.send_pending())
    assert proxy.dropped == 1
    assert _notes(direct, start, "重试一次") == ["重试一次"]
    assert store.queued_count() == 0
    proxy.close()
    api.close()
    direct.close()


def test_lost_batch_answer_then_resend_acts_once_per_command(server, store):
    """A replayed outbox goes as one batch; the server runs it, the answer is lost, the batch
    is sent again: every command acted exactly once, in order."""
    proxy = FaultProxy("127.0.0.1", server.port)
    api = fast_api(proxy.url, retries=0)
    direct = fast_api(server.url)
    start, incident = direct.health()["last_event_id"], _incident(direct)
    outbox = Outbox(store, api)
    ids = [outbox.enqueue(C.add_note(incident, f"批量{i:02d}")) for i in range(30)]
    proxy.drop_command_answers = 1
    with pytest.raises(Exception):
        asyncio.run(outbox.send_pending())
    assert proxy.dropped == 1 and store.queued_count() == 30  # acted, but the console cannot know
    accepted = []
    outbox.command_accepted.connect(lambda cid, result: accepted.append(cid))
    asyncio.run(outbox.send_pending())
    assert accepted == ids
    assert _notes(direct, start, "批量") == [f"批量{i:02d}" for i in range(30)]
    proxy.close()
    api.close()
    direct.close()

