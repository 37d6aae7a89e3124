"""The HTTP API (FastAPI), versioned under /api/v1. See docs/api.md for the contract."""
from __future__ import annotations

import json
import threading
from contextlib import asynccontextmanager
from datetime import datetime

import sqlalchemy as sa
from fastapi import Body, FastAPI, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from server import audit, auth, commands, db, handlers, permissions, records, stream, telemetry
from server.store import EventsGone, Store

API = "/api/v1"


class JSONText(Response):
    """JSON without FastAPI's per-field encoding pass: snapshots hold 100,000 records."""
    media_type = "application/json"

    def render(self, content) -> bytes:
        if isinstance(content, (bytes, str)):
            return content.encode("utf-8") if isinstance(content, str) else content
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Health(BaseModel):
    status: str = "ok"
    server_time: str = Field(description="ISO 8601, UTC")
    instance: str = Field(description="id of the database: a new one means take a fresh snapshot")
    last_event_id: int


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


class Gone(BaseModel):
    detail: str


class ReadingIn(BaseModel):
    sensor_id: str
    value: float
    at: datetime | None = None


class PositionIn(BaseModel):
    unit_id: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    heading: float | None = None
    at: datetime | None = None


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


def _who(request: Request) -> permissions.Who:
    return request.state.who


def create_app(store: Store | None = None, simulator=None, heartbeat: float = 10.0,
               authenticator: "auth.Authenticator | None" = None,
               max_body: int = MAX_BODY) -> FastAPI:
    """The ASGI app over `store` (None only to export the OpenAPI document). Every route
    under /api/v1 but health and sign-in needs a bearer token (server/auth.py)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        import asyncio
        store.notifier.attach(asyncio.get_running_loop())
        store.start_background()
        if simulator is not None:
            simulator.start()
        yield
        if simulator is not None:
            simulator.stop()
        store.stop_background()

    app = FastAPI(title="Emergency Command Console — reference backend", version="1.0.0",
                  description="Picture, resumable event stream and idempotent commands for the "
                              "district emergency command console. See docs/api.md.",
                  lifespan=lifespan if store is not None else None)
    app.state.store = store
    snapshot_gate = threading.BoundedSemaphore(2)
    snapshot_cache: dict = {}
    app.state.heartbeat = heartbeat
    if store is not None and authenticator is None:
        authenticator = auth.Authenticator(store)
    drill = bool(authenticator and authenticator.drill)

    def incident_level(incident_id: str) -> str | None:
        with store.reading() as conn:
            return conn.scalar(sa.select(db.incidents.c.level)
                               .where(db.incidents.c.id == incident_id))

    def forbidden(who: permissions.Who, cmd: commands.CommandIn) -> str | None:
        return permissions.check_command(who, cmd.type, cmd.payload, drill, incident_level)

    @app.get(f"{API}/health", response_model=Health, tags=["picture"])
    def health():
        """Liveness and the newest event id."""
        return Health(server_time=db.utcnow().isoformat(), instance=store.instance,
                      last_event_id=store.last_event_id())

    @app.get(f"{API}/snapshot", response_class=JSONText, tags=["picture"])
    def snapshot():
        """The whole picture as of `last_event_id`, read in one transaction."""
        # At full scale a snapshot is ~18 MB built from 100,000 dicts: at most two are built
        # at once, and consoles asking at the same event id share the encoded bytes.
        with snapshot_gate:
            with store.reading() as conn:
                last = store.last_event_id(conn)
                cached = snapshot_cache.get("body")
                if cached is not None and snapshot_cache.get("id") == last:
                    return JSONText(cached)
                body = {"last_event_id": last, "instance": store.instance}
                for layer in ("incidents", "units", "sensors", "cameras", "tasks", "alerts",
                              "dispatches"):
                    body[layer] = records.load(conn, layer)
            encoded = JSONText(body).body
            snapshot_cache.update(id=last, body=encoded)
            return JSONText(encoded)

    def _list(layer: str, where=None):
        with store.reading() as conn:
            return JSONText(records.load(conn, layer, where=where))

    @app.get(f"{API}/incidents", response_class=JSONText, tags=["picture"])
    def list_incidents(status: str | None = None):
        return _list("incidents", db.incidents.c.status == status if status else None)

    @app.get(f"{API}/units", response_class=JSONText, tags=["picture"])
    def list_units():
        return _list("units")

    @app.get(f"{API}/sensors", response_class=JSONText, tags=["picture"])
    def list_sensors(state: str | None = None):
        return _list("sensors", db.sensors.c.state == state if state else None)

    @app.get(f"{API}/cameras", response_class=JSONText, tags=["picture"])
    def list_cameras():
        return _list("cameras")

    @app.get(f"{API}/tasks", response_class=JSONText, tags=["picture"])
    def list_tasks(incident_id: str | None = None):
        return _list("tasks", db.tasks.c.incident_id == incident_id if incident_id else None)

    @app.get(f"{API}/dispatches", response_class=JSONText, tags=["picture"])
    def list_dispatches(incident_id: str | None = None):
        return _list("dispatches",
                     db.dispatches.c.incident_id == incident_id if incident_id else None)

    @app.get(f"{API}/alerts", response_class=JSONText, tags=["picture"])
    def list_alerts():
        return _list("alerts")

    @app.get(f"{API}/incidents/{{incident_id}}", response_class=JSONText, tags=["picture"],
             responses={404: {"model": Gone}})
    def get_incident(incident_id: str):
        """The incident record with its timeline (every event about it), tasks and dispatches."""
        with store.reading() as conn:
            rec = records.load_one(conn, "incidents", incident_id)
            if rec is None:
                return JSONText({"detail": f"no incident {incident_id}"}, status_code=404)
            rows = conn.execute(sa.select(db.events.c.data).where(
                db.events.c.incident_id == incident_id).order_by(db.events.c.id))
            rec["timeline"] = [json.loads(r.data) for r in rows]
            rec["tasks"] = records.load(conn, "tasks", where=db.tasks.c.incident_id == incident_id)
            rec["dispatches"] = records.load(conn, "dispatches",
                                             where=db.dispatches.c.incident_id == incident_id)
        return JSONText(rec)

    @app.get(f"{API}/sensors/{{sensor_id}}/readings", response_class=JSONText, tags=["picture"],
             responses={404: {"model": Gone}})
    def sensor_readings(sensor_id: str, since: datetime | None = None,
                        until: datetime | None = None, limit: int = Query(10000, ge=1, le=100000)):
        """Readings of one sensor, oldest first: [{"sensor_id","value","at"}...]."""
        r = db.readings.c
        with store.reading() as conn:
            if conn.scalar(sa.select(db.sensors.c.id).where(db.sensors.c.id == sensor_id)) is None:
                return JSONText({"detail": f"no sensor {sensor_id}"}, status_code=404)
            query = sa.select(r.value, r.at).where(r.sensor_id == sensor_id)
            if since is not None:
                query = query.where(r.at >= since)
            if until is not None:
                query = query.where(r.at <= until)
            rows = conn.execute(query.order_by(r.at.desc()).limit(limit)).all()
        return JSONText([{"sensor_id": sensor_id, "value": v, "at": records.iso(at)}
                         for v, at in reversed(rows)])

    @app.post(f"{API}/commands", tags=["commands"],
              responses={200: {"model": Accepted}, 403: {"model": Refusal},
                         409: {"model": Refusal}})
    def post_command(request: Request, cmd: commands.CommandIn):
        """Run a command once per command_id; a repeat returns the first answer. 403 if the
        signed-in operator's role may not send it (server/permissions.py)."""
        who = _who(request)
        refused = forbidden(who, cmd)
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
            answer = commands.execute(store, cmd, actor=who.name)
        except commands.PayloadError as exc:
            return JSONText({"detail": exc.errors}, status_code=422)
        return JSONText(answer.body, status_code=answer.http_status)

    @app.post(f"{API}/commands/batch", response_class=JSONText, tags=["commands"],
              responses={413: {"model": Gone}})
    def post_commands_batch(request: Request, cmds: list[commands.CommandIn] = Body(...)):
        """Several commands in order, one transaction: {"answers": [each command's answer
        plus its "http_status" (200, 409 or 422)]}. Idempotent per command_id like
        POST /commands; at most 1,000 per request."""
        if len(cmds) > commands.MAX_BATCH:
            return JSONText({"detail": f"{len(cmds)} commands in one batch; send at most "
                                       f"{commands.MAX_BATCH} per request"}, status_code=413)
        who = _who(request)
        refusals = {}
        for cmd in cmds:
            cmd.operator = who.display_name
            reason = forbidden(who, cmd)
            if reason:
                refusals[str(cmd.command_id)] = reason
        return JSONText({"answers": commands.execute_many(store, cmds, actor=who.name,
                                                          forbidden=refusals)})

    @app.post(f"{API}/readings", tags=["telemetry"])
    def post_readings(request: Request, items: list[ReadingIn] = Body(...)):
        """Bulk sensor readings. Unknown sensors are listed, the rest are stored."""
        refused = permissions.check_telemetry(_who(request), drill)
        if refused:
            return JSONText({"detail": refused}, status_code=403)
        with store.write(operator=None) as tx:
            result = telemetry.ingest_readings(
                tx, [(i.sensor_id, i.value, i.at or tx.now) for i in items])
        return result

    @app.post(f"{API}/positions", tags=["telemetry"])
    def post_positions(request: Request, items: list[PositionIn] = Body(...)):
        """Bulk unit positions (AVL). Unknown units are listed, the rest are stored."""
        refused = permissions.check_telemetry(_who(request), drill)
        if refused:
            return JSONText({"detail": refused}, status_code=403)
        with store.write(operator=None) as tx:
            result = telemetry.ingest_positions(
                tx, [(i.unit_id, i.lon, i.lat, i.heading, i.at or tx.now) for i in items])
        return result

    @app.get(f"{API}/events/batch", response_class=JSONText, tags=["events"],
             responses={410: {"model": Gone}})
    def events_batch(after: int = Query(..., ge=0), limit: int = Query(1000, ge=1, le=10000)):
        """Events with id > after, oldest first (catch-up without SSE)."""
        try:
            rows = store.events_after(after, limit)
        except EventsGone as exc:
            return JSONText({"detail": str(exc)}, status_code=410)
        return JSONText("[" + ",".join(r.data for r in rows) + "]")

    @app.get(f"{API}/events", tags=["events"], responses={
        200: {"content": {"text/event-stream": {}},
              "description": "id: <int> / event: <type> / data: <event JSON>, then live events"},
        410: {"model": Gone}})
    async def events(request: Request, after: int | None = Query(None, ge=0),
                     last_event_id: str | None = Header(None)):
        """Server-Sent Events after `after` or the Last-Event-ID header (the header wins;
        neither: from now on). 410 if that position is past the retention."""
        return await stream.open_stream(store, request, after, last_event_id,
                                        app.state.heartbeat)

    if store is not None:
        auth.install(app, store, authenticator)
        app.add_middleware(auth.AuthMiddleware, authenticator=authenticator)
    else:
        auth.install(app, None, None)
    app.add_middleware(BodyLimit, limit=max_body)  # added last: runs first
    _document_payloads(app)
    from server import cap_feed  # CAP feed out, optional poller in (docs/warnings.md)
    cap_feed.install(app, store)
    from server import video  # simulated camera streams (docs/video.md)
    video.install(app, store, authenticator if store is not None else None)
    return app


