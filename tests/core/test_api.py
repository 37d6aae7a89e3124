"""The API client against a real server process: typed answers, retries, the event stream."""
from __future__ import annotations

import threading
import time

import pytest

from core import commands as C
from core.api import ApiClient, Invalid, Offline, Refused, SnapshotNeeded
from tests.core.helpers_proxy import FaultProxy
from tests.core.helpers_sync import dead_url, fast_api, shared_server

__all__ = ["shared_server"]  # the fixture


@pytest.fixture
def server(shared_server):
    return shared_server


@pytest.fixture
def api(server):
    client = fast_api(server.url)
    yield client
    client.close()


def _free_unit_and_incident(api: ApiClient) -> tuple[str, str]:
    snap = api.snapshot()
    unit = next(u["id"] for u in snap["units"] if u["status"] == "available" and not u.get("incident_id"))
    incident = next(i["id"] for i in snap["incidents"] if i["status"] != "closed")
    return unit, incident


def test_health_and_snapshot_follow_the_contract(api):
    health = api.health()
    assert health["status"] == "ok" and isinstance(health["last_event_id"], int)
    snap = api.snapshot()
    assert snap["last_event_id"] >= health["last_event_id"]
    assert len(snap["units"]) > 0 and {"id", "status", "lon", "lat"} <= set(snap["units"][0])


def test_repeated_command_is_answered_once_with_the_first_answer(api):
    unit, incident = _free_unit_and_incident(api)
    cmd = C.dispatch_unit(unit, incident)
    first = api.send_command(cmd)
    again = api.send_command(cmd)  # e.g. a retry after a lost answer
    assert first["status"] == "accepted" and again == first
    events = api.events_batch(max(0, first["event_id"] - 5), 100)
    dispatched = [e for e in events if e["type"] == "dispatch.created" and e["upsert"][0]["unit_id"] == unit]
    assert len(dispatched) == 1


def test_refusal_carries_the_servers_reason(api):
    unit, incident = _free_unit_and_incident(api)
    api.send_command(C.dispatch_unit(unit, incident))
    with pytest.raises(Refused) as info:
        api.send_command(C.dispatch_unit(unit, incident))
    assert unit in info.value.reason and "不能重复调派" in info.value.reason


def test_malformed_command_is_invalid_not_retried(api):
    bad = C.Command("dispatch_unit", {"unit": "U0001"})  # wrong field name
    with pytest.raises(Invalid) as info:
        api.send_command(bad)
    assert info.value.status == 422 and "unit_id" in info.value.detail


def test_unreachable_server_is_offline_after_retries():
    client = fast_api(dead_url(), retries=2)
    t0 = time.monotonic()
    with pytest.raises(Offline, match="3 attempts"):
        client.health()
    assert time.monotonic() - t0 < 10  # gave up, did not hang
    client.close()


def test_position_unknown_to_the_server_needs_a_snapshot(api):
    last = api.health()["last_event_id"]
    with pytest.raises(SnapshotNeeded):
        api.events_batch(last + 1000)
    with pytest.raises(SnapshotNeeded):
        api.stream_events(last + 1000)


def test_stream_resumes_in_order_from_an_id(api):
    start = api.health()["last_event_id"]
    unit, incident = _free_unit_and_incident(api)
    for i in range(3):
        api.send_command(C.add_note(incident, f"流测试 {i}"))
    stream = api.stream_events(start, heartbeat_timeout=5)
    got = []
    for event in stream:
        got.append(event)
        if len(got) == 3:
            break
    stream.close()
    assert [e["id"] for e in got] == [start + 1, start + 2, start + 3]
    assert [e["detail"]["text"] for e in got] == ["流测试 0", "流测试 1", "流测试 2"]
    assert stream.last_id == start + 3


def test_close_from_another_thread_ends_a_waiting_stream(api):
    stream = api.stream_events(api.health()["last_event_id"], heartbeat_timeout=30)
    ended = threading.Event()

    def read():
        for _ in stream:
            pass
        ended.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.3)
    stream.close()
    assert ended.wait(5), "the reader stayed blocked after close()"


def test_silent_connection_is_detected_as_dead(server, api):
    proxy = FaultProxy("127.0.0.1", server.port)
    try:
        client = fast_api(proxy.url)
        stream = client.stream_events(api.health()["last_event_id"], heartbeat_timeout=2.5)
        proxy.blackhole()  # no FIN, no RST: only the missing heartbeats tell
        with pytest.raises(Offline, match="stream lost"):
            for _ in stream:
                pass
        client.close()
    finally:
        proxy.blackhole(False)
        proxy.close()


def test_tls_verification_cannot_be_pointed_at_a_missing_bundle():
    with pytest.raises(ValueError, match="CA bundle"):
        ApiClient("https://127.0.0.1:1", verify="/nonexistent/ca.pem")
    assert ApiClient("https://127.0.0.1:1").session.verify is True


def test_https_to_a_plain_server_fails_with_a_tls_message(server):
    client = fast_api(server.url.replace("http://", "https://"))
    with pytest.raises(Offline, match="TLS|SSL|Connection"):
        client.health()
    client.close()


def test_an_answer_cut_off_mid_body_is_offline_and_retried_not_a_crash():
    """A server killed while sending its answer: the client says Offline (and retried)."""
    import socket
    import threading

    from core.api import ApiClient, Offline

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    port = srv.getsockname()[1]
    hits = []

    def serve():
        for _ in range(2):
            conn, _addr = srv.accept()
            conn.recv(65536)
            hits.append(1)
            # promise a chunked body, send half a chunk, hang up
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n20\r\n{\"status\": ")
            conn.close()
        srv.close()
    threading.Thread(target=serve, daemon=True).start()
    api = ApiClient(f"http://127.0.0.1:{port}", retries=1, backoff_base=0.01)
    try:
        api.health()
        raise AssertionError("a cut-off answer must not pass as an answer")
    except Offline as exc:
        assert "ChunkedEncodingError" in str(exc)
    assert len(hits) == 2  # tried again


def test_a_server_that_answers_500_every_time_is_a_server_fault_not_an_outage(server, api):
    from core import commands as C
    from core.api import ServerFault

    proxy = FaultProxy("127.0.0.1", server.port)
    try:
        client = fast_api(proxy.url)
        proxy.fail_marked = b"FAULT-91c2"
        with pytest.raises(ServerFault, match="HTTP 500"):
            client.send_command(C.add_note("INC-0001", "FAULT-91c2"))
        assert proxy.failed == client.retries + 1          # every attempt reached the server
        client.close()
    finally:
        proxy.close()
    dead = fast_api(dead_url())
    with pytest.raises(Offline) as caught:                 # nobody there: an outage, not a fault
        dead.send_command(C.add_note("INC-0001", "无人应答"))
    assert not isinstance(caught.value, ServerFault)
    dead.close()
