"""What several routers share: the app's state as dependencies, the fast JSON response and
the error bodies of the OpenAPI document."""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from server.auth import Authenticator
from server.store import Store

API = "/api/v1"


class JSONText(Response):
    """JSON without FastAPI's per-field encoding pass: snapshots hold 100,000 records."""
    media_type = "application/json"

    def render(self, content) -> bytes:
        if isinstance(content, (bytes, str)):
            return content.encode("utf-8") if isinstance(content, str) else content
        # a lone surrogate that reached an answer goes out as the JSON escape \udxxx, not a 500
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace")


class Gone(BaseModel):
    detail: str


class Detail(BaseModel):
    detail: str


# async: a plain attribute read need not hop to the thread pool as a sync dependency would
async def get_store(request: Request) -> Store:
    """The database of this server (create_app's `store`)."""
    return request.app.state.store


async def get_authenticator(request: Request) -> Authenticator:
    """The sign-in and token checker of this server."""
    return request.app.state.authenticator


StoreDep = Annotated[Store, Depends(get_store)]
AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]
