"""Signing in from the console: which demo role, and the cached token.

A token from POST /auth/login is cached in `tokens.json` in the data folder (mode 0600,
never in settings or logs) so a console restarted during an outage keeps working as the
same operator until the token expires (the server's TTL, 12 h by default); after that it
asks again. Commands queued offline are sent with the cached token when the link returns.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Collection
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)

DEMO_ROLE_WORDS = {"值班": "duty_officer", "调度": "dispatcher", "观察": "observer",
                   "指挥": "commander"}


def demo_role(operator_setting: str, roles: Collection[str]) -> str:
    """The demo operator the console signs in as: one of the embedded server's `roles`
    (commander, duty_officer, …) named in settings.operator, or a word there (值班员 → duty
    officer); commander when empty."""
    text = (operator_setting or "").strip()
    if text in roles:
        return text
    for word, role in DEMO_ROLE_WORDS.items():
        if word in text:
            return role
    return "commander"


def expired(answer: dict, now: datetime | None = None) -> bool:
    """True once the sign-in `answer`'s expires_at has passed (or it has none)."""
    try:
        until = datetime.fromisoformat(answer["expires_at"])
    except (KeyError, TypeError, ValueError):
        return True
    return (now or datetime.now(timezone.utc)) >= until


class TokenCache:
    """{server URL: sign-in answer} in one JSON file only this user can read."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("token cache %s unreadable (%s); signing in again", self.path,
                        type(exc).__name__)
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, server_url: str) -> dict | None:
        """The cached sign-in for `server_url` if it has not expired."""
        answer = self._read().get(server_url.rstrip("/"))
        if not isinstance(answer, dict) or expired(answer) or not answer.get("token"):
            return None
        return answer

    def save(self, server_url: str, answer: dict) -> None:
        data = self._read()
        data[server_url.rstrip("/")] = {k: answer[k] for k in ("token", "expires_at", "operator")
                                        if k in answer}
        self._write(data)

    def clear(self, server_url: str) -> None:
        data = self._read()
        if data.pop(server_url.rstrip("/"), None) is not None:
            self._write(data)

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.chmod(tmp, 0o600)  # an existing file keeps its old mode through O_CREAT
        os.replace(tmp, self.path)
