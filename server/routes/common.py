"""What several routers share: the app's state as dependencies, the fast JSON response and
the error answers of the OpenAPI document (their bodies are models of server/responses.py)."""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from server.auth import Authenticator
from server.responses import Detail, Gone
from server.store import Store

API = "/api/v1"


class JSONText(JSONResponse):
    """JSON without FastAPI's per-field encoding pass: snapshots hold 100,000 records. A
    JSONResponse to FastAPI, so the route's response_model is what the OpenAPI document
    declares (a route returning a JSONText is not re-validated against it)."""

    def render(self, content) -> bytes:
        if isinstance(content, (bytes, str)):
            return content.encode("utf-8") if isinstance(content, str) else content
        # a lone surrogate that reached an answer goes out as the JSON escape \udxxx, not a 500
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace")


# -- the error answers, for the `responses=` of routes and routers ---------------------------
def error(description: str, model=Detail, headers: dict | None = None) -> dict:
    """One documented error answer: its description, body model and response headers."""
    answer = {"description": description, "model": model}
    if headers:
        answer["headers"] = headers
    return answer


FORBIDDEN = error("the operator's role may not do this (the reason, in Chinese)")
NOT_FOUND = error("no such record")
GONE = error("the position is past the event retention or from another database: take a "
             "fresh snapshot", Gone)
UNAVAILABLE = error("the camera is dark (no signal); try again later", headers={
    "Retry-After": {"description": "seconds", "schema": {"type": "integer"}, "required": True}})


# async: a plain attribute read need not hop to the thread pool as a sync dependency would
async def get_store(request: Request) -> Store:
    """The database of this server (create_app's `store`)."""
    return request.app.state.store


async def get_authenticator(request: Request) -> Authenticator:
    """The sign-in and token checker of this server."""
    return request.app.state.authenticator


StoreDep = Annotated[Store, Depends(get_store)]
AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]
