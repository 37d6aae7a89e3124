"""The console's own audit chain, and `emergency-console audit verify`.

What this console did (sign-ins, each command queued, the server's answer) is appended to
`audit.sqlite` in the data folder, hash-chained exactly like the server's audit_log
(server/audit.py), so the same verifier finds an edited, deleted or reordered entry in
either. A file of its own: appends never wait on the replica's writer.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import threading
from pathlib import Path

from server.audit import GENESIS, Finding, make_entry, verify_entries

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
    "operator TEXT, action TEXT NOT NULL, detail TEXT NOT NULL, payload_digest TEXT NOT NULL, "
    "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
_COLUMNS = ("seq", "at", "operator", "action", "detail", "payload_digest", "prev_hash", "hash")


class ConsoleAudit:
    """Append-only chain in one SQLite file; `operator` is who is signed in right now."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.operator: str | None = None
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        for sql in _SCHEMA:
            self._db.execute(sql)

    def append(self, action: str, detail: dict, payload=None, operator: str | None = None) -> dict:
        """Append one entry (durable when this returns)."""
        with self._lock:
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

    def entries(self) -> list[dict]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit_log ORDER BY seq")
            return [dict(zip(_COLUMNS, r)) for r in rows]

    def verify(self) -> tuple[int, Finding | None]:
        return verify_entries(self.entries())

    def close(self) -> None:
        with self._lock:
            self._db.close()


def default_path(profile: str | None = None) -> Path:
    """This user's (or a --profile folder's) console audit file."""
    from console.paths import Paths

    return Paths.for_profile(profile).data_dir / "audit.sqlite"


def verify(db: str | None, profile: str | None = None) -> tuple[str, int, Finding | None]:
    """(what was checked, entries checked, first finding) for a server database URL, a
    console audit file path, or (None) this user's console audit file."""
    from server.audit import verify_url

    if db and "://" in db:
        from sqlalchemy.engine import make_url

        return make_url(db).render_as_string(hide_password=True), *verify_url(db)
    path = Path(db) if db else default_path(profile)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no console audit file here; give --db URL for a "
                                "server database or the path of an audit.sqlite")
    audit = ConsoleAudit(path)
    try:
        return str(path), *audit.verify()
    finally:
        audit.close()


def main(argv: list[str] | None = None) -> int:
    """`emergency-console audit verify [--db URL|PATH]`: exit 0 intact, 1 tampered, 2 error."""
    p = argparse.ArgumentParser(prog="emergency-console audit",
                                description="Check a hash-chained audit log for tampering.")
    sub = p.add_subparsers(dest="action", required=True)
    v = sub.add_parser("verify", help="name the first edited, deleted or reordered entry")
    v.add_argument("--db", metavar="URL", help="server database (sqlite:///… or "
                   "postgresql+psycopg://…) or a console audit.sqlite path; default: this "
                   "console's own audit log")
    v.add_argument("--profile", metavar="DIR", help="the console's --profile folder")
    args = p.parse_args(argv)
    try:
        label, count, finding = verify(args.db, args.profile)
    except (FileNotFoundError, LookupError) as exc:
        print(f"audit verify: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # an unreachable database: say which, not a traceback
        print(f"audit verify: cannot read {args.db}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if finding is None:
        print(f"{label}: {count} entries, chain intact")
        return 0
    print(f"{label}: TAMPERED at seq {finding.seq} ({finding.kind}): {finding.message}; "
          f"{count} entries before it are intact")
    return 1
