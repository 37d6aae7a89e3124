"""Commands: run once per command_id, refused with the reason when the operator's role may
not send them (server/permissions.py), each refusal audited."""
from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Body, Depends, HTTPException, Request

from server import audit, commands, db, fields, permissions
from server.permissions import Who
from server.responses import Accepted, BatchAnswers, Detail, Refusal
from server.routes.access import SignedIn, protected_router
from server.routes.common import AuthenticatorDep, JSONText, StoreDep, error


async def command_sender(request: Request, who: SignedIn, authenticator: AuthenticatorDep) -> Who:
    """The request-wide role rules, but an observer's command reaches its route: it is
    refused there per command, audited and answered as a Refusal the console shows."""
    refused = permissions.check_request(who, request.method, authenticator.drill)
    if refused and who.role != "observer":
        raise HTTPException(403, refused)
    return who


Sender = Annotated[Who, Depends(command_sender)]
# a batch's items are read one by one (commands.parse_envelope), so one malformed command is
# answered 422 in its place instead of failing the batch; the document names them
# BatchCommand (server/app.py)
BatchBody = Annotated[list[Any], Body()]
router = protected_router(access=command_sender, tags=["commands"],
                          default_response_class=JSONText)


def _forbidden(store, drill: bool, who: Who, cmd: commands.CommandIn) -> str | None:
    def incident_level(incident_id: str) -> str | None:
        if not fields.is_clean(incident_id, db.incidents.c.id.type.length):
            return None  # no such incident; the payload check answers 422 for it
        with store.reading() as conn:
            return conn.scalar(sa.select(db.incidents.c.level)
                               .where(db.incidents.c.id == incident_id))

    return permissions.check_command(who, cmd.type, cmd.payload, drill, incident_level)


@router.post("/commands", response_model=Accepted, responses={
    403: error("the operator's role may not send this command: a Refusal, audited (or the "
               "reason alone when the role may send no command)", Refusal | Detail),
    409: error("refused by the picture (the reason, in Chinese); a repeat gets the same",
               Refusal)})
def post_command(cmd: commands.CommandIn, who: Sender, store: StoreDep,
                 authn: AuthenticatorDep):
    """Run a command once per command_id; a repeat returns the first answer. 403 if the
    signed-in operator's role may not send it (server/permissions.py)."""
    # A repeat gets the first answer whatever changed since (a rule, the incident's level):
    # the console resends after a lost answer, and the command already acted. So a refusal by
    # the role rules first looks for a stored answer (and execute() answers a repeat it is
    # allowed from the record, in its own transaction): no extra read on the usual path.
    try:  # malformed is 422 before anything reads, audits or stores the payload
        payload = commands.parse_payload(cmd)
    except commands.PayloadError as exc:
        earlier = commands.first_answer(store, str(cmd.command_id))
        if earlier is not None:
            return JSONText(earlier.body, status_code=earlier.http_status)
        return JSONText({"detail": exc.errors}, status_code=422)
    refused = _forbidden(store, authn.drill, who, cmd)
    if refused:
        earlier = commands.first_answer(store, str(cmd.command_id))
        if earlier is not None:
            return JSONText(earlier.body, status_code=earlier.http_status)
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


@router.post("/commands/batch", response_model=BatchAnswers, responses={
    413: error("over 1,000 commands (or the body over the size cap): send fewer per request")})
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
