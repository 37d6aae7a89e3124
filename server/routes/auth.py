"""Who the token belongs to, and the administrator's operator accounts. Signing in is public
(public.py)."""
from __future__ import annotations

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from server import audit, db
from server.auth import add_operator, list_operators, set_enabled, who_info
from server.fields import Id, Param, Prose, Text
from server.permissions import check_admin
from server.responses import Me, OperatorCreated, OperatorDisabled, OperatorRecord, Role
from server.routes.access import Operator, SignedIn, protected_router, signed_in
from server.routes.common import AuthenticatorDep, StoreDep, error

# any signed-in operator may ask who they are, even a trainer on a live database (to be told)
me_router = protected_router(access=signed_in, tags=["auth"])
router = protected_router(tags=["auth"], responses={
    403: error("administrators only, or the role rules refuse the request (the reason, "
               "in Chinese)")})


class NewOperator(BaseModel):
    name: Id(db.operators.c.name)
    display_name: Text(db.operators.c.display_name, min_length=1) | None = None
    role: Role  # one of server.permissions.ROLES (an enum in the document); fits the column
    password: Prose(1024, min_length=8)


def _refuse(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"detail": reason}, status_code=status)


@me_router.get("/auth/me", response_model=Me)
def me(who: SignedIn, authn: AuthenticatorDep) -> dict:
    """Who the bearer token belongs to: name, display_name, role, role_name, drill."""
    return who_info(who, authn.drill)


@router.get("/operators", response_model=list[OperatorRecord])
def operators(who: Operator, store: StoreDep):
    """Every operator (administrators only)."""
    refused = check_admin(who)
    if refused:
        return _refuse(403, refused)
    with store.reading() as conn:
        return list_operators(conn)


@router.post("/operators", status_code=201, response_model=OperatorCreated, responses={
    409: error("the name is taken or not allowed, or the password too short")})
def new_operator(body: NewOperator, who: Operator, store: StoreDep):
    """Create an operator (administrators only)."""
    refused = check_admin(who)
    if refused:
        audit.record(store, who.name, "operator_add_forbidden", {"name": body.name})
        return _refuse(403, refused)
    try:
        with store.writing_connection() as conn:
            add_operator(conn, body.name, body.role, body.password, body.display_name)
            audit.append(conn, who.name, "operator_added", {"name": body.name, "role": body.role})
    except ValueError as exc:
        return _refuse(409, str(exc))
    return {"name": body.name, "role": body.role}


@router.post("/operators/{name}/disable", response_model=OperatorDisabled,
             responses={404: error("no operator of that name")})
def disable_operator(name: Param, who: Operator, store: StoreDep, authn: AuthenticatorDep):
    """Disable an operator: their tokens stop working within seconds (administrators)."""
    refused = check_admin(who)
    if refused:
        return _refuse(403, refused)
    try:
        with store.writing_connection() as conn:
            set_enabled(conn, name, False)
            audit.append(conn, who.name, "operator_disabled", {"name": name})
    except ValueError as exc:
        return _refuse(404, str(exc))
    authn.forget(name)
    return {"name": name, "enabled": False}
