"""Kill -9 the console side at random moments: every queued command still arrives exactly once.

The console side is a real process (core.sync_worker: the replica, outbox and sync engine
without a window); the server is a real process too, down at first and brought up later.
"""
from __future__ import annotations

import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from core import commands as C
from core.store import Store
from server.embedded import free_port
from tests.core.helpers_sync import fast_api, servers

__all__ = ["servers"]  # the fixture

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A core.sync_worker process whose stdout lines are read as they come."""

    def __init__(self, db: Path, url: str, commands: Path, *extra: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "core.sync_worker", "--db", str(db), "--server", url,
             "--commands", str(commands), "--timeout", "90", "--retry-base", "0.1",
             "--retry-cap", "0.3", *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.SimpleQueue = queue.SimpleQueue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, prefix: str, count: int, timeout: float = 60) -> None:
        """Read until `count` lines starting with prefix have been seen."""
        deadline = time.monotonic() + timeout
        while sum(1 for s in self.seen if s.startswith(prefix)) < count:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = "<timeout>"
            if line is None or line == "<timeout>":
                self.proc.kill()
                raise AssertionError(f"worker ended/stalled before {count} x {prefix!r}; saw {self.seen[-5:]}, "
                                     f"stderr: {self.proc.stderr.read()[-2000:] if line is None else ''}")
            self.seen.append(line)

    def kill9(self) -> None:
        self.proc.kill()  # SIGKILL: no cleanup, no flush, nothing
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def test_200_commands_survive_kill_9_and_arrive_exactly_once(tmp_path, servers):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db = tmp_path / "replica.sqlite"
    cmds = [C.add_note("INC-0001", f"kill9-{i:03d}") for i in range(200)]
    cmd_file = tmp_path / "commands.jsonl"
    cmd_file.write_text("".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in cmds))

    # 1. Killed while queuing, offline: everything it said was queued is on disk.
    k = rng.randint(1, 199)
    w = Worker(db, url, cmd_file)
    w.wait_for("queued", k)
    w.kill9()
    store = Store(db)
    on_disk = [r.command.command_id for r in store.outbox()]
    store.close()
    said = [line.split()[1] for line in w.seen if line.startswith("queued")]
    assert on_disk[:len(said)] == said, f"seed {seed}"

    # 2. Restarted, still offline: all 200 queued; killed again at a random moment.
    w = Worker(db, url, cmd_file)
    w.wait_for("queued", 200)
    w.wait_for("link offline", 1)
    time.sleep(rng.uniform(0, 0.5))
    w.kill9()

    # 3. The server comes up; the worker starts replaying and is killed at a random moment:
    #    before, during or after the (batched) replay reaches the server and its answer comes.
    srv = servers(port=port)
    w = Worker(db, url, cmd_file, "--until-drained")
    w.wait_for("queued", 200)  # the engine starts right after these; on this machine the
    time.sleep(rng.uniform(0.1, 1.5))  # batch reaches the server ~0.3-0.8 s later
    w.kill9()

    # 4. Restarted once more: it finishes the job.
    w = Worker(db, url, cmd_file, "--until-drained")
    w.wait_for("drained", 1, timeout=90)
    assert w.proc.wait(30) == 0
    w.proc.stdout.close()
    w.proc.stderr.close()

    api = fast_api(srv.url)
    notes = [e["detail"]["text"] for e in api.events_batch(0, 10000) if e["type"] == "incident.note"]
    api.close()
    assert notes == [f"kill9-{i:03d}" for i in range(200)], f"seed {seed}"  # each once, in order
    store = Store(db)
    assert [r.state for r in store.outbox()] == ["done"] * 200
    store.close()
