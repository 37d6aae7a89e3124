"""Incidents filed at this console that the server has not confirmed yet, shown at once.

An incident filed offline used to appear in no list until the server came back, inviting a
second filing (issue 20). Now a create_incident in the outbox puts a provisional record into
LiveState (never into the replica, which holds only what the server said), marked
`pending_sync: True` so the lists show 待同步 and the duplicate check finds it. The incident id
is the console's own (core.commands.create_incident), so the server's record, when its event
arrives, replaces the provisional one under the same id; a refusal (or 放弃) takes it away.

Pure Python; the sync engine owns one and calls it.
"""
from __future__ import annotations

from collections.abc import Iterable

from core.commands import Command
from core.state import LiveState

LAYER = "incidents"


def provisional_record(command: Command) -> dict | None:
    """The incident a queued create_incident will make, as the lists show it until then."""
    if command.type != "create_incident" or not command.payload.get("id"):
        return None
    p = command.payload
    return {
        "id": str(p["id"]), "type": p.get("type"), "title": p.get("title"),
        "level": p.get("level", "IV"), "lon": p.get("lon"), "lat": p.get("lat"),
        "district": p.get("district"), "street": p.get("street"), "facts": dict(p.get("facts") or {}),
        "status": "active", "reported_at": p.get("reported_at") or command.issued_at,
        "created_at": command.issued_at, "operator": command.operator,
        "pending_sync": True, "command_id": command.command_id,
    }


class Provisional:
    def __init__(self, live: LiveState) -> None:
        self._live = live
        self._records: dict[str, dict] = {}      # incident id -> provisional record
        self._by_command: dict[str, str] = {}    # command_id -> incident id

    def __contains__(self, incident_id: str) -> bool:
        return incident_id in self._records

    def add(self, command: Command) -> None:
        """A create_incident was queued: show its incident now (unless the server has it)."""
        rec = provisional_record(command)
        if rec is None or self._live.get(LAYER, rec["id"]) is not None:
            return
        self._records[rec["id"]] = rec
        self._by_command[command.command_id] = rec["id"]
        self._live.apply(LAYER, [dict(rec)])

    def restore(self, pending: Iterable[Command]) -> None:
        """After the picture was replaced (start, snapshot): show again what is still pending."""
        self._records.clear()
        self._by_command.clear()
        for command in pending:
            self.add(command)

    def confirm(self, upserts: list[dict]) -> list[dict]:
        """Server records about to be applied: those of provisional incidents replace them
        (pending_sync cleared); returns the records to apply."""
        if not self._records:
            return upserts
        out = []
        for rec in upserts:
            if rec.get("id") in self._records:
                old = self._records.pop(rec["id"])
                self._by_command.pop(old.get("command_id"), None)
                rec = {**rec, "pending_sync": False}
            out.append(rec)
        return out

    def refused(self, command_id: str) -> None:
        """Its create_incident was refused or given up: the incident never existed."""
        incident_id = self._by_command.pop(command_id, None)
        if incident_id is not None and self._records.pop(incident_id, None) is not None:
            self._live.apply(LAYER, removes=[incident_id])
