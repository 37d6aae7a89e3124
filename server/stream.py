"""The Server-Sent Events stream: what the client missed, in order, then live events.

The database is the only source of events: a stream reads `id > position` after each
wake-up, so a wake-up lost or doubled (several processes, LISTEN reconnects) costs at most
one query and never an event.
"""
from __future__ import annotations

import asyncio
import json

from fastapi import Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.store import EventsGone, Store

BATCH = 500


def _position(after: int | None, header: str | None) -> int | None:
    # An EventSource reconnects to the SAME URL (with its old ?after=) and puts the newest
    # id it saw in Last-Event-ID: the header is the fresher position, so it wins.
    if header is not None and header.strip().isdigit():
        return int(header.strip())
    return after


def _encode(rows) -> str:
    return "".join(f"id: {r.id}\nevent: {r.type}\ndata: {r.data}\n\n" for r in rows)


async def open_stream(store: Store, request: Request, after: int | None, header: str | None,
                      heartbeat: float):
    """A StreamingResponse of events after the client's position, or 410 if it is too old."""
    position = _position(after, header)
    if position is None:  # a new client that wants only what happens from now on
        position = await run_in_threadpool(store.last_event_id)
    waiter = store.notifier.current()  # taken before reading: nothing slips between
    try:
        first = await run_in_threadpool(store.events_after, position, BATCH)
    except EventsGone as exc:
        return JSONResponse({"detail": str(exc)}, status_code=410)

    async def body():
        nonlocal waiter
        pos, rows = position, first
        yield f"retry: 2000\n: resuming after {pos}\n\n"
        while True:
            if rows:
                yield _encode(rows)
                pos = rows[-1].id
            if len(rows) < BATCH:  # caught up: sleep until something commits
                try:
                    await asyncio.wait_for(waiter.wait(), timeout=heartbeat)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": keep-alive\n\n"
            waiter = store.notifier.current()
            try:
                rows = await run_in_threadpool(store.events_after, pos, BATCH)
            except EventsGone as exc:  # pruned under a very slow reader: tell it and stop
                detail = json.dumps({"detail": str(exc)}, ensure_ascii=False)
                yield f"event: reset\ndata: {detail}\n\n"
                return

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
