"""Who may call a route, said by the router it is on.

    public_router()                      anyone (health, sign-in, the published CAP feed)
    protected_router()                   a valid token, then the request-wide role rules
    protected_router(access=signed_in)   a valid token only (GET /auth/me)
    protected_router(access=...)         a valid token and a rule of the router's own

A new route is protected by the router it is added to; nothing lists paths. Every protected
operation declares the `bearer` security scheme in the OpenAPI document, because its router's
dependency goes through `bearer` (a FastAPI security scheme). An unknown, expired, forged or
malformed token is 401 with the reason; a role the rules refuse is 403 with the reason.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Security
from fastapi.security import HTTPBearer

from server.auth import AuthError
from server.permissions import Who, check_request
from server.routes.common import API, FORBIDDEN, AuthenticatorDep

UNAUTHORIZED = {"description": "not signed in, or the token expired (Chinese reason)"}


class BearerToken(HTTPBearer):
    """The `bearer` scheme: the token of `Authorization: Bearer <token>` or, for media players,
    which cannot send headers, of `?access_token=`; None when there is none."""

    def __init__(self) -> None:
        super().__init__(scheme_name="bearer", description="token from POST /api/v1/auth/login",
                         auto_error=False)

    async def __call__(self, request: Request) -> str | None:  # type: ignore[override]
        header = request.headers.get("authorization")
        if header is not None:  # a header of another scheme is not ours to second-guess
            scheme, _, token = header.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
        found = request.query_params.getlist("access_token")
        return found[0] if found else None


bearer = BearerToken()


def signed_in(token: Annotated[str | None, Security(bearer)],
              authenticator: AuthenticatorDep) -> Who:
    """The operator of a valid token, else 401 with the reason. Sync: FastAPI runs it in the
    thread pool, where reading the operator from the database does not block the loop."""
    try:
        return authenticator.authenticate(token)
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None


SignedIn = Annotated[Who, Depends(signed_in)]


async def operator(request: Request, who: SignedIn, authenticator: AuthenticatorDep) -> Who:
    """A signed-in operator whom the request-wide rules allow this method: no trainer on a
    live database, observers only read (403 with the reason otherwise)."""
    refused = check_request(who, request.method, authenticator.drill)
    if refused:
        raise HTTPException(403, refused)
    return who


Operator = Annotated[Who, Depends(operator)]


def public_router(**kwargs) -> APIRouter:
    """A router of routes anyone may call without signing in. Keep it to public.py."""
    return APIRouter(prefix=API, **kwargs)


def protected_router(access: Callable[..., Who] = operator, **kwargs) -> APIRouter:
    """A router whose every route needs `access` (which must depend on `signed_in`): by
    default a valid token and the request-wide role rules. Its routes are documented as
    answering 401, and 403 unless `access` is `signed_in` alone."""
    refusals = {401: UNAUTHORIZED} if access is signed_in else {401: UNAUTHORIZED, 403: FORBIDDEN}
    responses = {**refusals, **kwargs.pop("responses", {})}
    return APIRouter(prefix=API, dependencies=[Depends(access)], responses=responses, **kwargs)
