"""Commands: validated, executed once per command_id, refused with a reason people understand.

`execute()` runs a command in one write transaction together with the row that records its
answer under the command_id's UNIQUE key. The writer lock serialises transactions, so a
second copy (a retry, or a racing duplicate) finds the first answer and returns it without
acting again. Refusals are recorded too: a retried refused command stays refused.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from uuid import UUID

import sqlalchemy as sa
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import IntegrityError

from server import audit, db, handlers
from server.store import Store
from server.times import Timestamp

log = logging.getLogger(__name__)


class CommandIn(BaseModel):
    """The envelope every command comes in."""
    command_id: UUID
    type: str
    payload: dict
    issued_at: Timestamp | None = None
    operator: str | None = Field(None, description="ignored: the server records the signed-in "
                                                   "operator of the bearer token")


@dataclass
class Answer:
    http_status: int  # 200 accepted, 409 refused
    body: dict


class PayloadError(Exception):
    """The command is malformed: which field, what is wrong (answered with 422)."""

    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors))
        self.errors = errors


def parse_payload(cmd: CommandIn):
    """The typed payload of `cmd`, or PayloadError naming the bad fields."""
    spec = handlers.HANDLERS.get(cmd.type)
    if spec is None:
        raise PayloadError([{"loc": ["body", "type"], "type": "unknown_command",
                             "msg": f"unknown command type {cmd.type!r}; expected one of "
                                    + ", ".join(sorted(handlers.HANDLERS)),
                             "input": cmd.type}])
    model, _ = spec
    try:
        return model.model_validate(cmd.payload)
    except ValidationError as exc:
        raise PayloadError([{"loc": ["body", "payload", *e["loc"]], "type": e["type"],
                             "msg": e["msg"]} for e in exc.errors(include_url=False)]) from None


_ANSWER_COLUMNS = (db.commands.c.command_id, db.commands.c.status, db.commands.c.result,
                   db.commands.c.reason, db.commands.c.event_id)


def _answer_of(row) -> Answer:
    if row.status == "accepted":
        return Answer(200, {"command_id": row.command_id, "status": "accepted",
                            "result": json.loads(row.result), "event_id": row.event_id})
    return Answer(409, {"command_id": row.command_id, "status": "refused", "reason": row.reason})


def _stored_answers(conn: sa.Connection, command_ids: list[str]) -> dict[str, Answer]:
    found, since = {}, None
    for i in range(0, len(command_ids), 1000):
        for row in conn.execute(sa.select(*_ANSWER_COLUMNS, db.commands.c.received_at).where(
                db.commands.c.command_id.in_(command_ids[i:i + 1000]))):
            found[row.command_id] = _answer_of(row)
            since = row.received_at if since is None else min(since, row.received_at)
    if found:
        _attach_receipts(conn, found, since)
    return found


def _attach_receipts(conn: sa.Connection, answers: dict[str, Answer], since: datetime) -> None:
    """Give replayed answers the audit receipt of their first answer, so a retry reads
    byte for byte like the original. Entries are written after `received_at`, so only the
    log's tail since the oldest of them is read (a retry follows its original closely)."""
    a = db.audit_log.c
    start = (since - timedelta(seconds=1)).astimezone(timezone.utc).isoformat()
    rows = conn.execute(sa.select(a.seq, a.hash, a.detail).where(
        a.action == "command", a.at >= start).order_by(a.seq))
    wanted = set(answers)
    instance = audit.instance(conn)
    with rows:  # closed even when every receipt is found before the end
        for row in rows:
            command_id = json.loads(row.detail).get("command_id")
            if command_id in wanted:
                answers[command_id].body["audit"] = {"seq": row.seq, "hash": row.hash,
                                                     "instance": instance}
                wanted.discard(command_id)
                if not wanted:
                    break


def _stored_answer(conn: sa.Connection, command_id: str) -> Answer | None:
    return _stored_answers(conn, [command_id]).get(command_id)


