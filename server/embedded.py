"""Run the server as a real subprocess on 127.0.0.1 (console `--demo`, tests, benchmarks).

    srv = start_embedded("sqlite:////tmp/x.db")
    requests.get(srv.url + "/api/v1/health")
    srv.kill(); srv.restart()      # same database, same port
    srv.stop()

Sign-in: each start hands the child one demo operator per role with fresh random
passwords (through its environment, never argv or a log); `srv.credentials[role]` is
(name, password), `srv.token(role)` signs in. The process that starts an embedded server
owns it: `embedded_credentials(url)` lets its own API clients sign in without a dialog.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from server.cli import DEFAULT_SEED, DEMO_CREDENTIALS_ENV
from server.permissions import ROLES

_started: dict[str, "EmbeddedServer"] = {}  # base URL -> server this process started
_started_lock = threading.Lock()
# Child processes of the owner (a headless sync worker) inherit the default sign-ins
OWNED_ENV = "ECC_EMBEDDED_CREDENTIALS"


def _publish_owned() -> None:
    """Mirror the registry into this process's environment, for its children."""
    owned = {url: srv.credentials[srv.default_role] for url, srv in _started.items()}
    if owned:
        os.environ[OWNED_ENV] = json.dumps(owned)
    else:
        os.environ.pop(OWNED_ENV, None)

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedServer:
    """A server subprocess; `.url` is its base URL (without /api/v1)."""

    def __init__(self, db_url: str, port: int, args: list[str], timeout: float) -> None:
        self.db_url = db_url
        self.drill = "--drill" in args
        # 128 random bits each: never written anywhere but the child's database (hashed).
        # A second server this process starts on the same database re-keys the same accounts:
        # it must use the same passwords, or the first one's clients could not sign in again.
        with _started_lock:
            sibling = next((srv for srv in _started.values() if srv.db_url == db_url), None)
        self.credentials: dict[str, tuple[str, str]] = dict(sibling.credentials) if sibling else {
            role: (f"demo_{role}", secrets.token_urlsafe(16)) for role in ROLES}
        self._tokens: dict[str, str] = {}
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.args = args
        self.timeout = timeout
        self.log_path = Path(tempfile.mkstemp(prefix="ecc-server-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> "EmbeddedServer":
        """Start the process and wait until /api/v1/health answers."""
        if self.running:
            raise RuntimeError(f"server already running (pid {self.pid})")
        cmd = [sys.executable, "-m", "server.cli", "--db", self.db_url, "--host", "127.0.0.1",
               "--port", str(self.port), "--exit-with-parent", *self.args]
        env = dict(os.environ)
        env[DEMO_CREDENTIALS_ENV] = json.dumps(self.credentials)
        env.pop(OWNED_ENV, None)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT),
                                                        env.get("PYTHONPATH")) if p)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(cmd, cwd=_PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        self._wait_healthy()
        with _started_lock:
            _started[self.url] = self
            _publish_owned()
        return self

    @property
    def default_role(self) -> str:
        """The role an owner's client signs in as: trainer on a drill, else commander."""
        return "trainer" if self.drill else "commander"

    def token(self, role: str | None = None) -> str:
        """Sign in as the demo operator of `role` (default: default_role); cached."""
        role = role or self.default_role
        if role not in self._tokens:
            name, password = self.credentials[role]
            r = requests.post(f"{self.url}/api/v1/auth/login",
                              json={"name": name, "password": password}, timeout=30)
            r.raise_for_status()
            self._tokens[role] = r.json()["token"]
        return self._tokens[role]

    def auth_headers(self, role: str | None = None) -> dict[str, str]:
        """{"Authorization": "Bearer ..."} for requests made as `role`."""
        return {"Authorization": f"Bearer {self.token(role)}"}

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.process.returncode} "
                                   f"before answering; its log ({self.log_path}):\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise TimeoutError(f"the server on {self.url} did not answer /api/v1/health within "
                           f"{self.timeout:.0f} s; its log ({self.log_path}):\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to stop (SIGTERM); kill it if it does not within `timeout`."""
        with _started_lock:
            if _started.get(self.url) is self:
                del _started[self.url]
                _publish_owned()
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return  # keep the log of a server that would not stop
        self.log_path.unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL: the crash case, nothing gets to clean up."""
        if self.running:
            self.process.kill()
        if self.process is not None:
            self.process.wait()

    def restart(self) -> "EmbeddedServer":
        """Stop (if running) and start again on the same database and port."""
        self.stop()
        return self.start()

    def __enter__(self) -> "EmbeddedServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def owned(url: str) -> "EmbeddedServer | None":
    """The running server this process started on base URL `url`, if any."""
    with _started_lock:
        return _started.get(url.rstrip("/").removesuffix("/api/v1"))


def owned_servers() -> list["EmbeddedServer"]:
    """The running servers this process started, oldest first."""
    with _started_lock:
        return list(_started.values())


def embedded_credentials(url: str) -> tuple[str, str] | None:
    """(name, password) of the default demo operator of a server THIS process started on
    `url` (a base URL, with or without /api/v1), else None."""
    base = url.rstrip("/").removesuffix("/api/v1")
    with _started_lock:
        srv = _started.get(base)
    if srv is not None:
        return srv.credentials[srv.default_role]
    try:
        pair = json.loads(os.environ.get(OWNED_ENV) or "{}").get(base)
    except ValueError:
        return None
    return tuple(pair) if pair else None


def start_embedded(db_url: str, port: int = 0, simulate: bool = False, seed: int = DEFAULT_SEED,
                   scale: str = "demo", extra_args: list[str] | None = None,
                   timeout: float = 60.0, drill: bool = False) -> EmbeddedServer:
    """Start `python -m server.cli` on 127.0.0.1 (a free port when port=0) and wait until it
    answers; raises TimeoutError or RuntimeError with the server's log if it does not.
    `drill`: serve a drill database (trainer accounts work; refused on live data)."""
    args = ["--seed", str(seed), "--scale", scale]
    if simulate:
        args.append("--simulate")
    if drill:
        args.append("--drill")
    args += extra_args or []
    return EmbeddedServer(db_url, port or free_port(), args, timeout).start()
