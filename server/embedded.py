"""Run the server as a real subprocess on 127.0.0.1 (console `--demo`, tests, benchmarks).

    srv = start_embedded("sqlite:////tmp/x.db")
    requests.get(srv.url + "/api/v1/health")
    srv.kill(); srv.restart()      # same database, same port
    srv.stop()
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from server.cli import DEFAULT_SEED

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
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT),
                                                        env.get("PYTHONPATH")) if p)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(cmd, cwd=_PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        self._wait_healthy()
        return self

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


def start_embedded(db_url: str, port: int = 0, simulate: bool = False, seed: int = DEFAULT_SEED,
                   scale: str = "demo", extra_args: list[str] | None = None,
                   timeout: float = 60.0) -> EmbeddedServer:
    """Start `python -m server.cli` on 127.0.0.1 (a free port when port=0) and wait until it
    answers; raises TimeoutError or RuntimeError with the server's log if it does not."""
    args = ["--seed", str(seed), "--scale", scale]
    if simulate:
        args.append("--simulate")
    args += extra_args or []
    return EmbeddedServer(db_url, port or free_port(), args, timeout).start()
