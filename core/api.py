"""The backend API client: blocking calls on a requests.Session, plus the event-stream reader.

Blocking by design so it stays simple and testable; the sync engine calls it through an
executor (asyncio.to_thread / run_in_executor) so the Qt thread never waits on the network.

Errors are typed so callers react to what happened, not to HTTP details:
  Offline         the server cannot be reached (connection refused, timeout, 5xx after retries)
  ServerFault     (a kind of Offline) the server answered 500 to every attempt: a server bug
  Refused         the server understood the command and said no; `reason` is for the user
  Invalid         the request itself is wrong (422 and other 4xx); retrying will not help
  SnapshotNeeded  the events after our last id are no longer kept (410): take a fresh snapshot
  Unauthorized    (a kind of Offline) the server wants credentials (401); commands stay queued
A 403 on a command is a Refused: the operator's role may not do it, and the reason says so.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from core.commands import Command
from core.retry import backoff_delay
from core.sse import Message, iter_messages

log = logging.getLogger(__name__)

# The embedded demo server (server/embedded.py) publishes the sign-ins of the servers a process
# started here, {base URL: [name, password]}, and its child processes inherit them.
OWNED_SERVERS_ENV = "ECC_EMBEDDED_CREDENTIALS"
API_PREFIX = "/api/v1"
RETRY_STATUSES = frozenset({500, 502, 503, 504})


def owned_server_credentials(url: str) -> tuple[str, str] | None:
    """(name, password) of the default operator of an embedded server this process (or its
    parent) started on `url` (a base URL, with or without /api/v1), else None."""
    base = url.rstrip("/").removesuffix(API_PREFIX)
    try:
        pair = json.loads(os.environ.get(OWNED_SERVERS_ENV) or "{}").get(base)
    except (ValueError, AttributeError):
        return None
    return tuple(pair) if isinstance(pair, list) and len(pair) == 2 else None


class ApiError(Exception):
    """Base of every error the API client raises."""


class Offline(ApiError):
    """The server could not be reached or did not answer in time."""


class ServerFault(Offline):
    """The server was reached and answered HTTP 500 to every attempt: its bug, not an outage.
    An Offline still (nothing is lost: the command stays queued), but the outbox sets aside
    a command that keeps causing it (core/outbox.py) so the ones behind it go through."""

    def __init__(self, message: str, status: int = 500):
        super().__init__(message)
        self.status = status


class Refused(ApiError):
    """The server refused a command; `reason` is a sentence meant for the operator."""

    def __init__(self, reason: str, command_id: str | None = None, answer: dict | None = None):
        super().__init__(reason)
        self.reason = reason
        self.command_id = command_id
        self.answer = answer or {}


class Invalid(ApiError):
    """The server rejected the request as malformed (a bug or a version mismatch, not an outage)."""

    def __init__(self, detail: str, status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status


class BatchUnsupported(Invalid):
    """The server has no POST /commands/batch (an older server): send one by one."""


class Unauthorized(Offline):
    """The server wants (new) credentials (HTTP 401): nothing is wrong with the request itself,
    so commands stay queued until the operator signs in again."""


class SnapshotNeeded(ApiError):
    """The server no longer keeps the events after our last id (HTTP 410)."""


def _json_or_empty(resp: requests.Response) -> dict:
    if not resp.headers.get("content-type", "").startswith("application/json"):
        return {}
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail(resp: requests.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:500] or resp.reason
    if isinstance(body, dict):
        for key in ("reason", "detail", "message"):
            if key in body:
                value = body[key]
                return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return json.dumps(body, ensure_ascii=False)[:500]


class ApiClient:
    """Client of the backend's /api/v1, safe to call from one worker thread at a time per call.

    `verify` is True (system CAs), a path to a CA bundle (a centre's own CA), or False — which
    is allowed only for a lab and is logged as a warning every time a client is made.
    """

    def __init__(self, base_url: str, *, verify: bool | str = True, connect_timeout: float = 3.0,
                 read_timeout: float = 10.0, retries: int = 3, backoff_base: float = 0.2,
                 backoff_cap: float = 5.0, token: str | None = None,
                 credentials: "tuple[str, str] | Callable[[], tuple[str, str] | None] | None"
                 = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"server URL {base_url!r}: expected http://host:port or https://host:port")
        if isinstance(verify, str) and not Path(verify).is_file():
            raise ValueError(f"TLS CA bundle {verify!r} does not exist; give the path of a PEM file "
                             "or leave verification at its default")
        if verify is False:
            log.warning("TLS certificate verification is DISABLED for %s; use only in a lab", base_url)
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.session = requests.Session()
        self.session.verify = verify
        self.session.headers["Accept"] = "application/json"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        elif credentials is None:
            # an embedded server this process (or its parent) started: sign in as its owner,
            # looked up at sign-in time (the server may start, or restart, after this client)
            credentials = lambda: owned_server_credentials(self.base_url)  # noqa: E731
        self._credentials = credentials
        self.signed_in: dict | None = None  # the last sign-in answer: token, expires_at, operator
        # called (from the network thread) with (command, answer) for each answer carrying the
        # server's audit receipt; the console's chain keeps them (console/audit.py)
        self.on_receipt: Callable[[Command, dict], None] | None = None

    def login(self, name: str, password: str) -> dict:
        """POST /auth/login; use the token from now on. Returns {"token", "expires_at",
        "operator": {"name","display_name","role","role_name","drill"}}; raises
        Unauthorized (wrong name/password, with the server's reason) or Offline."""
        resp = self._request("POST", "/auth/login", json={"name": name, "password": password},
                             _auth=False)
        answer = self._json(resp)
        self.set_token(answer["token"])
        self.signed_in = answer
        return answer

    def has_credentials(self) -> bool:
        """True if this client can sign in by itself (given or embedded credentials)."""
        found = self._credentials() if callable(self._credentials) else self._credentials
        return bool(found)

    def use_credentials(self, credentials: "tuple[str, str] | None") -> None:
        """Sign in as someone else from now on (切换用户 on the demo): the old token is dropped,
        the next call signs in with these."""
        self._credentials = credentials
        self.set_token(None)

    def login_with_credentials(self) -> dict:
        """Sign in now with the stored credentials (see has_credentials)."""
        found = self._credentials() if callable(self._credentials) else self._credentials
        if not found:
            raise Unauthorized("no credentials to sign in with")
        return self.login(*found)

    def me(self) -> dict:
        """GET /auth/me: who the current token belongs to."""
        return self._json(self._request("GET", "/auth/me"))

    def _ensure_signed_in(self) -> None:
        if self._credentials is None or "Authorization" in self.session.headers:
            return
        found = self._credentials() if callable(self._credentials) else self._credentials
        if found:
            self.login(*found)

    def close(self) -> None:
        self.session.close()

    def set_token(self, token: str | None) -> None:
        """Use a new bearer token (after the operator signs in) for the following requests."""
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            self.session.headers.pop("Authorization", None)

    @property
    def bearer_token(self) -> str | None:
        """The token requests carry now (None before sign-in). Video tiles trade it (in the
        header) for a camera's short media token, the only token a URL may carry."""
        value = self.session.headers.get("Authorization", "")
        return value.removeprefix("Bearer ") or None

    def _url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path}"

    def _request(self, method: str, path: str, _auth: bool = True,
                 **kwargs: Any) -> requests.Response:
        """Send with retries on connection errors, timeouts and 5xx; return any other answer.
        With stored credentials, sign in first and once more when a token has expired."""
        if _auth and self._credentials is not None:
            self._ensure_signed_in()
            resp = self._send(method, path, **kwargs)
            if resp.status_code != 401:
                return resp
            resp.close()
            self.set_token(None)
            self._ensure_signed_in()
        return self._send(method, path, **kwargs)

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = self._url(path)
        last: str = ""
        faults = 0   # attempts the server answered with 500
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(backoff_delay(attempt - 1, self.backoff_base, self.backoff_cap))
            try:
                kwargs.setdefault("timeout", self.timeout)
                resp = self.session.request(method, url, **kwargs)
            except requests.exceptions.SSLError as exc:
                # A certificate problem will not heal by retrying; say so plainly.
                raise Offline(f"{url}: TLS certificate not trusted ({exc}); check the CA bundle") from exc
            except (requests.ConnectionError, requests.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                # ChunkedEncodingError: the server died while sending its answer; retrying is
                # safe because commands carry their idempotency key.
                last = f"{type(exc).__name__}: {exc}"
                log.debug("%s %s failed (attempt %d): %s", method, url, attempt + 1, last)
                continue
            if resp.status_code in RETRY_STATUSES:
                last = f"HTTP {resp.status_code}: {_detail(resp)}"
                faults += resp.status_code == 500
                resp.close()
                continue
            return resp
        message = f"{method} {url}: no answer after {self.retries + 1} attempts ({last})"
        if faults == self.retries + 1:   # reached every time, and every time it failed inside
            raise ServerFault(message)
        raise Offline(message)

    def _json(self, resp: requests.Response) -> Any:
        if resp.status_code == 401:
            raise Unauthorized(f"{resp.url}: HTTP 401: {_detail(resp)}; sign in again")
        if resp.status_code == 410:
            raise SnapshotNeeded(_detail(resp))
        if resp.status_code >= 400:
            raise Invalid(f"{resp.request.method} {resp.url}: HTTP {resp.status_code}: {_detail(resp)}",
                          resp.status_code)
        try:
            return resp.json()
        except ValueError as exc:
            raise Invalid(f"{resp.url}: answer is not JSON: {resp.text[:200]!r}", resp.status_code) from exc

    def health(self) -> dict:
        """GET /health: {"status","server_time","instance","last_event_id"}."""
        return self._json(self._request("GET", "/health"))

    def snapshot(self, read_timeout: float = 120.0) -> dict:
        """GET /snapshot: {"last_event_id", "<layer>": [records], ...}.

        A full-scale world is tens of MB that a busy server needs seconds to build, hence
        a read timeout of its own (a timed-out snapshot would only be asked for again).
        """
        return self._json(self._request("GET", "/snapshot",
                                        timeout=(self.timeout[0], max(read_timeout, self.timeout[1]))))

    def incident(self, incident_id: str) -> dict:
        """GET /incidents/{id}: the incident with its timeline, tasks and dispatches."""
        return self._json(self._request("GET", f"/incidents/{quote(incident_id, safe='')}"))

    def sensor_readings(self, sensor_id: str, since: str, until: str, limit: int = 100_000) -> list:
        """GET /sensors/{id}/readings between two ISO 8601 times, oldest first."""
        return self._json(self._request("GET", f"/sensors/{quote(sensor_id, safe='')}/readings",
                                        params={"since": since, "until": until, "limit": limit}))

    def events_batch(self, after: int, limit: int = 1000) -> list[dict]:
        """GET /events/batch: up to `limit` events with id > after, oldest first."""
        return self._json(self._request("GET", "/events/batch", params={"after": after, "limit": limit}))

    def send_command(self, command: Command) -> dict:
        """POST /commands; returns the accepted answer or raises Refused / Invalid / Offline.

        Retrying is safe: the server treats command_id as an idempotency key.
        """
        resp = self._request("POST", "/commands", json=command.to_json())
        if resp.status_code in (403, 409):
            self._receipt(command, _json_or_empty(resp))
        if resp.status_code == 403:
            raise Refused(_detail(resp), command.command_id, {"status": "forbidden"})
        if resp.status_code == 409:
            body = _json_or_empty(resp)
            raise Refused(body.get("reason") or _detail(resp), command.command_id, body)
        if resp.status_code == 422:
            raise Invalid(f"command {command.type} {command.command_id}: {_detail(resp)}", 422)
        answer = self._json(resp)
        self._receipt(command, answer)
        if answer.get("status") == "refused":
            raise Refused(answer.get("reason") or "服务器拒绝了该命令", command.command_id, answer)
        return answer

    def send_commands(self, commands: list[Command]) -> list[dict]:
        """POST /commands/batch: run up to 1,000 commands in order, in one server transaction.

        Returns one answer per command, in order, each with "http_status" 200 (accepted),
        409 (refused, with "reason") or 422 (malformed, with "detail"). Retrying the batch is
        safe (idempotent per command_id). Raises BatchUnsupported on a server without it.
        """
        if not commands:
            return []
        # One transaction for the lot: allow it time in proportion to its size.
        timeout = (self.timeout[0], self.timeout[1] + 0.05 * len(commands))
        resp = self._request("POST", "/commands/batch", json=[c.to_json() for c in commands],
                             timeout=timeout)
        if resp.status_code in (404, 405):
            resp.close()
            raise BatchUnsupported(f"{resp.url}: HTTP {resp.status_code}: no batch endpoint", resp.status_code)
        answers = self._json(resp).get("answers")
        if not isinstance(answers, list) or len(answers) != len(commands):
            raise Invalid(f"{resp.url}: {len(commands)} commands sent, answers "
                          f"{'missing' if not isinstance(answers, list) else len(answers)}")
        for cmd, answer in zip(commands, answers):
            if answer.get("command_id") not in (None, cmd.command_id):
                raise Invalid(f"{resp.url}: answers out of order at {cmd.command_id}")
        for cmd, answer in zip(commands, answers):
            self._receipt(cmd, answer)
        return answers

    def _receipt(self, command: Command, answer) -> None:
        if self.on_receipt is not None and isinstance(answer, dict) \
                and isinstance(answer.get("audit"), dict):
            self.on_receipt(command, answer)

    def stream_events(self, after: int, heartbeat_timeout: float = 30.0) -> EventStream:
        """Open GET /events?after=ID as a Server-Sent Events stream.

        `heartbeat_timeout` is the longest silence tolerated (the server sends a comment line
        as a heartbeat); past it the connection is considered dead and iteration raises Offline.
        """
        url = self._url("/events")
        self._ensure_signed_in()
        # A session of its own: the stream holds its connection for hours while commands and
        # snapshots use the main session from other threads.
        session = requests.Session()
        session.verify = self.session.verify
        session.headers.update(self.session.headers)
        session.headers.update({"Accept": "text/event-stream", "Cache-Control": "no-cache"})
        try:
            resp = session.get(url, params={"after": after}, stream=True,
                               timeout=(self.timeout[0], heartbeat_timeout))
        except requests.exceptions.SSLError as exc:
            session.close()
            raise Offline(f"{url}: TLS certificate not trusted ({exc}); check the CA bundle") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            session.close()
            raise Offline(f"GET {url}: {type(exc).__name__}: {exc}") from exc
        resp._ecc_session = session  # type: ignore[attr-defined]
        error: ApiError | None = None
        if resp.status_code == 401:
            error = Unauthorized(f"GET {url}: HTTP 401: {_detail(resp)}; sign in again")
        elif resp.status_code == 410:
            error = SnapshotNeeded(_detail(resp))
        elif resp.status_code in RETRY_STATUSES:
            error = Offline(f"GET {url}: HTTP {resp.status_code}")
        elif resp.status_code != 200:
            error = Invalid(f"GET {url}: HTTP {resp.status_code}: {_detail(resp)}", resp.status_code)
        elif not resp.headers.get("content-type", "").startswith("text/event-stream"):
            error = Invalid(f"GET {url}: content-type {resp.headers.get('content-type')!r}; "
                            "expected text/event-stream")
        if error is not None:
            resp.close()
            session.close()
            raise error
        return EventStream(resp, after)


class EventStream:
    """Iterate the parsed events of one SSE response; `close()` may be called from any thread.

    Each item is the event's data dict ({"id","type","layer","upsert","remove","at"}); the
    `id:` field fills "id" when the data lacks it. `last_id` is the id of the last event yielded.
    """

    def __init__(self, response: requests.Response, after: int) -> None:
        self._resp = response
        self.last_id = after
        self.closed = False

    def close(self) -> None:
        """Stop the stream; a thread blocked reading it wakes up and the iteration ends."""
        self.closed = True
        try:
            # Shut the socket down first: closing alone does not wake a recv() blocked in
            # another thread on Linux.
            self._resp.raw.shutdown()
        except Exception:  # already released or closed: nothing is blocked on it
            pass
        self._resp.close()
        self._close_session()

    def _close_session(self) -> None:
        session = getattr(self._resp, "_ecc_session", None)
        if session is not None:
            session.close()

    def __iter__(self) -> Iterator[dict]:
        try:
            for message in iter_messages(self._resp.iter_content(chunk_size=None)):
                if message.data is not None:  # comments are heartbeats: the read timeout's business
                    yield self._dispatch(message)
        except (requests.ConnectionError, requests.Timeout, OSError,
                requests.exceptions.ChunkedEncodingError) as exc:
            if self.closed:
                return
            raise Offline(f"event stream lost after id {self.last_id}: {type(exc).__name__}: {exc}") from exc
        except Exception:
            if self.closed:  # reading a shut-down socket may fail in other ways; we asked for it
                return
            raise
        finally:
            self._resp.close()
            self._close_session()

    def _dispatch(self, message: Message) -> dict:
        text = message.data
        if message.event == "reset":
            # The server pruned events this stream had yet to send: our position is gone.
            raise SnapshotNeeded(f"the server reset the stream after id {self.last_id}: {text[:300]}")
        try:
            event = json.loads(text)
        except ValueError as exc:
            raise Invalid(f"event after id {self.last_id}: data is not JSON ({exc}): {text[:200]!r}") from exc
        if not isinstance(event, dict):
            raise Invalid(f"event after id {self.last_id}: data is {type(event).__name__}; expected an object")
        if "id" not in event:
            if message.id is None:
                raise Invalid(f"event after id {self.last_id}: no id")
            event["id"] = int(message.id)
        if message.event and "type" not in event:
            event["type"] = message.event
        self.last_id = int(event["id"])
        return event
