"""Commands: run once per command_id, refused with the reason when the operator's role may
not send them (server/permissions.py), each refusal audited."""
from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Body, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from server import audit, commands, db, fields, permissions
from server.permissions import Who
from server.routes.access import SignedIn, protected_router
from server.routes.common import AuthenticatorDep, Gone, JSONText, StoreDep


async def command_sender(request: Request, who: SignedIn, authenticator: AuthenticatorDep) -> Who:
    """The request-wide role rules, but an observer's command reaches its route: it is
    refused there per command, audited and answered as a Refusal the console shows."""
    refused = permissions.check_request(who, request.method, authenticator.drill)
    if refused and who.role != "observer":
        raise HTTPException(403, refused)
    return who


Sender = Annotated[Who, Depends(command_sender)]
# a batch's items are read one by one (commands.parse_envelope), so one malformed command is
# answered 422 in its place instead of failing the batch; documented as CommandIn all the same
BatchBody = Annotated[list[Any], Body(json_schema_extra={
    "items": {"$ref": "#/components/schemas/CommandIn"}})]
router = protected_router(access=command_sender, tags=["commands"])


class AuditReceipt(BaseModel):
    seq: int = Field(description="the audit_log entry this answer was recorded as")
    hash: str = Field(description="that entry's hash (hex SHA-256)")
    instance: str = Field(description="the database's id (as in /health)")


class Accepted(BaseModel):
    command_id: str
    status: str = "accepted"
    result: dict
    event_id: int
    audit: AuditReceipt | None = Field(None, description="the first answer's audit entry; "
                                       "consoles keep it so a log cut short is detected")


class Refusal(BaseModel):
    command_id: str
    status: str = "refused"
    reason: str = Field(description="a sentence for the duty officer, in Chinese")
    audit: AuditReceipt | None = Field(None, description="the first answer's audit entry")


def _forbidden(store, drill: bool, who: Who, cmd: commands.CommandIn) -> str | None:
    def incident_level(incident_id: str) -> str | None:
        if not fields.is_clean(incident_id, db.incidents.c.id.type.length):
            return None  # no such incident; the payload check answers 422 for it
        with store.reading() as conn:
            return conn.scalar(sa.select(db.incidents.c.level)
                               .where(db.incidents.c.id == incident_id))

    return permissions.check_command(who, cmd.type, cmd.payload, drill, incident_level)


@router.post("/commands", responses={200: {"model": Accepted}, 403: {"model": Refusal},
                                     409: {"model": Refusal}})
def post_command(cmd: commands.CommandIn, who: Sender, store: StoreDep,
                 authn: AuthenticatorDep):
    """Run a command once per command_id; a repeat returns the first answer. 403 if the
    signed-in operator's role may not send it (server/permissions.py)."""
    # A repeat gets the first answer whatever changed since (a rule, the incident's level):
    # the console resends after a lost answer, and the command already acted. So the stored
    # answer is looked up BEFORE the role rules, as the batch route does.
    earlier = commands.first_answer(store, str(cmd.command_id))
    if earlier is not None:
        return JSONText(earlier.body, status_code=earlier.http_status)
    try:  # malformed is 422 before anything reads, audits or stores the payload
        payload = commands.parse_payload(cmd)
    except commands.PayloadError as exc:
        return JSONText({"detail": exc.errors}, status_code=422)
    refused = _forbidden(store, authn.drill, who, cmd)
    if refused:
        entry = audit.record(store, who.name, "command_forbidden",
                             {"type": cmd.type, "command_id": str(cmd.command_id),
                              "reason": refused}, cmd.payload)
        return JSONText({"command_id": str(cmd.command_id), "status": "refused",
                         "reason": refused, "audit": {"seq": entry["seq"],
                         "hash": entry["hash"], "instance": store.instance}},
                        status_code=403)
    cmd.operator = who.display_name  # who did it is the token's operator, not the body's
    try:
        answer = commands.execute(store, cmd, actor=who.name, payload=payload)
    except commands.PayloadError as exc:
        return JSONText({"detail": exc.errors}, status_code=422)
    return JSONText(answer.body, status_code=answer.http_status)


@router.post("/commands/batch", response_class=JSONText, responses={413: {"model": Gone}})
def post_commands_batch(who: Sender, store: StoreDep, authn: AuthenticatorDep,
                        items: BatchBody):
    """Several commands in order, one transaction: {"answers": [each command's answer
    plus its "http_status" (200, 403, 409 or 422)]}. Idempotent per command_id like
    POST /commands; at most 1,000 per request. Each command is checked on its own: one that
    is malformed is answered 422 in its place and the others run."""
    if len(items) > commands.MAX_BATCH:
        return JSONText({"detail": f"{len(items)} commands in one batch; send at most "
                                   f"{commands.MAX_BATCH} per request"}, status_code=413)
    cmds = [commands.parse_envelope(item, i) for i, item in enumerate(items)]
    refusals = {}
    for cmd in cmds:
        if isinstance(cmd, commands.Malformed):
            continue
        cmd.operator = who.display_name
        reason = _forbidden(store, authn.drill, who, cmd)
        if reason:
            refusals[str(cmd.command_id)] = reason
    return JSONText({"answers": commands.execute_many(store, cmds, actor=who.name,
                                                      forbidden=refusals)})
