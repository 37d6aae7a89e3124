"""The hash-chained audit log: what goes in, that the database refuses changes, and that
`emergency-console audit verify` names the first edited, deleted or reordered entry."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid

import pytest
import requests

from core.audit import ConsoleAudit
from ledger.chain import GENESIS, entry_hash, verify_entries

pytestmark = pytest.mark.timeout(120)


def _verify(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", "audit", "verify", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def audited_db(tmp_path):
    """A server database with sign-ins (good and bad) and commands (accepted, refused,
    forbidden) in its audit log; the server is stopped so the file can be tampered with."""
    from server.embedded import start_embedded

    url = f"sqlite:///{tmp_path / 'server.db'}"
    with start_embedded(url) as srv, requests.Session() as s:
        s.post(f"{srv.url}/api/v1/auth/login", json={"name": "demo_commander", "password": "nope"},
               timeout=30)
        for role, text in (("duty_officer", "到场"), ("observer", "不许"), ("commander", "撤离")):
            s.post(f"{srv.url}/api/v1/commands", headers=srv.auth_headers(role), timeout=30,
                   json={"command_id": str(uuid.uuid4()), "type": "add_note",
                         "payload": {"incident_id": "INC-0001", "text": text}})
        s.post(f"{srv.url}/api/v1/commands", headers=srv.auth_headers("commander"), timeout=30,
               json={"command_id": str(uuid.uuid4()), "type": "add_note",
                     "payload": {"incident_id": "NO-SUCH", "text": "拒绝"}})
    return tmp_path / "server.db", url


def _rows(path):
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]


def _tamper(path, *sql):
    with sqlite3.connect(path) as conn:  # an attacker with file access drops the guards
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        for statement in sql:
            conn.execute(statement)


def test_every_sign_in_and_command_is_chained(audited_db):
    path, url = audited_db
    rows = _rows(path)
    actions = [(r["operator"], r["action"], json.loads(r["detail"]).get("status")) for r in rows]
    assert ("demo_commander", "sign_in_failed", None) in actions
    assert ("demo_duty_officer", "sign_in", None) in actions
    assert ("demo_duty_officer", "command", "accepted") in actions
    assert ("demo_observer", "command_forbidden", None) in actions
    assert ("demo_commander", "command", "refused") in actions
    assert rows[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(rows, rows[1:]))
    assert all(r["hash"] == entry_hash(r) for r in rows)
    ok = _verify("--db", url)
    assert ok.returncode == 0 and f"{len(rows)} entries, chain intact" in ok.stdout


def test_the_database_refuses_to_change_or_delete_entries(audited_db):
    path, _ = audited_db
    with sqlite3.connect(path) as conn:
        for sql in ("UPDATE audit_log SET operator='x' WHERE seq=1", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)


def test_an_edited_entry_is_named(audited_db):
    path, url = audited_db
    _tamper(path, "UPDATE audit_log SET operator='somebody_else' WHERE seq=3")
    out = _verify("--db", url)
    assert out.returncode == 1
    assert "TAMPERED at seq 3 (edited)" in out.stdout and "somebody_else" in out.stdout


def test_an_edited_and_rehashed_entry_is_caught_by_the_next_one(audited_db):
    path, url = audited_db
    row = _rows(path)[2]
    row["operator"] = "somebody_else"
    _tamper(path, f"UPDATE audit_log SET operator='somebody_else', hash='{entry_hash(row)}' "
                  "WHERE seq=3")
    out = _verify("--db", url)
    assert out.returncode == 1 and "TAMPERED at seq 4" in out.stdout


def test_a_deleted_entry_is_named(audited_db):
    path, url = audited_db
    _tamper(path, "DELETE FROM audit_log WHERE seq=4")
    out = _verify("--db", url)
    assert out.returncode == 1 and "TAMPERED at seq 4 (deleted)" in out.stdout
    assert "jumps from 3 to 5" in out.stdout


def test_swapped_entries_are_named_as_reordered(audited_db):
    path, url = audited_db
    _tamper(path, "UPDATE audit_log SET seq=-1 WHERE seq=4", "UPDATE audit_log SET seq=4 WHERE seq=5",
            "UPDATE audit_log SET seq=5 WHERE seq=-1")
    out = _verify("--db", url)
    assert out.returncode == 1 and "TAMPERED at seq 4 (reordered)" in out.stdout


def test_the_console_chain_is_verified_the_same_way(tmp_path):
    audit = ConsoleAudit(tmp_path / "audit.sqlite")
    audit.operator = "demo_duty_officer"
    audit.append("sign_in", {"role": "duty_officer"})
    for i in range(4):
        audit.append("command_queued", {"type": "add_note", "command_id": f"c{i}"}, {"text": i})
    assert audit.verify() == (5, None)
    audit.close()
    assert _verify("--db", str(tmp_path / "audit.sqlite")).returncode == 0
    _tamper(tmp_path / "audit.sqlite", "DELETE FROM audit_log WHERE seq=2")
    out = _verify("--db", str(tmp_path / "audit.sqlite"))
    assert out.returncode == 1 and "seq 2 (deleted)" in out.stdout


def test_verify_says_what_is_wrong_with_a_missing_target(tmp_path):
    out = _verify("--db", str(tmp_path / "nothing.sqlite"))
    assert out.returncode == 2 and "no console audit file" in out.stderr


def test_verify_entries_finds_a_renumbered_deletion():
    from ledger.chain import make_entry

    rows, prev = [], GENESIS
    for seq in range(1, 6):
        rows.append(make_entry(seq, prev, "op", "command", {"n": seq}))
        prev = rows[-1]["hash"]
    del rows[2]
    for seq, row in enumerate(rows, 1):
        row["seq"] = seq  # renumbered to hide the gap
    count, finding = verify_entries(rows)
    assert count == 2 and finding.seq == 3 and finding.kind == "deleted"


def test_postgresql_refuses_changes_and_verify_names_the_edit(pg_url):
    import psycopg
    from sqlalchemy.engine import make_url

    from server.embedded import start_embedded

    with start_embedded(pg_url) as srv, requests.Session() as s:
        for text in ("一", "二", "三"):
            s.post(f"{srv.url}/api/v1/commands", headers=srv.auth_headers(), timeout=30,
                   json={"command_id": str(uuid.uuid4()), "type": "add_note",
                         "payload": {"incident_id": "INC-0001", "text": text}})
    assert _verify("--db", pg_url).returncode == 0
    url = make_url(pg_url)
    conninfo = url.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    schema = url.query["options"].split("=", 1)[1]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"SET search_path={schema}")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("UPDATE audit_log SET operator='x' WHERE seq=2")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM audit_log WHERE seq=2")
        conn.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        conn.execute("UPDATE audit_log SET detail='{}' WHERE seq=2")
    out = _verify("--db", pg_url)
    assert out.returncode == 1 and "TAMPERED at seq 2 (edited)" in out.stdout
