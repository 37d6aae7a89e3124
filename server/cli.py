"""`emergency-console server ...` (or `python -m server.cli ...`): run the reference backend."""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

DEFAULT_SEED = 20261121
DEFAULT_PORT = 8765


def parse_duration(text: str) -> timedelta:
    """'7d', '12h', '30m', '45s' or plain seconds -> timedelta."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dhms]?)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(
            f"bad duration {text!r}; expected a number with d, h, m or s, e.g. 7d or 90s")
    n, suffix = float(m.group(1)), m.group(2) or "s"
    return timedelta(seconds=n * {"d": 86400, "h": 3600, "m": 60, "s": 1}[suffix])


def default_db_url() -> str:
    from platformdirs import user_data_path

    path = user_data_path("emergency-console") / "server.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="emergency-console server",
                                description="Run the reference backend (HTTP API under /api/v1).")
    p.add_argument("--db", metavar="URL",
                   help="database URL: sqlite:///path/to.db (default: in the user data folder) "
                        "or postgresql+psycopg://user:pass@host/db")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--simulate", action="store_true",
                   help="make the demo alive: sensor readings, moving units, phone reports")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help="seed of the demo world and the simulator")
    p.add_argument("--scale", choices=["demo", "full"], default="demo",
                   help="size of the world seeded into an empty database (full: 100,000 sensors)")
    p.add_argument("--retention", type=parse_duration, default=timedelta(days=7),
                   help="how long events are kept for clients to resume (default 7d)")
    p.add_argument("--heartbeat", type=float, default=1.0,
                   help="seconds between keep-alive comments on idle event streams (consoles take "
                        "2.5 s of silence for an outage: keep this well under it)")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="stop when the process that started this one goes away")
    p.add_argument("--write-openapi", metavar="PATH",
                   help="write the OpenAPI document to PATH and exit")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument("--drill", action="store_true",
                   help="serve a drill (演练) database: trainer accounts work only here; "
                        "refused on a database that holds live data")
    p.add_argument("--token-ttl", type=parse_duration, default=timedelta(hours=12),
                   help="how long a sign-in token stays valid (default 12h)")
    p.add_argument("--media-token-ttl", type=parse_duration, default=timedelta(minutes=5),
                   help="how long a camera's media token (?access_token= on its video routes) "
                        "may open a stream (default 5m)")
    p.add_argument("--max-body-mb", type=float, default=16.0,
                   help="largest request body accepted, in MB (default 16); larger: HTTP 413")
    return p


DEMO_CREDENTIALS_ENV = "ECC_DEMO_CREDENTIALS"  # set only by server.embedded, for its child


def database_mode(store, drill: bool) -> str:
    """'drill' or 'live', fixed when the database is first served; ValueError on a mismatch
    that would let drill accounts touch live data."""
    import sqlalchemy as sa

    from server import db

    with store.writing_connection() as conn:
        mode = conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "mode"))
        if mode is None:
            has_data = conn.scalar(sa.select(db.event_seq.c.last)) or 0
            if drill and has_data:
                raise ValueError("this database already holds data and is not a drill database; "
                                 "give a new database for a drill")
            mode = "drill" if drill else "live"
            conn.execute(sa.insert(db.meta).values(key="mode", value=mode))
        elif mode == "live" and drill:
            raise ValueError("this is a live (实战) database: --drill refused; use a database "
                             "of its own for drills")
    return mode


def _watch_parent() -> None:
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        os._exit(0)

    threading.Thread(target=watch, name="ecc-parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "operators":
        from server.auth import operators_main

        return operators_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.write_openapi:
        from server.app import openapi_document

        Path(args.write_openapi).write_text(
            json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return 0
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from server.auth import install_log_redaction

    install_log_redaction()
    demo_credentials = os.environ.pop(DEMO_CREDENTIALS_ENV, None)
    if args.exit_with_parent:
        _watch_parent()
    import uvicorn

    from server.app import create_app
    from server.seed import seed_if_empty
    from server.simulator import Simulator
    from server.store import Store

    url = args.db or default_db_url()
    try:
        store = Store(url, retention=args.retention)
    except Exception as exc:  # the operator must see which database failed and why
        from sqlalchemy.engine import make_url

        try:
            shown = make_url(url).render_as_string(hide_password=True)
        except Exception:
            shown = "(unparsable URL)"
        print(f"server: cannot open database {shown}: {exc}\n"
              "  check the --db URL (sqlite:///path/to.db, the folder must exist; or "
              "postgresql+psycopg://user:password@host:5432/dbname, the server must be up)",
              file=sys.stderr)
        return 2
    from server.auth import Authenticator, ensure_demo_operators

    try:
        mode = database_mode(store, args.drill)
    except ValueError as exc:
        print(f"server: {exc}", file=sys.stderr)
        return 2
    if demo_credentials:
        ensure_demo_operators(store, {role: tuple(pair) for role, pair
                                      in json.loads(demo_credentials).items()})
    seed_if_empty(store, args.seed, args.scale)
    simulator = Simulator(store, args.seed) if args.simulate else None
    authenticator = Authenticator(store, ttl=args.token_ttl.total_seconds(),
                                  drill=mode == "drill",
                                  media_ttl=args.media_token_ttl.total_seconds())
    app = create_app(store, simulator=simulator, heartbeat=args.heartbeat,
                     authenticator=authenticator, max_body=int(args.max_body_mb * 1024 * 1024))
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            access_log=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    logging.getLogger("server").info("serving on http://%s:%d (database %s)", args.host,
                                     args.port, store.engine.url.render_as_string())
    server.run()
    store.engine.dispose()
    return 0 if server.started else 1


if __name__ == "__main__":
    raise SystemExit(main())
