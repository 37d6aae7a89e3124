"""`emergency-console audit verify`: check the server's audit log, the console's own chain
(core/audit.py), and the one against the other (a log cut off at the end)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.audit import ConsoleAudit
from ledger.chain import Finding, cross_check, verify_entries


def default_path(profile: str | None = None) -> Path:
    """This user's (or a --profile folder's) console audit file."""
    from core.paths import Paths

    return Paths.for_profile(profile).data_dir / "audit.sqlite"


def verify(db: str | None, profile: str | None = None,
           console_file: str | None = None) -> tuple[str, int, Finding | None]:
    """(what was checked, entries checked, first finding) for a server database URL, a
    console audit file path, or (None) this user's console audit file. With a server URL
    and `profile` or `console_file`, also cross-check the server's log against the receipts
    that console kept (a log cut off at the end is found only this way)."""
    from server.audit import verify_url

    if db and "://" in db:
        from sqlalchemy.engine import make_url

        label = make_url(db).render_as_string(hide_password=True)
        if profile is None and console_file is None:
            return label, *verify_url(db)
        return label, *cross_verify(db, Path(console_file) if console_file
                                    else default_path(profile))
    path = Path(console_file or db) if (console_file or db) else default_path(profile)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no console audit file here; give --db URL for a "
                                "server database or the path of an audit.sqlite")
    audit = ConsoleAudit(path)
    try:
        return str(path), *audit.verify()
    finally:
        audit.close()


def cross_verify(url: str, console_path: Path) -> tuple[int, Finding | None]:
    """Verify the server database at `url`, the console chain at `console_path`, then every
    receipt that console kept from this database against the server's log."""
    from server.audit import read_url

    if not console_path.is_file():
        raise FileNotFoundError(f"{console_path}: no console audit file here to cross-check "
                                "against; give the console's --profile folder or its "
                                "audit.sqlite with --console")
    rows, server_id = read_url(url)
    count, finding = verify_entries(rows)
    if finding is not None:
        return count, finding
    audit = ConsoleAudit(console_path)
    try:
        own_count, own = audit.verify()
        if own is not None:
            return count, Finding(own.seq, own.kind, f"this console's own chain "
                                  f"({console_path}), not the server's: {own.message}")
        receipts = audit.receipts(server_id)
    finally:
        audit.close()
    return count, cross_check(rows, receipts)


def main(argv: list[str] | None = None) -> int:
    """`emergency-console audit verify [--db URL|PATH]`: exit 0 intact, 1 tampered, 2 error."""
    p = argparse.ArgumentParser(prog="emergency-console audit",
                                description="Check a hash-chained audit log for tampering.")
    sub = p.add_subparsers(dest="action", required=True)
    v = sub.add_parser("verify", help="name the first edited, deleted or reordered entry")
    v.add_argument("--db", metavar="URL", help="server database (sqlite:///… or "
                   "postgresql+psycopg://…) or a console audit.sqlite path; default: this "
                   "console's own audit log")
    v.add_argument("--profile", metavar="DIR", help="the console's --profile folder; with a "
                   "server --db URL, also check every entry that console saw is still in the "
                   "server's log (finds a log cut off at the end)")
    v.add_argument("--console", metavar="PATH", help="like --profile, naming the console's "
                   "audit.sqlite itself")
    args = p.parse_args(argv)
    try:
        label, count, finding = verify(args.db, args.profile, args.console)
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
