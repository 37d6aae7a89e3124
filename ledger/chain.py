"""The hash chain shared by the server's audit_log and the console's own audit file.

Each entry holds `prev_hash` (the previous entry's hash) and `hash`, the SHA-256 of the
canonical JSON of its own fields plus `prev_hash`. Editing an entry breaks its hash;
deleting or reordering entries breaks the chain of `prev_hash`es; `verify_entries` names the
first entry where either happens; `cross_check` compares a log with the receipts a second
party kept (a log cut off at the end). The standard library only: the server (server/audit.py)
and the console's core (core/audit.py) both build on it and on nothing of each other.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

GENESIS = "0" * 64
HASHED_FIELDS = ("at", "operator", "action", "detail", "payload_digest", "prev_hash")


def canonical(value) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def digest(value) -> str:
    """SHA-256 (hex) of `value`'s canonical JSON (a command's payload, for instance)."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def entry_hash(entry: dict) -> str:
    """The hash an entry must carry: over its fields and the previous entry's hash."""
    return digest({k: entry.get(k) for k in HASHED_FIELDS})


def make_entry(seq: int, prev_hash: str, operator: str | None, action: str, detail: dict,
               payload=None, at: datetime | None = None) -> dict:
    """A new entry (a dict of the audit_log columns) that follows `prev_hash`."""
    entry = {"seq": seq, "at": (at or datetime.now(timezone.utc)).isoformat(),
             "operator": operator, "action": action, "detail": canonical(detail),
             "payload_digest": digest(payload), "prev_hash": prev_hash}
    entry["hash"] = entry_hash(entry)
    return entry


@dataclass
class Finding:
    """The first thing wrong with a log: entry `seq`, what kind, and a sentence saying what."""
    seq: int
    kind: str  # edited | deleted | reordered | inserted
    message: str


def verify_entries(rows: Iterable[dict]) -> tuple[int, Finding | None]:
    """Walk entries in `seq` order; (number checked, first Finding or None if intact)."""
    rows = list(rows)
    by_hash = {r["hash"]: r for r in rows}
    prev_hash, expected_seq = GENESIS, 1
    for count, row in enumerate(rows):
        seq = row["seq"]
        if row["hash"] != entry_hash(row):
            return count, Finding(seq, "edited", _edited(row))
        if seq != expected_seq:
            if seq > expected_seq:
                missing = (f"{expected_seq}" if seq == expected_seq + 1
                           else f"{expected_seq}–{seq - 1}")
                return count, Finding(expected_seq, "deleted",
                                      f"entry seq {missing} deleted: seq jumps from "
                                      f"{expected_seq - 1} to {seq}")
            return count, Finding(seq, "reordered", f"entry seq {seq} appears twice or out of "
                                                    f"order (expected seq {expected_seq})")
        if row["prev_hash"] != prev_hash:
            return count, Finding(seq, *_broken_link(row, prev_hash, by_hash))
        prev_hash, expected_seq = row["hash"], seq + 1
    return len(rows), None


def _edited(row: dict) -> str:
    return (f"entry seq {row['seq']} edited: its contents (at={row['at']}, operator="
            f"{row['operator']}, action={row['action']}, detail={row['detail']}) no longer "
            f"match its hash {row['hash'][:12]}…")


def _broken_link(row: dict, prev_hash: str, by_hash: dict) -> tuple[str, str]:
    seq = row["seq"]
    earlier = by_hash.get(row["prev_hash"])
    if earlier is not None and earlier["seq"] >= seq:
        return "reordered", (f"entry seq {seq} ({row['action']}) was written after entry seq "
                             f"{earlier['seq']} ({earlier['action']}): entries were reordered")
    if earlier is None and any(r.get("prev_hash") == prev_hash for r in by_hash.values()
                               if r is not row):
        return "inserted", (f"entry seq {seq} does not follow entry seq {seq - 1}: an entry "
                            "was inserted or rewritten before it")
    return "deleted", (f"entry seq {seq} ({row['action']}) does not follow entry seq {seq - 1}: "
                       f"the entry written before it is missing (deleted, or re-hashed after "
                       f"an edit)")


# -- a second party: receipts the console kept ------------------------------------------------
def cross_check(rows: list[dict], receipts: Iterable[dict]) -> Finding | None:
    """Compare the server's entries `rows` with `receipts` a console recorded from the
    server's answers ({"seq", "hash", "at": when the console saw it, "action"}); the first
    receipt the log no longer holds as it was, or None. Catches a log cut off at the end
    (which `verify_entries` cannot) and a tail rewritten after the cut."""
    by_seq = {r["seq"]: r for r in rows}
    last = rows[-1]["seq"] if rows else 0
    beyond, changed = [], []
    for rc in receipts:
        row = by_seq.get(rc["seq"])
        if row is None:
            beyond.append(rc)
        elif row["hash"] != rc["hash"]:
            changed.append((rc, row))
    if changed:
        rc, row = min(changed, key=lambda pair: pair[0]["seq"])
        return Finding(rc["seq"], "rewritten",
                       f"server entry seq {rc['seq']} now has hash {row['hash'][:12]}… "
                       f"({row['action']}) but this console saw hash {rc['hash'][:12]}… on "
                       f"{rc['at']} ({rc.get('action') or 'entry'}): the log was cut and "
                       "written again from there")
    if beyond:
        rc = max(beyond, key=lambda r: r["seq"])
        more = f" ({len(beyond)} entries this console saw are missing)" if len(beyond) > 1 else ""
        return Finding(last + 1, "truncated",
                       f"the server log ends at seq {last} but this console saw seq "
                       f"{rc['seq']} (hash {rc['hash'][:12]}…) on {rc['at']}"
                       f" ({rc.get('action') or 'entry'}){more}: entries were cut off the end")
    return None
