"""Headless sync: the console's replica, outbox and sync engine without a window.

For drills, soak tests and the kill -9 tests: `python -m core.sync_worker --db replica.sqlite
--server http://127.0.0.1:8000 [--commands cmds.jsonl] [--until-drained]`. It prints one line
per fact on stdout (flushed at once, so a parent process can kill it at any point and know
what it had been told):
  queued <command_id>             committed to the outbox (durable)
  accepted <command_id>           the server acted
  refused <command_id> <reason>   the server said no
  link <state> <queued>           connection state changed
  events <first> <last> <count>   a batch of events reached the replica
  drained                         the outbox is empty and the engine is online
"""
from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys

from core.api import ApiClient
from core.commands import Command
from core.connection import ConnectionState, Link
from core.state import LiveState
from core.store import Store
from core.sync import SyncEngine


def _say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def _read_commands(path: str) -> list[Command]:
    commands = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                commands.append(Command.from_json(json.loads(line)))
            except (ValueError, KeyError) as exc:
                raise SystemExit(f"{path}:{lineno}: not a command ({exc}); expected a JSON object with "
                                 "command_id, type, payload, issued_at")
    return commands


async def _main(args: argparse.Namespace) -> int:
    store = Store(args.db)
    api = ApiClient(args.server, retries=1, connect_timeout=1.0, read_timeout=args.read_timeout,
                    backoff_base=0.05, backoff_cap=0.5)
    live, conn = LiveState(), ConnectionState()
    engine = SyncEngine(store, api, live, conn, heartbeat_timeout=args.heartbeat_timeout,
                        retry_base=args.retry_base, retry_cap=args.retry_cap)
    engine.command_accepted.connect(lambda cid, _res: _say("accepted", cid))
    engine.command_refused.connect(lambda cid, reason: _say("refused", cid, reason))
    engine.events_applied.connect(lambda ids: _say("events", ids[0], ids[-1], len(ids)))
    conn.changed.connect(lambda link, _since, queued: _say("link", link.value, queued))
    for cmd in _read_commands(args.commands) if args.commands else ():
        engine.submit(cmd)  # durable when it returns
        _say("queued", cmd.command_id)
    done = asyncio.Event()

    def check_drained(*_a: object) -> None:
        if conn.link == Link.ONLINE and engine.outbox.count == 0:
            done.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    await engine.start()
    if args.until_drained:
        conn.changed.connect(check_drained)
        engine.queue_changed.connect(check_drained)
        check_drained()
    try:
        await asyncio.wait_for(done.wait(), timeout=args.timeout)
        if args.until_drained:
            _say("drained")
        code = 0
    except TimeoutError:
        _say("timeout")
        code = 3
    await engine.stop()
    api.close()
    store.close()
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.sync_worker", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="replica SQLite file (created if missing)")
    parser.add_argument("--server", required=True, help="backend base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--commands", help="JSON-lines file of commands to submit first")
    parser.add_argument("--until-drained", action="store_true", help="exit once every command is answered")
    parser.add_argument("--timeout", type=float, default=None, help="give up after this many seconds (exit 3)")
    parser.add_argument("--heartbeat-timeout", type=float, default=30.0)
    parser.add_argument("--read-timeout", type=float, default=10.0)
    parser.add_argument("--retry-base", type=float, default=0.2)
    parser.add_argument("--retry-cap", type=float, default=2.0)
    args = parser.parse_args(argv)
    return asyncio.run(_main(args))


if __name__ == "__main__":
    raise SystemExit(main())
