"""Simulated camera streams (server/video.py): MJPEG, live HLS, an MP4 clip, where the RTSP
stream is, and the simulator switch for drills and tests.

Media players cannot send headers, so a camera's streams (the `streams` router) also take a
media token for that camera as ?access_token=: GET /cameras/{id}/media-token, with the
operator's token in the Authorization header, makes one valid for a few minutes
(server/auth.py MEDIA_TTL). No other route takes a token from the URL (access.py)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Annotated

import sqlalchemy as sa
from fastapi import Body, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from server import db
from server.auth import AuthError
from server.responses import CameraSimulation, MediaToken, RtspLocation
from server.fields import Param
from server.routes.access import Operator, protected_router, stream_viewer
from server.routes.common import UNAVAILABLE, AuthenticatorDep, StoreDep, error
from server.video import BOUNDARY, STATES, CameraFeeds

router = protected_router(tags=["video"])                          # the token, in the header
streams = protected_router(access=stream_viewer, tags=["video"], responses={  # or a media token
    403: error("a media token of another camera, or a role the rules refuse (the reason, "
               "in Chinese)")})
NO_CAMERA = error("no such camera")


def media(media_type: str, description: str) -> dict:
    """A 200 answer of bytes of `media_type` (not JSON)."""
    return {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            "description": description}


async def get_feeds(request: Request) -> CameraFeeds:
    return request.app.state.camera_feeds


FeedsDep = Annotated[CameraFeeds, Depends(get_feeds)]


def _exists(store, camera_id: str) -> bool:
    with store.reading() as conn:
        return conn.scalar(sa.select(db.cameras.c.id).where(db.cameras.c.id == camera_id)) is not None


async def _missing(store, camera_id: str) -> JSONResponse | None:
    """404 for a camera the picture does not have (checked off the event loop)."""
    if await asyncio.to_thread(_exists, store, camera_id):
        return None
    return JSONResponse({"detail": f"no camera {camera_id}"}, status_code=404)


def _unavailable(feeds: CameraFeeds, camera_id: str) -> JSONResponse | None:
    if feeds.state(camera_id) == "dark":
        return JSONResponse({"detail": f"摄像头 {camera_id} 无信号"}, status_code=503,
                            headers={"Retry-After": "5"})
    return None


@router.get("/cameras/{camera_id}/media-token", response_model=MediaToken, responses={
    200: {"headers": {"Cache-Control": {"schema": {"type": "string", "enum": ["no-store"]},
                                        "required": True}}},
    404: NO_CAMERA})
async def camera_media_token(camera_id: Param, who: Operator, store: StoreDep,
                             authn: AuthenticatorDep):
    """A media token for this camera's video routes (mjpeg, hls, clip.mp4, rtsp), to put in
    their URL as ?access_token=: players cannot send headers. Valid for a few minutes (a
    stream opened in that time plays on); another camera's routes refuse it (403)."""
    missing = await _missing(store, camera_id)
    if missing:
        return missing
    token, exp = authn.media_token(who, camera_id)
    return JSONResponse({"camera_id": camera_id, "token": token, "ttl_s": int(authn.media_ttl),
                         "expires_at": datetime.fromtimestamp(exp, timezone.utc).isoformat()},
                        headers={"Cache-Control": "no-store"})


@streams.get("/cameras/{camera_id}/mjpeg", response_class=StreamingResponse, responses={
    200: media(f"multipart/x-mixed-replace; boundary={BOUNDARY}",
               "JPEG frames, one per part, about 12 per second, until the client leaves"),
    404: NO_CAMERA, 503: UNAVAILABLE})
async def camera_mjpeg(camera_id: Param, request: Request, store: StoreDep, feeds: FeedsDep):
    """The live picture of one camera (simulated) as MJPEG over HTTP."""
    return await _missing(store, camera_id) or _unavailable(feeds, camera_id) or StreamingResponse(
        feeds.stream(camera_id, request.is_disconnected),
        media_type=f"multipart/x-mixed-replace; boundary={BOUNDARY}",
        headers={"Cache-Control": "no-store"})


@streams.get("/cameras/{camera_id}/hls/index.m3u8", response_class=Response, responses={
    200: {"content": {"application/vnd.apple.mpegurl": {"schema": {"type": "string"}}},
          "description": "live HLS playlist: the last 3 two-second MPEG-TS segments"},
    404: NO_CAMERA, 503: UNAVAILABLE})
