"""Who may call a route, said by the router it is on.

    public_router()                      anyone (health, sign-in, the published CAP feed)
    protected_router()                   a valid token, then the request-wide role rules
    protected_router(access=signed_in)   a valid token only (GET /auth/me)
    protected_router(access=...)         a valid token and a rule of the router's own
    protected_router(access=stream_viewer)  a camera's video streams: the token, or a media
                                         token for that camera in ?access_token=

A new route is protected by the router it is added to; nothing lists paths. Every protected
operation declares the `bearer` security scheme in the OpenAPI document, because its router's
dependency goes through `bearer` (a FastAPI security scheme); video streams declare
`media_token` too. An unknown, expired, forged or malformed token is 401 with the reason; a
role the rules refuse is 403 with the reason.

Tokens go in the Authorization header only: a URL ends up in proxy and server logs. The one
exception is a media token (GET /cameras/{id}/media-token): signed with a key of its own,
valid for a few minutes, for one camera's video routes, which players open from a URL.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Security
from fastapi.security import APIKeyQuery, HTTPBearer

from server.auth import AuthError, MediaScopeError
from server.fields import Param, clean_request_line
from server.permissions import Who, check_request
from server.routes.common import API, FORBIDDEN, AuthenticatorDep

UNAUTHORIZED = {"description": "not signed in, or the token expired (Chinese reason)"}


class BearerToken(HTTPBearer):
    """The `bearer` scheme: the token of `Authorization: Bearer <token>`; None when there is
    none. Never from the URL (see media_token)."""

    def __init__(self) -> None:
        super().__init__(scheme_name="bearer", description="token from POST /api/v1/auth/login",
                         auto_error=False)

    async def __call__(self, request: Request) -> str | None:  # type: ignore[override]
        header = request.headers.get("authorization")
        if header is not None:  # a header of another scheme is not ours to second-guess
            scheme, _, token = header.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
        return None


bearer = BearerToken()
media_token = APIKeyQuery(
    name="access_token", scheme_name="media_token", auto_error=False,
    description="a media token from GET /api/v1/cameras/{camera_id}/media-token: that camera's "
                "video routes only, for a few minutes (players cannot send headers)")
_TOKEN_IN_URL = ("登录凭据只能放在 Authorization 请求头中，不能放在 URL 里（URL 会留在代理和服务器日志中）；"
                 "URL 中的 access_token 只用于视频流的短期视频凭据 (tokens go in the Authorization "
                 "header; ?access_token= takes only media tokens, on video routes)")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(401, reason, headers={"WWW-Authenticate": "Bearer"})


def signed_in(request: Request, token: Annotated[str | None, Security(bearer)],
              authenticator: AuthenticatorDep) -> Who:
    """The operator of a valid token, else 401 with the reason. Sync: FastAPI runs it in the
    thread pool, where reading the operator from the database does not block the loop."""
    if token is None and "access_token" in request.query_params:
        raise _unauthorized(_TOKEN_IN_URL)
    try:
        return authenticator.authenticate(token)
    except AuthError as exc:
        raise _unauthorized(str(exc)) from None


SignedIn = Annotated[Who, Depends(signed_in)]


async def operator(request: Request, who: SignedIn, authenticator: AuthenticatorDep) -> Who:
    """A signed-in operator whom the request-wide rules allow this method: no trainer on a
    live database, observers only read (403 with the reason otherwise)."""
    refused = check_request(who, request.method, authenticator.drill)
    if refused:
        raise HTTPException(403, refused)
    return who


Operator = Annotated[Who, Depends(operator)]


def stream_viewer(request: Request, camera_id: Param,
                  token: Annotated[str | None, Security(bearer)],
                  media: Annotated[str | None, Security(media_token)],
                  authenticator: AuthenticatorDep) -> Who:
    """Who may open camera `camera_id`'s video: the operator of the Authorization header's
    token or, without one, of a media token for THIS camera in ?access_token= (401 when
    missing, expired or forged, 403 when it is another camera's); then the request-wide
    rules (403)."""
    try:
        if token is not None:
            who = authenticator.authenticate(token)
        else:
            who = authenticator.authenticate_media(media, camera_id)
    except MediaScopeError as exc:
        raise HTTPException(403, str(exc)) from None
    except AuthError as exc:
        raise _unauthorized(str(exc)) from None
    refused = check_request(who, request.method, authenticator.drill)
    if refused:
        raise HTTPException(403, refused)
    return who


def public_router(**kwargs) -> APIRouter:
    """A router of routes anyone may call without signing in. Keep it to public.py."""
    return APIRouter(prefix=API, dependencies=[Depends(clean_request_line)], **kwargs)


def protected_router(access: Callable[..., Who] = operator, **kwargs) -> APIRouter:
    """A router whose every route needs `access` (which must depend on `signed_in`): by
    default a valid token and the request-wide role rules. Its routes are documented as
    answering 401, and 403 unless `access` is `signed_in` alone."""
    refusals = {401: UNAUTHORIZED} if access is signed_in else {401: UNAUTHORIZED, 403: FORBIDDEN}
    responses = {**refusals, **kwargs.pop("responses", {})}
    # the token first (a request without one is 401 whatever it holds), then the request line
    return APIRouter(prefix=API, dependencies=[Depends(access), Depends(clean_request_line)],
                     responses=responses, **kwargs)
