"""The event stream: Server-Sent Events live, and the same events in batches for catch-up."""
from __future__ import annotations

from fastapi import Header, Query, Request
from fastapi.responses import StreamingResponse

from server import stream
from server.fields import INT64
from server.responses import Event
from server.routes.access import protected_router
from server.routes.common import GONE, JSONText, StoreDep
from server.store import EventsGone

router = protected_router(tags=["events"])


@router.get("/events/batch", response_class=JSONText, response_model=list[Event],
            responses={410: GONE})
def events_batch(store: StoreDep, after: int = Query(..., ge=0, le=INT64),
                 limit: int = Query(1000, ge=1, le=10000)):
    """Events with id > after, oldest first (catch-up without SSE)."""
    try:
        rows = store.events_after(after, limit)
    except EventsGone as exc:
        return JSONText({"detail": str(exc)}, status_code=410)
    return JSONText("[" + ",".join(r.data for r in rows) + "]")


@router.get("/events", response_class=StreamingResponse, responses={
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}},
          "description": "Server-Sent Events: `id: <event id>`, `event: <type>`, `data: <the "
                         "Event as JSON>` each, then live events; `: keep-alive` comments when "
                         "idle; `event: reset` when the position falls out of the retention"},
    410: GONE})
async def events(request: Request, store: StoreDep, after: int | None = Query(None, ge=0, le=INT64),
                 last_event_id: str | None = Header(None)):
    """Server-Sent Events after `after` or the Last-Event-ID header (the header wins;
    neither: from now on). 410 if that position is past the retention."""
    return await stream.open_stream(store, request, after, last_event_id,
                                    request.app.state.heartbeat)
