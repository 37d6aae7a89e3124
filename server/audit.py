"""The hash-chained audit log: who did what, in an order nobody can quietly change.

Each entry holds `prev_hash` (the previous entry's hash) and `hash`, the SHA-256 of the
canonical JSON of its own fields plus `prev_hash`. Editing an entry breaks its hash;
deleting or reordering entries breaks the chain of `prev_hash`es; `verify_entries` names the
first entry where either happens. The same functions (ledger/chain.py) serve the server's
`audit_log` table and the console's own chain (core/audit.py), so one verifier checks both.

Cutting entries off the END of the log leaves a valid shorter chain, so the chain alone
cannot show it. A second party can: every answer to a command (and, in time, a sign-in)
carries a `receipt()` of its audit entry, the console keeps those receipts in its own chain,
and `ledger.chain.cross_check()` reports any receipt the server's log no longer holds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.chain import GENESIS, Finding, make_entry, verify_entries

if TYPE_CHECKING:
    import sqlalchemy as sa

# The chain itself is ledger/chain.py (the standard library only, shared with the console);
# SQLAlchemy costs ~0.4 s to import, so only the functions that read or write a table do.


# -- the server's table ------------------------------------------------------------------------
def append(conn: sa.Connection, operator: str | None, action: str, detail: dict,
           payload=None) -> dict:
    """Append one entry in the caller's transaction (which must hold the writer lock)."""
    import sqlalchemy as sa

    from server import db

    last = conn.execute(sa.select(db.audit_log.c.seq, db.audit_log.c.hash)
                        .order_by(db.audit_log.c.seq.desc()).limit(1)).first()
    entry = make_entry((last.seq + 1) if last else 1, last.hash if last else GENESIS,
                       operator, action, detail, payload)
    conn.execute(sa.insert(db.audit_log).values(**entry))
    return entry


def receipt(conn: sa.Connection, entry: dict, instance_id: str | None = None) -> dict:
    """What the server hands back about an entry it just wrote: {"seq", "hash", "instance"}
    (the database's id, so a console talking to several servers keeps them apart; pass it
    as `instance_id` when known, to save a query per command in a batch)."""
    return {"seq": entry["seq"], "hash": entry["hash"],
            "instance": instance_id or instance(conn)}


def instance(conn: sa.Connection) -> str | None:
    """The database's id (meta `instance`), as the server's /health reports it."""
    import sqlalchemy as sa

    from server import db

    return conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "instance"))


def record(store, operator: str | None, action: str, detail: dict, payload=None) -> dict:
    """Append one entry in a transaction of its own (sign-ins, refusals before any write)."""
    with store.writing_connection() as conn:
        return append(conn, operator, action, detail, payload)


def read_entries(conn: sa.Connection, table: str = "audit_log") -> list[dict]:
    """Every entry of `table` in seq order, as dicts."""
    import sqlalchemy as sa

    rows = conn.execute(sa.text(f"SELECT seq, at, operator, action, detail, payload_digest, "
                                f"prev_hash, hash FROM {table} ORDER BY seq"))
    return [dict(r._mapping) for r in rows]


def head(conn: sa.Connection) -> tuple[int, str]:
    """(seq, hash) of the newest entry, (0, GENESIS) when empty."""
    rows = read_entries(conn)
    return (rows[-1]["seq"], rows[-1]["hash"]) if rows else (0, GENESIS)


def read_url(url: str) -> tuple[list[dict], str | None]:
    """(every audit entry in seq order, the database's instance id) of the database at
    `url` (SQLite or PostgreSQL URL); LookupError if it has no audit log."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("audit_log"):
                raise LookupError(f"{engine.url.render_as_string(hide_password=True)}: no "
                                  "audit_log table; is this a console server database?")
            return read_entries(conn), instance(conn)
    finally:
        engine.dispose()


def verify_url(url: str) -> tuple[int, Finding | None]:
    """Verify the audit log of the database at `url` (SQLite or PostgreSQL URL)."""
    return verify_entries(read_url(url)[0])
