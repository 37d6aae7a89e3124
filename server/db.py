"""Tables, engine set-up and migrations of the server's database.

The tables here are the code's view; server/migrations holds the Alembic history that
creates them, applied at start-up by `migrate()`. A change to a table needs both.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class UTCDateTime(sa.TypeDecorator):
    """Timezone-aware UTC datetimes on both back-ends (SQLite stores them naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None or value.tzinfo is timezone.utc:  # PostgreSQL sessions run in UTC
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# One row (id=1) holding the last event id. Writers lock it for the whole transaction, so
# event ids are handed out and committed strictly in order: a reader never sees id n+1
# before id n exists, which is what makes resuming gap-free.
event_seq = sa.Table(
    "event_seq", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last", sa.BigInteger, nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("layer", sa.String(32), nullable=False),
    sa.Column("incident_id", sa.String(32), index=True),
    sa.Column("operator", sa.String(128)),
    sa.Column("command_id", sa.String(36)),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("data", sa.Text, nullable=False),  # the JSON sent to clients, encoded once
)

commands = sa.Table(
    "commands", metadata,
    sa.Column("command_id", sa.String(36), primary_key=True),  # the idempotency key
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("payload", JSONType, nullable=False),
    sa.Column("issued_at", UTCDateTime),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("operator", sa.String(128)),
    sa.Column("status", sa.String(16), nullable=False),  # accepted | refused
    sa.Column("result", sa.Text),  # JSON text: replayed byte for byte
    sa.Column("reason", sa.Text),
    sa.Column("event_id", sa.BigInteger),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("title", sa.String(256), nullable=False),
    sa.Column("level", sa.String(8), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("street", sa.String(128)),
    sa.Column("district", sa.String(16)),
    sa.Column("facts", JSONType, nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
)

units = sa.Table(
    "units", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("callsign", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("station", sa.String(64)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("heading", sa.Float),
    sa.Column("district", sa.String(16)),
    sa.Column("incident_id", sa.String(32)),  # the incident it is committed to, if any
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

dispatches = sa.Table(
    "dispatches", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.String(32), nullable=False, index=True),
    sa.Column("incident_id", sa.String(32), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),  # dispatched|en_route|on_scene|released
    sa.Column("dispatched_at", UTCDateTime, nullable=False),
    sa.Column("en_route_at", UTCDateTime),
    sa.Column("on_scene_at", UTCDateTime),
    sa.Column("released_at", UTCDateTime),
    sa.Column("operator", sa.String(128)),
)

tasks = sa.Table(
    "tasks", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("incident_id", sa.String(32), nullable=False, index=True),
    sa.Column("plan_id", sa.String(128)),
    sa.Column("department", sa.String(128)),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("deadline_minutes", sa.Integer),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("owner", sa.String(128)),
    sa.Column("done_by", sa.String(128)),
    sa.Column("done_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

sensors = sa.Table(
    "sensors", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("unit", sa.String(16)),
    sa.Column("district", sa.String(16)),
    sa.Column("updated_at", UTCDateTime),
)

readings = sa.Table(
    "readings", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("sensor_id", sa.String(32), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Index("ix_readings_sensor_at", "sensor_id", "at"),
)

cameras = sa.Table(
    "cameras", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("direction", sa.Integer),
    sa.Column("district", sa.String(16)),
    sa.Column("stream_url", sa.Text),
)

alerts = sa.Table(
    "alerts", metadata,
    sa.Column("id", sa.String(256), primary_key=True),  # CAP identifier
    sa.Column("sender", sa.String(256)),
    sa.Column("sent", sa.String(64)),
    sa.Column("status", sa.String(32)),
    sa.Column("msg_type", sa.String(32)),
    sa.Column("scope", sa.String(32)),
    sa.Column("event", sa.String(256)),
    sa.Column("urgency", sa.String(32)),
    sa.Column("severity", sa.String(32)),
    sa.Column("certainty", sa.String(32)),
    sa.Column("headline", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("area", sa.Text),
    sa.Column("xml", sa.Text, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
)

operators = sa.Table(
    "operators", metadata,
    sa.Column("name", sa.String(64), primary_key=True),  # the sign-in name
    sa.Column("display_name", sa.String(128), nullable=False),  # recorded on events
    sa.Column("role", sa.String(32), nullable=False),  # see server/permissions.py ROLES
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Append-only (triggers refuse UPDATE/DELETE); each row's hash covers the previous one.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("seq", BigId, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),  # ISO text: hashed exactly as stored
    sa.Column("operator", sa.String(128)),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # canonical JSON
    sa.Column("payload_digest", sa.String(64), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # an operator's latest sign-ins, for the lockout every server process shares
    sa.Index("ix_audit_log_action_operator", "action", "operator", "seq"),
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def create_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite set up for WAL and explicit transactions."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                                  pool_size=8, max_overflow=16)
        _setup_sqlite(engine)
        return engine
    engine = sa.create_engine(url, pool_size=8, max_overflow=16, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _utc_session(dbapi_conn, _record):
        # timestamps then arrive already in UTC: no conversion per row in a 100k snapshot
        with dbapi_conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
        dbapi_conn.commit()

    return engine


def _setup_sqlite(engine: Engine) -> None:
    # pysqlite does not BEGIN before SELECTs, so a snapshot would not be one transaction;
    # take transaction control ourselves (SQLAlchemy's documented recipe), and let writers
    # ask for BEGIN IMMEDIATE so two writers never deadlock on a lock upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


HEAD_REVISION = "0003"  # the newest file in migrations/versions (a test keeps them equal)


def _at_head(engine: Engine) -> bool:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return False
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
            == HEAD_REVISION


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe with several processes)."""
    if _at_head(engine):  # the usual restart: skip loading Alembic (~0.5 s)
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(MIGRATIONS_DIR.parent / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # two processes starting together on one database must not both create tables
            conn.exec_driver_sql("SELECT pg_advisory_lock(7301)")
            conn.commit()
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_unlock(7301)")
                conn.commit()