def _act(tx, cmd: CommandIn, payload, actor: str | None = None,
         instance: str | None = None) -> tuple[Answer, dict]:
    """Carry out one command in an open write transaction; returns its answer and the
    commands-table row that records it (the caller inserts it in the same transaction).
    The audit log gets an entry in the same transaction: `actor` is the sign-in name
    (None for the server's own simulator and CAP poller, recorded as cmd.operator)."""
    command_id = str(cmd.command_id)
    _, handler = handlers.HANDLERS[cmd.type]
    tx.operator, tx.command_id = cmd.operator, command_id
    first_id, first_row = tx.next_id, len(tx.rows)
    savepoint = tx.conn.begin_nested()  # a handler that refuses late leaves nothing behind
    try:
        result = handler(tx, payload)
        savepoint.commit()
    except handlers.Refused as refusal:
        savepoint.rollback()
        del tx.rows[first_row:]  # nothing it meant to announce happened
        tx.next_id = first_id
        answer = Answer(409, {"command_id": command_id, "status": "refused",
                              "reason": str(refusal)})
        result = None
        log.info("command %s (%s) refused: %s", command_id, cmd.type, refusal)
    else:
        event_id = tx.rows[-1]["id"] if len(tx.rows) > first_row else None
        answer = Answer(200, {"command_id": command_id, "status": "accepted",
                              "result": result, "event_id": event_id})
    row = {"command_id": command_id, "type": cmd.type, "payload": cmd.payload,
           "issued_at": cmd.issued_at, "received_at": tx.now, "operator": cmd.operator,
           "status": answer.body["status"],
           "result": None if result is None else json.dumps(result, ensure_ascii=False),
           "reason": answer.body.get("reason"), "event_id": answer.body.get("event_id")}
    detail = {"type": cmd.type, "command_id": command_id, "status": answer.body["status"]}
    if "reason" in answer.body:
        detail["reason"] = answer.body["reason"]
    entry = audit.append(tx.conn, actor or cmd.operator, "command", detail, cmd.payload)
    # only the first answer carries it: a retry is answered from the record, not re-audited
    answer.body["audit"] = audit.receipt(tx.conn, entry, instance)
    return answer, row


def _run_in(tx, cmd: CommandIn, payload, actor: str | None = None) -> Answer:
    """Run one command inside an open write transaction, recording its answer."""
    earlier = _stored_answer(tx.conn, str(cmd.command_id))
    if earlier is not None:
        return earlier
    answer, row = _act(tx, cmd, payload, actor)
    tx.conn.execute(sa.insert(db.commands), [row])
    return answer


def _first_answer(store: Store, command_id: str) -> Answer | None:
    with store.reading() as conn:
        return _stored_answer(conn, command_id)


def execute(store: Store, cmd: CommandIn, actor: str | None = None) -> Answer:
    """Run `cmd` once; a repeated command_id gets the first answer back. `actor`: the
    signed-in operator's name, for the audit log."""
    payload = parse_payload(cmd)
    try:
        with store.write(operator=cmd.operator, command_id=str(cmd.command_id)) as tx:
            return _run_in(tx, cmd, payload, actor)
    except IntegrityError:
        # only reachable if the writer lock were bypassed; the first answer still wins
        earlier = _first_answer(store, str(cmd.command_id))
        if earlier is None:
            raise
        return earlier


MAX_BATCH = 1000


def execute_many(store: Store, cmds: list[CommandIn], actor: str | None = None,
                 forbidden: dict[str, str] | None = None) -> list[dict]:
    """Run commands in order in ONE transaction (a replayed outbox: one commit instead of a
    thousand). Each still acts once and gets its own answer; a malformed one is answered
    422 and skipped, a refused one does not stop the others. `forbidden` maps command_ids
    the sender's role may not send to the reason: each is answered 403, audited, not run."""
    forbidden = forbidden or {}
    answers: list[dict] = []
    with store.write() as tx:
        # one look-up for the whole batch; copies inside the batch are caught by `known`
        known = _stored_answers(tx.conn, sorted({str(c.command_id) for c in cmds}))
        instance, rows = audit.instance(tx.conn), []
        for cmd in cmds:
            command_id = str(cmd.command_id)
            if command_id in forbidden and command_id not in known:
                entry = audit.append(tx.conn, actor, "command_forbidden",
                                     {"type": cmd.type, "command_id": command_id,
                                      "reason": forbidden[command_id]}, cmd.payload)
                answers.append({"http_status": 403, "command_id": command_id,
                                "status": "refused", "reason": forbidden[command_id],
                                "audit": audit.receipt(tx.conn, entry, instance)})
                continue
            if command_id not in known:
                try:
                    payload = parse_payload(cmd)
                except PayloadError as exc:
                    answers.append({"http_status": 422, "command_id": command_id,
                                    "status": "invalid", "detail": exc.errors})
                    continue
                known[command_id], row = _act(tx, cmd, payload, actor, instance)
                rows.append(row)
            answer = known[command_id]
            answers.append({"http_status": answer.http_status, **answer.body})
        if rows:
            tx.conn.execute(sa.insert(db.commands), rows)
    return answers
