"""Every route anyone may call without a token: liveness, sign-in and the published warnings
(published warnings are public by nature, and other districts' pollers have no account).
Adding a route here makes it public; anything else goes on a protected router."""
from __future__ import annotations

import sqlalchemy as sa
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from server import cap_feed, db
from server.auth import AuthError, who_info
from server.fields import Id, Param, Prose
from server.responses import Health, SignedIn
from server.routes.access import public_router
from server.routes.common import AuthenticatorDep, StoreDep, error

router = public_router()


class Login(BaseModel):
    name: Id(db.operators.c.name)
    password: Prose(1024, min_length=1)


@router.get("/health", response_model=Health, tags=["picture"])
def health(store: StoreDep):
    """Liveness and the newest event id."""
    return Health(server_time=db.utcnow().isoformat(), instance=store.instance,
                  last_event_id=store.last_event_id())


@router.post("/auth/login", tags=["auth"], response_model=SignedIn, responses={
    401: error("wrong name or password, a disabled account, or too many failures (the "
               "reason, in Chinese)", headers={"WWW-Authenticate": {
                   "schema": {"type": "string"}, "required": True}})})
def login(body: Login, authn: AuthenticatorDep):
    """Sign in: a bearer token valid for a shift (12 h by default)."""
    try:
        who, token, exp, receipt = authn.sign_in(body.name, body.password)
    except AuthError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    info = who_info(who, authn.drill, exp)
    return {"token": token, "expires_at": info["expires_at"], "operator": info, "audit": receipt}


@router.get("/alerts/feed", tags=["alerts"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}},
                             "description": "Atom 1.0 feed"}})
def alerts_feed(store: StoreDep):
    """Atom feed of the stored CAP 1.2 alerts, newest first, each alert inline."""
    return Response(cap_feed.feed_xml(store), media_type="application/atom+xml")


@router.get("/alerts/cap/{identifier}", tags=["alerts"], response_class=Response,
            responses={200: {"content": {"application/cap+xml": {"schema": {"type": "string"}}},
                             "description": "the CAP 1.2 document"},
                       404: {"content": {"text/plain": {"schema": {"type": "string"}}},
                             "description": "no such alert"}})
def alert_cap(identifier: Param, store: StoreDep):
    """One stored alert as CAP 1.2 XML."""
    with store.reading() as conn:
        xml = conn.scalar(sa.select(db.alerts.c.xml).where(db.alerts.c.id == identifier))
    if xml is None:
        return Response(f"no alert {identifier}", status_code=404, media_type="text/plain")
    return Response(xml, media_type="application/cap+xml")