def _document_payloads(app: FastAPI) -> None:
    """Put each command type's payload schema in the OpenAPI document as
    `Payload_<type>`: the envelope's `payload` is free-form JSON, its contents are not."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = plain()
            found = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, (model, _) in sorted(handlers.HANDLERS.items()):
                js = model.model_json_schema(ref_template="#/components/schemas/{model}")
                found.update(js.pop("$defs", {}))
                js["description"] = f"payload of a `{name}` command (POST /api/v1/commands)"
                found[f"Payload_{name}"] = js
            _document_security(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _document_security(schema: dict) -> None:
    """Bearer tokens on every /api/v1 operation but health and sign-in; 401 and 413 too."""
    schema["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer",
                   "description": "token from POST /api/v1/auth/login"}}
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if not auth.is_public(path):
                op["security"] = [{"bearer": []}]
                op.setdefault("responses", {}).setdefault(
                    "401", {"description": "not signed in, or the token expired (Chinese reason)"})
                if method != "get":
                    op["responses"].setdefault(
                        "403", {"description": "the operator's role may not do this"})
            if method == "post":
                op.setdefault("responses", {}).setdefault(
                    "413", {"description": "request body over the size cap"})


def openapi_document() -> dict:
    """The OpenAPI document exactly as the server serves it."""
    return create_app(None).openapi()
