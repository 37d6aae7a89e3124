"""The console's own audit chain (`emergency-console audit verify` is console/audit.py).

What this console did (sign-ins, each command queued, the server's answer) is appended to
`audit.sqlite` in the data folder, hash-chained exactly like the server's audit_log
(ledger/chain.py), so the same verifier finds an edited, deleted or reordered entry in
either. A file of its own: appends never wait on the replica's writer.

It also keeps the server's receipts (the seq and hash of the server's own audit entry for
each answer, in that answer's `command_accepted` / `command_refused` entry), so `audit verify --db URL --profile DIR` can tell a server log
cut off at the end, which the server's chain alone cannot show.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from ledger.chain import GENESIS, Finding, make_entry, verify_entries

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
    "operator TEXT, action TEXT NOT NULL, detail TEXT NOT NULL, payload_digest TEXT NOT NULL, "
    "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
_ANSWERS = ("command_accepted", "command_refused")
_COLUMNS = ("seq", "at", "operator", "action", "detail", "payload_digest", "prev_hash", "hash")


class ConsoleAudit:
    """Append-only chain in one SQLite file; `operator` is who is signed in right now."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.operator: str | None = None
        self._lock = threading.Lock()
        self._pending: dict[str, dict] = {}  # command_id -> the server's receipt, not yet written
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        for sql in _SCHEMA:
            self._db.execute(sql)

    def append(self, action: str, detail: dict, payload=None, operator: str | None = None) -> dict:
        """Append one entry (durable when this returns). The answer to a command
        (`command_accepted` / `command_refused`) takes the server's receipt for it along."""
        with self._lock:
            if action in _ANSWERS and detail.get("command_id") in self._pending:
                detail = {**self._pending.pop(detail["command_id"]), **detail}
            self._db.execute("BEGIN IMMEDIATE")
            try:
                last = self._db.execute(
                    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
                entry = make_entry(last[0] + 1 if last else 1, last[1] if last else GENESIS,
                                   operator or self.operator, action, detail, payload)
                self._db.execute(f"INSERT INTO audit_log ({', '.join(_COLUMNS)}) VALUES "
                                 f"({', '.join('?' * len(_COLUMNS))})",
                                 [entry[c] for c in _COLUMNS])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return entry

    def record_receipt(self, command, answer: dict) -> None:
        """Keep the server's audit receipt for its answer to `command` (a console Command
        with .command_id and .type); safe to call from the network thread. It goes into the
        `command_accepted` / `command_refused` entry the console writes for that answer next
        (one entry per answer), or on close() as a `server_receipt` entry of its own."""
        receipt = answer["audit"]
        with self._lock:
            self._pending[command.command_id] = {
                "type": command.type, "status": answer.get("status"),
                "server_seq": receipt.get("seq"), "server_hash": receipt.get("hash"),
                "server_instance": receipt.get("instance")}

    def flush_receipts(self) -> None:
        """Write receipts no answer entry has taken (e.g. a malformed batch neighbour)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for command_id, receipt in pending.items():
            self.append("server_receipt", {"command_id": command_id, **receipt})

    def receipts(self, instance: str | None = None) -> list[dict]:
        """The server receipts kept, oldest first, as {"seq", "hash", "at", "action"} (only
        those from the database `instance` when given)."""
        found = []
        for entry in self.entries():
            if '"server_seq"' not in entry["detail"]:
                continue
            detail = json.loads(entry["detail"])
            if instance is not None and detail.get("server_instance") != instance:
                continue
            if isinstance(detail.get("server_seq"), int) and detail.get("server_hash"):
                action = (f"{detail.get('type')} {detail.get('command_id')} "
                          f"{detail.get('status')}" if "command_id" in detail
                          else f"{entry['action']} {entry['operator']}")
                found.append({"seq": detail["server_seq"], "hash": detail["server_hash"],
                              "at": entry["at"], "action": action})
        return found

    def entries(self) -> list[dict]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit_log ORDER BY seq")
            return [dict(zip(_COLUMNS, r)) for r in rows]

    def verify(self) -> tuple[int, Finding | None]:
        return verify_entries(self.entries())

    def close(self) -> None:
        self.flush_receipts()
        with self._lock:
            self._db.close()
