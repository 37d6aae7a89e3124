"""A server audit log cut off at the END: the chain alone stays valid, so the console's
receipts (the seq and hash the server answered each command with) are the second party
that `emergency-console audit verify --db URL --profile DIR` checks it against."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from core import commands as C
from core.api import ApiClient, Refused
from core.audit import ConsoleAudit
from tests.console.conftest import make_shell  # noqa: F401  (the fixture)

pytestmark = pytest.mark.timeout(180)


def _verify(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", "audit", "verify", *args],
                          capture_output=True, text=True, timeout=60)


def _server_rows(path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()


def _cut_tail(path, keep_through: int) -> None:
    with sqlite3.connect(path) as conn:  # an attacker with file access drops the guard first
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (keep_through,))


@pytest.fixture
def session(tmp_path):
    """A real server; a console client sends accepted, refused and forbidden commands and its
    audit chain keeps the receipts. The server is stopped before anyone tampers."""
    from server.embedded import start_embedded

    path = tmp_path / "server.db"
    url = f"sqlite:///{path}"
    audit = ConsoleAudit(tmp_path / "console" / "audit.sqlite")
    with start_embedded(url) as srv:
        api = ApiClient(srv.url)
        api.on_receipt = audit.record_receipt
        incident = api.send_command(C.create_incident("fire", "尾部截断测试", 116.47, 39.93))
        incident_id = incident["result"]["incident"]["id"]
        api.send_command(C.add_note(incident_id, "到场"))
        with pytest.raises(Refused):
            api.send_command(C.add_note("NO-SUCH", "拒绝"))
        api.send_commands([C.add_note(incident_id, "批量一"), C.add_note(incident_id, "批量二")])
        observer = ApiClient(srv.url, credentials=srv.credentials["observer"])
        observer.on_receipt = audit.record_receipt
        with pytest.raises(Refused):
            observer.send_command(C.add_note(incident_id, "观察员不许"))
        instance = api.health()["instance"]
        api.session.close()
        observer.session.close()
    audit.close()
    return path, url, tmp_path / "console" / "audit.sqlite", instance


def test_every_answer_carries_a_receipt_the_console_keeps(session):
    path, url, console_file, instance = session
    audit = ConsoleAudit(console_file)
    receipts = audit.receipts(instance)
    assert audit.verify()[1] is None
    audit.close()
    assert len(receipts) == 6  # 2 accepted, 1 refused, 2 in a batch, 1 forbidden
    server = dict(_server_rows(path))
    assert all(server[r["seq"]] == r["hash"] for r in receipts)
    assert any("refused" in r["action"] for r in receipts)
    out = _verify("--db", url, "--console", str(console_file))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "chain intact" in out.stdout


def test_a_log_cut_off_at_the_end_is_named_with_what_the_console_saw(session):
    path, url, console_file, _ = session
    rows = _server_rows(path)
    last_seen = rows[-1]  # the observer's forbidden command was the last thing audited
    _cut_tail(path, rows[-4][0])
    assert _verify("--db", url).returncode == 0  # the shorter chain alone looks intact
    out = _verify("--db", url, "--console", str(console_file))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "(truncated)" in out.stdout
    assert (f"the server log ends at seq {rows[-4][0]} but this console saw seq {last_seen[0]} "
            f"(hash {last_seen[1][:12]}") in out.stdout


def test_a_cut_log_written_again_is_named_as_rewritten(session):
    path, url, console_file, _ = session
    from ledger.chain import make_entry

    rows = _server_rows(path)
    cut = rows[-3][0]
    _cut_tail(path, cut - 1)
    forged = make_entry(cut, rows[-4][1], "demo_commander", "command", {"type": "add_note"})
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO audit_log (seq, at, operator, action, detail, payload_digest, "
                     "prev_hash, hash) VALUES (:seq, :at, :operator, :action, :detail, "
                     ":payload_digest, :prev_hash, :hash)", forged)
    assert _verify("--db", url).returncode == 0
    out = _verify("--db", url, "--console", str(console_file))
    assert out.returncode == 1 and f"TAMPERED at seq {cut} (rewritten)" in out.stdout


def test_verify_says_when_the_console_file_is_missing(session, tmp_path):
    _, url, _, _ = session
    out = _verify("--db", url, "--console", str(tmp_path / "nowhere.sqlite"))
    assert out.returncode == 2 and "no console audit file" in out.stderr


def test_the_running_console_keeps_receipts_for_its_profile(make_shell, qtbot,  # noqa: F811
                                                            tmp_path):
    from server.embedded import start_embedded

    path = tmp_path / "live.db"
    url = f"sqlite:///{path}"
    profile = tmp_path / "profile"
    with start_embedded(url) as srv:
        shell = make_shell("--server", srv.url, profile=profile)
        shell.sync.submit(C.add_note("NO-SUCH", "控制台发出"))
        # the receipt rides in the refusal's own entry: one console entry per answer
        qtbot.waitUntil(lambda: any(e["action"] == "command_refused" and "server_seq" in e["detail"]
                                    for e in shell.audit.entries()), timeout=30_000)
    rows = _server_rows(path)
    assert _verify("--db", url, "--profile", str(profile)).returncode == 0
    _cut_tail(path, rows[-1][0] - 1)
    out = _verify("--db", url, "--profile", str(profile))
    assert out.returncode == 1 and f"this console saw seq {rows[-1][0]}" in out.stdout
