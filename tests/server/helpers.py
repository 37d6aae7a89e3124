"""Small HTTP helpers for the server tests: commands and an SSE reader over requests."""
from __future__ import annotations

import json
import threading
import time
import hashlib
import uuid
from dataclasses import dataclass, field

import requests

from core.sse import iter_messages


@dataclass
class Api:
    """Requests to one server, signed in: `session` carries the default (commander) token;
    command(operator=X) acts as an operator whose display name is X (made on first use)."""
    base: str
    session: requests.Session = field(default_factory=requests.Session)
    server: object = None  # the EmbeddedServer: its demo credentials sign us in
    _tokens: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.server is None:
            from server.embedded import owned

            self.server = owned(self.base)
        if self.server is not None:
            self.session.headers.update(self.server.auth_headers())

    def login(self, name: str, password: str) -> requests.Response:
        return requests.post(f"{self.v1}/auth/login", json={"name": name, "password": password},
                             timeout=30)

    def token_for(self, display_name: str, role: str = "commander") -> str:
        """A token of an operator shown as `display_name` with `role` (created by the admin)."""
        key = (display_name, role)
        if key not in self._tokens:
            name = "t_" + hashlib.sha1(f"{display_name}/{role}".encode()).hexdigest()[:12]
            password = uuid.uuid4().hex
            r = requests.post(f"{self.v1}/operators", headers=self.server.auth_headers("admin"),
                              json={"name": name, "display_name": display_name, "role": role,
                                    "password": password}, timeout=30)
            assert r.status_code == 201, r.text
            r = self.login(name, password)
            assert r.status_code == 200, r.text
            self._tokens[key] = r.json()["token"]
        return self._tokens[key]

    def headers_for(self, display_name: str | None, role: str = "commander") -> dict:
        if display_name is None or self.server is None:
            return {}
        return {"Authorization": f"Bearer {self.token_for(display_name, role)}"}

    @property
    def v1(self) -> str:
        return f"{self.base}/api/v1"

    def get(self, path: str, **params):
        r = self.session.get(f"{self.v1}{path}", params=params, timeout=30)
        return r

    def command(self, type_: str, payload: dict, command_id: str | None = None,
                operator: str | None = "测试值班员") -> requests.Response:
        body = {"command_id": command_id or str(uuid.uuid4()), "type": type_,
                "payload": payload, "issued_at": "2026-11-22T08:00:00+08:00",
                "operator": operator}
        return self.session.post(f"{self.v1}/commands", json=body, timeout=30,
                                 headers=self.headers_for(operator))

    def ok(self, type_: str, payload: dict, **kw) -> dict:
        r = self.command(type_, payload, **kw)
        assert r.status_code == 200, r.text
        return r.json()

    def new_incident(self, **payload) -> str:
        body = {"type": "fire", "title": "居民楼火情", "lon": 116.46, "lat": 39.92, **payload}
        return self.ok("create_incident", body)["result"]["incident"]["id"]


class SSEReader:
    """Reads an event stream on a thread; `events` fills with (id, type, data) as they come."""

    def __init__(self, url: str, after: int | None = None, headers: dict | None = None):
        params = {} if after is None else {"after": after}
        from server.embedded import owned

        srv = owned(url.split("/api/v1", 1)[0])
        if srv is not None and "Authorization" not in (headers or {}):
            headers = {**(headers or {}), **srv.auth_headers()}
        self.response = requests.get(url, params=params, headers=headers or {}, stream=True,
                                     timeout=(5, 30))
        self.events: list[tuple[int, str, dict]] = []
        self.comments: list[str] = []
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for message in iter_messages(self.response.iter_content(chunk_size=None)):
                if message.comment is not None:
                    self.comments.append(message.comment)
                else:
                    self.events.append((int(message.id), message.event, json.loads(message.data)))
        except (requests.RequestException, AttributeError, ValueError) as exc:
            self.error = exc  # the server went away: what we have is what it sent

    def wait_for(self, count: int, timeout: float = 15.0) -> list[tuple[int, str, dict]]:
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            if not self._thread.is_alive():
                break
            time.sleep(0.02)
        return list(self.events)

    def close(self) -> None:
        self.response.close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
