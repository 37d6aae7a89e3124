"""The HTTP API (FastAPI), versioned under /api/v1. See docs/api.md for the contract.

`create_app` composes the routers of server/routes/ (one per concern), puts what they share on
`app.state` (reached by the routes through dependencies), and wraps the app in the body-size
cap. Which routes need a token is said by the router each is on (server/routes/access.py).
"""
from __future__ import annotations

import asyncio
import copy
import json
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from server import auth, cap_feed, fields, handlers
from server.routes import auth as auth_routes
from server.routes import commands, events, picture, public, telemetry, video
from server.store import Store
from server.video import CameraFeeds

# the order of the OpenAPI document; routes do not overlap, so it decides nothing else
ROUTERS = (public.router, picture.router, commands.router, telemetry.router, events.router,
           auth_routes.me_router, auth_routes.router, video.router, video.streams)


MAX_BODY = 16 * 1024 * 1024  # a full outbox batch of 1,000 commands is ~1 MB


class BodyLimit:
    """ASGI: refuse request bodies over `limit` bytes with 413, by Content-Length when given
    and by counting otherwise (chunked uploads), before any handler parses them."""

    def __init__(self, app, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for key, value in scope.get("headers", ()):
            if key == b"content-length" and value.isdigit() and int(value) > self.limit:
                return await self._too_large(send)
        if scope.get("method") in ("GET", "HEAD", "DELETE", "OPTIONS") or any(
                key == b"content-length" for key, _ in scope.get("headers", ())):
            return await self.app(scope, receive, send)
        # no Content-Length (chunked): read up to the cap first, then replay to the app
        buffered, seen = [], 0
        while True:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.limit:
                return await self._too_large(send)
            if not message.get("more_body"):
                break

        async def replay():
            return buffered.pop(0) if buffered else await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, send) -> None:
        body = json.dumps({"detail": f"请求内容超过 {self.limit / 1048576:g} MB 上限；"
                                     "请分批发送"}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def create_app(store: Store | None = None, simulator=None, heartbeat: float = 1.0,
               authenticator: "auth.Authenticator | None" = None,
               max_body: int = MAX_BODY) -> FastAPI:
    """The ASGI app over `store` (None only to export the OpenAPI document)."""
    if store is not None and authenticator is None:
        authenticator = auth.Authenticator(store)
    if authenticator is not None:
        fields.serve_drill(authenticator.drill)  # how far ahead of the clock times may be
    app = FastAPI(title="Emergency Command Console — reference backend", version="1.0.0",
                  description="Picture, resumable event stream and idempotent commands for the "
                              "district emergency command console. See docs/api.md.",
                  lifespan=_lifespan if store is not None else None)
    state = app.state
    state.store, state.authenticator, state.heartbeat = store, authenticator, heartbeat
    state.simulator = simulator
    state.cap_poller = cap_feed.poller_from_env(store) if store is not None else None
    state.snapshots = picture.SnapshotCache()
    state.camera_feeds = CameraFeeds()   # simulated cameras (docs/video.md)
    state.rtsp = None                    # their RTSP listener, started on first ask
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(RequestValidationError, fields.validation_error)  # 422 in Chinese
    app.add_middleware(BodyLimit, limit=max_body)  # outermost: runs before anything reads a body
    app.add_exception_handler(405, _method_not_allowed(ROUTERS))
    _document_payloads(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """Wake-ups, retention and the optional simulator and CAP poller live as long as the app."""
    state = app.state
    state.store.notifier.attach(asyncio.get_running_loop())
    state.store.start_background()
    if state.simulator is not None:
        state.simulator.start()
    if state.cap_poller is not None:  # CAP feed in, when ECC_CAP_POLL_URL says so
        state.cap_poller.start()
    try:
        yield
    finally:
        if state.cap_poller is not None:
            state.cap_poller.stop()
        if state.simulator is not None:
            state.simulator.stop()
        state.store.stop_background()


def _method_not_allowed(routers):
    """A 405 handler whose Allow header names every method of the path: Starlette names only
    those of the first route on it (GET /operators and POST /operators are two routes)."""
    paths = [(compile_path(route.path)[0], route.methods)
             for router in routers for route in router.routes if getattr(route, "methods", None)]

    async def handler(request: Request, exc: HTTPException):
        path = request.scope["path"]
        allowed = set().union(*(methods for regex, methods in paths if regex.match(path)))
        if allowed:
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(sorted(allowed))}
        return await http_exception_handler(request, exc)

    return handler


def _document_payloads(app: FastAPI) -> None:
    """Put each command type's payload schema in the OpenAPI document as `Payload_<type>`,
    and say in the envelope (CommandIn) which payload goes with which `type`: the route takes
    the payload as free-form JSON and checks it against its type's model itself
    (server/commands.py), answering 422 like FastAPI would."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = plain()
            found = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, (model, _) in sorted(handlers.HANDLERS.items()):
                js = model.model_json_schema(ref_template="#/components/schemas/{model}")
                found.update(js.pop("$defs", {}))
                js["description"] = (f"payload of a `{name}` command (POST /api/v1/commands); "
                                     "keys it does not name are ignored but stored as sent, "
                                     "so checked as JsonValue, the whole payload at most "
                                     f"{fields.PAYLOAD_DEPTH} deep")
                found[f"Payload_{name}"] = js
            found["JsonValue"] = fields.JSON_VALUE  # facts and a payload's other keys
            found.update(fields.link_json_values(found))
            envelope = found["CommandIn"]
            # a batch answers each item in its place (a bad one: 422 among the answers of a
            # 200), so its items are the envelope alone, without the payload of each type
            found["BatchCommand"] = {**copy.deepcopy(envelope), "title": "BatchCommand",
                                     "description": "a command of a batch: each item is "
                                     "checked on its own, its envelope and then its payload "
                                     "as by POST /api/v1/commands; one that is not a "
                                     "BatchCommand, or whose payload is bad, is answered 422 "
                                     "in its place and the others run"}
            batch = schema["paths"]["/api/v1/commands/batch"]["post"]["requestBody"]
            batch["content"]["application/json"]["schema"]["items"] = {
                "$ref": "#/components/schemas/BatchCommand"}
            envelope["properties"]["type"]["enum"] = sorted(handlers.HANDLERS)
            envelope["oneOf"] = [
                {"properties": {"type": {"const": name},
                                "payload": {"$ref": f"#/components/schemas/Payload_{name}"}}}
                for name in sorted(handlers.HANDLERS)]
            _document_refusals(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


DETAIL = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}


def _document_refusals(schema: dict) -> None:
    """The answers no route writes itself: the body and header of 401 (declared with 403
    by protected_router, server/routes/access.py), 400 on a body that cannot be read
    (FastAPI, before any route), 413 on every POST (BodyLimit)."""
    for ops in schema["paths"].values():
        for method, op in ops.items():
            answers = op["responses"]
            if op.get("security"):
                answers["401"] = {**answers["401"], "content": DETAIL, "headers": {
                    "WWW-Authenticate": {"schema": {"type": "string"}, "required": True}}}
            if "requestBody" in op:
                answers.setdefault("400", {"description": "the body cannot be read (not "
                                                          "UTF-8 text)", "content": DETAIL})
            if method == "post":
                answers.setdefault("413", {"description": "request body over the size cap",
                                           "content": DETAIL})
            op["responses"] = dict(sorted(answers.items()))


def openapi_document() -> dict:
    """The OpenAPI document exactly as the server serves it."""
    return create_app(None).openapi()