async def camera_hls_playlist(camera_id: Param, request: Request, store: StoreDep, feeds: FeedsDep):
    """The live picture of one camera (simulated) as HLS; segment URIs carry the playlist's
    ?access_token= (a media token of this camera)."""
    return await _missing(store, camera_id) or _unavailable(feeds, camera_id) or Response(
        feeds.playlist(camera_id, request.query_params.get("access_token")),
        media_type="application/vnd.apple.mpegurl", headers={"Cache-Control": "no-store"})


@streams.get("/cameras/{camera_id}/hls/seg{segment}.ts", response_class=Response, responses={
    200: media("video/mp2t", "one H.264 MPEG-TS segment"),
    404: error("no such camera, or a segment outside the live window"), 503: UNAVAILABLE})
async def camera_hls_segment(camera_id: Param, segment: int, store: StoreDep, feeds: FeedsDep):
    """One two-second HLS segment of a camera's picture (as listed by its playlist)."""
    if not feeds.segment_known(segment):
        return JSONResponse({"detail": f"segment {segment} is outside the live window "
                             f"(now {feeds.live_sequence()}); reload the playlist"}, status_code=404)
    return await _missing(store, camera_id) or _unavailable(feeds, camera_id) or Response(
        await asyncio.to_thread(feeds.segment, camera_id, segment), media_type="video/mp2t",
        headers={"Cache-Control": "max-age=60"})


@streams.get("/cameras/{camera_id}/clip.mp4", response_class=Response, responses={
    200: media("video/mp4", "4 s of the picture, fragmented MP4"),
    404: NO_CAMERA, 503: UNAVAILABLE})
async def camera_clip(camera_id: Param, store: StoreDep, feeds: FeedsDep):
    """A short recording of one camera (simulated) as an MP4 file over HTTP."""
    return await _missing(store, camera_id) or _unavailable(feeds, camera_id) or Response(
        await asyncio.to_thread(feeds.clip, camera_id), media_type="video/mp4",
        headers={"Cache-Control": "no-store"})


def _rtsp_server(request: Request):
    """The app's RTSP listener, made on first use; each DESCRIBE must carry a media token of
    the camera it asks for."""
    state = request.app.state
    if state.rtsp is None:
        from server.video_rtsp import RtspServer

        store, authenticator = state.store, state.authenticator

        def authorize(token: str, camera_id: str) -> bool:
            try:
                return authenticator.authenticate_media(token, camera_id) is not None
            except AuthError:
                return False

        state.rtsp = RtspServer(state.camera_feeds, lambda cid: _exists(store, cid), authorize)
    return state.rtsp


@streams.get("/cameras/{camera_id}/rtsp", response_model=RtspLocation,
             responses={404: NO_CAMERA})
async def camera_rtsp(camera_id: Param, request: Request, store: StoreDep):
    """Where the camera's (simulated) RTSP stream is: H.264 over RTP, TCP interleaved.
    Add ?access_token= (a media token of this camera) to the URL, as for the HTTP streams."""
    missing = await _missing(store, camera_id)
    if missing:
        return missing
    port = await _rtsp_server(request).ensure_started()
    return {"camera_id": camera_id, "url": f"rtsp://127.0.0.1:{port}/cameras/{camera_id}"}


@router.post("/cameras/{camera_id}/simulate", response_model=CameraSimulation, responses={
    404: NO_CAMERA,
    422: {"description": "a malformed body, or a state other than live, frozen and dark "
                        "(then the reason alone)",
          "content": {"application/json": {"schema": {"anyOf": [
              {"$ref": "#/components/schemas/HTTPValidationError"},
              {"$ref": "#/components/schemas/Detail"}]}}}}})
async def camera_simulate(camera_id: Param, store: StoreDep, feeds: FeedsDep,
                          state: str = Body(..., embed=True,
                                            json_schema_extra={"enum": list(STATES)})):
    """Simulator control for drills and tests: state live, frozen or dark."""
    missing = await _missing(store, camera_id)
    if missing:
        return missing
    try:
        feeds.set_state(camera_id, state)
    except ValueError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    return {"camera_id": camera_id, "state": feeds.state(camera_id)}
