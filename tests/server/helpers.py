"""Small HTTP helpers for the server tests: commands and an SSE reader over requests."""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests


@dataclass
class Api:
    base: str
    session: requests.Session = field(default_factory=requests.Session)

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
        return self.session.post(f"{self.v1}/commands", json=body, timeout=30)

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
        self.response = requests.get(url, params=params, headers=headers or {}, stream=True,
                                     timeout=(5, 30))
        self.events: list[tuple[int, str, dict]] = []
        self.comments: list[str] = []
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line == "":
                    if "data" in fields:
                        self.events.append((int(fields["id"]), fields["event"],
                                            json.loads(fields["data"])))
                    fields = {}
                elif line.startswith(":"):
                    self.comments.append(line[1:].strip())
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
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
