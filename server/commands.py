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
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from server import audit, db, fields, handlers
from server.fields import Stamp, Text
from server.store import Store

log = logging.getLogger(__name__)


class CommandIn(BaseModel):
    """The envelope every command comes in."""
    command_id: UUID
    type: Text(db.commands.c.type, min_length=1)
    payload: dict[str, Any] = Field(description="the command type's payload (Payload_<type>)")
    issued_at: Stamp | None = None
    operator: Text(db.commands.c.operator) | None = Field(
        None, description="ignored: the server records the signed-in operator of the bearer token")


@dataclass
class Answer:
    http_status: int  # 200 accepted, 409 refused
    body: dict


class PayloadError(Exception):
    """The command is malformed: which field, what is wrong (answered with 422)."""

    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(e["msg"] for e in errors))
        self.errors = errors


@dataclass
class Malformed:
    """A batch item whose envelope is not a command: answered 422 in its place."""
    command_id: str | None
    errors: list[dict]


def parse_envelope(item, index: int) -> CommandIn | Malformed:
    """One item of a batch as a command, or Malformed naming what is wrong (loc from the
    batch: ["body", index, field])."""
    try:
        return CommandIn.model_validate(item)
    except ValidationError as exc:
        given = item.get("command_id") if isinstance(item, dict) else None
        try:
            command_id = str(UUID(given)) if isinstance(given, str) else None
        except ValueError:
            command_id = None
        return Malformed(command_id, fields.describe(exc.errors(include_url=False),
                                                     ("body", index)))


def parse_payload(cmd: CommandIn):
    """The typed payload of `cmd`, or PayloadError naming the bad fields."""
    spec = handlers.HANDLERS.get(cmd.type)
    if spec is None:
        raise PayloadError([{"loc": ["body", "type"], "type": "unknown_command",
                             "msg": f"type：未知的命令类型 {cmd.type!r}（unknown command type）；"
                                    "应为以下之一：" + ", ".join(sorted(handlers.HANDLERS))}])
    model, _ = spec
    try:
        payload = model.model_validate(cmd.payload)
    except ValidationError as exc:
        raise PayloadError(fields.describe(exc.errors(include_url=False),
                                           ("body", "payload"))) from None
    try:  # the whole payload is stored and audited: keys the model ignores too
        fields.check_json(cmd.payload, fields.PAYLOAD_DEPTH)
    except fields.JsonProblem as exc:
        loc = ["body", "payload", *exc.loc]
        raise PayloadError([{"loc": loc, "type": exc.kind,
                             "msg": f"{fields.label(loc)}：{exc.reason}"}]) from None
    return payload


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
    except (SQLAlchemyError, OverflowError) as exc:  # OverflowError: SQLite's int binding
        # the edge (server/fields.py) should have refused what the database cannot take; if
        # something still gets through, this command is answered 422 and the transaction
        # (a batch's other commands) goes on. Logged in full: it is a gap to close.
        savepoint.rollback()
        del tx.rows[first_row:]
        tx.next_id = first_id
        log.exception("command %s (%s): the database refused its data", command_id, cmd.type)
        raise PayloadError([{"loc": ["body", "payload"], "type": "database_refused",
                             "msg": f"payload：数据库拒收了该命令的数据（{type(getattr(exc, 'orig', None) or exc).__name__}）；"
                                    "请检查各字段的长度和取值"}]) from None
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


def _run_in(tx, cmd: CommandIn, payload, actor: str | None = None,
            instance: str | None = None) -> Answer:
    """Run one command inside an open write transaction, recording its answer."""
    earlier = _stored_answer(tx.conn, str(cmd.command_id))
    if earlier is not None:
        return earlier
    answer, row = _act(tx, cmd, payload, actor, instance)
    tx.conn.execute(sa.insert(db.commands), [row])
    return answer


def first_answer(store: Store, command_id: str) -> Answer | None:
    """The stored answer of `command_id` (with its audit receipt), or None if it never ran."""
    with store.reading() as conn:
        return _stored_answer(conn, command_id)


def execute(store: Store, cmd: CommandIn, actor: str | None = None, payload=None) -> Answer:
    """Run `cmd` once; a repeated command_id gets the first answer back. `actor`: the
    signed-in operator's name, for the audit log; `payload`: parse_payload(cmd) if the
    caller has it already."""
    payload = payload if payload is not None else parse_payload(cmd)
    try:
        with store.write(operator=cmd.operator, command_id=str(cmd.command_id)) as tx:
            return _run_in(tx, cmd, payload, actor, store.instance)
    except IntegrityError:
        # only reachable if the writer lock were bypassed; the first answer still wins
        earlier = first_answer(store, str(cmd.command_id))
        if earlier is None:
            raise
        return earlier


MAX_BATCH = 1000


def execute_many(store: Store, cmds: list[CommandIn | Malformed], actor: str | None = None,
                 forbidden: dict[str, str] | None = None) -> list[dict]:
    """Run commands in order in ONE transaction (a replayed outbox: one commit instead of a
    thousand). Each still acts once and gets its own answer; a malformed one (Malformed, a
    bad payload, data the database refuses) is answered 422 and skipped, a refused one does
    not stop the others. `forbidden` maps command_ids the sender's role may not send to the
    reason: each is answered 403, audited, not run."""
    forbidden = forbidden or {}
    answers: list[dict] = []
    with store.write() as tx:
        # one look-up for the whole batch; copies inside the batch are caught by `known`
        known = _stored_answers(tx.conn, sorted({str(c.command_id) for c in cmds
                                                 if isinstance(c, CommandIn)}))
        instance, rows = audit.instance(tx.conn), []
        for cmd in cmds:
            if isinstance(cmd, Malformed):
                answers.append({"http_status": 422, "command_id": cmd.command_id,
                                "status": "invalid", "detail": cmd.errors})
                continue
            command_id = str(cmd.command_id)
            if command_id not in known:
                try:
                    payload = parse_payload(cmd)
                    if command_id in forbidden:
                        entry = audit.append(tx.conn, actor, "command_forbidden",
                                             {"type": cmd.type, "command_id": command_id,
                                              "reason": forbidden[command_id]}, cmd.payload)
                        answers.append({"http_status": 403, "command_id": command_id,
                                        "status": "refused", "reason": forbidden[command_id],
                                        "audit": audit.receipt(tx.conn, entry, instance)})
                        continue
                    known[command_id], row = _act(tx, cmd, payload, actor, instance)
                except PayloadError as exc:
                    answers.append({"http_status": 422, "command_id": command_id,
                                    "status": "invalid", "detail": exc.errors})
                    continue
                rows.append(row)
            answer = known[command_id]
            answers.append({"http_status": answer.http_status, **answer.body})
        if rows:
            tx.conn.execute(sa.insert(db.commands), rows)
    return answers
